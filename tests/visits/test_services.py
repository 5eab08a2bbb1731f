"""The diary's rules as worked cases (issue 6: "Visits" and "Bad input")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.factories import NominalFactory, UserFactory
from tests.visits.conftest import NOW, TODAY, at
from vigil.accounts.models import Nation
from vigil.accounts.roles import Role
from vigil.audit.models import AuditEvent
from vigil.nominals.services import EditConflict
from vigil.policy.risk_levels import RiskLevel
from vigil.visits import queries, services
from vigil.visits.models import Outcome, Referral, Visit, VisitStatus, VisitType


def record(actor, nominal, *, when, outcome=Outcome.SEEN, risk_level=None, **overrides):
    values = {
        "visit_type": VisitType.HOME_UNANNOUNCED,
        "occurred_at": when,
        "officer": actor,
        "outcome": outcome,
        **overrides,
    }
    return services.visit_record(
        actor=actor, nominal=nominal, values=values, risk_level=risk_level, now=NOW
    )


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {field: " ".join(errors) for field, errors in exc.value.message_dict.items()}


# -- What counts as seen ------------------------------------------------------------------


def test_a_no_reply_does_not_move_last_seen_and_a_seen_visit_does(manager, nominal) -> None:
    record(manager, nominal, when=at(dt.date(2026, 9, 1)))
    assert queries.last_seen_by_nominal([nominal.pk]) == {nominal.pk: dt.date(2026, 9, 1)}

    record(manager, nominal, when=at(dt.date(2026, 11, 2)), outcome=Outcome.NO_REPLY)
    record(manager, nominal, when=at(dt.date(2026, 11, 3)), outcome=Outcome.NOT_SEEN)
    record(manager, nominal, when=at(dt.date(2026, 11, 4)), outcome=Outcome.REFUSED_ENTRY)
    assert queries.last_seen_by_nominal([nominal.pk]) == {nominal.pk: dt.date(2026, 9, 1)}

    record(manager, nominal, when=at(dt.date(2026, 11, 20)))
    assert queries.last_seen_by_nominal([nominal.pk]) == {nominal.pk: dt.date(2026, 11, 20)}


def test_only_home_visits_count_as_seen_unless_asked(manager, nominal) -> None:
    """RULES.md §5.2: the visit is at home; an office appointment is not a home visit."""
    record(manager, nominal, when=at(dt.date(2026, 11, 20)), visit_type=VisitType.OFFICE)
    assert queries.last_seen_by_nominal([nominal.pk]) == {}
    every_type = queries.last_seen_by_nominal([nominal.pk], types=VisitType.values)
    assert every_type == {nominal.pk: dt.date(2026, 11, 20)}


def test_planned_and_cancelled_visits_never_count_as_seen(manager, nominal) -> None:
    visit = services.visit_plan(
        actor=manager,
        nominal=nominal,
        visit_type=VisitType.HOME_ANNOUNCED,
        planned_for=at(TODAY + dt.timedelta(days=1)),
        officer=manager,
        now=NOW,
    )
    services.visit_cancel(actor=manager, visit=visit, reason="In hospital", expected_version=1)
    assert queries.last_seen_by_nominal([nominal.pk]) == {}


def test_a_late_evening_visit_is_seen_on_its_london_day(manager, nominal) -> None:
    """23:30 on 1 July in London is 22:30 UTC: still 1 July."""
    record(manager, nominal, when=at(dt.date(2026, 7, 1), 23, 30))
    assert queries.last_seen_by_nominal([nominal.pk]) == {nominal.pk: dt.date(2026, 7, 1)}


# -- Recording: future and before registration ----------------------------------------------


def test_a_visit_dated_in_the_future_cannot_be_recorded_as_done(manager, nominal) -> None:
    with pytest.raises(ValidationError) as exc:
        record(manager, nominal, when=NOW + dt.timedelta(minutes=5))
    assert "is in the future" in messages(exc)["day"]
    assert not Visit.objects.exists()


def test_a_visit_recorded_for_this_very_minute_is_accepted(manager, nominal) -> None:
    visit = record(manager, nominal, when=NOW)
    assert visit.status == VisitStatus.DONE


def test_a_visit_before_the_registration_is_refused(manager, nominal) -> None:
    with pytest.raises(ValidationError) as exc:
        record(manager, nominal, when=at(dt.date(2019, 5, 13)))
    assert "before they were registered on Tuesday 14 May 2019" in messages(exc)["day"]
    assert record(manager, nominal, when=at(dt.date(2019, 5, 14))).pk


# -- Planning ---------------------------------------------------------------------------------


def test_a_visit_cannot_be_planned_for_a_day_already_past(manager, nominal) -> None:
    with pytest.raises(ValidationError) as exc:
        services.visit_plan(
            actor=manager,
            nominal=nominal,
            visit_type=VisitType.HOME_ANNOUNCED,
            planned_for=at(TODAY - dt.timedelta(days=1)),
            officer=manager,
            now=NOW,
        )
    assert "Record a visit" in messages(exc)["day"]


def test_a_visit_cannot_be_planned_before_registration(manager, unit) -> None:
    later = NominalFactory.create(unit=unit, registered_on=TODAY + dt.timedelta(days=10))
    with pytest.raises(ValidationError) as exc:
        services.visit_plan(
            actor=manager,
            nominal=later,
            visit_type=VisitType.OFFICE,
            planned_for=at(TODAY + dt.timedelta(days=3)),
            officer=manager,
            now=NOW,
        )
    assert "before they were registered" in messages(exc)["day"]


@pytest.mark.parametrize(
    "day,nation,expected",
    [
        (dt.date(2026, 11, 24), Nation.ENGLAND, None),  # a Tuesday
        (dt.date(2026, 11, 28), Nation.ENGLAND, "Saturday"),
        (dt.date(2026, 11, 29), Nation.WALES, "Sunday"),
        (dt.date(2026, 12, 25), Nation.ENGLAND, "Christmas Day, a bank holiday in England"),
        (dt.date(2026, 12, 25), Nation.WALES, "Christmas Day, a bank holiday in Wales"),
        # Boxing Day 2026 is a Saturday; the substitute day is Monday 28 December.
        (
            dt.date(2026, 12, 28),
            Nation.ENGLAND,
            "Boxing Day (observed), a bank holiday in England",
        ),
        (dt.date(2026, 8, 31), Nation.WALES, "Late Summer Bank Holiday, a bank holiday in Wales"),
        # Scotland's holidays are not England's or Wales's: St Andrew's Day, 2 January,
        # and Scotland's summer bank holiday on the first Monday of August.
        (dt.date(2026, 11, 30), Nation.ENGLAND, None),
        (dt.date(2026, 11, 30), Nation.WALES, None),
        (dt.date(2026, 1, 2), Nation.WALES, None),
        (dt.date(2026, 8, 3), Nation.ENGLAND, None),
        # No Welsh-only bank holiday exists: St David's Day is a working day in Wales.
        (dt.date(2027, 3, 1), Nation.WALES, None),
    ],
)
def test_weekends_and_bank_holidays_by_the_forces_nation(day, nation, expected) -> None:
    assert services.non_working_day(day, nation=nation) == expected


def test_planning_on_a_bank_holiday_is_allowed_by_the_service(manager, nominal) -> None:
    """The warning and its confirmation are the form's; the service accepts the day."""
    visit = services.visit_plan(
        actor=manager,
        nominal=nominal,
        visit_type=VisitType.HOME_UNANNOUNCED,
        planned_for=at(dt.date(2026, 12, 25), 11),
        officer=manager,
        now=NOW,
    )
    assert visit.status == VisitStatus.PLANNED
    event = AuditEvent.objects.get(action="visit.planned")
    assert event.subject_ref == nominal.reference
    assert event.detail["visit"] == visit.pk


# -- Lone working -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "level,needs_second",
    [
        (None, False),
        (RiskLevel.LOW, False),
        (RiskLevel.MEDIUM, False),
        (RiskLevel.HIGH, True),
        (RiskLevel.VERY_HIGH, True),
    ],
)
def test_a_home_visit_to_a_high_risk_person_records_the_second_officer(
    manager, colleague, nominal, level, needs_second
) -> None:
    when = at(dt.date(2026, 11, 20))
    if needs_second:
        with pytest.raises(ValidationError) as exc:
            record(manager, nominal, when=when, risk_level=level)
        assert f"assessed {level.label.lower()} risk" in messages(exc)["second_officer"]
        visit = record(manager, nominal, when=when, risk_level=level, second_officer=colleague)
        assert visit.second_officer == colleague
    else:
        assert record(manager, nominal, when=when, risk_level=level).second_officer is None


@pytest.mark.parametrize("visit_type", [VisitType.OFFICE, VisitType.PHONE, VisitType.VIDEO])
def test_lone_working_is_about_home_visits(manager, nominal, visit_type) -> None:
    visit = record(
        manager,
        nominal,
        when=at(dt.date(2026, 11, 20)),
        risk_level=RiskLevel.VERY_HIGH,
        visit_type=visit_type,
        outcome=Outcome.NOT_SEEN,
    )
    assert visit.second_officer is None


def test_the_second_officer_cannot_be_the_officer(manager, nominal) -> None:
    with pytest.raises(ValidationError) as exc:
        record(manager, nominal, when=at(dt.date(2026, 11, 20)), second_officer=manager)
    assert "someone other than the officer" in messages(exc)["second_officer"]


# -- Outcome ----------------------------------------------------------------------------------


def test_identity_is_confirmed_only_when_the_person_was_seen(manager, nominal) -> None:
    with pytest.raises(ValidationError) as exc:
        record(
            manager,
            nominal,
            when=at(dt.date(2026, 11, 20)),
            outcome=Outcome.NO_REPLY,
            identity_confirmed=True,
        )
    assert "Untick 'Identity confirmed'" in messages(exc)["identity_confirmed"]


def test_entry_is_refused_only_at_a_home_visit(manager, nominal) -> None:
    with pytest.raises(ValidationError) as exc:
        record(
            manager,
            nominal,
            when=at(dt.date(2026, 11, 20)),
            visit_type=VisitType.OFFICE,
            outcome=Outcome.REFUSED_ENTRY,
        )
    assert "Not seen" in messages(exc)["outcome"]


# -- Planned visits: record, move, cancel, and the version check --------------------------------


@pytest.fixture
def planned(manager, nominal):
    return services.visit_plan(
        actor=manager,
        nominal=nominal,
        visit_type=VisitType.HOME_ANNOUNCED,
        planned_for=at(TODAY, 9),
        officer=manager,
        now=NOW,
    )


def test_recording_a_planned_visit_keeps_one_row_and_its_plan(manager, nominal, planned) -> None:
    visit = services.visit_record(
        actor=manager,
        nominal=nominal,
        values={
            "visit_type": VisitType.HOME_ANNOUNCED,
            "occurred_at": at(TODAY, 9, 20),
            "officer": manager,
            "outcome": Outcome.SEEN,
        },
        risk_level=None,
        planned=planned,
        expected_version=planned.version,
        referral={
            "kind": "safeguarding",
            "agency": "Children's social care",
            "reference": "CSC-1",
            "made_on": TODAY,
        },
        now=NOW,
    )
    assert Visit.objects.count() == 1
    assert visit.pk == planned.pk
    assert visit.planned_for == at(TODAY, 9)
    assert visit.status == VisitStatus.DONE
    assert visit.version == 2
    assert Referral.objects.get().visit == visit
    assert visit.history.count() == 2
    event = AuditEvent.objects.get(action="visit.recorded")
    assert event.detail["was_planned"] is True
    assert event.detail["referrals"] == 1


def test_a_planned_visit_recorded_twice_is_refused_the_second_time(
    manager, colleague, nominal, planned
) -> None:
    values = {
        "visit_type": VisitType.HOME_ANNOUNCED,
        "occurred_at": at(TODAY, 9, 20),
        "officer": manager,
        "outcome": Outcome.SEEN,
    }
    services.visit_record(
        actor=manager,
        nominal=nominal,
        values=values,
        risk_level=None,
        planned=planned,
        expected_version=1,
        now=NOW,
    )
    with pytest.raises(EditConflict) as exc:
        services.visit_record(
            actor=colleague,
            nominal=nominal,
            values={**values, "officer": colleague, "outcome": Outcome.NO_REPLY},
            risk_level=None,
            planned=planned,
            expected_version=1,
            now=NOW,
        )
    current = exc.value.current
    assert isinstance(current, Visit)
    assert current.status == VisitStatus.DONE
    assert Visit.objects.get().outcome == Outcome.SEEN


def test_moving_a_visit_changes_its_time_and_a_stale_move_is_refused(manager, planned) -> None:
    moved = services.visit_move(
        actor=manager,
        visit=planned,
        planned_for=at(TODAY + dt.timedelta(days=2), 18, 30),
        expected_version=1,
        now=NOW,
    )
    assert moved.planned_for == at(TODAY + dt.timedelta(days=2), 18, 30)
    assert moved.version == 2
    with pytest.raises(EditConflict):
        services.visit_move(
            actor=manager,
            visit=planned,
            planned_for=at(TODAY + dt.timedelta(days=3)),
            expected_version=1,
            now=NOW,
        )
    event = AuditEvent.objects.get(action="visit.moved")
    assert event.detail["after"].startswith(str(TODAY + dt.timedelta(days=2)))


def test_a_visit_cannot_be_moved_into_the_past(manager, planned) -> None:
    with pytest.raises(ValidationError):
        services.visit_move(
            actor=manager,
            visit=planned,
            planned_for=at(TODAY - dt.timedelta(days=1)),
            expected_version=1,
            now=NOW,
        )


def test_cancelling_needs_a_reason_and_keeps_the_row(manager, planned) -> None:
    with pytest.raises(ValidationError):
        services.visit_cancel(actor=manager, visit=planned, reason="  ", expected_version=1)
    services.visit_cancel(
        actor=manager, visit=planned, reason="Admitted to hospital", expected_version=1
    )
    visit = Visit.objects.get()
    assert visit.status == VisitStatus.CANCELLED
    assert visit.cancel_reason == "Admitted to hospital"
    assert AuditEvent.objects.get(action="visit.cancelled").reason == "Admitted to hospital"
    with pytest.raises(EditConflict):
        services.visit_cancel(actor=manager, visit=planned, reason="Again", expected_version=2)


# -- Referrals --------------------------------------------------------------------------------


def test_a_referral_is_dated_on_or_after_the_visit_and_not_in_the_future(
    manager, nominal, frozen
) -> None:
    visit = record(manager, nominal, when=at(dt.date(2026, 11, 20)))
    for made_on, message in [
        (dt.date(2026, 11, 19), "before the visit"),
        (TODAY + dt.timedelta(days=1), "in the future"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.referral_add(
                actor=manager,
                visit=visit,
                values={"kind": "welfare", "agency": "Adult social care", "made_on": made_on},
            )
        assert message in messages(exc)["made_on"]
    referral = services.referral_add(
        actor=manager,
        visit=visit,
        values={"kind": "welfare", "agency": "Adult social care", "made_on": TODAY},
    )
    assert referral.created_by == manager
    assert AuditEvent.objects.filter(action="visit.referral.added").count() == 1


def test_a_referral_cannot_be_added_to_a_planned_visit(manager, planned) -> None:
    with pytest.raises(ValidationError):
        services.referral_add(
            actor=manager,
            visit=planned,
            values={"kind": "welfare", "agency": "Adult social care", "made_on": TODAY},
        )


# -- The database refuses impossible rows whoever writes them --------------------------------


def test_the_database_refuses_a_done_visit_without_an_outcome(manager, nominal) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            nominal=nominal,
            status=VisitStatus.DONE,
            visit_type=VisitType.OFFICE,
            occurred_at=NOW,
            officer=manager,
        )


def test_only_one_live_feed_address_per_officer(manager) -> None:
    first = services.feed_token_create(actor=manager)
    second = services.feed_token_create(actor=manager)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert services.feed_token_revoke(actor=manager) == 1
    assert services.feed_token_revoke(actor=manager) == 0


def test_officers_of_another_force_cannot_be_named(manager, outsider, nominal) -> None:
    with pytest.raises(ValidationError) as exc:
        record(manager, nominal, when=at(dt.date(2026, 11, 20)), second_officer=outsider)
    assert "force that manages this person" in messages(exc)["officer"]
    with pytest.raises(ValidationError):
        services.visit_plan(
            actor=manager,
            nominal=nominal,
            visit_type=VisitType.OFFICE,
            planned_for=at(TODAY + dt.timedelta(days=1)),
            officer=outsider,
            now=NOW,
        )


def test_a_persons_visits_are_listed_newest_first_whatever_their_state(manager, nominal) -> None:
    old = record(manager, nominal, when=at(dt.date(2026, 1, 5)))
    ahead = services.visit_plan(
        actor=manager,
        nominal=nominal,
        visit_type=VisitType.OFFICE,
        planned_for=at(TODAY + dt.timedelta(days=3)),
        officer=manager,
        now=NOW,
    )
    recent = record(manager, nominal, when=at(dt.date(2026, 11, 20)))
    assert list(queries.visits_of(nominal)) == [ahead, recent, old]


def test_a_planned_second_officer_may_be_anyone_else(manager, nominal, unit) -> None:
    support = UserFactory.create(username="support2", role=Role.REGISTER_SUPPORT, unit=unit)
    visit = services.visit_plan(
        actor=manager,
        nominal=nominal,
        visit_type=VisitType.HOME_UNANNOUNCED,
        planned_for=at(TODAY + dt.timedelta(days=1), 19),
        officer=manager,
        second_officer=support,
        now=NOW,
    )
    assert visit.second_officer == support
