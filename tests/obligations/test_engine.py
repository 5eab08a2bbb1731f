"""The obligations engine: worked cases, scoping, resilience and set-based query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import NominalFactory
from vigil.nominals.models import Flag, FlagKind, Nominal, RecordReview, Status
from vigil.obligations import engine
from vigil.obligations.engine import Kind, Obligation, Owner, Problem, collect, guarded
from vigil.obligations.queries import due_for
from vigil.policy.cadence import DueState

TODAY = dt.date(2026, 11, 23)
D = dt.date


def kinds(result, kind):
    return [o for o in result.items if o.kind == kind]


@pytest.mark.parametrize(
    "registered_on,last_review,due,state",
    [
        # Never reviewed: 16 weeks from registration (cadence.RECORD_REVIEW, issue 6).
        (D(2026, 8, 3), None, D(2026, 11, 23), DueState.DUE_SOON),  # due today
        (D(2026, 8, 2), None, D(2026, 11, 22), DueState.OVERDUE),  # a day late
        (D(2020, 1, 1), D(2026, 8, 10), D(2026, 11, 30), DueState.DUE_SOON),  # 7 days ahead
        (D(2020, 1, 1), D(2026, 8, 11), D(2026, 12, 1), DueState.UPCOMING),  # 8 days ahead
        (D(2020, 1, 1), D(2025, 1, 1), D(2025, 4, 23), DueState.OVERDUE),
    ],
)
def test_the_16_week_record_review_is_due_from_the_last_review_or_registration(
    unit, registered_on, last_review, due, state
) -> None:
    nominal = NominalFactory.create(unit=unit, registered_on=registered_on)
    if last_review:
        RecordReview.objects.create(
            nominal=nominal, reviewed_on=last_review, record_complete=True, flags_reviewed=True
        )
    [item] = kinds(collect(Nominal.objects.all(), today=TODAY), Kind.RECORD_REVIEW)
    assert (item.due, item.state, item.owner) == (due, state, Owner.REGISTER_SUPPORT)


def test_a_flag_in_force_is_due_for_review_and_a_removed_one_is_not(unit) -> None:
    nominal = NominalFactory.create(unit=unit)
    Flag.objects.create(
        nominal=nominal, kind=FlagKind.FIREARMS, reason="x", review_on=D(2026, 11, 1)
    )
    Flag.objects.create(
        nominal=nominal,
        kind=FlagKind.DOGS,
        reason="y",
        review_on=D(2026, 11, 1),
        removed_on=D(2026, 10, 1),
        removal_reason="rehomed",
    )
    [item] = kinds(collect(Nominal.objects.all(), today=TODAY), Kind.FLAG_REVIEW)
    assert item.detail == "Firearms"
    assert item.state is DueState.OVERDUE
    assert item.days_overdue(TODAY) == 22


@pytest.mark.parametrize("status", [Status.DECEASED, Status.NO_LONGER_SUBJECT])
def test_nothing_is_due_for_someone_who_has_died_or_is_no_longer_subject(unit, status) -> None:
    NominalFactory.create(unit=unit, status=status)
    assert collect(Nominal.objects.all(), today=TODAY).items == []


def test_items_come_overdue_first(unit) -> None:
    nominal = NominalFactory.create(unit=unit, registered_on=D(2026, 10, 1))
    Flag.objects.create(
        nominal=nominal, kind=FlagKind.FIREARMS, reason="x", review_on=D(2026, 1, 1)
    )
    dues = [o.due for o in collect(Nominal.objects.all(), today=TODAY).items]
    assert dues == sorted(dues)


def test_one_bad_record_is_reported_and_the_rest_still_shown(unit) -> None:
    good = NominalFactory.create(unit=unit)
    bad = NominalFactory.create(unit=unit)

    def fragile(ctx):
        for row in ctx.rows.values():

            def make(row=row):
                if row.id == bad.pk:
                    raise ValueError("the dates on this record contradict each other")
                return Obligation(
                    nominal=row,
                    kind=Kind.VISIT,
                    due=TODAY,
                    owner=Owner.OFFENDER_MANAGER,
                    detail="from the test",
                )

            yield from guarded(row, Kind.VISIT, make)

    engine.register("test_fragile", (Kind.VISIT,), fragile)
    try:
        result = collect(Nominal.objects.all(), today=TODAY, kinds=[Kind.VISIT])
    finally:
        engine._PROVIDERS.pop("test_fragile")
        engine._FUNCTIONS.pop("test_fragile")
    assert [o.nominal.id for o in result.items if o.detail == "from the test"] == [good.pk]
    assert [p.nominal.id for p in result.problems if p.nominal] == [bad.pk]
    assert "contradict" in result.problems[0].message


def test_a_provider_that_fails_outright_does_not_sink_the_others(unit) -> None:
    NominalFactory.create(unit=unit)

    def broken(ctx):
        raise RuntimeError("database view missing")

    engine.register("test_broken", (Kind.VISIT,), broken)
    try:
        result = collect(Nominal.objects.all(), today=TODAY)
    finally:
        engine._PROVIDERS.pop("test_broken")
        engine._FUNCTIONS.pop("test_broken")
    assert kinds(result, Kind.RECORD_REVIEW)
    assert any(
        isinstance(p, Problem) and "database view missing" in p.message for p in result.problems
    )


def _make_many(unit, count: int) -> None:
    batch = []
    for i in range(count):
        n = Nominal(
            category="rso",
            unit=unit,
            force=unit.force,
            registered_on=D(2020, 1, 1),
            forename="A",
            surname=f"Person{i}",
            date_of_birth=D(1980, 1, 1),
            gender="male",
        )
        batch.append(n)
    created = Nominal.objects.bulk_create(batch)
    Flag.objects.bulk_create(
        Flag(nominal=n, kind=FlagKind.FIREARMS, reason="x", review_on=D(2026, 12, 1))
        for n in created
    )
    RecordReview.objects.bulk_create(
        RecordReview(nominal=n, reviewed_on=D(2026, 9, 1)) for n in created[::2]
    )


def test_the_engine_query_count_is_the_same_for_10_and_1000_people(
    unit, django_assert_num_queries
) -> None:
    _make_many(unit, 10)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ten:
        small = collect(Nominal.objects.all(), today=TODAY)
    core = {Kind.FLAG_REVIEW, Kind.RECORD_REVIEW}
    assert len([o for o in small.items if o.kind in core]) == 20
    _make_many(unit, 990)
    with django_assert_num_queries(len(ten.captured_queries)):
        large = collect(Nominal.objects.all(), today=TODAY)
    assert len([o for o in large.items if o.kind in core]) == 2000


def test_an_officer_sees_their_own_peoples_items_and_support_sees_record_reviews(
    manager, colleague, support, unit
) -> None:
    mine = NominalFactory.create(unit=unit, offender_manager=manager)
    theirs = NominalFactory.create(unit=unit, offender_manager=colleague)
    for n in (mine, theirs):
        Flag.objects.create(nominal=n, kind=FlagKind.FIREARMS, reason="x", review_on=TODAY)
    queue = due_for(manager, today=TODAY)
    assert {o.nominal.id for o in queue.items} == {mine.pk}
    assert Kind.FLAG_REVIEW in {o.kind for o in queue.items}
    assert all(o.owner is Owner.OFFENDER_MANAGER for o in queue.items)
    team = due_for(support, today=TODAY)
    assert {o.kind for o in team.items} == {Kind.RECORD_REVIEW}
    assert {o.nominal.id for o in team.items} == {mine.pk, theirs.pk}


def test_an_officer_of_another_force_sees_nothing_of_ours(outsider, unit) -> None:
    NominalFactory.create(unit=unit, offender_manager=None)
    assert due_for(outsider, today=TODAY).items == []


def test_the_home_page_shows_the_work_queue_overdue_first(manager, unit, login_as) -> None:
    nominal = NominalFactory.create(unit=unit, offender_manager=manager, surname="Queued")
    Flag.objects.create(
        nominal=nominal,
        kind=FlagKind.FIREARMS,
        reason="x",
        review_on=dt.date.today() - dt.timedelta(days=3),
    )
    body = login_as(manager).get(reverse("home")).content.decode()
    assert "Your work queue:" in body and "overdue" in body
    assert "Flag review" in body and "Queued" in body


def test_recording_a_record_review_moves_the_due_date(support, unit, login_as) -> None:
    nominal = NominalFactory.create(unit=unit, registered_on=D(2020, 1, 1))
    client = login_as(support)
    url = reverse("nominals:section", args=[nominal.reference, "record-reviews"])
    bad = client.post(url, {"reviewed_on": dt.date.today().isoformat()})
    assert "A review is complete only when" in bad.content.decode()
    client.post(
        url,
        {
            "reviewed_on": dt.date.today().isoformat(),
            "record_complete": "on",
            "flags_reviewed": "on",
        },
    )
    [item] = kinds(collect(Nominal.objects.all(), today=dt.date.today()), Kind.RECORD_REVIEW)
    assert item.due == dt.date.today() + dt.timedelta(weeks=16)
