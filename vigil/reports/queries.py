"""Reads for the supervisor's dashboard and the monthly late-visits report. Set-based.

ARCHITECTURE.md principle 1: "One module computes obligations; the work queue,
dashboards, KPIs, reports and the API all read from it". Every overdue figure here is
counted from ``obligations.engine.collect`` over the same nominals the work queue uses,
so the dashboard and the queue cannot disagree. The late-visits report needs history
(which visit fell due in a past month, under the level in force then) that the engine,
which answers "what is due today", does not keep; it reads the same facts (home visits
seen, approved levels and plans, reactive management) and applies
``vigil.policy.late_visits``, whose intervals are the engine's (``vigil.policy.cadence``).

Principle 3: a fixed number of queries whatever the number of people or officers.

The late-visits report reads a whole register's histories (for the national figures,
every person in the community), so it reads them for speed: the long histories with a
raw cursor (``_fetch``, the queryset's own SQL without Django's per-row converters), kept
as rows until a person needs the rule. Most people were not seen in the month and had no
decision since they were last seen, with nothing due by the month's end: they cost one
comparison (``_Facts.quiet``, ``late_visits.quiet_from``). The rest not seen in the month
get ``late_visits.one_period``; only those seen in it, or on reactive management, get
every period of ``visits_due_in_month``. Each is the rule's own answer, never a second
reading of it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from itertools import groupby
from operator import itemgetter
from typing import Any
from urllib.parse import urlencode

from django.db import connections
from django.db.models import (
    Count,
    Max,
    Min,
    Q,
    QuerySet,
)
from django.db.models.functions import TruncDate
from django.utils import timezone

from vigil.accounts.models import Force, Unit, User
from vigil.accounts.roles import Role
from vigil.nominals.models import Nominal
from vigil.obligations.engine import (
    CLOSED,
    Kind,
    Obligation,
    Owner,
    Problem,
    Result,
    collect,
)
from vigil.obligations.policies import policies_for, policy_for
from vigil.obligations.providers import VISITABLE
from vigil.policy.cadence import (
    ENGLAND_AND_WALES_DEFAULT,
    CadencePolicy,
    DueState,
    Interval,
    due_soon_until,
)
from vigil.policy.late_visits import (
    DueVisit,
    HomeVisit,
    LevelApproved,
    MonthVisits,
    Outcome,
    PlanApproved,
    ReactiveSpell,
    Window,
    month_window,
    one_period,
    quiet_from,
    visits_due_in_month,
)
from vigil.policy.risk_levels import RiskLevel
from vigil.risk.models import DecisionState, PlanStatus, RiskLevelDecision, RiskManagementPlan
from vigil.risk.queries import as_date, interval_of, level_in_force_subquery
from vigil.visits.models import HOME_VISIT_TYPES, Visit, VisitStatus
from vigil.visits.models import Outcome as VisitOutcome

# --- Whose figures ------------------------------------------------------------------------


@dataclass(frozen=True)
class Scope:
    """One unit, or a whole force (``unit`` None), with the nominals in it that the reader
    may see (built by ``reports.access.access_scope``, never by hand in a view)."""

    force: Force
    unit: Unit | None
    nominals: QuerySet[Nominal]
    #: Whether the reader chose the unit (register staff) rather than having only one.
    chosen: bool = False

    @property
    def name(self) -> str:
        return self.unit.name if self.unit is not None else f"{self.force.name}, all units"

    @property
    def unit_code(self) -> str:
        return self.unit.code if self.unit is not None else ""

    @property
    def unit_param(self) -> str:
        """The unit as links must repeat it: only when the reader chose it."""
        return self.unit_code if self.chosen else ""

    @property
    def slug(self) -> str:
        """For file names: the unit's code, or the force's."""
        return self.unit.code if self.unit is not None else self.force.code

    def as_detail(self) -> dict[str, str]:
        """What the audit event records about the scope."""
        return {"force": self.force.code, "unit": self.unit_code or "(all units)"}

    def units(self) -> QuerySet[Unit]:
        if self.unit is not None:
            return Unit.objects.filter(pk=self.unit.pk)
        return Unit.objects.filter(force_id=self.force.pk)


@dataclass(frozen=True)
class Officer:
    """An offender manager as the reports show them; ``pk`` None: nobody allocated."""

    pk: int | None
    username: str
    name: str
    unit_id: int | None = None

    @property
    def sort_key(self) -> tuple[int, str]:
        return (1, "") if self.pk is None else (0, self.name.lower())

    @property
    def query(self) -> str:
        """How the drill-down links name this officer (``views._officer`` reads it)."""
        return "unallocated=1" if self.pk is None else urlencode({"officer": self.username})


UNALLOCATED = Officer(pk=None, username="", name="Not allocated")


def officers(scope: Scope) -> dict[int, Officer]:
    """The offender managers of the scope's units, and anyone managing someone in it.

    One query. Officers with an empty caseload are included, so a supervisor sees all
    their team.
    """
    managers = scope.nominals.exclude(status__in=CLOSED).values("offender_manager_id")
    rows = (
        User.objects.filter(
            Q(unit__in=scope.units(), role=Role.OFFENDER_MANAGER, is_active=True)
            | Q(pk__in=managers)
        )
        .order_by()
        .values_list("pk", "username", "first_name", "last_name", "unit_id")
    )
    return {
        pk: Officer(pk, username, f"{first} {last}".strip() or username, unit_id)
        for pk, username, first, last, unit_id in rows
    }


def officer_named(scope: Scope, username: str) -> Officer | None:
    """The officer in ``scope`` with this username, or None if there is none."""
    return next((o for o in officers(scope).values() if o.username == username), None)


def _by_officer(nominals: QuerySet[Nominal], officer: Officer | None) -> QuerySet[Nominal]:
    if officer is None:
        return nominals
    if officer.pk is None:
        return nominals.filter(offender_manager__isnull=True)
    return nominals.filter(offender_manager_id=officer.pk)


# --- The late-visits report ---------------------------------------------------------------


@dataclass
class Counts:
    """One line's figures for a month (``vigil.policy.late_visits``)."""

    fell_due: int = 0
    on_time: int = 0
    late: int = 0
    not_done: int = 0
    #: Visits due in an earlier month and still not made when this one began.
    overdue_before: int = 0

    @property
    def missed(self) -> int:
        """Late or not done: the rate's numerator."""
        return self.late + self.not_done

    @property
    def rate(self) -> float | None:
        """Late over fell due; None when nothing fell due (not 0%: nothing to be late)."""
        return self.missed / self.fell_due if self.fell_due else None

    @property
    def rate_text(self) -> str:
        if not self.fell_due:
            return "None due"
        # Rounded half up, as a spreadsheet's "0%" format shows the same figure.
        percent = (Decimal(100 * self.missed) / self.fell_due).quantize(
            Decimal(1), rounding=ROUND_HALF_UP
        )
        return f"{percent}%"

    def count(self, result: MonthVisits) -> None:
        for visit in result.fell_due:
            self.fell_due += 1
            if visit.outcome is Outcome.ON_TIME:
                self.on_time += 1
            elif visit.outcome is Outcome.LATE:
                self.late += 1
            else:
                self.not_done += 1
        if result.overdue_at_start is not None:
            self.overdue_before += 1

    def add(self, other: Counts) -> None:
        self.fell_due += other.fell_due
        self.on_time += other.on_time
        self.late += other.late
        self.not_done += other.not_done
        self.overdue_before += other.overdue_before


@dataclass(frozen=True)
class Case:
    """A visit that was late or not done, for the drill-down (public reference first)."""

    reference: str
    name: str
    officer: Officer
    unit_name: str
    visit: DueVisit
    #: Due in an earlier month and still not made when the month began.
    earlier_month: bool = False


@dataclass
class ReportLine:
    officer: Officer
    unit_id: int
    unit_name: str
    counts: Counts = field(default_factory=Counts)


@dataclass
class LateVisitsReport:
    scope: Scope
    year: int
    month: int
    today: dt.date
    #: None for a month that has not begun.
    window: Window | None
    lines: list[ReportLine] = field(default_factory=list)
    #: Per-unit subtotals, when the scope is a whole force.
    units: list[ReportLine] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)
    cases: list[Case] = field(default_factory=list)

    @property
    def first(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def in_progress(self) -> bool:
        """The month is this month: figures are for the days so far."""
        return self.window is not None and self.window.as_of == self.today

    @property
    def month_code(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def cases_of(self, officer: Officer | None) -> list[Case]:
        if officer is None:
            return self.cases
        return [c for c in self.cases if c.officer.pk == officer.pk]

    def counts_by_officer(self) -> dict[int | None, Counts]:
        """Each officer's figures, whichever units their people are in."""
        out: dict[int | None, Counts] = defaultdict(Counts)
        for line in self.lines:
            out[line.officer.pk].add(line.counts)
        return dict(out)


def _start_of(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in Europe/London."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _seen() -> Q:
    # The same rule as vigil.visits.queries (last_seen_by_nominal): recorded home visits
    # at which the person was seen. Anything else does not satisfy the visit due.
    return Q(
        status=VisitStatus.DONE, outcome=VisitOutcome.SEEN, visit_type__in=list(HOME_VISIT_TYPES)
    )


def _fetch(rows: QuerySet[Any, Any], *, day: int) -> list[tuple[Any, ...]]:
    """A ``values_list`` queryset's rows read with a raw cursor: the same SQL, without
    Django's per-row converters (most of the time of reading a long history).

    Column ``day`` is a date: PostgreSQL gives a ``date``, SQLite ISO text, read as a
    date (``risk.queries.as_date``) only then.
    """
    connection = connections[rows.db]
    sql, params = rows.query.get_compiler(connection=connection).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        out = cursor.fetchall()
    if out and isinstance(out[0][day], str):
        out = [(*row[:day], as_date(row[day]), *row[day + 1 :]) for row in out]
    return out


def _by_person(rows: list[tuple[Any, ...]]) -> dict[int, list[tuple[Any, ...]]]:
    """Rows ordered by person (first column), grouped, each group in its order."""
    return {nominal_id: list(group) for nominal_id, group in groupby(rows, itemgetter(0))}


@dataclass
class _Facts:
    """What the rule needs, as read: raw rows, grouped by person, in the rule's order."""

    #: The day last seen before the month.
    last_before: dict[int, dt.date]
    #: Every day seen in the month up to ``as_of`` (rows: person, day).
    in_month: dict[int, list[tuple[Any, ...]]]
    #: The first day seen after ``as_of``.
    first_after: dict[int, dt.date]
    #: Approved levels (rows: person, day, level) by decision time, then id.
    levels: dict[int, list[tuple[Any, ...]]]
    #: Approved plans (rows: person, day, visit_every_count, visit_every_unit) by day,
    #: then number.
    plans: dict[int, list[tuple[Any, ...]]]
    reactive: dict[int, list[ReactiveSpell]]
    intervals: dict[tuple[int | None, str | None], Interval | None] = field(default_factory=dict)

    def anchor(self, nominal_id: int, registered_on: dt.date) -> dt.date:
        """The first day of the earliest period the month can need: the day last seen
        before it, or the start of management if that is later (or never seen)."""
        before = self.last_before.get(nominal_id)
        return registered_on if before is None else max(registered_on, before)

    def every(self, count: int | None, unit: str | None) -> Interval | None:
        """A plan's visit frequency (``risk.queries.interval_of``), made once per
        distinct value."""
        key = (count, unit)
        if key not in self.intervals:
            self.intervals[key] = interval_of(count, unit)
        return self.intervals[key]

    def level(self, row: tuple[Any, ...]) -> LevelApproved:
        _, day, level = row
        return LevelApproved(day, _LEVELS[level])

    def plan(self, row: tuple[Any, ...]) -> PlanApproved:
        _, day, count, unit = row
        return PlanApproved(day, self.every(count, unit))

    def quiet(
        self, nominal_id: int, anchor: dt.date, *, policy: CadencePolicy, window: Window
    ) -> bool:
        """Whether ``one_period`` would find nothing to count for this person with no
        decision after the anchor, told from the last row of each history before any
        record is built. The caller has checked that they were not seen in the month
        and are not on reactive management. False means only "ask ``one_period``".

        With no approval after the anchor, the one in force on it is the last of each
        history; its interval (the plan's visit frequency, else the level's) is the only
        one, and nothing falls due in the window if it runs out after it (``quiet_from``).
        """
        if anchor >= window.first:
            return False
        every = None
        plans = self.plans.get(nominal_id)
        if plans:
            _, day, count, unit = plans[-1]
            if day > anchor:
                return False
            every = self.every(count, unit)
        levels = self.levels.get(nominal_id)
        if levels:
            _, day, level = levels[-1]
            if day > anchor:
                return False
            if every is None:
                every = policy.home_visit[_LEVELS[level]]
        return anchor >= quiet_from(policy, window, every)

    def visits(self, nominal_id: int) -> list[HomeVisit]:
        days = [day for _, day in self.in_month.get(nominal_id, ())]
        for other in (self.last_before, self.first_after):
            day = other.get(nominal_id)
            if day is not None:
                days.append(day)
        return [HomeVisit(day, True) for day in days]


def _reactive_spells(
    ids: QuerySet[Nominal, Any], as_of: dt.date, policy: CadencePolicy
) -> dict[int, list[ReactiveSpell]]:
    """Each person's reactive management as of ``as_of`` (``vigil.reactive.queries``: the
    latest approved placement, in force or revoked by an event): a fixed few queries."""
    from vigil.reactive.queries import Revoked, in_force, placed_on

    out: dict[int, list[ReactiveSpell]] = {}
    for nominal_id, state in in_force(ids, as_of, policy=policy).items():
        if isinstance(state, Revoked):
            out[nominal_id] = [ReactiveSpell(placed_on(state.placement), state.on)]
        else:
            out[nominal_id] = [ReactiveSpell(placed_on(state), None)]
    return out


_LEVELS = {level.value: level for level in RiskLevel}


def _facts(
    ids: QuerySet[Nominal, Any],
    window: Window,
    today: dt.date,
    policy: CadencePolicy,
) -> _Facts:
    """What the rule needs for every person in ``ids``, in a fixed number of queries.

    Visits: the last seen before the month (earlier periods ended before it), every day
    seen in the month up to ``as_of``, and the first seen after (to say when a visit not
    made in the month was made). Reactive management: as
    ``vigil.reactive.queries.in_force`` says on ``as_of``. Days are read in Europe/London
    by the database.

    Levels and plans: every approval up to the month's end, in the order the rule reads
    them (by day, then as approved). They are read with a raw cursor (``_fetch``) and
    kept as rows; ``_month_results`` builds the rule's records only for the people it
    does not skip, and cuts each history at the anchor (``_from_anchor``).
    """
    london = timezone.get_current_timezone()
    first_at = _start_of(window.first)
    end_at = _start_of(window.as_of + dt.timedelta(days=1))
    seen = Visit.objects.filter(_seen(), nominal_id__in=ids).order_by()
    local_day = TruncDate("occurred_at", tzinfo=london)

    last_before = dict(
        _fetch(
            seen.filter(occurred_at__lt=first_at)
            .values("nominal_id")
            # The day of the latest moment: the same as the latest day, with one
            # conversion to Europe/London per person instead of one per visit.
            .annotate(seen_on=TruncDate(Max("occurred_at"), tzinfo=london))
            .values_list("nominal_id", "seen_on"),
            day=1,
        )
    )
    in_month = _by_person(
        _fetch(
            seen.filter(occurred_at__gte=first_at, occurred_at__lt=end_at)
            .annotate(seen_on=local_day)
            .order_by("nominal_id")
            .values_list("nominal_id", "seen_on"),
            day=1,
        )
    )
    first_after: dict[int, dt.date] = {}
    if window.as_of < today:
        first_after = dict(
            _fetch(
                seen.filter(occurred_at__gte=end_at)
                .values("nominal_id")
                .annotate(seen_on=TruncDate(Min("occurred_at"), tzinfo=london))
                .values_list("nominal_id", "seen_on"),
                day=1,
            )
        )
    levels = _fetch(
        RiskLevelDecision.objects.filter(
            nominal_id__in=ids, state=DecisionState.APPROVED, decided_at__lt=end_at
        )
        .annotate(day=TruncDate("decided_at", tzinfo=london))
        # The level in force is the latest approved (risk.queries): same-day ties by id.
        .order_by("nominal_id", "decided_at", "id")
        .values_list("nominal_id", "day", "level"),
        day=1,
    )
    plans = _fetch(
        RiskManagementPlan.objects.filter(
            nominal_id__in=ids, status=PlanStatus.APPROVED, decided_at__lt=end_at
        )
        .annotate(day=TruncDate("decided_at", tzinfo=london))
        # By day, then number: the order in which the rule (a stable sort by day) reads them.
        .order_by("nominal_id", "day", "number")
        .values_list("nominal_id", "day", "visit_every_count", "visit_every_unit"),
        day=1,
    )
    return _Facts(
        last_before=last_before,
        in_month=in_month,
        first_after=first_after,
        levels=_by_person(levels),
        plans=_by_person(plans),
        reactive=_reactive_spells(ids, window.as_of, policy),
    )


def _from_anchor(history: list[tuple[Any, ...]], anchor: dt.date) -> list[tuple[Any, ...]]:
    """A history's rows (person, day, ...; sorted by day as ``late_visits._in_force`` reads
    them) from the approval in force on the anchor: the last dated on or before it (all,
    if none is).

    ``visits_due_in_month`` skips every period that ended before the month, so the
    earliest period it looks at starts on the anchor, and ``overdue_spells`` asks only
    for the level and plan in force on that day or later (``_in_force``: the last
    approval on or before the day; ``changes``: approvals after the period's first day).
    So the one in force on the anchor and every one after it give exactly the answer of
    the whole history, with less for the rule to build, sort and read.
    """
    keep = 0
    for i, row in enumerate(history):
        if row[1] > anchor:
            break
        keep = i
    return history[keep:] if keep else history


def _month_results(
    people: QuerySet[Nominal],
    fields: tuple[str, ...],
    window: Window,
    today: dt.date,
    policy: CadencePolicy,
) -> Iterator[tuple[tuple[Any, ...], MonthVisits]]:
    """Each person in ``people`` with a visit that fell due in ``window``'s month or was
    overdue when it began, with ``vigil.policy.late_visits``' answer for them, and the
    values of ``fields`` (``values_list`` names) read with them. People with nothing to
    count are left out. A fixed number of queries (``_facts``, and one for the people).

    Most people of a register were not seen in the month: ``late_visits.one_period``
    answers for them (the rule's own shortcut, the same answer), from the histories cut
    at the anchor (``_from_anchor``). Most of those have had no decision since they were
    last seen and nothing due by the month's end: ``_Facts.quiet`` tells them from the
    raw rows with one comparison, before any record is built.
    """
    rows = list(people.values_list("pk", "registered_on", *fields))
    facts = _facts(people.values("pk"), window, today, policy)
    for pk, registered_on, *row in rows:
        anchor = facts.anchor(pk, registered_on)
        last_period_only = pk not in facts.in_month and pk not in facts.reactive
        if last_period_only and facts.quiet(pk, anchor, policy=policy, window=window):
            continue
        levels = [facts.level(r) for r in _from_anchor(facts.levels.get(pk, []), anchor)]
        plans = [facts.plan(r) for r in _from_anchor(facts.plans.get(pk, []), anchor)]
        result = None
        if last_period_only:
            result = one_period(
                policy=policy,
                window=window,
                anchor=anchor,
                later=facts.first_after.get(pk),
                levels=levels,
                plans=plans,
            )
        if result is None:
            result = visits_due_in_month(
                policy=policy,
                window=window,
                management_start=registered_on,
                visits=facts.visits(pk),
                levels=levels,
                plans=plans,
                reactive=facts.reactive.get(pk, ()),
            )
        if result.fell_due or result.overdue_at_start is not None:
            yield tuple(row), result


def national_late_visit_counts(
    year: int,
    month: int,
    *,
    today: dt.date,
    policy: CadencePolicy | None = None,
) -> dict[int | None, Counts]:
    """The late-visits figures for a month for everyone in the community in every force,
    by offender manager (None: nobody allocated), in one fixed set of queries.

    The same rule and the same people as ``late_visits_report`` (which it shares its
    internals with, ``_month_results``): for every officer, the sum over every force of
    ``late_visits_report(...).counts_by_officer()``, leaving out officers with nothing
    counted. Empty for a month that has not begun.

    ``policy`` None: each force's own, in force on the month's first day, as
    ``late_visits_report`` takes it; one query for them all, and the set of queries
    once per different policy (once, when no force has its own).
    """
    window = month_window(year, month, today=today)
    out: dict[int | None, Counts] = {}
    if window is None:
        return out
    people = Nominal.objects.filter(status__in=VISITABLE).order_by()
    groups = [(policy, people)] if policy is not None else _by_force_policy(people, window)
    for group_policy, group in groups:
        for (manager_id,), result in _month_results(
            group, ("offender_manager_id",), window, today, group_policy
        ):
            counts = out.get(manager_id)
            if counts is None:
                counts = out[manager_id] = Counts()
            counts.count(result)
    return out


def _by_force_policy(
    people: QuerySet[Nominal], window: Window
) -> list[tuple[CadencePolicy, QuerySet[Nominal]]]:
    """``people`` by their force's cadence policy in force on the month's first day: the
    whole set when every force has the same (one query, for every force)."""
    by_policy: dict[CadencePolicy, list[int]] = {}
    for force_id, policy in policies_for(Force.objects.all(), on=window.first).items():
        by_policy.setdefault(policy, []).append(force_id)
    if len(by_policy) <= 1:
        return [(next(iter(by_policy), ENGLAND_AND_WALES_DEFAULT), people)]
    return [(policy, people.filter(force_id__in=ids)) for policy, ids in by_policy.items()]


def late_visits_report(
    scope: Scope,
    year: int,
    month: int,
    *,
    today: dt.date,
    policy: CadencePolicy | None = None,
) -> LateVisitsReport:
    """Home visits that fell due in a month, by offender manager: on time, late, not done.

    ``vigil.policy.late_visits`` says what each of those means. People counted: those in
    the community today (the engine's ``VISITABLE``) in ``scope``. Each visit is counted
    against the person's offender manager and unit today. A fixed number of queries
    (ten, and reactive management's few when anyone has been placed on it), however
    many people and officers.

    ``policy`` None: the scope's force's own, as in force on the month's first day
    (``vigil.obligations.policies``): a month is judged by the policy it began under, so
    a version added later never rewrites a month already reported, and one that begins
    during a month counts from the next.
    """
    window = month_window(year, month, today=today)
    if policy is None and window is not None:
        policy = policy_for(scope.force.pk, on=window.first)
    report = LateVisitsReport(scope=scope, year=year, month=month, today=today, window=window)
    unit_names = dict(scope.units().values_list("pk", "name"))
    team = officers(scope)
    lines: dict[tuple[int, int | None], ReportLine] = {}
    for officer in team.values():
        if officer.unit_id in unit_names:
            key = (officer.unit_id, officer.pk)
            lines[key] = ReportLine(officer, officer.unit_id, unit_names[officer.unit_id])
    if window is not None:
        people = scope.nominals.filter(status__in=VISITABLE).order_by()
        extra = ("reference", "forename", "surname", "offender_manager_id", "unit_id")
        assert policy is not None
        for row, result in _month_results(people, extra, window, today, policy):
            reference, forename, surname, manager_id, unit_id = row
            officer = team.get(manager_id, UNALLOCATED) if manager_id is not None else UNALLOCATED
            line = lines.get((unit_id, officer.pk))
            if line is None:
                line = lines[(unit_id, officer.pk)] = ReportLine(
                    officer, unit_id, unit_names.get(unit_id, "")
                )
            line.counts.count(result)
            name = f"{surname.upper()}, {forename}"
            unit_name = unit_names.get(unit_id, "")
            for visit in result.fell_due:
                if visit.late:
                    report.cases.append(Case(reference, name, officer, unit_name, visit))
            if result.overdue_at_start is not None:
                report.cases.append(
                    Case(reference, name, officer, unit_name, result.overdue_at_start, True)
                )
    report.lines = sorted(
        lines.values(), key=lambda line: (line.unit_name.lower(), line.officer.sort_key)
    )
    by_unit: dict[int, ReportLine] = {}
    for line in report.lines:
        subtotal = by_unit.setdefault(
            line.unit_id, ReportLine(UNALLOCATED, line.unit_id, line.unit_name)
        )
        subtotal.counts.add(line.counts)
        report.total.add(line.counts)
    report.units = list(by_unit.values()) if scope.unit is None else []
    report.cases.sort(
        key=lambda c: (c.unit_name.lower(), c.officer.sort_key, c.visit.due, c.reference)
    )
    return report


# --- The dashboard ------------------------------------------------------------------------

#: The caseload columns: each risk level in force, and none yet approved.
LEVELS: tuple[tuple[str, str], ...] = (
    *((level.value, level.label) for level in RiskLevel),
    ("none", "No level"),
)
REVIEWS = (Kind.ASSESSMENT_REVIEW, Kind.PLAN_REVIEW)


@dataclass
class OfficerLine:
    """One officer's row on the dashboard (or the totals)."""

    officer: Officer
    caseload: int = 0
    by_level: dict[str, int] = field(default_factory=lambda: dict.fromkeys(dict(LEVELS), 0))
    overdue_visits: int = 0
    overdue_reviews: int = 0
    approvals: int = 0
    late: Counts = field(default_factory=Counts)

    @property
    def levels(self) -> list[tuple[str, str, int]]:
        """(code, label, count) in the order of the columns."""
        return [(code, label, self.by_level[code]) for code, label in LEVELS]

    def add(self, other: OfficerLine) -> None:
        self.caseload += other.caseload
        for code in self.by_level:
            self.by_level[code] += other.by_level[code]
        self.overdue_visits += other.overdue_visits
        self.overdue_reviews += other.overdue_reviews
        self.approvals += other.approvals
        self.late.add(other.late)


@dataclass
class Dashboard:
    scope: Scope
    today: dt.date
    lines: list[OfficerLine]
    total: OfficerLine
    problems: list[Problem]
    month: LateVisitsReport

    def chart_data(self) -> dict[str, Any]:
        """The figures the charts draw, for the page's JSON data island (the table on the
        page shows the same numbers)."""
        return {
            "officers": [line.officer.name for line in self.lines],
            "caseload": [
                {"key": code, "label": label, "data": [line.by_level[code] for line in self.lines]}
                for code, label in LEVELS
            ],
            "overdue": [
                {
                    "key": "visits",
                    "label": "Overdue home visits",
                    "data": [line.overdue_visits for line in self.lines],
                },
                {
                    "key": "reviews",
                    "label": "Overdue reviews",
                    "data": [line.overdue_reviews for line in self.lines],
                },
            ],
        }


def dashboard(scope: Scope, *, today: dt.date, policy: CadencePolicy | None = None) -> Dashboard:
    """Per offender manager in ``scope``: caseload (count and by risk level in force),
    overdue visits, overdue reviews (assessment and plan), approvals waiting, and this
    month's late visits so far.

    The overdue and waiting figures are counted from ``collect`` over the scope's
    nominals, so they are the same items the work queue shows. A fixed number of
    queries: one for the officers, one for the caseloads, the engine's, the report's.

    ``policy`` None: the force's own, in force today for what is overdue and waiting, and
    on the month's first day for the month's late visits (``late_visits_report``).
    """
    engine_policy = policy if policy is not None else policy_for(scope.force.pk, on=today)
    team = officers(scope)
    lines: dict[int | None, OfficerLine] = {
        pk: OfficerLine(officer)
        for pk, officer in team.items()
        if scope.unit is None or officer.unit_id == scope.unit.pk
    }

    def line_of(manager_id: int | None) -> OfficerLine:
        officer = team.get(manager_id, UNALLOCATED) if manager_id is not None else UNALLOCATED
        if officer.pk not in lines:
            lines[officer.pk] = OfficerLine(officer)
        return lines[officer.pk]

    caseloads = (
        scope.nominals.exclude(status__in=CLOSED)
        .order_by()
        .annotate(level=level_in_force_subquery())
        .values("offender_manager_id", "level")
        .annotate(n=Count("pk"))
        .values_list("offender_manager_id", "level", "n")
    )
    for manager_id, level, n in caseloads:
        line = line_of(manager_id)
        line.caseload += n
        line.by_level[level or "none"] += n

    # Overdue visits and reviews (``until=today``: the engine looks no further), then the
    # approvals waiting, whatever their state.
    result = collect(
        scope.nominals,
        today=today,
        policy=engine_policy,
        kinds=(Kind.VISIT, *REVIEWS),
        until=today,
    )
    waiting = collect(scope.nominals, today=today, policy=engine_policy, kinds=(Kind.APPROVAL,))
    result.items += waiting.items
    result.problems += waiting.problems
    for item in result.items:
        if item.kind is not Kind.APPROVAL and item.owner is not Owner.OFFENDER_MANAGER:
            # The figures are the officers' work: a supervisor's own item (their notice
            # that reactive management ended is a kind of its own, not asked for here)
            # is never an officer's overdue visit or review.
            continue
        line = line_of(item.nominal.offender_manager_id)
        overdue = item.state is DueState.OVERDUE
        if item.kind is Kind.VISIT and overdue:
            line.overdue_visits += 1
        elif item.kind in REVIEWS and overdue:
            line.overdue_reviews += 1
        elif item.kind is Kind.APPROVAL:
            line.approvals += 1

    month = late_visits_report(scope, today.year, today.month, today=today, policy=policy)
    for pk, counts in month.counts_by_officer().items():
        line_of(pk).late.add(counts)

    ordered = sorted(lines.values(), key=lambda line: line.officer.sort_key)
    ordered = [
        line
        for line in ordered
        if line.officer.pk is not None or line.caseload or line.late.fell_due
    ]
    total = OfficerLine(Officer(None, "", "Total"))
    for line in ordered:
        total.add(line)
    return Dashboard(scope, today, ordered, total, result.problems, month)


# --- Drill-downs --------------------------------------------------------------------------


@dataclass
class ObligationList:
    """What ``obligations/_queue.html`` shows: items, problems and the two counts."""

    rows: list[Obligation]
    problems: list[Problem]

    @property
    def overdue_count(self) -> int:
        return sum(1 for o in self.rows if o.state is DueState.OVERDUE)

    @property
    def due_soon_count(self) -> int:
        return sum(1 for o in self.rows if o.state is DueState.DUE_SOON)


def obligations_behind(
    scope: Scope,
    *,
    kinds: Iterable[Kind],
    officer: Officer | None,
    today: dt.date,
    all_states: bool = False,
    policy: CadencePolicy | None = None,
) -> ObligationList:
    """The engine's items of ``kinds`` for one officer's people (or everyone in scope):
    overdue and due within the window, overdue first; every state if ``all_states``.
    ``policy`` None: the scope's force's own, in force today."""
    wanted = tuple(kinds)
    if policy is None:
        policy = policy_for(scope.force.pk, on=today)
    result: Result = collect(
        _by_officer(scope.nominals, officer),
        today=today,
        policy=policy,
        kinds=wanted,
        until=None
        if all_states
        else due_soon_until(today=today, policy=policy) + dt.timedelta(days=1),
    )
    keep = set(DueState) if all_states else {DueState.OVERDUE, DueState.DUE_SOON}
    rows = [
        o
        for o in result.items
        if o.state in keep and (o.kind is Kind.APPROVAL or o.owner is Owner.OFFENDER_MANAGER)
    ]
    return ObligationList(rows=rows, problems=result.problems)


def caseload_behind(
    scope: Scope, *, officer: Officer | None, level: str | None
) -> QuerySet[Nominal]:
    """The people behind a caseload figure: by officer, and risk level in force ("none"
    for no approved level). Annotated for the nominal list by the caller."""
    from vigil.nominals.queries import with_list_columns

    people = _by_officer(scope.nominals.exclude(status__in=CLOSED), officer)
    if level:
        people = people.annotate(level_now=level_in_force_subquery())
        if level == "none":
            people = people.filter(level_now__isnull=True)
        else:
            people = people.filter(level_now=level)
    return with_list_columns(people)
