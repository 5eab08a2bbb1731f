"""``visits_due_in_month``'s shortcut (``one_period``: one period begun before the month,
and either nothing due in it by the window's end, or no decision after its first day)
gives the answer of the full rule; the report asks ``one_period`` for everyone not seen in
the month, before the rule, so the people it answers for are skipped by the rule.

The full rule is forced by a spell of reactive management that begins in 2100: it turns
the shortcut off and changes nothing before 2100.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.policy.cadence import ENGLAND_AND_WALES_DEFAULT, Interval
from vigil.policy.late_visits import (
    HomeVisit,
    LevelApproved,
    MonthVisits,
    Outcome,
    PlanApproved,
    ReactiveSpell,
    month_window,
    one_period,
    visits_due_in_month,
)
from vigil.policy.risk_levels import RiskLevel
from vigil.reports.queries import _Facts

TODAY = dt.date(2026, 11, 23)
FAR = [ReactiveSpell(dt.date(2100, 1, 1), None)]
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31))
levels = st.lists(st.builds(LevelApproved, days, st.sampled_from(list(RiskLevel))), max_size=3)
intervals = st.one_of(
    st.none(),
    st.builds(Interval.weeks, st.integers(1, 8)),
    st.builds(Interval.months, st.integers(1, 12)),
)
plans = st.lists(st.builds(PlanApproved, days, intervals), max_size=2)
visits = st.lists(st.builds(HomeVisit, days, st.booleans()), max_size=6)
months = st.sampled_from([(2026, m) for m in range(1, 12)] + [(2025, 6)])


def answer(month: tuple[int, int], start, seen, lv, pl, reactive=()) -> MonthVisits:
    window = month_window(*month, today=TODAY)
    assert window is not None
    return visits_due_in_month(
        policy=ENGLAND_AND_WALES_DEFAULT,
        window=window,
        management_start=start,
        visits=seen,
        levels=lv,
        plans=pl,
        reactive=reactive,
    )


@settings(max_examples=400, deadline=None)
@given(months, days, visits, levels, plans)
def test_the_shortcut_gives_the_full_rules_answer(month, start, seen, lv, pl) -> None:
    assert answer(month, start, seen, lv, pl) == answer(month, start, seen, lv, pl, FAR)


def test_the_shortcut_is_taken_and_right_for_someone_seen_lately() -> None:
    """Very high (monthly), seen 20 September: due 20 October (the full rule); low risk
    (yearly), seen 25 October: nothing due in November (the shortcut)."""
    high = [LevelApproved(dt.date(2025, 1, 1), RiskLevel.VERY_HIGH)]
    seen = [HomeVisit(dt.date(2026, 9, 20), True)]
    start = dt.date(2020, 1, 6)
    october = answer((2026, 10), start, seen, high, [])
    assert [v.due for v in october.fell_due] == [dt.date(2026, 10, 20)]
    low = [LevelApproved(dt.date(2025, 1, 1), RiskLevel.LOW)]
    seen = [HomeVisit(dt.date(2026, 10, 25), True)]
    assert answer((2026, 11), start, seen, low, []) == MonthVisits()


def one_period_answer(month: tuple[int, int], start, seen, lv, pl) -> MonthVisits | None:
    """``one_period`` asked as the report asks it, or None if the report would not ask
    (seen in the month) or ``one_period`` leaves it to the rule."""
    window = month_window(*month, today=TODAY)
    assert window is not None
    days = sorted({v.day for v in seen if v.seen and v.day > start})
    by_as_of = [d for d in days if d <= window.as_of]
    if by_as_of and by_as_of[-1] >= window.first:
        return None  # seen in the month: the report asks the rule
    return one_period(
        policy=ENGLAND_AND_WALES_DEFAULT,
        window=window,
        anchor=by_as_of[-1] if by_as_of else start,
        later=next((d for d in days if d > window.as_of), None),
        levels=sorted(lv, key=lambda x: x.on),
        plans=sorted(pl, key=lambda x: x.on),
    )


@settings(max_examples=600, deadline=None)
@given(months, days, visits, levels, plans)
def test_one_period_gives_the_full_rules_answer(month, start, seen, lv, pl) -> None:
    got = one_period_answer(month, start, seen, lv, pl)
    if got is not None:
        assert got == answer(month, start, seen, lv, pl, FAR)


D = dt.date
LOW = RiskLevel.LOW
HIGH = RiskLevel.HIGH
VERY_HIGH = RiskLevel.VERY_HIGH
START = D(2020, 1, 6)


#: (why, days seen, levels, plans, whether the report skips the person) in October 2026.
CASES = [
    (
        "high (3 months), seen 20 August: due 20 November, after October",
        [D(2026, 8, 20)],
        [(D(2025, 1, 1), HIGH)],
        [],
        True,
    ),
    (
        "high, seen 20 August, raised to very high 1 September: due 20 September, "
        "overdue when October began (the rule, not skipped)",
        [D(2026, 8, 20)],
        [(D(2025, 1, 1), HIGH), (D(2026, 9, 1), VERY_HIGH)],
        [],
        False,
    ),
    (
        "high, seen 20 August, lowered to low 1 September: every interval in force "
        "since ends after October, a decision after the anchor but nothing to count",
        [D(2026, 8, 20)],
        [(D(2025, 1, 1), HIGH), (D(2026, 9, 1), LOW)],
        [],
        True,
    ),
    (
        "a plan every 2 weeks, seen 10 September: due 24 September, overdue at start",
        [D(2026, 9, 10)],
        [(D(2025, 1, 1), LOW)],
        [(D(2025, 2, 1), Interval.weeks(2))],
        False,
    ),
    (
        "a 12-month plan on a very high level: the plan's interval, due next year",
        [D(2026, 9, 10)],
        [(D(2025, 1, 1), VERY_HIGH)],
        [(D(2025, 2, 1), Interval.months(12))],
        True,
    ),
    (
        "never seen, no level until September: the shortest (monthly) from the start "
        "of management ran out long ago (the rule)",
        [],
        [(D(2026, 9, 1), LOW)],
        [],
        False,
    ),
    (
        "seen in October: the report asks the rule",
        [D(2026, 10, 5)],
        [(D(2025, 1, 1), LOW)],
        [],
        False,
    ),
]


@pytest.mark.parametrize(("why", "seen", "lv", "pl", "skipped"), CASES)
def test_worked_cases_of_the_skip(why, seen, lv, pl, skipped) -> None:
    """Whether the report skips the person (``one_period`` answers nothing to count), and
    that the full rule, over the whole history, agrees."""
    seen = [HomeVisit(day, True) for day in seen]
    lv = [LevelApproved(on, level) for on, level in lv]
    pl = [PlanApproved(on, every) for on, every in pl]
    got = one_period_answer((2026, 10), START, seen, lv, pl)
    full = answer((2026, 10), START, seen, lv, pl, FAR)
    assert (got == MonthVisits()) is skipped, why
    if skipped:
        assert full == MonthVisits(), why
    elif got is not None:
        assert got == full, why


def test_one_period_in_closed_form_fell_due_and_overdue() -> None:
    """No decision after the anchor: one spell, not done by the month's end."""
    very_high = [LevelApproved(D(2025, 1, 1), VERY_HIGH)]
    seen = [HomeVisit(D(2026, 9, 20), True), HomeVisit(D(2026, 11, 3), True)]
    got = one_period_answer((2026, 10), START, seen, very_high, [])
    assert got is not None and got == answer((2026, 10), START, seen, very_high, [], FAR)
    (visit,) = got.fell_due
    assert (visit.due, visit.outcome, visit.days_late, visit.seen_later) == (
        D(2026, 10, 20),
        Outcome.NOT_DONE,
        11,
        D(2026, 11, 3),
    )
    got = one_period_answer((2026, 11), START, seen[:1], very_high, [])
    assert got is not None and got.overdue_at_start is not None and not got.fell_due
    assert got == answer((2026, 11), START, seen[:1], very_high, [], FAR)


@pytest.mark.parametrize(("why", "seen", "lv", "pl", "skipped"), CASES)
def test_the_reports_raw_row_test_skips_only_people_with_nothing_to_count(
    why, seen, lv, pl, skipped
) -> None:
    """``reports.queries._Facts.quiet``, on the rows as read from the database, skips
    only people for whom the full rule (over the whole history) has nothing to count;
    and, with no decision since the anchor, every one ``one_period`` skips."""
    window = month_window(2026, 10, today=TODAY)
    assert window is not None
    days = sorted(seen)
    before = [d for d in days if d < window.first]
    facts = _Facts(
        last_before={1: before[-1]} if before else {},
        in_month={1: rows} if (rows := [(1, d) for d in days if d >= window.first]) else {},
        first_after={},
        levels={1: [(1, on, level.value) for on, level in lv]} if lv else {},
        plans={
            1: [(1, on, e and e.count, e and str(e.unit)) for on, e in pl],
        }
        if pl
        else {},
        reactive={},
    )
    anchor = facts.anchor(1, START)
    quiet = 1 not in facts.in_month and facts.quiet(
        1, anchor, policy=ENGLAND_AND_WALES_DEFAULT, window=window
    )
    full = answer(
        (2026, 10),
        START,
        [HomeVisit(d, True) for d in seen],
        [LevelApproved(on, level) for on, level in lv],
        [PlanApproved(on, every) for on, every in pl],
        FAR,
    )
    if quiet:
        assert full == MonthVisits(), why
    decided_since = any(on > anchor for on, _ in [*lv, *pl])
    if skipped and not decided_since:
        assert quiet, why
