"""Keeping what a person typed when their session ends under them.

When a form is posted after the idle timeout, or with a stale CSRF token, the post cannot
be processed. Rather than lose it, the fields (never passwords or tokens) are kept in the
session and shown back to the *same* user once they have signed in again, so they can
copy them into the form. They are never shown to anyone not signed in as that user.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

SESSION_KEY = "vigil_recovered_post"
_SECRET_FIELDS = {"csrfmiddlewaretoken", "password", "password1", "password2", "token", "otp"}


def posted_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """The posted fields worth giving back: never passwords or tokens, never blanks."""
    kept = []
    for name, values in request.POST.lists():
        if name in _SECRET_FIELDS or "password" in name or "token" in name:
            continue
        for value in values:
            if value.strip():
                kept.append((name, value[:5000]))
    return kept[:100]


def keep_post(request: HttpRequest, *, user_id: int | None) -> None:
    """Store the request's posted fields for ``user_id`` to recover after signing in."""
    fields = posted_fields(request)
    if fields and user_id is not None:
        request.session[SESSION_KEY] = {
            "user_id": user_id,
            "path": request.path,
            "fields": fields,
        }


def take(request: HttpRequest) -> dict[str, Any] | None:
    """The recovered post for the signed-in user, once; None if there is none for them."""
    kept = request.session.get(SESSION_KEY)
    if not kept:
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or kept.get("user_id") != user.pk:
        return None
    # Not before the second factor: the password alone must not reveal what was typed.
    if not settings.DEMO_MODE and not user.is_verified():
        return None
    del request.session[SESSION_KEY]
    return dict(kept)
