from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from vigil import navigation
from vigil.accounts import recovery


def vigil(request: HttpRequest) -> dict[str, Any]:
    """What every page's layout needs: the marking, demo banner and navigation."""
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        "PROTECTIVE_MARKING": "OFFICIAL-SENSITIVE",
        "nav_items": navigation.items_for(request),
        # What the user was typing when their session ended, shown once after sign-in.
        "recovered_post": recovery.take(request),
        # django-htmx reads `csp_nonce` (Django 6's name); django-csp calls it CSP_NONCE.
        "csp_nonce": str(getattr(request, "csp_nonce", "")),
    }
