"""Signing in: password, lockout, two-factor, idle timeout, expired and disabled accounts."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import PASSWORD
from vigil.accounts.forms import SIGN_IN_FAILED
from vigil.accounts.middleware import LAST_SEEN_KEY
from vigil.audit.models import AuditEvent

SIGN_IN = "/sign-in/"


def sign_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(SIGN_IN, {"username": username, "password": password, **extra})


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def idle_past_the_timeout(client, settings) -> None:
    """Make the client's session look idle for just longer than the timeout."""
    client.get("/")
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - settings.VIGIL_IDLE_TIMEOUT.total_seconds() - 5
    session.save()


@pytest.fixture(autouse=True)
def _clear_lockouts(db):
    from axes.utils import reset

    reset()


def test_the_sign_in_page_asks_for_username_and_password(client, db) -> None:
    response = client.get(SIGN_IN)
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_a_right_password_leads_to_two_factor_set_up_for_a_new_account(client, manager) -> None:
    response = sign_in(client, "manager")
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 302
    assert home.url.startswith(reverse("accounts:two-factor-setup"))
    assert AuditEvent.objects.filter(action="auth.sign_in.succeeded", actor=manager).exists()


def test_usernames_are_matched_without_regard_to_case(client, manager) -> None:
    assert sign_in(client, "MANAGER").status_code == 302


@pytest.mark.parametrize(
    "username,password",
    [
        ("manager", "wrong-password-123"),  # real user, wrong password
        ("nobody-by-this-name", PASSWORD),  # no such user
    ],
)
def test_a_failed_sign_in_says_the_same_thing_whether_or_not_the_user_exists(
    client, manager, username, password
) -> None:
    response = sign_in(client, username, password)
    assert response.status_code == 200
    assert SIGN_IN_FAILED in response.content.decode()
    assert AuditEvent.objects.filter(action="auth.sign_in.failed", actor_username=username).exists()


def test_an_empty_form_says_what_to_enter_and_keeps_the_username(client, db) -> None:
    response = client.post(SIGN_IN, {"username": "someone", "password": ""})
    body = response.content.decode()
    assert "Enter your password" in body
    assert 'value="someone"' in body
    assert "There is a problem" in body  # the error summary


def test_repeated_failures_lock_the_account_and_say_when_to_try_again(
    client, manager, settings
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert sign_in(client, "manager", "wrong-password-123").status_code == 200
    response = sign_in(client, "manager", "wrong-password-123")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Too many attempts to sign in" in body
    assert "You can try again after" in body
    # Even the right password is refused while locked out.
    assert sign_in(client, "manager").status_code == 429
    assert AuditEvent.objects.filter(action="auth.locked_out", actor_username="manager").exists()


def test_an_expired_vetting_date_stops_sign_in(client, manager) -> None:
    manager.vetting_expires = timezone.localdate() - dt.timedelta(days=1)
    manager.save()
    response = sign_in(client, "manager")
    assert response.status_code == 200
    assert SIGN_IN_FAILED in response.content.decode()


def test_vetting_that_expires_today_still_allows_sign_in(client, manager) -> None:
    manager.vetting_expires = timezone.localdate()
    manager.save()
    assert sign_in(client, "manager").status_code == 302


def test_a_disabled_account_cannot_sign_in(client, manager) -> None:
    manager.is_active = False
    manager.save()
    response = sign_in(client, "manager")
    assert response.status_code == 200
    assert SIGN_IN_FAILED in response.content.decode()


def test_disabling_an_account_ends_its_existing_session(manager, login_as) -> None:
    client = login_as(manager)
    assert client.get("/").status_code == 200
    manager.is_active = False
    manager.save()
    assert client.get("/").status_code == 302


def test_two_factor_set_up_accepts_the_current_code_and_then_lets_the_user_in(
    client, manager
) -> None:
    sign_in(client, "manager")
    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200
    assert b"<svg" in page.content  # the QR code
    device = TOTPDevice.objects.get(user=manager, confirmed=False)
    response = client.post(reverse("accounts:two-factor-setup"), {"token": code_for(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action="auth.two_factor.enrolled", actor=manager).exists()


def test_a_wrong_two_factor_code_is_refused_with_a_message(client, manager) -> None:
    device = TOTPDevice.objects.create(user=manager, name="app", confirmed=True)
    sign_in(client, "manager")
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(reverse("accounts:two-factor-verify"), {"token": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.two_factor.failed", actor=manager).exists()


def test_a_code_that_is_not_six_digits_is_explained(client, manager) -> None:
    TOTPDevice.objects.create(user=manager, name="app", confirmed=True)
    sign_in(client, "manager")
    response = client.post(reverse("accounts:two-factor-verify"), {"token": "12ab"})
    assert "Enter the security code as 6 digits" in response.content.decode()


def test_the_right_two_factor_code_lets_the_user_in_and_returns_them_where_they_were_going(
    client, manager
) -> None:
    device = TOTPDevice.objects.create(user=manager, name="app", confirmed=True)
    sign_in(client, "manager", next="/")
    response = client.post(
        reverse("accounts:two-factor-verify") + "?next=/", {"token": code_for(device)}
    )
    assert response.status_code == 302
    assert response.url == "/"
    assert client.get("/").status_code == 200


def test_demo_mode_lets_an_account_in_without_two_factor(client, manager, settings) -> None:
    settings.DEMO_MODE = True
    sign_in(client, "manager")
    assert client.get("/").status_code == 200


def test_an_open_redirect_in_next_is_ignored(client, manager, settings) -> None:
    settings.DEMO_MODE = True
    response = sign_in(client, "manager", next="https://evil.example/")
    assert response.url == "/"


def test_idle_sessions_are_signed_out_and_told_why(manager, login_as, settings) -> None:
    client = login_as(manager)
    idle_past_the_timeout(client, settings)
    response = client.get("/users/")
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)
    assert "timeout=30" in response.url
    page = client.get(response.url)
    assert "done nothing for 30 minutes" in page.content.decode()
    assert AuditEvent.objects.filter(action="auth.idle_timeout", actor=manager).exists()


def test_an_active_session_is_not_timed_out(manager, login_as) -> None:
    client = login_as(manager)
    session = client.session
    session[LAST_SEEN_KEY] = time.time() - 60
    session.save()
    assert client.get("/").status_code == 200


def test_a_form_sent_after_the_timeout_is_shown_back_after_signing_in_again(
    admin, login_as, settings
) -> None:
    client = login_as(admin)
    idle_past_the_timeout(client, settings)
    response = client.post(
        reverse("accounts:user-create"),
        {"first_name": "Temperance", "password1": "never-kept-1234"},
    )
    assert response.status_code == 302
    # The same person signs in again and sees what they typed, but never the password.
    settings.DEMO_MODE = True
    sign_in(client, "administrator")
    page = client.get(reverse("accounts:user-create")).content.decode()
    assert "What you typed before" in page
    assert "Temperance" in page
    assert "never-kept-1234" not in page
    # Shown once only.
    assert "Temperance" not in client.get(reverse("accounts:user-create")).content.decode()


def test_a_recovered_form_is_never_shown_to_a_different_user(
    admin, support, login_as, settings
) -> None:
    client = login_as(admin)
    idle_past_the_timeout(client, settings)
    client.post(reverse("accounts:user-create"), {"first_name": "Temperance"})
    settings.DEMO_MODE = True
    sign_in(client, "support")
    assert "Temperance" not in client.get("/").content.decode()


def test_signing_out_ends_the_session_and_is_audited(manager, login_as) -> None:
    client = login_as(manager)
    response = client.post(reverse("accounts:sign-out"))
    assert response.status_code == 200
    assert "You have signed out" in response.content.decode()
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(action="auth.sign_out", actor=manager).exists()


def test_a_session_ends_after_a_shift_however_busy(manager, login_as, settings) -> None:
    from vigil.accounts.middleware import SIGNED_IN_KEY

    client = login_as(manager)
    client.get("/")
    session = client.session
    session[SIGNED_IN_KEY] = time.time() - settings.SESSION_COOKIE_AGE - 5
    session[LAST_SEEN_KEY] = time.time()
    session.save()
    assert client.get("/").status_code == 302


def test_recovered_text_is_not_shown_before_two_factor(admin, login_as, settings) -> None:
    client = login_as(admin)
    idle_past_the_timeout(client, settings)
    client.post(reverse("accounts:user-create"), {"first_name": "Temperance"})
    sign_in(client, "administrator")  # password only: two-factor not yet passed
    page = client.get(reverse("accounts:two-factor-setup"))
    assert "Temperance" not in page.content.decode()
