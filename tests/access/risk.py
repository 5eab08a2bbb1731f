"""The risk pages in the access matrix (tests/test_access_matrix.py).

Viewers (officers, register staff, supervisors, analysts) see the risk record; editors
record; only a supervisor decides, and only for their own unit (the supervisor persona
is in the nominal's unit; tests/risk/test_workflow.py covers the sibling unit). Actions
that only take a POST answer 405 to a GET from someone allowed to use them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

# The same names as tests/test_access_matrix.py, repeated: that module imports this one.
ROLES = ("manager", "support", "admin", "supervisor", "analyst", "partner", "panel", "sysadmin")
ANON = "anonymous"
OK, REDIRECT, FORBIDDEN = 200, 302, 403
VIEWERS = ("manager", "support", "admin", "supervisor", "analyst")
EDITORS = ("manager", "support", "admin", "supervisor")
METHOD_NOT_ALLOWED = 405


def only(*allowed: str) -> dict[str, int]:
    return {ANON: REDIRECT, **{r: (OK if r in allowed else FORBIDDEN) for r in ROLES}}


def _post_only(*allowed: str) -> dict[str, int]:
    return {
        ANON: REDIRECT,
        **{r: (METHOD_NOT_ALLOWED if r in allowed else FORBIDDEN) for r in ROLES},
    }


_N = {"reference": "{nominal}"}
_DRAFT = {"reference": "{risk_draft_nominal}", "number": "1"}

MATRIX: dict[str, tuple[dict[str, Any], dict[str, int]]] = {
    "risk:approvals": ({}, only("supervisor")),
    "risk:record": (_N, only(*VIEWERS)),
    "risk:rm2000": (_N, only(*EDITORS)),
    "risk:score": ({**_N, "pk": "{risk_score}"}, only(*VIEWERS)),
    "risk:arms": (_N, only(*EDITORS)),
    "risk:arms-detail": ({**_N, "pk": "{risk_arms}"}, only(*VIEWERS)),
    "risk:level": (_N, only(*EDITORS)),
    "risk:level-decide": ({**_N, "pk": "{risk_decision}"}, only("supervisor")),
    "risk:plans": (_N, only(*VIEWERS)),
    "risk:plan-new": (_N, only(*EDITORS)),
    "risk:plan": ({**_N, "number": "2"}, only(*VIEWERS)),
    "risk:plan-pdf": ({**_N, "number": "1"}, only(*VIEWERS)),
    "risk:plan-decide": ({**_N, "number": "2"}, only("supervisor")),
    "risk:plan-submit": (_DRAFT, _post_only(*EDITORS)),
    "risk:plan-edit": (_DRAFT, only(*EDITORS)),
    "risk:objective-add": (_DRAFT, only(*EDITORS)),
    "risk:objective": ({**_DRAFT, "pk": "{risk_objective}"}, only(*EDITORS)),
    "risk:action-add": (_DRAFT, only(*EDITORS)),
    "risk:action": ({**_DRAFT, "pk": "{risk_action}"}, only(*EDITORS)),
}


def records(*, nominal: Any, manager: Any, supervisor: Any) -> dict[str, str]:
    """A score, an assessment, a pending level, an approved plan (version 1) and a
    submitted one (version 2) on ``nominal``; a draft plan on a second nominal."""
    from tests.factories import NominalFactory
    from vigil.policy import arms, rm2000
    from vigil.policy.risk_levels import RiskLevel
    from vigil.risk import services

    today = dt.date.today()
    score = services.rm2000_record(
        actor=manager,
        nominal=nominal,
        inp=rm2000.Rm2000Input(
            sex=rm2000.Sex.MALE,
            convicted_of_sexual_offence=True,
            sexual_offence_at_16_or_over=True,
            age_at_commencement_of_risk=30,
            sexual_appearances=2,
            criminal_appearances=6,
            violent_appearances=1,
            burglary=False,
            male_victim=False,
            stranger_victim=True,
            non_contact_offence=False,
            single=True,
        ),
        scored_on=today,
    )
    assessment = services.arms_record(
        actor=manager,
        nominal=nominal,
        assessed_on=today,
        ratings={f.code: f.scale[0].value for f in arms.FACTORS.value},
        evidence={f.code: "Seen at the home visit." for f in arms.FACTORS.value},
        formulation="Stable.",
        priorities="Keep the routine.",
    )
    decision = services.risk_level_propose(
        actor=manager, nominal=nominal, level=RiskLevel.MEDIUM, rationale="RM2000 medium."
    )
    _plan_with_one_action(nominal, manager, today)
    first = services.plan_submit(
        actor=manager, plan=nominal.riskmanagementplan_set.get(number=1), today=today
    )
    services.plan_approve(actor=supervisor, plan=first)
    second = services.plan_start(actor=manager, nominal=nominal)
    second.review_on = today + dt.timedelta(days=90)
    second.save()
    services.plan_submit(actor=manager, plan=second, today=today)

    other = NominalFactory.create(
        unit=nominal.unit, offender_manager=manager, supervisor=supervisor
    )
    objective, action = _plan_with_one_action(other, manager, today)
    return {
        "risk_score": str(score.pk),
        "risk_arms": str(assessment.pk),
        "risk_decision": str(decision.pk),
        "risk_draft_nominal": other.reference,
        "risk_objective": str(objective.pk),
        "risk_action": str(action.pk),
    }


def _plan_with_one_action(nominal: Any, manager: Any, today: dt.date) -> tuple[Any, Any]:
    from vigil.risk import services

    plan = services.plan_start(actor=manager, nominal=nominal)
    plan = services.plan_update(
        actor=manager,
        plan=plan,
        values={"review_on": today + dt.timedelta(days=180)},
        expected_version=plan.version,
    )
    objective = services.objective_save(
        actor=manager,
        plan=plan,
        objective=None,
        text="No contact with children",
        expected_version=None,
    )
    action = services.action_save(
        actor=manager,
        plan=plan,
        action=None,
        values={
            "objective": objective,
            "what": "Unannounced home visit",
            "owner_officer": manager,
            "owner_agency": "",
            "due_on": today + dt.timedelta(days=30),
            "status": "not_started",
        },
        expected_version=None,
    )
    return objective, action
