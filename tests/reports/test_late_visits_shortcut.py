"""``visits_due_in_month``'s shortcut (nothing can fall due: one period begun before the
month, no decision after its first day, its visit due after the window) gives the answer
of the full rule.

The full rule is forced by a spell of reactive management that begins in 2100: it turns
the shortcut off and changes nothing before 2100.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from vigil.policy.cadence import ENGLAND_AND_WALES_DEFAULT, Interval
from vigil.policy.late_visits import (
    HomeVisit,
    LevelApproved,
    MonthVisits,
    PlanApproved,
    ReactiveSpell,
    month_window,
    visits_due_in_month,
)
from vigil.policy.risk_levels import RiskLevel

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
