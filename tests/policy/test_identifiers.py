"""Worked cases for UK identifiers on a nominal's record (``vigil.policy.identifiers``).

Every identifier here is synthetic, made up for the test. Each bad case names a phrase
of the message that tells the officer how to put it right.
"""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vigil.policy.identifiers import (
    IdentifierError,
    VrmFormat,
    classify_vrm,
    cro_check_letter,
    format_nino,
    format_pnc,
    format_vrm,
    normalise_cro,
    normalise_nino,
    normalise_pnc,
    normalise_postcode,
    normalise_vrm,
    outcode,
    pnc_check_letter,
    validate_cro,
    validate_nino,
    validate_pnc,
    validate_postcode,
    validate_vrm,
    vrm_pattern,
)
from vigil.policy.values import REGISTRY

# The published alphabet, written out again so the tests do not trust the module's copy.
ALPHABET = "ZABCDEFGHJKLMNPQRTUVWXY"

# ---------------------------------------------------------------------------------------
# PNC ID

PNC_GOOD = [
    ("98/123456G", "98/0123456G"),
    ("1998/123456G", "98/0123456G"),  # 4-digit year: the last two digits are kept
    ("98/0123456g", "98/0123456G"),  # lower case, serial already padded
    (" 98 / 123456 G ", "98/0123456G"),  # spaces anywhere
    ("98123456G", "98/0123456G"),  # no slash: the first 2 digits are the year
    ("19980123456G", "98/0123456G"),  # no slash, 11 digits: full year and padded serial
    ("00/1A", "00/0000001A"),
    ("2005/42W", "05/0000042W"),
    ("12/345678u", "12/0345678U"),
    ("23/9999999N", "23/9999999N"),
    ("99/1234567B", "99/1234567B"),
    ("81 34 U", "81/0000034U"),
    ("2001/1000000W", "01/1000000W"),
]

PNC_BAD = [
    ("", "Enter the PNC ID"),
    ("   ", "Enter the PNC ID"),
    ("98/123456A", "Check the PNC ID against the PNC record"),  # check letter is G
    ("98/123456", "including the letter at the end"),
    ("98-123456G", "Remove '-'"),
    ("98/12O456G", "type 0 instead"),
    ("98//123456G", "Remove the extra slashes"),
    ("1998123456G", "Put a slash after the year"),
    ("3098/123456G", "Type the year as 2 digits"),
    ("998/123456G", "Check the PNC ID against the PNC record"),
    ("/123456G", "Check the PNC ID against the PNC record"),
    ("98/12345678G", "Check the PNC ID against the PNC record"),
    ("98/0000000Z", "Check the PNC ID against the PNC record"),
    ("98/G", "like 98/123456A"),
    ("981234567890G", "Check the PNC ID against the PNC record"),
]


@pytest.mark.parametrize(("text", "canonical"), PNC_GOOD)
def test_a_well_formed_pnc_id_validates_to_its_padded_canonical_form(
    text: str, canonical: str
) -> None:
    assert validate_pnc(text) == canonical
    assert normalise_pnc(text) == canonical


@pytest.mark.parametrize(("text", "fix"), PNC_BAD)
def test_a_bad_pnc_id_is_refused_with_a_message_saying_how_to_fix_it(text: str, fix: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_pnc(text)
    assert fix in str(caught.value)


@pytest.mark.parametrize(("text", "canonical"), PNC_GOOD)
def test_pnc_normalisation_and_display_round_trip(text: str, canonical: str) -> None:
    assert normalise_pnc(canonical) == canonical
    assert validate_pnc(format_pnc(text)) == canonical
    assert format_pnc(canonical) == format_pnc(text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("98/0123456G", "98/123456G"),
        ("2005/0000042w", "05/42W"),
        ("23/9999999N", "23/9999999N"),
        ("not a pnc", "NOTAPNC"),  # display never raises
    ],
)
def test_a_pnc_id_is_displayed_without_leading_zeros(text: str, shown: str) -> None:
    assert format_pnc(text) == shown


@pytest.mark.parametrize(
    ("year2", "serial", "letter"),
    [
        (0, 1, "A"),  # 1 mod 23 = 1 -> A
        (0, 23, "Z"),  # 23 mod 23 = 0 -> Z
        (5, 42, "W"),  # 50000042 = 23 x 2173914 + 20 -> W
        (98, 123456, "G"),
        (12, 345678, "U"),
        (23, 9999999, "N"),
        (99, 1234567, "B"),
        (81, 34, "U"),
    ],
)
def test_the_pnc_check_letter_is_the_modulus_23_letter_of_year_and_padded_serial(
    year2: int, serial: int, letter: str
) -> None:
    assert pnc_check_letter(year2=year2, serial=serial) == letter


def test_a_wrong_pnc_check_letter_message_does_not_give_away_the_right_letter() -> None:
    """Suggesting the letter would invite 'fixing' the letter when a digit was mistyped."""
    with pytest.raises(IdentifierError) as caught:
        validate_pnc("98/123456A")
    assert re.search(r"\bG\b", str(caught.value)) is None


def test_the_pnc_check_letter_can_be_switched_off_for_a_caller() -> None:
    assert validate_pnc("98/123456A", enforce_check_letter=False) == "98/0123456A"


def test_a_pnc_id_is_never_refused_for_its_check_letter_when_the_format_is_wrong() -> None:
    """Format problems are reported first: they are what the officer must fix."""
    with pytest.raises(IdentifierError, match="type 0 instead"):
        validate_pnc("98/12O456A")


@pytest.mark.parametrize(("year2", "serial"), [(-1, 1), (100, 1), (98, -1), (98, 10_000_000)])
def test_the_pnc_check_letter_helper_refuses_impossible_arguments(year2: int, serial: int) -> None:
    with pytest.raises(ValueError, match="must be"):
        pnc_check_letter(year2=year2, serial=serial)


def test_normalising_text_that_is_not_a_pnc_id_only_tidies_it() -> None:
    assert normalise_pnc(" 98/12O456g ") == "98/12O456G"


@given(year2=st.integers(0, 99), serial=st.integers(1, 9_999_999))
def test_a_generated_pnc_id_validates_and_every_other_check_letter_fails(
    year2: int, serial: int
) -> None:
    letter = pnc_check_letter(year2=year2, serial=serial)
    assert letter == ALPHABET[int(f"{year2:02d}{serial:07d}") % 23]
    canonical = f"{year2:02d}/{serial:07d}{letter}"
    assert validate_pnc(f"{year2:02d}/{serial}{letter}") == canonical
    assert validate_pnc(f"{year2:02d}{serial:07d}{letter.lower()}") == canonical
    assert validate_pnc(f"20{year2:02d}/{serial}{letter}") == canonical
    for other in string.ascii_uppercase:
        if other != letter:
            with pytest.raises(IdentifierError, match="Check the PNC ID"):
                validate_pnc(f"{year2:02d}/{serial}{other}")


@given(year2=st.integers(0, 99), serial=st.integers(0, 9_999_999))
def test_a_pnc_check_letter_is_never_i_o_or_s(year2: int, serial: int) -> None:
    assert pnc_check_letter(year2=year2, serial=serial) not in "IOS"


# ---------------------------------------------------------------------------------------
# CRO number

CRO_GOOD = [
    ("12345/98G", "012345/98G"),
    ("012345/98g", "012345/98G"),
    (" 12345 / 98 G", "012345/98G"),
    ("1/05H", "000001/05H"),
    ("654321/71F", "654321/71F"),
    ("999999/00E", "999999/00E"),
    ("SF98/12345R", "SF98/12345R"),
    ("sf 88/4242g", "SF88/4242G"),  # the SF form keeps its serial as typed
    ("SF98/012345G", "SF98/012345G"),
]

CRO_BAD = [
    ("", "Enter the CRO number"),
    ("1234598G", "Put the slash in"),
    ("1234567/98G", "Check the CRO number against the record it came from"),
    ("12345/1998G", "Check the CRO number against the record it came from"),
    ("SF1998/12345R", "Check the CRO number against the record it came from"),
    ("SF98/1234567R", "Check the CRO number against the record it came from"),
    ("12O45/98G", "type 0 instead"),
    ("12345/98", "including the letter at the end"),
    ("12345-98G", "Remove '-'"),
    ("000000/98Z", "Check the CRO number against the record it came from"),
    ("AB12345/98G", "like 12345/98A"),
]


@pytest.mark.parametrize(("text", "canonical"), CRO_GOOD)
def test_a_well_formed_cro_number_validates_to_its_canonical_form(
    text: str, canonical: str
) -> None:
    assert validate_cro(text) == canonical
    assert normalise_cro(text) == canonical
    assert normalise_cro(canonical) == canonical


@pytest.mark.parametrize(("text", "fix"), CRO_BAD)
def test_a_bad_cro_number_is_refused_with_a_message_saying_how_to_fix_it(
    text: str, fix: str
) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_cro(text)
    assert fix in str(caught.value)


def test_a_cro_check_letter_is_not_enforced_by_default() -> None:
    assert REGISTRY["identifiers.cro_check_letter_enforced"].value is False
    assert validate_cro("12345/98A") == "012345/98A"  # the letter would be G


@pytest.mark.parametrize(("text", "canonical"), CRO_GOOD)
def test_every_good_cro_example_also_passes_with_the_check_letter_enforced(
    text: str, canonical: str
) -> None:
    assert validate_cro(text, enforce_check_letter=True) == canonical


def test_an_enforced_cro_check_letter_refuses_a_mismatch_without_naming_the_right_letter() -> None:
    with pytest.raises(IdentifierError, match="Check the CRO number") as caught:
        validate_cro("12345/98A", enforce_check_letter=True)
    assert re.search(r"\bG\b", str(caught.value)) is None


@pytest.mark.parametrize(
    ("year2", "serial", "sf_form", "letter"),
    [
        (98, "12345", False, "G"),  # 98012345 mod 23 = 7 -> G
        (98, "012345", False, "G"),  # leading zeros do not matter in the standard form
        (98, "12345", True, "R"),  # 9812345 mod 23 = 16 -> R
        (98, "012345", True, "G"),  # ...but they do in the SF form
        (5, "1", False, "H"),
    ],
)
def test_the_cro_check_letter_pads_the_serial_only_in_the_standard_form(
    year2: int, serial: str, sf_form: bool, letter: str
) -> None:
    assert cro_check_letter(year2=year2, serial=serial, sf_form=sf_form) == letter
    padded = serial if sf_form else serial.zfill(6)
    assert letter == ALPHABET[int(f"{year2:02d}{padded}") % 23]


@pytest.mark.parametrize(("year2", "serial"), [(100, "1"), (98, ""), (98, "1234567"), (98, "12a")])
def test_the_cro_check_letter_helper_refuses_impossible_arguments(year2: int, serial: str) -> None:
    with pytest.raises(ValueError, match="must be"):
        cro_check_letter(year2=year2, serial=serial)


# ---------------------------------------------------------------------------------------
# National Insurance number

NINO_GOOD = [
    ("AB123456C", "AB123456C", "AB 12 34 56 C"),
    ("ab 12 34 56 c", "AB123456C", "AB 12 34 56 C"),
    ("AB-12-34-56-C", "AB123456C", "AB 12 34 56 C"),
    (" ab123456a ", "AB123456A", "AB 12 34 56 A"),
    ("CE 00 00 01 D", "CE000001D", "CE 00 00 01 D"),
    ("JH 98 76 54 B", "JH987654B", "JH 98 76 54 B"),
    ("OA 12 34 56 A", "OA123456A", "OA 12 34 56 A"),  # O is refused only as second letter
    ("NA123456B", "NA123456B", "NA 12 34 56 B"),
    ("TA 11 22 33 C", "TA112233C", "TA 11 22 33 C"),
    ("KA 99 88 77 D", "KA998877D", "KA 99 88 77 D"),
    ("ZA123456A", "ZA123456A", "ZA 12 34 56 A"),  # Z is allowed; only ZZ is not
    ("GA123456B", "GA123456B", "GA 12 34 56 B"),
]

NINO_BAD = [
    ("", "Enter the National Insurance number"),
    ("AB123456", "Add it (A, B, C or D)"),
    ("QQ 12 34 56 C", "Check it against a payslip"),  # HMRC's own example is not allocated
    ("ZZ123456A", "Ask the person for their own National Insurance number"),
    ("DA123456A", "Check it against a payslip"),
    ("VA123456A", "Check it against a payslip"),
    ("AO123456A", "Check it against a payslip"),
    ("AF123456A", "Check it against a payslip"),
    ("GB123456A", "Check it against a payslip"),
    ("NK123456A", "Check it against a payslip"),
    ("TN123456A", "Check it against a payslip"),
    ("MW123456A", "Ask the person for their own National Insurance number"),
    ("AB123456E", "Check it against a payslip"),
    ("AB12O456C", "type 0 instead"),
    ("AB 12 34 56 C.", "Remove '.'"),
    ("A1234567C", "Check it against a payslip"),
]


@pytest.mark.parametrize(("text", "canonical", "shown"), NINO_GOOD)
def test_a_well_formed_ni_number_validates_and_displays_in_pairs(
    text: str, canonical: str, shown: str
) -> None:
    assert validate_nino(text) == canonical
    assert normalise_nino(text) == canonical
    assert format_nino(text) == shown
    assert validate_nino(format_nino(text)) == canonical


@pytest.mark.parametrize(("text", "fix"), NINO_BAD)
def test_a_bad_ni_number_is_refused_with_a_message_saying_how_to_fix_it(
    text: str, fix: str
) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_nino(text)
    assert fix in str(caught.value)


def test_the_zz_message_says_it_is_a_dummy_number() -> None:
    with pytest.raises(IdentifierError, match="temporary or dummy"):
        validate_nino("ZZ 12 34 56 A")


def test_an_ni_number_that_is_not_shaped_right_is_displayed_as_normalised() -> None:
    assert format_nino("ab 1234") == "AB1234"


# ---------------------------------------------------------------------------------------
# Postcode

POSTCODE_GOOD = [
    ("SW1A 1AA", "SW1A 1AA", "SW1A"),
    ("sw1a1aa", "SW1A 1AA", "SW1A"),
    (" sw1a  1aa ", "SW1A 1AA", "SW1A"),
    ("M1 1AE", "M1 1AE", "M1"),  # A9 9AA
    ("b338th", "B33 8TH", "B33"),  # A99 9AA
    ("CR2 6XH", "CR2 6XH", "CR2"),  # AA9 9AA
    ("DN55 1PT", "DN55 1PT", "DN55"),  # AA99 9AA
    ("W1A 1HQ", "W1A 1HQ", "W1A"),  # A9A 9AA
    ("ec1a 1bb", "EC1A 1BB", "EC1A"),  # AA9A 9AA
    ("E1W 1AA", "E1W 1AA", "E1W"),
    ("N1P 1AA", "N1P 1AA", "N1P"),  # P after the digit: missing from some copies of the rules
    ("gir 0aa", "GIR 0AA", "GIR"),
]

POSTCODE_BAD = [
    ("", "Enter the postcode"),
    ("BFPO 123", "Write it in the address lines"),
    ("bfpo123", "Write it in the address lines"),
    ("QA1 1AA", "Check the postcode against the address"),
    ("VA1 1AA", "Check the postcode against the address"),
    ("XA1 1AA", "Check the postcode against the address"),
    ("AI1 1AA", "type 1 instead"),
    ("AJ1 1AA", "Check the postcode against the address"),
    ("AZ1 1AA", "Check the postcode against the address"),
    ("W1I 1AA", "Check the postcode against the address"),
    ("EC1C 1AA", "Check the postcode against the address"),
    ("M1 1CA", "Check the postcode against the address"),
    ("M1 1AV", "Check the postcode against the address"),
    ("M1 OAA", "type 0 instead"),
    ("SW1A 1A1", "Check the postcode against the address"),
    ("1SW 1AA", "Check the postcode against the address"),
    ("SW1A 1AAA", "Check the postcode against the address"),
    ("M1", "Check the postcode against the address"),
    ("SW1A-1AA", "Remove '-'"),
]


@pytest.mark.parametrize(("text", "canonical", "out"), POSTCODE_GOOD)
def test_a_well_formed_postcode_validates_to_upper_case_with_one_space(
    text: str, canonical: str, out: str
) -> None:
    assert validate_postcode(text) == canonical
    assert normalise_postcode(text) == canonical
    assert normalise_postcode(canonical) == canonical


@pytest.mark.parametrize(("text", "canonical", "out"), POSTCODE_GOOD)
def test_the_outward_code_is_the_part_before_the_space(text: str, canonical: str, out: str) -> None:
    assert outcode(text) == out


@pytest.mark.parametrize(("text", "fix"), POSTCODE_BAD)
def test_a_bad_postcode_is_refused_with_a_message_saying_how_to_fix_it(text: str, fix: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_postcode(text)
    assert fix in str(caught.value)


def test_the_bfpo_message_says_it_is_not_a_postcode() -> None:
    with pytest.raises(IdentifierError, match="not a postcode"):
        validate_postcode("BFPO 123")


def test_the_outward_code_of_a_bad_postcode_is_refused() -> None:
    with pytest.raises(IdentifierError):
        outcode("QA1 1AA")


def test_normalising_text_that_is_not_a_postcode_only_tidies_it() -> None:
    assert normalise_postcode("  bfpo   123 ") == "BFPO 123"


# ---------------------------------------------------------------------------------------
# Vehicle registration mark

VRM_GOOD = [
    ("ab12 cde", "AB12CDE", VrmFormat.CURRENT, "AB12 CDE"),
    ("AB-12-CDE", "AB12CDE", VrmFormat.CURRENT, "AB12 CDE"),
    ("A123 BCD", "A123BCD", VrmFormat.PREFIX, "A123 BCD"),
    ("a1bcd", "A1BCD", VrmFormat.PREFIX, "A1 BCD"),
    ("ABC 123D", "ABC123D", VrmFormat.SUFFIX, "ABC 123D"),
    ("ABC1D", "ABC1D", VrmFormat.SUFFIX, "ABC 1D"),
    ("ABC 123", "ABC123", VrmFormat.DATELESS, "ABC 123"),
    ("123 ABC", "123ABC", VrmFormat.DATELESS, "123 ABC"),
    ("A 1", "A1", VrmFormat.DATELESS, "A 1"),
    ("AB 1234", "AB1234", VrmFormat.DATELESS, "AB 1234"),
    ("ABZ 1234", "ABZ1234", VrmFormat.NORTHERN_IRELAND, "ABZ 1234"),
    ("ia 12", "IA12", VrmFormat.NORTHERN_IRELAND, "IA 12"),
    ("KNIGHT1", "KNIGHT1", VrmFormat.OTHER, "KNIGHT1"),
    ("AB12 C00", "AB12C00", VrmFormat.OTHER, "AB12C00"),  # zeros are not read as O
]

VRM_BAD = [
    ("", "Enter the vehicle registration number"),
    ("  - ", "Enter the vehicle registration number"),
    ("A", "Check the registration number against the plate"),
    ("ABCD12345", "Check the registration number against the plate"),
    ("AB12 CDE 99", "Check the registration number against the plate"),
    ("AB12 CD!", "Remove '!'"),
    ("AB12.CDE", "Remove '.'"),
    ("AB12_CDE", "Remove '_'"),
    ("AB12/CDE", "Remove '/'"),
    ("AB1? CDE", "Remove '?'"),
    ("AB12CDÉ", "Remove 'É'"),
]


@pytest.mark.parametrize(("text", "canonical", "kind", "shown"), VRM_GOOD)
def test_a_vrm_is_normalised_classified_and_displayed_with_the_conventional_space(
    text: str, canonical: str, kind: VrmFormat, shown: str
) -> None:
    assert validate_vrm(text) == canonical
    assert normalise_vrm(text) == canonical
    assert classify_vrm(text) is kind
    assert format_vrm(text) == shown
    assert validate_vrm(format_vrm(text)) == canonical


@pytest.mark.parametrize(("text", "fix"), VRM_BAD)
def test_a_bad_vrm_is_refused_with_a_message_saying_how_to_fix_it(text: str, fix: str) -> None:
    with pytest.raises(IdentifierError) as caught:
        validate_vrm(text)
    assert fix in str(caught.value)


def test_classifying_an_invalid_vrm_is_refused() -> None:
    with pytest.raises(IdentifierError):
        classify_vrm("ABCD12345")


@pytest.mark.parametrize(
    ("partial", "matches", "misses"),
    [
        ("AB1? C*", ["AB12CDE", "AB1XC", "AB19CZZ"], ["AB12", "AB123CDE", "XAB12CDE"]),
        ("*12*", ["AB12CDE", "12ABC", "X12"], ["AB13CDE", "A1B2"]),
        ("ab12cde", ["AB12CDE"], ["AB12CDF", "AB12CD"]),
        ("A?C", ["ABC", "A1C"], ["AC", "ABBC"]),
        ("*cde", ["AB12CDE", "CDE"], ["CDEF"]),
        ("ab-1?", ["AB12", "AB1X"], ["AB1", "AB123"]),
        ("**A**", ["A", "XAX", "AB12CDE"], ["B12CDE"]),
    ],
)
def test_a_partial_plate_matches_the_normalised_vrms_that_fit_it(
    partial: str, matches: list[str], misses: list[str]
) -> None:
    pattern = vrm_pattern(partial)
    assert [vrm for vrm in matches if not pattern.fullmatch(vrm)] == []
    assert [vrm for vrm in misses if pattern.fullmatch(vrm)] == []


@pytest.mark.parametrize(
    ("partial", "fix"),
    [
        ("", "Enter at least one letter or number"),
        ("*", "Enter at least one letter or number"),
        ("????", "Enter at least one letter or number"),
        ("A!B", "Remove '!'"),
        ("ABCDEFGH", "use * for any number"),
        ("????????A", "use * for any number"),
    ],
)
def test_a_partial_plate_that_cannot_be_searched_is_refused_with_the_fix(
    partial: str, fix: str
) -> None:
    with pytest.raises(IdentifierError) as caught:
        vrm_pattern(partial)
    assert fix in str(caught.value)


@pytest.mark.parametrize("partial", ["AB1? C*", "*12*", "A?C", "ab12cde"])
def test_a_partial_plate_pattern_uses_only_syntax_a_database_regex_understands(
    partial: str,
) -> None:
    """PostgreSQL ``~`` and Django ``__regex`` must read the pattern as Python does."""
    assert re.fullmatch(r"\^(\[A-Z0-9\]\*?|[A-Z0-9])+\$", vrm_pattern(partial).pattern)


# ---------------------------------------------------------------------------------------
# Policy values


@pytest.mark.parametrize(
    ("name", "mark"),
    [
        ("identifiers.pnc_check_alphabet", "M"),
        ("identifiers.pnc_check_letter_enforced", "M"),
        ("identifiers.cro_check_letter_enforced", "M"),
        ("identifiers.nino_unallocated_prefixes", "C"),
        ("identifiers.nino_administrative_prefixes", "C"),
        ("identifiers.postcode_first_letter_not_used", "M"),
        ("identifiers.postcode_second_letter_not_used", "M"),
        ("identifiers.postcode_third_letter_used", "M"),
        ("identifiers.postcode_fourth_letter_used", "M"),
        ("identifiers.postcode_inward_letters_not_used", "M"),
        ("identifiers.vrm_max_characters", "M"),
    ],
)
def test_every_identifier_rule_value_is_declared_with_its_source_and_mark(
    name: str, mark: str
) -> None:
    declared = REGISTRY[name]
    assert declared.mark == mark
    assert declared.source


def test_the_declared_pnc_alphabet_is_the_alphabet_without_i_o_and_s() -> None:
    declared = REGISTRY["identifiers.pnc_check_alphabet"].value
    assert declared == ALPHABET
    assert sorted(ALPHABET) == [ch for ch in string.ascii_uppercase if ch not in "IOS"]
