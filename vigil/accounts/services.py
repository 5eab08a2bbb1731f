"""Writes to accounts: each one transaction with its audit event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigil.accounts.models import Force, Nation, Unit, User
from vigil.audit.services import audit_log

_AUDITED_FIELDS = (
    "first_name",
    "last_name",
    "email",
    "unit_id",
    "role",
    "vetting_level",
    "vetting_expires",
    "organisation",
)


def _snapshot(user: User) -> dict[str, Any]:
    return {f: str(getattr(user, f)) for f in _AUDITED_FIELDS}


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    password: str,
    unit: Unit,
    role: str,
    vetting_level: str,
    vetting_expires: dt.date,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    organisation: str = "",
) -> User:
    user = User(
        username=username,
        unit=unit,
        role=role,
        vetting_level=vetting_level,
        vetting_expires=vetting_expires,
        first_name=first_name,
        last_name=last_name,
        email=email,
        organisation=organisation,
    )
    user.set_password(password)
    user.save()
    audit_log(
        actor=actor,
        action="user.created",
        subject_type="user",
        subject_ref=username,
        detail=_snapshot(user),
    )
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, **changes: Any) -> User:
    """Apply ``changes`` (field name to new value) and audit the old and new values."""
    before = _snapshot(user)
    for field, value in changes.items():
        if field not in {f.removesuffix("_id") for f in _AUDITED_FIELDS} | {"unit"}:
            raise ValueError(f"{field} cannot be changed here")
        setattr(user, field, value)
    user.save()
    after = _snapshot(user)
    diff = {k: {"old": before[k], "new": after[k]} for k in after if before[k] != after[k]}
    if diff:
        audit_log(
            actor=actor,
            action="user.changed",
            subject_type="user",
            subject_ref=user.username,
            detail={"changes": diff},
        )
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool, reason: str) -> User:
    if user.pk == actor.pk and not active:
        raise ValueError("You cannot disable your own account.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_log(
        actor=actor,
        action="user.enabled" if active else "user.disabled",
        subject_type="user",
        subject_ref=user.username,
        reason=reason,
    )
    return user


@transaction.atomic
def user_reset_two_factor(*, actor: User, user: User, reason: str) -> None:
    """Remove a user's authenticator so they enrol a new one at their next sign-in."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_log(
        actor=actor,
        action="user.two_factor.reset",
        subject_type="user",
        subject_ref=user.username,
        reason=reason,
    )


@transaction.atomic
def force_create(*, actor: User, code: str, name: str, nation: str = Nation.ENGLAND) -> Force:
    force = Force.objects.create(code=code, name=name, nation=nation)
    audit_log(
        actor=actor,
        action="force.created",
        subject_type="force",
        subject_ref=code,
        detail={"name": name, "nation": nation},
    )
    return force


@transaction.atomic
def unit_create(*, actor: User, force: Force, code: str, name: str) -> Unit:
    unit = Unit.objects.create(force=force, code=code, name=name)
    audit_log(
        actor=actor,
        action="unit.created",
        subject_type="unit",
        subject_ref=f"{force.code}/{code}",
        detail={"name": name},
    )
    return unit
