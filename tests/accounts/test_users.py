"""Register administrators manage the accounts of their own force, and nobody else's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from vigil.accounts.models import User
from vigil.accounts.roles import Role
from vigil.audit.models import AuditEvent


def new_user_form(unit, **overrides):
    data = {
        "username": "newofficer",
        "first_name": "Priya",
        "last_name": "Kaur",
        "email": "priya.kaur@example.police.uk",
        "unit": unit.pk,
        "role": Role.OFFENDER_MANAGER,
        "vetting_level": "MV",
        "vetting_expires": (timezone.localdate() + dt.timedelta(days=400)).isoformat(),
        "organisation": "",
        "password1": "a-long-passphrase-42",
        "password2": "a-long-passphrase-42",
    }
    data.update(overrides)
    return data


def test_an_administrator_creates_an_account_in_their_force(admin, unit, login_as) -> None:
    client = login_as(admin)
    response = client.post(reverse("accounts:user-create"), new_user_form(unit))
    assert response.status_code == 302
    user = User.objects.get(username="newofficer")
    assert user.unit == unit
    assert user.check_password("a-long-passphrase-42")
    event = AuditEvent.objects.get(action="user.created", subject_ref="newofficer")
    assert event.actor == admin


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("username", "", "Enter a username"),
        ("first_name", "", "Enter their first name"),
        ("email", "not-an-email", "Enter an email address like"),
        ("role", "", "Choose their role"),
        ("vetting_expires", "31-31-2026", "Enter the date as year-month-day"),
        ("vetting_expires", "2001-01-01", "The vetting expiry date is in the past"),
        ("password2", "something-else-entirely", "The two passwords do not match"),
        ("password1", "", "Enter an initial password"),
    ],
)
def test_bad_input_is_explained_and_what_was_typed_is_kept(
    admin, unit, login_as, field, value, message
) -> None:
    client = login_as(admin)
    response = client.post(reverse("accounts:user-create"), new_user_form(unit, **{field: value}))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "There is a problem" in body
    assert 'value="Kaur"' in body
    assert not User.objects.filter(username="newofficer").exists()


def test_a_short_password_is_refused(admin, unit, login_as) -> None:
    client = login_as(admin)
    response = client.post(
        reverse("accounts:user-create"), new_user_form(unit, password1="short1", password2="short1")
    )
    assert "too short" in response.content.decode()


def test_a_taken_username_is_refused_whatever_its_case(admin, unit, manager, login_as) -> None:
    client = login_as(admin)
    response = client.post(reverse("accounts:user-create"), new_user_form(unit, username="MANAGER"))
    assert "That username is taken" in response.content.decode()


def test_an_administrator_cannot_put_an_account_in_another_force(
    admin, other_unit, login_as
) -> None:
    client = login_as(admin)
    response = client.post(reverse("accounts:user-create"), new_user_form(other_unit))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not User.objects.filter(username="newofficer").exists()


def test_a_register_administrator_cannot_make_a_system_administrator(admin, unit, login_as) -> None:
    client = login_as(admin)
    response = client.post(reverse("accounts:user-create"), new_user_form(unit, role=Role.SYSADMIN))
    assert response.status_code == 200
    assert not User.objects.filter(username="newofficer").exists()


def test_the_user_list_shows_only_the_administrators_own_force(
    admin, manager, outsider, login_as
) -> None:
    body = login_as(admin).get(reverse("accounts:user-list")).content.decode()
    assert ">manager<" in body
    assert "outsider" not in body


def test_a_system_administrator_sees_every_force(sysadmin, manager, outsider, login_as) -> None:
    body = login_as(sysadmin).get(reverse("accounts:user-list")).content.decode()
    assert ">manager<" in body
    assert ">outsider<" in body


@pytest.mark.parametrize(
    "name",
    [
        "accounts:user-edit",
        "accounts:user-disable",
        "accounts:user-enable",
        "accounts:user-reset-two-factor",
    ],
)
def test_another_forces_administrator_gets_404_for_our_accounts(
    other_admin, manager, login_as, name
) -> None:
    client = login_as(other_admin)
    assert client.get(reverse(name, args=["manager"])).status_code == 404
    assert client.post(reverse(name, args=["manager"]), {"reason": "x"}).status_code == 404


def test_editing_an_account_records_old_and_new_values(
    admin, manager, sibling_unit, login_as
) -> None:
    client = login_as(admin)
    form = client.get(reverse("accounts:user-edit", args=["manager"]))
    assert form.status_code == 200
    data = {
        "first_name": manager.first_name,
        "last_name": manager.last_name,
        "email": manager.email,
        "unit": sibling_unit.pk,
        "role": Role.SUPERVISOR,
        "vetting_level": manager.vetting_level,
        "vetting_expires": manager.vetting_expires.isoformat(),
        "organisation": "",
    }
    response = client.post(reverse("accounts:user-edit", args=["manager"]), data)
    assert response.status_code == 302
    manager.refresh_from_db()
    assert manager.role == Role.SUPERVISOR
    assert manager.unit == sibling_unit
    changes = AuditEvent.objects.get(action="user.changed", subject_ref="manager").detail["changes"]
    assert changes["role"] == {"old": Role.OFFENDER_MANAGER, "new": Role.SUPERVISOR}
    assert "unit_id" in changes
    assert manager.history.count() >= 2


def test_disabling_needs_a_reason_and_is_audited(admin, manager, login_as) -> None:
    client = login_as(admin)
    response = client.post(reverse("accounts:user-disable", args=["manager"]), {"reason": ""})
    assert "Enter a reason" in response.content.decode()
    manager.refresh_from_db()
    assert manager.is_active
    response = client.post(
        reverse("accounts:user-disable", args=["manager"]), {"reason": "Left the unit"}
    )
    assert response.status_code == 302
    manager.refresh_from_db()
    assert not manager.is_active
    assert AuditEvent.objects.get(action="user.disabled").reason == "Left the unit"
    client.post(reverse("accounts:user-enable", args=["manager"]), {"reason": "Returned"})
    manager.refresh_from_db()
    assert manager.is_active


def test_an_administrator_cannot_disable_their_own_account(admin, login_as) -> None:
    client = login_as(admin)
    response = client.post(
        reverse("accounts:user-disable", args=["administrator"]), {"reason": "testing"}
    )
    assert "You cannot disable your own account" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_resetting_two_factor_removes_the_device(admin, manager, login_as) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    login_as(manager)  # gives the manager a device
    client = login_as(admin)
    client.post(
        reverse("accounts:user-reset-two-factor", args=["manager"]), {"reason": "Lost phone"}
    )
    assert not TOTPDevice.objects.filter(user=manager).exists()
    assert AuditEvent.objects.filter(action="user.two_factor.reset").exists()


def test_a_system_administrator_creates_forces_and_units(sysadmin, home_force, login_as) -> None:
    client = login_as(sysadmin)
    response = client.post(
        reverse("accounts:force-create"),
        {"code": "eastdale", "name": "Eastdale Police", "nation": "ENG"},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("accounts:unit-create"), {"force": home_force.pk, "code": "ppu-x", "name": "PPU X"}
    )
    assert response.status_code == 302
    duplicate = client.post(
        reverse("accounts:unit-create"), {"force": home_force.pk, "code": "ppu-x", "name": "PPU Y"}
    )
    assert "already has a unit with this code" in duplicate.content.decode()
    bad = client.post(
        reverse("accounts:force-create"), {"code": "Not A Slug!", "name": "", "nation": "ENG"}
    )
    body = bad.content.decode()
    assert "Use only lower-case letters" in body
    assert "Enter the force" in body
