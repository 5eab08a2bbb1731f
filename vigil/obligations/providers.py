"""Providers for obligations whose facts live on the nominal record itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone

from vigil.nominals.models import Flag, RecordReview, Status
from vigil.obligations.engine import (
    Context,
    Kind,
    Link,
    NominalRow,
    Obligation,
    Owner,
    Problem,
    guarded,
    register,
)
from vigil.obligations.facts import Source
from vigil.policy.cadence import (
    APPROVAL_WITHIN,
    Interval,
    next_record_review_due,
    next_visit_due,
)
from vigil.policy.risk_levels import RiskLevel


def flag_reviews(ctx: Context) -> Iterable[Obligation | Problem]:
    """Each flag or marker still in force must be reviewed by its review date (issue 3)."""
    flags = Flag.objects.filter(nominal_id__in=ctx.ids, removed_on__isnull=True).order_by()
    if ctx.until is not None:
        flags = flags.filter(review_on__lt=ctx.until)
    labels = dict(Flag._meta.get_field("kind").choices or [])
    for nominal_id, review_on, kind in flags.values_list("nominal_id", "review_on", "kind"):
        row = ctx.rows[nominal_id]
        yield Obligation(
            nominal=row,
            kind=Kind.FLAG_REVIEW,
            due=review_on,
            owner=Owner.OFFENDER_MANAGER,
            detail=str(labels.get(kind, kind)),
            target=Link("nominals:detail", (row.reference,), "flags"),
        )


#: The day of each person's last record review, read with the people (``facts``): one
#: backward probe of ``recordreview_idx`` per person, index-only.
LAST_RECORD_REVIEW = Source(
    "nominals.record_review",
    lambda person: RecordReview.objects.filter(nominal=person).order_by("-reviewed_on"),
    (("record_reviewed_on", "reviewed_on"),),
)


def record_reviews(ctx: Context) -> Iterable[Obligation | Problem]:
    """The register support officers' periodic record review ("16-week review", issue 6):
    due one policy interval after the last, or after registration if never reviewed
    (vigil.policy.cadence.next_record_review_due).

    With ``until``, a person is looked at only if the review is counted from a day before
    ``record_review.earliest_start_due_from(until)``: exactly those whose review falls due
    before ``until`` (``Interval.earliest_start_due_from``). No query of its own: the last
    review comes with the people (``LAST_RECORD_REVIEW``)."""
    threshold = (
        None if ctx.until is None else ctx.policy.record_review.earliest_start_due_from(ctx.until)
    )
    facts = ctx.facts
    for row in ctx.rows.values():
        reviewed = facts[row.id].record_reviewed_on
        start = row.registered_on
        if (
            threshold is not None
            and start is not None
            and max(reviewed or start, start) >= threshold
        ):
            continue

        def make(row=row, reviewed=reviewed):  # type: ignore[no-untyped-def]
            due = next_record_review_due(
                policy=ctx.policy,
                last_reviewed_on=reviewed,
                management_start=row.registered_on,
            )
            return Obligation(
                nominal=row,
                kind=Kind.RECORD_REVIEW,
                due=due,
                owner=Owner.REGISTER_SUPPORT,
                detail="Never reviewed"
                if reviewed is None
                else f"Last reviewed {reviewed:%d %b %Y}",
                target=Link("nominals:section", (row.reference, "record-reviews")),
            )

        yield from guarded(row, Kind.RECORD_REVIEW, make)


register("flag_reviews", (Kind.FLAG_REVIEW,), flag_reviews)
register("record_reviews", (Kind.RECORD_REVIEW,), record_reviews, facts=(LAST_RECORD_REVIEW,))


# --- Visits (issue 6) --------------------------------------------------------------------

#: Statuses in which routine home visits are due: a person in custody, in hospital,
#: overseas or missing cannot be visited at home (RULES.md §5.2: visits are to where the
#: person lives or can regularly be found).
VISITABLE = (Status.COMMUNITY,)


def _risk_facts() -> tuple[Source, ...]:
    from vigil.risk.queries import LEVEL_IN_FORCE, PLAN_IN_FORCE

    return (LEVEL_IN_FORCE, PLAN_IN_FORCE)


def _visit_facts() -> tuple[Source, ...]:
    from vigil.visits.queries import LAST_SEEN

    return (*_risk_facts(), LAST_SEEN)


def visits(ctx: Context) -> Iterable[Obligation | Problem]:
    """The next home visit: from the plan's frequency where it sets one, else the policy's
    interval for the risk level in force (cadence.next_visit_due, RULES.md §5.2), counted
    from the last time the person was SEEN (a no-reply does not count, issue 6).

    None under reactive management in force (RULES.md §5.3). When an event has ended it,
    the reactive provider shows the visit due now until the person is seen again, so this
    one stays silent until then (vigil.reactive.queries.in_force).

    With ``until``, each person is first tested with one comparison: the day the interval
    is counted from against ``interval.earliest_start_due_from(until)``, worked out once per
    interval. Only those whose visit falls due before ``until`` go on to the rest."""
    from vigil.reactive.providers import reactive_in_force
    from vigil.reactive.queries import Revoked
    from vigil.risk.queries import interval_of

    # No query of its own: the level in force, the plan in force's visit frequency and
    # the last home visit seen come with the people (``facts``: one index probe per
    # person for each, shared with the other providers).
    levels: dict[int, str | None] = {}
    plan_intervals: dict[int, Interval] = {}
    seen: dict[int, dt.date] = {}
    facts = ctx.facts
    for pk, row in ctx.rows.items():
        if row.status not in VISITABLE:
            continue
        f = facts[pk]
        levels[pk] = f.risk_level
        if (every := interval_of(f.plan_every_count, f.plan_every_unit)) is not None:
            plan_intervals[pk] = every
        if f.seen_on is not None:
            seen[pk] = f.seen_on
    shortest = min(RiskLevel, key=lambda lv: ctx.policy.home_visit[lv].after(ctx.today))
    thresholds: dict[Interval, dt.date] = {}
    candidates: list[tuple[NominalRow, str | None, Interval | None]] = []
    for nominal_id, level in levels.items():
        row = ctx.rows[nominal_id]
        plan_interval = plan_intervals.get(nominal_id)
        if ctx.until is not None and row.registered_on is not None:
            interval = (
                plan_interval or ctx.policy.home_visit[RiskLevel(level) if level else shortest]
            )
            if interval not in thresholds:
                thresholds[interval] = interval.earliest_start_due_from(ctx.until)
            last = seen.get(nominal_id)
            if max(last or row.registered_on, row.registered_on) >= thresholds[interval]:
                continue
        candidates.append((row, level, plan_interval))
    if not candidates:
        return
    reactive = reactive_in_force(ctx)
    for row, level, plan_interval in candidates:
        state = reactive.get(row.id)
        if isinstance(state, Revoked) and not state.answered_by(seen.get(row.id)):
            continue  # the reactive provider shows the visit due now
        on_reactive = state is not None and not isinstance(state, Revoked)

        def make(row=row, level=level, plan_interval=plan_interval, on_reactive=on_reactive):  # type: ignore[no-untyped-def]
            in_force = RiskLevel(level) if level else shortest
            last = seen.get(row.id)
            due = next_visit_due(
                policy=ctx.policy,
                risk_level=in_force,
                last_seen=last,
                management_start=row.registered_on,
                plan_interval=plan_interval,
                reactive=on_reactive,
            )
            if due is None:
                return None
            if not level:
                detail = "No approved risk level yet: the shortest interval applies"
            elif plan_interval:
                detail = f"Every {plan_interval} (the plan)"
            else:
                detail = f"{RiskLevel(level).label} risk"
            detail += f"; last seen {last:%d %b %Y}" if last else "; not yet seen at home"
            return Obligation(
                nominal=row,
                kind=Kind.VISIT,
                due=due,
                owner=Owner.OFFENDER_MANAGER,
                detail=detail,
                target=Link("visits:record", (row.reference,)),
            )

        yield from guarded(row, Kind.VISIT, make)


# --- Risk (issue 5) ----------------------------------------------------------------------


def risk_reviews(ctx: Context) -> Iterable[Obligation | Problem]:
    """Risk assessment and plan reviews (vigil.risk.queries.reviews_due_from: the cadence
    policy by risk level, brought forward by events that call for a review), from the
    level and plan in force read with the people (``facts``)."""
    from vigil.risk.queries import reviews_due_from

    until = ctx.until
    facts = ctx.facts
    rows = [
        (pk, row.registered_on, f.risk_level, f.risk_level_on, f.plan_on, f.plan_review_on)
        for pk, row in ctx.rows.items()
        for f in (facts[pk],)
    ]
    for nominal_id, due in reviews_due_from(
        rows, ctx.today, policy=ctx.policy, until=until, scope=ctx.ids, using=ctx.people.db
    ).items():
        row = ctx.rows[nominal_id]
        link = Link("risk:record", (row.reference,))
        # The engine would drop a review due on or after ``until`` (``Context.until``):
        # about half of an overdue list's, so they are not built at all.
        for kind, review in (
            (Kind.ASSESSMENT_REVIEW, due.assessment),
            (Kind.PLAN_REVIEW, due.plan),
        ):
            if until is None or review.on < until:
                yield Obligation(
                    nominal=row,
                    kind=kind,
                    due=review.on,
                    owner=Owner.OFFENDER_MANAGER,
                    detail=review.reason,
                    target=link,
                )


def approvals(ctx: Context) -> Iterable[Obligation | Problem]:
    """Risk levels and plans waiting for a supervisor's decision (issue 5's approvals)."""
    from vigil.risk.models import DecisionState, PlanStatus, RiskLevelDecision, RiskManagementPlan

    within = dt.timedelta(days=APPROVAL_WITHIN.value)
    asked = [
        ("risk level", "risk:level-decide", pk, nominal_id, at)
        for pk, nominal_id, at in RiskLevelDecision.objects.filter(
            nominal_id__in=ctx.ids, state=DecisionState.PENDING
        ).values_list("pk", "nominal_id", "proposed_at")
    ] + [
        ("management plan", "risk:plan-decide", pk, nominal_id, at)
        for pk, nominal_id, at in RiskManagementPlan.objects.filter(
            nominal_id__in=ctx.ids, status=PlanStatus.SUBMITTED
        ).values_list("pk", "nominal_id", "submitted_at")
    ]
    for what, url, pk, nominal_id, at in asked:
        row = ctx.rows[nominal_id]
        asked_on = timezone.localtime(at).date() if at else ctx.today
        yield Obligation(
            nominal=row,
            kind=Kind.APPROVAL,
            due=asked_on + within,
            owner=Owner.SUPERVISOR,
            detail=f"A {what}, asked for {asked_on:%d %b %Y}",
            target=Link(url, (row.reference, pk)),
        )


def plan_actions(ctx: Context) -> Iterable[Obligation | Problem]:
    """Open actions of each person's plan in force, by their own dates (issue 5).

    The plan in force is the highest approved version, as ``risk.queries`` reads it
    (``PLAN_IN_FORCE``, read with the people): one query for those plans' open actions,
    by plan."""
    from vigil.obligations.facts import id_list
    from vigil.risk.models import OPEN_ACTION_STATUSES, PlanAction

    facts = ctx.facts
    plans = {f.plan_pk: pk for pk in ctx.rows if (f := facts[pk]).plan_pk is not None}
    if not plans:
        return
    actions = PlanAction.objects.filter(
        plan_id__in=id_list(list(plans), using=ctx.people.db),
        status__in=OPEN_ACTION_STATUSES,
    ).order_by()  # the engine sorts; the database need not
    if ctx.until is not None:
        actions = actions.filter(due_on__lt=ctx.until)
    rows = actions.values_list(
        "plan_id",
        "due_on",
        "what",
        "owner_agency",
        "owner_officer__first_name",
        "owner_officer__last_name",
    )
    for plan_id, due_on, what, agency, first, last in rows:
        row = ctx.rows[plans[plan_id]]
        owner = agency or f"{first} {last}".strip()
        yield Obligation(
            nominal=row,
            kind=Kind.PLAN_ACTION,
            due=due_on,
            owner=Owner.OFFENDER_MANAGER,
            detail=f"{what} (owner: {owner})",
            target=Link("risk:plan", (row.reference, plan_id)),
        )


# --- Notification requirements (issue 4) ----------------------------------------------

_NOTIFICATION_KINDS = {
    "initial": Kind.INITIAL_NOTIFICATION,
    "periodic": Kind.PERIODIC_NOTIFICATION,
    "weekly": Kind.WEEKLY_NOTIFICATION,
    "travel_return": Kind.TRAVEL_RETURN,
}


def _notification_facts() -> tuple[Source, ...]:
    from vigil.registration.queries import NARROWING_FACTS

    return NARROWING_FACTS


def notifications(ctx: Context) -> Iterable[Obligation | Problem]:
    """Initial, periodic, weekly and travel-return notifications due (SOA 2003 ss.83-86),
    from vigil.registration.queries.statuses: the same derivation the record shows. A
    deadline whose clock is stopped (in custody, in hospital or abroad) is not due."""
    from vigil.policy.deadlines import DueState as ClockState
    from vigil.registration.queries import statuses

    for nominal_id, status in statuses(
        ctx.ids, today=ctx.today, until=ctx.until, facts=ctx.facts
    ).items():
        row = ctx.rows.get(nominal_id)
        if row is None:
            continue
        link = Link("registration:requirements", (row.reference,))
        for item in status.items:
            kind = _NOTIFICATION_KINDS.get(item.kind)
            if item.deadline is None:
                # Abroad with no return date notified: nothing is due until they are back.
                continue
            if kind is None:
                yield Problem(
                    row,
                    Kind.PERIODIC_NOTIFICATION,
                    f"{item.label}: not a deadline the work queue knows.",
                )
                continue
            if item.status is not None and item.status.state == ClockState.SUSPENDED:
                continue
            yield Obligation(
                nominal=row,
                kind=kind,
                due=item.deadline.due,
                owner=Owner.OFFENDER_MANAGER,
                detail=item.note or item.label,
                target=link,
            )


register(
    "notifications",
    tuple(_NOTIFICATION_KINDS.values()),
    notifications,
    facts=_notification_facts(),
)
register("visits", (Kind.VISIT,), visits, facts=_visit_facts())
register(
    "risk_reviews",
    (Kind.ASSESSMENT_REVIEW, Kind.PLAN_REVIEW),
    risk_reviews,
    facts=_risk_facts(),
)
register("approvals", (Kind.APPROVAL,), approvals)
register("plan_actions", (Kind.PLAN_ACTION,), plan_actions, facts=_risk_facts())
