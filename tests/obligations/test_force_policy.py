"""A force's own cadence policy (issue 6): which version applies, and that the engine,
the risk record and reactive management follow each force's own, as worked cases.

The clock: Monday 23 November 2026. Northshire (``home_force``) sets its own policy;
Westmarch (``other_force``) has none, so the England & Wales default applies there.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.factories import NominalFactory
from tests.reports.conftest import approve, visit
from vigil.audit.models import AuditEvent
from vigil.nominals.models import Nominal, RecordReview
from vigil.obligations import policies
from vigil.obligations.engine import Kind, collect
from vigil.obligations.models import CadencePolicyVersion
from vigil.obligations.queries import due_for
from vigil.obligations.services import PolicyRefused, cadence_policy_add
from vigil.policy.cadence import ENGLAND_AND_WALES_DEFAULT as DEFAULT
from vigil.policy.cadence import DueState, Interval
from vigil.policy.risk_levels import RiskLevel
from vigil.reactive.queries import summary
from vigil.risk.queries import risk_summary

TODAY = dt.date(2026, 11, 23)
D = dt.date
HIGH, MEDIUM = RiskLevel.HIGH, RiskLevel.MEDIUM
#: Medium risk every 2 months; high risk too, since it may never wait longer than medium.
MEDIUM_EVERY_2_MONTHS = {HIGH: Interval.months(2), MEDIUM: Interval.months(2)}


def add(admin: Any, force: Any, on: dt.date, name: str = "Force policy", **changes: Any):
    """A version from ``on``, added as if on that day (the service refuses a past start)."""
    return cadence_policy_add(
        actor=admin, force=force, name=name, effective_from=on, changes=changes, today=on
    )


def medium_seen(unit, manager, supervisor, day: dt.date) -> Nominal:
    person = NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=D(2020, 1, 6)
    )
    approve(person, "medium", by=supervisor, proposer=manager)
    visit(person, manager, day)
    return person


def visit_due(result, person) -> tuple[dt.date, DueState]:
    [item] = [o for o in result.items if o.kind is Kind.VISIT and o.nominal.id == person.pk]
    return item.due, item.state


# --- Which version is in force ----------------------------------------------------------


def test_a_force_with_no_version_follows_the_england_and_wales_default(home_force) -> None:
    assert policies.policy_for(home_force.pk, on=TODAY) is DEFAULT


def test_the_version_in_force_is_the_latest_begun_and_a_future_one_waits(admin, home_force) -> None:
    add(admin, home_force, D(2026, 1, 1), record_review=Interval.weeks(12))
    add(admin, home_force, D(2026, 12, 1), record_review=Interval.weeks(10))
    assert policies.policy_for(home_force.pk, on=D(2025, 12, 31)) is DEFAULT
    now = policies.policy_for(home_force.pk, on=TODAY)
    assert (now.version, now.record_review) == ("1", Interval.weeks(12))
    later = policies.policy_for(home_force.pk, on=D(2026, 12, 1))
    assert (later.version, later.record_review) == ("2", Interval.weeks(10))


def test_a_second_version_from_the_same_day_corrects_the_first(admin, home_force) -> None:
    add(admin, home_force, D(2026, 12, 1), record_review=Interval.weeks(10))
    add(admin, home_force, D(2026, 12, 1), record_review=Interval.weeks(11), name="Corrected")
    policy = policies.policy_for(home_force.pk, on=D(2026, 12, 1))
    assert (policy.name, policy.version, policy.record_review) == (
        "Corrected",
        "2",
        Interval.weeks(11),
    )
    page = policies.force_policy(home_force, today=D(2026, 12, 1))
    assert [(line.version.number, line.standing) for line in page.history] == [
        (2, "in_force"),
        (1, "corrected"),
    ]


def test_policies_for_answers_for_many_forces_in_one_query(
    admin, home_force, other_force, django_assert_num_queries
) -> None:
    add(admin, home_force, D(2026, 1, 1), home_visit=MEDIUM_EVERY_2_MONTHS)
    with django_assert_num_queries(1):
        found = policies.policies_for([home_force.pk, other_force.pk], on=TODAY)
    assert found[other_force.pk] is DEFAULT
    assert found[home_force.pk].home_visit[MEDIUM] == Interval.months(2)
    assert found[home_force.pk].home_visit[RiskLevel.LOW] == DEFAULT.home_visit[RiskLevel.LOW]


def test_a_version_keeps_every_value_it_was_made_with(admin, home_force) -> None:
    """Stored whole: a later change to the default in the code never changes it."""
    version = add(admin, home_force, D(2026, 1, 1), record_review=Interval.weeks(12))
    assert version.values["home_visit"]["medium"] == {"count": 6, "unit": "months"}
    assert version.values["record_review"] == {"count": 12, "unit": "weeks"}
    # The default is version 1 too: only the name, the start, the source and the value differ.
    assert policies.policy_of(version).differences_from(DEFAULT).keys() == {
        "name",
        "effective_from",
        "source",
        "record_review",
    }


def test_versions_are_never_edited_or_deleted(admin, home_force) -> None:
    version = add(admin, home_force, D(2026, 1, 1), record_review=Interval.weeks(12))
    version.name = "Rewritten"
    with pytest.raises(PermissionError):
        version.save()
    with pytest.raises(PermissionError):
        version.delete()
    assert CadencePolicyVersion.objects.get().name == "Force policy"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE obligations_cadencepolicyversion SET name = 'Rewritten'",
        "DELETE FROM obligations_cadencepolicyversion",
    ],
)
def test_postgresql_refuses_update_and_delete_of_versions(admin, home_force, sql) -> None:
    add(admin, home_force, D(2026, 1, 1), record_review=Interval.weeks(12))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    assert list(CadencePolicyVersion.objects.values_list("name", flat=True)) == ["Force policy"]


# --- Refusals -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes,field,words",
    [
        (
            {"home_visit": {HIGH: Interval.months(7)}},
            "home_visit_high_count",
            "Home visit: high risk (every 7 months) would wait longer than medium risk",
        ),
        (
            {"plan_review": {RiskLevel.LOW: Interval.months(1)}},
            "plan_review_medium_count",
            "medium risk (every 12 months) would wait longer than low risk (every 1 month)",
        ),
    ],
)
def test_a_higher_risk_level_may_never_wait_longer(admin, home_force, changes, field, words):
    with pytest.raises(PolicyRefused) as refused:
        add(admin, home_force, TODAY, **changes)
    assert refused.value.field == field
    assert words in refused.value.message
    assert not CadencePolicyVersion.objects.exists()


def test_a_version_cannot_start_in_the_past_or_take_the_defaults_name(admin, home_force):
    with pytest.raises(PolicyRefused) as past:
        cadence_policy_add(
            actor=admin,
            force=home_force,
            name="P",
            effective_from=TODAY - dt.timedelta(days=1),
            changes={},
            today=TODAY,
        )
    assert past.value.field == "effective_from" and "in the past" in past.value.message
    with pytest.raises(PolicyRefused) as named:
        add(admin, home_force, TODAY, name=DEFAULT.name)
    assert named.value.field == "name"


def test_adding_a_version_is_audited_with_what_it_changes(admin, home_force) -> None:
    add(admin, home_force, TODAY, home_visit=MEDIUM_EVERY_2_MONTHS)
    event = AuditEvent.objects.get(action="cadence_policy.version.added")
    assert (event.actor, event.subject_type, event.subject_ref) == (admin, "force", "northshire")
    assert event.detail["differs_from_default"] == {
        "Home visit: high risk": ["3 months", "2 months"],
        "Home visit: medium risk": ["6 months", "2 months"],
    }
    assert event.detail["effective_from"] == TODAY.isoformat()


# --- The engine follows each force's own -------------------------------------------------


def test_a_two_month_medium_interval_makes_visits_due_two_months_after_last_seen(
    admin, home_force, unit, other_unit, manager, outsider, supervisor
) -> None:
    """Northshire visits medium risk every 2 months; Westmarch keeps the default 6."""
    add(admin, home_force, D(2026, 1, 1), home_visit=MEDIUM_EVERY_2_MONTHS)
    ours = medium_seen(unit, manager, supervisor, D(2026, 9, 1))
    theirs = medium_seen(other_unit, outsider, supervisor, D(2026, 9, 1))
    both = collect(Nominal.objects.all(), today=TODAY)
    assert visit_due(both, ours) == (D(2026, 11, 1), DueState.OVERDUE)
    assert visit_due(both, theirs) == (D(2027, 3, 1), DueState.UPCOMING)
    # Each officer's own queue says the same.
    assert visit_due(due_for(manager, today=TODAY), ours) == (D(2026, 11, 1), DueState.OVERDUE)
    assert visit_due(due_for(outsider, today=TODAY), theirs)[0] == D(2027, 3, 1)


def test_a_version_from_a_future_date_does_not_apply_today(
    admin, home_force, unit, manager, supervisor
) -> None:
    add(admin, home_force, TODAY + dt.timedelta(days=1), home_visit=MEDIUM_EVERY_2_MONTHS)
    person = medium_seen(unit, manager, supervisor, D(2026, 9, 1))
    assert visit_due(collect(Nominal.objects.all(), today=TODAY), person)[0] == D(2027, 3, 1)
    tomorrow = collect(Nominal.objects.all(), today=TODAY + dt.timedelta(days=1))
    assert visit_due(tomorrow, person)[0] == D(2026, 11, 1)


def test_a_12_week_record_review_moves_the_record_review_due_date(
    admin, home_force, support, unit
) -> None:
    person = NominalFactory.create(unit=unit, registered_on=D(2020, 1, 1))
    RecordReview.objects.create(nominal=person, reviewed_on=D(2026, 9, 1), record_complete=True)

    def due() -> dt.date:
        [item] = due_for(support, today=TODAY).items
        return item.due

    assert due() == D(2026, 12, 22)  # 16 weeks
    add(admin, home_force, D(2026, 10, 1), record_review=Interval.weeks(12))
    assert due() == D(2026, 11, 24)  # 12 weeks


def test_a_policy_given_to_the_engine_applies_to_everyone(
    admin, home_force, unit, manager, supervisor
) -> None:
    add(admin, home_force, D(2026, 1, 1), home_visit=MEDIUM_EVERY_2_MONTHS)
    person = medium_seen(unit, manager, supervisor, D(2026, 9, 1))
    given = collect(Nominal.objects.all(), today=TODAY, policy=DEFAULT)
    assert visit_due(given, person)[0] == D(2027, 3, 1)


def _medium_people(unit, manager, supervisor, count: int) -> None:
    for _ in range(count):
        medium_seen(unit, manager, supervisor, D(2026, 9, 1))


def test_the_engine_reads_the_policies_once_and_its_queries_do_not_grow_with_people(
    admin, home_force, unit, other_unit, manager, outsider, supervisor
) -> None:
    def count(nominals) -> int:
        with CaptureQueriesContext(connection) as queries:
            collect(nominals, today=TODAY)
        return len(queries.captured_queries)

    _medium_people(unit, manager, supervisor, 2)
    _medium_people(other_unit, outsider, supervisor, 2)
    ours = Nominal.objects.filter(force=home_force)
    default_one_force = count(ours)
    add(admin, home_force, D(2026, 1, 1), home_visit=MEDIUM_EVERY_2_MONTHS)
    # One force with its own policy: the same queries as under the default.
    assert count(ours) == default_one_force
    # Two forces with different policies: the engine's queries once for each, and the
    # one read of the policies.
    both = count(Nominal.objects.all())
    assert both == 2 * (default_one_force - 1) + 1
    _medium_people(unit, manager, supervisor, 20)
    _medium_people(other_unit, outsider, supervisor, 20)
    assert count(ours) == default_one_force
    assert count(Nominal.objects.all()) == both


# --- The risk record and reactive management ---------------------------------------------


def test_the_risk_record_reviews_follow_the_forces_policy(
    admin, home_force, unit, manager, supervisor
) -> None:
    person = NominalFactory.create(unit=unit, offender_manager=manager, registered_on=D(2020, 1, 6))
    approve(person, "high", by=supervisor, proposer=manager, on=D(2026, 6, 1))

    def assessment_due() -> dt.date:
        due = risk_summary(person, today=TODAY).due
        assert due is not None
        return due.assessment.on

    assert assessment_due() == D(2027, 6, 1)  # the default: 12 months
    six = Interval.months(6)
    add(admin, home_force, D(2026, 1, 1), assessment_review={HIGH: six, RiskLevel.VERY_HIGH: six})
    assert assessment_due() == D(2026, 12, 1)


def test_what_ends_reactive_management_follows_the_forces_policy(
    admin, home_force, unit, manager
) -> None:
    person = NominalFactory.create(unit=unit, offender_manager=manager)
    before = summary(person, today=TODAY).revoking
    add(admin, home_force, D(2026, 1, 1), reactive_requires_mappa_level_1=False)
    after = summary(person, today=TODAY).revoking
    assert len(after) == len(before) - 1
