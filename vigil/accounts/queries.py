"""Reads of accounts, limited to what the reader may see."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from vigil.accounts.models import Unit, User
from vigil.accounts.roles import Perm, Role


def users_visible_to(actor: User) -> QuerySet[User]:
    """Accounts an administrator may manage.

    A system administrator: every account. A register administrator: accounts in their
    own force, except system administrators'. Anyone else: none.
    """
    qs = User.objects.select_related("unit__force")
    if not actor.can(Perm.MANAGE_USERS):
        return qs.none()
    if actor.role == Role.SYSADMIN:
        return qs
    return qs.filter(unit__force_id=actor.unit.force_id).exclude(role=Role.SYSADMIN)


def access_user(actor: User, username: str) -> User:
    """The account ``username`` if ``actor`` may manage it; 404 alike if missing or not theirs."""
    try:
        return users_visible_to(actor).get(username=username)
    except User.DoesNotExist:
        raise Http404("No such user") from None


def units_assignable_by(actor: User) -> QuerySet[Unit]:
    qs = Unit.objects.select_related("force")
    if actor.role == Role.SYSADMIN:
        return qs
    return qs.filter(force_id=actor.unit.force_id)


def roles_assignable_by(actor: User) -> list[tuple[str, str]]:
    """Only a system administrator may make another system administrator."""
    return [(r.value, r.label) for r in Role if actor.role == Role.SYSADMIN or r != Role.SYSADMIN]
