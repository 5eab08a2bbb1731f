"""Eligibility for reactive management through the proposal form (RULES.md §5.3).

The criteria are the policy's (``cadence.reactive_eligibility``); these tests check that
the record's facts reach it and that every unmet criterion is shown with its reason.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.reactive.helpers import approve_level, eligible_person
from vigil.audit.models import AuditEvent
from vigil.nominals.models import Address, AddressKind, HouseholdMember
from vigil.reactive import queries
from vigil.reactive.models import ReactivePlacement
from vigil.registration.models import BreachOutcome, Conviction, PossibleBreach

NO_TO_EVERYTHING = {
    "civil_order": "no",
    "intelligence": "no",
    "mappa_level": "1",
    "rationale": "Settled.",
}
YES_TO_EVERYTHING = {**NO_TO_EVERYTHING, "civil_order": "yes", "intelligence": "yes"}
YES_TO_EVERYTHING["mappa_level"] = "2"


def _url(nominal) -> str:
    return reverse("reactive:propose", args=[nominal.reference])


def _add_child(nominal, today) -> None:
    home = Address.objects.create(nominal=nominal, kind=AddressKind.HOME, line1="1 Road")
    HouseholdMember.objects.create(
        nominal=nominal,
        address=home,
        name="A child",
        date_of_birth=today - dt.timedelta(days=365 * 8),
    )


def test_a_person_who_meets_every_criterion_is_proposed_with_the_checklist_as_evidence(
    unit, manager, supervisor, login_as
) -> None:
    person = eligible_person(unit, manager, supervisor)
    client = login_as(manager)
    page = client.get(_url(person))
    assert page.status_code == 200
    assert "Assessed low risk since 6 January 2020." in page.content.decode()
    response = client.post(_url(person), NO_TO_EVERYTHING)
    assert response.status_code == 302
    placement = ReactivePlacement.objects.get(nominal=person)
    assert placement.state == "pending"
    assert all(row["met"] is not False for row in placement.criteria)
    assert placement.evidence["answers"]["mappa_level"] == 1
    assert AuditEvent.objects.filter(
        action="reactive.proposed", subject_ref=person.reference
    ).exists()


def test_every_unmet_criterion_is_shown_on_the_form_with_its_reason(
    unit, manager, supervisor, login_as
) -> None:
    today = timezone.localdate()
    person = eligible_person(unit, manager, supervisor)
    approve_level(person, "medium", manager, supervisor, today - dt.timedelta(days=30))
    Conviction.objects.create(
        nominal=person, kind="conviction", relevant_on=today - dt.timedelta(days=200), court="x"
    )
    PossibleBreach.objects.create(
        nominal=person,
        deadline_kind="periodic",
        due_on=today - dt.timedelta(days=100),
        deadline_reason="s.85",
        identified_on=today - dt.timedelta(days=90),
    )
    _add_child(person, today)
    response = login_as(manager).post(_url(person), YES_TO_EVERYTHING)
    assert response.status_code == 200
    text = response.content.decode()
    for reason in (
        "Assessed medium risk; reactive management is for people assessed low risk",
        "Convicted or cautioned on",
        "Breach recorded on",
        "A civil order (such as an SHPO or SRO) is in force.",
        "Intelligence suggests the person may be offending.",
        "Managed at MAPPA level 2; reactive management needs level 1.",
        "A child lives in or stays at the household.",
    ):
        assert reason in text, reason
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 7
    assert not ReactivePlacement.objects.exists()
    assert AuditEvent.objects.filter(action="reactive.proposal.refused").count() == 1


def test_low_risk_for_less_than_three_years_is_refused_with_the_day_it_is_reached(
    unit, manager, supervisor, login_as
) -> None:
    today = timezone.localdate()
    person = eligible_person(unit, manager, supervisor)
    # A rise and a return to low restarts the spell.
    approve_level(person, "medium", manager, supervisor, dt.date(2021, 3, 1))
    approve_level(person, "low", manager, supervisor, today - dt.timedelta(days=400))
    response = login_as(manager).post(_url(person), NO_TO_EVERYTHING)
    [error] = response.context["form"].non_field_errors()
    assert "Assessed low risk only since" in error
    assert " at low risk are reached on " in error


def test_a_person_with_no_approved_level_is_told_so(unit, manager, login_as) -> None:
    from tests.factories import NominalFactory

    person = NominalFactory.create(unit=unit, offender_manager=manager)
    response = login_as(manager).post(_url(person), NO_TO_EVERYTHING)
    [error] = response.context["form"].non_field_errors()
    assert "No risk level has been approved for this person." in error


def test_old_offending_and_a_breach_found_to_be_no_offence_do_not_count(
    unit, manager, supervisor
) -> None:
    today = timezone.localdate()
    person = eligible_person(unit, manager, supervisor)
    Conviction.objects.create(
        nominal=person, kind="conviction", relevant_on=dt.date(2019, 5, 1), court="x"
    )
    PossibleBreach.objects.create(
        nominal=person,
        deadline_kind="periodic",
        due_on=today - dt.timedelta(days=100),
        deadline_reason="s.85",
        identified_on=today - dt.timedelta(days=90),
        outcome=BreachOutcome.NO_OFFENCE,
        outcome_on=today - dt.timedelta(days=80),
    )
    facts = queries.record_facts(person, today=today)
    assert facts.last_convicted_on == dt.date(2019, 5, 1)
    assert facts.last_breach_on is None
    checked = queries.checklist(facts, queries.OfficerAnswers(False, False, 1), today=today)
    assert checked.eligible


def test_a_child_who_has_moved_out_does_not_count(unit, manager, supervisor) -> None:
    today = timezone.localdate()
    person = eligible_person(unit, manager, supervisor)
    _add_child(person, today)
    HouseholdMember.objects.filter(nominal=person).update(to_date=today - dt.timedelta(days=1))
    assert queries.record_facts(person, today=today).children_in_household == 0


def test_before_the_officer_answers_their_criteria_are_questions(unit, manager, supervisor) -> None:
    today = timezone.localdate()
    person = eligible_person(unit, manager, supervisor)
    checked = queries.checklist(queries.record_facts(person, today=today), None, today=today)
    assert not checked.eligible
    asked = [r.criterion for r in checked.rows if r.met is None]
    assert asked == ["no_civil_order", "no_intelligence_of_offending", "mappa_level_1"]


def test_criteria_the_force_does_not_require_are_shown_as_not_required(
    unit, manager, supervisor
) -> None:
    from vigil.policy.cadence import ENGLAND_AND_WALES_DEFAULT

    policy = ENGLAND_AND_WALES_DEFAULT.with_overrides(
        version="test",
        effective_from=dt.date(2020, 1, 1),
        reactive_requires_no_children_in_household=False,
    )
    today = timezone.localdate()
    person = eligible_person(unit, manager, supervisor)
    _add_child(person, today)
    checked = queries.checklist(
        queries.record_facts(person, today=today),
        queries.OfficerAnswers(False, False, 1),
        today=today,
        policy=policy,
    )
    assert checked.eligible
    [row] = [r for r in checked.rows if r.criterion == "no_children_in_household"]
    assert (row.met, row.source) == (None, "policy")


@pytest.mark.parametrize("field", ["civil_order", "intelligence", "mappa_level", "rationale"])
def test_each_question_must_be_answered(unit, manager, supervisor, login_as, field) -> None:
    person = eligible_person(unit, manager, supervisor)
    data = {k: v for k, v in NO_TO_EVERYTHING.items() if k != field}
    response = login_as(manager).post(_url(person), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ReactivePlacement.objects.exists()
