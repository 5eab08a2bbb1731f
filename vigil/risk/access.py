"""Who may approve what (issue 5: supervision), and loading risk rows under a nominal.

Rows are always loaded through the nominal they belong to, and the nominal through
``nominals.access.access_nominal``, so a row of another force is the same 404 as a row
that does not exist (STYLE.md point 3).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from vigil.accounts.roles import Perm
from vigil.nominals.models import Nominal
from vigil.risk.models import RiskLevelDecision, RiskManagementPlan


def approval_refusal(user: Any, nominal: Nominal, *, author_id: int | None) -> str | None:
    """Why ``user`` may not approve a proposal about ``nominal`` written by ``author_id``.

    None when they may. One rule per line:
    - only a supervisor (``Perm.APPROVE``) approves;
    - only a supervisor of the unit that manages the nominal (issue 5);
    - nobody approves their own proposal or plan.
    """
    if not (user.is_authenticated and user.is_active and user.can(Perm.APPROVE)):
        return "Only a supervisor can approve or send back."
    if user.unit_id != nominal.unit_id:
        return (
            f"Only a supervisor of {nominal.unit.name}, the unit that manages this person, "
            "can approve or send back."
        )
    if author_id is not None and author_id == user.pk:
        return "You wrote this, so another supervisor must approve it."
    return None


def access_decision(nominal: Nominal, pk: int, *, for_update: bool = False) -> RiskLevelDecision:
    qs = RiskLevelDecision.objects.filter(nominal=nominal, pk=pk)
    # PostgreSQL cannot lock the nullable side of an outer join, so no joins when locking.
    qs = qs.select_for_update() if for_update else qs.select_related("proposed_by", "decided_by")
    decision = qs.first()
    if decision is None:
        raise Http404("No such risk level proposal")
    return decision


def access_plan(nominal: Nominal, number: int, *, for_update: bool = False) -> RiskManagementPlan:
    qs = RiskManagementPlan.objects.filter(nominal=nominal, number=number)
    qs = qs.select_for_update() if for_update else qs.select_related("submitted_by", "decided_by")
    plan = qs.first()
    if plan is None:
        raise Http404("No such plan version")
    return plan
