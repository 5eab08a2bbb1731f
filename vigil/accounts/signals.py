"""Sign-in, sign-out and lockout write audit events."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from vigil.audit.services import audit_log


def _named_user(username: str) -> Any:
    from vigil.accounts.models import User

    return User.objects.filter(username__iexact=username).select_related("unit").first()


@receiver(user_logged_in)
def _signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_log(
        actor=user, action="auth.sign_in.succeeded", subject_type="user", subject_ref=user.username
    )


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    # The name typed is kept (it may be a real user's, mistyped); the password never is.
    # Attempts on a real account are scoped to it, so its administrators see them.
    username = str(credentials.get("username", ""))[:150]
    audit_log(
        actor=None,
        action="auth.sign_in.failed",
        actor_username=username,
        scope_of=_named_user(username),
    )


@receiver(user_locked_out)
def _locked_out(
    sender: Any,
    request: Any = None,
    username: str | None = None,
    ip_address: str | None = None,
    **kwargs: Any,
) -> None:
    audit_log(
        actor=None,
        action="auth.locked_out",
        actor_username=(username or "")[:150],
        detail={"ip_address": ip_address},
        scope_of=_named_user(username or ""),
    )


@receiver(user_logged_out)
def _signed_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None and request is not None and not getattr(request, "_idle_timeout", False):
        audit_log(
            actor=user, action="auth.sign_out", subject_type="user", subject_ref=user.username
        )
