"""Worked cases for name matching and duplicate detection (issue 3).

Every name here is made up. The tables say what a register officer should see when
creating or searching for a nominal: which pairs are the same person ("likely"), which
are worth a look ("possible"), and which must not be offered at all.
"""

from __future__ import annotations

import datetime as dt
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.policy import matching
from vigil.policy.matching import (
    DobKind,
    PersonFacts,
    Verdict,
    dob_closeness,
    index_keys,
    name_similarity,
    name_tokens,
    normalise_name,
    phonetic_keys,
    rank,
    score_candidate,
    shares_a_key,
)
from vigil.policy.values import REGISTRY

D = dt.date


def similarity(a: str, b: str) -> matching.NameScore:
    """Score two "Forename Surname" strings (the last word is the surname)."""
    a_fore, _, a_sur = a.rpartition(" ")
    b_fore, _, b_sur = b.rpartition(" ")
    return name_similarity(a_forename=a_fore, a_surname=a_sur, b_forename=b_fore, b_surname=b_sur)


def person(
    name: str,
    *dobs: dt.date,
    pnc_id: str | None = None,
    cro: str | None = None,
    ni_number: str | None = None,
    ref: str = "",
) -> PersonFacts:
    """A person with no aliases, from "Forename Surname" and any dates of birth claimed."""
    fore, _, sur = name.rpartition(" ")
    return PersonFacts(
        forename=fore,
        surname=sur,
        dates_of_birth=dobs,
        pnc_id=pnc_id,
        cro=cro,
        ni_number=ni_number,
        ref=ref,
    )


# --- Normalising -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalised"),
    [
        ("O'Brien", "obrien"),
        ("O\u2019Brien", "obrien"),  # curly apostrophe, as pasted from a letter
        ("OBRIEN", "obrien"),
        ("  Smith\u2013Jones ", "smith-jones"),  # en dash read as a hyphen
        ("Smith - Jones", "smith jones"),
        ("Zoë", "zoe"),
        ("Seán Ó Súilleabháin", "sean o suilleabhain"),
        ("J.Smith", "j smith"),
        ("Søren Łukasz", "soren lukasz"),
        ("Straße", "strasse"),
        ("Smith 2", "smith"),
        ("", ""),
    ],
)
def test_names_are_normalised_for_comparison(typed: str, normalised: str) -> None:
    assert normalise_name(typed) == normalised


@pytest.mark.parametrize(
    ("typed", "tokens"),
    [
        ("Smith-Jones", ["smith", "jones"]),
        ("O Brien", ["o", "brien"]),
        ("Mary  Jane", ["mary", "jane"]),
        ("--", []),
    ],
)
def test_name_tokens_split_at_spaces_and_hyphens(typed: str, tokens: list[str]) -> None:
    assert name_tokens(typed) == tokens


@pytest.mark.parametrize("typed", ["O'Brien", "OBrien", "O Brien", "o\u2019brien"])
def test_every_way_of_writing_o_brien_is_the_same_surname(typed: str) -> None:
    assert name_similarity(
        a_forename="Liam", a_surname=typed, b_forename="Liam", b_surname="O'Brien"
    ).score == pytest.approx(1.0)


def test_phonetic_keys_are_given_for_each_word_with_mc_written_mac() -> None:
    keys = phonetic_keys("McDonald-Smyth")
    assert keys.tokens == ("macdonald", "smyth")
    assert keys.metaphone == ("MKTNLT", "SM0")
    assert keys.soundex == ("M235", "S530")


def test_words_with_no_english_letters_get_empty_keys_not_garbage() -> None:
    assert phonetic_keys("张伟").metaphone == ("",)
    assert phonetic_keys("张伟").nysiis == ("",)


# --- Name similarity -------------------------------------------------------------------------

SPELLING_VARIANTS = [
    ("John Smith", "John Smyth", "surname sounds the same (metaphone SM0)"),
    ("Jonathon Price", "Jonathan Price", "forename is a known variant (Jonathon/Jonathan)"),
    ("Paul Philips", "Paul Phillips", "surname is a known variant (Philips/Phillips)"),
    ("Mohammed Khan", "Muhammad Khan", "forename is a known variant (Mohammed/Muhammad)"),
    ("Ian MacDonald", "Ian McDonald", "surname is a known variant (MacDonald/McDonald)"),
    ("Sean O'Neill", "Sean ONeil", "surname is a known variant (O'Neill/ONeil)"),
    ("Peter Thomson", "Peter Thompson", "surname is a known variant (Thomson/Thompson)"),
    ("Gary Hussain", "Gary Hussein", "surname is a known variant (Hussain/Hussein)"),
    ("Alan Naylor", "Alan Nailer", "surname sounds the same (metaphone NLR)"),
    ("Ruth Wright", "Ruth Right", "surname sounds the same (metaphone RT)"),
    ("Ciaran Doyle", "Kieran Doyle", "forename is a known variant (Ciaran/Kieran)"),
    ("Catherine Jones", "Kathryn Jones", "forename is a known variant (Catherine/Kathryn)"),
    ("Siobhan Kelly", "Shivaun Kelly", "forename is a known variant (Siobhan/Shivaun)"),
    ("Steven Ward", "Stephen Ward", "forename is a known variant (Steven/Stephen)"),
    ("Jon Ward", "John Ward", "forename is a known variant (Jon/John)"),
    ("Neil Brownlow", "Neil Brownlowe", "surname spelled similarly (Jaro-Winkler 0.98)"),
]


@pytest.mark.parametrize(("a", "b", "reason"), SPELLING_VARIANTS)
def test_spelling_variants_score_highly_and_say_why(a: str, b: str, reason: str) -> None:
    result = similarity(a, b)
    assert result.score >= 0.9
    assert reason in result.reasons


@pytest.mark.parametrize(
    ("a", "b", "score", "reason"),
    [
        ("Smith John", "John Smith", 0.95, "forename and surname swapped"),
        ("Smyth Jon", "John Smith", 0.95 * 0.95 * 0.9, "forename and surname swapped"),
        ("J Smith", "John Smith", 0.75, "forename given only as an initial (J/John)"),
        ("J. Smith", "John Smith", 0.75, "forename given only as an initial (J./John)"),
        (
            "Chris Evans",
            "Christopher Evans",
            0.89,
            "forename may be a short form (Chris/Christopher)",
        ),
        ("Paul Smith", "John Paul Smith", 0.9, "matched on a middle name"),
        ("Mary Jane Smith", "Maryjane Smith", 1.0, "same forename"),
        ("Anne Jones", "Anne Smith-Jones", 0.9, "matched on part of the surname"),
        ("Smith", "John Smith", 0.6, "forename not recorded for one of them"),
    ],
)
def test_name_order_initials_and_parts_are_recognised(
    a: str, b: str, score: float, reason: str
) -> None:
    result = similarity(a, b)
    assert result.score == pytest.approx(score, abs=0.01)
    assert reason in result.reasons


@pytest.mark.parametrize(
    ("a", "b", "reason"),
    [
        ("David Brown", "Daniel Brown", "forename differs (David/Daniel)"),
        ("John Smith", "John Jones", "surname differs (Smith/Jones)"),
        ("Mary Evans", "Susan Evans", "forename differs (Mary/Susan)"),
    ],
)
def test_different_names_score_zero_and_say_which_part_differs(a: str, b: str, reason: str) -> None:
    result = similarity(a, b)
    assert result.score == 0.0
    assert reason in result.reasons


def test_forenames_that_only_sound_alike_are_never_more_than_possible() -> None:
    """Metaphone ignores vowels, so John and Jane share a key; there is no sex to tell them
    apart, and twins share a surname and a date of birth."""
    result = score_candidate(
        query=person("John Smith", D(1980, 6, 15)), candidate=person("Jane Smith", D(1980, 6, 15))
    )
    assert result.verdict is Verdict.POSSIBLE
    assert "forename sounds the same (metaphone JN)" in result.reasons


# --- Dates of birth --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "kind", "reason"),
    [
        (D(1980, 4, 3), D(1980, 4, 3), DobKind.EXACT, "same date of birth (03/04/1980)"),
        (
            D(1980, 4, 3),
            D(1980, 3, 4),
            DobKind.TRANSPOSED,
            "day and month transposed (03/04/1980 and 04/03/1980)",
        ),
        (D(1975, 12, 1), D(1975, 1, 12), DobKind.TRANSPOSED, "day and month transposed"),
        (D(1980, 6, 15), D(1986, 6, 15), DobKind.ONE_DIGIT, "one digit different"),
        (D(1980, 6, 15), D(1980, 6, 25), DobKind.ONE_DIGIT, "one digit different"),
        (D(1980, 6, 15), D(1970, 6, 15), DobKind.ONE_DIGIT, "one digit different"),
        (D(1980, 6, 12), D(1980, 6, 21), DobKind.DIGITS_SWAPPED, "two digits swapped"),
        (D(1989, 6, 15), D(1998, 6, 15), DobKind.DIGITS_SWAPPED, "two digits swapped"),
        (D(1980, 6, 15), D(1979, 6, 15), DobKind.YEAR_APART, "same day and month, a year apart"),
        (D(1980, 1, 31), D(1980, 2, 1), DobKind.NEAR, "dates of birth 1 day apart"),
        (D(1980, 6, 15), D(1980, 6, 20), DobKind.NEAR, "dates of birth 5 days apart"),
        (D(1980, 6, 15), D(1980, 7, 29), DobKind.DIFFERENT, "dates of birth differ"),
        (D(1980, 6, 15), D(1960, 2, 1), DobKind.DIFFERENT, "dates of birth differ"),
        (D(1980, 6, 15), None, DobKind.UNKNOWN, "date of birth not known for one of them"),
        (None, None, DobKind.UNKNOWN, "date of birth not known for one of them"),
    ],
)
def test_date_of_birth_slips_are_recognised(
    a: dt.date | None, b: dt.date | None, kind: DobKind, reason: str
) -> None:
    forwards, backwards = dob_closeness(a, b), dob_closeness(b, a)
    assert forwards.kind is kind
    assert backwards.kind is kind
    assert forwards.reason.startswith(reason)


def test_a_closer_date_of_birth_never_weighs_less_than_a_looser_one() -> None:
    weights = matching.DOB_WEIGHTS.value
    order = [
        DobKind.EXACT,
        DobKind.TRANSPOSED,
        DobKind.ONE_DIGIT,
        DobKind.NEAR,
        DobKind.UNKNOWN,
        DobKind.DIFFERENT,
    ]
    assert [weights[k] for k in order] == sorted((weights[k] for k in order), reverse=True)


# --- Scoring candidates ----------------------------------------------------------------------

BORN = D(1980, 6, 15)

VERDICTS = [
    # Same person, recorded differently.
    ("John Smith", BORN, "John Smith", BORN, Verdict.LIKELY),
    ("John Smith", BORN, "John Smyth", BORN, Verdict.LIKELY),
    ("Jonathon Price", BORN, "Jonathan Price", BORN, Verdict.LIKELY),
    ("Mohammed Khan", BORN, "Muhammad Khan", BORN, Verdict.LIKELY),
    ("Ian MacDonald", BORN, "Ian McDonald", BORN, Verdict.LIKELY),
    ("Catherine Jones", D(1980, 4, 3), "Kathryn Jones", D(1980, 3, 4), Verdict.LIKELY),
    ("John Smith", D(1980, 4, 3), "John Smith", D(1980, 3, 4), Verdict.LIKELY),
    ("John Smith", BORN, "John Smith", D(1986, 6, 15), Verdict.LIKELY),
    # One digit of the year mistyped (8 for 6): 20 years apart on paper, but a keying slip.
    ("John Smith", BORN, "John Smith", D(1960, 6, 15), Verdict.LIKELY),
    ("John Smith", BORN, "John Smith", D(1979, 6, 15), Verdict.LIKELY),
    ("Smith John", BORN, "John Smith", BORN, Verdict.LIKELY),
    # Worth a look, not more.
    ("J Smith", BORN, "John Smith", BORN, Verdict.POSSIBLE),
    ("John Smith", BORN, "John Smyth", D(1980, 6, 16), Verdict.POSSIBLE),
    ("John Smith", None, "John Smith", BORN, Verdict.POSSIBLE),
    ("Steven Ward", None, "Stephen Ward", BORN, Verdict.POSSIBLE),
    ("John Smith", BORN, "John Smith", D(1980, 6, 21), Verdict.POSSIBLE),
    ("Peter Smith", BORN, "Peter Snead", BORN, Verdict.POSSIBLE),
    # Same name exactly, dates of birth 20 years apart: a father and son, or a false date
    # given; shown as possible so the officer can rule it out (NAME_ALONE_MIN).
    ("John Smith", BORN, "John Smith", D(1960, 2, 1), Verdict.POSSIBLE),
    # Not the same person.
    ("John Smith", BORN, "Joan Smythe", D(1955, 2, 1), Verdict.NONE),
    ("Stephen Ward", BORN, "Steven Ward", D(1960, 2, 1), Verdict.NONE),
    ("David Brown", BORN, "Daniel Brown", BORN, Verdict.NONE),
    ("John Smith", BORN, "Mary Jones", BORN, Verdict.NONE),
    ("J Smith", None, "John Smith", BORN, Verdict.NONE),
    ("John Smith", BORN, "Peter Smith", BORN, Verdict.NONE),
]


@pytest.mark.parametrize(("q_name", "q_dob", "c_name", "c_dob", "verdict"), VERDICTS)
def test_duplicate_check_gives_the_expected_verdict(
    q_name: str, q_dob: dt.date | None, c_name: str, c_dob: dt.date | None, verdict: Verdict
) -> None:
    query = person(q_name, *([q_dob] if q_dob else []))
    candidate = person(c_name, *([c_dob] if c_dob else []))
    assert score_candidate(query=query, candidate=candidate).verdict is verdict


def test_a_match_explains_itself_in_plain_english() -> None:
    result = score_candidate(
        query=person("Jon Smyth", D(1980, 4, 3)), candidate=person("John Smith", D(1980, 3, 4))
    )
    assert result.reasons == (
        "forename is a known variant (Jon/John)",
        "surname sounds the same (metaphone SM0)",
        "surname spelled similarly (Jaro-Winkler 0.89)",
        "day and month transposed (03/04/1980 and 04/03/1980)",
    )


@pytest.mark.parametrize(
    ("attr", "value", "reason"),
    [
        ("pnc_id", "80/123456A", "same PNC ID"),
        ("cro", "123456/80L", "same CRO number"),
        ("ni_number", "AB123456C", "same National Insurance number"),
    ],
)
def test_the_same_identifier_is_decisive_whatever_the_name(
    attr: str, value: str, reason: str
) -> None:
    query = person("Mary Jones", D(1990, 1, 1), **{attr: value})
    candidate = person("Peter Smith", BORN, **{attr: value})
    result = score_candidate(query=query, candidate=candidate)
    assert result.verdict is Verdict.CERTAIN
    assert result.score == 1.0
    assert result.reasons[0] == reason


def test_different_pnc_ids_hold_a_likely_name_match_at_possible() -> None:
    """A PNC ID belongs to one person: two different ones mean two people, or one record
    linked wrongly. The officer still sees it, with the reason."""
    query = person("John Smith", BORN, pnc_id="80/123456A")
    candidate = person("John Smith", BORN, pnc_id="81/654321B")
    result = score_candidate(query=query, candidate=candidate)
    assert result.verdict is Verdict.POSSIBLE
    assert "different PNC IDs" in result.reasons


def test_an_unknown_identifier_on_one_side_is_not_a_conflict() -> None:
    query = person("John Smith", BORN, pnc_id="80/123456A")
    result = score_candidate(query=query, candidate=person("John Smith", BORN))
    assert result.verdict is Verdict.LIKELY
    assert not any("PNC" in r for r in result.reasons)


# --- Aliases and several dates of birth -------------------------------------------------------


def test_a_search_matches_the_candidates_alias_and_says_which() -> None:
    candidate = PersonFacts(
        forename="Robert",
        surname="Hale",
        aliases=[("Bobby", "Smyth"), ("Rob", "Hales")],
        dates_of_birth=[BORN],
    )
    result = score_candidate(query=person("Bobby Smith", BORN), candidate=candidate)
    assert result.verdict is Verdict.LIKELY
    assert "matched on this record's alias Bobby Smyth" in result.reasons


def test_an_alias_given_in_the_search_matches_the_candidates_name() -> None:
    query = PersonFacts(
        forename="Dean", surname="Carver", aliases=[("Kathryn", "Moss")], dates_of_birth=[BORN]
    )
    result = score_candidate(query=query, candidate=person("Catherine Moss", BORN))
    assert result.verdict is Verdict.LIKELY
    assert "matched on the searched alias Kathryn Moss" in result.reasons


def test_the_name_in_use_is_preferred_to_an_alias_that_matches_no_better() -> None:
    candidate = PersonFacts(
        forename="Gail", surname="Pike", aliases=[("Gail", "Pike")], dates_of_birth=[BORN]
    )
    result = score_candidate(query=person("Gail Pike", BORN), candidate=candidate)
    assert not any("alias" in r for r in result.reasons)


def test_any_claimed_date_of_birth_can_match() -> None:
    candidate = person("Lee Dunn", D(1971, 2, 2), D(1973, 9, 14))
    result = score_candidate(query=person("Lee Dunn", D(1973, 9, 14)), candidate=candidate)
    assert result.verdict is Verdict.LIKELY
    assert "same date of birth (14/09/1973)" in result.reasons


# --- Ranking ---------------------------------------------------------------------------------


def test_rank_puts_the_best_first_and_drops_non_matches() -> None:
    query = person("John Smith", BORN, pnc_id="80/123456A")
    candidates = [
        person("J Smith", BORN, ref="N-3"),
        person("Mary Jones", BORN, ref="N-9"),
        person("John Smyth", BORN, ref="N-2"),
        person("Someone Else", D(1950, 1, 1), pnc_id="80/123456A", ref="N-1"),
    ]
    results = rank(query, candidates)
    assert [r.candidate.ref for r in results] == ["N-1", "N-2", "N-3"]
    assert [r.verdict for r in results] == [Verdict.CERTAIN, Verdict.LIKELY, Verdict.POSSIBLE]


def test_rank_of_no_candidates_is_empty() -> None:
    assert rank(person("John Smith", BORN), []) == []


# --- Stored keys and the database pre-filter --------------------------------------------------


@pytest.mark.parametrize(("a", "b", "_reason"), SPELLING_VARIANTS)
def test_the_prefilter_fetches_every_spelling_variant(a: str, b: str, _reason: str) -> None:
    """Recall of the database step: if the keys do not meet, scoring never sees the pair."""
    a_fore, _, a_sur = a.rpartition(" ")
    b_fore, _, b_sur = b.rpartition(" ")
    stored = index_keys(forename=b_fore, surname=b_sur)
    searched = index_keys(forename=a_fore, surname=a_sur)
    assert any(shares_a_key(q, s) for q in searched for s in stored)


@pytest.mark.parametrize(
    ("searched", "stored"),
    [
        (("Smith", "John"), ("John", "Smith")),  # the wrong way round
        (("Anne", "Jones"), ("Anne", "Smith-Jones")),  # one part of a double-barrelled name
        (("Liam", "O Brien"), ("Liam", "O'Brien")),
    ],
)
def test_the_prefilter_fetches_swapped_and_double_barrelled_names(
    searched: tuple[str, str], stored: tuple[str, str]
) -> None:
    q_rows = index_keys(forename=searched[0], surname=searched[1])
    s_rows = index_keys(forename=stored[0], surname=stored[1])
    assert any(shares_a_key(q, s) for q in q_rows for s in s_rows)


def test_the_prefilter_does_not_fetch_an_unrelated_surname_on_forename_alone() -> None:
    (q,) = index_keys(forename="John", surname="Smith")
    (s,) = index_keys(forename="John", surname="Okafor")
    assert not shares_a_key(q, s)


def test_index_keys_store_the_variant_group_and_the_sound_of_the_name() -> None:
    (keys,) = index_keys(forename="Kathryn", surname="McDonald")
    assert keys.forename_key == "catherine"
    assert keys.forename_metaphone == "K0RN"
    assert keys.surname_key == "macdonald"
    assert keys.surname_soundex == "M235"


def test_index_keys_of_a_missing_forename_are_empty_and_never_match() -> None:
    (q,) = index_keys(forename="", surname="Okafor")
    (s,) = index_keys(forename="", surname="Smith")
    assert q.forename_keys == ("", "", "", "")
    assert not shares_a_key(q, s)


# --- The variant table and policy values -------------------------------------------------------


def test_no_spelling_belongs_to_two_variant_groups() -> None:
    seen: dict[str, str] = {}
    for group in matching.NAME_VARIANTS.value:
        for spelling in group:
            key = "".join(name_tokens(spelling))
            assert key not in seen, f"{spelling} is in the {seen[key]} and {group[0]} groups"
            seen[key] = group[0]


def test_every_matching_threshold_is_a_declared_policy_value_marked_m() -> None:
    declared = {name: pv for name, pv in REGISTRY.items() if name.startswith("matching.")}
    assert len(declared) >= 15
    assert all(pv.mark == "M" and pv.note for pv in declared.values())


# --- Properties ------------------------------------------------------------------------------

_letters = string.ascii_letters + "éöñ' -"
_name_part = st.text(alphabet=_letters, min_size=1, max_size=20).filter(
    lambda s: any(c.isalpha() for c in s)
)


@given(a_fore=_name_part, a_sur=_name_part, b_fore=_name_part, b_sur=_name_part)
def test_name_similarity_is_symmetric(a_fore: str, a_sur: str, b_fore: str, b_sur: str) -> None:
    forwards = name_similarity(
        a_forename=a_fore, a_surname=a_sur, b_forename=b_fore, b_surname=b_sur
    )
    backwards = name_similarity(
        a_forename=b_fore, a_surname=b_sur, b_forename=a_fore, b_surname=a_sur
    )
    assert forwards.score == backwards.score
    assert 0.0 <= forwards.score <= 1.0


@given(fore=_name_part, sur=_name_part)
def test_a_name_always_matches_itself_with_score_one(fore: str, sur: str) -> None:
    """Both parts must contain a letter: a part missing on both sides is unknown, not equal."""
    result = name_similarity(a_forename=fore, a_surname=sur, b_forename=fore, b_surname=sur)
    assert result.score == 1.0


@given(
    a=st.dates(min_value=D(1900, 1, 1), max_value=D(2030, 12, 31)),
    b=st.dates(min_value=D(1900, 1, 1), max_value=D(2030, 12, 31)),
)
def test_date_of_birth_closeness_is_symmetric(a: dt.date, b: dt.date) -> None:
    assert dob_closeness(a, b).kind is dob_closeness(b, a).kind
