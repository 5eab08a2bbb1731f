"""Possible breaches (s.91), the end of the requirements, and review applications
(ss.91A-91F): each step through its service, audited, refusing what cannot be."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import NominalFactory
from tests.registration.test_notifications import REGISTERED, convict, notify
from vigil.audit.models import AuditEvent
from vigil.nominals.models import Nominal, Status
from vigil.nominals.services import EditConflict
from vigil.registration import queries, services
from vigil.registration.models import Notification, PeriodEnd, PossibleBreach, ReviewApplication
from vigil.registration.services import Refused

D = dt.date


@pytest.fixture
def overdue(unit, manager) -> Nominal:
    """Notified on 10 January 2024: the periodic notification was due by 10 January 2025."""
    nominal = NominalFactory.create(unit=unit, offender_manager=manager, registered_on=REGISTERED)
    convict(nominal, manager)
    notify(nominal, manager, "initial", on=REGISTERED)
    notify(nominal, manager, on=D(2024, 1, 10))
    return nominal


# --- Possible breaches ---------------------------------------------------------------------------


def test_an_overdue_deadline_becomes_a_possible_breach_with_its_reason(overdue, manager) -> None:
    today = D(2025, 1, 20)
    item = queries.requirements(overdue, today=today).status.overdue[0]
    assert item.key == "periodic:2025-01-10"
    breach = services.breach_record(
        actor=manager, nominal=overdue, key=item.key, notes="Not answering the door", today=today
    )
    assert (breach.deadline_kind, breach.due_on, breach.identified_on) == (
        "periodic",
        D(2025, 1, 10),
        today,
    )
    assert "s.85(1)" in breach.deadline_reason
    assert AuditEvent.objects.filter(action="registration.breach.recorded").count() == 1
    # The status now links the overdue item to its breach, and offers no second one.
    again = queries.requirements(overdue, today=today).status.overdue[0]
    assert again.breach == breach
    with pytest.raises(Refused, match="already recorded"):
        services.breach_record(actor=manager, nominal=overdue, key=item.key, today=today)


def test_a_deadline_that_is_not_overdue_cannot_be_recorded_as_missed(overdue, manager) -> None:
    with pytest.raises(Refused, match="not overdue"):
        services.breach_record(
            actor=manager, nominal=overdue, key="periodic:2025-01-10", today=D(2025, 1, 9)
        )
    with pytest.raises(Refused, match="not overdue"):
        services.breach_record(
            actor=manager, nominal=overdue, key="periodic:2024-01-01", today=D(2025, 1, 20)
        )
    assert not PossibleBreach.objects.exists()


def test_the_outcome_is_recorded_and_can_move_on_with_the_case(overdue, manager, colleague) -> None:
    today = D(2025, 1, 20)
    breach = services.breach_record(
        actor=manager, nominal=overdue, key="periodic:2025-01-10", today=today
    )
    breach = services.breach_outcome(
        actor=manager,
        breach=breach,
        outcome="arrested",
        outcome_on=D(2025, 1, 21),
        expected_version=1,
        today=D(2025, 1, 22),
    )
    breach = services.breach_outcome(
        actor=colleague,
        breach=breach,
        outcome="charged",
        outcome_on=D(2025, 1, 22),
        outcome_notes="Remanded on bail",
        expected_version=2,
        today=D(2025, 1, 22),
    )
    assert (breach.outcome, breach.version, breach.modified_by) == ("charged", 3, colleague)
    assert breach.history.count() == 3
    with pytest.raises(EditConflict):
        services.breach_outcome(
            actor=manager,
            breach=breach,
            outcome="convicted",
            outcome_on=D(2025, 1, 22),
            expected_version=2,
            today=D(2025, 1, 22),
        )
    with pytest.raises(Refused, match="before the possible breach was recorded"):
        services.breach_outcome(
            actor=manager,
            breach=breach,
            outcome="convicted",
            outcome_on=D(2025, 1, 1),
            expected_version=3,
            today=D(2025, 1, 22),
        )


def test_a_breach_of_a_travel_return_keeps_the_trip(overdue, manager) -> None:
    notify(
        overdue,
        manager,
        "travel_departure",
        on=D(2024, 6, 1),
        departs_on=D(2024, 6, 10),
        departure_point="Dover",
        destinations="France",
        carriers="Ferry",
        accommodation="Hotel",
        returns_on=D(2024, 6, 17),
        details_known_on=D(2024, 6, 1),
    )
    item = next(
        i
        for i in queries.requirements(overdue, today=D(2024, 6, 25)).status.overdue
        if i.kind == "travel_return"
    )
    breach = services.breach_record(
        actor=manager, nominal=overdue, key=item.key, today=D(2024, 6, 25)
    )
    assert breach.itinerary_id == item.itinerary_id and breach.due_on == D(2024, 6, 19)


# --- The end of the requirements ------------------------------------------------------------------


@pytest.fixture
def five_years(unit, manager) -> Nominal:
    """A fine for exposure to a 15-year-old on 4 March 2020: 5 years, to 3 March 2025."""
    nominal = NominalFactory.create(
        unit=unit, offender_manager=manager, registered_on=D(2020, 3, 4)
    )
    convict(
        nominal,
        manager,
        on=D(2020, 3, 4),
        offence_code="SOA2003-s66",
        victim_age=15,
        disposal="fine",
    )
    notify(nominal, manager, "initial", on=D(2020, 3, 5))
    return nominal


def test_the_end_is_shown_coming_within_the_window(five_years) -> None:
    assert queries.requirements(five_years, today=D(2024, 11, 1)).ending is None
    ending = queries.requirements(five_years, today=D(2025, 1, 1)).ending
    assert ending is not None and (ending.last_day, ending.days) == (D(2025, 3, 3), 61)
    assert queries.PERIOD_END_WINDOW_DAYS.value == 90 and queries.PERIOD_END_WINDOW_DAYS.mark == "M"


def test_nothing_is_due_after_the_period_ends(five_years) -> None:
    req = queries.requirements(five_years, today=D(2025, 3, 4))
    assert req.status.items == [] and "ended with 3 March 2025" in req.status.notes[0]
    assert req.can_end


def test_the_end_cannot_be_confirmed_before_the_period_ends(five_years, manager) -> None:
    with pytest.raises(Refused, match="the period ends with 3 March 2025"):
        services.period_end_confirm(actor=manager, nominal=five_years, today=D(2025, 3, 3))
    five_years.refresh_from_db()
    assert five_years.status == Status.COMMUNITY


def test_confirming_the_end_makes_them_no_longer_subject_and_keeps_everything(
    five_years, manager
) -> None:
    end = services.period_end_confirm(
        actor=manager, nominal=five_years, reason="Checked PNC", today=D(2025, 3, 10)
    )
    five_years.refresh_from_db()
    assert five_years.status == Status.NO_LONGER_SUBJECT
    assert (end.grounds, end.last_day, end.created_by) == ("period_ended", D(2025, 3, 3), manager)
    assert "Checked PNC" in end.reason and "s.82(1)" in end.reason
    assert Notification.objects.filter(nominal=five_years).count() == 1
    assert AuditEvent.objects.filter(
        action="registration.period.ended", subject_ref=five_years.reference
    ).exists()
    req = queries.requirements(five_years, today=D(2025, 3, 10))
    assert req.closed and req.ended == end and req.status.items == []
    with pytest.raises(Refused, match="already recorded as no longer subject"):
        services.period_end_confirm(actor=manager, nominal=five_years, today=D(2025, 3, 11))


def test_an_indefinite_period_cannot_be_ended_without_a_review(overdue, manager) -> None:
    with pytest.raises(Refused, match="indefinite"):
        services.period_end_confirm(actor=manager, nominal=overdue, today=D(2025, 3, 10))
    assert not PeriodEnd.objects.exists()


def test_a_courts_earlier_end_date_can_be_confirmed(five_years, manager) -> None:
    services.override_add(
        actor=manager,
        nominal=five_years,
        indefinite=False,
        ends_on=D(2023, 3, 3),
        directed_on=D(2021, 1, 5),
        directed_by="Court of Appeal",
        reason="Sentence quashed and replaced",
    )
    end = services.period_end_confirm(actor=manager, nominal=five_years, today=D(2024, 1, 1))
    assert (end.grounds, end.last_day) == ("override", D(2023, 3, 3))


# --- Review of indefinite notification ------------------------------------------------------------


@pytest.fixture
def indefinite(unit, manager) -> Nominal:
    """4 years for s.3 on a 15-year-old in 2005; released and notified on 11 January 2006:
    may apply from 11 January 2021 (s.91B(2)(a))."""
    nominal = NominalFactory.create(
        unit=unit, offender_manager=manager, registered_on=D(2005, 1, 10)
    )
    convict(nominal, manager, on=D(2005, 1, 10), term="4y", offence_date=D(2004, 6, 1))
    notify(nominal, manager, "release", on=D(2006, 1, 11), event_on=D(2006, 1, 10))
    return nominal


def test_an_application_before_the_qualifying_date_is_refused_with_the_reason(
    indefinite, manager
) -> None:
    with pytest.raises(Refused, match=r"s.91B\(1\).*11 January 2021"):
        services.review_receive(
            actor=manager,
            nominal=indefinite,
            received_on=D(2021, 1, 10),
            subject_to_order=False,
            today=D(2021, 2, 1),
        )
    assert not ReviewApplication.objects.exists()


def test_someone_subject_to_an_order_cannot_apply(indefinite, manager) -> None:
    with pytest.raises(Refused, match=r"s.91A\(2\)\(b\)"):
        services.review_receive(
            actor=manager,
            nominal=indefinite,
            received_on=D(2021, 2, 1),
            subject_to_order=True,
            today=D(2021, 2, 1),
        )


def test_a_fixed_period_cannot_apply(five_years, manager) -> None:
    with pytest.raises(Refused, match=r"s.91A\(2\)\(a\)"):
        services.review_receive(
            actor=manager,
            nominal=five_years,
            received_on=D(2024, 2, 1),
            subject_to_order=False,
            today=D(2024, 2, 1),
        )


def test_the_review_steps_with_their_deadlines(indefinite, manager) -> None:
    review = services.review_receive(
        actor=manager,
        nominal=indefinite,
        received_on=D(2021, 2, 1),
        subject_to_order=False,
        today=D(2021, 2, 1),
    )
    from vigil.policy import deadlines as dl

    assert dl.review_determination_due(received_on=review.received_on).due == D(2021, 3, 14)
    review = services.review_request_information(
        actor=manager,
        review=review,
        requested_on=D(2021, 2, 3),
        bodies="Probation; children's services",
        expected_version=1,
        today=D(2021, 2, 3),
    )
    assert dl.review_determination_due(
        received_on=review.received_on, awaiting_responsible_bodies=True
    ).due == D(2021, 4, 25)
    with pytest.raises(Refused, match="earlier application has not been determined"):
        services.review_receive(
            actor=manager,
            nominal=indefinite,
            received_on=D(2021, 2, 5),
            subject_to_order=False,
            today=D(2021, 2, 5),
        )
    with pytest.raises(Refused, match="further review period"):
        services.review_determine(
            actor=manager,
            review=review,
            determined_on=D(2021, 3, 10),
            outcome="continue",
            further_review_years=20,
            notice_given_on=D(2021, 3, 12),
            reasons="Risk remains",
            expected_version=2,
            today=D(2021, 3, 12),
        )
    review = services.review_determine(
        actor=manager,
        review=review,
        determined_on=D(2021, 3, 10),
        outcome="continue",
        further_review_years=None,
        notice_given_on=D(2021, 3, 12),
        reasons="Risk remains",
        expected_version=2,
        today=D(2021, 3, 12),
    )
    assert review.further_review_years == 8
    assert dl.review_appeal_due(notice_received_on=review.notice_given_on).due == D(2021, 4, 1)  # type: ignore[arg-type]
    # The next qualifying date is now 8 years after the determination (s.91B(3)).
    req = queries.requirements(indefinite, today=D(2021, 3, 12))
    assert req.review is not None and req.review.date is not None
    assert req.review.date.qualifying_date == D(2029, 3, 10)
    with pytest.raises(Refused, match="before the notice"):
        services.review_appeal(
            actor=manager,
            review=review,
            lodged_on=D(2021, 3, 11),
            expected_version=3,
            today=D(2021, 3, 20),
        )
    review = services.review_appeal(
        actor=manager,
        review=review,
        lodged_on=D(2021, 3, 20),
        outcome="allowed",
        decided_on=D(2021, 5, 4),
        expected_version=3,
        today=D(2021, 5, 4),
    )
    assert review.requirements_cease
    actions = set(
        AuditEvent.objects.filter(action__startswith="registration.review.").values_list(
            "action", flat=True
        )
    )
    assert actions == {
        "registration.review.received",
        "registration.review.information",
        "registration.review.determined",
        "registration.review.appealed",
    }
    # An appeal allowed ends the requirements: the officer may now confirm the end.
    end = services.period_end_confirm(actor=manager, nominal=indefinite, today=D(2021, 5, 5))
    assert (end.grounds, end.last_day) == ("review", D(2021, 5, 3))


def test_a_decision_that_the_requirements_cease_cannot_be_appealed(indefinite, manager) -> None:
    review = services.review_receive(
        actor=manager,
        nominal=indefinite,
        received_on=D(2021, 2, 1),
        subject_to_order=False,
        today=D(2021, 2, 1),
    )
    review = services.review_determine(
        actor=manager,
        review=review,
        determined_on=D(2021, 3, 1),
        outcome="cease",
        further_review_years=8,
        notice_given_on=None,
        reasons="Low risk",
        expected_version=1,
        today=D(2021, 3, 1),
    )
    assert review.further_review_years is None
    with pytest.raises(Refused, match="Only a determination to keep"):
        services.review_appeal(
            actor=manager,
            review=review,
            lodged_on=D(2021, 3, 2),
            expected_version=2,
            today=D(2021, 3, 2),
        )
