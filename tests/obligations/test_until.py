"""``collect(until=...)``: an overdue list may skip work, never an item (issue 6, national
scale; docs/performance.md).

Each provider may use ``until`` to leave out people with nothing due before it. The
contract is checked on the demo register (520 synthetic people with every kind of fact
the providers read): for many days around today, the items due before ``until`` are
exactly the full list's items due before it, for every force and every kind. And the
one-comparison screen the providers use, ``Interval.earliest_start_due_from``, is checked
exact against ``Interval.after`` for every kind of interval and start date.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import ClassVar
from unittest import mock

from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from vigil.accounts.models import Force
from vigil.nominals.models import Nominal
from vigil.obligations import engine
from vigil.obligations.engine import Obligation, collect
from vigil.policy.cadence import Interval, Unit

# --- The screen ----------------------------------------------------------------------------

intervals = st.builds(
    Interval,
    st.integers(min_value=1, max_value=30),
    st.sampled_from(list(Unit)),
)
days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2080, 12, 31))


@given(interval=intervals, day=days, offset=st.integers(min_value=-40, max_value=40))
def test_a_start_is_due_before_the_day_exactly_when_it_is_before_the_threshold(
    interval: Interval, day: dt.date, offset: int
) -> None:
    threshold = interval.earliest_start_due_from(day)
    start = threshold + dt.timedelta(days=offset)
    assert (interval.after(start) < day) == (start < threshold)


def test_worked_thresholds() -> None:
    # 16 weeks is 112 days: a review counted from 1 Jan 2026 is due 23 Apr 2026.
    assert Interval.weeks(16).earliest_start_due_from(dt.date(2026, 4, 23)) == dt.date(2026, 1, 1)
    # A month from 28, 29, 30 or 31 January 2026 all end on 28 February (clamped), so the
    # first start whose month ends on or after 28 February is 28 January.
    assert Interval.months(1).earliest_start_due_from(dt.date(2026, 2, 28)) == dt.date(2026, 1, 28)
    # ... and nothing started in January ends on 1 March: the first start is 1 February.
    assert Interval.months(1).earliest_start_due_from(dt.date(2026, 3, 1)) == dt.date(2026, 2, 1)
    # A year from 29 February 2024 is 28 February 2025.
    assert Interval.years(1).earliest_start_due_from(dt.date(2025, 2, 28)) == dt.date(2024, 2, 28)


# --- The contract, on the demo register -----------------------------------------------------


def _key(o: Obligation) -> tuple[object, ...]:
    return (o.nominal.id, o.kind, o.due, o.owner, o.detail, o.link, o.state)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class UntilOnTheDemoRegister(TestCase):
    today: ClassVar[dt.date]

    @classmethod
    def setUpTestData(cls) -> None:
        call_command("load_demo", stdout=io.StringIO())
        cls.today = timezone.localdate()

    def test_the_demo_has_something_due_of_most_kinds(self) -> None:
        items = collect(Nominal.objects.all(), today=self.today).items
        kinds = {o.kind for o in items}
        assert len(items) > 1000
        assert len(kinds) >= 8, kinds

    def test_items_due_before_until_are_exactly_the_full_lists(self) -> None:
        offsets = (-400, -120, -30, -7, -1, 0, 1, 7, 8, 30, 112, 400)
        for force in Force.objects.all():
            people = Nominal.objects.filter(force=force)
            full = collect(people, today=self.today)
            assert full.items, force
            for offset in offsets:
                until = self.today + dt.timedelta(days=offset)
                narrowed = collect(people, today=self.today, until=until)
                expected = sorted(_key(o) for o in full.items if o.due < until)
                assert sorted(_key(o) for o in narrowed.items) == expected, (force, offset)
                assert {p.message for p in narrowed.problems} <= {p.message for p in full.problems}

    def test_until_today_is_the_overdue_list(self) -> None:
        people = Nominal.objects.all()
        full = collect(people, today=self.today)
        overdue = collect(people, today=self.today, until=self.today)
        assert overdue.items
        assert sorted(map(_key, overdue.items)) == sorted(map(_key, full.overdue()))
        assert overdue.overdue() == overdue.items

    def test_ids_as_a_list_or_as_a_subquery_give_the_same_list(self) -> None:
        # A short list (a caseload) hands providers its ids as a list, a long one as a
        # subquery (engine._LISTED): both ways, every force's list is the same.
        for force in Force.objects.all():
            people = Nominal.objects.filter(force=force)
            for until in (None, self.today):
                with mock.patch.object(engine, "_LISTED", 0):
                    by_subquery = collect(people, today=self.today, until=until)
                with mock.patch.object(engine, "_LISTED", 100_000):
                    by_list = collect(people, today=self.today, until=until)
                assert by_subquery.items, force
                assert list(map(_key, by_list.items)) == list(map(_key, by_subquery.items))
                assert by_list.problems == by_subquery.problems
