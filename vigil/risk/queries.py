"""Reads about risk: what is in force, what is waiting, what is due. Set-based.

Nothing here is stored: the level in force is the latest approved decision, the plan in
force the latest approved version, and the review dates are computed from them, the
trigger events and a ``CadencePolicy`` (ARCHITECTURE.md principles 1-3).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from vigil.nominals.models import Nominal, Status
from vigil.obligations.facts import Source
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


#: The approved level in force and the day it was approved (a local day), as a fact the
#: obligations engine reads with the people (``obligations.facts``): one probe of
#: ``level_approved_latest_idx`` per person, index-only.
LEVEL_IN_FORCE = Source(
    "risk.level",
    _approved_levels,
    (("risk_level", "level"), ("risk_level_on", TruncDate("decided_at"))),
)

#: The plan in force (the highest approved version): its id, the day it was signed off,
#: the review date it sets and its visit frequency. One probe of ``plan_in_force_idx``
#: per person, index-only (the index carries these columns).
PLAN_IN_FORCE = Source(
    "risk.plan",
    _approved_plans,
    (
        ("plan_pk", "id"),
        ("plan_on", TruncDate("decided_at")),
        ("plan_review_on", "review_on"),
        ("plan_every_count", "visit_every_count"),
        ("plan_every_unit", "visit_every_unit"),
    ),
)


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


def interval_of(count: int | None, unit: str | None) -> cadence.Interval | None:
    """A plan's visit frequency as an interval; None when the plan sets none."""
    return cadence.Interval(count, cadence.Unit(unit)) if count and unit else None


def visit_intervals(nominals: QuerySet[Nominal]) -> dict[int, cadence.Interval | None]:
    """The home-visit frequency each nominal's plan in force sets, None where it sets none.

    RULES.md §5.2 (NPCC, 29 Jun 2017): the frequency is set in the risk management plan;
    pass it to ``cadence.next_visit_due(plan_interval=...)``. One query.
    """
    rows = nominals.order_by().annotate(
        _count=plan_in_force_subquery("visit_every_count"),
        _unit=plan_in_force_subquery("visit_every_unit"),
    )
    return {
        pk: interval_of(count, unit)
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


@functools.lru_cache(maxsize=4096)
def _long(day: dt.date) -> str:
    # Cached: a force's list words the same few hundred days thousands of times.
    return f"{day.day} {day:%B %Y}"


def _on(event: TriggerEvent) -> dt.date:
    return event.on


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
    # ``events`` is earliest first (``reviews_due`` sorts each person's once), so the
    # first after the baseline is the earliest, as ``cadence._review_due`` takes it.
    baseline = start if last is None or start > last else last
    first = next((e for e in events if e.on > baseline), None)
    if first is not None and due == policy.review_after_trigger.after(first.on):
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
    until: dt.date | None = None,
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

    ``until``: when given, the caller wants only reviews due strictly before it (for an
    overdue list, ``until=today``). A nominal may then be left out if both their reviews
    are due on or after ``until``, and never if either is due before it; for every
    nominal returned, the answer is exactly the one without ``until``
    (``reviews_due_from``).

    One query for the nominals' facts (``_review_rows``), then ``reviews_due_from``'s.
    """
    # Nothing is due for someone who has died or is no longer subject (the record is
    # closed, MoPI RULES.md §7); their last reviews stay in the history.
    nominals = nominals.exclude(status__in=(Status.DECEASED, Status.NO_LONGER_SUBJECT))
    rows = list(_review_rows(nominals))
    if not rows:
        return {}
    scope: Any = (
        [r[0] for r in rows]
        if nominals.query.is_sliced
        else nominals.order_by().values_list("pk", flat=True)
    )
    return reviews_due_from(rows, today, policy=policy, until=until, scope=scope, using=nominals.db)


#: The columns of ``_review_rows``, in order.
_ROW_COLUMNS = ("_id", "_registered_on", "_level", "_level_on", "_plan_on", "_plan_review_on")

ReviewRow = tuple[int, dt.date, str | None, dt.date | None, dt.date | None, dt.date | None]
"""A person's facts for their reviews: the id, the registration date, the level in force,
the day it was approved, the day the plan in force was signed off and the review date
that plan sets (local days)."""


def reviews_due_from(
    rows: Iterable[ReviewRow],
    today: dt.date,
    *,
    policy: CadencePolicy = ENGLAND_AND_WALES_DEFAULT,
    until: dt.date | None = None,
    scope: Any = None,
    using: str = "default",
) -> dict[int, ReviewDue]:
    """``reviews_due`` for people whose facts (``ReviewRow``) are already read: the
    obligations engine reads them with the people, once for every provider
    (``LEVEL_IN_FORCE``, ``PLAN_IN_FORCE``). ``rows`` must be of open records only.

    ``scope`` is the same people as ids or a queryset of them, for the events: used only
    as ``nominal_id__in=``; None means the rows' ids. With ``until``, people are left out
    as ``_could_be_due`` says: exactly those with neither review due before it.

    Queries: with ``until``, at most one to narrow (``_with_events_between``); then one
    per trigger provider for the people kept, none when nobody is.
    """
    rows = list(rows)
    if until is not None:
        rows = _could_be_due(rows, policy=policy, until=until, scope=scope, using=using)
    if not rows:
        return {}
    ids: Any = [r[0] for r in rows] if until is not None or scope is None else scope
    events = triggers.events_for(ids, using=using)
    out: dict[int, ReviewDue] = {}
    for pk, registered_on, level_code, last_assessment, last_plan, plan_review_on in rows:
        level = RiskLevel(level_code) if level_code else None
        # Earliest first, once per person (a stable sort: the same order as sorting
        # each selection of them).
        mine = sorted(events.get(pk, ()), key=_on)
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
                last=last_plan,
                review_on=plan_review_on,
                start=registered_on,
                events=mine,
                today=today,
            ),
            events=tuple(e for e in mine if e.on > baseline),
        )
    return out


def _review_rows(nominals: QuerySet[Nominal]) -> QuerySet[Any]:
    """Each nominal's facts for its reviews, as ``_ROW_COLUMNS`` (``ReviewRow``). One query.

    Days are local days (the current time zone, as ``timezone.localdate``), worked out
    in SQL. Each "in force" is one index probe per person (``level_approved_latest_idx``
    and ``plan_in_force_idx``).
    """
    tz = timezone.get_current_timezone()
    approved = _approved_levels(OuterRef("pk"))
    plans = _approved_plans(OuterRef("pk"))
    return (
        nominals.order_by()
        .annotate(
            _id=F("pk"),
            _registered_on=F("registered_on"),
            _level=Subquery(approved.values("level")[:1]),
            _level_on=Subquery(approved.values(_day=TruncDate("decided_at", tzinfo=tz))[:1]),
            _plan_on=Subquery(plans.values(_day=TruncDate("decided_at", tzinfo=tz))[:1]),
            _plan_review_on=Subquery(plans.values("review_on")[:1]),
        )
        .values_list(*_ROW_COLUMNS)
    )


def as_date(value: Any) -> Any:
    """A date column read with a raw cursor: SQLite gives ISO text, PostgreSQL a date."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _could_be_due(
    rows: list[ReviewRow], *, policy: CadencePolicy, until: dt.date, scope: Any, using: str
) -> list[ReviewRow]:
    """The ``rows`` of people whose assessment or plan review may be due before ``until``.

    A review is due on the earliest of the dates ``cadence._review_due`` takes the least
    of, so it is due before ``until`` if and only if one of them is. For each, "due
    before ``until``" becomes "a day before ``T``", ``T =
    interval.earliest_start_due_from(until)`` (exact: ``Interval.after`` never goes back):

    (a) the routine date, the level's interval after the last approval (with no level
        in force, the very high interval, as ``_assessment_due`` reads it);
    (b) the start of management, ``review_after_trigger`` after registration, while
        there is no approval or registration came after it;
    (c) the earliest trigger event after the last approval (or registration, if later),
        ``review_after_trigger`` after it: some event of a ``triggers`` provider's
        set-based form after that day and before ``T``;
    (d) for the plan only, the review date the plan in force sets (``_plan_due``).

    (a), (b) and (d) are tested on the rows. (c) is asked only for the people they
    leave, whose baseline (the later of registration and the earlier of the two
    approvals) is on or after ``low``, the least of every ``T`` above (a person with an
    approval before the ``T`` of its interval, or registered before (b)'s, was kept by
    (a) or (b)). So their events after the baseline all fall between ``low`` and ``T``:
    one query reads the events of that window (``_with_events_between``), and each
    person's baseline is compared in Python. Exact for every rule above; only a
    provider's set-based form with more days than its events (allowed) can let in
    someone not due. If a trigger provider has no set-based form, nobody is left out
    on account of (c): correct, only slower.
    """
    after_trigger = policy.review_after_trigger.earliest_start_due_from(until)
    assessment = {
        lv: policy.assessment_review[lv].earliest_start_due_from(until) for lv in RiskLevel
    }
    plan = {lv: policy.plan_review[lv].earliest_start_due_from(until) for lv in RiskLevel}
    very_high = RiskLevel.VERY_HIGH.value
    by_code = {lv.value: (assessment[lv], plan[lv]) for lv in RiskLevel}
    kept: list[ReviewRow] = []
    left: list[tuple[ReviewRow, dt.date]] = []
    for row in rows:
        _, registered_on, level, level_on, plan_on, plan_review_on = row
        a_start, p_start = by_code.get(level or very_high, by_code[very_high])
        if (
            (level_on is not None and level_on < a_start)  # (a)
            or (plan_on is not None and plan_on < p_start)  # (a)
            or (
                registered_on is not None  # (b)
                and registered_on < after_trigger
                and (
                    level_on is None
                    or plan_on is None
                    or registered_on > level_on
                    or registered_on > plan_on
                )
            )
            or (plan_on is not None and plan_review_on is not None and plan_review_on < until)
        ):
            kept.append(row)
            continue
        if registered_on is None:
            continue
        # The later of registration and the earlier of the two approvals (a missing one
        # counts as registration): an event after it is after one of the two reviews.
        if (
            level_on is not None
            and plan_on is not None
            and level_on > registered_on
            and plan_on > registered_on
        ):
            baseline = level_on if level_on < plan_on else plan_on
        else:
            baseline = registered_on
        if baseline < after_trigger:
            left.append((row, baseline))
    if left:
        low = min([after_trigger, *assessment.values(), *plan.values()])
        days = _with_events_between(low, after_trigger, scope=scope, using=using)
        if days is None:
            kept.extend(row for row, _ in left)
        else:
            kept.extend(
                row for row, baseline in left if any(baseline < day for day in days.get(row[0], ()))
            )
    return kept


def _with_events_between(
    low: dt.date, high: dt.date, *, scope: Any, using: str
) -> dict[int, list[dt.date]] | None:
    """The days strictly between ``low`` and ``high`` of every registered trigger
    provider's set-based form, for the people of ``scope``: one query (the forms' union),
    served by each trigger table's index on the day a row was recorded. None if a
    provider has no set-based form."""
    forms = triggers.days_queries()
    if forms is None:
        return None
    parts = [
        form.filter(nominal_id__in=scope, day__gt=low, day__lt=high)
        .order_by()
        .values_list("nominal_id", "day")
        for form in forms
    ]
    if not parts:
        return {}
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    out: dict[int, list[dt.date]] = defaultdict(list)
    for nominal_id, day in query.using(using):
        out[nominal_id].append(day)
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
    policy: CadencePolicy | None = None,
    with_plan_detail: bool = False,
) -> RiskSummary:
    """One nominal's risk record: one query per kind of row, however many rows.

    The histories are short (a few rows a year), so each is read whole and the level and
    plan in force picked from it, rather than a query for each. The reviews due follow
    ``policy``, by default the person's force's own in force today (one query).
    """
    if policy is None:
        from vigil.obligations.policies import policy_for

        policy = policy_for(nominal.force_id, on=today)
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
