"""Disposals, terms and sentences, as Part 2 of the Sexual Offences Act 2003 counts them.

Schedule 3 thresholds ("sentenced to imprisonment for a term of at least 12 months",
"a community sentence of at least 12 months") and the s.82(1) notification-period table both
look at how the offender was dealt with. This module holds the plain values that describe
that disposal, and the rules that decide how much imprisonment a sentence *counts as*:

- s.131 (SCHEDULE3.md §2, §4.3): young offenders' custody counts as an equivalent sentence of
  imprisonment, and for a detention and training order only the *period of detention* counts,
  which is half the term (Crime and Disorder Act 1998 s.75(2), now Sentencing Code s.241) [D].
- Sentencing Code s.289 (SCHEDULE3.md §2): an unactivated suspended sentence is treated as a
  sentence of imprisonment of its stated term [D].
- Terms in weeks or days are compared with the statute's month thresholds by length, using the
  average calendar month [D] (see ``DAYS_PER_MONTH``).

Every [M]/[D] reading is a declared ``PolicyValue`` so a legal adviser can confirm or change it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from vigil.policy.values import declare

# --- Policy values ----------------------------------------------------------------------------

DAYS_PER_MONTH = declare(
    "sentence.days_per_month",
    Fraction(1461, 48),  # 365.25 / 12 = 30.4375 days
    source=(
        "Interpretation Act 1978 Sch 1 ('month' means calendar month); SCHEDULE3.md §2 and §6; "
        "RULES.md §1.2"
    ),
    mark="D",
    note=(
        "How a term in weeks or days is compared with a threshold in months. Calendar months "
        "are 28-31 days long, so '26 weeks' against '6 months' depends on the start date; we "
        "compare lengths using the average Gregorian month (365.25 / 12 days). Whole-month and "
        "whole-year terms therefore compare exactly (24m = 2y; 6m is '6 months or less'), 26 "
        "weeks (182 days) is less than 6 months (182.6 days), 52 weeks (364 days) is less than "
        "12 months, 31 days is more than 1 month and 30 days is less. Confirm with a legal "
        "adviser; courts commonly sentence in weeks in the magistrates' court."
    ),
)

DTO_DETENTION_FRACTION = declare(
    "sentence.dto_detention_fraction",
    Fraction(1, 2),
    source=(
        "SOA 2003 s.131(a); Crime and Disorder Act 1998 s.75(2), now Sentencing Code s.241; "
        "SCHEDULE3.md §2 'DTO length to use' and §7 item 7"
    ),
    mark="D",
    note=(
        "s.131(a) applies Part 2 to 'the period of detention which a person is liable to serve "
        "under a detention and training order'; that period is half the term of the order. So "
        "a 24-month DTO counts as 12 months' imprisonment. RULES.md §1.2 had believed the whole "
        "term counts [M]; SCHEDULE3.md's later reading of the statute text is preferred. "
        "Confirm against Home Office guidance on Part 2."
    ),
)

SUSPENDED_COUNTS_AS_IMPRISONMENT = declare(
    "sentence.suspended_counts_as_imprisonment",
    True,
    source="Sentencing Code s.289(1) (formerly CJA 2003 s.189); SCHEDULE3.md §2 and §7 item 8",
    mark="D",
    note=(
        "A suspended sentence that has not been activated is treated as a sentence of "
        "imprisonment of its stated (custodial) term for all enactments; no contrary provision "
        "was seen in SOA 2003 Part 2. If set to False, a suspended sentence meets no "
        "imprisonment condition and falls in the s.82(1) 'any other description' row."
    ),
)

INDETERMINATE_MEETS_TERM_THRESHOLDS = declare(
    "sentence.indeterminate_meets_term_thresholds",
    True,
    source="SOA 2003 s.82(1) (life and 30 months+ share a row; IPP row in the 2019 text)",
    mark="D",
    note=(
        "Schedule 3 speaks of imprisonment 'for a term of at least N months'. A life sentence, "
        "IPP or other indeterminate custody has no fixed term; we read it as meeting every such "
        "threshold and every 'term of imprisonment' condition, as s.82(1) ranks life with the "
        "longest terms. If set to False, an indeterminate sentence meets no Schedule 3 "
        "imprisonment condition (it still gives an indefinite s.82 period)."
    ),
)

COMMUNITY_SENTENCE_LENGTH = declare(
    "sentence.community_sentence_length",
    "length of the order",
    source=(
        "Sch 3 para 96(a); Sentencing Code s.397(1) and s.209; SCHEDULE3.md §2 'Community "
        "sentence of at least 12 months' and §7 item 6"
    ),
    mark="M",
    note=(
        "A community sentence's length for the '12 months' thresholds is the length of the "
        "order: for a community order, from the day it is made to the end date fixed under "
        "Sentencing Code s.209; for a youth rehabilitation order, to its end date. How to "
        "measure an order with only an unpaid-work requirement is not settled (R v Davison "
        "[2008] EWCA Crim 2795 not read). The user enters that length as the sentence term."
    ),
)

AGE_OF_CRIMINAL_RESPONSIBILITY = declare(
    "sentence.age_of_criminal_responsibility",
    10,
    source="Children and Young Persons Act 1933 s.50 (England and Wales)",
    mark="M",
    note="No child under 10 can be guilty of an offence, so no younger offender age is valid.",
)

MAX_CONDITIONAL_DISCHARGE_YEARS = declare(
    "sentence.max_conditional_discharge_years",
    3,
    source="Sentencing Code s.80 (formerly PCC(S)A 2000 s.12(1)(b))",
    mark="M",
    note="A conditional discharge is for a period not exceeding 3 years.",
)

MAX_AGE = 130
"""Ages above this are typing errors, not people (a sanity bound, not a legal rule)."""

MAX_TERM_YEARS = 200
"""Terms above this are typing errors; it also keeps period arithmetic inside ``date``."""


def check_age(age: int, *, who: str, minimum: int = 0) -> None:
    """Raise ``ValueError`` unless ``age`` is a whole number from ``minimum`` to ``MAX_AGE``."""
    if isinstance(age, bool) or not isinstance(age, int):
        raise ValueError(f"{who} must be a whole number of years, not {age!r}")
    if age < 0:
        raise ValueError(f"{who} cannot be negative (got {age})")
    if age < minimum:
        raise ValueError(
            f"{who} was {age}, but no child under {minimum} can commit an offence in England "
            "and Wales (Children and Young Persons Act 1933 s.50); check the date of birth"
        )
    if age > MAX_AGE:
        raise ValueError(f"{who} of {age} is not plausible; check the date of birth")


def check_offender_age(age: int, *, who: str = "the offender's age") -> None:
    """Raise ``ValueError`` for an offender's age below criminal responsibility or implausible."""
    check_age(age, who=who, minimum=AGE_OF_CRIMINAL_RESPONSIBILITY.value)


# --- Disposals ------------------------------------------------------------------------------


class Disposal(StrEnum):
    """How the offender was dealt with for the offence. The values are also CLI values."""

    IMPRISONMENT = "imprisonment"
    """A determinate custodial term, including suspended sentences and s.131 youth custody."""
    LIFE = "life"
    """Life, IPP, custody for life, detention at His Majesty's pleasure or other indeterminate
    custody (s.82(1) first row; s.131(h)-(k))."""
    HOSPITAL_RESTRICTED = "hospital_restricted"
    """Admitted to a hospital subject to a restriction order (MHA 1983 s.37 with s.41; s.133)."""
    HOSPITAL = "hospital"
    """Admitted to (detained in) a hospital without a restriction order (MHA 1983 s.37)."""
    COMMUNITY = "community"
    """A community sentence: a community order or youth rehabilitation order (Sentencing Code
    s.397(1); Sch 3 para 96). Not a suspended sentence order, which is imprisonment."""
    CAUTION = "caution"
    """A police caution, youth caution, reprimand or warning (s.80(1)(d), s.133)."""
    CONDITIONAL_DISCHARGE = "conditional_discharge"
    """An order for conditional discharge; counts as a conviction for Part 2 (s.134)."""
    FINE = "fine"
    OTHER = "other"
    """Any other disposal that follows a conviction or finding (e.g. a referral order)."""


class Custody(StrEnum):
    """The kind of determinate custody, where s.131 makes it count as imprisonment.

    Only a detention and training order changes the term that counts; the others count as
    imprisonment of their full term ("as it applies to an equivalent sentence of imprisonment").
    For an extended sentence, give the whole term (custodial term plus extension period), which
    is the term of the sentence.
    """

    IMPRISONMENT = "imprisonment"
    """Imprisonment of an adult (21+)."""
    YOI = "yoi"
    """Detention in a young offender institution (s.131(f))."""
    DETENTION = "detention"
    """Detention of a young offender under Sentencing Code s.250/s.254/s.259, formerly
    PCC(S)A 2000 s.90/91 or CJA 2003 s.226B/228 (s.131(h), (k)-(l))."""
    DTO = "dto"
    """Detention and training order (s.131(a)): only the period of detention, half the term,
    counts (``DTO_DETENTION_FRACTION``)."""


# --- Terms ----------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Term:
    """A length of time as a court states it: years, months, weeks and days.

    Two terms are equal when they have the same months (a year is 12) and the same days (a week
    is 7): ``2y == 24m`` and ``2w == 14d``, but ``4w != 1m``, which are compared by length (see
    ``DAYS_PER_MONTH``) rather than being equal.
    """

    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        for name in ("years", "months", "weeks", "days"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise ValueError(f"a term's {name} must be a whole number, not {value!r}")
            if value < 0:
                raise ValueError(f"a term cannot be negative ({name}={value})")
        # A speed-up only: with months of at most 31 days, a term of at most 365 days a
        # year for each of MAX_TERM_YEARS years cannot be longer than the exact bound, so
        # the exact (Fraction) comparison is needed only beyond that.
        if self.total_months * 31 + self.total_days <= MAX_TERM_YEARS * 365 and (
            DAYS_PER_MONTH.value <= 31
        ):
            return
        if self.in_days() > MAX_TERM_YEARS * Fraction(36525, 100):
            raise ValueError(f"a term longer than {MAX_TERM_YEARS} years is not plausible")

    @property
    def total_months(self) -> int:
        """The years and months part, in months."""
        return self.years * 12 + self.months

    @property
    def total_days(self) -> int:
        """The weeks and days part, in days."""
        return self.weeks * 7 + self.days

    @property
    def is_zero(self) -> bool:
        return self.total_months == 0 and self.total_days == 0

    def _key(self) -> tuple[int, int]:
        return (self.total_months, self.total_days)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Term):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __add__(self, other: Term) -> Term:
        return Term(
            years=self.years + other.years,
            months=self.months + other.months,
            weeks=self.weeks + other.weeks,
            days=self.days + other.days,
        )

    def in_days(self) -> Fraction:
        """The term's length in days, counting a month as ``DAYS_PER_MONTH`` [D]."""
        return self.total_months * DAYS_PER_MONTH.value + self.total_days

    def compare_months(self, months: int) -> int:
        """-1, 0 or 1 as this term is shorter than, as long as, or longer than ``months``.

        Whole-month terms compare exactly; weeks and days are compared by length using the
        declared average month (``DAYS_PER_MONTH``, [D]).
        """
        if not self.total_days and DAYS_PER_MONTH.value > 0:
            # A speed-up only: whole months against whole months compare as their counts.
            mine_months = self.total_months
            return (mine_months > months) - (mine_months < months)
        mine, theirs = self.in_days(), months * DAYS_PER_MONTH.value
        return (mine > theirs) - (mine < theirs)

    def halved(self) -> Term:
        """Half of a term of whole, even months (for the detention period of a DTO)."""
        if self.total_days or self.total_months % 2:
            raise ValueError(f"cannot halve {self} exactly: give a whole, even number of months")
        return Term(months=self.total_months // 2)

    def __str__(self) -> str:
        """Compact form, as ``parse_term`` accepts it: ``2y6m``, ``26w``, ``18m2w``."""
        parts = [
            f"{n}{unit}"
            for n, unit in (
                (self.years, "y"),
                (self.months, "m"),
                (self.weeks, "w"),
                (self.days, "d"),
            )
            if n
        ]
        return "".join(parts) or "0d"

    def describe(self) -> str:
        """Plain English: ``2 years 6 months``, ``26 weeks``, ``1 month``."""
        parts = [
            f"{n} {unit if n == 1 else unit + 's'}"
            for n, unit in (
                (self.years, "year"),
                (self.months, "month"),
                (self.weeks, "week"),
                (self.days, "day"),
            )
            if n
        ]
        return " ".join(parts) or "0 days"


_UNIT_WORDS = {
    "y": "years",
    "yr": "years",
    "yrs": "years",
    "year": "years",
    "years": "years",
    "m": "months",
    "mo": "months",
    "mth": "months",
    "mths": "months",
    "month": "months",
    "months": "months",
    "w": "weeks",
    "wk": "weeks",
    "wks": "weeks",
    "week": "weeks",
    "weeks": "weeks",
    "d": "days",
    "day": "days",
    "days": "days",
}
_TOKEN = re.compile(r"\s*(\d+)\s*([a-z]+)\s*")
_TERM_HELP = (
    "give a term such as 30m, 26w, 3y, 2y6m, 18m2w or 10d "
    "(y = years, m = months, w = weeks, d = days)"
)


def parse_term(text: str) -> Term:
    """Parse a term such as ``30m``, ``26w``, ``3y``, ``2y6m``, ``18m2w`` or ``10d``.

    Case and spaces do not matter, and words are accepted (``2 years 6 months``). A bare number
    is refused because its unit would be a guess; so are negative and zero terms, which are
    meaningless for a sentence, order or overlap.

    >>> parse_term("2y6m").describe()
    '2 years 6 months'
    """
    if not isinstance(text, str):
        raise ValueError(f"{_TERM_HELP}; got {text!r}")
    return _parse_term(text)


@functools.lru_cache(maxsize=1024)
def _parse_term(text: str) -> Term:
    """``parse_term`` of a string. Cached: the register holds a few hundred distinct terms,
    parsed again for every conviction of every list; a ``Term`` is immutable, and an
    error is raised afresh each time (``lru_cache`` keeps only results)."""
    cleaned = re.sub(r"\band\b|,", " ", text.strip().lower())
    if not cleaned.strip():
        raise ValueError(f"the term is empty: {_TERM_HELP}")
    if cleaned.lstrip().startswith("-"):
        raise ValueError(f"a term cannot be negative ({text!r}): {_TERM_HELP}")
    if re.fullmatch(r"\s*\d+\s*", cleaned):
        raise ValueError(f"{text!r} has no unit: {_TERM_HELP}")
    values: dict[str, int] = {}
    pos = 0
    while pos < len(cleaned):
        match = _TOKEN.match(cleaned, pos)
        if match is None:
            raise ValueError(f"cannot read {text!r}: {_TERM_HELP}")
        number, word = match.groups()
        unit = _UNIT_WORDS.get(word)
        if unit is None:
            raise ValueError(f"unknown unit {word!r} in {text!r}: {_TERM_HELP}")
        if unit in values:
            raise ValueError(f"{unit} given twice in {text!r}: {_TERM_HELP}")
        values[unit] = int(number)
        pos = match.end()
    term = Term(**values)
    if term.is_zero:
        raise ValueError(f"a term of zero ({text!r}) is meaningless: {_TERM_HELP}")
    return term


# --- Sentences ------------------------------------------------------------------------------

# Disposals whose ``term`` means something, and what it means (for messages).
_TERM_MEANING = {
    Disposal.IMPRISONMENT: "the custodial term (for a suspended sentence, not the operational "
    "period)",
    Disposal.COMMUNITY: "the length of the order",
    Disposal.CONDITIONAL_DISCHARGE: "the period of the discharge",
}


@dataclass(frozen=True)
class Sentence:
    """How the offender was dealt with for one offence.

    ``term`` means, by disposal:

    - ``imprisonment``: the custodial term as pronounced (for a suspended sentence the custodial
      term, not the operational period: "6 months suspended for 2 years" is ``6m``; for a DTO the
      whole term of the order, of which s.131(a) counts half);
    - ``community``: the length of the order (``COMMUNITY_SENTENCE_LENGTH``, [M]); may be left
      out, but a Schedule 3 paragraph that turns on "at least 12 months" will then ask for it;
    - ``conditional_discharge``: the period of the discharge (s.82(1) uses it as the period);
    - anything else: must be left out (life has no fixed term for these purposes).
    """

    disposal: Disposal
    term: Term | None = None
    suspended: bool = False
    custody: Custody = Custody.IMPRISONMENT

    def __post_init__(self) -> None:
        disposal = Disposal(self.disposal)  # also accepts the CLI string
        object.__setattr__(self, "disposal", disposal)
        object.__setattr__(self, "custody", Custody(self.custody))
        if self.term is not None and not isinstance(self.term, Term):
            raise ValueError(f"the term must be a Term (use parse_term), not {self.term!r}")
        if disposal in (Disposal.IMPRISONMENT, Disposal.CONDITIONAL_DISCHARGE):
            if self.term is None:
                raise ValueError(f"{disposal.value}: give {_TERM_MEANING[disposal]} as the term")
        elif disposal is not Disposal.COMMUNITY and self.term is not None:
            raise ValueError(f"{disposal.value} has no term for these purposes; leave the term out")
        if self.term is not None and self.term.is_zero:
            raise ValueError(f"{disposal.value}: a term of zero is meaningless")
        if self.suspended and not (
            disposal is Disposal.IMPRISONMENT
            and self.custody in (Custody.IMPRISONMENT, Custody.YOI)
        ):
            raise ValueError(
                "only imprisonment or detention in a young offender institution can be "
                "suspended (Sentencing Code s.264/s.277)"
            )
        if self.custody is not Custody.IMPRISONMENT and disposal is not Disposal.IMPRISONMENT:
            raise ValueError(f"custody kind {self.custody.value!r} only applies to imprisonment")
        if self.custody is Custody.DTO:
            assert self.term is not None  # checked above for imprisonment
            if self.term.total_days or self.term.total_months % 2:
                raise ValueError(
                    "a detention and training order is for a whole, even number of months "
                    f"(4 to 24); got {self.term}"
                )
        if disposal is Disposal.CONDITIONAL_DISCHARGE:
            assert self.term is not None
            if self.term.compare_months(12 * MAX_CONDITIONAL_DISCHARGE_YEARS.value) > 0:
                raise ValueError(
                    "a conditional discharge cannot be longer than "
                    f"{MAX_CONDITIONAL_DISCHARGE_YEARS.value} years (Sentencing Code s.80); "
                    f"got {self.term.describe()}"
                )

    @property
    def counts_as_imprisonment(self) -> bool:
        """Whether Part 2 treats this as a sentence of imprisonment (s.131, Code s.289)."""
        if self.disposal is Disposal.LIFE:
            return True
        if self.disposal is not Disposal.IMPRISONMENT:
            return False
        return not self.suspended or bool(SUSPENDED_COUNTS_AS_IMPRISONMENT.value)

    @property
    def imprisonment_term(self) -> Term | None:
        """The term of imprisonment this sentence counts as for Part 2, or ``None``.

        ``None`` for an indeterminate sentence (no term) and for anything that is not
        imprisonment. A DTO counts as its period of detention (s.131(a), [D]).
        """
        if self.disposal is not Disposal.IMPRISONMENT or not self.counts_as_imprisonment:
            return None
        assert self.term is not None
        if self.custody is Custody.DTO:
            fraction = DTO_DETENTION_FRACTION.value
            if fraction == Fraction(1, 2):
                return self.term.halved()
            if fraction == 1:
                return self.term
            raise ValueError(f"unsupported DTO detention fraction {fraction}")
        return self.term

    def meets_imprisonment(self, at_least_months: int | None = None) -> bool:
        """Whether the offender was "sentenced to (a term of) imprisonment (of at least N)".

        Schedule 3's sentencing conditions (SCHEDULE3.md §3). An indeterminate sentence meets
        every such condition under ``INDETERMINATE_MEETS_TERM_THRESHOLDS`` [D].
        """
        if not self.counts_as_imprisonment:
            return False
        if self.disposal is Disposal.LIFE:
            return bool(INDETERMINATE_MEETS_TERM_THRESHOLDS.value)
        if at_least_months is None:
            return True
        term = self.imprisonment_term
        assert term is not None
        return term.compare_months(at_least_months) >= 0

    def describe(self) -> str:
        """Plain English, e.g. "a detention and training order of 24 months"."""
        d = self.disposal
        if d is Disposal.IMPRISONMENT:
            assert self.term is not None
            kind = {
                Custody.IMPRISONMENT: "imprisonment",
                Custody.YOI: "detention in a young offender institution",
                Custody.DETENTION: "detention (Sentencing Code s.250/s.254/s.259)",
                Custody.DTO: "a detention and training order",
            }[self.custody]
            text = f"{kind} for {self.term.describe()}"
            if self.custody is Custody.DTO:
                text = f"{kind} of {self.term.describe()}"
            return text + (", suspended" if self.suspended else "")
        if d is Disposal.COMMUNITY:
            length = f" of {self.term.describe()}" if self.term else " (length not given)"
            return f"a community sentence{length}"
        if d is Disposal.CONDITIONAL_DISCHARGE:
            assert self.term is not None
            return f"a conditional discharge for {self.term.describe()}"
        return {
            Disposal.LIFE: "a life sentence or other indeterminate custody",
            Disposal.HOSPITAL_RESTRICTED: "a hospital order with a restriction order",
            Disposal.HOSPITAL: "a hospital order without a restriction order",
            Disposal.CAUTION: "a caution",
            Disposal.FINE: "a fine",
            Disposal.OTHER: "another disposal",
        }[d]

    def counting_note(self) -> str:
        """How s.131 / Code s.289 changed what this sentence counts as, or ``""``."""
        if self.disposal is not Disposal.IMPRISONMENT:
            return ""
        if self.suspended:
            if SUSPENDED_COUNTS_AS_IMPRISONMENT.value:
                return (
                    "a suspended sentence counts as imprisonment of its stated term "
                    "(Sentencing Code s.289)"
                )
            return "a suspended sentence is not counted as imprisonment (force policy)"
        if self.custody is Custody.DTO:
            term = self.imprisonment_term
            assert term is not None and self.term is not None
            return (
                f"a detention and training order of {self.term.describe()} counts as "
                f"imprisonment for {term.describe()}: only its period of detention counts "
                "(s.131(a); Sentencing Code s.241)"
            )
        if self.custody in (Custody.YOI, Custody.DETENTION):
            return "youth custody counts as an equivalent sentence of imprisonment (s.131)"
        return ""
