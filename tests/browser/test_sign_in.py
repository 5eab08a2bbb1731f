"""A person signs in through the real forms, sets up two-factor, and reaches home."""

from __future__ import annotations

import base64

from django_otp.oath import totp

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD


def _code_from_key(key: str) -> str:
    """What an authenticator app shows for the key printed on the set-up page."""
    compact = key.replace(" ", "")
    secret = base64.b32decode(compact + "=" * (-len(compact) % 8))
    return f"{totp(secret):06d}"


def test_an_officer_signs_in_with_two_factor_and_reaches_the_home_page(
    page, live_server, manager, console_errors
) -> None:
    page.goto(f"{live_server.url}/")
    assert page.url.startswith(f"{live_server.url}/sign-in/")
    assert_accessible(page, "sign-in")
    screenshot(page, "sign-in")

    # A wrong password first: a generic message, and the form keeps the username.
    page.fill("#id_username", "manager")
    page.fill("#id_password", "not-the-password")
    page.click("button:has-text('Sign in')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_username") == "manager"
    assert_accessible(page, "sign-in with errors")

    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/two-factor/set-up/**")
    assert_accessible(page, "two-factor set-up")
    screenshot(page, "two-factor-set-up")
    key = page.locator(".vigil-secret").inner_text()
    page.fill("#id_token", _code_from_key(key))
    page.click("button:has-text('Confirm and continue')")

    page.wait_for_url(f"{live_server.url}/")
    assert page.locator("h1").inner_text().startswith("Welcome")
    assert "OFFICIAL-SENSITIVE" in page.locator(".vigil-marking").inner_text()
    assert_accessible(page, "home")
    screenshot(page, "home")
    assert not console_errors, console_errors


def test_an_administrators_pages_pass_axe(
    page, live_server, admin, manager, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered above
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", "administrator")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".vigil-demo-banner").is_visible()
    for path, name in [
        ("/users/", "users"),
        ("/users/new/", "user-create"),
        ("/users/manager/", "user-edit"),
        ("/users/manager/disable/", "user-disable"),
        ("/audit/", "audit"),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert_accessible(page, name)
    # A form sent with mistakes shows the error summary, and passes axe too.
    page.goto(f"{live_server.url}/users/new/")
    page.fill("#id_first_name", "Priya")
    page.click("button:has-text('Create account')")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_first_name") == "Priya"
    assert_accessible(page, "user-create with errors")
    screenshot(page, "user-create-errors")
    assert not console_errors, console_errors
