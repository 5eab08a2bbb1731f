"""Terms and sentences as Part 2 counts them (SCHEDULE3.md §2; SOA 2003 s.131; Code s.289)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.policy import sentence as sentence_module
from vigil.policy.sentence import (
    Custody,
    Disposal,
    Sentence,
    Term,
    check_offender_age,
    parse_term,
)


def test_disposal_values_are_exactly_the_cli_values() -> None:
    assert {d.value for d in Disposal} == {
        "imprisonment",
        "life",
        "hospital_restricted",
        "hospital",
        "community",
        "caution",
        "conditional_discharge",
        "fine",
        "other",
    }


# --- parse_term -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", Term(months=30)),
        ("26w", Term(weeks=26)),
        ("3y", Term(years=3)),
        ("2y6m", Term(years=2, months=6)),
        ("18m2w", Term(months=18, weeks=2)),
        ("10d", Term(days=10)),
        ("1y2m3w4d", Term(years=1, months=2, weeks=3, days=4)),
        (" 2Y6M ", Term(years=2, months=6)),  # case and spaces do not matter
        ("2y 6m", Term(years=2, months=6)),
        ("2 years 6 months", Term(years=2, months=6)),
        ("2 years and 6 months", Term(years=2, months=6)),
        ("1 year, 3 months", Term(years=1, months=3)),
        ("52 weeks", Term(weeks=52)),
        ("1 day", Term(days=1)),
        ("6 mths", Term(months=6)),
        ("6m2y", Term(years=2, months=6)),  # order of units is not significant
    ],
)
def test_parse_term_reads_the_forms_courts_use(text: str, expected: Term) -> None:
    assert parse_term(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("30", "no unit"),  # a bare number would be a guess
        ("-3m", "negative"),
        ("0m", "zero"),
        ("0y0m", "zero"),
        ("3x", "unknown unit"),
        ("3 fortnights", "unknown unit"),
        ("m3", "cannot read"),
        ("3m3m", "twice"),
        ("three months", "cannot read"),
        ("3.5m", "cannot read"),
        ("2y-6m", "cannot read"),
    ],
)
def test_parse_term_refuses_bad_input_and_says_what_form_to_give(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        parse_term(text)
    assert "30m" in str(caught.value) and "2y6m" in str(caught.value)


def test_parse_term_refuses_a_non_string() -> None:
    with pytest.raises(ValueError, match="give a term"):
        parse_term(30)  # type: ignore[arg-type]


@given(
    st.integers(0, 50),
    st.integers(0, 30),
    st.integers(0, 60),
    st.integers(0, 400),
)
def test_a_term_survives_printing_and_parsing(y: int, m: int, w: int, d: int) -> None:
    term = Term(years=y, months=m, weeks=w, days=d)
    if term.is_zero:
        return
    assert parse_term(str(term)) == term
    assert parse_term(term.describe()) == term


# --- Term -------------------------------------------------------------------------------------


def test_years_and_months_are_equal_when_they_are_the_same_length() -> None:
    assert Term(years=2) == Term(months=24)
    assert hash(Term(years=2)) == hash(Term(months=24))
    assert Term(weeks=2) == Term(days=14)


def test_four_weeks_is_not_equal_to_a_month_but_shorter() -> None:
    assert Term(weeks=4) != Term(months=1)
    assert Term(weeks=4).compare_months(1) < 0


@pytest.mark.parametrize(
    ("term", "months", "expected"),
    [
        ("6m", 6, 0),  # whole months compare exactly: "6 months or less"
        ("2y", 24, 0),
        ("26w", 6, -1),  # 182 days is less than 6 months (182.6 days) [D]
        ("27w", 6, 1),  # 189 days is more than 6 months
        ("52w", 12, -1),  # 364 days is less than 12 months
        ("53w", 12, 1),
        ("30d", 1, -1),
        ("31d", 1, 1),
        ("12m2d", 12, 1),
        ("11m5w", 12, 1),  # 11 months and 35 days is at least 12 months on any calendar
        ("130w", 30, -1),  # 910 days is less than 30 months (913 days)
        ("131w", 30, 1),
        ("104w", 24, -1),  # 728 days is less than 2 years
    ],
)
def test_weeks_and_days_are_compared_with_months_by_length(
    term: str, months: int, expected: int
) -> None:
    """The declared [D] rule: a month is 365.25 / 12 days (sentence.days_per_month)."""
    assert parse_term(term).compare_months(months) == expected


@pytest.mark.parametrize(
    "kwargs", [{"months": -1}, {"days": -3}, {"years": -1, "months": 30}, {"weeks": -2}]
)
def test_a_term_cannot_be_negative(kwargs: dict[str, int]) -> None:
    with pytest.raises(ValueError, match="negative"):
        Term(**kwargs)


def test_an_implausibly_long_term_is_refused() -> None:
    with pytest.raises(ValueError, match="not plausible"):
        Term(years=201)


def test_a_term_must_be_whole_numbers() -> None:
    with pytest.raises(ValueError, match="whole number"):
        Term(months=1.5)  # type: ignore[arg-type]


def test_terms_add_component_by_component() -> None:
    assert Term(months=20) + Term(months=12) == Term(months=32)
    assert str(Term(years=1) + Term(weeks=2)) == "1y2w"


def test_describe_uses_singular_and_plural() -> None:
    assert Term(years=1, months=1).describe() == "1 year 1 month"
    assert Term(weeks=26).describe() == "26 weeks"


@given(st.integers(0, 600), st.integers(0, 3000), st.integers(1, 400))
def test_adding_to_a_term_never_makes_it_compare_shorter(
    months: int, days: int, threshold: int
) -> None:
    base = Term(months=months, days=days)
    assert (base + Term(days=1)).compare_months(threshold) >= base.compare_months(threshold)
    assert (base + Term(months=1)).compare_months(threshold) >= base.compare_months(threshold)


# --- Sentence ---------------------------------------------------------------------------------


def test_a_sentence_accepts_the_cli_strings() -> None:
    s = Sentence("imprisonment", parse_term("6m"), custody="yoi")  # type: ignore[arg-type]
    assert s.disposal is Disposal.IMPRISONMENT and s.custody is Custody.YOI


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"disposal": Disposal.IMPRISONMENT}, "custodial term"),
        ({"disposal": Disposal.CONDITIONAL_DISCHARGE}, "period of the discharge"),
        ({"disposal": Disposal.FINE, "term": Term(months=3)}, "no term"),
        ({"disposal": Disposal.LIFE, "term": Term(years=15)}, "no term"),
        ({"disposal": Disposal.CAUTION, "term": Term(months=3)}, "no term"),
        ({"disposal": Disposal.HOSPITAL, "term": Term(months=3)}, "no term"),
        ({"disposal": Disposal.IMPRISONMENT, "term": Term()}, "zero"),
        ({"disposal": Disposal.COMMUNITY, "term": Term()}, "zero"),
        ({"disposal": Disposal.COMMUNITY, "term": Term(months=12), "suspended": True}, "suspended"),
        (
            {
                "disposal": Disposal.IMPRISONMENT,
                "term": Term(months=12),
                "custody": Custody.DTO,
                "suspended": True,
            },
            "suspended",
        ),
        (
            {"disposal": Disposal.IMPRISONMENT, "term": Term(months=9), "custody": Custody.DTO},
            "even number of months",
        ),
        (
            {"disposal": Disposal.IMPRISONMENT, "term": Term(weeks=26), "custody": Custody.DTO},
            "even number of months",
        ),
        (
            {"disposal": Disposal.COMMUNITY, "term": Term(months=12), "custody": Custody.DTO},
            "only applies to imprisonment",
        ),
        ({"disposal": Disposal.CONDITIONAL_DISCHARGE, "term": Term(years=4)}, "3 years"),
        ({"disposal": Disposal.IMPRISONMENT, "term": "24m"}, "parse_term"),
        ({"disposal": "prison"}, "prison"),
    ],
)
def test_impossible_sentences_are_refused_with_a_clear_message(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        Sentence(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sentence", "counts_as"),
    [
        # s.131(a): only the period of detention under a DTO (half the term) counts [D].
        (Sentence(Disposal.IMPRISONMENT, Term(months=24), custody=Custody.DTO), Term(months=12)),
        (Sentence(Disposal.IMPRISONMENT, Term(years=2), custody=Custody.DTO), Term(months=12)),
        (Sentence(Disposal.IMPRISONMENT, Term(months=12), custody=Custody.DTO), Term(months=6)),
        # s.131(f), (h): YOI and s.250 detention count in full.
        (Sentence(Disposal.IMPRISONMENT, Term(months=18), custody=Custody.YOI), Term(months=18)),
        (Sentence(Disposal.IMPRISONMENT, Term(years=4), custody=Custody.DETENTION), Term(years=4)),
        # Code s.289: a suspended sentence counts as imprisonment of its stated term [D].
        (Sentence(Disposal.IMPRISONMENT, Term(months=6), suspended=True), Term(months=6)),
        (Sentence(Disposal.LIFE), None),  # no term, but counts as imprisonment
        (Sentence(Disposal.COMMUNITY, Term(months=12)), None),
        (Sentence(Disposal.FINE), None),
    ],
)
def test_imprisonment_term_is_what_part_2_counts(sentence: Sentence, counts_as: Term) -> None:
    assert sentence.imprisonment_term == counts_as


def test_a_suspended_sentence_is_not_imprisonment_if_policy_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pv = sentence_module.SUSPENDED_COUNTS_AS_IMPRISONMENT
    monkeypatch.setattr(
        sentence_module, "SUSPENDED_COUNTS_AS_IMPRISONMENT", dataclasses.replace(pv, value=False)
    )
    s = Sentence(Disposal.IMPRISONMENT, Term(months=6), suspended=True)
    assert not s.counts_as_imprisonment
    assert s.imprisonment_term is None
    assert not s.meets_imprisonment()


def test_a_life_sentence_meets_every_term_threshold() -> None:
    """sentence.indeterminate_meets_term_thresholds [D]."""
    life = Sentence(Disposal.LIFE)
    assert life.meets_imprisonment() and life.meets_imprisonment(30)


def test_a_life_sentence_meets_no_threshold_if_policy_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pv = sentence_module.INDETERMINATE_MEETS_TERM_THRESHOLDS
    monkeypatch.setattr(
        sentence_module,
        "INDETERMINATE_MEETS_TERM_THRESHOLDS",
        dataclasses.replace(pv, value=False),
    )
    assert not Sentence(Disposal.LIFE).meets_imprisonment(12)


def test_a_dto_of_24_months_meets_a_12_month_threshold_but_12_months_does_not() -> None:
    """SCHEDULE3.md §5 examples 11 and 12."""
    assert Sentence(Disposal.IMPRISONMENT, Term(months=24), custody=Custody.DTO).meets_imprisonment(
        12
    )
    assert not Sentence(
        Disposal.IMPRISONMENT, Term(months=12), custody=Custody.DTO
    ).meets_imprisonment(12)


def test_a_community_sentence_is_not_imprisonment() -> None:
    assert not Sentence(Disposal.COMMUNITY, Term(months=24)).meets_imprisonment()


@pytest.mark.parametrize(
    ("sentence", "text"),
    [
        (
            Sentence(Disposal.IMPRISONMENT, Term(months=6), suspended=True),
            "imprisonment for 6 months, suspended",
        ),
        (
            Sentence(Disposal.IMPRISONMENT, Term(months=24), custody=Custody.DTO),
            "a detention and training order of 24 months",
        ),
        (Sentence(Disposal.COMMUNITY), "a community sentence (length not given)"),
        (Sentence(Disposal.CONDITIONAL_DISCHARGE, Term(years=2)), "a conditional discharge for"),
        (Sentence(Disposal.HOSPITAL_RESTRICTED), "with a restriction order"),
    ],
)
def test_a_sentence_describes_itself_in_plain_english(sentence: Sentence, text: str) -> None:
    assert text in sentence.describe()


@pytest.mark.parametrize(
    ("age", "message"),
    [(9, "under 10"), (-1, "negative"), (131, "not plausible"), (True, "whole number")],
)
def test_an_offender_age_below_criminal_responsibility_or_implausible_is_refused(
    age: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        check_offender_age(age)


def test_an_offender_aged_10_is_accepted() -> None:
    check_offender_age(10)
