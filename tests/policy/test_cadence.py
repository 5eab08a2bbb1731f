"""Worked cases for visit and review cadence and reactive management (RULES.md §5.2-§5.4).

Each table row is a case a public-protection unit would recognise; the comment on a row
says which rule it exercises. Dates are chosen so month ends and leap years are visible.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from vigil.policy import cadence
from vigil.policy.cadence import (
    ENGLAND_AND_WALES_DEFAULT,
    CadencePolicy,
    DueState,
    Interval,
    PerRiskLevel,
    ReactiveCriterion,
    ReviewTrigger,
    TriggerEvent,
    Unit,
    classify,
    due_soon_until,
    next_assessment_review_due,
    next_plan_review_due,
    next_record_review_due,
    next_visit_due,
    policy_in_force,
    reactive_eligibility,
    reactive_revoked_by,
)
from vigil.policy.risk_levels import RiskLevel
from vigil.policy.values import REGISTRY

D = dt.date
EW = ENGLAND_AND_WALES_DEFAULT
LOW, MEDIUM, HIGH, VERY_HIGH = RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH
ASCENDING = (LOW, MEDIUM, HIGH, VERY_HIGH)


def force_variant(**overrides: Any) -> CadencePolicy:
    """A force's own policy built from the default, as a force administrator would."""
    return EW.with_overrides(version="force-1", effective_from=D(2025, 4, 1), **overrides)


# ---------------------------------------------------------------------------------------
# The England & Wales default and its declared values


@pytest.mark.parametrize(
    ("level", "interval"),
    [
        (VERY_HIGH, Interval.months(1)),  # RULES.md §5.2: very high - monthly
        (HIGH, Interval.months(3)),  # high - every 3 months
        (MEDIUM, Interval.months(6)),  # medium - every 6 months
        (LOW, Interval.months(12)),  # low - annually
    ],
)
def test_default_home_visit_interval_is_the_pre_2017_national_schedule(
    level: RiskLevel, interval: Interval
) -> None:
    assert EW.home_visit[level] == interval
    declared = REGISTRY[f"cadence.home_visit.{level.value}"]
    assert declared.value == interval
    assert declared.mark == "C"
    assert "§5.2" in declared.source


@pytest.mark.parametrize("level", ASCENDING)
def test_default_review_intervals_are_annual_and_marked_unconfirmed(level: RiskLevel) -> None:
    """RULES.md §5.4: reassessment 'e.g. annually' is [M]; the plan follows the assessment."""
    assert EW.assessment_review[level] == Interval.months(12)
    assert EW.plan_review[level] == Interval.months(12)
    assert REGISTRY[f"cadence.assessment_review.{level.value}"].mark == "M"
    assert REGISTRY[f"cadence.plan_review.{level.value}"].mark == "M"


@pytest.mark.parametrize(
    ("name", "value", "mark"),
    [
        ("cadence.record_review", Interval.weeks(16), "M"),  # issue 6: the 16-week review
        ("cadence.review_after_trigger", Interval.days(14), "M"),  # no timescale found
        ("cadence.due_soon_within", Interval.days(7), "C"),  # issue 6: due within 7 days
        ("cadence.reactive.qualifying_period", Interval.years(3), "C"),  # RULES.md §5.3
        ("cadence.reactive.requires_mappa_level_1", True, "D"),  # RULES.md §4.2
        ("cadence.reactive.requires_no_children_in_household", True, "M"),
    ],
)
def test_every_other_default_is_a_declared_value_with_its_mark(
    name: str, value: object, mark: str
) -> None:
    assert REGISTRY[name].value == value
    assert REGISTRY[name].mark == mark
    assert REGISTRY[name].source


def test_the_default_policy_is_built_from_the_declared_values() -> None:
    assert EW.record_review == cadence.RECORD_REVIEW.value
    assert EW.review_after_trigger == cadence.REVIEW_AFTER_TRIGGER.value
    assert EW.due_soon_within == cadence.DUE_SOON_WITHIN.value
    assert EW.reactive_qualifying_period == cadence.REACTIVE_QUALIFYING_PERIOD.value


def test_the_default_policy_is_named_versioned_and_dated() -> None:
    assert EW.name == "England and Wales default"
    assert EW.version == "1"
    assert EW.effective_from == D(2004, 5, 1)


# ---------------------------------------------------------------------------------------
# Intervals


@pytest.mark.parametrize(
    ("interval", "start", "end"),
    [
        (Interval.months(1), D(2025, 1, 10), D(2025, 2, 10)),
        (Interval.months(1), D(2025, 1, 31), D(2025, 2, 28)),  # clamps to the month's end
        (Interval.months(1), D(2024, 1, 31), D(2024, 2, 29)),  # leap year
        (Interval.years(1), D(2024, 2, 29), D(2025, 2, 28)),
        (Interval.weeks(16), D(2025, 1, 1), D(2025, 4, 23)),  # 112 days
        (Interval.days(14), D(2025, 12, 25), D(2026, 1, 8)),
    ],
)
def test_an_interval_runs_from_the_day_of_the_last_event(
    interval: Interval, start: dt.date, end: dt.date
) -> None:
    assert interval.after(start) == end


@pytest.mark.parametrize(
    ("shorter", "longer", "expected"),
    [
        (Interval.days(28), Interval.months(1), True),  # no month is shorter than 28 days
        (Interval.days(29), Interval.months(1), False),  # February in a common year is
        (Interval.months(1), Interval.days(31), True),  # no month is longer than 31 days
        (Interval.months(1), Interval.days(30), False),  # January is
        (Interval.weeks(4), Interval.months(1), True),
        (Interval.weeks(6), Interval.months(1), False),  # "every 6 weeks" is not monthly
        (Interval.months(12), Interval.years(1), True),
        (Interval.years(1), Interval.days(365), False),  # a leap year is 366 days
        (Interval.months(3), Interval.months(2), False),
    ],
)
def test_one_interval_is_never_longer_than_another_only_from_every_start_date(
    shorter: Interval, longer: Interval, expected: bool
) -> None:
    assert shorter.never_longer_than(longer) is expected


@pytest.mark.parametrize(
    ("interval", "text"),
    [
        (Interval.months(1), "1 month"),
        (Interval.months(3), "3 months"),
        (Interval.weeks(16), "16 weeks"),
        (Interval.days(1), "1 day"),
        (Interval.years(3), "3 years"),
    ],
)
def test_an_interval_reads_as_plain_english(interval: Interval, text: str) -> None:
    assert str(interval) == text


@pytest.mark.parametrize(
    ("count", "unit"),
    [
        (0, Unit.MONTHS),
        (-1, Unit.DAYS),
        (True, Unit.WEEKS),  # a bool is an int in Python, but never a count
        (1.5, Unit.MONTHS),
        (101, Unit.YEARS),  # longer than 100 years: a slip of the keyboard
        (1, "fortnights"),
    ],
)
def test_an_interval_that_is_not_a_positive_whole_number_is_refused(
    count: object, unit: object
) -> None:
    with pytest.raises(ValueError, match="interval"):
        Interval(count, unit)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# Home visits (RULES.md §5.2, §5.3)


@pytest.mark.parametrize(
    ("level", "last_seen", "due"),
    [
        (VERY_HIGH, D(2025, 1, 10), D(2025, 2, 10)),
        (HIGH, D(2025, 1, 10), D(2025, 4, 10)),
        (MEDIUM, D(2025, 1, 10), D(2025, 7, 10)),
        (LOW, D(2025, 1, 10), D(2026, 1, 10)),
        (VERY_HIGH, D(2025, 1, 31), D(2025, 2, 28)),  # a month from 31 Jan ends with Feb
        (HIGH, D(2023, 11, 30), D(2024, 2, 29)),  # into a leap February
        (LOW, D(2024, 2, 29), D(2025, 2, 28)),
    ],
)
def test_next_visit_is_due_one_risk_level_interval_after_the_person_was_last_seen(
    level: RiskLevel, last_seen: dt.date, due: dt.date
) -> None:
    assert next_visit_due(policy=EW, risk_level=level, last_seen=last_seen) == due


@pytest.mark.parametrize(
    ("level", "plan_interval", "due"),
    [
        (HIGH, Interval.weeks(6), D(2025, 2, 21)),  # plan more often than the policy
        (LOW, Interval.months(1), D(2025, 2, 10)),
        (VERY_HIGH, Interval.months(2), D(2025, 3, 10)),  # plan less often: it still wins
        (MEDIUM, Interval.days(10), D(2025, 1, 20)),
    ],
)
def test_the_frequency_set_in_the_risk_management_plan_wins_over_the_policy(
    level: RiskLevel, plan_interval: Interval, due: dt.date
) -> None:
    """NPCC 2017 (RULES.md §5.2): frequency is set in the plan, not per risk category."""
    assert (
        next_visit_due(
            policy=EW, risk_level=level, last_seen=D(2025, 1, 10), plan_interval=plan_interval
        )
        == due
    )


@pytest.mark.parametrize(("lower", "higher"), list(pairwise(ASCENDING)))
def test_a_higher_risk_level_is_visited_sooner_or_at_the_same_time(
    lower: RiskLevel, higher: RiskLevel
) -> None:
    seen = D(2025, 1, 31)
    lower_due = next_visit_due(policy=EW, risk_level=lower, last_seen=seen)
    higher_due = next_visit_due(policy=EW, risk_level=higher, last_seen=seen)
    assert lower_due is not None and higher_due is not None
    assert higher_due <= lower_due


def test_a_person_never_seen_is_due_one_interval_after_management_started() -> None:
    assert next_visit_due(
        policy=EW, risk_level=HIGH, last_seen=None, management_start=D(2025, 3, 3)
    ) == D(2025, 6, 3)


def test_a_visit_before_a_prison_sentence_does_not_make_a_released_person_overdue() -> None:
    due = next_visit_due(
        policy=EW,
        risk_level=VERY_HIGH,
        last_seen=D(2021, 5, 1),
        management_start=D(2025, 3, 3),  # released
    )
    assert due == D(2025, 4, 3)


def test_management_start_before_the_last_visit_changes_nothing() -> None:
    due = next_visit_due(
        policy=EW, risk_level=MEDIUM, last_seen=D(2025, 1, 10), management_start=D(2019, 1, 1)
    )
    assert due == D(2025, 7, 10)


def test_a_person_never_seen_with_no_management_start_is_refused() -> None:
    with pytest.raises(ValueError, match="management start"):
        next_visit_due(policy=EW, risk_level=LOW, last_seen=None)


@pytest.mark.parametrize("level", ASCENDING)
def test_a_person_under_reactive_management_has_no_routine_visit_due(level: RiskLevel) -> None:
    """RULES.md §5.3: reactive management means no home visits."""
    assert (
        next_visit_due(
            policy=EW,
            risk_level=level,
            last_seen=D(2025, 1, 10),
            plan_interval=Interval.months(1),
            reactive=True,
        )
        is None
    )


def test_a_force_variant_changes_the_visit_interval_it_names_and_keeps_the_rest() -> None:
    policy = force_variant(home_visit={HIGH: Interval.months(2)})
    assert next_visit_due(policy=policy, risk_level=HIGH, last_seen=D(2025, 1, 10)) == D(
        2025, 3, 10
    )
    assert policy.home_visit[MEDIUM] == EW.home_visit[MEDIUM]


# ---------------------------------------------------------------------------------------
# Assessment and plan reviews (RULES.md §5.3, §5.4; issue 5)

REVIEW_FUNCTIONS = pytest.mark.parametrize(
    "review_due", [next_assessment_review_due, next_plan_review_due], ids=["assessment", "plan"]
)


@REVIEW_FUNCTIONS
@pytest.mark.parametrize("level", ASCENDING)
def test_a_review_is_due_a_year_after_the_last_approved_one_by_default(
    review_due: Any, level: RiskLevel
) -> None:
    assert review_due(policy=EW, risk_level=level, last_approved_on=D(2025, 3, 1)) == D(2026, 3, 1)


@REVIEW_FUNCTIONS
@pytest.mark.parametrize("trigger", list(ReviewTrigger))
def test_each_trigger_after_the_last_review_brings_the_review_forward(
    review_due: Any, trigger: ReviewTrigger
) -> None:
    due = review_due(
        policy=EW,
        risk_level=LOW,
        last_approved_on=D(2025, 3, 1),
        events=[TriggerEvent(trigger, D(2025, 6, 10))],
    )
    assert due == D(2025, 6, 24)  # 14 days after the event


@REVIEW_FUNCTIONS
@pytest.mark.parametrize(
    "event_day",
    [
        D(2025, 2, 28),  # before the last review
        D(2025, 3, 1),  # the same day: the review knew of it
    ],
)
def test_a_trigger_the_last_review_already_knew_of_does_not_bring_it_forward(
    review_due: Any, event_day: dt.date
) -> None:
    due = review_due(
        policy=EW,
        risk_level=LOW,
        last_approved_on=D(2025, 3, 1),
        events=[TriggerEvent(ReviewTrigger.ARREST, event_day)],
    )
    assert due == D(2026, 3, 1)


@REVIEW_FUNCTIONS
def test_the_earliest_unreviewed_trigger_sets_the_review_date(review_due: Any) -> None:
    events = [
        TriggerEvent(ReviewTrigger.NEW_INTELLIGENCE, D(2025, 9, 1)),
        TriggerEvent(ReviewTrigger.CHANGE_OF_ADDRESS, D(2025, 7, 1)),
        TriggerEvent(ReviewTrigger.NEW_CONVICTION, D(2025, 1, 1)),  # before the review
    ]
    due = review_due(policy=EW, risk_level=HIGH, last_approved_on=D(2025, 3, 1), events=events)
    assert due == D(2025, 7, 15)


@REVIEW_FUNCTIONS
def test_a_trigger_near_the_routine_date_never_makes_the_review_later(review_due: Any) -> None:
    due = review_due(
        policy=EW,
        risk_level=HIGH,
        last_approved_on=D(2025, 3, 1),
        events=[TriggerEvent(ReviewTrigger.ARREST, D(2026, 2, 25))],
    )
    assert due == D(2026, 3, 1)


@REVIEW_FUNCTIONS
def test_a_first_review_is_due_a_trigger_window_after_management_started(
    review_due: Any,
) -> None:
    due = review_due(
        policy=EW, risk_level=MEDIUM, last_approved_on=None, management_start=D(2025, 5, 1)
    )
    assert due == D(2025, 5, 15)


@REVIEW_FUNCTIONS
def test_release_after_the_last_review_calls_for_a_fresh_one(review_due: Any) -> None:
    due = review_due(
        policy=EW,
        risk_level=MEDIUM,
        last_approved_on=D(2024, 12, 1),
        management_start=D(2025, 5, 1),
    )
    assert due == D(2025, 5, 15)


@REVIEW_FUNCTIONS
def test_a_review_with_nothing_to_count_from_is_refused(review_due: Any) -> None:
    with pytest.raises(ValueError, match="management start"):
        review_due(policy=EW, risk_level=LOW, last_approved_on=None)


def test_a_force_can_review_higher_risk_more_often_and_shorten_the_trigger_window() -> None:
    policy = force_variant(
        assessment_review={VERY_HIGH: Interval.months(6), HIGH: Interval.months(6)},
        plan_review={VERY_HIGH: Interval.months(3)},
        review_after_trigger=Interval.days(7),
    )
    last = D(2025, 3, 1)
    assert next_assessment_review_due(
        policy=policy, risk_level=VERY_HIGH, last_approved_on=last
    ) == D(2025, 9, 1)
    assert next_plan_review_due(policy=policy, risk_level=VERY_HIGH, last_approved_on=last) == D(
        2025, 6, 1
    )
    assert next_plan_review_due(policy=policy, risk_level=LOW, last_approved_on=last) == D(
        2026, 3, 1
    )
    assert next_plan_review_due(
        policy=policy,
        risk_level=LOW,
        last_approved_on=last,
        events=[TriggerEvent(ReviewTrigger.BREACH, D(2025, 4, 1))],
    ) == D(2025, 4, 8)


# ---------------------------------------------------------------------------------------
# The 16-week record review (issue 6)


@pytest.mark.parametrize(
    ("last_reviewed", "start", "due"),
    [
        (D(2025, 1, 1), None, D(2025, 4, 23)),  # 16 weeks = 112 days
        (None, D(2025, 1, 1), D(2025, 4, 23)),  # never reviewed: from registration
        (D(2024, 6, 1), D(2025, 1, 1), D(2025, 4, 23)),  # transferred in since
        (D(2025, 2, 1), D(2025, 1, 1), D(2025, 5, 24)),
    ],
)
def test_the_record_review_is_due_sixteen_weeks_after_the_last_one(
    last_reviewed: dt.date | None, start: dt.date | None, due: dt.date
) -> None:
    assert (
        next_record_review_due(policy=EW, last_reviewed_on=last_reviewed, management_start=start)
        == due
    )


def test_a_force_can_set_its_own_record_review_interval() -> None:
    policy = force_variant(record_review=Interval.weeks(12))
    assert next_record_review_due(policy=policy, last_reviewed_on=D(2025, 1, 1)) == D(2025, 3, 26)


def test_a_record_review_with_nothing_to_count_from_is_refused() -> None:
    with pytest.raises(ValueError, match="management start"):
        next_record_review_due(policy=EW, last_reviewed_on=None)


# ---------------------------------------------------------------------------------------
# Due states (issue 6: overdue, due within 7 days, upcoming)

TODAY = D(2025, 6, 16)


@pytest.mark.parametrize(
    ("due", "state"),
    [
        (D(2025, 1, 1), DueState.OVERDUE),
        (D(2025, 6, 15), DueState.OVERDUE),  # yesterday
        (D(2025, 6, 16), DueState.DUE_SOON),  # today: still on time
        (D(2025, 6, 17), DueState.DUE_SOON),
        (D(2025, 6, 23), DueState.DUE_SOON),  # 7 days: the last day of the window
        (D(2025, 6, 24), DueState.UPCOMING),  # 8 days
        (D(2026, 6, 16), DueState.UPCOMING),
    ],
)
def test_a_due_date_is_overdue_due_soon_or_upcoming(due: dt.date, state: DueState) -> None:
    assert classify(due=due, today=TODAY, policy=EW) is state


def test_a_force_can_widen_the_due_soon_window() -> None:
    policy = force_variant(due_soon_within=Interval.weeks(2))
    assert classify(due=D(2025, 6, 30), today=TODAY, policy=policy) is DueState.DUE_SOON
    assert classify(due=D(2025, 7, 1), today=TODAY, policy=policy) is DueState.UPCOMING


def test_the_due_soon_cutoff_is_the_last_day_that_counts_as_due_soon() -> None:
    assert due_soon_until(today=TODAY, policy=EW) == D(2025, 6, 23)


# ---------------------------------------------------------------------------------------
# Reactive management (RULES.md §5.3)

REACTIVE_TODAY = D(2025, 6, 16)
ELIGIBLE: dict[str, Any] = {
    "risk_level": LOW,
    "low_risk_since": D(2020, 1, 1),
    "last_convicted_on": D(2015, 3, 1),
    "last_breach_on": None,
    "civil_order_in_force": False,
    "intelligence_suggests_offending": False,
    "mappa_level": 1,
    "children_in_household": False,
}


def eligibility(*, policy: CadencePolicy = EW, **changes: Any) -> cadence.ReactiveEligibility:
    return reactive_eligibility(policy=policy, today=REACTIVE_TODAY, **{**ELIGIBLE, **changes})


def test_a_person_meeting_every_criterion_is_eligible_for_reactive_management() -> None:
    result = eligibility()
    assert result.eligible
    assert result.unmet == ()


@pytest.mark.parametrize(
    ("change", "criterion"),
    [
        ({"risk_level": MEDIUM}, ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD),
        ({"risk_level": VERY_HIGH}, ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD),
        ({"low_risk_since": None}, ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD),
        ({"low_risk_since": D(2023, 1, 1)}, ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD),
        ({"last_convicted_on": D(2024, 11, 5)}, ReactiveCriterion.NO_RECENT_OFFENDING),
        ({"last_breach_on": D(2023, 2, 1)}, ReactiveCriterion.NO_RECENT_BREACH),
        ({"civil_order_in_force": True}, ReactiveCriterion.NO_CIVIL_ORDER),
        (
            {"intelligence_suggests_offending": True},
            ReactiveCriterion.NO_INTELLIGENCE_OF_OFFENDING,
        ),
        ({"mappa_level": 2}, ReactiveCriterion.MAPPA_LEVEL_1),
        ({"mappa_level": 3}, ReactiveCriterion.MAPPA_LEVEL_1),
        ({"children_in_household": True}, ReactiveCriterion.NO_CHILDREN_IN_HOUSEHOLD),
    ],
)
def test_each_reactive_criterion_failing_alone_makes_the_person_ineligible(
    change: dict[str, Any], criterion: ReactiveCriterion
) -> None:
    result = eligibility(**change)
    assert not result.eligible
    assert result.unmet_criteria == {criterion}
    assert len(result.reasons) == 1 and result.reasons[0]


def test_every_failed_criterion_is_reported_at_once() -> None:
    result = eligibility(risk_level=HIGH, civil_order_in_force=True, children_in_household=True)
    assert result.unmet_criteria == {
        ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD,
        ReactiveCriterion.NO_CIVIL_ORDER,
        ReactiveCriterion.NO_CHILDREN_IN_HOUSEHOLD,
    }


@pytest.mark.parametrize(
    ("low_risk_since", "eligible"),
    [
        (D(2022, 6, 16), True),  # exactly 3 years today
        (D(2022, 6, 17), False),  # one day short
    ],
)
def test_low_risk_counts_once_three_full_years_have_passed(
    low_risk_since: dt.date, eligible: bool
) -> None:
    assert eligibility(low_risk_since=low_risk_since).eligible is eligible


@pytest.mark.parametrize(
    ("field", "day", "eligible"),
    [
        ("last_convicted_on", D(2022, 6, 16), True),  # three years ago today: outside
        ("last_convicted_on", D(2022, 6, 17), False),  # inside the last three years
        ("last_breach_on", D(2022, 6, 16), True),
        ("last_breach_on", D(2022, 6, 17), False),
    ],
)
def test_offending_and_breaches_count_only_within_the_qualifying_period(
    field: str, day: dt.date, eligible: bool
) -> None:
    change: dict[str, Any] = {field: day}
    assert eligibility(**change).eligible is eligible


def test_the_reason_for_too_short_a_spell_at_low_risk_says_when_it_will_be_met() -> None:
    result = eligibility(low_risk_since=D(2023, 1, 1))
    assert result.reasons == (
        "Assessed low risk only since 1 January 2023; 3 years at low risk are reached on "
        "1 January 2026.",
    )


def test_a_force_that_does_not_require_mappa_level_1_or_no_children_can_switch_them_off() -> None:
    policy = force_variant(
        reactive_requires_mappa_level_1=False,
        reactive_requires_no_children_in_household=False,
    )
    assert eligibility(policy=policy, mappa_level=2, children_in_household=True).eligible


def test_a_force_can_lengthen_the_qualifying_period() -> None:
    policy = force_variant(reactive_qualifying_period=Interval.years(5))
    assert not eligibility(policy=policy, low_risk_since=D(2021, 1, 1)).eligible
    assert eligibility(policy=policy, low_risk_since=D(2020, 1, 1)).eligible


def test_a_mappa_level_that_does_not_exist_is_refused() -> None:
    with pytest.raises(ValueError, match="MAPPA level"):
        eligibility(mappa_level=4)


PLACED = D(2024, 1, 15)


@pytest.mark.parametrize(
    "trigger",
    [
        ReviewTrigger.NEW_CONVICTION,
        ReviewTrigger.ARREST,
        ReviewTrigger.BREACH,
        ReviewTrigger.CIVIL_ORDER_MADE,
        ReviewTrigger.INTELLIGENCE_OF_OFFENDING,
        ReviewTrigger.RISK_LEVEL_CHANGED,
        ReviewTrigger.MAPPA_LEVEL_CHANGED,
        ReviewTrigger.CHILD_JOINED_HOUSEHOLD,
    ],
)
def test_a_change_that_breaks_a_criterion_ends_reactive_management(
    trigger: ReviewTrigger,
) -> None:
    event = TriggerEvent(trigger, D(2025, 2, 1))
    assert reactive_revoked_by(policy=EW, placed_on=PLACED, events=[event]) == (event,)


@pytest.mark.parametrize(
    "trigger",
    [
        ReviewTrigger.CHANGE_OF_ADDRESS,
        ReviewTrigger.CHANGE_OF_HOUSEHOLD,
        ReviewTrigger.NEW_INTELLIGENCE,
    ],
)
def test_a_change_that_only_calls_for_a_review_does_not_end_reactive_management(
    trigger: ReviewTrigger,
) -> None:
    """RULES.md §5.3: changed circumstances lead to a review and a *possible* return."""
    event = TriggerEvent(trigger, D(2025, 2, 1))
    assert reactive_revoked_by(policy=EW, placed_on=PLACED, events=[event]) == ()


def test_a_conviction_known_when_reactive_management_was_approved_does_not_end_it() -> None:
    events = [
        TriggerEvent(ReviewTrigger.NEW_CONVICTION, D(2019, 5, 1)),
        TriggerEvent(ReviewTrigger.ARREST, PLACED),  # same day: known to the decision
    ]
    assert reactive_revoked_by(policy=EW, placed_on=PLACED, events=events) == ()


def test_revoking_events_are_listed_earliest_first() -> None:
    arrest = TriggerEvent(ReviewTrigger.ARREST, D(2025, 3, 1))
    conviction = TriggerEvent(ReviewTrigger.NEW_CONVICTION, D(2025, 9, 1))
    moved = TriggerEvent(ReviewTrigger.CHANGE_OF_ADDRESS, D(2025, 1, 1))
    assert reactive_revoked_by(policy=EW, placed_on=PLACED, events=[conviction, moved, arrest]) == (
        arrest,
        conviction,
    )


def test_switched_off_criteria_do_not_end_reactive_management() -> None:
    policy = force_variant(
        reactive_requires_mappa_level_1=False,
        reactive_requires_no_children_in_household=False,
    )
    events = [
        TriggerEvent(ReviewTrigger.MAPPA_LEVEL_CHANGED, D(2025, 1, 1)),
        TriggerEvent(ReviewTrigger.CHILD_JOINED_HOUSEHOLD, D(2025, 1, 2)),
    ]
    assert reactive_revoked_by(policy=policy, placed_on=PLACED, events=events) == ()


def test_once_reactive_management_is_revoked_visits_are_due_again() -> None:
    """Issue 6: a new conviction revokes reactive management and routine visits return."""
    conviction = TriggerEvent(ReviewTrigger.NEW_CONVICTION, D(2025, 2, 1))
    revoked = reactive_revoked_by(policy=EW, placed_on=PLACED, events=[conviction])
    due = next_visit_due(policy=EW, risk_level=LOW, last_seen=D(2023, 12, 1), reactive=not revoked)
    assert due == D(2024, 12, 1)  # overdue at once: a visit is wanted now


# ---------------------------------------------------------------------------------------
# Building and refusing force variants


def test_a_variant_records_only_what_it_changed() -> None:
    policy = force_variant(name="Anyshire Constabulary", home_visit={VERY_HIGH: Interval.weeks(4)})
    assert policy.differences_from(EW) == {
        "name": (EW.name, "Anyshire Constabulary"),
        "version": ("1", "force-1"),
        "effective_from": (EW.effective_from, D(2025, 4, 1)),
        "source": (EW.source, "based on England and Wales default version 1"),
        "home_visit": (EW.home_visit, EW.home_visit.updated({VERY_HIGH: Interval.weeks(4)})),
    }


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        # RULES.md §5.2 rejects "very high every 6 weeks"; here it would also be less often
        # than high risk set to monthly.
        (
            {"home_visit": {VERY_HIGH: Interval.weeks(6), HIGH: Interval.months(1)}},
            "very high risk",
        ),
        ({"home_visit": {VERY_HIGH: Interval.months(4)}}, "very high risk"),
        ({"home_visit": {LOW: Interval.months(5)}}, "medium risk"),
        # 30 days ends after a month from 1 February: not never less often.
        (
            {"home_visit": {HIGH: Interval.days(30), MEDIUM: Interval.months(1)}},
            "high risk",
        ),
        ({"assessment_review": {HIGH: Interval.months(18)}}, "assessment_review"),
        ({"plan_review": {MEDIUM: Interval.years(2)}}, "plan_review"),
        ({"home_visit": {"urgent": Interval.months(1)}}, "unknown risk level"),
        ({"home_visit": {HIGH: 3}}, "must be an Interval"),
        ({"record_review": 16}, "record_review must be an Interval"),
        ({"reactive_requires_mappa_level_1": "yes"}, "True or False"),
        ({"name": " "}, "needs a name"),
    ],
)
def test_an_invalid_force_variant_is_refused_with_a_clear_message(
    overrides: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        force_variant(**overrides)


def test_a_variant_with_the_same_name_and_version_is_refused() -> None:
    with pytest.raises(ValueError, match="new name or version"):
        EW.with_overrides(version="1", effective_from=D(2025, 1, 1))


def test_a_variant_may_keep_its_name_and_take_a_new_version() -> None:
    v1 = force_variant(name="Anyshire")
    v2 = v1.with_overrides(version="force-2", effective_from=D(2026, 1, 1))
    assert (v2.name, v2.version) == ("Anyshire", "force-2")


def test_dataclasses_replace_is_validated_too() -> None:
    with pytest.raises(ValueError, match="very high risk"):
        dataclasses.replace(
            EW, home_visit=dataclasses.replace(EW.home_visit, very_high=Interval.years(2))
        )


def test_a_policy_is_immutable() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        EW.version = "2"  # type: ignore[misc]


def test_a_variant_that_visits_every_level_equally_often_is_accepted() -> None:
    monthly = Interval.months(1)
    policy = force_variant(home_visit=dict.fromkeys(ASCENDING, monthly))
    assert all(policy.home_visit[level] == monthly for level in ASCENDING)


def test_four_weeks_for_very_high_risk_and_a_month_for_high_risk_is_accepted() -> None:
    """28 days never ends after a calendar month, from any start date."""
    policy = force_variant(home_visit={VERY_HIGH: Interval.weeks(4), HIGH: Interval.months(1)})
    assert policy.home_visit[VERY_HIGH] == Interval.weeks(4)


# ---------------------------------------------------------------------------------------
# Which policy was in force


def test_the_policy_in_force_is_the_latest_one_already_started() -> None:
    v1 = force_variant()
    v2 = v1.with_overrides(version="force-2", effective_from=D(2026, 1, 1))
    policies = [EW, v2, v1]
    assert policy_in_force(policies=policies, on=D(2020, 1, 1)) is EW
    assert policy_in_force(policies=policies, on=D(2025, 4, 1)) is v1
    assert policy_in_force(policies=policies, on=D(2025, 12, 31)) is v1
    assert policy_in_force(policies=policies, on=D(2026, 1, 1)) is v2


def test_no_policy_in_force_is_refused() -> None:
    with pytest.raises(ValueError, match="no cadence policy"):
        policy_in_force(policies=[force_variant()], on=D(2025, 3, 31))


def test_two_policies_starting_the_same_day_are_refused_as_ambiguous() -> None:
    a = force_variant()
    b = a.with_overrides(version="force-1b", effective_from=a.effective_from)
    with pytest.raises(ValueError, match="more than one"):
        policy_in_force(policies=[a, b], on=D(2025, 5, 1))


# ---------------------------------------------------------------------------------------
# Properties

days = st.dates(min_value=D(2000, 1, 1), max_value=D(2100, 12, 31))
intervals = st.one_of(
    st.builds(Interval.days, st.integers(1, 800)),
    st.builds(Interval.weeks, st.integers(1, 110)),
    st.builds(Interval.months, st.integers(1, 27)),
    st.builds(Interval.years, st.integers(1, 2)),
)


@st.composite
def valid_policies(draw: st.DrawFn) -> CadencePolicy:
    """A force policy with any valid visit table, mixing days, weeks and months."""
    drawn = draw(st.lists(intervals, min_size=4, max_size=4))
    # Longest first, so low risk gets the longest interval and very high the shortest.
    drawn.sort(key=lambda iv: sum(iv.shortest_and_longest_in_days()), reverse=True)
    try:
        table = PerRiskLevel(*drawn)
        return dataclasses.replace(EW, version="property", home_visit=table)
    except ValueError:
        # A month against 30 days cannot be ordered for every date; such a table is
        # refused, and that refusal is tested above.
        assume(False)
        raise


@given(policy=valid_policies(), last_seen=days)
def test_raising_the_risk_level_never_makes_the_next_visit_later(
    policy: CadencePolicy, last_seen: dt.date
) -> None:
    dues = [next_visit_due(policy=policy, risk_level=lv, last_seen=last_seen) for lv in ASCENDING]
    for lower_due, higher_due in pairwise(dues):
        assert lower_due is not None and higher_due is not None
        assert higher_due <= lower_due


@given(last_seen=days, lower=st.sampled_from(ASCENDING), higher=st.sampled_from(ASCENDING))
def test_under_the_default_policy_a_higher_risk_level_is_never_visited_later(
    last_seen: dt.date, lower: RiskLevel, higher: RiskLevel
) -> None:
    assume(lower <= higher)
    lower_due = next_visit_due(policy=EW, risk_level=lower, last_seen=last_seen)
    higher_due = next_visit_due(policy=EW, risk_level=higher, last_seen=last_seen)
    assert lower_due is not None and higher_due is not None
    assert higher_due <= lower_due


@given(a=intervals, b=intervals, start=days)
def test_never_longer_than_holds_from_any_start_date(
    a: Interval, b: Interval, start: dt.date
) -> None:
    if a.never_longer_than(b):
        assert a.after(start) <= b.after(start)


@given(
    last=days,
    events=st.lists(st.builds(TriggerEvent, st.sampled_from(ReviewTrigger), days), max_size=5),
)
def test_a_trigger_never_makes_a_review_later_than_the_routine_date(
    last: dt.date, events: list[TriggerEvent]
) -> None:
    routine = next_assessment_review_due(policy=EW, risk_level=HIGH, last_approved_on=last)
    triggered = next_assessment_review_due(
        policy=EW, risk_level=HIGH, last_approved_on=last, events=events
    )
    assert triggered <= routine
    assert triggered > last


def test_a_variant_without_a_source_records_the_policy_it_was_based_on() -> None:
    assert force_variant().source == "based on England and Wales default version 1"
    assert force_variant(source="Anyshire PPU policy 12, s.4").source == (
        "Anyshire PPU policy 12, s.4"
    )
