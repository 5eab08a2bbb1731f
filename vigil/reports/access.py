"""Whose figures a reader may see: the one place the dashboard and reports are scoped.

docs/roles.md: a supervisor sees their unit's caseloads; register support officers and
administrators keep the register for the whole force and "can see the caseloads of
whole units". Every figure is built from ``Nominal.objects.visible_to(user)``, so the
force boundary is the nominals app's own rule, never re-implemented here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from vigil.accounts.models import Unit
from vigil.accounts.roles import Role
from vigil.nominals.models import Nominal
from vigil.reports.queries import Scope

#: Roles who keep the register force-wide, and so may look at any unit of their force.
FORCE_WIDE = (Role.REGISTER_SUPPORT, Role.REGISTER_ADMIN)


def units_to_choose(user: Any) -> list[Unit]:
    """The units a reader may pick from; empty for a supervisor (they have only theirs)."""
    if user.role in FORCE_WIDE:
        return list(Unit.objects.filter(force_id=user.unit.force_id).order_by("name"))
    return []


def access_scope(user: Any, unit_code: str | None = None) -> Scope:
    """The unit (or force) ``user`` asked for, if they may see it; else 404 (or 403).

    An unknown unit and a unit that is not the reader's answer the same 404.
    """
    visible = Nominal.objects.visible_to(user)
    force = user.unit.force
    code = (unit_code or "").strip()
    # A supervisor: their own unit only.
    if user.role == Role.SUPERVISOR:
        if code and code != user.unit.code:
            raise Http404("No such unit")
        return Scope(force=force, unit=user.unit, nominals=visible.filter(unit_id=user.unit_id))
    # Register staff: any one unit of their force, or the whole force.
    if user.role in FORCE_WIDE:
        if not code:
            return Scope(force=force, unit=None, nominals=visible)
        unit = Unit.objects.filter(force_id=force.pk, code=code).first()
        if unit is None:
            raise Http404("No such unit")
        return Scope(force=force, unit=unit, nominals=visible.filter(unit_id=unit.pk), chosen=True)
    # Nobody else holds VIEW_UNIT_CASELOADS today; if a role gains it, decide its scope here.
    raise PermissionDenied
