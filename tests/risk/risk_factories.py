"""Helpers for the risk tests: a nominal, RM2000 answers, ARMS ratings, a plan ready to submit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.factories import NominalFactory
from vigil.policy import arms, rm2000
from vigil.risk import services
from vigil.risk.models import PlanAction, PlanObjective, RiskManagementPlan


def make_nominal(unit: Any, manager: Any, supervisor: Any, **kwargs: Any) -> Any:
    return NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, **kwargs
    )


def rm2000_input(**changes: Any) -> rm2000.Rm2000Input:
    """The issue's worked example: age 30, 2 sexual and 6 criminal appearances, ..."""
    values: dict[str, Any] = {
        "sex": rm2000.Sex.MALE,
        "convicted_of_sexual_offence": True,
        "sexual_offence_at_16_or_over": True,
        "age_at_commencement_of_risk": 30,
        "sexual_appearances": 2,
        "criminal_appearances": 6,
        "violent_appearances": 1,
        "burglary": True,
        "male_victim": True,
        "stranger_victim": True,
        "non_contact_offence": True,
        "single": True,
    }
    values.update(changes)
    return rm2000.Rm2000Input(**values)


def rm2000_post(**changes: Any) -> dict[str, str]:
    """The same answers as a browser posts them (yes/no radios, numbers as text)."""
    inp = rm2000_input()
    data: dict[str, str] = {"scored_on": dt.date.today().isoformat()}
    for spec in rm2000.FLAGS:
        value = getattr(inp, spec.name)
        if spec.kind == "bool":
            data[spec.name] = "yes" if value else "no"
        else:
            data[spec.name] = str(getattr(value, "value", value))
    data.update({k: str(v) for k, v in changes.items()})
    return data


def arms_post(**changes: str) -> dict[str, str]:
    """A complete ARMS form: every factor rated at the bottom of its scale, with evidence."""
    data = {
        "assessed_on": dt.date.today().isoformat(),
        "formulation": "Settled, working, engaging with the plan.",
        "priorities": "Keep the routine; watch contact with children.",
    }
    for factor in arms.FACTORS.value:
        data[f"{factor.code}__rating"] = factor.scale[0].value
        data[f"{factor.code}__evidence"] = f"Seen at the visit: {factor.title}."
    data.update(changes)
    return data


def plan_ready_to_submit(
    nominal: Any, actor: Any, *, review_in_days: int = 180
) -> tuple[RiskManagementPlan, PlanObjective, PlanAction]:
    """A draft plan with a review date, one objective and one action."""
    today = dt.date.today()
    plan = services.plan_start(actor=actor, nominal=nominal)
    plan = services.plan_update(
        actor=actor,
        plan=plan,
        values={"review_on": today + dt.timedelta(days=review_in_days)},
        expected_version=plan.version,
    )
    objective = services.objective_save(
        actor=actor,
        plan=plan,
        objective=None,
        text="No unsupervised contact with children",
        expected_version=None,
    )
    action = services.action_save(
        actor=actor,
        plan=plan,
        action=None,
        values={
            "objective": objective,
            "what": "Unannounced home visit",
            "owner_officer": actor,
            "owner_agency": "",
            "due_on": today + dt.timedelta(days=30),
            "status": "not_started",
        },
        expected_version=None,
    )
    return plan, objective, action
