"""The notification period, SOA 2003 s.82 (SCHEDULE3.md §4; RULES.md §1.2-§1.3)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.policy import sentence as sentence_module
from vigil.policy.sentence import Custody, Disposal, Sentence, Term, parse_term
from vigil.policy.soa2003 import Period, Row, notification_period

D = dt.date
DAY = D(2020, 1, 1)


def imp(term: str, **kwargs: Any) -> Sentence:
    return Sentence(Disposal.IMPRISONMENT, parse_term(term), **kwargs)


def period(*sentences: Sentence, age: int = 30, day: dt.date = DAY, **kwargs: Any) -> Period:
    return notification_period(
        relevant_date=day,
        age_on_relevant_date=age,
        sentences=list(sentences),
        **kwargs,
    )


def test_a_17_year_old_sentenced_to_24_months_is_notifiable_for_5_years() -> None:
    """17 on the relevant date, 24 months: 10 years halved to 5 (s.82(1), (2))."""
    p = notification_period(
        relevant_date=D(2024, 3, 1),
        age_on_relevant_date=17,
        sentences=[Sentence(Disposal.IMPRISONMENT, parse_term("24m"))],
    )
    assert not p.indefinite
    assert p.months == 60
    assert p.first_day == D(2024, 3, 1)
    assert p.last_day == D(2029, 2, 28)
    assert p.halved
    assert "s.82(2)" in p.reason


# --- Every s.82(1) row ------------------------------------------------------------------------

INDEFINITE = None


@pytest.mark.parametrize(
    ("sentence", "row", "months", "last_day"),
    [
        pytest.param(Sentence(Disposal.LIFE), Row.LIFE, INDEFINITE, None, id="life-indefinite"),
        pytest.param(
            imp("30m"), Row.IMPRISONMENT_30_MONTHS_OR_MORE, None, None, id="30m-indefinite"
        ),
        pytest.param(
            imp("2y6m"), Row.IMPRISONMENT_30_MONTHS_OR_MORE, None, None, id="2y6m-indefinite"
        ),
        pytest.param(
            imp("10y"), Row.IMPRISONMENT_30_MONTHS_OR_MORE, None, None, id="10y-indefinite"
        ),
        pytest.param(
            Sentence(Disposal.HOSPITAL_RESTRICTED),
            Row.HOSPITAL_RESTRICTED,
            None,
            None,
            id="restricted-hospital-indefinite",
        ),
        pytest.param(
            imp("29m"),
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            D(2029, 12, 31),
            id="29m-10y",
        ),
        pytest.param(
            imp("7m"), Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS, 120, D(2029, 12, 31), id="7m-10y"
        ),
        pytest.param(
            imp("6m1d"),
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            D(2029, 12, 31),
            id="6m1d-10y",
        ),
        pytest.param(
            imp("27w"),
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            D(2029, 12, 31),
            id="27w-is-over-6-months-10y",
        ),
        pytest.param(imp("6m"), Row.IMPRISONMENT_6_MONTHS_OR_LESS, 84, D(2026, 12, 31), id="6m-7y"),
        pytest.param(
            imp("26w"),
            Row.IMPRISONMENT_6_MONTHS_OR_LESS,
            84,
            D(2026, 12, 31),
            id="26w-is-6-months-or-less-7y",
        ),
        pytest.param(imp("1d"), Row.IMPRISONMENT_6_MONTHS_OR_LESS, 84, D(2026, 12, 31), id="1d-7y"),
        pytest.param(
            Sentence(Disposal.HOSPITAL), Row.HOSPITAL, 84, D(2026, 12, 31), id="hospital-7y"
        ),
        pytest.param(Sentence(Disposal.CAUTION), Row.CAUTION, 24, D(2021, 12, 31), id="caution-2y"),
        pytest.param(
            Sentence(Disposal.CONDITIONAL_DISCHARGE, parse_term("18m")),
            Row.CONDITIONAL_DISCHARGE,
            18,
            D(2021, 6, 30),
            id="conditional-discharge-its-period",
        ),
        pytest.param(
            Sentence(Disposal.COMMUNITY, parse_term("3y")),
            Row.ANY_OTHER,
            60,
            D(2024, 12, 31),
            id="community-5y",
        ),
        pytest.param(
            Sentence(Disposal.COMMUNITY), Row.ANY_OTHER, 60, D(2024, 12, 31), id="community-5y"
        ),
        pytest.param(Sentence(Disposal.FINE), Row.ANY_OTHER, 60, D(2024, 12, 31), id="fine-5y"),
        pytest.param(Sentence(Disposal.OTHER), Row.ANY_OTHER, 60, D(2024, 12, 31), id="other-5y"),
        # Code s.289: a suspended sentence is imprisonment of its stated term [D].
        pytest.param(
            imp("6m", suspended=True),
            Row.IMPRISONMENT_6_MONTHS_OR_LESS,
            84,
            D(2026, 12, 31),
            id="suspended-6m-7y",
        ),
        pytest.param(
            imp("24m", suspended=True),
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            D(2029, 12, 31),
            id="suspended-24m-10y",
        ),
        # s.131(a): a DTO counts as its detention period, half the term [D].
        pytest.param(
            imp("24m", custody=Custody.DTO),
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            D(2029, 12, 31),
            id="dto-24m-counts-12m-10y",
        ),
        pytest.param(
            imp("12m", custody=Custody.DTO),
            Row.IMPRISONMENT_6_MONTHS_OR_LESS,
            84,
            D(2026, 12, 31),
            id="dto-12m-counts-6m-7y",
        ),
        # s.131(f), (h): YOI and s.250 detention count in full.
        pytest.param(
            imp("30m", custody=Custody.YOI),
            Row.IMPRISONMENT_30_MONTHS_OR_MORE,
            None,
            None,
            id="yoi-30m-indefinite",
        ),
        pytest.param(
            imp("4y", custody=Custody.DETENTION),
            Row.IMPRISONMENT_30_MONTHS_OR_MORE,
            None,
            None,
            id="s250-4y-indefinite",
        ),
    ],
)
def test_each_row_of_the_s82_table_gives_its_period(
    sentence: Sentence, row: Row, months: int | None, last_day: dt.date | None
) -> None:
    p = period(sentence, age=30)
    assert p.row is row
    assert p.indefinite is (months is None)
    assert p.months == months
    assert p.last_day == last_day
    assert p.first_day == DAY  # "beginning with" the relevant date
    assert not p.halved
    assert "s.82(1)" in p.reason


def test_a_suspended_sentence_is_any_other_description_if_policy_says_so(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    pv = sentence_module.SUSPENDED_COUNTS_AS_IMPRISONMENT
    monkeypatch.setattr(
        sentence_module, "SUSPENDED_COUNTS_AS_IMPRISONMENT", dataclasses.replace(pv, value=False)
    )
    p = period(imp("6m", suspended=True))
    assert p.row is Row.ANY_OTHER and p.months == 60


def test_an_indefinite_period_has_no_last_day_and_says_so() -> None:
    p = period(Sentence(Disposal.LIFE))
    assert p.indefinite and p.last_day is None and p.length is None
    assert p.reason.startswith("Indefinite notification period beginning with 1 January 2020")


def test_a_conditional_discharge_in_weeks_has_a_length_but_no_whole_months() -> None:
    p = period(Sentence(Disposal.CONDITIONAL_DISCHARGE, parse_term("6m2w")))
    assert p.months is None
    assert p.length == parse_term("6m2w")
    assert p.last_day == D(2020, 7, 14)


# --- s.82(2) halving --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "adult_months", "halved_months", "halved_last_day"),
    [
        pytest.param(imp("12m"), 120, 60, D(2024, 12, 31), id="10y-to-5y"),
        pytest.param(imp("6m"), 84, 42, D(2023, 6, 30), id="7y-to-3y6m"),
        pytest.param(Sentence(Disposal.HOSPITAL), 84, 42, D(2023, 6, 30), id="hospital-7y-to-3y6m"),
        pytest.param(Sentence(Disposal.FINE), 60, 30, D(2022, 6, 30), id="5y-to-2y6m"),
        pytest.param(
            Sentence(Disposal.COMMUNITY, parse_term("12m")),
            60,
            30,
            D(2022, 6, 30),
            id="yro-5y-to-2y6m",
        ),
        pytest.param(Sentence(Disposal.CAUTION), 24, 12, D(2020, 12, 31), id="2y-to-1y"),
    ],
)
def test_the_four_fixed_periods_are_halved_for_an_under_18(
    sentence: Sentence, adult_months: int, halved_months: int, halved_last_day: dt.date
) -> None:
    """s.82(2): 10, 7, 5 and 2 years become half for a person under 18 on the relevant date."""
    young = period(sentence, age=17)
    assert young.halved and young.months == halved_months and young.last_day == halved_last_day
    assert "halved under s.82(2)" in young.reason
    adult = period(sentence, age=18)  # 18 on the relevant date is not "under 18"
    assert not adult.halved and adult.months == adult_months


@pytest.mark.parametrize("age", [10, 12, 15, 17])
def test_an_indefinite_period_is_not_halved(age: int) -> None:
    for sentence in (imp("30m"), Sentence(Disposal.LIFE), Sentence(Disposal.HOSPITAL_RESTRICTED)):
        p = period(sentence, age=age)
        assert p.indefinite and not p.halved
        assert "halving does not apply" in p.reason


def test_the_conditional_discharge_period_is_not_halved() -> None:
    """s.82(2) lists only 10, 7, 5 and 2 years; the discharge period is not one [D]."""
    p = period(Sentence(Disposal.CONDITIONAL_DISCHARGE, parse_term("2y")), age=16)
    assert not p.halved and p.months == 24 and p.last_day == D(2021, 12, 31)
    assert "does not halve it" in p.reason


def test_halving_uses_age_on_the_relevant_date_and_a_dto_still_counts_half() -> None:
    """SCHEDULE3.md §5 example 11: DTO 24m, 10 years, halved to 5 if under 18 at sentence."""
    dto = imp("24m", custody=Custody.DTO)
    assert period(dto, age=17).months == 60
    assert period(dto, age=18).months == 120


# --- s.82(3)-(4) aggregation ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("terms", "kwargs", "row", "months"),
    [
        pytest.param(
            ["20m", "12m"],
            {"consecutive": True},
            Row.IMPRISONMENT_30_MONTHS_OR_MORE,
            None,
            id="ex42-consecutive-20m+12m=32m-indefinite",
        ),
        pytest.param(
            ["15m", "15m"],
            {"consecutive": True},
            Row.IMPRISONMENT_30_MONTHS_OR_MORE,
            None,
            id="consecutive-15m+15m=30m-indefinite",
        ),
        pytest.param(
            ["15m", "14m"],
            {"consecutive": True},
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            id="consecutive-29m-10y",
        ),
        pytest.param(
            ["3m", "3m"],
            {"consecutive": True},
            Row.IMPRISONMENT_6_MONTHS_OR_LESS,
            84,
            id="consecutive-6m-7y",
        ),
        pytest.param(
            ["4m", "3m"],
            {"consecutive": True},
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            id="consecutive-7m-10y",
        ),
        pytest.param(
            ["10m", "10m", "10m"],
            {"consecutive": True},
            Row.IMPRISONMENT_30_MONTHS_OR_MORE,
            None,
            id="three-consecutive-30m-indefinite",
        ),
        pytest.param(
            ["13w", "13w"],
            {"consecutive": True},
            Row.IMPRISONMENT_6_MONTHS_OR_LESS,
            84,
            id="consecutive-26w-is-6-months-or-less",
        ),
        pytest.param(
            ["24m", "12m"],
            {"overlap": "6m"},
            Row.IMPRISONMENT_30_MONTHS_OR_MORE,
            None,
            id="ex43-partly-concurrent-24+12-6=30m-indefinite",
        ),
        pytest.param(
            ["24m", "12m"],
            {"overlap": "7m"},
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            id="partly-concurrent-29m-10y",
        ),
        pytest.param(
            ["24m", "12m"],
            {"overlap": "12m"},
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            id="overlap-equal-to-shorter-term-is-wholly-concurrent-24m",
        ),
        pytest.param(
            ["4m", "4m"],
            {"overlap": "1m"},
            Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS,
            120,
            id="partly-concurrent-7m-10y",
        ),
    ],
)
def test_consecutive_and_partly_concurrent_terms_are_aggregated(
    terms: list[str], kwargs: dict[str, Any], row: Row, months: int | None
) -> None:
    """s.82(3)-(4): (a) the aggregate of consecutive terms; (b) X + Y - Z."""
    if "overlap" in kwargs:
        kwargs = {"overlap": parse_term(str(kwargs["overlap"]))}
    p = period(*(imp(t) for t in terms), **kwargs)
    assert p.row is row
    assert p.months == months
    assert "s.82(4)" in p.reason


def test_wholly_concurrent_terms_are_not_aggregated_and_the_longest_governs() -> None:
    """s.82(4) does not cover wholly concurrent terms [D]: 24m and 12m give 10 years, not
    indefinite."""
    p = period(imp("24m"), imp("12m"))
    assert p.row is Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS and p.months == 120
    assert "not aggregated" in p.reason


@pytest.mark.parametrize(
    ("sentences", "age", "row", "months"),
    [
        pytest.param([imp("6m"), imp("12m")], 30, Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS, 120),
        pytest.param(
            [Sentence(Disposal.FINE), imp("3m")], 30, Row.IMPRISONMENT_6_MONTHS_OR_LESS, 84
        ),
        pytest.param(
            [Sentence(Disposal.HOSPITAL_RESTRICTED), imp("8m")], 30, Row.HOSPITAL_RESTRICTED, None
        ),
        # Under 18: a fine's 5 years halves to 2y6m, but a 3-year discharge is not halved.
        pytest.param(
            [Sentence(Disposal.FINE), Sentence(Disposal.CONDITIONAL_DISCHARGE, parse_term("3y"))],
            16,
            Row.CONDITIONAL_DISCHARGE,
            36,
        ),
        pytest.param(
            [Sentence(Disposal.FINE), Sentence(Disposal.CONDITIONAL_DISCHARGE, parse_term("3y"))],
            30,
            Row.ANY_OTHER,
            60,
        ),
    ],
)
def test_separate_disposals_give_the_longest_of_their_periods(
    sentences: list[Sentence], age: int, row: Row, months: int | None
) -> None:
    p = period(*sentences, age=age)
    assert p.row is row and p.months == months


def test_consecutive_dtos_count_their_detention_periods() -> None:
    """Two consecutive 12-month DTOs: 6 + 6 months' detention = 12 months (s.131(a))."""
    dto = imp("12m", custody=Custody.DTO)
    p = period(dto, dto, age=17, consecutive=True)
    assert p.row is Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS
    assert p.months == 60 and p.halved


def test_a_life_sentence_among_consecutive_terms_makes_the_period_indefinite() -> None:
    p = period(Sentence(Disposal.LIFE), imp("2y"), consecutive=True)
    assert p.indefinite and p.row is Row.LIFE


def test_suspended_terms_can_be_consecutive() -> None:
    p = period(imp("4m", suspended=True), imp("4m", suspended=True), consecutive=True)
    assert p.months == 120


@pytest.mark.parametrize(
    ("sentences", "kwargs", "message"),
    [
        ([imp("12m")], {"consecutive": True}, "two or more"),
        ([imp("12m")], {"overlap": Term(months=1)}, "two or more"),
        (
            [imp("12m"), Sentence(Disposal.FINE)],
            {"consecutive": True},
            "only terms of imprisonment",
        ),
        (
            [imp("12m"), imp("6m")],
            {"consecutive": True, "overlap": Term(months=1)},
            "both consecutive and overlapping",
        ),
        ([imp("12m"), imp("6m")], {"overlap": Term(months=7)}, "longer than the terms can overlap"),
        ([imp("12m"), imp("6m")], {"overlap": Term()}, "consecutive"),
        ([imp("12m"), imp("6m")], {"overlap": "2m"}, "parse_term"),
    ],
)
def test_impossible_aggregations_are_refused(
    sentences: list[Sentence], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        period(*sentences, **kwargs)


# --- Impossible inputs ------------------------------------------------------------------------


def test_a_relevant_date_after_today_is_refused() -> None:
    with pytest.raises(ValueError, match="after today"):
        period(imp("6m"), day=D(2030, 1, 2), today=D(2030, 1, 1))


def test_a_relevant_date_of_today_is_accepted() -> None:
    assert period(imp("6m"), day=D(2030, 1, 1), today=D(2030, 1, 1)).months == 84


@pytest.mark.parametrize(
    ("age", "message"), [(9, "under 10"), (-3, "negative"), (200, "plausible")]
)
def test_an_impossible_age_on_the_relevant_date_is_refused(age: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        period(imp("6m"), age=age)


def test_no_sentences_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one"):
        notification_period(relevant_date=DAY, age_on_relevant_date=30, sentences=[])


def test_a_caution_cannot_be_combined_with_sentences() -> None:
    with pytest.raises(ValueError, match="own relevant date"):
        period(Sentence(Disposal.CAUTION), imp("6m"))


def test_a_datetime_is_not_a_relevant_date() -> None:
    with pytest.raises(ValueError, match="must be a date"):
        notification_period(
            relevant_date=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
            age_on_relevant_date=30,
            sentences=[imp("6m")],
        )


def test_a_sentence_must_be_a_sentence() -> None:
    with pytest.raises(ValueError, match="must be a Sentence"):
        notification_period(
            relevant_date=DAY,
            age_on_relevant_date=30,
            sentences=["24m"],  # type: ignore[list-item]
        )


def test_a_negative_term_cannot_even_be_made() -> None:
    with pytest.raises(ValueError, match="negative"):
        period(Sentence(Disposal.IMPRISONMENT, Term(months=-6)))


# --- Properties -------------------------------------------------------------------------------


def _end(p: Period) -> dt.date:
    """Order periods by how long they last: indefinite is longest."""
    return dt.date.max if p.indefinite else p.last_day or dt.date.max


relevant_dates = st.dates(dt.date(1997, 9, 1), dt.date(2040, 12, 31))
terms = st.builds(
    Term,
    months=st.integers(0, 120),
    weeks=st.integers(0, 60),
    days=st.integers(0, 30),
).filter(lambda t: not t.is_zero)
disposals = st.sampled_from(
    [
        Sentence(Disposal.LIFE),
        Sentence(Disposal.HOSPITAL_RESTRICTED),
        Sentence(Disposal.HOSPITAL),
        Sentence(Disposal.CAUTION),
        Sentence(Disposal.FINE),
        Sentence(Disposal.OTHER),
        Sentence(Disposal.COMMUNITY, Term(months=12)),
        Sentence(Disposal.CONDITIONAL_DISCHARGE, Term(years=1)),
        Sentence(Disposal.CONDITIONAL_DISCHARGE, Term(years=3)),
    ]
)
sentences = st.one_of(
    disposals,
    terms.map(lambda t: Sentence(Disposal.IMPRISONMENT, t)),
    terms.map(lambda t: Sentence(Disposal.IMPRISONMENT, t, suspended=True)),
)


@given(relevant_dates, st.integers(10, 90), sentences)
def test_a_period_begins_with_the_relevant_date_and_never_ends_before_it(
    day: dt.date, age: int, sentence: Sentence
) -> None:
    p = period(sentence, age=age, day=day)
    assert p.first_day == day
    assert p.indefinite or (p.last_day is not None and p.last_day >= p.first_day)
    assert p.indefinite == (p.last_day is None) == (p.months is None and p.length is None)


@given(relevant_dates, st.integers(10, 90), terms, terms)
def test_a_longer_term_never_gives_a_shorter_period(
    day: dt.date, age: int, a: Term, b: Term
) -> None:
    shorter, longer = sorted([a, b], key=lambda t: t.in_days())
    assert _end(period(imp(str(longer)), age=age, day=day)) >= _end(
        period(imp(str(shorter)), age=age, day=day)
    )


@given(relevant_dates, sentences, st.integers(10, 17))
def test_halving_never_lengthens_a_period(day: dt.date, sentence: Sentence, young: int) -> None:
    assert _end(period(sentence, age=young, day=day)) <= _end(period(sentence, age=18, day=day))


@given(relevant_dates, st.integers(10, 90), st.lists(terms, min_size=2, max_size=4))
def test_aggregating_consecutive_terms_never_shortens_the_period(
    day: dt.date, age: int, parts: list[Term]
) -> None:
    aggregate = period(*(imp(str(t)) for t in parts), age=age, day=day, consecutive=True)
    for part in parts:
        assert _end(aggregate) >= _end(period(imp(str(part)), age=age, day=day))
    separate = period(*(imp(str(t)) for t in parts), age=age, day=day)
    assert _end(aggregate) >= _end(separate)


@given(relevant_dates, st.integers(10, 90), terms, terms, st.integers(1, 100))
def test_a_partly_concurrent_span_lies_between_the_longest_and_the_sum(
    day: dt.date, age: int, x: Term, y: Term, percent: int
) -> None:
    shorter = min(x, y, key=lambda t: t.in_days())
    overlap_days = int(shorter.in_days() * percent // 100)
    if overlap_days == 0:
        return
    overlap = Term(days=overlap_days)
    partly = period(imp(str(x)), imp(str(y)), age=age, day=day, overlap=overlap)
    consecutive = period(imp(str(x)), imp(str(y)), age=age, day=day, consecutive=True)
    concurrent = period(imp(str(x)), imp(str(y)), age=age, day=day)
    assert _end(concurrent) <= _end(partly) <= _end(consecutive)
