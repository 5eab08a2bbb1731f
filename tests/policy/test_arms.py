"""Worked cases for the ARMS factor list and ratings summary (RULES.md §5.4)."""

from __future__ import annotations

import json

import pytest

from vigil.policy import arms
from vigil.policy.arms import (
    BY_CODE,
    FACTORS,
    PROTECTIVE_FACTORS,
    RISK_FACTORS,
    ArmsRatingsInvalid,
    FactorKind,
    ProtectiveRating,
    RiskRating,
    missing_factors,
    summarise,
    validate_ratings,
)
from vigil.policy.values import REGISTRY


def all_rated(risk: str = "low", protective: str = "present", **overrides: str) -> dict[str, str]:
    """A complete set of ratings: every risk factor ``risk``, every protective ``protective``."""
    ratings = {f.code: risk for f in RISK_FACTORS}
    ratings.update({f.code: protective for f in PROTECTIVE_FACTORS})
    ratings.update(overrides)
    return ratings


# --- The factor list (RULES.md §5.4) ----------------------------------------------------


def test_arms_has_eleven_factors_seven_risk_and_four_protective() -> None:
    """RULES.md §5.4 [C]: '11 factors = 7 risk + 4 protective'."""
    assert len(FACTORS.value) == 11
    assert len(RISK_FACTORS) == 7
    assert len(PROTECTIVE_FACTORS) == 4


def test_factor_codes_are_unique() -> None:
    assert len(BY_CODE) == len(FACTORS.value)


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("opportunity_to_offend", FactorKind.RISK),
        ("sexual_preoccupation", FactorKind.RISK),
        ("offence_related_sexual_interest", FactorKind.RISK),
        ("positive_routine", FactorKind.PROTECTIVE),
        ("social_investment", FactorKind.PROTECTIVE),
        ("commitment_to_desist", FactorKind.PROTECTIVE),
    ],
)
def test_the_six_factors_rules_md_names_are_present_and_marked_confirmed(
    code: str, kind: FactorKind
) -> None:
    """RULES.md §5.4 names these six from the developers' ATSA blog [C]."""
    factor = BY_CODE[code]
    assert factor.kind is kind
    assert factor.mark == "C"
    assert "ATSA" in factor.source


def test_factors_rules_md_does_not_name_are_marked_unconfirmed() -> None:
    unconfirmed = {f.code for f in FACTORS.value if f.mark == "M"}
    assert unconfirmed == {
        "emotional_congruence_with_children",
        "hostile_orientation",
        "poor_self_management",
        "negative_associates",
        "positive_social_influences",
    }


def test_every_factor_has_a_title_and_a_one_sentence_description() -> None:
    for factor in FACTORS.value:
        assert factor.title[0].isupper(), factor.code
        assert factor.description.endswith("."), factor.code


def test_risk_factors_come_before_protective_factors_in_the_list() -> None:
    kinds = [f.kind for f in FACTORS.value]
    assert kinds == [FactorKind.RISK] * 7 + [FactorKind.PROTECTIVE] * 4


def test_each_kind_of_factor_has_its_own_three_point_scale() -> None:
    assert BY_CODE["sexual_preoccupation"].scale == (
        RiskRating.LOW,
        RiskRating.MEDIUM,
        RiskRating.HIGH,
    )
    assert BY_CODE["positive_routine"].scale == (
        ProtectiveRating.ABSENT,
        ProtectiveRating.PARTLY_PRESENT,
        ProtectiveRating.PRESENT,
    )


@pytest.mark.parametrize(
    "name",
    [
        "arms.factors",
        "arms.risk_factor_scale",
        "arms.protective_factor_scale",
        "arms.priority_ratings",
    ],
)
def test_what_rules_md_does_not_confirm_is_declared_as_an_m_policy_value(name: str) -> None:
    value = REGISTRY[name]
    assert value.mark == "M"
    assert "RULES.md §5.4" in value.source


def test_the_tool_and_version_are_recorded() -> None:
    summary = summarise(ratings=all_rated())
    assert (summary.tool, summary.version) == ("ARMS", arms.VERSION)


# --- Validation -------------------------------------------------------------------------


def test_a_complete_set_of_ratings_has_no_missing_factors() -> None:
    assert missing_factors(ratings=all_rated()) == ()


def test_missing_factors_are_listed_in_list_order() -> None:
    ratings = all_rated()
    del ratings["commitment_to_desist"]
    del ratings["sexual_preoccupation"]
    assert [f.code for f in missing_factors(ratings=ratings)] == [
        "sexual_preoccupation",
        "commitment_to_desist",
    ]


def test_an_empty_assessment_is_missing_all_eleven_factors() -> None:
    assert len(missing_factors(ratings={})) == 11


def test_an_incomplete_set_is_refused_naming_each_missing_factor() -> None:
    ratings = all_rated()
    del ratings["positive_routine"]
    with pytest.raises(ArmsRatingsInvalid, match="missing: Positive routine") as caught:
        summarise(ratings=ratings)
    assert [f.code for f in caught.value.missing] == ["positive_routine"]
    assert isinstance(caught.value, ValueError)


def test_an_unknown_factor_code_is_refused() -> None:
    with pytest.raises(ArmsRatingsInvalid, match="not ARMS factors: risk_of_flight") as caught:
        validate_ratings(ratings=all_rated(risk_of_flight="high"))
    assert caught.value.unknown == ("risk_of_flight",)


@pytest.mark.parametrize(
    ("code", "rating"),
    [
        ("sexual_preoccupation", "present"),  # a protective rating on a risk factor
        ("positive_routine", "high"),  # a risk rating on a protective factor
        ("hostile_orientation", "High"),  # ratings are exact codes
        ("social_investment", ""),
    ],
)
def test_a_rating_off_the_factors_scale_is_refused_with_the_allowed_values(
    code: str, rating: str
) -> None:
    with pytest.raises(ArmsRatingsInvalid, match="must be rated one of") as caught:
        validate_ratings(ratings=all_rated(**{code: rating}))
    assert len(caught.value.bad) == 1


def test_every_problem_is_reported_at_once() -> None:
    ratings = all_rated(sexual_preoccupation="present", extra="low")
    del ratings["positive_routine"]
    with pytest.raises(ArmsRatingsInvalid) as caught:
        validate_ratings(ratings=ratings)
    assert len(caught.value.reasons) == 3


def test_valid_ratings_come_back_as_enum_values() -> None:
    parsed = validate_ratings(ratings=all_rated(sexual_preoccupation="high"))
    assert parsed["sexual_preoccupation"] is RiskRating.HIGH
    assert parsed["positive_routine"] is ProtectiveRating.PRESENT


# --- Summary ----------------------------------------------------------------------------


def test_a_case_with_no_concerns_has_no_priorities_and_four_strengths() -> None:
    summary = summarise(ratings=all_rated())
    assert summary.priorities == ()
    assert summary.secondary == ()
    assert summary.strengths == (
        "positive_routine",
        "social_investment",
        "commitment_to_desist",
        "positive_social_influences",
    )
    assert summary.risk_counts == {RiskRating.LOW: 7, RiskRating.MEDIUM: 0, RiskRating.HIGH: 0}


def test_high_risk_factors_and_absent_protective_factors_are_the_work_priorities() -> None:
    summary = summarise(
        ratings=all_rated(
            sexual_preoccupation="high",
            opportunity_to_offend="high",
            negative_associates="medium",
            commitment_to_desist="absent",
            positive_routine="partly present",
        )
    )
    # Risk factors first, then protective, each in list order.
    assert summary.priorities == (
        "opportunity_to_offend",
        "sexual_preoccupation",
        "commitment_to_desist",
    )
    assert summary.secondary == ("negative_associates", "positive_routine")
    assert summary.strengths == ("social_investment", "positive_social_influences")
    assert summary.risk_counts[RiskRating.HIGH] == 2
    assert summary.protective_counts == {
        ProtectiveRating.ABSENT: 1,
        ProtectiveRating.PARTLY_PRESENT: 1,
        ProtectiveRating.PRESENT: 2,
    }


def test_the_counts_cover_all_eleven_ratings() -> None:
    summary = summarise(ratings=all_rated(risk="medium", protective="absent"))
    assert sum(summary.risk_counts.values()) == 7
    assert sum(summary.protective_counts.values()) == 4
    assert len(summary.priorities) == 4
    assert len(summary.secondary) == 7


def test_the_summary_gives_no_overall_risk_level() -> None:
    """RULES.md §5.4 [C]: ARMS output is work priorities, not a risk label."""
    data = summarise(ratings=all_rated(risk="high")).to_dict()
    assert not {"level", "category", "risk_level"} & set(data)


def test_the_summary_serialises_to_json() -> None:
    data = summarise(ratings=all_rated(sexual_preoccupation="high")).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["risk_counts"] == {"low": 6, "medium": 0, "high": 1}
    assert data["priorities"] == ["sexual_preoccupation"]
    assert data["tool"] == "ARMS"
