"""Security headers, error pages, health check, and production configuration."""

from __future__ import annotations

import re

from django.conf import settings as django_settings
from django.test import override_settings
from django.urls import reverse


def test_pages_carry_the_security_headers(client, db) -> None:
    response = client.get(reverse("accounts:sign-in"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert re.search(r"script-src 'self' 'nonce-[A-Za-z0-9+/=]+'", csp)
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_the_only_inline_script_carries_the_pages_nonce(client, db) -> None:
    response = client.get(reverse("accounts:sign-in"))
    found = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert found
    nonce = found.group(1)
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    inline = [s for s in scripts if "src=" not in s]
    assert inline == [f' nonce="{nonce}"']


def test_pages_with_personal_data_are_never_cached(manager, login_as) -> None:
    response = login_as(manager).get("/")
    assert "no-store" in response["Cache-Control"]


def test_hsts_is_sent_over_https(client, db) -> None:
    response = client.get(reverse("accounts:sign-in"), secure=True)
    assert "max-age=31536000" in response["Strict-Transport-Security"]


def test_every_page_shows_the_protective_marking_and_a_skip_link(client, db) -> None:
    body = client.get(reverse("accounts:sign-in")).content.decode()
    assert "OFFICIAL-SENSITIVE" in body
    assert 'href="#main-content"' in body


def test_the_demo_banner_shows_only_in_demo_mode(client, db, settings) -> None:
    assert "Demonstration system" not in client.get("/sign-in/").content.decode()
    settings.DEMO_MODE = True
    assert "Demonstration system" in client.get("/sign-in/").content.decode()


def test_an_unknown_page_gets_the_friendly_404(manager, login_as) -> None:
    response = login_as(manager).get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_forbidden_page_gets_the_friendly_403(manager, login_as) -> None:
    response = login_as(manager).get(reverse("audit:list"))
    assert response.status_code == 403
    assert "You do not have access to this page" in response.content.decode()


def test_a_stale_form_gets_the_friendly_csrf_page_and_keeps_what_was_typed(admin, login_as) -> None:
    client = login_as(admin)
    client.handler.enforce_csrf_checks = True
    response = client.post(reverse("accounts:user-create"), {"first_name": "Temperance"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "This form had expired" in body
    assert "What you typed before" in body
    assert "Temperance" in body


def test_the_500_page_is_friendly_and_needs_no_database(rf) -> None:
    from vigil.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_healthz_reports_the_database(client, db) -> None:
    response = client.get("/healthz")
    assert response.json() == {"status": "ok", "database": "ok"}


def test_passwords_are_hashed_with_argon2_in_the_real_configuration() -> None:
    from vigil import settings as real

    assert real.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert django_settings.AUTH_USER_MODEL == "accounts.User"


@override_settings(DEBUG=False)
def test_production_configuration_refuses_demo_mode_and_the_dev_secret(monkeypatch) -> None:
    import importlib

    import pytest
    from django.core.exceptions import ImproperlyConfigured

    from vigil import settings as real

    monkeypatch.setenv("VIGIL_ENV", "production")
    monkeypatch.setenv("VIGIL_DEMO_MODE", "1")
    with pytest.raises(ImproperlyConfigured, match="DEMO_MODE"):
        importlib.reload(real)
    monkeypatch.setenv("VIGIL_DEMO_MODE", "0")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        importlib.reload(real)
    monkeypatch.setenv("VIGIL_SECRET_KEY", "k" * 60)
    reloaded = importlib.reload(real)
    assert reloaded.PRODUCTION and not reloaded.DEMO_MODE
    assert reloaded.SESSION_COOKIE_SECURE
    monkeypatch.setenv("VIGIL_ENV", "development")
    importlib.reload(real)
