"""The three timings of issue 6, each against hand-written SQL that gives the same answer.

1. **One officer's work queue**: ``obligations.queries.due_for(officer, today=...)``, over
   many different offender managers.
2. **One force's overdue list**: ``engine.collect(Nominal.objects.filter(force=...),
   today=...).overdue()``, repeated on the largest force (and on a median-sized one).
3. **The national late-visit report for a month**: ``reports.queries.late_visits_report``
   for every force (the report is per force; the country is the sum), for the last whole
   month before the register's "today".

Each answer is first checked equal to the hand-written SQL's (``bench/sql/*.sql``) for
every officer or force that is timed; a difference stops the run with the first few
differing rows. Then both are timed, interleaved, with ``time.perf_counter`` after a
warm-up: p50 and p95 of each, and the ratio of the ORM's p95 to the SQL's.

What is compared: the work queue and the overdue list as a multiset of (nominal, kind,
due date) over the kinds the SQL covers (``COVERED``); items of other kinds are counted
and shown (none are expected in the synthetic register); the report as each officer's
figures (fell due, on time, late, not done, overdue from before the month).
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, cast

from django.db import connection
from django.utils import timezone

from vigil.policy.cadence import (
    APPROVAL_WITHIN,
    ENGLAND_AND_WALES_DEFAULT,
    CadencePolicy,
    Interval,
    PerRiskLevel,
)
from vigil.policy.cadence import Unit as IntervalUnit
from vigil.policy.risk_levels import RiskLevel

SQL_DIR = Path(__file__).with_name("sql")

#: The engine's kinds the hand-written SQL works out.
COVERED = frozenset(
    {
        "visit",
        "periodic_notification",
        "weekly_notification",
        "assessment_review",
        "plan_review",
        "plan_action",
        "flag_review",
        "record_review",
        "approval",
    }
)
#: The review-trigger providers the SQL reads (vigil.risk.triggers.PROVIDERS).
TRIGGERS = frozenset(
    {
        "nominals.addresses",
        "nominals.household",
        "registration.convictions",
        "registration.breaches",
    }
)

Row = tuple[int, str, dt.date]


class Mismatch(AssertionError):
    """The ORM and the hand-written SQL gave different answers."""


# ---------------------------------------------------------------------------------------
# Hand-written SQL


def _interval(interval: Interval) -> str:
    n = interval.count
    return {
        IntervalUnit.DAYS: f"make_interval(days => {n})",
        IntervalUnit.WEEKS: f"make_interval(days => {7 * n})",
        IntervalUnit.MONTHS: f"make_interval(months => {n})",
        IntervalUnit.YEARS: f"make_interval(years => {n})",
    }[interval.unit]


def _per_level(table: PerRiskLevel, column: str, otherwise: Interval) -> str:
    whens = " ".join(f"WHEN '{lv.value}' THEN {_interval(table[lv])}" for lv in RiskLevel)
    return f"CASE {column} {whens} ELSE {_interval(otherwise)} END"


def _shortest(policy: CadencePolicy, day: dt.date) -> Interval:
    # As the engine: with no approved level, the shortest home-visit interval applies.
    return policy.home_visit[min(RiskLevel, key=lambda lv: policy.home_visit[lv].after(day))]


def obligations_sql(*, scope: str, where: str, policy: CadencePolicy, today: dt.date) -> str:
    text = (SQL_DIR / "obligations.sql").read_text()
    return text.format(
        scope=scope,
        where=where,
        policy_home_visit=_per_level(policy.home_visit, "r.level", _shortest(policy, today)),
        policy_assessment_review=_per_level(
            policy.assessment_review, "r.level", policy.assessment_review[RiskLevel.VERY_HIGH]
        ),
        policy_plan_review=_per_level(
            policy.plan_review, "r.level", policy.plan_review[RiskLevel.VERY_HIGH]
        ),
        policy_after_trigger=_interval(policy.review_after_trigger),
        policy_record_review=_interval(policy.record_review),
        policy_approval_days=int(APPROVAL_WITHIN.value),
    )


def late_visits_sql(*, scope: str, policy: CadencePolicy, today: dt.date) -> str:
    text = (SQL_DIR / "late_visits.sql").read_text()
    return text.format(
        scope=scope,
        policy_home_visit=_per_level(policy.home_visit, "r.level", _shortest(policy, today)),
    )


def _fetch(sql: str, params: dict[str, Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def sql_queue(officer_id: int, force_id: int, today: dt.date, policy: CadencePolicy) -> list[Row]:
    sql = obligations_sql(
        scope="n.offender_manager_id = %(officer)s AND n.force_id = %(force)s",
        where="owner = 'offender_manager'",
        policy=policy,
        today=today,
    )
    return cast(list[Row], _fetch(sql, {"officer": officer_id, "force": force_id, "today": today}))


def sql_force_overdue(force_id: int, today: dt.date, policy: CadencePolicy) -> list[Row]:
    sql = obligations_sql(
        scope="n.force_id = %(force)s", where="due < %(today)s", policy=policy, today=today
    )
    return cast(list[Row], _fetch(sql, {"force": force_id, "today": today}))


Figures = tuple[int, int, int, int, int]


def sql_late_visits(
    year: int, month: int, today: dt.date, policy: CadencePolicy, *, force_id: int | None = None
) -> dict[int | None, Figures]:
    """Each offender manager's figures for the month: (fell due, on time, late, not done,
    overdue from before). A month that has ended (the report's window for a past month)."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    if today <= last:
        raise ValueError("the hand-written report covers whole months before today")
    scope = "n.force_id = %(force)s" if force_id is not None else "true"
    rows = _fetch(
        late_visits_sql(scope=scope, policy=policy, today=today),
        {
            "force": force_id,
            "first": first,
            "last_due": last,
            "first_at": _midnight(first),
            "end_at": _midnight(last + dt.timedelta(days=1)),
        },
    )
    return {r[0]: cast(Figures, tuple(r[1:])) for r in rows if any(r[1:])}


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# ---------------------------------------------------------------------------------------
# The ORM (the code under test)


@dataclass
class Answer:
    rows: list[Row]
    uncovered: int = 0
    problems: int = 0


def _rows(items: Iterable[Any]) -> Answer:
    answer = Answer(rows=[])
    for o in items:
        if o.kind.value in COVERED:
            answer.rows.append((o.nominal.id, o.kind.value, o.due))
        else:
            answer.uncovered += 1
    return answer


def orm_queue(user: Any, today: dt.date) -> Answer:
    from vigil.obligations.queries import due_for

    result = due_for(user, today=today)
    answer = _rows(result.items)
    answer.problems = len(result.problems)
    return answer


def orm_force_overdue(force_id: int, today: dt.date) -> Answer:
    from vigil.nominals.models import Nominal
    from vigil.obligations.engine import collect

    result = collect(Nominal.objects.filter(force_id=force_id), today=today, until=today)
    answer = _rows(result.overdue())
    answer.problems = len(result.problems)
    return answer


def orm_late_visits(year: int, month: int, today: dt.date) -> dict[int | None, Figures]:
    """The national figures: every force's report summed by officer, computed in one pass
    (``reports.queries.national_late_visit_counts``)."""
    from vigil.reports.queries import national_late_visit_counts

    totals = national_late_visit_counts(year, month, today=today)
    return {
        pk: figures
        for pk, c in totals.items()
        if any(figures := (c.fell_due, c.on_time, c.late, c.not_done, c.overdue_before))
    }


# ---------------------------------------------------------------------------------------
# Checking and timing


def check_rows(what: str, orm: Answer, sql: list[Row]) -> None:
    ours, theirs = Counter(orm.rows), Counter(sql)
    if ours == theirs:
        return
    only_orm = sorted((ours - theirs).elements())[:5]
    only_sql = sorted((theirs - ours).elements())[:5]
    raise Mismatch(
        f"{what}: the ORM and the hand-written SQL differ "
        f"({sum(ours.values())} rows against {sum(theirs.values())}). "
        f"Only in the ORM: {only_orm}. Only in the SQL: {only_sql}."
    )


def check_figures(
    what: str, orm: dict[int | None, Figures], sql: dict[int | None, Figures]
) -> None:
    if orm == sql:
        return
    keys = sorted({*orm, *sql} - {k for k in orm if orm.get(k) == sql.get(k)}, key=str)
    diffs = [(k, orm.get(k), sql.get(k)) for k in keys[:5]]
    raise Mismatch(f"{what}: the report and the hand-written SQL differ: {diffs}")


@dataclass
class Timing:
    name: str
    orm_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    @staticmethod
    def _pct(values: list[float], p: float) -> float:
        ordered = sorted(values)
        if len(ordered) == 1:
            return ordered[0]
        # Linear interpolation between closest ranks (numpy's default).
        k = (len(ordered) - 1) * p
        lo = int(k)
        hi = min(lo + 1, len(ordered) - 1)
        return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)

    @property
    def p50(self) -> float:
        return statistics.median(self.orm_ms)

    @property
    def p95(self) -> float:
        return self._pct(self.orm_ms, 0.95)

    @property
    def sql_p50(self) -> float:
        return statistics.median(self.sql_ms)

    @property
    def sql_p95(self) -> float:
        return self._pct(self.sql_ms, 0.95)

    @property
    def ratio(self) -> float:
        """The ORM's p95 over the hand-written SQL's p95."""
        return self.p95 / self.sql_p95 if self.sql_p95 else float("inf")


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return (time.perf_counter() - t0) * 1000, value


def bench_queue(
    today: dt.date, *, officers: int, policy: CadencePolicy = ENGLAND_AND_WALES_DEFAULT
) -> Timing:
    from vigil.accounts.models import User
    from vigil.accounts.roles import Role

    all_ids = list(
        User.objects.filter(role=Role.OFFENDER_MANAGER, caseload__isnull=False)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    step = max(1, len(all_ids) // officers)
    chosen = all_ids[::step][:officers]
    users = list(User.objects.select_related("unit").filter(pk__in=chosen).order_by("pk"))
    timing = Timing("queue", notes={"officers": len(users)})
    for user in users[:2]:  # warm up
        orm_queue(user, today)
        sql_queue(user.pk, user.unit.force_id, today, policy)
    items = uncovered = problems = 0
    for user in users:
        orm_ms, orm = _timed(partial(orm_queue, user, today))
        sql_ms, sql = _timed(partial(sql_queue, user.pk, user.unit.force_id, today, policy))
        check_rows(f"work queue of {user.username}", orm, sql)
        timing.orm_ms.append(orm_ms)
        timing.sql_ms.append(sql_ms)
        items += len(orm.rows)
        uncovered += orm.uncovered
        problems += orm.problems
    timing.notes.update(
        mean_items=round(items / len(users), 1), uncovered=uncovered, problems=problems
    )
    return timing


def force_sizes() -> list[tuple[int, int]]:
    """(force id, nominals) for every force, largest first."""
    from django.db.models import Count

    from vigil.accounts.models import Force

    return [
        (pk, n)
        for pk, n in Force.objects.annotate(n=Count("nominals"))
        .order_by("-n", "pk")
        .values_list("pk", "n")
    ]


def bench_force(
    today: dt.date,
    force_id: int,
    *,
    runs: int,
    name: str = "force_overdue",
    policy: CadencePolicy = ENGLAND_AND_WALES_DEFAULT,
) -> Timing:
    orm = orm_force_overdue(force_id, today)  # warm up, and the check
    sql = sql_force_overdue(force_id, today, policy)
    check_rows(f"overdue list of force {force_id}", orm, sql)
    timing = Timing(
        name,
        notes={
            "force": force_id,
            "overdue": len(orm.rows),
            "uncovered": orm.uncovered,
            "problems": orm.problems,
        },
    )
    for _ in range(runs):
        orm_ms = _timed(partial(orm_force_overdue, force_id, today))[0]
        sql_ms = _timed(partial(sql_force_overdue, force_id, today, policy))[0]
        timing.orm_ms.append(orm_ms)
        timing.sql_ms.append(sql_ms)
    return timing


def report_month(today: dt.date) -> tuple[int, int]:
    """The last whole month before ``today``."""
    last = today.replace(day=1) - dt.timedelta(days=1)
    return last.year, last.month


def bench_report(
    today: dt.date, *, runs: int, policy: CadencePolicy = ENGLAND_AND_WALES_DEFAULT
) -> Timing:
    year, month = report_month(today)
    orm = orm_late_visits(year, month, today)  # warm up, and the check
    sql = sql_late_visits(year, month, today, policy)
    check_figures(f"national late-visit report for {year}-{month:02d}", orm, sql)
    fell_due = sum(f[0] for f in orm.values())
    missed = sum(f[2] + f[3] for f in orm.values())
    timing = Timing(
        "report",
        notes={
            "month": f"{year}-{month:02d}",
            "fell_due": fell_due,
            "late_or_not_done": missed,
            "overdue_before": sum(f[4] for f in orm.values()),
        },
    )
    for _ in range(runs):
        orm_ms = _timed(partial(orm_late_visits, year, month, today))[0]
        sql_ms = _timed(partial(sql_late_visits, year, month, today, policy))[0]
        timing.orm_ms.append(orm_ms)
        timing.sql_ms.append(sql_ms)
    return timing


#: Engine kinds the SQL leaves out because the synthetic register has none of them: every
#: sex offender has made their initial notification, nobody is abroad, and nobody is on
#: reactive management, so none has had it ended by an event (the supervisor's notice).
NOT_COVERED = frozenset({"initial_notification", "travel_return", "reactive_ended"})


def check_registrations() -> list[str]:
    """What the engine runs that the SQL does not know of (each makes a difference likely)."""
    from vigil.obligations import engine
    from vigil.risk import triggers

    warnings = []
    kinds = {k.value for kinds in engine.providers().values() for k in kinds}
    if extra := sorted(kinds - COVERED - NOT_COVERED):
        warnings.append(f"engine kinds the SQL does not know of (compared without them): {extra}")
    if extra := sorted(set(triggers.PROVIDERS) - TRIGGERS):
        warnings.append(f"review-trigger providers the SQL does not read: {extra}")
    return warnings
