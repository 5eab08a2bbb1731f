"""Session rules applied to every request: idle timeout, two-factor, no caching."""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.cache import patch_cache_control

from vigil.accounts import recovery
from vigil.audit.services import audit_log

LAST_SEEN_KEY = "vigil_last_seen"
SIGNED_IN_KEY = "vigil_signed_in_at"
# Writing the session on every request would cost a write per page; once a minute is
# precise enough for a 30-minute timeout.
_TOUCH_EVERY_SECONDS = 60

_OPEN_PATHS = ("/static/", "/healthz", "/sign-out/", "/two-factor/")


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect that also works for HTMX requests (which follow HX-Redirect)."""
    if getattr(request, "htmx", False):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class IdleTimeoutMiddleware:
    """Signs a user out after ``VIGIL_IDLE_TIMEOUT`` without a request.

    A form posted after the timeout is kept for the same user to recover after signing in
    again (``accounts.recovery``), so the timeout never loses their work.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            now = time.time()
            last = request.session.get(LAST_SEEN_KEY)
            started = request.session.setdefault(SIGNED_IN_KEY, now)
            # However active, a session ends after SESSION_COOKIE_AGE (a shift): the
            # idle timeout alone would let a busy session run for ever.
            too_long = now - started > settings.SESSION_COOKIE_AGE
            if too_long or (
                last is not None and now - last > settings.VIGIL_IDLE_TIMEOUT.total_seconds()
            ):
                user_id = user.pk
                audit_log(
                    actor=user,
                    action="auth.idle_timeout",
                    subject_type="user",
                    subject_ref=user.get_username(),
                )
                request._idle_timeout = True  # type: ignore[attr-defined]
                logout(request)
                if request.method == "POST":
                    recovery.keep_post(request, user_id=user_id)
                minutes = int(settings.VIGIL_IDLE_TIMEOUT.total_seconds() // 60)
                query = urlencode({"next": request.get_full_path(), "timeout": minutes})
                return _redirect(request, f"{reverse('accounts:sign-in')}?{query}")
            if last is None or now - last > _TOUCH_EVERY_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorRequiredMiddleware:
    """Every signed-in user must pass TOTP two-factor before anything else.

    Demo mode (never on in production, see settings) lets accounts without a device
    through, so the demo can be tried without an authenticator app.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not settings.DEMO_MODE
            and not user.is_verified()  # type: ignore[attr-defined]  # added by OTPMiddleware
            and not request.path.startswith(_OPEN_PATHS)
        ):
            from django_otp import user_has_device

            name = (
                "accounts:two-factor-verify"
                if user_has_device(user)
                else ("accounts:two-factor-setup")
            )
            query = urlencode({"next": request.get_full_path()})
            return _redirect(request, f"{reverse(name)}?{query}")
        return self.get_response(request)


class NoStoreMiddleware:
    """No page Vigil renders may be kept by a browser or proxy cache.

    Nearly every page shows personal data, so the rule is applied to all of them rather
    than risk missing one; static files are served before this by WhiteNoise.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)
        return response
