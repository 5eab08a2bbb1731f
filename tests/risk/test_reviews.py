"""When the next risk assessment and plan review are due: derived, never stored.

Sources, through ``vigil.policy.cadence.ENGLAND_AND_WALES_DEFAULT``:
- RULES.md §5.4: ARMS reassessed "e.g. annually, and on significant change" [M], so the
  default assessment and plan review interval is 12 months at every level.
- RULES.md §5.3 (HMICFRS glossary): intelligence or changed circumstances must lead to a
  review [C]; issue 5 names the events; the default window is 14 days [M].
- Issue 6: due within 7 days (today included) is "due soon"; the day after is overdue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.risk.risk_factories import make_nominal
from vigil.nominals.models import Address, AddressKind, HouseholdMember, Nominal
from vigil.policy import cadence
from vigil.policy.cadence import DueState, ReviewTrigger, TriggerEvent
from vigil.policy.risk_levels import RiskLevel
from vigil.risk import queries, triggers
from vigil.risk.models import DecisionState, PlanStatus, RiskLevelDecision, RiskManagementPlan

D = dt.date
REGISTERED = D(2023, 1, 10)


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))


def approve_level(nominal, manager, supervisor, level: str, on: dt.date) -> None:
    RiskLevelDecision.objects.create(
        nominal=nominal,
        level=level,
        rationale="x",
        proposed_by=manager,
        proposed_at=at(on),
        state=DecisionState.APPROVED,
        decided_by=supervisor,
        decided_at=at(on),
    )


def approve_plan(nominal, manager, supervisor, on: dt.date, review_on: dt.date) -> None:
    number = RiskManagementPlan.objects.filter(nominal=nominal).count() + 1
    RiskManagementPlan.objects.create(
        nominal=nominal,
        number=number,
        status=PlanStatus.APPROVED,
        review_on=review_on,
        submitted_by=manager,
        submitted_at=at(on),
        decided_by=supervisor,
        decided_at=at(on),
    )


def add_address(nominal, recorded: dt.date) -> None:
    Address.objects.create(
        nominal=nominal,
        kind=AddressKind.HOME,
        line1="1 Road",
        postcode="LS6 2AB",
        created_at=at(recorded),
    )


def add_household(nominal, recorded: dt.date, *, child: bool) -> None:
    address = Address.objects.create(
        nominal=nominal,
        kind=AddressKind.HOME,
        line1="1 Road",
        postcode="LS6 2AB",
        created_at=at(REGISTERED),
    )
    HouseholdMember.objects.create(
        nominal=nominal,
        address=address,
        name="A Person",
        date_of_birth=D(2015, 1, 1) if child else D(1970, 1, 1),
        created_at=at(recorded),
    )


@pytest.fixture
def nominal(unit, manager, supervisor):
    return make_nominal(unit, manager, supervisor, registered_on=REGISTERED)


def _due(nominal, today: dt.date, **kwargs: Any) -> queries.ReviewDue:
    return queries.reviews_due(Nominal.objects.filter(pk=nominal.pk), today, **kwargs)[nominal.pk]


# (what, approved level on, address recorded on, today, assessment due, state, reason)
ASSESSMENT_CASES = [
    # §5.3: management began with registration: a first review within 14 days of it.
    (
        "never assessed, due soon",
        None,
        None,
        D(2023, 1, 20),
        D(2023, 1, 24),
        DueState.DUE_SOON,
        "No approved",
    ),
    (
        "never assessed, overdue",
        None,
        None,
        D(2023, 3, 1),
        D(2023, 1, 24),
        DueState.OVERDUE,
        "No approved",
    ),
    # §5.4: 12 months after the last approved level.
    (
        "routine, upcoming",
        D(2024, 3, 1),
        None,
        D(2024, 6, 1),
        D(2025, 3, 1),
        DueState.UPCOMING,
        "Every 12 months",
    ),
    (
        "routine, due today is due soon",
        D(2024, 3, 1),
        None,
        D(2025, 3, 1),
        D(2025, 3, 1),
        DueState.DUE_SOON,
        "Every 12 months",
    ),
    (
        "routine, a day late is overdue",
        D(2024, 3, 1),
        None,
        D(2025, 3, 2),
        D(2025, 3, 1),
        DueState.OVERDUE,
        "Every 12 months",
    ),
    # §5.3: a change of address after the last review brings it forward 14 days.
    (
        "moved after the review",
        D(2024, 3, 1),
        D(2024, 6, 10),
        D(2024, 7, 1),
        D(2024, 6, 24),
        DueState.OVERDUE,
        "A change of address recorded on 10 June 2024",
    ),
    # An event on or before the review was already known to it (cadence docstring).
    (
        "moved before the review",
        D(2024, 3, 1),
        D(2024, 2, 1),
        D(2024, 7, 1),
        D(2025, 3, 1),
        DueState.UPCOMING,
        "Every 12 months",
    ),
    (
        "moved on the day of the review",
        D(2024, 3, 1),
        D(2024, 3, 1),
        D(2024, 7, 1),
        D(2025, 3, 1),
        DueState.UPCOMING,
        "Every 12 months",
    ),
]


@pytest.mark.parametrize(
    "what,approved,moved,today,due,state,reason",
    ASSESSMENT_CASES,
    ids=[c[0] for c in ASSESSMENT_CASES],
)
def test_assessment_review_due_dates(
    nominal, manager, supervisor, what, approved, moved, today, due, state, reason
) -> None:
    if approved:
        approve_level(nominal, manager, supervisor, "medium", approved)
    if moved:
        add_address(nominal, moved)
    result = _due(nominal, today)
    assert (result.assessment.on, result.assessment.state) == (due, state)
    assert reason in result.assessment.reason


def test_a_pending_proposal_does_not_count_as_a_review(nominal, manager, supervisor) -> None:
    approve_level(nominal, manager, supervisor, "low", D(2024, 3, 1))
    RiskLevelDecision.objects.create(
        nominal=nominal,
        level="high",
        rationale="x",
        proposed_by=manager,
        proposed_at=at(D(2025, 1, 1)),
    )
    result = _due(nominal, D(2025, 1, 2))
    assert result.level is RiskLevel.LOW
    assert result.assessment.on == D(2025, 3, 1)


def test_a_child_joining_the_household_calls_for_a_review(nominal, manager, supervisor) -> None:
    approve_level(nominal, manager, supervisor, "medium", D(2024, 3, 1))
    add_household(nominal, D(2024, 5, 1), child=True)
    result = _due(nominal, D(2024, 5, 2))
    assert result.assessment.on == D(2024, 5, 15)
    assert {e.trigger for e in result.events} == {
        ReviewTrigger.CHANGE_OF_HOUSEHOLD,
        ReviewTrigger.CHILD_JOINED_HOUSEHOLD,
    }


def test_an_adult_joining_the_household_is_a_change_of_household_only(
    nominal, manager, supervisor
) -> None:
    approve_level(nominal, manager, supervisor, "medium", D(2024, 3, 1))
    add_household(nominal, D(2024, 5, 1), child=False)
    result = _due(nominal, D(2024, 5, 2))
    assert [e.trigger for e in result.events] == [ReviewTrigger.CHANGE_OF_HOUSEHOLD]
    assert "A change of household recorded on 1 May 2024" in result.assessment.reason


# (what, plan approved on, review date set in the plan, plan review due, reason)
PLAN_CASES = [
    ("never approved", None, None, D(2023, 1, 24), "No approved plan"),
    (
        "the plan sets an earlier review",
        D(2024, 3, 1),
        D(2024, 9, 1),
        D(2024, 9, 1),
        "set in the plan",
    ),
    (
        "the policy caps a later review date",
        D(2024, 3, 1),
        D(2026, 1, 1),
        D(2025, 3, 1),
        "Every 12 months",
    ),
]


@pytest.mark.parametrize(
    "what,approved,review_on,due,reason", PLAN_CASES, ids=[c[0] for c in PLAN_CASES]
)
def test_plan_review_due_dates(
    nominal, manager, supervisor, what, approved, review_on, due, reason
) -> None:
    if approved:
        approve_plan(nominal, manager, supervisor, approved, review_on)
    result = _due(nominal, D(2024, 4, 1))
    assert result.plan.on == due
    assert reason in result.plan.reason


def test_the_policy_is_a_parameter_a_force_may_override(nominal, manager, supervisor) -> None:
    """ARCHITECTURE.md principle 2: the England & Wales default, or a force's variant."""
    approve_level(nominal, manager, supervisor, "high", D(2024, 3, 1))
    force = cadence.ENGLAND_AND_WALES_DEFAULT.with_overrides(
        version="northshire-1",
        effective_from=D(2024, 1, 1),
        assessment_review={
            RiskLevel.HIGH: cadence.Interval.months(6),
            RiskLevel.VERY_HIGH: cadence.Interval.months(6),
        },
        review_after_trigger=cadence.Interval.days(7),
    )
    assert _due(nominal, D(2024, 4, 1)).assessment.on == D(2025, 3, 1)
    assert _due(nominal, D(2024, 4, 1), policy=force).assessment.on == D(2024, 9, 1)
    add_address(nominal, D(2024, 5, 1))
    assert _due(nominal, D(2024, 5, 2), policy=force).assessment.on == D(2024, 5, 8)


def test_another_app_adds_trigger_events_through_the_registry(
    nominal, manager, supervisor, monkeypatch
) -> None:
    """The registration app will add "new conviction" and others "arrest" like this."""
    approve_level(nominal, manager, supervisor, "low", D(2024, 3, 1))

    def convictions(nominal_ids):
        ids = list(nominal_ids)
        return {pk: [TriggerEvent(ReviewTrigger.NEW_CONVICTION, D(2024, 8, 1))] for pk in ids}

    monkeypatch.setitem(triggers.PROVIDERS, "test.convictions", convictions)
    result = _due(nominal, D(2024, 8, 2))
    assert result.assessment.on == D(2024, 8, 15)
    assert "A new conviction recorded on 1 August 2024" in result.assessment.reason
    with pytest.raises(ValueError, match="already registered"):
        triggers.register("test.convictions", lambda ids: {})


def test_reviews_due_takes_the_same_queries_for_3_or_30_people(
    unit, manager, supervisor, django_assert_num_queries
) -> None:
    def make(n: int) -> None:
        for i in range(n):
            person = make_nominal(unit, manager, supervisor)
            approve_level(person, manager, supervisor, "medium", D(2024, 3, 1))
            approve_plan(person, manager, supervisor, D(2024, 3, 1), D(2024, 9, 1))
            add_address(person, D(2024, 4, i % 28 + 1))

    make(3)
    today = D(2024, 6, 1)
    providers = len(triggers.PROVIDERS)
    with django_assert_num_queries(1 + providers):
        assert len(queries.reviews_due(Nominal.objects.all(), today)) == 3
    make(27)
    with django_assert_num_queries(1 + providers):
        due = queries.reviews_due(Nominal.objects.all(), today)
    assert len(due) == 30
    assert all(d.assessment.state is DueState.OVERDUE for d in due.values())


@pytest.mark.parametrize("status", ["deceased", "ended"])
def test_no_review_is_due_for_a_closed_record(unit, manager, supervisor, status) -> None:
    from tests.factories import NominalFactory
    from vigil.nominals.models import Nominal
    from vigil.risk.queries import reviews_due

    closed = NominalFactory.create(unit=unit, offender_manager=manager, status=status)
    assert closed.pk not in reviews_due(Nominal.objects.all(), dt.date(2026, 11, 23))
