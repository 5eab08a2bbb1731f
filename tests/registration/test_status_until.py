"""``statuses(..., until=...)``: everyone with a deadline before ``until`` is returned, with
exactly the status given without ``until``; the narrowing leaves out only people with
nothing due before it; and the number of queries does not grow with the number of people
(ARCHITECTURE.md principles 1 and 3; the ``until`` contract of the obligations engine)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import NominalFactory
from tests.registration.test_notifications import REGISTERED, at, convict, notify
from vigil.nominals.models import Address, AddressKind, Nominal, Status
from vigil.policy.deadlines import NotificationKind
from vigil.registration import queries
from vigil.registration.models import (
    Conviction,
    ConvictionOffence,
    Notification,
    PeriodOverride,
    TravelItinerary,
)

D = dt.date
TODAY = D(2025, 2, 1)
MARGIN = dt.timedelta(days=queries.NARROWING_MARGIN_DAYS)


def _summary(status: queries.RegisterStatus) -> tuple[list[tuple[Any, ...]], list[str]]:
    """Everything a status says: each item (kind, due, state, texts), in order, and the
    notes."""
    items = [
        (
            i.kind,
            i.deadline.due if i.deadline else None,
            i.state,
            i.label,
            i.note,
            i.deadline.reason if i.deadline else "",
            i.status.reason if i.status else "",
            i.itinerary_id or 0,
            i.breach.pk if i.breach else 0,
        )
        for i in status.items
    ]
    return items, list(status.notes)


def _due_before(status: queries.RegisterStatus, until: dt.date) -> bool:
    return any(i.deadline is not None and i.deadline.due < until for i in status.items)


def check_contract(ids: Any, *, today: dt.date, until: dt.date) -> dict[int, Any]:
    """The ``until`` contract, checked against the answer without ``until``."""
    full = queries.statuses(ids, today=today)
    some = queries.statuses(ids, today=today, until=until)
    for pk, status in full.items():
        if _due_before(status, until):
            assert pk in some, (pk, until, _summary(status))
    for pk, status in some.items():
        assert _summary(status) == _summary(full[pk]), pk
    return some


def _person(unit: Any, **extra: Any) -> Nominal:
    return NominalFactory.create(unit=unit, **{"registered_on": REGISTERED, **extra})


# --- Worked cases -----------------------------------------------------------------------------


def test_never_notified_is_due_from_the_first_relevant_date(unit, manager) -> None:
    """s.83(1): 3 days beginning with the conviction on 20 January 2025, by 22 January."""
    p = _person(unit)
    convict(p, manager, on=D(2025, 1, 20))
    ids = Nominal.objects.values("id")
    some = check_contract(ids, today=TODAY, until=TODAY)
    assert [(i.kind, i.deadline.due, i.state) for i in some[p.pk].items if i.deadline] == [
        ("initial", D(2025, 1, 22), "overdue")
    ]
    # Nothing can be due before the conviction itself: left out.
    assert p.pk not in check_contract(ids, today=TODAY, until=D(2025, 1, 20))
    assert p.pk in check_contract(ids, today=TODAY, until=D(2025, 1, 23))


def test_the_periodic_deadline_before_or_after_until(unit, manager) -> None:
    """s.85(1): one year after the last clock-restarting notification."""
    late = _person(unit)
    convict(late, manager)
    notify(late, manager, "initial", on=REGISTERED)
    notify(late, manager, on=D(2024, 1, 10))  # due by 10 January 2025
    recent = _person(unit)
    convict(recent, manager)
    notify(recent, manager, "initial", on=REGISTERED)
    notify(recent, manager, on=D(2024, 6, 1))  # due by 1 June 2025
    ids = Nominal.objects.values("id")

    some = check_contract(ids, today=TODAY, until=TODAY)
    assert set(some) == {late.pk}
    assert [(i.kind, i.deadline.due) for i in some[late.pk].items if i.deadline] == [
        ("periodic", D(2025, 1, 10))
    ]
    # Left out once the deadline is on or after ``until`` by more than the narrowing's margin.
    assert late.pk not in check_contract(ids, today=TODAY, until=D(2025, 1, 10) - MARGIN)
    assert recent.pk in check_contract(ids, today=TODAY, until=D(2025, 6, 2))


def test_no_fixed_abode_is_weekly(unit, manager) -> None:
    """s.85(5)(a), (6): 7 days after the last notification with no fixed abode."""
    nfa = _person(unit)
    convict(nfa, manager)
    notify(nfa, manager, "initial", on=REGISTERED)
    Address.objects.create(nominal=nfa, kind=AddressKind.NFA, location_notes="Tent")
    notify(nfa, manager, "weekly", on=D(2025, 1, 20))  # due by 27 January
    housed = _person(unit)
    convict(housed, manager)
    notify(housed, manager, "initial", on=REGISTERED)
    notify(housed, manager, on=D(2025, 1, 20))
    ids = Nominal.objects.values("id")

    some = check_contract(ids, today=TODAY, until=TODAY)
    assert set(some) == {nfa.pk}
    assert [(i.kind, i.deadline.due) for i in some[nfa.pk].items if i.deadline] == [
        ("weekly", D(2025, 1, 27))
    ]
    assert nfa.pk not in check_contract(ids, today=TODAY, until=D(2025, 1, 27) - MARGIN)


def _trip(nominal: Nominal, *, departs: dt.date, back: dt.date | None) -> TravelItinerary:
    return TravelItinerary.objects.create(
        nominal=nominal,
        departs_on=departs,
        departure_point="Dover",
        destinations="France",
        carriers="Ferry",
        accommodation="Hotel",
        returns_on=back,
        details_known_on=departs - dt.timedelta(days=10),
    )


def test_an_open_trip_abroad_without_the_return_notified(unit, manager) -> None:
    """SI 2004/1220: the return within 3 days of coming back [M]."""
    p = _person(unit)
    convict(p, manager)
    notify(p, manager, "initial", on=REGISTERED)
    notify(p, manager, on=D(2024, 12, 1))
    trip = _trip(p, departs=D(2025, 1, 10), back=D(2025, 1, 25))  # return due 27 January
    far = _person(unit)
    convict(far, manager)
    notify(far, manager, "initial", on=REGISTERED)
    notify(far, manager, on=D(2024, 12, 1))
    _trip(far, departs=D(2025, 1, 10), back=D(2025, 3, 1))  # return due 3 March
    ids = Nominal.objects.values("id")

    some = check_contract(ids, today=TODAY, until=TODAY)
    assert set(some) == {p.pk}
    assert [(i.kind, i.deadline.due, i.itinerary_id) for i in some[p.pk].items if i.deadline] == [
        ("periodic", D(2025, 12, 1), None),
        ("travel_return", D(2025, 1, 27), trip.pk),
    ]
    assert far.pk in check_contract(ids, today=TODAY, until=D(2025, 3, 4))


def test_a_period_already_ended_is_still_right(unit, manager) -> None:
    """s.82: a caution gives 2 years; after the last day nothing more is due. The narrowing
    cannot see the period, so the person is looked at, and the answer is the full one."""
    p = _person(unit)
    convict(p, manager, on=D(2021, 1, 1), kind="caution", disposal="caution")
    notify(p, manager, "initial", on=D(2021, 1, 2))
    notify(p, manager, on=D(2022, 1, 5))
    some = check_contract(Nominal.objects.values("id"), today=TODAY, until=TODAY)
    assert some[p.pk].items == []
    assert some[p.pk].notes[0].startswith("The notification period ended with 31 December 2022")


def test_closed_records_are_left_out_and_the_away_are_suspended(unit, manager) -> None:
    dead = _person(unit, status=Status.DECEASED)
    convict(dead, manager)
    away = _person(unit, status=Status.CUSTODY)
    convict(away, manager)
    notify(away, manager, "initial", on=REGISTERED)
    notify(away, manager, on=D(2023, 5, 5))
    ids = Nominal.objects.values("id")
    some = check_contract(ids, today=TODAY, until=TODAY)
    assert dead.pk not in some
    assert [i.state for i in some[away.pk].items] == ["suspended"]
    assert queries.statuses(ids, today=TODAY)[dead.pk].notes == [
        "Nothing is due: the record is closed."
    ]


def test_a_list_of_ids_is_accepted_too(unit, manager) -> None:
    p = _person(unit)
    convict(p, manager, on=D(2025, 1, 20))
    assert set(queries.statuses([p.pk], today=TODAY, until=TODAY)) == {p.pk}


@pytest.mark.parametrize("until", [None, TODAY])
def test_the_number_of_queries_does_not_grow_with_the_people(
    unit, manager, django_assert_num_queries, until
) -> None:
    def add(n: int) -> None:
        for i in range(n):
            p = _person(unit)
            convict(p, manager)
            notify(p, manager, "initial", on=REGISTERED)
            notify(p, manager, on=D(2023, 1, 1) + dt.timedelta(days=40 * i))
            _trip(p, departs=D(2025, 1, 10), back=D(2025, 1, 20))
            PeriodOverride.objects.create(
                nominal=p, indefinite=True, directed_on=D(2024, 1, 1), directed_by="X", reason="Y"
            )

    # With ``until``, three more to narrow: the people's facts, and the few of no fixed
    # abode and the few abroad.
    count = 4 if until is None else 7
    add(2)
    with django_assert_num_queries(count):
        small = queries.statuses(Nominal.objects.values("id"), today=TODAY, until=until)
    add(10)
    with django_assert_num_queries(count):
        large = queries.statuses(Nominal.objects.values("id"), today=TODAY, until=until)
    assert len(large) > len(small) > 0


def test_the_offence_columns_are_read_in_the_rows_order() -> None:
    assert queries._OFFENCE_FIELDS[1:] == queries._OffenceRow.__slots__[1:]
    assert queries._CONVICTION_FIELDS[1:] == queries._ConvictionRow.__slots__[1:]


def test_the_periodic_cutoff_is_the_first_day_not_due_before() -> None:
    for until in (D(2025, 3, 1), D(2024, 3, 1), D(2025, 2, 28), D(2028, 2, 29)):
        for nfa in (False, True):
            first = queries.periodic_clock_cutoff(until, no_fixed_abode=nfa)
            for day, before in ((first, False), (first - dt.timedelta(days=1), True)):
                due = queries.dl.next_periodic_due(
                    relevant_date=day,
                    notifications=[(day, NotificationKind.PERIODIC)],
                    no_fixed_abode=nfa,
                ).due
                assert (due < until) is before, (until, nfa, day, due)


# --- The property: the until answer is the full answer, restricted ----------------------------

OFFENCES = [
    {"offence_code": "SOA2003-s3", "victim_age": 15, "disposal": "imprisonment", "term": "3y"},
    {"offence_code": "SOA2003-s3", "victim_age": 15, "disposal": "imprisonment", "term": "8m"},
    {"offence_code": "SOA2003-s3", "victim_age": 15, "disposal": "community", "term": "12m"},
    {"offence_code": "SOA2003-s3", "victim_age": 15, "disposal": "caution", "term": ""},
    {"offence_code": "SOA2003-s3", "victim_age": 25, "disposal": "fine", "term": ""},
    {"offence_code": "SOA2003-s1", "victim_age": 30, "disposal": "imprisonment", "term": "6y"},
    {
        "offence_code": "SOA2003-s3",
        "victim_age": 15,
        "disposal": "conditional_discharge",
        "term": "2y",
    },
]
RESETTING = [k for k in queries.RESETTING if k != "initial"]
days = st.integers(min_value=0, max_value=9 * 365)
BASE = D(2017, 1, 1)


@st.composite
def people(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "status": draw(st.sampled_from([s.value for s in Status])),
        "convictions": draw(
            st.lists(
                st.tuples(days, st.lists(st.sampled_from(OFFENCES), min_size=0, max_size=2)),
                max_size=2,
            )
        ),
        "notified": draw(
            st.lists(
                st.tuples(days, st.sampled_from(["initial", *RESETTING, "bank_card"])),
                max_size=3,
            )
        ),
        "nfa": draw(st.sampled_from([None, 0, 3000, 4000])),
        "trips": draw(
            st.lists(
                st.tuples(
                    days,
                    st.none() | st.integers(0, 40),
                    st.none() | st.integers(0, 40),
                    st.booleans(),
                ),
                max_size=2,
            )
        ),
        "override": draw(st.sampled_from([None, "indefinite", 2500, 3100])),
    }


def _make(unit: Any, manager: Any, spec: dict[str, Any]) -> None:
    p = _person(unit, status=spec["status"], registered_on=BASE + dt.timedelta(days=400))
    for day, offences in spec["convictions"]:
        on = BASE + dt.timedelta(days=day)
        c = Conviction.objects.create(
            nominal=p,
            kind="caution" if any(o["disposal"] == "caution" for o in offences) else "conviction",
            relevant_on=on,
            court="Northby",
        )
        for o in offences:
            ConvictionOffence.objects.create(
                conviction=c, offence_date=on - dt.timedelta(days=90), **o
            )
    for day, kind in spec["notified"]:
        Notification.objects.create(
            nominal=p,
            kind=kind,
            received_at=at(BASE + dt.timedelta(days=day)),
            station="Northby",
            received_by=manager,
            summary="-",
        )
    if spec["nfa"] is not None:
        Address.objects.create(
            nominal=p,
            kind=AddressKind.NFA,
            location_notes="Tent",
            from_date=BASE + dt.timedelta(days=spec["nfa"]),
        )
    for day, back, returned, point in spec["trips"]:
        departs = BASE + dt.timedelta(days=day)
        TravelItinerary.objects.create(
            nominal=p,
            departs_on=departs,
            departure_point="Dover",
            destinations="France",
            carriers="Ferry",
            accommodation="Hotel",
            returns_on=None if back is None else departs + dt.timedelta(days=back),
            return_point="Calais" if point else "",
            returned_on=None if returned is None else departs + dt.timedelta(days=returned),
            details_known_on=departs,
        )
    if spec["override"] is not None:
        indefinite = spec["override"] == "indefinite"
        PeriodOverride.objects.create(
            nominal=p,
            indefinite=indefinite,
            ends_on=None if indefinite else BASE + dt.timedelta(days=spec["override"]),
            directed_on=BASE,
            directed_by="Northby Crown Court",
            reason="Directed",
        )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    specs=st.lists(people(), min_size=1, max_size=6),
    today=st.integers(min_value=2 * 365, max_value=9 * 365),
    ahead=st.lists(st.integers(min_value=-400, max_value=800), min_size=1, max_size=3),
)
def test_until_agrees_with_the_full_answer(unit, manager, specs, today, ahead) -> None:
    """For any register, ``today`` and ``until``: everyone with an item due before
    ``until`` is returned, and what is returned is exactly the full answer."""
    with transaction.atomic():
        for spec in specs:
            _make(unit, manager, spec)
        day = BASE + dt.timedelta(days=today)
        for a in ahead:
            check_contract(
                Nominal.objects.values("id"), today=day, until=day + dt.timedelta(days=a)
            )
        transaction.set_rollback(True)
