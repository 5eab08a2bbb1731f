"""The supervisor is told when an event ends reactive management, until they review it
(issue 6: "taken off it automatically ... the offender manager and supervisor are told").

Worked cases of the derived notice (``Kind.REACTIVE_ENDED``), the review that answers it
(``services.end_review_record``), the page that records it, who may, and the query
counts and ``until`` contract of the provider (docs/adr/0005).
"""

from __future__ import annotations

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import _persona
from tests.reactive.helpers import at, convict, eligible_person, place
from vigil.accounts.roles import Role
from vigil.audit.models import AuditEvent
from vigil.nominals.models import Nominal
from vigil.obligations.engine import Kind, Owner, collect
from vigil.obligations.queries import due_for
from vigil.reactive import services
from vigil.reactive.models import EndDecision, ReactiveEndReview
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


def notices(nominal, today=TODAY, **kwargs):
    result = collect(Nominal.objects.filter(pk=nominal.pk), today=today, **kwargs)
    assert result.problems == []
    return [o for o in result.items if o.kind is Kind.REACTIVE_ENDED]


def review(person, placement, by, decision=EndDecision.ROUTINE, note="Seen the conviction."):
    return services.end_review_record(
        actor=by,
        nominal=person,
        placement_id=placement.pk,
        decision=decision,
        note=note,
        today=TODAY,
    )


def seen(nominal, officer, day):
    Visit.objects.create(
        nominal=nominal,
        status="done",
        visit_type="home_unannounced",
        occurred_at=at(day),
        officer=officer,
        outcome="seen",
    )


def breach_found_no_offence(nominal, recorded_on):
    """A breach that ends reactive management but, found no offence, leaves the person
    eligible (the criteria ignore it; the trigger does not)."""
    return PossibleBreach.objects.create(
        nominal=nominal,
        deadline_kind="periodic",
        due_on=recorded_on - dt.timedelta(days=10),
        deadline_reason="s.85",
        identified_on=recorded_on,
        outcome="no_offence",
        outcome_on=recorded_on + dt.timedelta(days=7),
        created_at=at(recorded_on),
    )


def told(nominal, today=TODAY):
    """The kinds of every item that says reactive management ended."""
    items = collect(Nominal.objects.filter(pk=nominal.pk), today=today).items
    return sorted(o.kind for o in items if "Reactive management ended" in o.detail)


def in_queue(user, person, today=TODAY):
    return [
        (o.kind, o.state)
        for o in due_for(user, today=today).items
        if o.nominal.id == person.pk and o.kind is Kind.REACTIVE_ENDED
    ]


# --- The notice, worked cases ------------------------------------------------------------


def test_an_event_ending_reactive_management_gives_the_supervisor_a_notice_until_reviewed(
    placed, person, manager, supervisor
) -> None:
    assert notices(person) == []
    convict(person, D(2026, 9, 1))
    [notice] = notices(person)
    assert (notice.owner, notice.owner_user_id, notice.due) == (
        Owner.SUPERVISOR,
        supervisor.pk,
        D(2026, 9, 1),
    )
    assert notice.detail == (
        "Reactive management ended by a new conviction on 1 September 2026: review the decision"
    )
    assert notice.link == reverse("reactive:review", args=[person.reference, placed.pk])
    # The person seen at home answers the officer's visit, not the supervisor's notice.
    seen(person, manager, D(2026, 9, 10))
    assert told(person) == [Kind.REACTIVE_ENDED]
    # However long the supervisor is away, it stays.
    assert len(notices(person, today=TODAY + dt.timedelta(days=365))) == 1
    review(person, placed, supervisor)
    assert notices(person) == []
    assert notices(person, today=TODAY + dt.timedelta(days=365)) == []


def test_the_notice_comes_on_the_day_and_stays_past_it(placed, person, supervisor) -> None:
    convict(person, TODAY)
    assert in_queue(supervisor, person) == [(Kind.REACTIVE_ENDED, "due_soon")]
    later = TODAY + dt.timedelta(days=40)
    assert in_queue(supervisor, person, later) == [(Kind.REACTIVE_ENDED, "overdue")]


def test_an_event_recorded_with_an_earlier_date_still_tells_the_supervisor(
    placed, person, supervisor
) -> None:
    """Recorded today as of six weeks ago (or found on a day the supervisor was away):
    the notice is overdue from the start, and in their queue."""
    convict(person, TODAY - dt.timedelta(days=42))
    assert in_queue(supervisor, person) == [(Kind.REACTIVE_ENDED, "overdue")]


def test_a_person_in_custody_has_no_visit_due_but_the_supervisor_is_still_told(
    placed, person
) -> None:
    convict(person, D(2026, 9, 1))
    Nominal.objects.filter(pk=person.pk).update(status="custody")
    assert told(person) == [Kind.REACTIVE_ENDED]


def test_ended_by_hand_tells_no_one(placed, person, manager) -> None:
    services.placement_end(
        actor=manager, nominal=person, placement_id=placed.pk, reason="Back to visits.", today=TODAY
    )
    assert notices(person) == []


def test_a_new_placement_after_the_review_starts_clean(placed, person, manager, supervisor) -> None:
    breach_found_no_offence(person, D(2026, 7, 1))
    review(person, placed, supervisor, EndDecision.PROPOSE_AGAIN, "Found no offence.")
    again = place(person, manager, supervisor, on=D(2026, 8, 3))
    assert again.pk != placed.pk
    items = collect(Nominal.objects.filter(pk=person.pk), today=TODAY).items
    assert [o for o in items if o.kind in (Kind.VISIT, Kind.REACTIVE_ENDED)] == []
    # Its own end is its own notice, with its own review to come.
    convict(person, D(2026, 10, 5))
    [notice] = notices(person)
    assert notice.due == D(2026, 10, 5)
    assert notice.link == reverse("reactive:review", args=[person.reference, again.pk])


# --- Whose queue ---------------------------------------------------------------------------


def test_whose_queue_the_notice_is_in(
    unit, sibling_unit, placed, person, manager, supervisor
) -> None:
    """The person's supervisor from the day; every supervisor of the unit once it is
    overdue (any of them may review it); never the officer, nor another unit."""
    second = _persona("second", Role.SUPERVISOR, unit)
    south = _persona("south", Role.SUPERVISOR, sibling_unit)
    convict(person, TODAY)
    tomorrow = TODAY + dt.timedelta(days=1)
    assert in_queue(supervisor, person) == [(Kind.REACTIVE_ENDED, "due_soon")]
    assert in_queue(second, person) == []
    assert in_queue(second, person, tomorrow) == [(Kind.REACTIVE_ENDED, "overdue")]
    assert in_queue(south, person, tomorrow) == []
    assert in_queue(manager, person, tomorrow) == []


def test_with_no_named_supervisor_every_supervisor_of_the_unit_is_told_on_the_day(
    unit, placed, person
) -> None:
    second = _persona("second", Role.SUPERVISOR, unit)
    Nominal.objects.filter(pk=person.pk).update(supervisor=None)
    convict(person, TODAY)
    assert in_queue(second, person) == [(Kind.REACTIVE_ENDED, "due_soon")]


def test_the_dashboard_counts_the_officers_visit_once_and_not_the_notice(
    placed, person, supervisor
) -> None:
    from vigil.reports import queries as reports
    from vigil.reports.access import access_scope

    convict(person, TODAY - dt.timedelta(days=30))
    board = reports.dashboard(access_scope(supervisor), today=TODAY)
    line = next(line for line in board.lines if line.officer.pk == person.offender_manager_id)
    # One visit (the officer's), and the assessment and plan reviews the event calls for.
    assert (line.overdue_visits, line.overdue_reviews) == (1, 2)
    assert board.total.overdue_visits == 1
    assert any(o.kind is Kind.REACTIVE_ENDED for o in due_for(supervisor, today=TODAY).items)


# --- The review ---------------------------------------------------------------------------


def test_the_review_records_who_when_what_and_the_event_and_is_audited(
    placed, person, supervisor
) -> None:
    convict(person, D(2026, 9, 1))
    done = review(person, placed, supervisor, note="  Spoke to the officer; visit booked.  ")
    assert (done.placement, done.reviewed_by, done.decision, done.note) == (
        placed,
        supervisor,
        "routine",
        "Spoke to the officer; visit booked.",
    )
    assert (done.trigger, done.ended_on, done.words) == (
        "new_conviction",
        D(2026, 9, 1),
        "a new conviction",
    )
    event = AuditEvent.objects.get(action="reactive.end.reviewed")
    assert event.subject_ref == person.reference
    assert event.detail == {"placement": placed.pk, "review": done.pk, "decision": "routine"}
    assert "Spoke" not in str(event.detail)  # the note lives in the record, not the log


def test_a_second_review_is_refused_and_says_who_reviewed_it(
    unit, placed, person, supervisor
) -> None:
    convict(person, D(2026, 9, 1))
    review(person, placed, supervisor)
    other = _persona("second", Role.SUPERVISOR, unit)
    with pytest.raises(services.AlreadyReviewed, match=f"{supervisor} has already reviewed"):
        review(person, placed, other, EndDecision.PROPOSE_AGAIN)
    assert ReactiveEndReview.objects.count() == 1
    assert AuditEvent.objects.filter(action="reactive.end.reviewed").count() == 1


def test_one_review_per_placement_is_a_database_constraint(placed, person, supervisor) -> None:
    convict(person, D(2026, 9, 1))
    first = review(person, placed, supervisor)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReactiveEndReview.objects.create(
            nominal=person,
            placement=placed,
            trigger=first.trigger,
            ended_on=first.ended_on,
            reviewed_by=supervisor,
            decision="routine",
            note="again",
        )


def test_two_reviews_that_pass_the_checks_at_once_give_one_row_and_a_clear_refusal(
    placed, person, supervisor
) -> None:
    """Where the nominal's lock does not hold, the constraint decides: the loser is told,
    as if it had come second."""
    convict(person, D(2026, 9, 1))
    review(person, placed, supervisor)
    real = services._review_of
    calls: list[int] = []

    def not_yet_then_real(*args):  # the first look misses the other review
        calls.append(1)
        return None if len(calls) == 1 else real(*args)

    with (
        mock.patch.object(services, "_review_of", side_effect=not_yet_then_real),
        pytest.raises(services.AlreadyReviewed),
    ):
        review(person, placed, supervisor)
    assert ReactiveEndReview.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_double_submit_at_the_same_moment_writes_one_review(unit, manager, supervisor) -> None:
    """Two requests in two connections at once (PostgreSQL: the lock is real there)."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; the constraint test covers it")
    person = eligible_person(unit, manager, supervisor)
    placed = place(person, manager, supervisor, on=PLACED)
    convict(person, D(2026, 9, 1))
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        from django.db import connections

        try:
            start.wait()
            review(person, placed, supervisor)
            outcomes.append("recorded")
        except services.AlreadyReviewed:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["recorded", "refused"]
    assert ReactiveEndReview.objects.count() == 1


def test_only_a_supervisor_of_the_persons_unit_may_review(
    sibling_unit, placed, person, manager, colleague
) -> None:
    convict(person, D(2026, 9, 1))
    south = _persona("south", Role.SUPERVISOR, sibling_unit)
    for who, says in (
        (manager, "Only a supervisor can review"),
        (colleague, "Only a supervisor can review"),
        (south, "Only a supervisor of PPU North"),
    ):
        with pytest.raises(services.NotAllowed, match=says):
            review(person, placed, who)
    assert ReactiveEndReview.objects.count() == 0


def test_there_is_nothing_to_review_while_in_force_or_after_ending_by_hand(
    placed, person, manager, supervisor
) -> None:
    with pytest.raises(services.ReactiveWorkflowError, match="not been ended by an event"):
        review(person, placed, supervisor)
    services.placement_end(
        actor=manager, nominal=person, placement_id=placed.pk, reason="x", today=TODAY
    )
    with pytest.raises(services.ReactiveWorkflowError, match="not been ended by an event"):
        review(person, placed, supervisor)


def test_a_review_needs_a_decision_and_a_note(placed, person, supervisor) -> None:
    convict(person, D(2026, 9, 1))
    with pytest.raises(services.ReactiveWorkflowError, match="Say what you reviewed"):
        review(person, placed, supervisor, note="   ")
    with pytest.raises(services.ReactiveWorkflowError, match="Choose what happens next"):
        review(person, placed, supervisor, decision="shrug")
    assert ReactiveEndReview.objects.count() == 0


# --- Query counts and ``until`` ------------------------------------------------------------


def test_the_provider_takes_the_same_queries_for_few_or_many_people(
    unit, manager, supervisor, django_assert_num_queries
) -> None:
    def make(n: int) -> None:
        for i in range(n):
            person = eligible_person(unit, manager, supervisor)
            placement = place(person, manager, supervisor, on=PLACED)
            if i % 3 != 2:
                convict(person, D(2026, 9, 1) + dt.timedelta(days=i))
            if i % 3 == 1:
                review(person, placement, supervisor)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            collect(everyone, today=TODAY, kinds=[Kind.REACTIVE_ENDED])
        return len(queries.captured_queries)

    everyone = Nominal.objects.all()
    make(3)
    few = count()
    assert len(collect(everyone, today=TODAY, kinds=[Kind.REACTIVE_ENDED]).items) == 1
    make(27)
    with django_assert_num_queries(few):
        large = collect(everyone, today=TODAY, kinds=[Kind.REACTIVE_ENDED])
    assert len(large.items) == 10
    # The supervisor's whole queue does not grow either.
    with CaptureQueriesContext(connection) as queue:
        due_for(supervisor, today=TODAY)
    make(9)
    with django_assert_num_queries(len(queue.captured_queries)):
        due_for(supervisor, today=TODAY)


def test_until_leaves_out_only_notices_due_on_or_after_it(unit, manager, supervisor) -> None:
    """ADR 5: with ``until`` the provider may skip people only when nothing of theirs is
    due before it; the list is the full list's items due before ``until``."""
    days = [D(2026, 9, 1), D(2026, 10, 15), TODAY]
    for i, day in enumerate(days * 2):
        person = eligible_person(unit, manager, supervisor)
        placement = place(person, manager, supervisor, on=PLACED)
        convict(person, day)
        if i >= len(days):
            review(person, placement, supervisor)
    everyone = Nominal.objects.all()

    def key(o):
        return (o.nominal.id, o.kind, o.due, o.owner, o.detail, o.link, o.state)

    full = collect(everyone, today=TODAY)
    assert len([o for o in full.items if o.kind is Kind.REACTIVE_ENDED]) == 3
    for until in (D(2026, 9, 1), D(2026, 9, 2), D(2026, 10, 15), TODAY, TODAY + dt.timedelta(1)):
        narrowed = collect(everyone, today=TODAY, until=until)
        assert sorted(map(key, narrowed.items)) == sorted(
            key(o) for o in full.items if o.due < until
        ), until
