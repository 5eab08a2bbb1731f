"""UK identifiers on a nominal's record: checking and tidying what an officer types.

Each identifier has up to three functions:

- ``normalise_X(text)`` gives the canonical spelling used for storage and matching, so
  that two spellings of one identifier compare equal. It never raises: text that is not
  a well-formed identifier comes back tidied (upper case, spaces removed) so that a
  search can still use it.
- ``validate_X(text)`` gives the same canonical spelling, or raises ``IdentifierError``
  whose message says what is wrong and how to put it right, in plain English for the
  officer at the keyboard. Forms show the message as it is.
- ``format_X(text)``, where the display differs from the stored form, gives the spelling
  an officer expects to read. It never raises either: display must not break a page.

Sources, by section:

- **PNC ID.** Shape ``YY/NNNNNNNC`` from the glossary (``shared/domain/GLOSSARY.md``).
  The check letter is the widely published modulus-23 algorithm, as implemented by the
  Ministry of Justice's hmpps-person-record service; it was not seen in a Home Office or
  PNC source, so it is declared [M] (``identifiers.pnc_check_alphabet``).
- **CRO number.** Shapes ``NNNNNN/YYC`` and the older ``SFYY/NNNNNNC`` as accepted by the
  same Ministry of Justice service [M]. The check letter is not reliably documented, so
  it is only enforced when ``identifiers.cro_check_letter_enforced`` is switched on.
- **National Insurance number.** HMRC National Insurance Manual NIM39110, "What a NINO
  looks like" [C].
- **Postcode.** The six formats from the ONS Postcode Directory and OS Code-Point user
  guides [C]; the letters used in each position from Royal Mail's published postcode
  format notes, seen only in secondary copies [M].
- **Vehicle registration mark.** DVLA leaflet INF104 "Vehicle registration numbers and
  number plates" [C] for the current format; the older formats from secondary
  descriptions [M]. The format is only a label: any 2 to 7 letters and numbers is valid.

Phone numbers are handled elsewhere. The examples in messages illustrate the format only:
the PNC and CRO examples have wrong check letters, the National Insurance example uses
HMRC's unallocated QQ prefix, and the postcodes are the well-known format examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from vigil.policy.values import declare


class IdentifierError(ValueError):
    """An identifier that cannot be right. The message says what is wrong and how to fix it."""


# ---------------------------------------------------------------------------------------
# Helpers

_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _squash(text: str, *, also_drop: str = "") -> str:
    """Upper case, with whitespace (and any character in ``also_drop``) removed."""
    return "".join(ch for ch in text.upper() if not ch.isspace() and ch not in also_drop)


def _unexpected(text: str, *, allowed: str) -> str:
    """The characters of ``text`` not in ``allowed``, quoted for a message, or ""."""
    seen: list[str] = []
    for ch in text:
        if ch not in allowed and ch not in seen:
            seen.append(ch)
    return _and_list([f"'{ch}'" for ch in seen])


def _and_list(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def _zero_hint(text: str) -> str:
    """A hint for the commonest slip: the letter O or I typed where a digit belongs."""
    hints = []
    if "O" in text:
        hints.append("If you typed the letter O for a zero, type 0 instead.")
    if "I" in text or "L" in text:
        hints.append("If you typed a letter I or L for a one, type 1 instead.")
    return (" " + " ".join(hints)) if hints else ""


def _digits_only(text: str) -> bool:
    return bool(text) and all(ch in _DIGITS for ch in text)


def _letters_only(text: str) -> bool:
    return bool(text) and all(ch in _LETTERS for ch in text)


# ---------------------------------------------------------------------------------------
# PNC ID

PNC_CHECK_ALPHABET = declare(
    "identifiers.pnc_check_alphabet",
    "ZABCDEFGHJKLMNPQRTUVWXY",
    source=(
        "Widely published PNC ID check-character algorithm: the 2-digit year and the serial "
        "padded to 7 digits, read as one 9-digit number, taken modulo 23 and used as an index "
        "into this alphabet (the alphabet without I, O and S, starting at Z). Implemented the "
        "same way by the Ministry of Justice's hmpps-person-record service (PNCIdentifier)."
    ),
    mark="M",
    note=(
        "Not seen in a Home Office or PNC source. If a PNC ID copied from PNC itself is "
        "refused, switch off identifiers.pnc_check_letter_enforced and report it."
    ),
)

PNC_CHECK_LETTER_ENFORCED = declare(
    "identifiers.pnc_check_letter_enforced",
    True,
    source="Vigil design brief for identifiers: refuse a PNC ID whose check letter is wrong",
    mark="M",
    note=(
        "Rests on identifiers.pnc_check_alphabet [M]. A wrong check letter nearly always "
        "means a mistyped digit, and a mistyped PNC ID links the record to the wrong person."
    ),
)

_PNC_SHAPE = (
    "A PNC ID is the year (2 digits), a slash, a number of up to 7 digits and a check "
    "letter, like 98/123456A."
)
_PNC_CHECK_IT = "Check the PNC ID against the PNC record and type it again."


@dataclass(frozen=True)
class _Pnc:
    year2: int
    serial: int
    check: str

    @property
    def canonical(self) -> str:
        return f"{self.year2:02d}/{self.serial:07d}{self.check}"

    @property
    def display(self) -> str:
        return f"{self.year2:02d}/{self.serial}{self.check}"


def pnc_check_letter(*, year2: int, serial: int) -> str:
    """The check letter of the PNC ID with this 2-digit year and serial number.

    The year and the serial padded to 7 digits make one 9-digit number; its remainder
    on division by 23 picks a letter of ``identifiers.pnc_check_alphabet`` [M]. Used by
    ``validate_pnc`` and to make test data.

    >>> pnc_check_letter(year2=98, serial=123456)
    'G'
    """
    if not 0 <= year2 <= 99:
        raise ValueError(f"year2 must be 0 to 99, not {year2}")
    if not 0 <= serial <= 9_999_999:
        raise ValueError(f"serial must be 0 to 9999999, not {serial}")
    alphabet = PNC_CHECK_ALPHABET.value
    return alphabet[(year2 * 10_000_000 + serial) % len(alphabet)]


def _parse_pnc(text: str) -> _Pnc:
    """Read a PNC ID as typed, or raise ``IdentifierError`` saying what is wrong.

    Accepted: any case, spaces anywhere, a 2- or 4-digit year (1998 is read as 98), the
    serial with or without leading zeros, and the slash left out. Without a slash the
    year is the first 2 digits, unless there are 11 digits (the year written in full and
    the serial padded to 7, as ``19980123456A``). With 10 digits and no slash the year
    cannot be told from the serial, so the slash is asked for.
    """
    s = _squash(text)
    if not s:
        raise IdentifierError(f"Enter the PNC ID. {_PNC_SHAPE}")
    bad = _unexpected(s, allowed=_DIGITS + _LETTERS + "/")
    if bad:
        raise IdentifierError(
            f"A PNC ID has only digits, a slash and a check letter. Remove {bad}. {_PNC_SHAPE}"
        )
    body, check = s[:-1], s[-1]
    if check not in _LETTERS:
        raise IdentifierError(
            "The PNC ID has no check letter at the end. Copy the whole ID from the PNC "
            f"record, including the letter at the end. {_PNC_SHAPE}"
        )
    letters = [ch for ch in body if ch in _LETTERS]
    if letters:
        raise IdentifierError(
            "Only the last character of a PNC ID is a letter, but this has "
            f"{_and_list(letters)} before it.{_zero_hint(''.join(letters))} {_PNC_SHAPE}"
        )
    if body.count("/") > 1:
        raise IdentifierError(
            f"A PNC ID has one slash, after the year. Remove the extra slashes. {_PNC_SHAPE}"
        )
    if "/" in body:
        year_text, serial_text = body.split("/")
    elif len(body) <= 9:
        year_text, serial_text = body[:2], body[2:]
    elif len(body) == 11:
        year_text, serial_text = body[:4], body[4:]
    elif len(body) == 10:
        raise IdentifierError(
            "Put a slash after the year, like 98/123456A or 1998/123456A: without it the "
            "year and the number cannot be told apart."
        )
    else:
        raise IdentifierError(f"This PNC ID has too many digits. {_PNC_SHAPE} {_PNC_CHECK_IT}")
    if len(year_text) not in (2, 4):
        raise IdentifierError(
            "The year before the slash should be 2 digits (98) or 4 digits (1998), but this "
            f"has {len(year_text) or 'none'}. {_PNC_CHECK_IT}"
        )
    if len(year_text) == 4 and year_text[:2] not in ("19", "20"):
        raise IdentifierError(
            f"{year_text} cannot be the year of a PNC ID. Type the year as 2 digits, like 98, "
            f"or check the PNC ID against the PNC record."
        )
    if not serial_text:
        raise IdentifierError(f"The number after the year is missing. {_PNC_SHAPE}")
    if len(serial_text) > 7:
        raise IdentifierError(
            f"The number after the year has {len(serial_text)} digits, but a PNC ID has at "
            f"most 7. {_PNC_CHECK_IT}"
        )
    serial = int(serial_text)
    if serial == 0:
        raise IdentifierError(
            f"The number after the year cannot be all zeros. {_PNC_CHECK_IT} {_PNC_SHAPE}"
        )
    return _Pnc(year2=int(year_text[-2:]), serial=serial, check=check)


def normalise_pnc(text: str) -> str:
    """The canonical PNC ID, ``YY/NNNNNNNC``: 2-digit year, serial padded to 7 digits.

    Padding makes ``98/123456A``, ``1998/0123456a`` and ``98 123456 A`` one value. Text
    that is not a well-formed PNC ID comes back in upper case without spaces. The check
    letter is not checked here.

    >>> normalise_pnc("1998/123456g")
    '98/0123456G'
    """
    try:
        return _parse_pnc(text).canonical
    except IdentifierError:
        return _squash(text)


def validate_pnc(text: str, *, enforce_check_letter: bool | None = None) -> str:
    """The canonical PNC ID (see ``normalise_pnc``), or ``IdentifierError``.

    The check letter is checked unless ``enforce_check_letter`` is False; by default
    ``identifiers.pnc_check_letter_enforced`` decides. The message for a wrong check
    letter deliberately does not say which letter would fit: the usual cause is a
    mistyped digit, and "correcting" the letter would store a valid-looking wrong ID.
    """
    pnc = _parse_pnc(text)
    enforce = (
        PNC_CHECK_LETTER_ENFORCED.value if enforce_check_letter is None else enforce_check_letter
    )
    if enforce and pnc.check != pnc_check_letter(year2=pnc.year2, serial=pnc.serial):
        number = f"{pnc.year2:02d}/{pnc.serial}"
        raise IdentifierError(
            f"The check letter {pnc.check} does not fit {number}, so a digit or the letter "
            f"has probably been mistyped. {_PNC_CHECK_IT}"
        )
    return pnc.canonical


def format_pnc(text: str) -> str:
    """The PNC ID as officers write it, ``YY/NNNNNNC`` without leading zeros: ``98/123456A``.

    Accepts any spelling ``normalise_pnc`` reads; anything else is returned normalised.
    """
    try:
        return _parse_pnc(text).display
    except IdentifierError:
        return _squash(text)


# ---------------------------------------------------------------------------------------
# CRO number

CRO_CHECK_LETTER_ENFORCED = declare(
    "identifiers.cro_check_letter_enforced",
    False,
    source=(
        "Vigil design brief for identifiers. No official description of the CRO check "
        "letter was found; cro_check_letter follows the Ministry of Justice's "
        "hmpps-person-record service (CROIdentifier)."
    ),
    mark="M",
    note=(
        "Off: the format is checked strictly, the check letter is not, so that a genuine "
        "CRO number is never refused on an unconfirmed rule. Switch on once "
        "cro_check_letter has been confirmed against real CRO numbers."
    ),
)

_CRO_SHAPE = (
    "A CRO number is up to 6 digits, a slash, the year (2 digits) and a check letter, like "
    "12345/98A. Older fingerprint records start SF, then the year, a slash, up to 6 "
    "digits and a check letter, like SF98/12345A."
)
_CRO_CHECK_IT = "Check the CRO number against the record it came from and type it again."

_CRO_STANDARD = re.compile(r"(?P<serial>[0-9]{1,6})/(?P<year>[0-9]{2})(?P<check>[A-Z])")
_CRO_SF = re.compile(r"SF(?P<year>[0-9]{2})/(?P<serial>[0-9]{1,6})(?P<check>[A-Z])")


@dataclass(frozen=True)
class _Cro:
    year2: int
    serial: str  # digits as typed: the SF form's check letter depends on them
    check: str
    sf_form: bool

    @property
    def canonical(self) -> str:
        if self.sf_form:
            return f"SF{self.year2:02d}/{self.serial}{self.check}"
        return f"{int(self.serial):06d}/{self.year2:02d}{self.check}"


def cro_check_letter(*, year2: int, serial: str, sf_form: bool = False) -> str:
    """The check letter of a CRO number, by the unconfirmed algorithm [M].

    The same modulus-23 alphabet as the PNC ID (``identifiers.pnc_check_alphabet``), over
    the 2-digit year followed by the serial: padded to 6 digits for ``NNNNNN/YYC``, as
    written for the SF form. So ``SF98/12345`` and ``SF98/012345`` have different
    letters. Only enforced when ``identifiers.cro_check_letter_enforced`` is on.
    """
    if not 0 <= year2 <= 99:
        raise ValueError(f"year2 must be 0 to 99, not {year2}")
    if not (_digits_only(serial) and len(serial) <= 6):
        raise ValueError(f"serial must be 1 to 6 digits, not {serial!r}")
    digits = serial if sf_form else serial.zfill(6)
    alphabet = PNC_CHECK_ALPHABET.value
    return alphabet[int(f"{year2:02d}{digits}") % len(alphabet)]


def _parse_cro(text: str) -> _Cro:
    """Read a CRO number as typed (any case, spaces anywhere), or raise ``IdentifierError``."""
    s = _squash(text)
    if not s:
        raise IdentifierError(f"Enter the CRO number. {_CRO_SHAPE}")
    bad = _unexpected(s, allowed=_DIGITS + _LETTERS + "/")
    if bad:
        raise IdentifierError(
            f"A CRO number has only digits, a slash and letters. Remove {bad}. {_CRO_SHAPE}"
        )
    if s[-1] not in _LETTERS:
        raise IdentifierError(
            "The CRO number has no check letter at the end. Copy the whole number, "
            f"including the letter at the end. {_CRO_SHAPE}"
        )
    if "/" not in s:
        raise IdentifierError(
            "The CRO number has no slash. Put the slash in, like 12345/98A or SF98/12345A, "
            "so the year and the number can be told apart."
        )
    sf_form = s.startswith("SF")
    match = (_CRO_SF if sf_form else _CRO_STANDARD).fullmatch(s)
    if match is None:
        before, _, after = s.removeprefix("SF").partition("/")
        serial_part, year_part = (after[:-1], before) if sf_form else (before, after[:-1])
        if _digits_only(serial_part) and len(serial_part) > 6:
            raise IdentifierError(
                f"The number in a CRO number has at most 6 digits, but this has "
                f"{len(serial_part)}. {_CRO_CHECK_IT}"
            )
        if _digits_only(year_part) and len(year_part) != 2:
            raise IdentifierError(
                f"The year in a CRO number is 2 digits, like the 98 in 12345/98A, but this has "
                f"{len(year_part)}. {_CRO_CHECK_IT}"
            )
        hint = _zero_hint(before + after[:-1])
        raise IdentifierError(f"{s} is not a CRO number. {_CRO_SHAPE}{hint}")
    if int(match["serial"]) == 0:
        raise IdentifierError(f"The number in a CRO number cannot be all zeros. {_CRO_CHECK_IT}")
    return _Cro(
        year2=int(match["year"]), serial=match["serial"], check=match["check"], sf_form=sf_form
    )


def normalise_cro(text: str) -> str:
    """The canonical CRO number: ``NNNNNN/YYC`` with the serial padded to 6 digits, or
    ``SFYY/NNNNNNC`` with the serial as typed (its check letter depends on the digits
    written). Text that is not a well-formed CRO number comes back upper case without
    spaces.

    >>> normalise_cro("12345/98a")
    '012345/98A'
    >>> normalise_cro("sf 98/12345a")
    'SF98/12345A'
    """
    try:
        return _parse_cro(text).canonical
    except IdentifierError:
        return _squash(text)


def validate_cro(text: str, *, enforce_check_letter: bool | None = None) -> str:
    """The canonical CRO number (see ``normalise_cro``), or ``IdentifierError``.

    The format is checked strictly. The check letter is checked only if
    ``enforce_check_letter`` is True or, by default, if
    ``identifiers.cro_check_letter_enforced`` [M] is on (it is off: the algorithm is
    not confirmed).
    """
    cro = _parse_cro(text)
    enforce = (
        CRO_CHECK_LETTER_ENFORCED.value if enforce_check_letter is None else enforce_check_letter
    )
    expected = cro_check_letter(year2=cro.year2, serial=cro.serial, sf_form=cro.sf_form)
    if enforce and cro.check != expected:
        raise IdentifierError(
            f"The check letter {cro.check} does not fit the rest of the CRO number, so a "
            f"digit or the letter has probably been mistyped. {_CRO_CHECK_IT}"
        )
    return cro.canonical


# ---------------------------------------------------------------------------------------
# National Insurance number

_NIM39110 = (
    "HMRC National Insurance Manual NIM39110, National Insurance Numbers (NINOs): Format "
    "and Security: What a NINO looks like"
)

NINO_UNALLOCATED_PREFIXES = declare(
    "identifiers.nino_unallocated_prefixes",
    frozenset({"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}),
    source=_NIM39110 + ": 'Prefixes BG, GB, KN, NK, NT, TN and ZZ are not to be used'",
    mark="C",
    note="ZZ is widely used for dummy and test numbers, so it gets its own message.",
)

NINO_ADMINISTRATIVE_PREFIXES = declare(
    "identifiers.nino_administrative_prefixes",
    frozenset({"CR", "FY", "MW", "NC", "OO"}),
    source=(
        _NIM39110 + ", 'Administrative Numbers': reference numbers that look like NINOs but "
        "do not use valid prefixes, e.g. OO (tax credits), CR, FY, MW (migrant workers "
        "1980-1987), NC (stakeholder pension dummy identifiers)"
    ),
    mark="C",
    note="NIM39110 says the list 'includes' these, so it may not be complete.",
)

_NINO_FIRST_NOT_USED = "DFIQUV"  # NIM39110 [C]
_NINO_SECOND_NOT_USED = "DFIOQUV"  # NIM39110 [C]: D, F, I, Q, U, V, and O as second letter
_NINO_SUFFIXES = "ABCD"  # NIM39110 [C]

_NINO_SHAPE = (
    "A National Insurance number is 2 letters, 6 digits and a last letter A, B, C or D, "
    "like QQ 12 34 56 C."
)
_NINO_CHECK_IT = "Check it against a payslip, a P60 or the person's National Insurance letter."
_NINO_ASK = (
    "Ask the person for their own National Insurance number (it is on payslips, a P60 or "
    "their National Insurance letter), or leave it blank."
)
_NINO = re.compile(r"(?P<prefix>[A-Z]{2})(?P<digits>[0-9]{6})(?P<suffix>[A-Z])")


def normalise_nino(text: str) -> str:
    """The canonical National Insurance number: ``QQ123456C``, upper case, no spaces.

    Spaces and hyphens are removed whatever the text; nothing else is changed.

    >>> normalise_nino("qq 12 34 56 c")
    'QQ123456C'
    """
    return _squash(text, also_drop="-")


def validate_nino(text: str) -> str:
    """The canonical National Insurance number, or ``IdentifierError`` (NIM39110 [C]).

    Two prefix letters, six digits, and a suffix A, B, C or D, which is required. The
    first letter is never D, F, I, Q, U or V; the second never D, F, I, O, Q, U or V; the
    prefixes BG, GB, KN, NK, NT, TN and ZZ are not allocated (ZZ is used for dummy
    numbers); administrative prefixes such as OO, CR, FY, MW and NC are not NINOs.
    """
    s = normalise_nino(text)
    if not s:
        raise IdentifierError(f"Enter the National Insurance number. {_NINO_SHAPE}")
    bad = _unexpected(s, allowed=_DIGITS + _LETTERS)
    if bad:
        raise IdentifierError(
            f"A National Insurance number has only letters and digits. Remove {bad}. {_NINO_SHAPE}"
        )
    if len(s) == 8 and _letters_only(s[:2]) and _digits_only(s[2:]):
        raise IdentifierError(
            "The National Insurance number has no last letter. Add it (A, B, C or D) from a "
            "payslip, a P60 or the person's National Insurance letter."
        )
    match = _NINO.fullmatch(s)
    if match is None:
        middle = s[2:8] if len(s) >= 8 else s[2:]
        raise IdentifierError(
            f"{s} is not a National Insurance number. {_NINO_SHAPE}{_zero_hint(middle)} "
            f"{_NINO_CHECK_IT}"
        )
    prefix, suffix = match["prefix"], match["suffix"]
    if prefix == "ZZ":
        raise IdentifierError(
            "ZZ is used for temporary or dummy numbers and is never a real National "
            f"Insurance number. {_NINO_ASK}"
        )
    if prefix[0] in _NINO_FIRST_NOT_USED:
        raise IdentifierError(
            f"A National Insurance number never starts with {prefix[0]}: D, F, I, Q, U and V "
            f"are not used as the first letter. {_NINO_CHECK_IT}"
        )
    if prefix[1] in _NINO_SECOND_NOT_USED:
        raise IdentifierError(
            f"The second letter of a National Insurance number is never {prefix[1]}: D, F, "
            f"I, O, Q, U and V are not used there. {_NINO_CHECK_IT}"
        )
    if prefix in NINO_UNALLOCATED_PREFIXES.value:
        raise IdentifierError(
            f"No National Insurance number starts with {prefix}: BG, GB, KN, NK, NT, TN and "
            f"ZZ are never issued. {_NINO_CHECK_IT}"
        )
    if prefix in NINO_ADMINISTRATIVE_PREFIXES.value:
        raise IdentifierError(
            f"Numbers starting {prefix} are administrative references used by HMRC or DWP, "
            f"not National Insurance numbers. {_NINO_ASK}"
        )
    if suffix not in _NINO_SUFFIXES:
        raise IdentifierError(
            f"The last letter of a National Insurance number is A, B, C or D, not {suffix}. "
            f"{_NINO_CHECK_IT}"
        )
    return s


def format_nino(text: str) -> str:
    """The National Insurance number spaced as printed by HMRC: ``QQ 12 34 56 C``.

    Text that is not shaped like a National Insurance number is returned normalised.
    """
    s = normalise_nino(text)
    match = _NINO.fullmatch(s)
    if match is None:
        return s
    d = match["digits"]
    return f"{match['prefix']} {d[0:2]} {d[2:4]} {d[4:6]} {match['suffix']}"


# ---------------------------------------------------------------------------------------
# Postcode

_POSTCODE_LETTERS_SOURCE = (
    "Royal Mail postcode format notes (as reproduced in Market Research Society and "
    "Cabinet Office 'Bulk Data Transfer: additional validation for CAS postcodes' "
    "guidance); not read in a Royal Mail or ONS original"
)

POSTCODE_FIRST_LETTER_NOT_USED = declare(
    "identifiers.postcode_first_letter_not_used",
    "QVX",
    source=_POSTCODE_LETTERS_SOURCE + ": 'Q, V and X are not used in the first position'",
    mark="M",
)
POSTCODE_SECOND_LETTER_NOT_USED = declare(
    "identifiers.postcode_second_letter_not_used",
    "IJZ",
    source=_POSTCODE_LETTERS_SOURCE + ": 'I, J and Z are not used in the second position'",
    mark="M",
)
POSTCODE_THIRD_LETTER_USED = declare(
    "identifiers.postcode_third_letter_used",
    "ABCDEFGHJKPSTUW",
    source=_POSTCODE_LETTERS_SOURCE + ": the letters after the digit in an A9A outward code",
    mark="M",
    note=(
        "Some copies omit P; it is kept because N1P is in use. Applies only to outward "
        "codes like W1A."
    ),
)
POSTCODE_FOURTH_LETTER_USED = declare(
    "identifiers.postcode_fourth_letter_used",
    "ABEHMNPRVWXY",
    source=_POSTCODE_LETTERS_SOURCE + ": the letters after the digit in an AA9A outward code",
    mark="M",
    note="Applies only to outward codes like EC1A.",
)
POSTCODE_INWARD_LETTERS_NOT_USED = declare(
    "identifiers.postcode_inward_letters_not_used",
    "CIKMOV",
    source=(
        _POSTCODE_LETTERS_SOURCE + ": 'the letters C, I, K, M, O and V are never used' in "
        "the inward code; the same 'limited alphabetic' set appears in Royal Mail's "
        "Mailmark barcode specification"
    ),
    mark="M",
)

_POSTCODE_SHAPE = (
    "A postcode is 2 to 4 letters and numbers, a space, then a digit and 2 letters, like "
    "SW1A 1AA or M1 1AE."
)
_POSTCODE_CHECK_IT = "Check the postcode against the address."
_INWARD = re.compile(r"[0-9][A-Z]{2}")
_OUTWARD = re.compile(
    r"(?P<area>[A-Z]{1,2})(?P<district>[0-9]{1,2})"  # A9, A99, AA9, AA99
    r"|(?P<area_l>[A-Z]{1,2})[0-9](?P<sub>[A-Z])"  # A9A, AA9A
)
_GIRO = "GIR0AA"  # Girobank's historic postcode, GIR 0AA: the one exception to the rules


def normalise_postcode(text: str) -> str:
    """The canonical postcode: upper case, one space before the last three characters.

    Text that is not shaped like a postcode (5 to 7 letters and digits ending with a
    digit and two letters) comes back upper case with its spaces collapsed.

    >>> normalise_postcode(" sw1a1aa ")
    'SW1A 1AA'
    """
    s = _squash(text)
    if 5 <= len(s) <= 7 and _INWARD.fullmatch(s[-3:]) and s[:-3].isalnum() and s.isascii():
        return f"{s[:-3]} {s[-3:]}"
    return " ".join(text.upper().split())


def validate_postcode(text: str) -> str:
    """The canonical postcode, or ``IdentifierError``.

    The outward code is one of A9, A99, AA9, AA99, A9A or AA9A and the inward code is a
    digit and two letters (ONS Postcode Directory and OS Code-Point user guides [C]);
    GIR 0AA is also accepted. The letters allowed in each position are declared policy
    values [M]. BFPO numbers are refused: they are British Forces Post Office numbers,
    not postcodes. Whether the postcode exists is not checked.
    """
    tidy = " ".join(text.upper().split())
    s = _squash(text)
    if not s:
        raise IdentifierError(f"Enter the postcode. {_POSTCODE_SHAPE}")
    if s.startswith("BFPO"):
        raise IdentifierError(
            f"{tidy} is a British Forces Post Office (BFPO) number, not a postcode. Write it "
            "in the address lines, and enter the address's BF1 postcode here if it has one."
        )
    bad = _unexpected(s, allowed=_DIGITS + _LETTERS)
    if bad:
        raise IdentifierError(
            f"A postcode has only letters and numbers. Remove {bad}. {_POSTCODE_SHAPE}"
        )
    if not 5 <= len(s) <= 7:
        raise IdentifierError(
            f"A postcode has 5 to 7 letters and numbers, but this has {len(s)}. "
            f"{_POSTCODE_SHAPE} {_POSTCODE_CHECK_IT}"
        )
    if s == _GIRO:
        return "GIR 0AA"
    outward, inward = s[:-3], s[-3:]
    if inward[0] not in _DIGITS:
        raise IdentifierError(
            "The second part of a postcode starts with a digit, like the 1 in SW1A 1AA, "
            f"but this ends {inward}.{_zero_hint(inward[0])} {_POSTCODE_CHECK_IT}"
        )
    if not _letters_only(inward[1:]):
        raise IdentifierError(
            "A postcode ends with 2 letters, like the AA in SW1A 1AA, but this ends "
            f"{inward[1:]}. {_POSTCODE_CHECK_IT}"
        )
    unused_inward = [ch for ch in inward[1:] if ch in POSTCODE_INWARD_LETTERS_NOT_USED.value]
    if unused_inward:
        raise IdentifierError(
            f"The last two letters of a postcode are never C, I, K, M, O or V, but this has "
            f"{_and_list(unused_inward)}. {_POSTCODE_CHECK_IT}"
        )
    match = _OUTWARD.fullmatch(outward)
    if match is None:
        raise IdentifierError(
            f"{outward} is not the first part of a postcode. It is 1 or 2 letters and 1 or 2 "
            "digits, sometimes with a letter after the digit, like M1, B33, CR2, DN55, W1A "
            f"or EC1A.{_zero_hint(outward[1:])} {_POSTCODE_CHECK_IT}"
        )
    area = match["area"] or match["area_l"]
    if area[0] in POSTCODE_FIRST_LETTER_NOT_USED.value:
        raise IdentifierError(
            f"A postcode never starts with {area[0]}: Q, V and X are not used as the first "
            f"letter. {_POSTCODE_CHECK_IT}"
        )
    if len(area) == 2 and area[1] in POSTCODE_SECOND_LETTER_NOT_USED.value:
        raise IdentifierError(
            f"The second letter of a postcode is never {area[1]}: I, J and Z are not used "
            f"there.{_zero_hint(area[1])} {_POSTCODE_CHECK_IT}"
        )
    sub = match["sub"]
    if sub is not None:
        used = POSTCODE_THIRD_LETTER_USED if len(area) == 1 else POSTCODE_FOURTH_LETTER_USED
        allowed = used.value
        if sub not in allowed:
            raise IdentifierError(
                f"{outward} is not the first part of a postcode: after {outward[:-1]} the "
                f"letter is one of {_and_list(list(allowed))}, not {sub}. {_POSTCODE_CHECK_IT}"
            )
    return f"{outward} {inward}"


def outcode(text: str) -> str:
    """The outward code (the part before the space) of a valid postcode: ``SW1A``.

    Raises ``IdentifierError`` as ``validate_postcode`` does.
    """
    return validate_postcode(text).split(" ")[0]


# ---------------------------------------------------------------------------------------
# Vehicle registration mark

VRM_MAX_CHARACTERS = declare(
    "identifiers.vrm_max_characters",
    7,
    source=(
        "DVLA INF104 'Vehicle registration numbers and number plates': the current format "
        "has 7 characters, and no older or personalised format has more"
    ),
    mark="M",
    note="Not stated as a maximum in INF104. A foreign plate may be longer.",
)

_VRM_MIN_CHARACTERS = 2  # the shortest marks are one letter and one digit, like A 1


class VrmFormat(StrEnum):
    """The format of a vehicle registration mark: a label for display and research only."""

    CURRENT = "current"  # since 1 Sep 2001: AB12 CDE (INF104 §3) [C]
    PREFIX = "prefix"  # 1983 to 2001: A123 BCD [M]
    SUFFIX = "suffix"  # 1963 to 1983: ABC 123D [M]
    DATELESS = "dateless"  # before 1963: ABC 123, 123 ABC [M]
    NORTHERN_IRELAND = "northern_ireland"  # ABZ 1234: letters include I or Z [M]
    OTHER = "other"  # anything else of 2 to 7 letters and digits: trade, diplomatic, foreign


# Order matters: the first match wins. Each pattern's groups are the display halves.
_VRM_PATTERNS: tuple[tuple[VrmFormat, re.Pattern[str]], ...] = (
    (VrmFormat.CURRENT, re.compile(r"([A-Z]{2}[0-9]{2})([A-Z]{3})")),
    (VrmFormat.PREFIX, re.compile(r"([A-Z][0-9]{1,3})([A-Z]{3})")),
    (VrmFormat.SUFFIX, re.compile(r"([A-Z]{3})([0-9]{1,3}[A-Z])")),
    (VrmFormat.NORTHERN_IRELAND, re.compile(r"([A-Z]?(?:[IZ][A-Z]|[A-Z][IZ]))([0-9]{1,4})")),
    (VrmFormat.DATELESS, re.compile(r"([A-Z]{1,3})([0-9]{1,4})|([0-9]{1,4})([A-Z]{1,3})")),
)

_VRM_SHAPE = "A registration number has 2 to 7 letters and numbers, like AB12 CDE."
_VRM_CHECK_IT = "Check the registration number against the plate or the DVLA record."


def normalise_vrm(text: str) -> str:
    """The canonical VRM: upper case, spaces and hyphens removed, ``AB12CDE``.

    Nothing is guessed: the letter O and the digit 0 (and I and 1) stay as typed, since a
    plate may contain either.

    >>> normalise_vrm("ab12 cde")
    'AB12CDE'
    """
    return _squash(text, also_drop="-")


def validate_vrm(text: str) -> str:
    """The canonical VRM, or ``IdentifierError``.

    Any 2 to 7 letters and digits is accepted, whatever its format: personalised, trade
    and foreign marks are real. Use ``classify_vrm`` for the format.
    """
    s = normalise_vrm(text)
    if not s:
        raise IdentifierError(f"Enter the vehicle registration number. {_VRM_SHAPE}")
    bad = _unexpected(s, allowed=_DIGITS + _LETTERS)
    if bad:
        raise IdentifierError(
            f"A registration number has only letters and numbers. Remove {bad}. {_VRM_SHAPE}"
        )
    if len(s) < _VRM_MIN_CHARACTERS:
        raise IdentifierError(
            f"A registration number has at least 2 letters and numbers, but this has 1. "
            f"{_VRM_CHECK_IT}"
        )
    if len(s) > VRM_MAX_CHARACTERS.value:
        raise IdentifierError(
            f"A UK registration number has at most {VRM_MAX_CHARACTERS.value} letters and "
            f"numbers, but this has {len(s)}. {_VRM_CHECK_IT}"
        )
    return s


def _vrm_match(s: str) -> tuple[VrmFormat, tuple[str, str]] | None:
    for kind, pattern in _VRM_PATTERNS:
        match = pattern.fullmatch(s)
        if match is not None:
            first, second = (g for g in match.groups() if g is not None)
            return kind, (first, second)
    return None


def classify_vrm(text: str) -> VrmFormat:
    """The format of a valid VRM, by its shape alone (``IdentifierError`` if invalid).

    Current ``AB12CDE`` (INF104 [C]); prefix ``A123BCD``; suffix ``ABC123D``; Northern
    Ireland, 1 to 3 letters including I or Z then 1 to 4 digits (``ABZ1234``), since those
    letters were kept for Irish marks; dateless, 1 to 3 letters and 1 to 4 digits either
    way round; anything else is ``OTHER`` [M]. A Q plate (``Q123ABC``) reads as prefix.
    """
    found = _vrm_match(validate_vrm(text))
    return VrmFormat.OTHER if found is None else found[0]


def format_vrm(text: str) -> str:
    """The VRM as printed on a plate, with the conventional space: ``AB12 CDE``.

    Marks of no recognised format, and text that is not a valid VRM, are returned
    normalised without a space.
    """
    s = normalise_vrm(text)
    found = _vrm_match(s)
    if found is None:
        return s
    first, second = found[1]
    return f"{first} {second}"


def vrm_pattern(partial: str) -> re.Pattern[str]:
    """A regular expression matching the normalised VRMs that fit a partial plate.

    ``?`` stands for exactly one unknown character and ``*`` for any number (including
    none); spaces and hyphens are ignored and case does not matter, so ``"AB1? C*"``
    matches ``AB12CDE`` and ``AB1XC``. The pattern matches the whole VRM (``fullmatch``
    or ``search``; it is anchored): put ``*`` at either end for "contains". Its text uses
    only ``^``, ``$``, ``[A-Z0-9]``, ``*`` and literal letters and digits, so
    ``pattern.pattern`` also works as a PostgreSQL ``~`` or Django ``__regex`` lookup on
    a column of normalised VRMs. O and 0 are not treated as the same character.
    """
    s = normalise_vrm(partial)
    bad = _unexpected(s, allowed=_DIGITS + _LETTERS + "?*")
    if bad:
        raise IdentifierError(
            "A part plate has only letters, numbers, ? for one unknown character and * for "
            f"any number of unknown characters. Remove {bad}."
        )
    known = sum(ch in _DIGITS + _LETTERS for ch in s)
    if known == 0:
        raise IdentifierError(
            "Enter at least one letter or number of the plate. Use ? for one unknown "
            "character and * for any number of them, like AB1? C*."
        )
    fixed = sum(ch != "*" for ch in s)
    if fixed > VRM_MAX_CHARACTERS.value:
        raise IdentifierError(
            f"A registration number has at most {VRM_MAX_CHARACTERS.value} characters, but "
            f"this part plate needs {fixed}. Remove some, or use * for any number of "
            "unknown characters."
        )
    s = re.sub(r"\*+", "*", s)
    body = "".join("[A-Z0-9]" if ch == "?" else "[A-Z0-9]*" if ch == "*" else ch for ch in s)
    return re.compile(f"^{body}$")
