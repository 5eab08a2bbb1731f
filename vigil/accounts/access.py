"""The guards every view uses: signed in, and allowed by role.

Views never test roles themselves: they declare the permission they need with
``@require(Perm.X)`` and, for a record, load it through that app's ``access_*`` helper.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from vigil.accounts.roles import Perm

View = TypeVar("View", bound=Callable[..., HttpResponseBase])


def require(*perms: Perm) -> Callable[[View], View]:
    """Signed-in users holding every one of ``perms``; others get 403, visitors sign in."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not all(request.user.has_perm(p.value) for p in perms):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def signed_in(view: View) -> View:
    """Any signed-in user (the page itself shows only what their role allows)."""
    return login_required(view)
