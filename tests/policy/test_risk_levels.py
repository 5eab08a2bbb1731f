"""RoSH levels: ordering, labels and definitions (RULES.md §5.1)."""

from __future__ import annotations

import operator
from collections.abc import Callable

import pytest

from vigil.policy.risk_levels import ROSH_DEFINITIONS, SERIOUS_HARM, RiskLevel
from vigil.policy.rm2000 import Rm2000Category
from vigil.policy.values import REGISTRY

LOW, MEDIUM, HIGH, VERY_HIGH = (
    RiskLevel.LOW,
    RiskLevel.MEDIUM,
    RiskLevel.HIGH,
    RiskLevel.VERY_HIGH,
)


def test_there_are_four_levels_low_to_very_high() -> None:
    """RULES.md §5.1: Low / Medium / High / Very High (OASys scale)."""
    assert list(RiskLevel) == [LOW, MEDIUM, HIGH, VERY_HIGH]


@pytest.mark.parametrize(
    ("level", "value", "label", "rank"),
    [
        (LOW, "low", "Low", 0),
        (MEDIUM, "medium", "Medium", 1),
        (HIGH, "high", "High", 2),
        (VERY_HIGH, "very_high", "Very high", 3),
    ],
)
def test_each_level_has_a_storage_code_a_label_and_a_rank(
    level: RiskLevel, value: str, label: str, rank: int
) -> None:
    assert level.value == value
    assert level.label == label
    assert level.rank == rank
    assert RiskLevel(value) is level


def test_levels_order_by_severity_not_alphabetically() -> None:
    """As strings "high" < "low"; as levels Low < High."""
    assert LOW < MEDIUM < HIGH < VERY_HIGH
    assert VERY_HIGH > HIGH >= HIGH > MEDIUM
    assert LOW <= LOW
    assert sorted([HIGH, LOW, VERY_HIGH, MEDIUM]) == [LOW, MEDIUM, HIGH, VERY_HIGH]
    assert max([MEDIUM, VERY_HIGH, LOW]) is VERY_HIGH


@pytest.mark.parametrize("op", [operator.lt, operator.le, operator.gt, operator.ge])
@pytest.mark.parametrize("other", ["low", "very_high", 1])
def test_levels_refuse_to_be_ordered_against_other_types_either_way_round(
    op: Callable[[object, object], bool], other: object
) -> None:
    """Plain str ordering would rank "high" below "low", so it is refused, not used."""
    with pytest.raises(TypeError, match="cannot order a RiskLevel"):
        op(HIGH, other)
    with pytest.raises(TypeError, match="cannot order a RiskLevel"):
        op(other, HIGH)


def test_levels_still_equal_their_storage_codes() -> None:
    """Equality stays str-like so a stored code reads back as the same level."""
    assert HIGH == "high"
    by_code: dict[str, int] = {HIGH: 1}
    assert by_code["high"] == 1


def test_a_rosh_level_is_not_an_rm2000_category() -> None:
    """A harm judgement and a reconviction band must not be confused (RULES.md §5.1, §5.5)."""
    with pytest.raises(TypeError):
        operator.lt(HIGH, Rm2000Category.VERY_HIGH)


def test_very_high_means_imminent_and_more_likely_than_not() -> None:
    """RULES.md §5.1: 'Very High = imminent risk, more likely than not to happen imminently'."""
    text = VERY_HIGH.definition
    assert "imminent" in text
    assert "more likely than not" in text


def test_high_means_identifiable_indicators_any_time_serious_impact() -> None:
    """RULES.md §5.1: 'High = identifiable indicators, could happen at any time, serious impact'."""
    text = HIGH.definition
    assert "identifiable indicators" in text
    assert "could happen at any time" in text
    assert "serious" in text


def test_every_level_has_a_definition() -> None:
    assert set(ROSH_DEFINITIONS.value) == set(RiskLevel)


def test_the_definitions_are_declared_unconfirmed_as_rules_md_marks_them() -> None:
    """RULES.md §5.1 marks the level definitions [M]."""
    assert REGISTRY["rosh.level_definitions"] is ROSH_DEFINITIONS
    assert ROSH_DEFINITIONS.mark == "M"
    assert SERIOUS_HARM.mark == "M"
    assert "RULES.md §5.1" in ROSH_DEFINITIONS.source
