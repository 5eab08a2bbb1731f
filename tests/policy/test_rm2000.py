"""Worked cases for Risk Matrix 2000 (RULES.md §5.5; Thornton et al., Scoring Guide Feb 2007).

Every row cites RULES.md §5.5, whose point tables are marked [M]: these cases pin down
the tables as RULES.md states them, so a correction to RULES.md must change a row here.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, fields, replace
from typing import Any

import pytest

from vigil.policy import rm2000
from vigil.policy.rm2000 import (
    FLAGS,
    Rm2000Category,
    Rm2000Input,
    Rm2000InvalidInput,
    Rm2000NotApplicable,
    Sex,
    combined_category,
    score,
    step2_levels_raised,
)
from vigil.policy.values import REGISTRY

L = Rm2000Category.LOW
M = Rm2000Category.MEDIUM
H = Rm2000Category.HIGH
VH = Rm2000Category.VERY_HIGH

AGGRAVATING = ("male_victim", "stranger_victim", "non_contact_offence", "single")


def person(**overrides: Any) -> Rm2000Input:
    """An eligible man aged 45 with one sexual appearance and nothing else: scores 0 / 0."""
    base = Rm2000Input(
        sex=Sex.MALE,
        convicted_of_sexual_offence=True,
        sexual_offence_at_16_or_over=True,
        age_at_commencement_of_risk=45,
        sexual_appearances=1,
        criminal_appearances=1,
        violent_appearances=0,
        burglary=False,
        male_victim=False,
        stranger_victim=False,
        non_contact_offence=False,
        single=False,
    )
    return replace(base, **overrides)


@dataclass(frozen=True)
class Case:
    """One worked case: the answers that differ from ``person()``, and every output."""

    why: str
    answers: dict[str, Any]
    s_points: int
    step1: Rm2000Category
    s_category: Rm2000Category
    v_points: int
    v_category: Rm2000Category
    c_category: Rm2000Category


def case(
    why: str,
    answers: dict[str, Any],
    s: tuple[int, Rm2000Category, Rm2000Category],
    v: tuple[int, Rm2000Category],
    c: Rm2000Category,
) -> Case:
    return Case(why, answers, s[0], s[1], s[2], v[0], v[1], c)


# Columns: why (and RULES.md §5.5 citation), answers, S (points, step 1, final), V (points,
# category), C. Age bands S: 18-24 = 2, 25-34 = 1, 35+ = 0; V: 18-24 = 3, 25-34 = 2,
# 35-44 = 1, 45+ = 0. Sexual appearances 1 = 0, 2 = 1, 3-4 = 2, 5+ = 3. Criminal
# appearances <= 4 = 0, 5+ = 1. S step 1: 0 L, 1-2 M, 3-4 H, 5-6 VH. V: 0-1 L, 2-3 M,
# 4-5 H, 6+ VH. C: values 1-4 summed, 2-3 L, 4-5 M, 6-7 H, 8 VH.
CASES = [
    # Age bands (RULES.md §5.5, RM2000/S Step 1 and RM2000/V age tables).
    case("RULES.md §5.5 age 18: lowest S and V age band", {"age_at_commencement_of_risk": 18},
         (2, M, M), (3, M), M),
    case("RULES.md §5.5 age 24: top of 18-24", {"age_at_commencement_of_risk": 24},
         (2, M, M), (3, M), M),
    case("RULES.md §5.5 age 25: bottom of 25-34", {"age_at_commencement_of_risk": 25},
         (1, M, M), (2, M), M),
    case("RULES.md §5.5 age 34: top of 25-34", {"age_at_commencement_of_risk": 34},
         (1, M, M), (2, M), M),
    case("RULES.md §5.5 age 35: S 35+ scores 0; V 35-44 scores 1",
         {"age_at_commencement_of_risk": 35}, (0, L, L), (1, L), L),
    case("RULES.md §5.5 age 44: top of V 35-44", {"age_at_commencement_of_risk": 44},
         (0, L, L), (1, L), L),
    case("RULES.md §5.5 age 45: V 45+ scores 0", {"age_at_commencement_of_risk": 45},
         (0, L, L), (0, L), L),
    case("RULES.md §5.5 age 80: open-ended top bands", {"age_at_commencement_of_risk": 80},
         (0, L, L), (0, L), L),
    # Sexual appearances (RULES.md §5.5, RM2000/S Step 1).
    case("RULES.md §5.5 2 sexual appearances score 1",
         {"sexual_appearances": 2, "criminal_appearances": 2},
         (1, M, M), (0, L), L),
    case("RULES.md §5.5 3 sexual appearances score 2",
         {"sexual_appearances": 3, "criminal_appearances": 3},
         (2, M, M), (0, L), L),
    case("RULES.md §5.5 4 sexual appearances score 2",
         {"sexual_appearances": 4, "criminal_appearances": 4},
         (2, M, M), (0, L), L),
    case("RULES.md §5.5 5 sexual appearances score 3 (and 5 criminal score 1)",
         {"sexual_appearances": 5, "criminal_appearances": 5}, (4, H, H), (0, L), M),
    case("RULES.md §5.5 9 sexual appearances: open-ended 5+",
         {"sexual_appearances": 9, "criminal_appearances": 9}, (4, H, H), (0, L), M),
    # Criminal appearances (RULES.md §5.5, RM2000/S Step 1).
    case("RULES.md §5.5 4 criminal appearances score 0", {"criminal_appearances": 4},
         (0, L, L), (0, L), L),
    case("RULES.md §5.5 5 criminal appearances score 1", {"criminal_appearances": 5},
         (1, M, M), (0, L), L),
    case("RULES.md §5.5 20 criminal appearances: open-ended 5+", {"criminal_appearances": 20},
         (1, M, M), (0, L), L),
    # Step 1 point totals to category (RULES.md §5.5): 2 M | 3 H, 4 H | 5 VH, and 6 (maximum).
    case("RULES.md §5.5 step 1 total 3 is High",
         {"age_at_commencement_of_risk": 20, "sexual_appearances": 2, "criminal_appearances": 2},
         (3, H, H), (3, M), M),
    case("RULES.md §5.5 step 1 total 4 is High",
         {"age_at_commencement_of_risk": 20, "sexual_appearances": 3, "criminal_appearances": 3},
         (4, H, H), (3, M), M),
    case("RULES.md §5.5 step 1 total 5 is Very High",
         {"age_at_commencement_of_risk": 20, "sexual_appearances": 3, "criminal_appearances": 5},
         (5, VH, VH), (3, M), H),
    case("RULES.md §5.5 step 1 total 6 (maximum) is Very High",
         {"age_at_commencement_of_risk": 20, "sexual_appearances": 5, "criminal_appearances": 5},
         (6, VH, VH), (3, M), H),
    case("RULES.md §5.5 step 1 total 5 reached at age 25-34",
         {"age_at_commencement_of_risk": 30, "sexual_appearances": 5, "criminal_appearances": 6},
         (5, VH, VH), (2, M), H),
    # Violent appearances, burglary and V totals (RULES.md §5.5, RM2000/V).
    case("RULES.md §5.5 1 violent appearance scores 1", {"violent_appearances": 1},
         (0, L, L), (1, L), L),
    case("RULES.md §5.5 2 violent appearances score 2 (V total 2 is Medium)",
         {"violent_appearances": 2, "criminal_appearances": 2}, (0, L, L), (2, M), L),
    case("RULES.md §5.5 3 violent appearances score 2",
         {"violent_appearances": 3, "criminal_appearances": 3}, (0, L, L), (2, M), L),
    case("RULES.md §5.5 4 violent appearances score 3 (V total 3 is Medium)",
         {"violent_appearances": 4, "criminal_appearances": 4}, (0, L, L), (3, M), L),
    case("RULES.md §5.5 burglary alone scores 2", {"burglary": True}, (0, L, L), (2, M), L),
    case("RULES.md §5.5 V total 4 is High",
         {"age_at_commencement_of_risk": 35, "violent_appearances": 1, "burglary": True},
         (0, L, L), (4, H), M),
    case("RULES.md §5.5 V total 5 is High",
         {"violent_appearances": 4, "criminal_appearances": 4, "burglary": True},
         (0, L, L), (5, H), M),
    case("RULES.md §5.5 V total 6 is Very High",
         {"age_at_commencement_of_risk": 25, "violent_appearances": 2,
          "criminal_appearances": 2, "burglary": True},
         (1, M, M), (6, VH), H),
    case("RULES.md §5.5 V total 8 (maximum) is Very High",
         {"age_at_commencement_of_risk": 18, "violent_appearances": 4,
          "criminal_appearances": 4, "burglary": True},
         (2, M, M), (8, VH), H),
    # Step 2 and C together (RULES.md §5.5).
    case("RULES.md §5.5 two aggravating factors raise Medium to High; C High + Low = Medium",
         {"age_at_commencement_of_risk": 40, "criminal_appearances": 5, "male_victim": True,
          "single": True},
         (1, M, H), (1, L), M),
    case("RULES.md §5.5 C reaches Very High only with S and V both Very High",
         {"age_at_commencement_of_risk": 20, "sexual_appearances": 5, "criminal_appearances": 5,
          "violent_appearances": 4, "burglary": True},
         (6, VH, VH), (8, VH), VH),
    case("RULES.md §5.5 the issue's example: High raised two levels, capped at Very High",
         {"age_at_commencement_of_risk": 30, "sexual_appearances": 2, "criminal_appearances": 6,
          "violent_appearances": 1, "burglary": True, "male_victim": True,
          "stranger_victim": True, "non_contact_offence": True, "single": True},
         (3, H, VH), (5, H), H),
]  # fmt: skip


@pytest.mark.parametrize("c", CASES, ids=[c.why for c in CASES])
def test_worked_case_scores_as_rules_md_section_5_5_sets_out(c: Case) -> None:
    result = score(inp=person(**c.answers))
    assert (result.s.points, result.s.step1, result.s.category) == (
        c.s_points,
        c.step1,
        c.s_category,
    )
    assert (result.v.points, result.v.category) == (c.v_points, c.v_category)
    assert result.c.category == c.c_category


def test_there_are_at_least_thirty_worked_cases() -> None:
    assert len(CASES) >= 30


# --- Step 2: every combination of aggravating factors from every Step 1 category --------

# One person per Step 1 category (RULES.md §5.5): points 0, 1, 3 and 5.
STEP1_PEOPLE = {
    L: {},
    M: {"age_at_commencement_of_risk": 30},
    H: {"age_at_commencement_of_risk": 20, "sexual_appearances": 2, "criminal_appearances": 2},
    VH: {"age_at_commencement_of_risk": 20, "sexual_appearances": 3, "criminal_appearances": 5},
}

# RULES.md §5.5 Step 2: 0-1 factors no change; 2 (and, [M], 3) up one; 4 up two; cap VH.
STEP2_EXPECTED = {
    L: [L, L, M, M, H],
    M: [M, M, H, H, VH],
    H: [H, H, VH, VH, VH],
    VH: [VH, VH, VH, VH, VH],
}

STEP2_ROWS = [
    (step1, subset)
    for step1 in STEP1_PEOPLE
    for k in range(5)
    for subset in itertools.combinations(AGGRAVATING, k)
]


@pytest.mark.parametrize(
    ("step1", "subset"),
    STEP2_ROWS,
    ids=[f"{s1.value}-{'+'.join(sub) or 'none'}" for s1, sub in STEP2_ROWS],
)
def test_step2_raises_the_step1_category_by_the_number_of_aggravating_factors(
    step1: Rm2000Category, subset: tuple[str, ...]
) -> None:
    """RULES.md §5.5 Step 2, for all 16 combinations of the four factors per category."""
    answers = {**STEP1_PEOPLE[step1], **dict.fromkeys(subset, True)}
    result = score(inp=person(**answers))
    assert result.s.step1 == step1
    assert result.s.aggravating == len(subset)
    assert result.s.category == STEP2_EXPECTED[step1][len(subset)]


@pytest.mark.parametrize(("k", "levels"), [(0, 0), (1, 0), (2, 1), (3, 1), (4, 2)])
def test_step2_levels_follow_rules_md_two_raise_one_four_raise_two(k: int, levels: int) -> None:
    assert step2_levels_raised(k) == levels


@pytest.mark.parametrize("k", [-1, 5])
def test_step2_refuses_a_count_of_factors_that_cannot_exist(k: int) -> None:
    with pytest.raises(ValueError, match="four aggravating factors"):
        step2_levels_raised(k)


def test_three_aggravating_factors_raising_one_level_is_declared_as_unconfirmed() -> None:
    """RULES.md §5.5 marks the three-factor case [M]; the value must say so."""
    assert REGISTRY["rm2000.s.step2_levels_raised_by_three_factors"].mark == "M"
    assert REGISTRY["rm2000.s.step2_levels_raised_by_two_factors"].mark == "C"
    assert REGISTRY["rm2000.s.step2_levels_raised_by_four_factors"].mark == "C"


# --- RM2000/C: all sixteen S x V combinations (RULES.md §5.5) ---------------------------

C_TABLE = {
    (L, L): L, (L, M): L, (L, H): M, (L, VH): M,
    (M, L): L, (M, M): M, (M, H): M, (M, VH): H,
    (H, L): M, (H, M): M, (H, H): H, (H, VH): H,
    (VH, L): M, (VH, M): H, (VH, H): H, (VH, VH): VH,
}  # fmt: skip


@pytest.mark.parametrize(("s_v", "expected"), list(C_TABLE.items()))
def test_combined_category_adds_the_s_and_v_values_and_bands_the_sum(
    s_v: tuple[Rm2000Category, Rm2000Category], expected: Rm2000Category
) -> None:
    s, v = s_v
    c = combined_category(s=s, v=v)
    assert c.points == s.rank + 1 + v.rank + 1
    assert c.category == expected


def test_combined_scale_uses_the_final_s_category_after_step2() -> None:
    """Step 1 Low raised to Medium by two factors: C counts Medium (2), not Low (1)."""
    result = score(inp=person(male_victim=True, stranger_victim=True))
    assert result.s.step1 == L
    assert result.c.s_value == 2


# --- The issue's example -----------------------------------------------------------------

EXAMPLE = person(
    age_at_commencement_of_risk=30,
    sexual_appearances=2,
    criminal_appearances=6,
    violent_appearances=1,
    burglary=True,
    male_victim=True,
    stranger_victim=True,
    non_contact_offence=True,
    single=True,
)


def test_the_issue_example_serialises_to_the_agreed_json_shape() -> None:
    data = score(inp=EXAMPLE).to_dict()
    assert data == {
        "s": {"points": 3, "step1": "high", "aggravating": 4, "category": "very high"},
        "v": {"points": 5, "category": "high"},
        "c": {"category": "high"},
        "tool": "RM2000",
        "version": rm2000.VERSION,
    }
    assert json.loads(json.dumps(data)) == data


def test_the_explanation_names_the_band_each_item_fell_in() -> None:
    lines = score(inp=EXAMPLE).explanation
    text = "\n".join(lines)
    assert "age 30, band 25-34: 1 point" in text
    assert "sexual appearances 2, band 2: 1 point" in text
    assert "criminal appearances 6, band 5+: 1 point" in text
    assert "total 3 points, band 3-4: High" in text
    assert "4 of 4 aggravating factors" in text
    assert "capped at Very high" in text
    assert "violent appearances 1, band 1: 1 point" in text
    assert "burglary conviction yes: 2 points" in text
    assert "total 5 points, band 4-5: High" in text
    assert "total 7, band 6-7: High" in text
    assert "RULES.md §5.5" in lines[0]


def test_the_result_records_tool_and_version_for_the_assessment_history() -> None:
    result = score(inp=EXAMPLE)
    assert result.tool == "RM2000"
    assert result.version == "Feb 2007 scoring guide"


def test_categories_are_stored_as_lower_case_words_with_spaces() -> None:
    assert [c.value for c in Rm2000Category] == ["low", "medium", "high", "very high"]
    assert VH.label == "Very high"


def test_categories_order_by_severity_not_spelling() -> None:
    assert L < M < H < VH
    assert sorted([VH, L, H, M]) == [L, M, H, VH]
    assert H.raised(5) == VH


def test_categories_refuse_to_be_ordered_against_plain_strings() -> None:
    with pytest.raises(TypeError):
        assert H < "low"


# --- Eligibility (RULES.md §5.5 [C]) ------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({"sex": Sex.FEMALE}, "men only"),
        ({"sex": Sex.NOT_KNOWN}, "recorded sex is not known"),
        ({"age_at_commencement_of_risk": 17}, "aged 18 or over"),
        ({"age_at_commencement_of_risk": 16}, "the person is 16"),
        ({"convicted_of_sexual_offence": False}, "not cautioned or alleged offenders"),
        ({"sexual_offence_at_16_or_over": False}, "aged 16 or over"),
    ],
)
def test_people_the_tool_does_not_apply_to_are_refused_with_the_reason(
    answers: dict[str, Any], reason: str
) -> None:
    """RULES.md §5.5: males 18+, convicted, an offence after 16; not women or under-18s."""
    with pytest.raises(Rm2000NotApplicable, match=reason) as caught:
        score(inp=person(**answers))
    assert len(caught.value.reasons) == 1
    assert isinstance(caught.value, ValueError)


def test_every_reason_the_tool_does_not_apply_is_given_at_once() -> None:
    with pytest.raises(Rm2000NotApplicable) as caught:
        score(
            inp=person(
                sex=Sex.FEMALE, age_at_commencement_of_risk=17, convicted_of_sexual_offence=False
            )
        )
    assert len(caught.value.reasons) == 3


def test_an_eighteen_year_old_man_is_eligible() -> None:
    assert score(inp=person(age_at_commencement_of_risk=18)).s.age_points == 2


def test_eligibility_is_checked_before_the_counts() -> None:
    """No point asking someone to fix counts for a tool that does not apply."""
    with pytest.raises(Rm2000NotApplicable):
        score(inp=person(sex=Sex.FEMALE, criminal_appearances=0))


# --- Impossible or inconsistent answers ---------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        ({"sexual_appearances": 0, "criminal_appearances": 0}, "at least 1"),
        ({"sexual_appearances": -1}, "sexual appearances cannot be negative"),
        ({"criminal_appearances": -1}, "criminal appearances cannot be negative"),
        ({"violent_appearances": -1}, "violent appearances cannot be negative"),
        ({"sexual_appearances": 3, "criminal_appearances": 2}, "cannot be fewer than sexual"),
        ({"violent_appearances": 2, "criminal_appearances": 1}, "cannot exceed criminal"),
    ],
)
def test_impossible_counts_are_refused_saying_how_to_fix_them(
    answers: dict[str, Any], reason: str
) -> None:
    with pytest.raises(Rm2000InvalidInput, match=reason):
        score(inp=person(**answers))


def test_criminal_appearances_equal_to_sexual_appearances_are_accepted() -> None:
    """A man whose only convictions are sexual ones has equal counts."""
    assert score(inp=person(sexual_appearances=3, criminal_appearances=3)).s.points == 2


# --- Field metadata for the CLI and the web form -----------------------------------------


def test_every_input_field_has_exactly_one_question() -> None:
    assert sorted(f.name for f in FLAGS) == sorted(f.name for f in fields(Rm2000Input))


def test_questions_are_plain_questions_with_help() -> None:
    for spec in FLAGS:
        assert spec.label.endswith("?"), spec.name
        assert spec.help, spec.name
        assert spec.flag.startswith("--"), spec.name


def test_flags_match_the_issue_example_command_line() -> None:
    flags = {spec.flag for spec in FLAGS}
    example = (
        "--age --sexual-appearances --criminal-appearances --violent-appearances --burglary "
        "--male-victim --stranger-victim --non-contact --single"
    )
    assert set(example.split()) <= flags


def test_the_sex_question_offers_every_recorded_value() -> None:
    (spec,) = [s for s in FLAGS if s.name == "sex"]
    assert spec.kind == "choice"
    assert spec.choices == ("male", "female", "not known")


# --- Policy values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "rm2000.s.age_points",
        "rm2000.s.sexual_appearance_points",
        "rm2000.s.criminal_appearance_points",
        "rm2000.s.step1_categories",
        "rm2000.v.age_points",
        "rm2000.v.violent_appearance_points",
        "rm2000.v.burglary_points",
        "rm2000.v.categories",
        "rm2000.c.category_values",
        "rm2000.c.categories",
    ],
)
def test_point_tables_rules_md_marks_unconfirmed_are_declared_with_mark_m(name: str) -> None:
    value = REGISTRY[name]
    assert value.mark == "M"
    assert "RULES.md §5.5" in value.source


def test_point_tables_leave_no_gap_from_the_lowest_valid_answer_upwards() -> None:
    """A gap in a declared table would make some real person unscorable."""
    for table, start, stop in [
        (rm2000.S_AGE_POINTS, 18, 120),
        (rm2000.S_SEXUAL_APPEARANCE_POINTS, 1, 60),
        (rm2000.S_CRIMINAL_APPEARANCE_POINTS, 0, 200),
        (rm2000.V_AGE_POINTS, 18, 120),
        (rm2000.V_VIOLENT_APPEARANCE_POINTS, 0, 200),
    ]:
        for n in range(start, stop):
            assert sum(band.contains(n) for band in table.value) == 1, (table.name, n)
