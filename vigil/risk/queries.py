"""Reads about risk: what is in force, what is waiting, what is due. Set-based.

Nothing here is stored: the level in force is the latest approved decision, the plan in
force the latest approved version, and the review dates are computed from them, the
trigger events and a ``CadencePolicy`` (ARCHITECTURE.md principles 1-3).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils import timezone

from vigil.nominals.models import Nominal, Status
from vigil.policy import cadence
from vigil.policy.cadence import (
    ENGLAND_AND_WALES_DEFAULT,
    CadencePolicy,
    DueState,
    TriggerEvent,
)
from vigil.policy.risk_levels import RiskLevel
from vigil.risk import triggers
from vigil.risk.models import (
    OPEN_PLAN_STATUSES,
    ActuarialScore,
    ArmsAssessment,
    DecisionState,
    PlanAction,
    PlanObjective,
    PlanStatus,
    RiskLevelDecision,
    RiskManagementPlan,
)

# --- The level and plan in force ---------------------------------------------------------


def _approved_levels(nominal_ref: Any) -> QuerySet[RiskLevelDecision]:
    return RiskLevelDecision.objects.filter(
        nominal=nominal_ref, state=DecisionState.APPROVED
    ).order_by("-decided_at", "-id")


def _approved_plans(nominal_ref: Any) -> QuerySet[RiskManagementPlan]:
    return RiskManagementPlan.objects.filter(
        nominal=nominal_ref, status=PlanStatus.APPROVED
    ).order_by("-number")


def level_in_force_subquery() -> Subquery:
    """The approved level in force for ``OuterRef("pk")`` of a nominal queryset.

    For lists: ``Nominal.objects.annotate(risk_level=level_in_force_subquery())``.
    """
    return Subquery(_approved_levels(OuterRef("pk")).values("level")[:1])


def plan_in_force_subquery(field: str) -> Subquery:
    """A field of the plan in force (the highest approved version) for ``OuterRef("pk")``
    of a nominal queryset: one probe of ``plan_in_force_idx`` per nominal."""
    return Subquery(_approved_plans(OuterRef("pk")).values(field)[:1])


def pending_level_subquery() -> Subquery:
    """The level waiting for approval, if any, for a nominal queryset."""
    return Subquery(
        RiskLevelDecision.objects.filter(
            nominal=OuterRef("pk"), state=DecisionState.PENDING
        ).values("level")[:1]
    )


def with_risk_level(nominals: QuerySet[Nominal]) -> QuerySet[Nominal]:
    """Annotate ``risk_level`` (in force) and ``pending_risk_level``, in the same query."""
    return nominals.annotate(
        risk_level=level_in_force_subquery(), pending_risk_level=pending_level_subquery()
    )


def current_level(nominal: Nominal) -> RiskLevel | None:
    """The level in force: the latest approved decision's level (issue 5), or None."""
    level = _approved_levels(nominal).values_list("level", flat=True).first()
    return RiskLevel(level) if level else None


def current_plan(nominal: Nominal) -> RiskManagementPlan | None:
    """The plan in force: the latest approved version, or None."""
    return _approved_plans(nominal).select_related("decided_by").first()


def visit_intervals(nominals: QuerySet[Nominal]) -> dict[int, cadence.Interval | None]:
    """The home-visit frequency each nominal's plan in force sets, None where it sets none.

    RULES.md §5.2 (NPCC, 29 Jun 2017): the frequency is set in the risk management plan;
    pass it to ``cadence.next_visit_due(plan_interval=...)``. One query.
    """
    plans = _approved_plans(OuterRef("pk"))
    rows = nominals.order_by().annotate(
        _count=Subquery(plans.values("visit_every_count")[:1]),
        _unit=Subquery(plans.values("visit_every_unit")[:1]),
    )
    return {
        pk: cadence.Interval(count, cadence.Unit(unit)) if count and unit else None
        for pk, count, unit in rows.values_list("pk", "_count", "_unit")
    }


# --- Reviews due -------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """One review's due date, its state today, and why it falls then."""

    on: dt.date
    state: DueState
    reason: str


@dataclass(frozen=True)
class ReviewDue:
    """When a nominal's risk assessment and plan are next to be reviewed (issue 5)."""

    nominal_id: int
    level: RiskLevel | None
    assessment: Due
    plan: Due
    #: Events since the last approved assessment that call for a review, earliest first.
    events: tuple[TriggerEvent, ...]


_TRIGGER_WORDS = {
    cadence.ReviewTrigger.CHANGE_OF_ADDRESS: "a change of address",
    cadence.ReviewTrigger.CHANGE_OF_HOUSEHOLD: "a change of household",
    cadence.ReviewTrigger.CHILD_JOINED_HOUSEHOLD: "a child joining the household",
    cadence.ReviewTrigger.NEW_CONVICTION: "a new conviction",
    cadence.ReviewTrigger.ARREST: "an arrest",
    cadence.ReviewTrigger.NEW_INTELLIGENCE: "new intelligence",
    cadence.ReviewTrigger.INTELLIGENCE_OF_OFFENDING: "intelligence of offending",
    cadence.ReviewTrigger.BREACH: "a breach",
    cadence.ReviewTrigger.CIVIL_ORDER_MADE: "a civil order",
    cadence.ReviewTrigger.RISK_LEVEL_CHANGED: "a change of risk level",
    cadence.ReviewTrigger.MAPPA_LEVEL_CHANGED: "a change of MAPPA level",
}


def trigger_words(trigger: cadence.ReviewTrigger) -> str:
    return _TRIGGER_WORDS.get(trigger, str(trigger).replace("_", " "))


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _local_day(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(moment) if moment is not None else None


def _why(
    *,
    due: dt.date,
    policy: CadencePolicy,
    interval: cadence.Interval,
    last: dt.date | None,
    start: dt.date,
    events: list[TriggerEvent],
    what: str,
) -> str:
    baseline = max(d for d in (last, start) if d is not None)
    later = sorted((e for e in events if e.on > baseline), key=lambda e: e.on)
    if later and due == policy.review_after_trigger.after(later[0].on):
        first = later[0]
        return (
            f"{trigger_words(first.trigger).capitalize()} recorded on {_long(first.on)} calls "
            f"for a review within {policy.review_after_trigger}."
        )
    if last is None:
        return f"No approved {what} yet: the first is due within {policy.review_after_trigger}."
    if start > last and due == policy.review_after_trigger.after(start):
        return f"Management began again on {_long(start)}."
    return f"Every {interval} after the last approved {what} ({_long(last)})."


def _assessment_due(
    *,
    policy: CadencePolicy,
    level: RiskLevel | None,
    last: dt.date | None,
    start: dt.date,
    events: list[TriggerEvent],
    today: dt.date,
) -> Due:
    # With no level in force, the shortest interval (very high) is the cautious reading;
    # it only matters once there is an approved assessment, which sets a level anyway.
    lvl = level or RiskLevel.VERY_HIGH
    on = cadence.next_assessment_review_due(
        policy=policy, risk_level=lvl, last_approved_on=last, management_start=start, events=events
    )
    why = _why(
        due=on,
        policy=policy,
        interval=policy.assessment_review[lvl],
        last=last,
        start=start,
        events=events,
        what="risk level",
    )
    return Due(on, cadence.classify(due=on, today=today, policy=policy), why)


def _plan_due(
    *,
    policy: CadencePolicy,
    level: RiskLevel | None,
    last: dt.date | None,
    review_on: dt.date | None,
    start: dt.date,
    events: list[TriggerEvent],
    today: dt.date,
) -> Due:
    lvl = level or RiskLevel.VERY_HIGH
    on = cadence.next_plan_review_due(
        policy=policy, risk_level=lvl, last_approved_on=last, management_start=start, events=events
    )
    why = _why(
        due=on,
        policy=policy,
        interval=policy.plan_review[lvl],
        last=last,
        start=start,
        events=events,
        what="plan",
    )
    # The officer may set an earlier review in the plan itself; the policy is the limit.
    if last is not None and review_on is not None and review_on < on:
        on, why = review_on, "The review date set in the plan."
    return Due(on, cadence.classify(due=on, today=today, policy=policy), why)


def reviews_due(
    nominals: QuerySet[Nominal],
    today: dt.date,
    *,
    policy: CadencePolicy = ENGLAND_AND_WALES_DEFAULT,
) -> dict[int, ReviewDue]:
    """Next risk assessment and plan review for every nominal in ``nominals``.

    RULES.md §5.4 (ARMS reassessed "e.g. annually, and on significant change" [M]), §5.3
    (intelligence or changed circumstances lead to a review [C]) and issue 5, through
    ``cadence.next_assessment_review_due`` and ``next_plan_review_due`` with ``policy``
    (the England & Wales default unless a force's own is given).

    - The assessment is reviewed when a supervisor approves a risk level; that day is
      the last review. The plan's is the day its latest version was signed off.
    - Management is counted from the registration date (``Nominal.registered_on``) until
      custody and transfers are recorded.
    - Events come from every ``triggers`` provider; only those after the last review
      bring a review forward.
    - A plan may set an earlier review date than the policy; the earlier one counts.

    One query for the nominals and one per trigger provider, however many there are.
    """
    # Nothing is due for someone who has died or is no longer subject (the record is
    # closed, MoPI RULES.md §7); their last reviews stay in the history.
    nominals = nominals.exclude(status__in=(Status.DECEASED, Status.NO_LONGER_SUBJECT))
    approved = _approved_levels(OuterRef("pk"))
    plans = _approved_plans(OuterRef("pk"))
    rows = list(
        nominals.order_by()
        .annotate(
            _level=Subquery(approved.values("level")[:1]),
            _level_at=Subquery(approved.values("decided_at")[:1]),
            _plan_at=Subquery(plans.values("decided_at")[:1]),
            _plan_review_on=Subquery(plans.values("review_on")[:1]),
        )
        .values_list("pk", "registered_on", "_level", "_level_at", "_plan_at", "_plan_review_on")
    )
    if not rows:
        return {}
    ids: Iterable[int] = (
        [r[0] for r in rows]
        if nominals.query.is_sliced
        else nominals.order_by().values_list("pk", flat=True)
    )
    events = triggers.events_for(ids)  # type: ignore[arg-type]
    out: dict[int, ReviewDue] = {}
    for pk, registered_on, level_code, level_at, plan_at, plan_review_on in rows:
        level = RiskLevel(level_code) if level_code else None
        mine = events.get(pk, [])
        last_assessment = _local_day(level_at)
        baseline = max(d for d in (last_assessment, registered_on) if d is not None)
        out[pk] = ReviewDue(
            nominal_id=pk,
            level=level,
            assessment=_assessment_due(
                policy=policy,
                level=level,
                last=last_assessment,
                start=registered_on,
                events=mine,
                today=today,
            ),
            plan=_plan_due(
                policy=policy,
                level=level,
                last=_local_day(plan_at),
                review_on=plan_review_on,
                start=registered_on,
                events=mine,
                today=today,
            ),
            events=tuple(sorted((e for e in mine if e.on > baseline), key=lambda e: e.on)),
        )
    return out


# --- One nominal's risk record -----------------------------------------------------------


@dataclass
class RiskSummary:
    """Everything the risk panel and the risk page show about one nominal."""

    decisions: list[RiskLevelDecision]
    scores: list[ActuarialScore]
    assessments: list[ArmsAssessment]
    plans: list[RiskManagementPlan]
    due: ReviewDue | None
    level_in_force: RiskLevelDecision | None = None
    pending: RiskLevelDecision | None = None
    plan_in_force: RiskManagementPlan | None = None
    open_plan: RiskManagementPlan | None = None
    objectives: list[PlanObjective] = field(default_factory=list)
    actions: list[PlanAction] = field(default_factory=list)

    @property
    def latest_score(self) -> ActuarialScore | None:
        return self.scores[0] if self.scores else None

    @property
    def latest_assessment(self) -> ArmsAssessment | None:
        return self.assessments[0] if self.assessments else None


def risk_summary(
    nominal: Nominal,
    *,
    today: dt.date,
    policy: CadencePolicy = ENGLAND_AND_WALES_DEFAULT,
    with_plan_detail: bool = False,
) -> RiskSummary:
    """One nominal's risk record: one query per kind of row, however many rows.

    The histories are short (a few rows a year), so each is read whole and the level and
    plan in force picked from it, rather than a query for each.
    """
    decisions = list(
        RiskLevelDecision.objects.filter(nominal=nominal)
        .select_related("proposed_by", "decided_by")
        .order_by("-proposed_at", "-id")
    )
    summary = RiskSummary(
        decisions=decisions,
        scores=list(ActuarialScore.objects.filter(nominal=nominal).select_related("scored_by")),
        assessments=list(ArmsAssessment.objects.filter(nominal=nominal).select_related("assessor")),
        plans=list(
            RiskManagementPlan.objects.filter(nominal=nominal).select_related(
                "submitted_by", "decided_by"
            )
        ),
        due=reviews_due(Nominal.objects.filter(pk=nominal.pk), today, policy=policy).get(
            nominal.pk
        ),
    )
    approved = [d for d in decisions if d.state == DecisionState.APPROVED]
    summary.level_in_force = max(approved, key=lambda d: (d.decided_at, d.pk), default=None)
    summary.pending = next((d for d in decisions if d.state == DecisionState.PENDING), None)
    summary.plan_in_force = next(
        (p for p in summary.plans if p.status == PlanStatus.APPROVED), None
    )
    summary.open_plan = next((p for p in summary.plans if p.status in OPEN_PLAN_STATUSES), None)
    shown = summary.plan_in_force
    if with_plan_detail and shown is not None:
        summary.objectives, summary.actions = plan_contents(shown)
    return summary


def plan_contents(plan: RiskManagementPlan) -> tuple[list[PlanObjective], list[PlanAction]]:
    """A plan version's objectives and actions: two queries."""
    objectives = list(PlanObjective.objects.filter(plan=plan))
    actions = list(
        PlanAction.objects.filter(plan=plan).select_related("owner_officer", "objective")
    )
    return objectives, actions


@dataclass
class ObjectiveBlock:
    objective: PlanObjective | None
    actions: list[PlanAction]


def grouped(objectives: list[PlanObjective], actions: list[PlanAction]) -> list[ObjectiveBlock]:
    """Actions under their objectives, in order; actions with no objective last."""
    blocks = [ObjectiveBlock(o, [a for a in actions if a.objective_id == o.pk]) for o in objectives]
    loose = [a for a in actions if a.objective_id is None]
    if loose:
        blocks.append(ObjectiveBlock(None, loose))
    return blocks


# --- The supervisor's approvals queue ----------------------------------------------------


@dataclass
class ApprovalsQueue:
    decisions: Sequence[RiskLevelDecision]
    plans: Sequence[RiskManagementPlan]


def approvals_for(user: Any) -> ApprovalsQueue:
    """Pending risk levels and submitted plans for the nominals of ``user``'s unit.

    Two queries. Each pending decision carries ``level_in_force`` (annotated), so the
    queue shows the change being asked for.
    """
    mine = Nominal.objects.visible_to(user).filter(unit_id=user.unit_id)
    decisions = list(
        RiskLevelDecision.objects.filter(state=DecisionState.PENDING, nominal__in=mine)
        .select_related("nominal", "proposed_by")
        .annotate(
            level_in_force=Subquery(
                RiskLevelDecision.objects.filter(
                    nominal=OuterRef("nominal_id"), state=DecisionState.APPROVED
                )
                .order_by("-decided_at", "-id")
                .values("level")[:1]
            )
        )
        .order_by("proposed_at", "id")
    )
    plans = list(
        RiskManagementPlan.objects.filter(status=PlanStatus.SUBMITTED, nominal__in=mine)
        .select_related("nominal", "submitted_by")
        .order_by("submitted_at", "id")
    )
    return ApprovalsQueue(decisions=decisions, plans=plans)
