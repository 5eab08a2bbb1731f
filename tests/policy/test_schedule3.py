"""Schedule 3 to the Sexual Offences Act 2003 (England and Wales): SCHEDULE3.md §3 and §5."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from vigil.policy import schedule3 as schedule3_module
from vigil.policy.schedule3 import (
    PARAGRAPHS,
    Decision,
    Purpose,
    Secondary,
    UnknownOffence,
    all_offences,
    check,
    lookup,
    paragraph,
    search_offences,
)
from vigil.policy.sentence import Custody, Disposal, Sentence, Term, parse_term
from vigil.policy.soa2003 import notification_period

D = dt.date
CONVICTED = D(2024, 6, 3)


def imp(term: str, **kwargs: Any) -> Sentence:
    return Sentence(Disposal.IMPRISONMENT, parse_term(term), **kwargs)


def community(term: str | None = None) -> Sentence:
    return Sentence(Disposal.COMMUNITY, parse_term(term) if term else None)


FINE = Sentence(Disposal.FINE)
CAUTION = Sentence(Disposal.CAUTION)
OTHER = Sentence(Disposal.OTHER)
HOSPITAL = Sentence(Disposal.HOSPITAL)
RESTRICTED = Sentence(Disposal.HOSPITAL_RESTRICTED)
LIFE = Sentence(Disposal.LIFE)
YRO = community()  # a youth rehabilitation order, length not stated

ALL_DISPOSALS = [
    FINE,
    CAUTION,
    OTHER,
    HOSPITAL,
    RESTRICTED,
    LIFE,
    community("12m"),
    community("6m"),
    imp("1m"),
    imp("12m"),
    imp("3y"),
    imp("6m", suspended=True),
    Sentence(Disposal.CONDITIONAL_DISCHARGE, Term(years=2)),
]


def decide(
    offence: str, offender: int, victim: int | None, sentence: Sentence, **kw: Any
) -> Decision:
    return check(offence=offence, offender_age=offender, victim_age=victim, sentence=sentence, **kw)


# --- SCHEDULE3.md §5: all 44 worked examples --------------------------------------------------
# (offence, offender age, victim age, disposal, extra facts, notifiable, paragraph met,
#  s.132 sentence-date rule, period in months (None = indefinite, "-" = not notifiable))

WORKED = [
    pytest.param(
        "SOA2003-s1",
        16,
        15,
        imp("4y", custody=Custody.DETENTION),
        {},
        True,
        "para 17",
        False,
        None,
        id="ex01-para17-rape-16yo-s250-4y-indefinite-not-halved",
    ),
    pytest.param(
        "SOA2003-s1",
        30,
        25,
        imp("5y"),
        {"secondary": Secondary.ATTEMPT},
        True,
        "para 17",
        False,
        None,
        id="ex02-paras17+94a-attempted-rape",
    ),
    pytest.param(
        "SOA2003-s3",
        25,
        30,
        FINE,
        {},
        False,
        None,
        False,
        "-",
        id="ex03-para18-adult-victim-fine-not-notifiable",
    ),
    pytest.param(
        "SOA2003-s3",
        25,
        30,
        community("12m"),
        {},
        True,
        "para 18(b)(ii)(c)",
        True,
        60,
        id="ex04-para18(b)(ii)(c)-community-12m-s132",
    ),
    pytest.param(
        "SOA2003-s3",
        25,
        30,
        community("9m"),
        {},
        False,
        None,
        False,
        "-",
        id="ex05-para18-community-9m-not-notifiable",
    ),
    pytest.param(
        "SOA2003-s3",
        25,
        17,
        FINE,
        {},
        True,
        "para 18(b)(i)",
        False,
        60,
        id="ex06-para18(b)(i)-victim-under-18",
    ),
    pytest.param(
        "SOA2003-s3",
        25,
        30,
        imp("6m", suspended=True),
        {},
        True,
        "para 18(b)(ii)(a)",
        True,
        84,
        id="ex07-para18(b)(ii)(a)-suspended-counts-as-imprisonment-s289",
    ),
    pytest.param(
        "SOA2003-s3",
        25,
        17,
        CAUTION,
        {},
        True,
        "para 18(b)(i)",
        False,
        24,
        id="ex08-s80(1)(d)+para18(b)(i)-caution-child-victim",
    ),
    pytest.param(
        "SOA2003-s3",
        25,
        30,
        CAUTION,
        {},
        False,
        None,
        False,
        "-",
        id="ex09-para18-caution-cannot-meet-sentencing-limb",
    ),
    pytest.param(
        "SOA2003-s3",
        16,
        15,
        community("12m"),
        {},
        False,
        None,
        False,
        "-",
        id="ex10-para18(a)-yro-is-not-imprisonment",
    ),
    pytest.param(
        "SOA2003-s3",
        17,
        14,
        imp("24m", custody=Custody.DTO),
        {},
        True,
        "para 18(a)",
        True,
        60,
        id="ex11-para18(a)-dto-24m-counts-12m-s131(a)-halved",
    ),
    pytest.param(
        "SOA2003-s3",
        17,
        14,
        imp("12m", custody=Custody.DTO),
        {},
        False,
        None,
        False,
        "-",
        id="ex12-para18(a)-dto-12m-counts-6m",
    ),
    pytest.param(
        "SOA2003-s7",
        15,
        12,
        OTHER,
        {},
        False,
        None,
        False,
        "-",
        id="ex13-para20-under-18-referral-order",
    ),
    pytest.param(
        "SOA2003-s7",
        19,
        12,
        FINE,
        {},
        True,
        "para 20(a)",
        False,
        60,
        id="ex14-para20(a)-offender-18-or-over",
    ),
    pytest.param(
        "SOA2003-s9",
        19,
        15,
        Sentence(Disposal.CONDITIONAL_DISCHARGE, Term(years=2)),
        {},
        True,
        "para 21",
        False,
        24,
        id="ex15-para21-conditional-discharge-s134",
    ),
    pytest.param(
        "SOA2003-s13",
        16,
        14,
        YRO,
        {},
        False,
        None,
        False,
        "-",
        id="ex16-para22-yro-not-imprisonment",
    ),
    pytest.param(
        "SOA2003-s13",
        17,
        14,
        imp("18m", custody=Custody.DETENTION),
        {},
        True,
        "para 22",
        True,
        60,
        id="ex17-para22-s250-18m-halved",
    ),
    pytest.param(
        "SOA2003-s15A",
        20,
        14,
        FINE,
        {},
        True,
        "para 24A",
        False,
        60,
        id="ex18-para24A-unconditional",
    ),
    pytest.param(
        "SOA2003-s16",
        30,
        17,
        FINE,
        {},
        False,
        None,
        False,
        "-",
        id="ex19-para25-no-victim-age-route",
    ),
    pytest.param(
        "SOA2003-s16",
        30,
        17,
        community("12m"),
        {},
        True,
        "para 25(c)",
        True,
        60,
        id="ex20-para25(c)-community-12m",
    ),
    pytest.param(
        "SOA2003-s25",
        17,
        14,
        YRO,
        {},
        False,
        None,
        False,
        "-",
        id="ex21-para26-under-18-no-12m-imprisonment",
    ),
    pytest.param(
        "SOA2003-s25",
        18,
        14,
        FINE,
        {},
        True,
        "para 26(a)",
        False,
        60,
        id="ex22-para26(a)-offender-18",
    ),
    pytest.param(
        "SOA2003-s64",
        30,
        25,
        community("24m"),
        {},
        False,
        None,
        False,
        "-",
        id="ex23-para32-community-does-not-count",
    ),
    pytest.param(
        "SOA2003-s66",
        40,
        35,
        FINE,
        {},
        False,
        None,
        False,
        "-",
        id="ex24-para33-adult-victim-fine",
    ),
    pytest.param(
        "SOA2003-s66",
        40,
        15,
        FINE,
        {},
        True,
        "para 33(b)(i)",
        False,
        60,
        id="ex25-para33(b)(i)-victim-under-18",
    ),
    pytest.param(
        "SOA2003-s66A",
        30,
        16,
        FINE,
        {},
        True,
        "para 33A(b)(i)",
        False,
        60,
        id="ex26-para33A(b)(i)-cyber-flashing-victim-16",
    ),
    pytest.param(
        "SOA2003-s66B(2)",
        30,
        25,
        imp("12m"),
        {},
        False,
        None,
        False,
        "-",
        id="ex27-s66B(2)-not-in-schedule-3",
    ),
    pytest.param(
        "SOA2003-s66B(3)",
        30,
        25,
        community("12m"),
        {},
        True,
        "para 33B(b)(ii)(c)",
        True,
        60,
        id="ex28-para33B(b)(ii)(c)-sharing-for-gratification",
    ),
    pytest.param(
        "SOA2003-s67A",
        22,
        25,
        imp("4m"),
        {"purpose": Purpose.HUMILIATION},
        False,
        None,
        False,
        "-",
        id="ex29-para34A(1)(a)-humiliation-purpose-not-listed",
    ),
    pytest.param(
        "SOA2003-s67A",
        22,
        25,
        community("12m"),
        {"purpose": Purpose.SEXUAL_GRATIFICATION},
        True,
        "para 34A(1)(a) + (3)(b)(iii)",
        True,
        60,
        id="ex30-para34A(1)(a)+(3)(b)(iii)-gratification-community-12m",
    ),
    pytest.param(
        "PCA1978-s1",
        19,
        None,
        community("6m"),
        {"image_subject_age": 14},
        True,
        "para 13(b)(i)",
        False,
        60,
        id="ex31-para13(b)(i)-adult-images-of-14yo",
    ),
    pytest.param(
        "PCA1978-s1",
        35,
        None,
        imp("8m"),
        {"image_subject_age": 16},
        False,
        None,
        False,
        "-",
        id="ex32-para13-images-of-16-17yo-para95(a)",
    ),
    pytest.param(
        "CJA1988-s160",
        45,
        None,
        CAUTION,
        {"image_subject_age": 12},
        True,
        "para 15(b)(i)",
        False,
        24,
        id="ex33-para15(b)(i)-caution-age-condition",
    ),
    pytest.param(
        "CJA1988-s160",
        17,
        None,
        YRO,
        {"image_subject_age": 13, "conviction_date": CONVICTED},
        False,
        None,
        False,
        "-",
        id="ex34-para15(b)-under-18-yro",
    ),
    pytest.param(
        "CJA2009-s62",
        30,
        None,
        imp("18m"),
        {},
        False,
        None,
        False,
        "-",
        id="ex35-para35B-needs-2-years",
    ),
    pytest.param(
        "CJA2009-s62",
        30,
        None,
        imp("2y"),
        {},
        True,
        "para 35B(a) + (b)",
        True,
        120,
        id="ex36-para35B-18+-and-2-years",
    ),
    pytest.param(
        "SCA2015-s69",
        18,
        None,
        FINE,
        {},
        True,
        "para 35C(a)",
        False,
        60,
        id="ex37-para35C(a)-paedophile-manual",
    ),
    pytest.param(
        "SOA1956-s14",
        40,
        20,
        imp("24m"),
        {},
        False,
        None,
        False,
        "-",
        id="ex38-para7-adult-victim-under-30-months",
    ),
    pytest.param(
        "SOA1956-s14",
        40,
        15,
        FINE,
        {},
        True,
        "para 7(a)",
        False,
        60,
        id="ex39-para7(a)-victim-under-18",
    ),
    # ex40 and ex41 ("any" disposal) are tested over every disposal below.
    pytest.param(
        "SOA2003-s3",
        30,
        12,
        imp("20m"),
        {},
        True,
        "para 18(b)(i)",
        False,
        None,
        id="ex42-para18(b)(i)-consecutive-20m+12m-indefinite",
    ),
    pytest.param(
        "SOA2003-s3",
        30,
        15,
        imp("24m"),
        {},
        True,
        "para 18(b)(i)",
        False,
        None,
        id="ex43-partly-concurrent-24m+12m-overlap-6m-indefinite",
    ),
    pytest.param(
        "SOA2003-s7",
        22,
        11,
        FINE,
        {"secondary": Secondary.AIDING_ABETTING},
        True,
        "para 20(a)",
        False,
        60,
        id="ex44-paras20+94(b)-aiding-and-abetting",
    ),
]

# ex42 and ex43 are about aggregation (s.82(3)-(4)): the second sentence and how they ran.
AGGREGATION: dict[str, tuple[list[Sentence], dict[str, Any]]] = {
    "SOA2003-s3-12": ([imp("20m"), imp("12m")], {"consecutive": True}),
    "SOA2003-s3-15": ([imp("24m"), imp("12m")], {"overlap": parse_term("6m")}),
}


@pytest.mark.parametrize(
    ("offence", "offender", "victim", "sentence", "facts", "notifiable", "para", "s132", "months"),
    WORKED,
)
def test_each_worked_example_in_schedule3_md_gives_its_answer_and_period(
    offence: str,
    offender: int,
    victim: int | None,
    sentence: Sentence,
    facts: dict[str, Any],
    notifiable: bool,
    para: str | None,
    s132: bool,
    months: int | str | None,
) -> None:
    decision = decide(offence, offender, victim, sentence, **facts)
    assert decision.notifiable is notifiable, decision.reason
    assert decision.paragraph == para
    assert decision.sentencing_condition_only is s132
    assert decision.reason.startswith("Notifiable" if notifiable else "Not notifiable")
    if para is not None:
        assert para in decision.reason
    if not notifiable:
        return
    # The period column: relevant date per s.82(6) / s.132(3); age on it as at the offence.
    sentences, how = AGGREGATION.get(f"{offence}-{victim}", ([sentence], {}))
    period = notification_period(
        relevant_date=CONVICTED,
        age_on_relevant_date=offender,
        sentences=sentences,
        **how,
    )
    assert period.months == months, period.reason
    assert period.indefinite is (months is None)


@pytest.mark.parametrize("sentence", ALL_DISPOSALS, ids=lambda s: s.describe())
def test_ex40_historic_intercourse_with_girl_under_16_needs_an_offender_of_20(
    sentence: Sentence,
) -> None:
    """SCHEDULE3.md §5 example 40: para 3, offender 19, any disposal: not notifiable."""
    decision = decide("SOA1956-s6", 19, 15, sentence)
    assert not decision.notifiable
    assert "the offender was 20 or over" in decision.reason


@pytest.mark.parametrize("sentence", ALL_DISPOSALS, ids=lambda s: s.describe())
def test_ex41_historic_buggery_is_notifiable_with_any_disposal(sentence: Sentence) -> None:
    """SCHEDULE3.md §5 example 41: para 5, offender 25, other party 17: notifiable, with a
    Schedule 4 note (abolished homosexual offences)."""
    decision = decide("SOA1956-s12", 25, 17, sentence)
    assert decision.notifiable and decision.paragraph == "para 5(a) + (b)"
    assert not decision.sentencing_condition_only
    assert any("Schedule 4" in note for note in decision.notes)


def test_ex02_attempt_is_read_with_para_94a() -> None:
    decision = decide("SOA2003-s1", 30, 25, imp("5y"), secondary=Secondary.ATTEMPT)
    assert decision.via == "para 94(a)"
    assert "read with para 94(a) (an attempt to commit the offence)" in decision.reason


def test_ex44_aiding_and_abetting_is_read_with_para_94b() -> None:
    decision = decide("SOA2003-s7", 22, 11, FINE, secondary=Secondary.AIDING_ABETTING)
    assert decision.via == "para 94(b)" and decision.secondary is Secondary.AIDING_ABETTING


# --- Paragraph by paragraph -------------------------------------------------------------------

UNCONDITIONAL = [code for p in PARAGRAPHS if p.rule is None for code in p.offences]


@pytest.mark.parametrize("code", UNCONDITIONAL)
def test_an_unconditional_entry_is_notifiable_even_on_a_caution(code: str) -> None:
    """Paras 1, 2, 10-12, 17, 19, 21, 24, 24A, 27, 30: any conviction, finding or caution."""
    offence = lookup(code)
    victim = (offence.victim_under or 18) - 1
    offender = offence.offender_at_least or (offence.offender_under or 30) - 1
    for sentence in (CAUTION, FINE, Sentence(Disposal.CONDITIONAL_DISCHARGE, Term(months=6))):
        decision = decide(code, offender, victim, sentence, conviction_date=CONVICTED)
        assert decision.notifiable and decision.paragraph == f"para {offence.paragraph}"
        assert not decision.sentencing_condition_only


PATTERN_A = ["SOA2003-s3", "SOA2003-s66", "SOA2003-s66A", "SOA2003-s66B(3)", "SOA2003-s67"]


@pytest.mark.parametrize("code", PATTERN_A)
@pytest.mark.parametrize(
    ("offender", "victim", "sentence", "limb", "s132"),
    [
        pytest.param(17, 15, imp("12m"), "(a)", True, id="under-18-12m"),
        pytest.param(17, 15, imp("11m"), None, False, id="under-18-11m-no"),
        pytest.param(17, 15, imp("52w"), None, False, id="under-18-52w-is-under-12m-no"),
        pytest.param(17, 15, FINE, None, False, id="under-18-child-victim-fine-no"),
        pytest.param(17, 15, CAUTION, None, False, id="under-18-caution-no"),
        pytest.param(17, 15, community("24m"), None, False, id="under-18-yro-24m-no"),
        pytest.param(17, 15, HOSPITAL, None, False, id="under-18-hospital-no"),
        pytest.param(18, 17, FINE, "(b)(i)", False, id="adult-victim-17"),
        pytest.param(18, 17, CAUTION, "(b)(i)", False, id="adult-victim-17-caution"),
        pytest.param(18, 18, FINE, None, False, id="adult-victim-18-fine-no"),
        pytest.param(18, 18, imp("1d"), "(b)(ii)(a)", True, id="adult-any-imprisonment"),
        pytest.param(18, 18, HOSPITAL, "(b)(ii)(b)", True, id="adult-hospital"),
        pytest.param(18, 18, RESTRICTED, "(b)(ii)(b)", True, id="adult-restricted-hospital"),
        pytest.param(18, 18, community("12m"), "(b)(ii)(c)", True, id="adult-community-12m"),
        pytest.param(18, 18, community("11m"), None, False, id="adult-community-11m-no"),
        pytest.param(18, 18, community("52w"), None, False, id="adult-community-52w-no"),
        pytest.param(18, 18, CAUTION, None, False, id="adult-caution-no"),
        pytest.param(18, 17, imp("3y"), "(b)(i)", False, id="victim-route-wins-for-s132"),
    ],
)
def test_pattern_a_lists_a_youth_on_12_months_and_an_adult_on_a_child_victim_or_sentence(
    code: str, offender: int, victim: int, sentence: Sentence, limb: str | None, s132: bool
) -> None:
    """P-A (paras 18, 33, 33A, 33B, 34): SCHEDULE3.md §3."""
    decision = decide(code, offender, victim, sentence)
    para = lookup(code).paragraph
    assert decision.notifiable is (limb is not None), decision.reason
    assert decision.paragraph == (f"para {para}{limb}" if limb else None)
    assert decision.sentencing_condition_only is s132


PATTERN_B = [
    "SOA2003-s7",
    "SOA2003-s14",
    "SOA2003-s25",
    "SOA2003-s26",
    "SOA2003-s48",
    "SOA2003-s49",
    "SOA2003-s50",
    "SCA2015-s69",
]


@pytest.mark.parametrize("code", PATTERN_B)
@pytest.mark.parametrize(
    ("offender", "sentence", "limb", "s132"),
    [
        pytest.param(18, FINE, "(a)", False, id="18-fine"),
        pytest.param(18, CAUTION, "(a)", False, id="18-caution"),
        pytest.param(17, imp("12m"), "(b)", True, id="17-12m"),
        pytest.param(17, imp("1y"), "(b)", True, id="17-1y"),
        pytest.param(17, imp("11m4w"), None, False, id="17-11m4w-no"),
        pytest.param(17, imp("12m", custody=Custody.DTO), None, False, id="17-dto-12m-no"),
        pytest.param(17, CAUTION, None, False, id="17-caution-no"),
        pytest.param(17, community("24m"), None, False, id="17-yro-no"),
    ],
)
def test_pattern_b_lists_an_adult_or_anyone_sentenced_to_12_months(
    code: str, offender: int, sentence: Sentence, limb: str | None, s132: bool
) -> None:
    """P-B (paras 20, 23, 26, 29A-29C, 35C): offender 18+, or imprisonment of 12 months+."""
    decision = decide(code, offender, 12, sentence, conviction_date=CONVICTED)
    assert decision.notifiable is (limb is not None), decision.reason
    if limb:
        assert decision.paragraph == f"para {lookup(code).paragraph}{limb}"
    assert decision.sentencing_condition_only is s132


@pytest.mark.parametrize("code", ["SOA2003-s38", "SOA2003-s39", "SOA2003-s40", "SOA2003-s41"])
@pytest.mark.parametrize(
    ("offender", "sentence", "limb"),
    [
        (30, imp("1m"), "(b)(i)"),
        (30, HOSPITAL, "(b)(ii)"),
        (30, community("12m"), "(b)(iii)"),
        (30, community("6m"), None),
        (30, FINE, None),
        (17, imp("12m"), "(a)"),
        (17, community("12m"), None),
    ],
)
def test_pattern_c_care_worker_entries_have_no_victim_route(
    code: str, offender: int, sentence: Sentence, limb: str | None
) -> None:
    """P-C (para 28)."""
    decision = decide(code, offender, 15, sentence)
    assert decision.notifiable is (limb is not None)
    if limb:
        assert decision.paragraph == f"para 28{limb}" and decision.sentencing_condition_only


@pytest.mark.parametrize("code", ["SOA2003-s64", "SOA2003-s65", "SOA2003-s69", "SOA2003-s70"])
@pytest.mark.parametrize(
    ("offender", "sentence", "limb"),
    [
        (30, imp("1m"), "(b)(i)"),
        (30, HOSPITAL, "(b)(ii)"),
        (30, community("36m"), None),  # community sentences do not count under P-D
        (30, FINE, None),
        (17, imp("12m"), "(a)"),
        (17, HOSPITAL, None),
    ],
)
def test_pattern_d_entries_do_not_count_community_sentences(
    code: str, offender: int, sentence: Sentence, limb: str | None
) -> None:
    """P-D (paras 32, 35)."""
    decision = decide(code, offender, 25, sentence)
    assert decision.notifiable is (limb is not None)
    if limb:
        assert decision.paragraph == f"para {lookup(code).paragraph}{limb}"


@pytest.mark.parametrize("code", ["SOA2003-s16", "SOA2003-s17", "SOA2003-s18", "SOA2003-s19"])
@pytest.mark.parametrize(
    ("sentence", "limb"),
    [
        (imp("1m", suspended=True), "(a)"),
        (HOSPITAL, "(b)"),
        (community("12m"), "(c)"),
        (community("11m"), None),
        (FINE, None),
        (CAUTION, None),
    ],
)
def test_abuse_of_trust_needs_a_qualifying_sentence_at_any_age_of_victim(
    code: str, sentence: Sentence, limb: str | None
) -> None:
    """Para 25: no victim-age route (SCHEDULE3.md §5 examples 19-20)."""
    decision = decide(code, 30, 15, sentence)
    assert decision.notifiable is (limb is not None)
    if limb:
        assert decision.paragraph == f"para 25{limb}" and decision.sentencing_condition_only


@pytest.mark.parametrize("code", ["SOA1956-s14", "SOA1956-s15"])
@pytest.mark.parametrize(
    ("victim", "sentence", "limb"),
    [
        (17, FINE, "(a)"),
        (18, imp("30m"), "(b)(i)"),
        (18, imp("2y6m"), "(b)(i)"),
        (18, imp("29m"), None),
        (18, imp("130w"), None),  # 910 days is under 30 months [D]
        (18, LIFE, "(b)(i)"),
        (18, RESTRICTED, "(b)(ii)"),
        (18, HOSPITAL, None),  # needs a restriction order
        (18, community("36m"), None),
    ],
)
def test_historic_indecent_assault_needs_a_child_victim_30_months_or_restriction(
    code: str, victim: int, sentence: Sentence, limb: str | None
) -> None:
    """Paras 7 and 8."""
    decision = decide(code, 40, victim, sentence)
    assert decision.notifiable is (limb is not None)
    if limb:
        assert decision.paragraph == f"para {lookup(code).paragraph}{limb}"


@pytest.mark.parametrize(
    ("code", "offender", "victim", "notifiable"),
    [
        ("SOA1956-s6", 20, 15, True),  # para 3: offender 20 or over
        ("SOA1956-s6", 19, 15, False),
        ("SOAA2000-s3", 20, 17, True),  # para 16
        ("SOAA2000-s3", 19, 17, False),
        ("SOA1956-s10", 40, 17, True),  # para 4: victim or other party under 18
        ("SOA1956-s10", 40, 18, False),
        ("SOA1956-s16", 40, 17, True),  # para 9
        ("SOA1956-s16", 40, 18, False),
        ("SOA1956-s12", 20, 17, True),  # para 5: 20+ AND under 18
        ("SOA1956-s12", 19, 17, False),
        ("SOA1956-s12", 20, 18, False),
        ("SOA1956-s13", 20, 17, True),  # para 6
        ("SOA1956-s13", 40, 18, False),
    ],
)
def test_historic_entries_apply_their_offender_and_victim_age_thresholds(
    code: str, offender: int, victim: int, notifiable: bool
) -> None:
    assert decide(code, offender, victim, imp("10y")).notifiable is notifiable


@pytest.mark.parametrize(
    ("offender", "victim", "sentence", "notifiable", "para"),
    [
        (30, 15, FINE, True, "para 29(a)"),
        (30, 16, imp("10y"), False, None),  # para 29 needs a victim under 16 in every case
        (17, 15, imp("12m"), True, "para 29(b)"),
        (17, 15, imp("6m"), False, None),
    ],
)
def test_paying_for_sexual_services_of_a_child_needs_a_child_under_16(
    offender: int, victim: int, sentence: Sentence, notifiable: bool, para: str | None
) -> None:
    decision = decide("SOA2003-s47", offender, victim, sentence)
    assert decision.notifiable is notifiable and decision.paragraph == para


@pytest.mark.parametrize(
    ("offender", "intended", "sentence", "notifiable", "para"),
    [
        (30, 17, FINE, True, "para 31(b)(i)"),
        (30, 18, FINE, False, None),
        (30, 18, community("12m"), True, "para 31(b)(ii)(c)"),
        (17, 10, FINE, False, None),
        (17, 10, imp("12m"), True, "para 31(a)"),
    ],
)
def test_trespass_or_offence_with_intent_looks_at_the_intended_victim(
    offender: int, intended: int, sentence: Sentence, notifiable: bool, para: str | None
) -> None:
    """Para 31: "the intended offence was an offence against a person under 18"."""
    for code in ("SOA2003-s62", "SOA2003-s63"):
        decision = decide(code, offender, None, sentence, intended_victim_age=intended)
        assert decision.notifiable is notifiable and decision.paragraph == para


@pytest.mark.parametrize(
    ("code", "offender", "sentence", "notifiable"),
    [
        ("CJIA2008-s63", 18, imp("2y"), True),  # para 35A: 18+ AND at least 2 years
        ("CJIA2008-s63", 18, imp("24m"), True),
        ("CJIA2008-s63", 18, imp("23m"), False),
        ("CJIA2008-s63", 18, imp("104w"), False),  # 728 days is less than 2 years [D]
        ("CJIA2008-s63", 17, imp("3y"), False),
        ("CJIA2008-s63", 40, community("36m"), False),
        ("CJA2009-s62", 18, LIFE, True),
        ("CJA2009-s62", 18, imp("2y", suspended=True), True),
    ],
)
def test_extreme_and_prohibited_images_need_an_adult_and_2_years(
    code: str, offender: int, sentence: Sentence, notifiable: bool
) -> None:
    decision = decide(code, offender, None, sentence)
    assert decision.notifiable is notifiable
    if notifiable:
        assert decision.sentencing_condition_only  # s.132: both limbs needed, one a sentence


@pytest.mark.parametrize(
    ("sentence", "notifiable", "para"),
    [(imp("12m"), True, "para 22"), (imp("11m"), False, None), (imp("52w"), False, None)],
)
def test_child_sex_offence_by_a_young_person_needs_12_months(
    sentence: Sentence, notifiable: bool, para: str | None
) -> None:
    decision = decide("SOA2003-s13", 15, 13, sentence)
    assert decision.notifiable is notifiable and decision.paragraph == para
    assert decision.sentencing_condition_only is notifiable


@pytest.mark.parametrize("code", ["PCA1978-s1", "CJA1988-s160", "CEMA1979-s170"])
@pytest.mark.parametrize(
    ("offender", "image_age", "sentence", "date", "limb"),
    [
        pytest.param(18, 15, FINE, CONVICTED, "(b)(i)", id="adult-image-15"),
        pytest.param(18, 16, imp("3y"), CONVICTED, None, id="adult-image-16-no"),
        pytest.param(17, 15, imp("12m"), CONVICTED, "(b)(ii)", id="17-12m"),
        pytest.param(17, 15, imp("6m"), CONVICTED, None, id="17-6m-no"),
        pytest.param(17, 15, YRO, D(2004, 4, 30), "(a)", id="17-before-part-2"),
        pytest.param(17, 15, CAUTION, D(2004, 4, 30), "(a)", id="17-caution-before-part-2"),
        pytest.param(17, 15, YRO, D(2004, 5, 1), None, id="17-on-part-2-day-no"),
    ],
)
def test_image_offences_need_under_16s_shown_and_an_adult_12_months_or_a_pre_2004_disposal(
    code: str,
    offender: int,
    image_age: int,
    sentence: Sentence,
    date: dt.date,
    limb: str | None,
) -> None:
    """Paras 13-15: images of under-16s (para 95(a)), and (a) before 1 May 2004 or (b) P-B."""
    decision = decide(
        code, offender, None, sentence, image_subject_age=image_age, conviction_date=date
    )
    assert decision.notifiable is (limb is not None), decision.reason
    if limb:
        assert decision.paragraph == f"para {lookup(code).paragraph}{limb}"
        assert decision.sentencing_condition_only is (limb == "(b)(ii)")


def test_importing_indecent_photographs_notes_para_97() -> None:
    decision = decide("CEMA1979-s170", 30, None, FINE, image_subject_age=14)
    assert any("Para 97" in note for note in decision.notes)
    assert "prohibited goods included indecent photographs" in decision.reason


def test_an_image_offence_before_part_2_is_settled_by_a_later_offence_date() -> None:
    """An offence committed on or after 1 May 2004 cannot have been disposed of before it."""
    decision = decide(
        "CJA1988-s160", 17, None, YRO, image_subject_age=13, offence_date=D(2010, 1, 1)
    )
    assert not decision.notifiable


@pytest.mark.parametrize(
    ("purpose", "offender", "victim", "sentence", "notifiable", "para"),
    [
        (Purpose.SEXUAL_GRATIFICATION, 30, 17, FINE, True, "para 34A(1)(a) + (3)(a)"),
        (Purpose.SEXUAL_GRATIFICATION, 17, 17, imp("12m"), True, "para 34A(1)(a) + (2)"),
        (Purpose.SEXUAL_GRATIFICATION, 30, 25, FINE, False, None),
        (Purpose.HUMILIATION, 30, 12, imp("2y"), False, None),
        ("humiliation", 30, 12, imp("2y"), False, None),  # the CLI string works too
    ],
)
def test_upskirting_is_listed_only_when_done_for_sexual_gratification(
    purpose: Purpose, offender: int, victim: int, sentence: Sentence, notifiable: bool, para: str
) -> None:
    """Para 34A(1)(a) (Voyeurism (Offences) Act 2019 s.1(4))."""
    decision = decide("SOA2003-s67A", offender, victim, sentence, purpose=purpose)
    assert decision.notifiable is notifiable and decision.paragraph == para


# --- s.132: when the relevant date is the sentence date ---------------------------------------


@pytest.mark.parametrize(
    ("code", "offender", "victim", "sentence", "s132"),
    [
        ("SOA2003-s3", 30, 12, imp("3y"), False),  # victim limb met too: s.132(2)
        ("SOA2003-s3", 30, 20, imp("3y"), True),
        ("SOA2003-s3", 17, 12, imp("3y"), True),  # under-18 route is all sentence
        ("SOA2003-s7", 30, 12, imp("3y"), False),  # age limb met
        ("SOA2003-s7", 17, 12, imp("3y"), True),
        ("SOA2003-s1", 30, 20, imp("3y"), False),  # unconditional
    ],
)
def test_s132_applies_only_when_nothing_but_a_sentencing_condition_is_met(
    code: str, offender: int, victim: int, sentence: Sentence, s132: bool
) -> None:
    decision = decide(code, offender, victim, sentence)
    assert decision.sentencing_condition_only is s132
    if s132:
        assert "s.132" in decision.reason and "date of sentence" in decision.relevant_date_rule
    else:
        assert "s.82(6)" in decision.relevant_date_rule


def test_not_notifiable_has_no_relevant_date() -> None:
    assert decide("SOA2003-s3", 30, 30, FINE).relevant_date_rule.startswith("none")


# --- s.130: paragraphs added later --------------------------------------------------------------


@pytest.mark.parametrize(
    ("conviction", "offence_date", "notifiable"),
    [
        (D(2007, 2, 18), None, False),  # the day before para 29A took effect
        (D(2007, 2, 19), None, True),
        (None, D(2008, 1, 1), True),  # an offence after the paragraph settles it
    ],
)
def test_an_added_paragraph_does_not_apply_to_earlier_convictions(
    conviction: dt.date | None, offence_date: dt.date | None, notifiable: bool
) -> None:
    """s.130(2); SI 2007/296 (paras 29A-29C) [D]."""
    decision = decide(
        "SOA2003-s48", 30, 15, FINE, conviction_date=conviction, offence_date=offence_date
    )
    assert decision.notifiable is notifiable
    if not notifiable:
        assert "s.130(2)" in decision.reason


def test_an_added_paragraph_needs_the_conviction_date_when_the_offence_is_older() -> None:
    with pytest.raises(ValueError, match="conviction_date"):
        decide("SOA2003-s49", 30, 15, FINE)


def test_an_added_paragraph_for_a_new_offence_notes_the_assumed_date() -> None:
    decision = decide("SOA2003-s66A", 30, 16, FINE)
    assert decision.notifiable
    assert any(note.startswith("s.130(2): para 33A") for note in decision.notes)
    dated = decide("SOA2003-s66A", 30, 16, FINE, conviction_date=CONVICTED)
    assert not any(note.startswith("s.130") for note in dated.notes)


def test_an_added_paragraph_is_not_applied_to_a_conviction_before_it() -> None:
    decision = decide(
        "SOA2003-s67A", 30, 12, FINE, purpose="sexual_gratification", conviction_date=D(2019, 4, 11)
    )
    assert not decision.notifiable and "s.130(2)" in decision.reason


def test_the_s130_assumption_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    pv = schedule3_module.S130_ASSUME_AFTER_INSERTION
    monkeypatch.setattr(
        schedule3_module, "S130_ASSUME_AFTER_INSERTION", dataclasses.replace(pv, value=False)
    )
    with pytest.raises(ValueError, match="conviction_date"):
        decide("SOA2003-s15A", 30, 14, FINE)


# --- Missing facts are asked for, not guessed -------------------------------------------------


@pytest.mark.parametrize(
    ("code", "offender", "victim", "sentence", "kwargs", "asks_for"),
    [
        ("SOA2003-s3", 30, None, FINE, {}, "victim_age"),
        ("SOA2003-s3", 30, 30, community(), {}, "length of the community sentence"),
        ("SOA2003-s62", 30, None, FINE, {}, "intended_victim_age"),
        ("PCA1978-s1", 30, None, FINE, {}, "image_subject_age"),
        ("SOA2003-s67A", 30, 12, FINE, {}, "purpose"),
        ("SOA2003-s3", 30, None, imp("2y"), {}, "s.132"),  # notifiable, relevant date unknown
    ],
)
def test_a_fact_the_answer_turns_on_must_be_given(
    code: str,
    offender: int,
    victim: int | None,
    sentence: Sentence,
    kwargs: dict[str, Any],
    asks_for: str,
) -> None:
    with pytest.raises(ValueError, match=re.escape(asks_for)):
        decide(code, offender, victim, sentence, **kwargs)


@pytest.mark.parametrize(
    ("code", "offender", "sentence", "kwargs", "notifiable"),
    [
        ("SOA2003-s3", 17, imp("12m"), {}, True),  # under-18 route needs no victim age
        ("SOA2003-s3", 17, FINE, {}, False),
        ("SOA2003-s67A", 17, FINE, {}, False),  # no purpose needed: fails either way
        ("PCA1978-s1", 17, FINE, {"conviction_date": CONVICTED}, False),  # nor image age
        ("SOA2003-s1", 30, FINE, {}, True),
    ],
)
def test_a_fact_the_answer_does_not_turn_on_may_be_left_out(
    code: str, offender: int, sentence: Sentence, kwargs: dict[str, Any], notifiable: bool
) -> None:
    assert decide(code, offender, None, sentence, **kwargs).notifiable is notifiable


# --- Codes, suggestions and the catalogue -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("soa2003-S3 ", "SOA2003-s3"),
        ("SOA2003-s3", "SOA2003-s3"),
        ("SOA 2003 s.3", "SOA2003-s3"),
        ("soa2003 - s66b(3)", "SOA2003-s66B(3)"),
        ("soa2003-s15a", "SOA2003-s15A"),
        ("pca1978-s1", "PCA1978-s1"),
        ("CJA2009 section 62", "CJA2009-s62"),
    ],
)
def test_offence_codes_are_normalised(text: str, code: str) -> None:
    assert lookup(text).code == code
    assert decide(text, 30, 12, imp("3y"), image_subject_age=12).offence.code == code


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("SOA2003-s300", "SOA2003-s30"),
        ("SOA2003-s3A", "SOA2003-s3"),
        ("SAO2003-s3", "SOA2003-s3"),
        ("SOA2003-s66B", "SOA2003-s66B(3)"),  # the subsection matters
        ("s3", "SOA2003-s3"),  # the Act is needed
        ("s.14", "SOA1956-s14"),
    ],
)
def test_an_unknown_code_raises_with_suggestions(text: str, suggested: str) -> None:
    with pytest.raises(UnknownOffence) as caught:
        decide(text, 30, 12, FINE)
    assert suggested in caught.value.suggestions
    assert suggested in str(caught.value)
    assert isinstance(caught.value, ValueError)
    assert caught.value.code == text


def test_a_section_without_its_subsection_lists_them_all() -> None:
    with pytest.raises(UnknownOffence, match="subsection") as caught:
        lookup("SOA2003-s66B")
    assert caught.value.suggestions == (
        "SOA2003-s66B(3)",
        "SOA2003-s66B(1)",
        "SOA2003-s66B(2)",
        "SOA2003-s66B(4)",
    )


def test_an_unrecognisable_code_shows_what_codes_look_like() -> None:
    with pytest.raises(UnknownOffence, match="Codes look like SOA2003-s3") as caught:
        lookup("burglary")
    assert caught.value.suggestions == ()


@pytest.mark.parametrize(
    "code",
    [
        "SOA2003-s66B(1)",
        "SOA2003-s66B(2)",
        "SOA2003-s66B(4)",
        "SOA2003-s52",
        "SOA2003-s53",
        "SOA2003-s57",
        "SOA2003-s71",
        "SOA1956-s2",
        "SOA1956-s11",
        "SOA1956-s26",
        "MHA1959-s128",
    ],
)
def test_a_known_offence_not_in_schedule_3_says_why(code: str) -> None:
    """SCHEDULE3.md §3.1-§3.2: offences named as not listed answer rather than error."""
    for sentence in (imp("10y"), CAUTION):
        decision = decide(code, 30, 12, sentence)
        assert not decision.notifiable and decision.listed_in is None
        assert decision.reason.startswith("Not notifiable") and "not listed" in decision.reason
    attempt = decide(code, 30, 12, FINE, secondary=Secondary.ATTEMPT)
    assert not attempt.notifiable


def test_an_unconfirmed_non_listing_carries_its_mark() -> None:
    assert any("[M]" in note for note in decide("SOA2003-s71", 30, 30, FINE).notes)
    assert decide("SOA2003-s66B(2)", 30, 30, FINE).notes == ()


def test_the_table_and_the_catalogue_agree() -> None:
    offences = all_offences()
    codes = [o.code for o in offences]
    assert len(codes) == len(set(codes))
    listed = {code for p in PARAGRAPHS for code in p.offences}
    assert listed == {o.code for o in offences if o.listed}
    numbers = [p.number for p in PARAGRAPHS]
    assert len(numbers) == len(set(numbers))
    for offence in offences:
        assert offence.title and offence.act and offence.section.startswith("s.")
        assert lookup(offence.code) is offence
        assert offence.listed or offence.not_listed


def test_every_england_and_wales_paragraph_in_schedule3_md_is_in_the_table() -> None:
    expected = [str(n) for n in range(1, 36)] + ["24A", "29A", "29B", "29C", "33A", "33B", "34A"]
    expected += ["35A", "35B", "35C"]
    assert sorted(p.number for p in PARAGRAPHS) == sorted(expected)
    assert paragraph("34A").in_force is not None
    with pytest.raises(ValueError, match="no England and Wales"):
        paragraph("36")


def test_each_paragraph_can_say_what_it_requires() -> None:
    assert paragraph("17").requirement() == "it lists the offence without conditions"
    assert "community sentence of at least 12 months" in paragraph("18").requirement()


# --- Search -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("sexual assault", "SOA2003-s3"),
        ("SOA2003-s3", "SOA2003-s3"),
        ("soa2003-s30", "SOA2003-s30"),
        ("rape", "SOA2003-s1"),
        ("upskirting", "SOA2003-s67A"),
        ("cyber", "SOA2003-s66A"),
        ("paedophile", "SCA2015-s69"),
        ("1956 14", "SOA1956-s14"),
        ("s66b", "SOA2003-s66B(3)"),
        ("extreme", "CJIA2008-s63"),
    ],
)
def test_search_finds_offences_by_code_or_title_words(query: str, first: str) -> None:
    results = search_offences(query)
    assert results and results[0].code == first


def test_search_matches_every_word_and_respects_the_limit() -> None:
    assert {o.code for o in search_offences("s66b")} == {
        "SOA2003-s66B(1)",
        "SOA2003-s66B(2)",
        "SOA2003-s66B(3)",
        "SOA2003-s66B(4)",
    }
    assert len(search_offences("child", limit=3)) == 3
    assert search_offences("child", limit=0) == []
    assert search_offences("no such offence here") == []
    assert search_offences("") == all_offences()[:20]


# --- Impossible facts -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"offender_age": 9}, "under 10"),
        ({"offender_age": -1}, "negative"),
        ({"offender_age": 131}, "not plausible"),
        ({"victim_age": -1}, "negative"),
        ({"victim_age": 131}, "not plausible"),
        ({"image_subject_age": 200}, "not plausible"),
        ({"intended_victim_age": -5}, "negative"),
        ({"offence_date": D(2024, 6, 4), "conviction_date": D(2024, 6, 3)}, "after the conviction"),
        ({"sentence": "fine"}, "must be a Sentence"),
        ({"secondary": "accessory"}, "accessory"),
        ({"purpose": "revenge"}, "revenge"),
    ],
)
def test_impossible_facts_are_refused(kwargs: dict[str, Any], message: str) -> None:
    facts: dict[str, Any] = {
        "offence": "SOA2003-s3",
        "offender_age": 30,
        "victim_age": 12,
        "sentence": FINE,
    } | kwargs
    with pytest.raises(ValueError, match=message):
        check(**facts)


@pytest.mark.parametrize(
    ("code", "offender", "victim", "message"),
    [
        ("SOA2003-s9", 17, 14, "18 or over"),  # an under-18 is charged under s.13
        ("SOA2003-s15A", 17, 14, "18 or over"),
        ("SOA2003-s13", 18, 14, "under 18"),
        ("SOA2003-s7", 30, 13, "victim under 13"),
        ("SOA2003-s5", 30, 14, "victim under 13"),
        ("SOA2003-s9", 30, 16, "victim under 16"),
        ("SOA2003-s16", 30, 18, "victim under 18"),
    ],
)
def test_facts_that_contradict_the_offence_itself_are_refused(
    code: str, offender: int, victim: int, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        decide(code, offender, victim, FINE)


def test_an_attempt_on_a_decoy_victim_is_not_refused() -> None:
    """Attempts are often against an adult posing as a child: the element ages are not checked
    for inchoate or secondary liability."""
    decision = decide("SOA2003-s10", 40, 35, FINE, secondary=Secondary.ATTEMPT)
    assert decision.notifiable and decision.paragraph == "para 21"
    accessory = decide("SOA2003-s13", 30, 14, imp("12m"), secondary=Secondary.AIDING_ABETTING)
    assert accessory.notifiable


@pytest.mark.parametrize(
    ("secondary", "via"),
    [
        (Secondary.ATTEMPT, "para 94(a)"),
        (Secondary.CONSPIRACY, "para 94(a)"),
        (Secondary.INCITEMENT, "para 94(a)"),
        (Secondary.AIDING_ABETTING, "para 94(b)"),
        (Secondary.ENCOURAGING_ASSISTING, "para 94A"),
        ("conspiracy", "para 94(a)"),
    ],
)
def test_inchoate_and_secondary_liability_cite_para_94(secondary: Secondary, via: str) -> None:
    decision = decide("SOA2003-s3", 30, 12, FINE, secondary=secondary)
    assert decision.notifiable and decision.via == via and via in decision.reason


def test_an_inchoate_offence_notes_the_believed_victim_age_reading() -> None:
    decision = decide("SOA2003-s3", 30, 12, FINE, secondary=Secondary.ATTEMPT)
    assert any("believed to be" in note for note in decision.notes)


def test_caution_cannot_meet_a_sentencing_condition() -> None:
    decision = decide("SOA2003-s3", 30, 30, CAUTION)
    assert not decision.notifiable
    assert "cannot meet a sentencing condition" in decision.reason


# --- Properties -------------------------------------------------------------------------------

LISTED = [o.code for o in all_offences() if o.listed]
sentences = st.one_of(
    st.sampled_from(ALL_DISPOSALS),
    st.integers(1, 240).map(lambda m: Sentence(Disposal.IMPRISONMENT, Term(months=m))),
    st.integers(1, 1000).map(lambda w: Sentence(Disposal.IMPRISONMENT, Term(weeks=w))),
    st.integers(1, 36).map(lambda m: Sentence(Disposal.COMMUNITY, Term(months=m))),
)
facts = st.fixed_dictionaries(
    {
        "offence": st.sampled_from(LISTED),
        "offender_age": st.integers(10, 90),
        "victim_age": st.integers(0, 90),
        "intended_victim_age": st.integers(0, 90),
        "image_subject_age": st.integers(0, 30),
        "purpose": st.sampled_from(list(Purpose)),
        "conviction_date": st.dates(D(1998, 1, 1), D(2035, 12, 31)),
        "secondary": st.sampled_from([Secondary.AIDING_ABETTING, Secondary.CONSPIRACY]),
        "sentence": sentences,
    }
)


@given(facts)
def test_every_listed_offence_gives_a_decision_that_explains_itself(kw: dict[str, Any]) -> None:
    decision = check(**kw)
    offence = lookup(kw["offence"])
    assert decision.listed_in == f"para {offence.paragraph}"
    assert decision.reason.startswith("Notifiable" if decision.notifiable else "Not notifiable")
    if decision.notifiable:
        assert decision.paragraph is not None
        assert decision.paragraph.startswith(f"para {offence.paragraph}")
    else:
        assert decision.paragraph is None and not decision.sentencing_condition_only


@given(facts)
def test_a_caution_and_a_fine_always_give_the_same_answer(kw: dict[str, Any]) -> None:
    """Neither is a sentence that meets a sentencing condition, so only the other limbs count;
    and a notifiable caution never depends on a sentencing condition (s.132)."""
    on_caution = check(**(kw | {"sentence": CAUTION}))
    on_fine = check(**(kw | {"sentence": FINE}))
    assert on_caution.notifiable == on_fine.notifiable
    assert not on_caution.sentencing_condition_only


@given(facts, st.integers(1, 120), st.integers(0, 120))
def test_a_longer_sentence_of_imprisonment_never_turns_notifiable_into_not(
    kw: dict[str, Any], months: int, extra: int
) -> None:
    shorter = check(**(kw | {"sentence": Sentence(Disposal.IMPRISONMENT, Term(months=months))}))
    longer = check(
        **(kw | {"sentence": Sentence(Disposal.IMPRISONMENT, Term(months=months + extra))})
    )
    assert longer.notifiable or not shorter.notifiable


@given(facts, st.integers(1, 20))
def test_a_younger_victim_never_turns_notifiable_into_not(kw: dict[str, Any], fewer: int) -> None:
    assume(kw["victim_age"] >= fewer)
    older = check(**kw)
    younger = check(**(kw | {"victim_age": kw["victim_age"] - fewer}))
    assert younger.notifiable or not older.notifiable


@given(
    st.sampled_from([o.code for o in all_offences()]),
    st.lists(st.sampled_from([" ", "  ", "\t"]), max_size=3),
    st.booleans(),
)
def test_any_code_survives_case_and_space_changes(
    code: str, spaces: list[str], lower: bool
) -> None:
    variant = (code.lower() if lower else code.upper()) + "".join(spaces)
    assert lookup(" " + variant).code == code
