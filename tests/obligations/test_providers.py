"""Visits, risk reviews, approvals and plan actions in the obligations engine: worked
cases citing RULES.md §5.2 and issue 6."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import NominalFactory
from vigil.nominals.models import Nominal, Status
from vigil.obligations.engine import Kind, Owner, collect
from vigil.risk.models import (
    ActionStatus,
    DecisionState,
    PlanAction,
    PlanObjective,
    PlanStatus,
    RiskLevelDecision,
    RiskManagementPlan,
)
from vigil.visits.models import Visit

TODAY = dt.date(2026, 11, 23)
D = dt.date


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


@pytest.fixture
def person(unit, manager, supervisor):
    return NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=D(2020, 1, 6)
    )


def approve(nominal, level, manager, supervisor, on=None):
    on = on or D(2026, 1, 5)
    return RiskLevelDecision.objects.create(
        nominal=nominal,
        level=level,
        rationale="r",
        proposed_by=manager,
        proposed_at=at(on),
        state=DecisionState.APPROVED,
        decided_by=supervisor,
        decided_at=at(on),
    )


def visit(nominal, officer, day, outcome="seen"):
    return Visit.objects.create(
        nominal=nominal,
        status="done",
        visit_type="home_announced",
        occurred_at=at(day),
        officer=officer,
        outcome=outcome,
    )


def due(kind, nominal):
    items = [
        o
        for o in collect(Nominal.objects.filter(pk=nominal.pk), today=TODAY).items
        if o.kind == kind
    ]
    return items[0] if items else None


@pytest.mark.parametrize(
    "level,last_seen,expected",
    [
        # RULES.md §5.2, pre-2017 national schedule (cadence default): very high monthly,
        # high every 3 months, medium every 6, low every 12 - counted from the last seen.
        ("very_high", D(2026, 10, 20), D(2026, 11, 20)),
        ("high", D(2026, 10, 20), D(2027, 1, 20)),
        ("medium", D(2026, 10, 20), D(2027, 4, 20)),
        ("low", D(2026, 10, 20), D(2027, 10, 20)),
    ],
)
def test_the_next_visit_is_the_risk_levels_interval_after_the_person_was_last_seen(
    person, manager, supervisor, level, last_seen, expected
) -> None:
    approve(person, level, manager, supervisor)
    visit(person, manager, last_seen)
    item = due(Kind.VISIT, person)
    assert item.due == expected
    assert item.owner is Owner.OFFENDER_MANAGER


def test_a_visit_seen_today_moves_the_next_due_and_a_no_reply_does_not(
    person, manager, supervisor
) -> None:
    approve(person, "high", manager, supervisor)
    visit(person, manager, D(2026, 6, 1))
    assert due(Kind.VISIT, person).due == D(2026, 9, 1)  # overdue
    visit(person, manager, TODAY, outcome="no_reply")
    assert due(Kind.VISIT, person).due == D(2026, 9, 1)  # a no-reply does not satisfy it
    visit(person, manager, TODAY)
    assert due(Kind.VISIT, person).due == D(2027, 2, 23)


def test_a_higher_risk_level_shortens_the_interval(person, manager, supervisor) -> None:
    visit(person, manager, D(2026, 10, 1))
    approve(person, "medium", manager, supervisor, on=D(2026, 1, 5))
    medium = due(Kind.VISIT, person).due
    approve(person, "very_high", manager, supervisor, on=D(2026, 2, 5))
    assert due(Kind.VISIT, person).due < medium


def test_the_plans_visit_frequency_wins_over_the_policy(person, manager, supervisor) -> None:
    approve(person, "low", manager, supervisor)
    RiskManagementPlan.objects.create(
        nominal=person,
        number=1,
        status=PlanStatus.APPROVED,
        visit_every_count=2,
        visit_every_unit="weeks",
        review_on=D(2027, 1, 1),
        decided_by=supervisor,
        decided_at=at(D(2026, 1, 6)),
        submitted_by=manager,
        submitted_at=at(D(2026, 1, 6)),
    )
    visit(person, manager, D(2026, 11, 2))
    assert due(Kind.VISIT, person).due == D(2026, 11, 16)


@pytest.mark.parametrize(
    "status", [Status.CUSTODY, Status.HOSPITAL, Status.OVERSEAS, Status.MISSING]
)
def test_no_home_visit_is_due_while_the_person_cannot_be_visited_at_home(
    unit, manager, status
) -> None:
    person = NominalFactory.create(unit=unit, offender_manager=manager, status=status)
    assert due(Kind.VISIT, person) is None


def test_without_an_approved_level_the_shortest_interval_applies_and_says_so(
    person, manager
) -> None:
    visit(person, manager, D(2026, 10, 20))
    item = due(Kind.VISIT, person)
    assert item.due == D(2026, 11, 20)
    assert "No approved risk level" in item.detail


def test_a_pending_risk_level_is_an_approval_waiting_for_the_supervisor(person, manager) -> None:
    decision = RiskLevelDecision.objects.create(
        nominal=person,
        level="high",
        rationale="r",
        proposed_by=manager,
        proposed_at=at(D(2026, 11, 10)),
    )
    item = due(Kind.APPROVAL, person)
    assert (item.owner, item.due) == (Owner.SUPERVISOR, D(2026, 11, 17))
    assert str(decision.pk) in item.link


def test_open_actions_of_the_plan_in_force_are_due_by_their_dates(
    person, manager, supervisor
) -> None:
    plan = RiskManagementPlan.objects.create(
        nominal=person,
        number=1,
        status=PlanStatus.APPROVED,
        review_on=D(2027, 1, 1),
        decided_by=supervisor,
        decided_at=at(D(2026, 1, 6)),
        submitted_by=manager,
        submitted_at=at(D(2026, 1, 6)),
    )
    objective = PlanObjective.objects.create(plan=plan, text="Reduce contact with children")
    PlanAction.objects.create(
        plan=plan,
        objective=objective,
        what="Check new partner",
        owner_agency="Children's services",
        due_on=D(2026, 12, 1),
    )
    PlanAction.objects.create(
        plan=plan,
        objective=objective,
        what="Done already",
        owner_officer=manager,
        due_on=D(2026, 10, 1),
        status=ActionStatus.DONE,
    )
    items = [
        o for o in collect(Nominal.objects.all(), today=TODAY).items if o.kind == Kind.PLAN_ACTION
    ]
    assert [(o.due, o.detail) for o in items] == [
        (D(2026, 12, 1), "Check new partner (owner: Children's services)")
    ]


def test_risk_reviews_appear_for_the_offender_manager(person, manager, supervisor) -> None:
    approve(person, "medium", manager, supervisor, on=D(2025, 11, 1))
    item = due(Kind.ASSESSMENT_REVIEW, person)
    assert item.owner is Owner.OFFENDER_MANAGER
    assert item.due <= TODAY  # a year since the last approved level: overdue
