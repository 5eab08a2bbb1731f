"""Writes about risk: each one transaction, with its audit event (STYLE.md point 4).

The workflow (issue 5): an officer scores RM2000 and records ARMS; proposes a risk
level, which waits for a supervisor of the nominal's unit to approve or send back, the
previous approved level staying in force meanwhile; writes a risk management plan as
numbered versions, each submitted, then signed off or sent back.

Refusals a person can act on raise ``RiskWorkflowError`` (a state that does not allow
the step) or ``NotAllowed`` (who they are); both carry a sentence to show them.
Audit details carry row ids and field names, never the values (those are personal data
and live in the history tables), as ``nominals.services`` does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from vigil.audit.services import audit_nominal
from vigil.nominals.models import Nominal
from vigil.nominals.services import EditConflict
from vigil.policy import arms, rm2000
from vigil.policy.risk_levels import RiskLevel
from vigil.risk.access import approval_refusal
from vigil.risk.models import (
    OPEN_PLAN_STATUSES,
    ActuarialScore,
    ArmsAssessment,
    ArmsRating,
    DecisionState,
    PlanAction,
    PlanObjective,
    PlanStatus,
    RiskLevelDecision,
    RiskManagementPlan,
)


class RiskWorkflowError(Exception):
    """The step is not possible in the record's present state; the message says why."""

    def __init__(self, message: str, *, reasons: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.reasons = reasons or (message,)


class NotAllowed(PermissionDenied):
    """This person may not take this step (for example, approving their own proposal)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ArmsEvidenceMissing(ValueError):
    """Some factors were rated without the evidence for the rating (RULES.md §5.4)."""

    def __init__(self, factors: tuple[arms.ArmsFactor, ...]) -> None:
        self.factors = factors
        super().__init__(
            "give the evidence for every rating; missing: " + ", ".join(f.title for f in factors)
        )


class ActionIncomplete(ValueError):
    """A plan action without an owner or a date (issue 5, "Bad input")."""

    def __init__(self, reasons: dict[str, str]) -> None:
        self.reasons = reasons  # field name -> message
        super().__init__("; ".join(reasons.values()))


def _stamp(row: Any, actor: Any, now: dt.datetime) -> None:
    row.created_by = row.modified_by = actor
    row.created_at = row.modified_at = now


def _lock(nominal: Nominal) -> None:
    """Serialise risk writes for one nominal (one pending proposal, one open plan)."""
    Nominal.objects.select_for_update().filter(pk=nominal.pk).values_list("pk").first()


# --- RM2000 ------------------------------------------------------------------------------


def rm2000_inputs_json(inp: rm2000.Rm2000Input) -> dict[str, Any]:
    """The answers as stored: every ``Rm2000Input`` field, enums as their values."""
    values = {f.name: getattr(inp, f.name) for f in dataclasses.fields(inp)}
    return {k: (v.value if isinstance(v, rm2000.Sex) else v) for k, v in values.items()}


@transaction.atomic
def rm2000_record(
    *, actor: Any, nominal: Nominal, inp: rm2000.Rm2000Input, scored_on: dt.date
) -> ActuarialScore:
    """Score Risk Matrix 2000 and store the answers and the result (RULES.md §5.5).

    Raises ``rm2000.Rm2000NotApplicable`` (with every reason) for a person the tool does
    not apply to, and ``rm2000.Rm2000InvalidInput`` for impossible counts; nothing is
    stored then. The tool name and version go with the result (RULES.md §5.6).
    """
    result = rm2000.score(inp=inp)
    row = ActuarialScore(
        nominal=nominal,
        tool=result.tool,
        tool_version=result.version,
        scored_on=scored_on,
        scored_by=actor,
        inputs=rm2000_inputs_json(inp),
        result=result.to_dict(),
        explanation=list(result.explanation),
        s_category=result.s.category.value,
        v_category=result.v.category.value,
        c_category=result.c.category.value,
    )
    _stamp(row, actor, timezone.now())
    row.save()
    audit_nominal(actor, "risk.score.recorded", nominal, score=row.pk, tool=row.tool)
    return row


# --- ARMS --------------------------------------------------------------------------------


@transaction.atomic
def arms_record(
    *,
    actor: Any,
    nominal: Nominal,
    assessed_on: dt.date,
    ratings: Mapping[str, str],
    evidence: Mapping[str, str],
    formulation: str,
    priorities: str,
) -> ArmsAssessment:
    """Record an ARMS assessment: every factor rated, with evidence (RULES.md §5.4).

    ``ratings`` and ``evidence`` are keyed by factor code. Raises
    ``arms.ArmsRatingsInvalid`` when a factor is unrated or a rating is off its scale,
    and ``ArmsEvidenceMissing`` when a rating has no evidence. The summary
    (``arms.summarise``: counts, priorities, strengths) is kept with it as it was that day.
    """
    given = {code: value for code, value in ratings.items() if value}
    arms.validate_ratings(ratings=given)
    missing = tuple(f for f in arms.FACTORS.value if not (evidence.get(f.code) or "").strip())
    if missing:
        raise ArmsEvidenceMissing(missing)
    summary = arms.summarise(ratings=given)
    now = timezone.now()
    assessment = ArmsAssessment(
        nominal=nominal,
        assessed_on=assessed_on,
        assessor=actor,
        formulation=formulation.strip(),
        priorities=priorities.strip(),
        factor_list_version=summary.version,
        summary=summary.to_dict(),
    )
    _stamp(assessment, actor, now)
    assessment.save()
    rows = []
    for factor in arms.FACTORS.value:
        rating = ArmsRating(
            assessment=assessment,
            factor=factor.code,
            rating=given[factor.code],
            evidence=evidence[factor.code].strip(),
        )
        _stamp(rating, actor, now)
        rating._history_user = actor  # type: ignore[attr-defined]
        rows.append(rating)
    bulk_create_with_history(rows, ArmsRating)
    audit_nominal(actor, "risk.arms.recorded", nominal, assessment=assessment.pk)
    return assessment


# --- Risk level --------------------------------------------------------------------------


@transaction.atomic
def risk_level_propose(
    *, actor: Any, nominal: Nominal, level: RiskLevel, rationale: str
) -> RiskLevelDecision:
    """Propose a risk level; it waits for a supervisor and changes nothing until then.

    Issue 5: "until approved it is shown as pending and the previous approved level stays
    in force". One proposal waits at a time: a second is refused while one is pending.
    """
    _lock(nominal)
    waiting = (
        RiskLevelDecision.objects.filter(nominal=nominal, state=DecisionState.PENDING)
        .select_related("proposed_by")
        .first()
    )
    if waiting is not None:
        on = timezone.localdate(waiting.proposed_at)
        raise RiskWorkflowError(
            f"{waiting.proposed_by} proposed {waiting.get_level_display().lower()} risk on "
            f"{on.day} {on:%B %Y} and it is still waiting for "
            "approval. A supervisor must approve it or send it back first."
        )
    if not rationale.strip():
        raise RiskWorkflowError("Give the rationale for the level.")
    now = timezone.now()
    decision = RiskLevelDecision(
        nominal=nominal,
        level=RiskLevel(level).value,
        rationale=rationale.strip(),
        proposed_by=actor,
        proposed_at=now,
    )
    _stamp(decision, actor, now)
    decision.save()
    audit_nominal(actor, "risk.level.proposed", nominal, decision=decision.pk)
    return decision


def _pending_decision(nominal: Nominal, pk: int) -> RiskLevelDecision:
    decision = RiskLevelDecision.objects.select_for_update().filter(nominal=nominal, pk=pk).first()
    if decision is None:
        raise RiskWorkflowError("That proposal no longer exists.")
    if decision.state != DecisionState.PENDING:
        raise RiskWorkflowError(
            f"That proposal has already been {decision.get_state_display().lower()}."
        )
    return decision


def _decide(
    *, actor: Any, nominal: Nominal, decision_id: int, approve: bool, reason: str
) -> RiskLevelDecision:
    decision = _pending_decision(nominal, decision_id)
    refusal = approval_refusal(actor, nominal, author_id=decision.proposed_by_id)
    if refusal:
        raise NotAllowed(refusal)
    if not approve and not reason.strip():
        raise RiskWorkflowError(
            "Say why it is being sent back, so the officer knows what to change."
        )
    now = timezone.now()
    decision.state = DecisionState.APPROVED if approve else DecisionState.SENT_BACK
    decision.decided_by = actor
    decision.decided_at = now
    decision.send_back_reason = "" if approve else reason.strip()
    decision.modified_by = actor
    decision.modified_at = now
    decision.version += 1
    decision.save()
    audit_nominal(
        actor,
        "risk.level.approved" if approve else "risk.level.sent_back",
        nominal,
        decision=decision.pk,
    )
    return decision


@transaction.atomic
def risk_level_approve(*, actor: Any, nominal: Nominal, decision_id: int) -> RiskLevelDecision:
    """Approve a pending level: from now it is the level in force (issue 5).

    Only a supervisor of the nominal's unit, and never the person who proposed it
    (``access.approval_refusal``); otherwise ``NotAllowed``.
    """
    return _decide(actor=actor, nominal=nominal, decision_id=decision_id, approve=True, reason="")


@transaction.atomic
def risk_level_send_back(
    *, actor: Any, nominal: Nominal, decision_id: int, reason: str
) -> RiskLevelDecision:
    """Send a pending level back with a reason; the level in force does not change."""
    return _decide(
        actor=actor, nominal=nominal, decision_id=decision_id, approve=False, reason=reason
    )


# --- Risk management plan ----------------------------------------------------------------


def _copy(row: models.Model, actor: Any, now: dt.datetime, **changes: Any) -> Any:
    copied = type(row)()
    for f in row._meta.concrete_fields:
        if f.primary_key:
            continue
        setattr(copied, f.attname, getattr(row, f.attname))
    for name, value in changes.items():
        setattr(copied, name, value)
    _stamp(copied, actor, now)
    copied.version = 1  # type: ignore[attr-defined]
    copied._history_user = actor  # type: ignore[attr-defined]
    return copied


@transaction.atomic
def plan_start(*, actor: Any, nominal: Nominal) -> RiskManagementPlan:
    """Start a new version of the plan as a draft: version 1, or a copy of the latest.

    Issue 5: versions are kept. The latest version's visit frequency, objectives and
    actions are copied; the review date is left for the officer to set afresh. Refused
    while another version is still a draft, sent back or waiting for approval.
    """
    _lock(nominal)
    versions = RiskManagementPlan.objects.filter(nominal=nominal).order_by("-number")
    open_version = versions.filter(status__in=OPEN_PLAN_STATUSES).first()
    if open_version is not None:
        raise RiskWorkflowError(
            f"Version {open_version.number} of the plan is "
            f"{open_version.get_status_display().lower()}. Finish it before starting another."
        )
    latest = versions.first()
    now = timezone.now()
    plan = RiskManagementPlan(
        nominal=nominal,
        number=(latest.number + 1) if latest else 1,
        status=PlanStatus.DRAFT,
        visit_every_count=latest.visit_every_count if latest else None,
        visit_every_unit=latest.visit_every_unit if latest else "",
    )
    _stamp(plan, actor, now)
    plan.save()
    if latest is not None:
        objectives = list(PlanObjective.objects.filter(plan=latest))
        new_objectives = [_copy(o, actor, now, plan_id=plan.pk) for o in objectives]
        created = bulk_create_with_history(new_objectives, PlanObjective)
        mapping = {old.pk: new.pk for old, new in zip(objectives, created, strict=True)}
        actions = [
            _copy(
                a,
                actor,
                now,
                plan_id=plan.pk,
                objective_id=mapping.get(a.objective_id) if a.objective_id else None,
            )
            for a in PlanAction.objects.filter(plan=latest)
        ]
        bulk_create_with_history(actions, PlanAction)
    audit_nominal(
        actor,
        "risk.plan.started",
        nominal,
        plan=plan.pk,
        version=plan.number,
        copied_from=latest.number if latest else None,
    )
    return plan


def _editable(plan: RiskManagementPlan) -> RiskManagementPlan:
    current = RiskManagementPlan.objects.select_for_update().get(pk=plan.pk)
    if not current.editable:
        raise RiskWorkflowError(
            f"Version {current.number} is {current.get_status_display().lower()} and can no "
            "longer be changed. Start a new version to make changes."
        )
    return current


def _save_versioned(
    *, row: Any, actor: Any, values: Mapping[str, Any], expected_version: int | None
) -> tuple[Any, list[str]]:
    """Add (``row`` unsaved) or change a row with the optimistic version check."""
    now = timezone.now()
    if row.pk is None:
        for name, value in values.items():
            setattr(row, name, value)
        _stamp(row, actor, now)
        row.save()
        return row, sorted(values)
    current = type(row)._default_manager.select_for_update().get(pk=row.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    changed = sorted(name for name, value in values.items() if getattr(current, name) != value)
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.modified_by = actor
    current.modified_at = now
    current.save()
    return current, changed


@transaction.atomic
def plan_update(
    *,
    actor: Any,
    plan: RiskManagementPlan,
    values: Mapping[str, Any],
    expected_version: int | None,
) -> RiskManagementPlan:
    """Change a draft's visit frequency and review date (``EditConflict`` if stale)."""
    _editable(plan)
    saved, changed = _save_versioned(
        row=plan, actor=actor, values=values, expected_version=expected_version
    )
    audit_nominal(actor, "risk.plan.changed", plan.nominal, plan=plan.pk, fields=changed)
    return saved


@transaction.atomic
def objective_save(
    *,
    actor: Any,
    plan: RiskManagementPlan,
    objective: PlanObjective | None,
    text: str,
    expected_version: int | None,
) -> PlanObjective:
    """Add an objective to a draft plan, or change one."""
    _editable(plan)
    adding = objective is None
    row = objective if objective is not None else PlanObjective(plan=plan)
    values: dict[str, Any] = {"text": text.strip()}
    if adding:
        values["position"] = PlanObjective.objects.filter(plan=plan).count() + 1
    saved, changed = _save_versioned(
        row=row, actor=actor, values=values, expected_version=expected_version
    )
    audit_nominal(
        actor,
        "risk.plan.objective.added" if adding else "risk.plan.objective.changed",
        plan.nominal,
        plan=plan.pk,
        objective=saved.pk,
        fields=changed,
    )
    return saved


def check_action(values: Mapping[str, Any]) -> None:
    """Refuse an action with no owner, two owners, or no date (issue 5, "Bad input")."""
    reasons: dict[str, str] = {}
    officer, agency = values.get("owner_officer"), (values.get("owner_agency") or "").strip()
    if officer is None and not agency:
        reasons["owner_officer"] = (
            "Say who will do this: choose an officer or name a partner agency"
        )
    elif officer is not None and agency:
        reasons["owner_agency"] = "Choose an officer or name a partner agency, not both"
    if values.get("due_on") is None:
        reasons["due_on"] = "Enter the date by which it will be done"
    if reasons:
        raise ActionIncomplete(reasons)


@transaction.atomic
def action_save(
    *,
    actor: Any,
    plan: RiskManagementPlan,
    action: PlanAction | None,
    values: Mapping[str, Any],
    expected_version: int | None,
) -> PlanAction:
    """Add an action to a draft plan, or change one; refused without an owner or date."""
    if action is not None:  # a change may give only some fields; check the result
        values = {
            "owner_officer": action.owner_officer,
            "owner_agency": action.owner_agency,
            "due_on": action.due_on,
            **values,
        }
    check_action(values)
    _editable(plan)
    objective = values.get("objective")
    if objective is not None and objective.plan_id != plan.pk:
        raise RiskWorkflowError("That objective belongs to another version of the plan.")
    adding = action is None
    row = action if action is not None else PlanAction(plan=plan)
    clean = {**values, "owner_agency": (values.get("owner_agency") or "").strip()}
    saved, changed = _save_versioned(
        row=row, actor=actor, values=clean, expected_version=expected_version
    )
    audit_nominal(
        actor,
        "risk.plan.action.added" if adding else "risk.plan.action.changed",
        plan.nominal,
        plan=plan.pk,
        action=saved.pk,
        fields=changed,
    )
    return saved


def submission_problems(plan: RiskManagementPlan, *, today: dt.date) -> list[str]:
    """What stops a draft from being submitted, in words the officer can act on."""
    problems = []
    if plan.review_on is None:
        problems.append("Set the date the plan will be reviewed.")
    elif plan.review_on < today:
        problems.append("The review date is in the past. Set a date from today on.")
    if not PlanObjective.objects.filter(plan=plan).exists():
        problems.append("Add at least one objective.")
    if not PlanAction.objects.filter(plan=plan).exists():
        problems.append("Add at least one action, with who will do it and by when.")
    return problems


@transaction.atomic
def plan_submit(*, actor: Any, plan: RiskManagementPlan, today: dt.date) -> RiskManagementPlan:
    """Submit a draft (or a version sent back) to a supervisor for sign-off."""
    current = _editable(plan)
    problems = submission_problems(current, today=today)
    if problems:
        raise RiskWorkflowError("The plan cannot be submitted yet.", reasons=tuple(problems))
    now = timezone.now()
    current.status = PlanStatus.SUBMITTED
    current.submitted_by = actor
    current.submitted_at = now
    current.decided_by = None
    current.decided_at = None
    current.send_back_reason = ""
    current.version += 1
    current.modified_by, current.modified_at = actor, now
    current.save()
    audit_nominal(actor, "risk.plan.submitted", plan.nominal, plan=plan.pk, version=plan.number)
    return current


def _decide_plan(
    *, actor: Any, plan: RiskManagementPlan, approve: bool, reason: str
) -> RiskManagementPlan:
    current = RiskManagementPlan.objects.select_for_update().get(pk=plan.pk)
    if current.status != PlanStatus.SUBMITTED:
        raise RiskWorkflowError(
            f"Version {current.number} is {current.get_status_display().lower()}, not waiting "
            "for approval."
        )
    refusal = approval_refusal(actor, plan.nominal, author_id=current.submitted_by_id)
    if refusal:
        raise NotAllowed(refusal)
    if not approve and not reason.strip():
        raise RiskWorkflowError(
            "Say why it is being sent back, so the officer knows what to change."
        )
    now = timezone.now()
    current.status = PlanStatus.APPROVED if approve else PlanStatus.SENT_BACK
    current.decided_by = actor
    current.decided_at = now
    current.send_back_reason = "" if approve else reason.strip()
    current.version += 1
    current.modified_by, current.modified_at = actor, now
    current.save()
    audit_nominal(
        actor,
        "risk.plan.approved" if approve else "risk.plan.sent_back",
        plan.nominal,
        plan=plan.pk,
        version=plan.number,
    )
    return current


@transaction.atomic
def plan_approve(*, actor: Any, plan: RiskManagementPlan) -> RiskManagementPlan:
    """Sign off a submitted version: it becomes the plan in force (issue 5)."""
    return _decide_plan(actor=actor, plan=plan, approve=True, reason="")


@transaction.atomic
def plan_send_back(*, actor: Any, plan: RiskManagementPlan, reason: str) -> RiskManagementPlan:
    """Return a submitted version to the officer with a reason; it can be changed again."""
    return _decide_plan(actor=actor, plan=plan, approve=False, reason=reason)
