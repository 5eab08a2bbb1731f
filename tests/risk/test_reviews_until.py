"""``reviews_due(until=...)``: only the people with a review due before ``until``.

The contract (issue 6, the shared ``until``): a nominal both of whose reviews are due on
or after ``until`` may be left out; one with either review due before it never is; and
every nominal returned has exactly the answer it has without ``until``. The due dates
themselves are the cadence policy's (RULES.md §5.3-§5.4, issue 5; see test_reviews.py):
12 months after the last approval by default, 14 days after registration or after an
event that calls for a review, or the earlier review date a plan sets.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.risk.risk_factories import make_nominal
from tests.risk.test_reviews import add_address, add_household, approve_level, approve_plan, at
from vigil.nominals.models import Address, AddressKind, HouseholdMember, Nominal
from vigil.policy import cadence
from vigil.policy.cadence import ReviewTrigger, TriggerEvent
from vigil.policy.risk_levels import RiskLevel
from vigil.registration.models import Conviction, PossibleBreach
from vigil.risk import queries, triggers
from vigil.risk.models import DecisionState, PlanStatus, RiskLevelDecision, RiskManagementPlan

D = dt.date
REGISTERED = D(2023, 1, 10)


def _due(today: dt.date, until: dt.date | None = None, **kwargs: Any) -> dict[int, Any]:
    return queries.reviews_due(Nominal.objects.all(), today, until=until, **kwargs)


@pytest.fixture
def person(unit, manager, supervisor):
    return make_nominal(unit, manager, supervisor, registered_on=REGISTERED)


def reviewed(person, manager, supervisor, on: dt.date, plan_review_on: dt.date) -> None:
    approve_level(person, manager, supervisor, "medium", on)
    approve_plan(person, manager, supervisor, on, plan_review_on)


# --- Worked cases ------------------------------------------------------------------------


def test_someone_due_only_because_of_an_event_is_kept(person, manager, supervisor) -> None:
    # Reviewed 1 March 2024: routine reviews 1 March 2025. A move recorded 10 June calls
    # for a review by 24 June (§5.3, 14 days).
    reviewed(person, manager, supervisor, D(2024, 3, 1), D(2025, 3, 1))
    add_address(person, D(2024, 6, 10))
    full = _due(D(2024, 7, 1))
    assert full[person.pk].assessment.on == D(2024, 6, 24)
    assert _due(D(2024, 7, 1), until=D(2024, 6, 25)) == full
    # Due on 24 June is not due before 24 June.
    assert _due(D(2024, 7, 1), until=D(2024, 6, 24)) == {}


def test_an_event_on_or_before_the_review_does_not_keep_anyone(person, manager, supervisor) -> None:
    reviewed(person, manager, supervisor, D(2024, 3, 1), D(2025, 3, 1))
    add_address(person, D(2024, 3, 1))  # known to the review that day
    add_household(person, D(2024, 2, 1), child=True)
    assert _due(D(2024, 7, 1))[person.pk].assessment.on == D(2025, 3, 1)
    assert _due(D(2024, 7, 1), until=D(2025, 3, 1)) == {}


def test_an_event_after_only_the_plan_keeps_the_person_for_the_plan(
    person, manager, supervisor
) -> None:
    approve_level(person, manager, supervisor, "medium", D(2024, 6, 1))
    approve_plan(person, manager, supervisor, D(2024, 3, 1), D(2025, 3, 1))
    add_address(person, D(2024, 5, 1))  # after the plan, before the level
    full = _due(D(2024, 5, 2))[person.pk]
    assert (full.assessment.on, full.plan.on) == (D(2025, 6, 1), D(2024, 5, 15))
    assert _due(D(2024, 5, 2), until=D(2024, 5, 16)) == {person.pk: full}
    assert _due(D(2024, 5, 2), until=D(2024, 5, 15)) == {}


def test_someone_whose_reviews_are_all_later_is_left_out(person, manager, supervisor) -> None:
    reviewed(person, manager, supervisor, D(2024, 3, 1), D(2025, 3, 1))
    assert _due(D(2024, 7, 1), until=D(2025, 3, 1)) == {}
    kept = _due(D(2024, 7, 1), until=D(2025, 3, 2))
    assert kept == _due(D(2024, 7, 1))
    assert kept[person.pk].assessment.on == D(2025, 3, 1)


def test_the_earlier_review_date_a_plan_sets_is_honoured(person, manager, supervisor) -> None:
    reviewed(person, manager, supervisor, D(2024, 3, 1), D(2024, 9, 1))
    full = _due(D(2024, 7, 1))
    assert full[person.pk].plan.on == D(2024, 9, 1)
    assert full[person.pk].assessment.on == D(2025, 3, 1)
    assert _due(D(2024, 7, 1), until=D(2024, 9, 2)) == full
    assert _due(D(2024, 7, 1), until=D(2024, 9, 1)) == {}


def test_someone_never_approved_is_due_soon_after_registration(person) -> None:
    full = _due(D(2023, 1, 11))
    assert full[person.pk].assessment.on == D(2023, 1, 24)
    assert "No approved" in full[person.pk].plan.reason
    assert _due(D(2023, 1, 11), until=D(2023, 1, 25)) == full
    assert _due(D(2023, 1, 11), until=D(2023, 1, 24)) == {}


def test_management_beginning_again_after_the_last_review_keeps_the_person(
    unit, manager, supervisor
) -> None:
    person = make_nominal(unit, manager, supervisor, registered_on=D(2024, 6, 1))
    reviewed(person, manager, supervisor, D(2024, 3, 1), D(2025, 3, 1))
    full = _due(D(2024, 6, 2))
    assert full[person.pk].assessment.on == D(2024, 6, 15)
    assert _due(D(2024, 6, 2), until=D(2024, 6, 16)) == full
    assert _due(D(2024, 6, 2), until=D(2024, 6, 15)) == {}


def test_each_level_has_its_own_interval(unit, manager, supervisor) -> None:
    """A force's policy with a different interval per level: the level in force decides."""
    policy = cadence.ENGLAND_AND_WALES_DEFAULT.with_overrides(
        version="test-per-level",
        effective_from=D(2004, 5, 1),
        assessment_review={
            RiskLevel.VERY_HIGH: cadence.Interval.months(1),
            RiskLevel.HIGH: cadence.Interval.months(3),
            RiskLevel.MEDIUM: cadence.Interval.weeks(26),
        },
        plan_review={RiskLevel.VERY_HIGH: cadence.Interval.days(30)},
    )
    high = make_nominal(unit, manager, supervisor, registered_on=REGISTERED)
    low = make_nominal(unit, manager, supervisor, registered_on=REGISTERED)
    for who, level in ((high, "high"), (low, "low")):
        approve_level(who, manager, supervisor, level, D(2024, 3, 1))
        approve_plan(who, manager, supervisor, D(2024, 3, 1), D(2025, 6, 1))
    full = _due(D(2024, 3, 2), policy=policy)
    assert full[high.pk].assessment.on == D(2024, 6, 1)
    assert full[low.pk].assessment.on == D(2025, 3, 1)
    assert _due(D(2024, 3, 2), until=D(2024, 6, 2), policy=policy) == {high.pk: full[high.pk]}
    assert _due(D(2024, 3, 2), until=D(2024, 6, 1), policy=policy) == {}


def test_a_provider_with_no_set_based_form_leaves_nobody_out(
    person, manager, supervisor, monkeypatch
) -> None:
    """Without the SQL form SQL cannot see the event: everyone is looked at, in Python."""
    reviewed(person, manager, supervisor, D(2024, 3, 1), D(2025, 3, 1))

    def arrests(nominal_ids):
        # Used only as ``nominal_id__in=``, as the registry asks (it may be SQL).
        ids = Nominal.objects.filter(pk__in=nominal_ids).values_list("pk", flat=True)
        return {pk: [TriggerEvent(ReviewTrigger.ARREST, D(2024, 8, 1))] for pk in ids}

    monkeypatch.setitem(triggers.PROVIDERS, "test.arrests", arrests)
    full = _due(D(2024, 8, 2))
    assert full[person.pk].assessment.on == D(2024, 8, 15)
    assert _due(D(2024, 8, 2), until=D(2024, 8, 16)) == full
    # Not due before 1 August, but nobody is left out when SQL cannot tell.
    assert _due(D(2024, 8, 2), until=D(2024, 8, 1)) == full


def test_a_replaced_provider_does_not_keep_the_old_set_based_form(monkeypatch) -> None:
    def moved(nominal_ids):
        return {}

    monkeypatch.setitem(triggers.PROVIDERS, "nominals.addresses", moved)
    assert triggers.days_queries() is None


def test_registering_a_different_set_based_form_is_refused(monkeypatch) -> None:
    provider, days = triggers.DAYS["nominals.addresses"]
    triggers.register("nominals.addresses", provider, days=days)  # the same: harmless
    with pytest.raises(ValueError, match="already has a set-based form"):
        triggers.register("nominals.addresses", provider, days=triggers.household_days)


def test_a_closed_record_is_left_out(unit, manager, supervisor) -> None:
    make_nominal(unit, manager, supervisor, registered_on=REGISTERED, status="deceased")
    assert _due(D(2026, 1, 1), until=D(2026, 1, 1)) == {}


def test_the_queries_do_not_grow_with_the_people(
    unit, manager, supervisor, django_assert_num_queries
) -> None:
    def make(n: int) -> None:
        for i in range(n):
            who = make_nominal(unit, manager, supervisor, registered_on=REGISTERED)
            reviewed(who, manager, supervisor, D(2024, 3, 1), D(2025, 3, 1))
            add_address(who, D(2024, 4, i % 28 + 1))

    make(3)
    providers = len(triggers.PROVIDERS)
    # The people, the events of the narrowing window (one query for every provider's
    # set-based form), then the events of those kept (one per provider).
    with django_assert_num_queries(2 + providers):
        assert len(_due(D(2024, 6, 1), until=D(2024, 6, 1))) == 3
    with django_assert_num_queries(2):  # nobody due: no one's events are read
        assert _due(D(2024, 6, 1), until=D(2024, 4, 1)) == {}
    make(27)
    with django_assert_num_queries(2 + providers):
        assert len(_due(D(2024, 6, 1), until=D(2024, 6, 1))) == 30
    with django_assert_num_queries(2):
        assert _due(D(2024, 6, 1), until=D(2024, 4, 1)) == {}


# --- The property: until only leaves out, and never changes an answer ---------------------

_MONTHS = cadence.Interval.months
POLICIES = [
    cadence.ENGLAND_AND_WALES_DEFAULT,
    cadence.ENGLAND_AND_WALES_DEFAULT.with_overrides(
        version="test-months",
        effective_from=D(2004, 5, 1),
        assessment_review={
            RiskLevel.VERY_HIGH: _MONTHS(1),
            RiskLevel.HIGH: _MONTHS(3),
            RiskLevel.MEDIUM: _MONTHS(6),
        },
        plan_review={RiskLevel.VERY_HIGH: _MONTHS(2), RiskLevel.HIGH: _MONTHS(4)},
        review_after_trigger=cadence.Interval.weeks(1),
    ),
    cadence.ENGLAND_AND_WALES_DEFAULT.with_overrides(
        version="test-days",
        effective_from=D(2004, 5, 1),
        assessment_review={
            RiskLevel.VERY_HIGH: cadence.Interval.days(30),
            RiskLevel.HIGH: cadence.Interval.weeks(10),
            RiskLevel.MEDIUM: cadence.Interval.days(200),
            RiskLevel.LOW: cadence.Interval.years(2),
        },
        plan_review={RiskLevel.LOW: cadence.Interval.years(1)},
        review_after_trigger=cadence.Interval.months(1),
    ),
]

DAYS = st.dates(min_value=D(2023, 1, 1), max_value=D(2025, 12, 31))
# Noon, and half past eleven at night UTC: in summer that is the next day in London.
MOMENTS = st.tuples(DAYS, st.sampled_from([dt.time(12, 0), dt.time(23, 30)]))
LEVELS = st.sampled_from([level.value for level in RiskLevel])

PERSON = st.fixed_dictionaries(
    {
        "registered_on": DAYS,
        "closed": st.booleans(),
        "levels": st.lists(
            st.tuples(LEVELS, MOMENTS, st.sampled_from(["approved", "approved", "sent_back"])),
            max_size=3,
        ),
        "plans": st.lists(st.tuples(MOMENTS, DAYS), max_size=3),
        "addresses": st.lists(MOMENTS, max_size=2),
        "household": st.lists(st.tuples(MOMENTS, st.booleans()), max_size=1),
        "convictions": st.lists(MOMENTS, max_size=1),
        "breaches": st.lists(MOMENTS, max_size=1),
    }
)


def _utc(moment: tuple[dt.date, dt.time]) -> dt.datetime:
    return dt.datetime.combine(*moment, tzinfo=dt.UTC)


def _record(person: dict[str, Any], unit, manager, supervisor) -> None:
    nominal = make_nominal(
        unit,
        manager,
        supervisor,
        registered_on=person["registered_on"],
        status="deceased" if person["closed"] else "community",
    )
    for level, moment, state in person["levels"]:
        RiskLevelDecision.objects.create(
            nominal=nominal,
            level=level,
            rationale="x",
            proposed_by=manager,
            proposed_at=_utc(moment),
            state=state,
            send_back_reason="x" if state == DecisionState.SENT_BACK else "",
            decided_by=supervisor,
            decided_at=_utc(moment),
        )
    for number, (moment, review_on) in enumerate(person["plans"], start=1):
        RiskManagementPlan.objects.create(
            nominal=nominal,
            number=number,
            status=PlanStatus.APPROVED,
            review_on=review_on,
            submitted_by=manager,
            submitted_at=_utc(moment),
            decided_by=supervisor,
            decided_at=_utc(moment),
        )
    for moment in person["addresses"]:
        Address.objects.create(
            nominal=nominal, kind=AddressKind.HOME, line1="1 Road", created_at=_utc(moment)
        )
    for moment, child in person["household"]:
        HouseholdMember.objects.create(
            nominal=nominal,
            address=Address.objects.filter(nominal=nominal).first()
            or Address.objects.create(
                nominal=nominal,
                kind=AddressKind.HOME,
                line1="1 Road",
                created_at=_utc((person["registered_on"], dt.time(12, 0))),
            ),
            name="A Person",
            date_of_birth=D(2015, 1, 1) if child else D(1970, 1, 1),
            created_at=_utc(moment),
        )
    for moment in person["convictions"]:
        conviction = Conviction.objects.create(
            nominal=nominal, kind="conviction", relevant_on=D(2010, 1, 1), court="x"
        )
        Conviction.objects.filter(pk=conviction.pk).update(created_at=_utc(moment))
    for moment in person["breaches"]:
        breach = PossibleBreach.objects.create(
            nominal=nominal,
            deadline_kind="periodic",
            due_on=D(2024, 1, 1),
            deadline_reason="r",
            identified_on=D(2024, 1, 2),
        )
        PossibleBreach.objects.filter(pk=breach.pk).update(created_at=_utc(moment))


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    people=st.lists(PERSON, min_size=1, max_size=4),
    today=DAYS,
    policy=st.sampled_from(POLICIES),
    data=st.data(),
)
def test_until_leaves_out_only_people_not_due_and_changes_no_answer(
    unit, manager, supervisor, people, today, policy, data
) -> None:
    with transaction.atomic():
        for person in people:
            _record(person, unit, manager, supervisor)
        everyone = Nominal.objects.all()
        full = queries.reviews_due(everyone, today, policy=policy)
        # Any day, or one next to a due date, where an off-by-one would show.
        edges = sorted(
            r.assessment.on + dt.timedelta(days=d) if kind else r.plan.on + dt.timedelta(days=d)
            for r in full.values()
            for kind in (True, False)
            for d in (-1, 0, 1)
        )
        anyday = st.dates(min_value=D(2022, 6, 1), max_value=D(2027, 6, 1))
        until = data.draw(st.one_of(anyday, st.sampled_from(edges)) if edges else anyday)
        part = queries.reviews_due(everyone, today, policy=policy, until=until)
        transaction.set_rollback(True)
    due = {pk for pk, r in full.items() if r.assessment.on < until or r.plan.on < until}
    assert due <= part.keys(), "someone with a review due before until was left out"
    assert {pk: full[pk] for pk in part} == part
    # Every registered provider's set-based form has exactly its events' days, so here
    # nobody not due is let in either.
    assert part.keys() == due


def test_the_days_are_london_days(person, manager, supervisor) -> None:
    """A decision at 23:30 UTC on 1 July is on 2 July in London (BST): the review falls
    a year after 2 July, with and without until."""
    RiskLevelDecision.objects.create(
        nominal=person,
        level="medium",
        rationale="x",
        proposed_by=manager,
        proposed_at=_utc((D(2024, 7, 1), dt.time(23, 30))),
        state=DecisionState.APPROVED,
        decided_by=supervisor,
        decided_at=_utc((D(2024, 7, 1), dt.time(23, 30))),
    )
    assert timezone.get_current_timezone_name() == "Europe/London"
    full = _due(D(2024, 8, 1))
    assert full[person.pk].assessment.on == D(2025, 7, 2)
    assert _due(D(2024, 8, 1), until=D(2025, 7, 3))[person.pk] == full[person.pk]


def test_the_level_and_plan_in_force_are_the_risk_pages(person, manager, supervisor) -> None:
    """The level in force is the latest approved (the later id on the same moment); the
    plan in force is the highest approved version, even one signed off earlier."""
    approve_level(person, manager, supervisor, "high", D(2024, 4, 15))
    approve_level(person, manager, supervisor, "low", D(2024, 4, 15))
    for number, on in ((1, D(2024, 5, 1)), (2, D(2024, 4, 1))):
        RiskManagementPlan.objects.create(
            nominal=person,
            number=number,
            status=PlanStatus.APPROVED,
            review_on=D(2026, 1, 1),
            submitted_by=manager,
            submitted_at=at(on),
            decided_by=supervisor,
            decided_at=at(on),
        )
    full = _due(D(2024, 6, 1))[person.pk]
    assert full.level is RiskLevel.LOW == queries.current_level(person)
    plan = queries.current_plan(person)
    assert plan is not None and plan.number == 2
    assert (full.plan.on, full.plan.reason) == (
        D(2025, 4, 1),
        "Every 12 months after the last approved plan (1 April 2024).",
    )
    assert _due(D(2024, 6, 1), until=D(2025, 4, 2)) == {person.pk: full}
    assert _due(D(2024, 6, 1), until=D(2025, 4, 1)) == {}
