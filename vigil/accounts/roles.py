"""Roles and what each may do: the one table every permission check reads.

``docs/roles.md`` shows this table to people; ``tests/accounts/test_roles_doc.py`` fails if
the two disagree. Row-level visibility (which nominals, which force) is applied on top by
each app's ``visible_to(user)`` queryset and ``access_*`` helpers; this table says only
which *kinds* of thing a role may do at all.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    OFFENDER_MANAGER = "offender_manager", "Offender manager"
    REGISTER_SUPPORT = "register_support", "Register support officer"
    REGISTER_ADMIN = "register_admin", "Register administrator"
    SUPERVISOR = "supervisor", "Supervisor"
    ANALYST = "analyst", "Analyst"
    PARTNER = "partner", "Partner agency user"
    PANEL = "panel", "Scrutiny panel member"
    SYSADMIN = "sysadmin", "System administrator"


class Perm(StrEnum):
    """A kind of action. Values are the permission names passed to ``user.has_perm``."""

    VIEW_NOMINALS = "vigil.view_nominals"
    EDIT_NOMINALS = "vigil.edit_nominals"
    SEARCH_NOMINALS = "vigil.search_nominals"
    VIEW_UNIT_CASELOADS = "vigil.view_unit_caseloads"
    APPROVE = "vigil.approve"
    VIEW_AUDIT = "vigil.view_audit"
    EXPORT_AUDIT = "vigil.export_audit"
    MANAGE_USERS = "vigil.manage_users"
    MANAGE_FORCES = "vigil.manage_forces"
    MANAGE_CADENCE_POLICY = "vigil.manage_cadence_policy"
    USE_CALCULATORS = "vigil.use_calculators"


PERM_DESCRIPTIONS: dict[Perm, str] = {
    Perm.VIEW_NOMINALS: "See nominal records (within their own force or shared cases)",
    Perm.EDIT_NOMINALS: "Create and edit nominal records",
    Perm.SEARCH_NOMINALS: "Search the register by name, date of birth or identifier",
    Perm.VIEW_UNIT_CASELOADS: "See the caseloads of a whole unit",
    Perm.APPROVE: "Approve risk levels, plans and reactive management",
    Perm.VIEW_AUDIT: "Read the audit trail",
    Perm.EXPORT_AUDIT: "Export the audit trail as CSV",
    Perm.MANAGE_USERS: "Create, disable and re-role user accounts",
    Perm.MANAGE_FORCES: "Create forces and units",
    Perm.MANAGE_CADENCE_POLICY: "Set their force's home visit and review intervals",
    Perm.USE_CALCULATORS: "Use the notification and risk calculators",
}

_R = Role
GRANTS: dict[Perm, frozenset[Role]] = {
    Perm.VIEW_NOMINALS: frozenset(
        {_R.OFFENDER_MANAGER, _R.REGISTER_SUPPORT, _R.REGISTER_ADMIN, _R.SUPERVISOR, _R.ANALYST}
    ),
    Perm.EDIT_NOMINALS: frozenset(
        {_R.OFFENDER_MANAGER, _R.REGISTER_SUPPORT, _R.REGISTER_ADMIN, _R.SUPERVISOR}
    ),
    Perm.SEARCH_NOMINALS: frozenset(
        {_R.OFFENDER_MANAGER, _R.REGISTER_SUPPORT, _R.REGISTER_ADMIN, _R.SUPERVISOR, _R.ANALYST}
    ),
    Perm.VIEW_UNIT_CASELOADS: frozenset({_R.SUPERVISOR, _R.REGISTER_SUPPORT, _R.REGISTER_ADMIN}),
    Perm.APPROVE: frozenset({_R.SUPERVISOR}),
    Perm.VIEW_AUDIT: frozenset({_R.SUPERVISOR, _R.REGISTER_ADMIN, _R.SYSADMIN}),
    Perm.EXPORT_AUDIT: frozenset({_R.SUPERVISOR, _R.REGISTER_ADMIN, _R.SYSADMIN}),
    Perm.MANAGE_USERS: frozenset({_R.REGISTER_ADMIN, _R.SYSADMIN}),
    Perm.MANAGE_FORCES: frozenset({_R.SYSADMIN}),
    # The force's own policy, set by its central point of contact; a system administrator
    # runs Vigil, not a force's case management, so does not set it (docs/roles.md).
    Perm.MANAGE_CADENCE_POLICY: frozenset({_R.REGISTER_ADMIN}),
    Perm.USE_CALCULATORS: frozenset(
        {
            _R.OFFENDER_MANAGER,
            _R.REGISTER_SUPPORT,
            _R.REGISTER_ADMIN,
            _R.SUPERVISOR,
            _R.ANALYST,
            _R.PARTNER,
        }
    ),
}


def roles_with(perm: Perm) -> frozenset[Role]:
    return GRANTS[perm]


def role_may(role: str, perm: Perm) -> bool:
    return role in GRANTS[perm]
