"""Worked cases for the late-visits rule (vigil.policy.late_visits, issue 6).

The month is November 2026 and the report is run on 10 December 2026 unless a case says
otherwise. England & Wales default intervals (RULES.md §5.2): very high monthly, high
every 3 months, medium every 6, low every 12.
"""

from __future__ import annotations

import datetime as dt

import pytest

from vigil.policy.cadence import ENGLAND_AND_WALES_DEFAULT, Interval
from vigil.policy.late_visits import (
    HomeVisit,
    LevelApproved,
    Outcome,
    Overdue,
    PlanApproved,
    ReactiveSpell,
    due_date,
    month_window,
    overdue_spells,
    visits_due_in_month,
)
from vigil.policy.risk_levels import RiskLevel

D = dt.date
EW = ENGLAND_AND_WALES_DEFAULT
LOW, MEDIUM, HIGH, VERY_HIGH = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH
ON_TIME, LATE, NOT_DONE = Outcome.ON_TIME, Outcome.LATE, Outcome.NOT_DONE
START = D(2015, 6, 1)
AFTER_NOVEMBER = D(2026, 12, 10)


def seen(*days: dt.date) -> list[HomeVisit]:
    return [HomeVisit(d, True) for d in days]


def level(on: dt.date, lv: RiskLevel) -> LevelApproved:
    return LevelApproved(on, lv)


def run(
    *,
    visits: list[HomeVisit],
    levels: list[LevelApproved] = (),  # type: ignore[assignment]
    plans: list[PlanApproved] = (),  # type: ignore[assignment]
    reactive: list[ReactiveSpell] = (),  # type: ignore[assignment]
    start: dt.date = START,
    today: dt.date = AFTER_NOVEMBER,
    month: tuple[int, int] = (2026, 11),
):
    window = month_window(*month, today=today)
    assert window is not None
    return visits_due_in_month(
        policy=EW,
        window=window,
        management_start=start,
        visits=visits,
        levels=levels,
        plans=plans,
        reactive=reactive,
    )


def outcomes(result) -> list[tuple[dt.date, Outcome, int]]:
    return [(v.due, v.outcome, v.days_late) for v in result.fell_due]


HIGH_SINCE_2026 = [level(D(2026, 1, 5), HIGH)]

CASES = [
    # (name, visits, levels, expected [(due, outcome, days late)])
    (
        "seen two days before the due date: on time",
        seen(D(2026, 8, 20), D(2026, 11, 18)),
        HIGH_SINCE_2026,
        [(D(2026, 11, 20), ON_TIME, 0)],
    ),
    (
        "seen on the due date itself: on time",
        seen(D(2026, 8, 20), D(2026, 11, 20)),
        HIGH_SINCE_2026,
        [(D(2026, 11, 20), ON_TIME, 0)],
    ),
    (
        "seen the day after the due date: a day late",
        seen(D(2026, 8, 20), D(2026, 11, 21)),
        HIGH_SINCE_2026,
        [(D(2026, 11, 20), LATE, 1)],
    ),
    (
        "not seen by the end of the month: not done, 10 days late at the month's end",
        seen(D(2026, 8, 20)),
        HIGH_SINCE_2026,
        [(D(2026, 11, 20), NOT_DONE, 10)],
    ),
    (
        "a no-reply before the due date does not count; seen five days late",
        [
            HomeVisit(D(2026, 8, 20), True),
            HomeVisit(D(2026, 11, 18), False),
            HomeVisit(D(2026, 11, 25), True),
        ],
        HIGH_SINCE_2026,
        [(D(2026, 11, 20), LATE, 5)],
    ),
    (
        "level raised mid-month to very high, making the visit already past due: due the "
        "day of the decision, seen two days later",
        seen(D(2026, 9, 15), D(2026, 11, 12)),
        [*HIGH_SINCE_2026, level(D(2026, 11, 10), VERY_HIGH)],
        [(D(2026, 11, 10), LATE, 2)],
    ),
    (
        "level raised mid-month: seen the day of the decision is on time",
        seen(D(2026, 9, 15), D(2026, 11, 10)),
        [*HIGH_SINCE_2026, level(D(2026, 11, 10), VERY_HIGH)],
        [(D(2026, 11, 10), ON_TIME, 0)],
    ),
    (
        "level raised from medium to very high: due a month after the last visit",
        seen(D(2026, 10, 20), D(2026, 11, 19)),
        [level(D(2026, 1, 5), MEDIUM), level(D(2026, 11, 5), VERY_HIGH)],
        [(D(2026, 11, 20), ON_TIME, 0)],
    ),
    (
        "level lowered to low before the monthly visit fell due: nothing due this month",
        seen(D(2026, 10, 15)),
        [level(D(2026, 1, 5), VERY_HIGH), level(D(2026, 11, 1), LOW)],
        [],
    ),
    (
        "a visit missed in the month stays missed when the level is lowered after it; "
        "it was overdue for 10 days, until the decision",
        seen(D(2026, 10, 10)),
        [level(D(2026, 1, 5), VERY_HIGH), level(D(2026, 11, 20), LOW)],
        [(D(2026, 11, 10), NOT_DONE, 10)],
    ),
    (
        "nobody due: low risk, seen in June",
        seen(D(2026, 6, 1)),
        [level(D(2026, 1, 5), LOW)],
        [],
    ),
    (
        "no approved level: the shortest interval (monthly), as the engine applies",
        seen(D(2026, 10, 10), D(2026, 11, 9)),
        [],
        [(D(2026, 11, 10), ON_TIME, 0)],
    ),
    (
        "seen early twice in October: only the visit still open on 1 November fell due",
        seen(D(2026, 10, 5), D(2026, 10, 28), D(2026, 11, 25)),
        [level(D(2026, 1, 5), VERY_HIGH)],
        [(D(2026, 11, 28), ON_TIME, 0)],
    ),
    (
        "a visit made during the month starts a new period that falls due in the month",
        seen(D(2026, 10, 1), D(2026, 11, 1), D(2026, 11, 30)),
        [level(D(2026, 1, 5), VERY_HIGH)],
        [(D(2026, 11, 1), ON_TIME, 0)],
    ),
    (
        "seen late on 3 November for a visit due in October: October's, not November's",
        seen(D(2026, 9, 30), D(2026, 11, 3)),
        [level(D(2026, 1, 5), VERY_HIGH)],
        [],
    ),
]


@pytest.mark.parametrize(
    ("visits", "levels", "expected"),
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_late_visit_table(visits, levels, expected) -> None:
    assert outcomes(run(visits=visits, levels=levels)) == expected


def test_the_plans_visit_frequency_sets_the_due_dates() -> None:
    """RULES.md §5.2: the plan's frequency wins. Weekly from the plan of 1 October."""
    weekly = [PlanApproved(D(2026, 10, 1), Interval.weeks(1))]
    result = run(
        visits=seen(D(2026, 10, 26), D(2026, 11, 2), D(2026, 11, 9), D(2026, 11, 20)),
        levels=[level(D(2026, 1, 5), LOW)],
        plans=weekly,
    )
    assert outcomes(result) == [
        (D(2026, 11, 2), ON_TIME, 0),
        (D(2026, 11, 9), ON_TIME, 0),
        (D(2026, 11, 16), LATE, 4),
        (D(2026, 11, 27), NOT_DONE, 3),
    ]


def test_a_new_plan_version_without_a_frequency_returns_to_the_levels_interval() -> None:
    plans = [
        PlanApproved(D(2026, 3, 1), Interval.weeks(2)),
        PlanApproved(D(2026, 10, 1), None),
    ]
    result = run(visits=seen(D(2026, 8, 20)), levels=HIGH_SINCE_2026, plans=plans)
    # The fortnightly visit was missed on 3 September (September's). From 1 October the
    # high-risk interval applies: no longer due, then due again on 20 November.
    assert outcomes(result) == [(D(2026, 11, 20), NOT_DONE, 10)]


def test_a_visit_not_done_in_the_month_says_when_the_person_was_seen_after_it() -> None:
    result = run(visits=seen(D(2026, 8, 20), D(2026, 12, 3)), levels=HIGH_SINCE_2026)
    (item,) = result.fell_due
    assert (item.outcome, item.seen, item.seen_later) == (NOT_DONE, None, D(2026, 12, 3))


def test_a_visit_overdue_from_an_earlier_month_is_reported_apart_from_the_months_rate() -> None:
    never_again = run(visits=seen(D(2026, 6, 1)), levels=HIGH_SINCE_2026)
    assert never_again.fell_due == ()
    assert never_again.overdue_at_start is not None
    assert never_again.overdue_at_start.due == D(2026, 9, 1)
    assert never_again.overdue_at_start.outcome is NOT_DONE
    assert never_again.overdue_at_start.days_late == (D(2026, 11, 30) - D(2026, 9, 1)).days

    caught_up = run(visits=seen(D(2026, 6, 1), D(2026, 11, 10)), levels=HIGH_SINCE_2026)
    assert caught_up.fell_due == ()  # the next is due in February
    assert caught_up.overdue_at_start is not None
    assert caught_up.overdue_at_start.outcome is LATE
    assert caught_up.overdue_at_start.seen == D(2026, 11, 10)


def test_an_old_missed_visit_is_not_still_overdue_once_the_level_is_lowered() -> None:
    result = run(
        visits=seen(D(2026, 9, 20)),
        levels=[level(D(2026, 1, 5), VERY_HIGH), level(D(2026, 11, 1), LOW)],
    )
    assert result.fell_due == ()
    assert result.overdue_at_start is None


def test_the_november_report_is_the_same_whenever_it_is_run() -> None:
    """A decision after the month cannot rewrite it (a due date is never earlier than
    the decision that set it)."""
    visits = seen(D(2026, 10, 1))
    before = [level(D(2026, 1, 5), LOW)]
    after = [*before, level(D(2027, 1, 4), VERY_HIGH)]
    assert run(visits=visits, levels=before, today=D(2027, 2, 1)) == run(
        visits=visits, levels=after, today=D(2027, 2, 1)
    )


def test_the_month_in_progress_counts_due_dates_up_to_yesterday() -> None:
    """A visit due today can still be made on time (cadence.classify)."""
    levels = [level(D(2026, 1, 5), VERY_HIGH)]
    today = D(2026, 11, 20)
    due_yesterday = run(visits=seen(D(2026, 10, 19)), levels=levels, today=today)
    assert outcomes(due_yesterday) == [(D(2026, 11, 19), NOT_DONE, 1)]
    due_today = run(visits=seen(D(2026, 10, 20)), levels=levels, today=today)
    assert outcomes(due_today) == []
    seen_late_today = run(visits=seen(D(2026, 10, 19), today), levels=levels, today=today)
    assert outcomes(seen_late_today) == [(D(2026, 11, 19), LATE, 1)]


def test_a_month_that_has_not_begun_has_no_window() -> None:
    assert month_window(2026, 12, today=D(2026, 11, 30)) is None
    first_day = month_window(2026, 12, today=D(2026, 12, 1))
    assert first_day is not None
    assert first_day.last_due < first_day.first  # nothing can have fallen due yet


def test_a_person_never_seen_is_due_one_interval_after_registration() -> None:
    result = run(visits=[], levels=[level(D(2026, 5, 15), MEDIUM)], start=D(2026, 5, 15))
    assert outcomes(result) == [(D(2026, 11, 15), NOT_DONE, 15)]


def test_a_visit_on_or_before_the_start_of_management_does_not_move_the_due_date() -> None:
    """cadence.next_visit_due counts from the later of the last seen and the start."""
    result = run(
        visits=seen(D(2026, 4, 1)), levels=[level(D(2026, 5, 15), MEDIUM)], start=D(2026, 5, 15)
    )
    assert outcomes(result) == [(D(2026, 11, 15), NOT_DONE, 15)]


@pytest.mark.parametrize(
    ("counted_from", "levels", "expected"),
    [
        # Same interval throughout: the engine's date (cadence.next_visit_due).
        (D(2026, 8, 31), [level(D(2026, 1, 5), HIGH)], D(2026, 11, 30)),
        # Month ends clamp (dates.add_months): a month from 31 January is 28 February.
        (D(2027, 1, 31), [level(D(2026, 1, 5), VERY_HIGH)], D(2027, 2, 28)),
        # Raised after the period began, the new interval is already past: the change day.
        (
            D(2026, 1, 1),
            [level(D(2025, 1, 1), LOW), level(D(2026, 3, 10), VERY_HIGH)],
            D(2026, 3, 10),
        ),
        # Raised, but the new interval still runs: counted from the period's first day.
        (
            D(2026, 1, 1),
            [level(D(2025, 1, 1), LOW), level(D(2026, 1, 20), VERY_HIGH)],
            D(2026, 2, 1),
        ),
        # Lowered before the old date: the new, later date.
        (D(2026, 1, 1), [level(D(2025, 1, 1), HIGH), level(D(2026, 2, 1), LOW)], D(2027, 1, 1)),
        # Raised then lowered again before anything fell due: the final interval.
        (
            D(2026, 1, 1),
            [
                level(D(2025, 1, 1), LOW),
                level(D(2026, 1, 10), VERY_HIGH),
                level(D(2026, 1, 20), LOW),
            ],
            D(2027, 1, 1),
        ),
    ],
)
def test_due_date_table(counted_from, levels, expected) -> None:
    assert due_date(policy=EW, counted_from=counted_from, levels=levels, plans=[]) == expected


def test_overdue_spells_end_when_a_longer_interval_comes_in_and_start_again() -> None:
    spells = overdue_spells(
        policy=EW,
        counted_from=D(2026, 8, 20),
        levels=[level(D(2026, 1, 5), HIGH)],
        plans=[
            PlanApproved(D(2026, 3, 1), Interval.weeks(2)),
            PlanApproved(D(2026, 10, 1), None),
        ],
    )
    assert spells == [
        Overdue(D(2026, 9, 3), D(2026, 10, 1)),
        Overdue(D(2026, 11, 20), None),
    ]


def test_no_visit_falls_due_under_reactive_management() -> None:
    """RULES.md §5.3: no routine visits while on reactive management."""
    levels = [level(D(2020, 1, 5), LOW)]
    placed = [ReactiveSpell(D(2025, 6, 1), None)]
    result = run(visits=seen(D(2025, 1, 10)), levels=levels, reactive=placed)
    assert result == run(visits=seen(D(2026, 10, 1)), levels=levels)  # nothing due
    assert result.fell_due == () and result.overdue_at_start is None
    assert (
        due_date(policy=EW, counted_from=D(2025, 1, 10), levels=levels, plans=[], reactive=placed)
        is None
    )


def test_a_visit_is_due_at_once_when_reactive_management_ends() -> None:
    """Revoked on 12 November (a new conviction, say): a visit is due that day, as the
    engine's reactive provider shows it ("visit due now"), even though the person was
    seen recently; seen four days later, it was four days late."""
    result = run(
        visits=seen(D(2026, 10, 1), D(2026, 11, 16)),
        levels=[level(D(2020, 1, 5), LOW)],
        reactive=[ReactiveSpell(D(2025, 6, 1), D(2026, 11, 12))],
    )
    assert outcomes(result) == [(D(2026, 11, 12), LATE, 4)]
    seen_that_day = run(
        visits=seen(D(2026, 10, 1), D(2026, 11, 12)),
        levels=[level(D(2020, 1, 5), LOW)],
        reactive=[ReactiveSpell(D(2025, 6, 1), D(2026, 11, 12))],
    )
    assert outcomes(seen_that_day) == [(D(2026, 11, 12), ON_TIME, 0)]
