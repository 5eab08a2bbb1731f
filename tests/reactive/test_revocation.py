"""Reactive management in the obligations engine: worked cases (RULES.md §5.3, issue 6).

"Reactive management removes visits and is revoked by a new conviction": while a
placement is in force the person has no routine visit; an event listed in the criteria,
recorded after the day of approval, ends it with nothing written; the offender manager
sees a visit due now until the person is seen at home, and the supervisor a notice of
their own until it is reviewed (tests/reactive/test_review.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.reactive.helpers import approve_level, at, convict, eligible_person, place
from vigil.nominals.models import Address, AddressKind, HouseholdMember, Nominal
from vigil.obligations.engine import Kind, Owner, collect
from vigil.obligations.queries import due_for
from vigil.policy.cadence import ReviewTrigger
from vigil.reactive import queries, services
from vigil.reactive.models import ReactivePlacement
from vigil.registration.models import PossibleBreach
from vigil.visits.models import Visit

TODAY = dt.date(2026, 11, 23)
PLACED = dt.date(2026, 6, 1)
D = dt.date


@pytest.fixture
def person(unit, manager, supervisor):
    return eligible_person(unit, manager, supervisor)


@pytest.fixture
def placed(person, manager, supervisor):
    return place(person, manager, supervisor, on=PLACED)


def items(nominal, kind=Kind.VISIT):
    result = collect(Nominal.objects.filter(pk=nominal.pk), today=TODAY)
    assert result.problems == []
    return [o for o in result.items if o.kind == kind]


def seen(nominal, officer, day):
    Visit.objects.create(
        nominal=nominal,
        status="done",
        visit_type="home_unannounced",
        occurred_at=at(day),
        officer=officer,
        outcome="seen",
    )


def test_reactive_management_removes_visits_and_is_revoked_by_a_new_conviction(
    person, manager, supervisor
) -> None:
    # Never seen since 2015: a low-risk person is long overdue a routine visit.
    [routine] = items(person)
    assert routine.due == D(2016, 6, 1)
    place(person, manager, supervisor, on=PLACED)
    assert items(person) == []

    convict(person, D(2026, 9, 1))
    [om] = items(person)
    assert (om.owner, om.due, om.state) == (Owner.OFFENDER_MANAGER, D(2026, 9, 1), "overdue")
    assert om.detail == (
        "Reactive management ended by a new conviction on 1 September 2026: "
        "visit and review due now"
    )
    # The review it calls for comes from the same event.
    [review] = items(person, Kind.ASSESSMENT_REVIEW)
    assert review.due == D(2026, 9, 15)
    assert "A new conviction recorded on 1 September 2026" in review.detail
    # Nothing was written: the placement row is as approved.
    row = ReactivePlacement.objects.get(nominal=person)
    assert (row.state, row.ended_at) == ("approved", None)


def test_the_offender_manager_and_the_supervisor_see_it_in_their_queues(
    placed, person, manager, supervisor, colleague
) -> None:
    """The offender manager has the visit, the supervisor a notice of their own (never a
    second visit); from the next day both are overdue, and the supervisor's queue also
    shows the officer's overdue visit, as it shows everything overdue in the unit."""
    convict(person, TODAY)

    def told(user, today):
        return [
            (o.kind, o.owner, o.state)
            for o in due_for(user, today=today).items
            if o.nominal.id == person.pk and "Reactive management ended" in o.detail
        ]

    assert told(manager, TODAY) == [(Kind.VISIT, Owner.OFFENDER_MANAGER, "due_soon")]
    assert told(supervisor, TODAY) == [(Kind.REACTIVE_ENDED, Owner.SUPERVISOR, "due_soon")]
    tomorrow = TODAY + dt.timedelta(days=1)
    assert told(manager, tomorrow) == [(Kind.VISIT, Owner.OFFENDER_MANAGER, "overdue")]
    assert told(supervisor, tomorrow) == [
        (Kind.REACTIVE_ENDED, Owner.SUPERVISOR, "overdue"),
        (Kind.VISIT, Owner.OFFENDER_MANAGER, "overdue"),
    ]
    assert told(colleague, TODAY) == []


def test_once_the_person_is_seen_routine_visits_take_over(placed, person, manager) -> None:
    convict(person, D(2026, 9, 1))
    seen(person, manager, D(2026, 8, 30))  # before the event: not the visit it called for
    assert len(items(person)) == 1
    seen(person, manager, D(2026, 9, 10))
    [routine] = items(person)
    assert (routine.owner, routine.due) == (Owner.OFFENDER_MANAGER, D(2027, 9, 10))
    assert "Reactive" not in routine.detail


def test_revoked_by_a_breach(placed, person) -> None:
    PossibleBreach.objects.create(
        nominal=person,
        deadline_kind="periodic",
        due_on=D(2026, 8, 1),
        deadline_reason="s.85",
        identified_on=D(2026, 9, 2),
        created_at=at(D(2026, 9, 2)),
    )
    assert {o.detail for o in items(person)} == {
        "Reactive management ended by a breach on 2 September 2026: visit and review due now"
    }


def test_revoked_by_a_change_of_risk_level(placed, person, manager, supervisor) -> None:
    approve_level(person, "medium", manager, supervisor, D(2026, 9, 3))
    [om] = items(person)
    assert om.detail.startswith("Reactive management ended by a change of risk level on 3 Sep")


def test_a_low_level_approved_again_is_not_a_change(placed, person, manager, supervisor) -> None:
    approve_level(person, "low", manager, supervisor, D(2026, 9, 3))
    assert items(person) == []


def test_revoked_by_a_child_joining_the_household(placed, person) -> None:
    home = Address.objects.create(
        nominal=person, kind=AddressKind.HOME, line1="1 Road", created_at=at(D(2026, 10, 1))
    )
    HouseholdMember.objects.create(
        nominal=person,
        address=home,
        name="A child",
        date_of_birth=D(2019, 1, 1),
        created_at=at(D(2026, 10, 2)),
    )
    state = queries.in_force(Nominal.objects.filter(pk=person.pk), TODAY)[person.pk]
    assert isinstance(state, queries.Revoked)
    assert (state.event.trigger, state.on) == (ReviewTrigger.CHILD_JOINED_HOUSEHOLD, D(2026, 10, 2))


def test_a_change_of_address_calls_for_a_review_but_keeps_reactive_management(
    placed, person
) -> None:
    """RULES.md §5.3: changed circumstances lead to a review and a *possible* return."""
    Address.objects.create(
        nominal=person, kind=AddressKind.HOME, line1="2 Road", created_at=at(D(2026, 10, 1))
    )
    assert items(person) == []
    [review] = items(person, Kind.ASSESSMENT_REVIEW)
    assert review.due == D(2026, 10, 15)


def test_events_before_the_approval_do_not_end_it(person, manager, supervisor) -> None:
    Address.objects.create(
        nominal=person, kind=AddressKind.HOME, line1="1 Road", created_at=at(D(2026, 5, 1))
    )
    HouseholdMember.objects.create(
        nominal=person,
        address=Address.objects.get(nominal=person),
        name="Grown child",
        date_of_birth=D(2000, 1, 1),
        created_at=at(D(2026, 5, 1)),
    )
    place(person, manager, supervisor, on=PLACED)
    assert isinstance(
        queries.in_force(Nominal.objects.filter(pk=person.pk), TODAY)[person.pk],
        ReactivePlacement,
    )


def test_ended_by_hand_brings_routine_visits_back_and_tells_no_one(placed, person, manager) -> None:
    services.placement_end(
        actor=manager,
        nominal=person,
        placement_id=placed.pk,
        reason="New partner with children; back to routine visits.",
        today=TODAY,
    )
    [routine] = items(person)
    assert (routine.owner, routine.due) == (Owner.OFFENDER_MANAGER, D(2016, 6, 1))
    assert queries.in_force(Nominal.objects.filter(pk=person.pk), TODAY) == {}


def test_a_person_in_custody_is_not_due_a_visit_when_it_ends(placed, person) -> None:
    convict(person, D(2026, 9, 1))
    Nominal.objects.filter(pk=person.pk).update(status="custody")
    assert items(person) == []


def test_a_pending_proposal_is_an_approval_for_the_supervisor_and_changes_nothing(
    person, manager
) -> None:
    from tests.reactive.helpers import propose

    placement = propose(person, manager)
    [approval] = items(person, Kind.APPROVAL)
    assert approval.owner is Owner.SUPERVISOR
    assert str(placement.pk) in approval.link
    assert len(items(person)) == 1  # the routine visit is still due


def test_the_engine_and_in_force_take_the_same_queries_for_few_or_many_people(
    unit, manager, supervisor, django_assert_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n: int) -> None:
        for i in range(n):
            person = eligible_person(unit, manager, supervisor)
            place(person, manager, supervisor, on=PLACED)
            if i % 3 == 0:
                convict(person, D(2026, 9, 1))
            if i % 3 == 1:
                approve_level(person, "medium", manager, supervisor, D(2026, 9, 3))

    make(3)
    everyone = Nominal.objects.all()
    with CaptureQueriesContext(connection) as few:
        small = collect(everyone, today=TODAY)
    with CaptureQueriesContext(connection) as few_in_force:
        assert len(queries.in_force(everyone, TODAY)) == 3
    make(27)
    with django_assert_num_queries(len(few.captured_queries)):
        large = collect(everyone, today=TODAY)
    with django_assert_num_queries(len(few_in_force.captured_queries)):
        states = queries.in_force(everyone, TODAY)
    assert len(states) == 30
    assert sum(isinstance(s, queries.Revoked) for s in states.values()) == 20

    def told(result):
        return sorted(o.kind for o in result.items if "Reactive management ended" in o.detail)

    assert told(large) == [Kind.REACTIVE_ENDED] * 20 + [Kind.VISIT] * 20
    assert told(small) == [Kind.REACTIVE_ENDED] * 2 + [Kind.VISIT] * 2
