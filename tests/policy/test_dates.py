"""Worked cases for the "period beginning with" convention (RULES.md §1.3)."""

from __future__ import annotations

import datetime as dt

import pytest

from vigil.policy.dates import add_months, last_day_of_period

D = dt.date


@pytest.mark.parametrize(
    ("first", "kwargs", "last"),
    [
        (D(2020, 1, 1), {"years": 10}, D(2029, 12, 31)),  # RULES.md §1.3 example
        (D(2026, 11, 23), {"days": 3}, D(2026, 11, 25)),  # Monday + 3 days ends Wednesday
        (D(2024, 3, 1), {"years": 5}, D(2029, 2, 28)),
        # No corresponding date: the period runs to the end of the month, never a day short.
        (D(2024, 2, 29), {"years": 1}, D(2025, 2, 28)),
        (D(2012, 2, 29), {"years": 15}, D(2027, 2, 28)),
        (D(2024, 1, 31), {"months": 1}, D(2024, 2, 29)),
        (D(2023, 1, 31), {"months": 1}, D(2023, 2, 28)),
        (D(2024, 3, 31), {"months": 1}, D(2024, 4, 30)),
        (D(2024, 1, 30), {"months": 1}, D(2024, 2, 29)),
        (D(2024, 1, 15), {"months": 1}, D(2024, 2, 14)),
        (D(2024, 3, 1), {"years": 3, "months": 6}, D(2027, 8, 31)),
        (D(2026, 12, 30), {"days": 7}, D(2027, 1, 5)),
    ],
)
def test_last_day_of_period_counts_the_first_day(
    first: dt.date, kwargs: dict[str, int], last: dt.date
) -> None:
    assert last_day_of_period(first, **kwargs) == last


def test_add_months_clamps_to_the_end_of_a_short_month() -> None:
    assert add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert add_months(D(2023, 12, 15), -12) == D(2022, 12, 15)
