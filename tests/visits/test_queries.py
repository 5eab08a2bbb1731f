"""Reads of the diary: what each returns, and that the query count does not grow."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import NominalFactory
from tests.visits.conftest import TODAY, at
from vigil.nominals.models import Nominal
from vigil.visits import queries
from vigil.visits.models import Outcome, Visit, VisitStatus, VisitType


def make_visit(nominal, officer, *, status=VisitStatus.DONE, when, **extra) -> Visit:
    fields = {
        "nominal": nominal,
        "officer": officer,
        "status": status,
        "visit_type": VisitType.HOME_UNANNOUNCED,
        **extra,
    }
    if status == VisitStatus.DONE:
        fields.setdefault("outcome", Outcome.SEEN)
        fields["occurred_at"] = when
    else:
        fields["planned_for"] = when
    if status == VisitStatus.CANCELLED:
        fields["cancel_reason"] = "No longer needed"
    return Visit.objects.create(**fields)


def people(unit, manager, count: int) -> list[Nominal]:
    return [NominalFactory.create(unit=unit, offender_manager=manager) for _ in range(count)]


# -- Last seen, for the obligations engine ------------------------------------------------------


def test_last_seen_by_nominal_answers_for_many_people_at_once(unit, manager) -> None:
    seen, no_reply, never = people(unit, manager, 3)
    make_visit(seen, manager, when=at(dt.date(2026, 3, 1)))
    make_visit(seen, manager, when=at(dt.date(2026, 6, 1)))
    make_visit(no_reply, manager, when=at(dt.date(2026, 6, 1)), outcome=Outcome.NO_REPLY)
    expected = {seen.pk: dt.date(2026, 6, 1)}
    assert queries.last_seen_by_nominal([seen.pk, no_reply.pk, never.pk]) == expected
    assert queries.last_seen_by_nominal(Nominal.objects.all()) == expected
    assert queries.last_seen_by_nominal([]) == {}


@pytest.mark.parametrize("count", [10, 200])
def test_last_seen_by_nominal_is_one_query_however_many_people(
    count, unit, manager, django_assert_num_queries
) -> None:
    for person in people(unit, manager, count):
        make_visit(person, manager, when=at(dt.date(2026, 6, 1)))
        make_visit(person, manager, when=at(dt.date(2026, 7, 1)), outcome=Outcome.NO_REPLY)
    with django_assert_num_queries(1):
        answer = queries.last_seen_by_nominal(Nominal.objects.filter(unit=unit))
    assert len(answer) == count
    assert set(answer.values()) == {dt.date(2026, 6, 1)}


def test_last_seen_at_annotates_a_list_of_people_in_one_query(
    unit, manager, django_assert_num_queries
) -> None:
    seen, never = people(unit, manager, 2)
    make_visit(seen, manager, when=at(dt.date(2026, 6, 1), 14))
    make_visit(seen, manager, when=at(dt.date(2026, 8, 1)), status=VisitStatus.PLANNED)
    with django_assert_num_queries(1):
        rows = dict(Nominal.objects.annotate(last=queries.last_seen_at()).values_list("pk", "last"))
    assert rows == {seen.pk: at(dt.date(2026, 6, 1), 14), never.pk: None}


# -- The diary --------------------------------------------------------------------------------


def test_the_week_lists_planned_and_recorded_visits_by_london_day(
    unit, manager, colleague, outsider
) -> None:
    mine, theirs = people(unit, manager, 2)
    monday = dt.date(2026, 11, 23)
    recorded = make_visit(mine, manager, when=at(monday, 9))
    # Officers vary visit times, evenings included (RULES.md §5.2).
    late = make_visit(mine, manager, status=VisitStatus.PLANNED, when=at(monday, 23, 45))
    planned = make_visit(
        mine, manager, status=VisitStatus.PLANNED, when=at(monday + dt.timedelta(days=2), 18)
    )
    as_second = make_visit(
        theirs,
        colleague,
        status=VisitStatus.PLANNED,
        when=at(monday + dt.timedelta(days=4), 11),
        second_officer=manager,
    )
    make_visit(mine, manager, status=VisitStatus.CANCELLED, when=at(monday, 12))
    make_visit(theirs, colleague, status=VisitStatus.PLANNED, when=at(monday, 13))
    make_visit(mine, manager, status=VisitStatus.PLANNED, when=at(monday + dt.timedelta(days=7)))

    week = queries.week_for(manager, monday + dt.timedelta(days=3))
    assert [d.day for d in week] == [monday + dt.timedelta(days=i) for i in range(7)]
    assert week[0].visits == [recorded, late]
    assert week[2].visits == [planned]
    assert week[4].visits == [as_second]
    assert [v for d in week for v in d.visits] == [recorded, late, planned, as_second]
    assert queries.week_for(outsider, monday)[0].visits == []


def test_a_visit_just_after_midnight_in_summer_is_on_its_london_day(unit, manager) -> None:
    """00:30 BST on 1 July is 23:30 UTC on 30 June: the diary shows it on 1 July."""
    person = people(unit, manager, 1)[0]
    visit = make_visit(person, manager, when=at(dt.date(2026, 7, 1), 0, 30))
    week = queries.week_for(manager, dt.date(2026, 7, 1))
    by_day = {d.day: d.visits for d in week}
    assert by_day[dt.date(2026, 7, 1)] == [visit]
    assert by_day[dt.date(2026, 6, 30)] == []


def test_the_month_is_whole_weeks_from_monday(unit, manager) -> None:
    person = people(unit, manager, 1)[0]
    visit = make_visit(person, manager, when=at(dt.date(2026, 11, 1), 10))
    weeks = queries.month_for(manager, 2026, 11)
    # November 2026 starts on a Sunday and ends on a Monday: six weeks, 26 Oct - 6 Dec.
    assert len(weeks) == 6
    assert weeks[0][0].day == dt.date(2026, 10, 26)
    assert weeks[-1][-1].day == dt.date(2026, 12, 6)
    assert all(len(week) == 7 for week in weeks)
    assert weeks[0][6].visits == [visit]
    december = queries.month_for(manager, 2026, 12)
    assert december[0][0].day == dt.date(2026, 11, 30)


@pytest.mark.parametrize("count", [3, 40])
def test_the_diary_is_one_query_however_many_visits(
    count, unit, manager, django_assert_num_queries
) -> None:
    for i, person in enumerate(people(unit, manager, count)):
        make_visit(
            person,
            manager,
            status=VisitStatus.PLANNED,
            when=at(TODAY + dt.timedelta(days=i % 7), 9 + i % 9),
        )
    with django_assert_num_queries(1):
        month = queries.month_for(manager, TODAY.year, TODAY.month)
        names = [v.nominal.reference + str(v.officer) for w in month for d in w for v in d.visits]
    assert len(names) == count


def test_the_feed_holds_only_planned_visits_from_two_weeks_ago(unit, manager) -> None:
    person = people(unit, manager, 1)[0]
    kept = make_visit(
        person, manager, status=VisitStatus.PLANNED, when=at(TODAY - dt.timedelta(days=14))
    )
    make_visit(person, manager, status=VisitStatus.PLANNED, when=at(TODAY - dt.timedelta(days=15)))
    make_visit(person, manager, when=at(TODAY - dt.timedelta(days=1)))
    future = make_visit(
        person, manager, status=VisitStatus.PLANNED, when=at(TODAY + dt.timedelta(days=30))
    )
    assert list(queries.feed_visits(manager, today=TODAY)) == [kept, future]


def test_the_risk_level_is_none_until_the_risk_app_provides_one(nominal) -> None:
    level = queries.current_risk_level(nominal)
    assert level is None or level.value in {"low", "medium", "high", "very_high"}
