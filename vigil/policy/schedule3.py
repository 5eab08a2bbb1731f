"""Schedule 3 to the Sexual Offences Act 2003 (England and Wales): which offences make a person
subject to the Part 2 notification requirements, and on what conditions.

Source: SCHEDULE3.md (the table in §3, definitions in §2, worked examples in §5, encoding notes in
§6), read against the revised statute text of Schedule 3 paras 1-35 and 93-97 (1 Feb 2005), the
2010 snapshot (paras 29A-29C, 35A, 35B, 93A, 94A), Voyeurism (Offences) Act 2019 s.1(4) (para
34A) and Online Safety Act 2023 Sch 14 para 16(4) (paras 33A, 33B).

The table is data: each ``Paragraph`` lists its offence codes and a tree of conditions (``AnyOf``
/ ``AllOf`` over leaf tests). Every leaf is flagged *sentencing* (about how the offender was dealt
with) or *other* (ages, purpose, dates), so that:

- a caution can only meet the *other* limbs (s.80(1)(d); a caution is not a sentence);
- s.132 can say when the relevant date is the date of sentence: if the offence is notifiable only
  through a sentencing limb, the offender is treated as convicted when the sentencing condition is
  met (s.132(1)-(3)); if another limb is met too, s.132 does not apply (s.132(2)).

Facts that a paragraph needs but the caller did not give are *unknown*; if the answer turns on an
unknown fact, ``check`` raises ``ValueError`` naming the fact rather than guessing.

Secondary and inchoate liability (para 94, 94A) is passed as ``secondary=``, not as part of the
offence code: an attempt to commit an offence is listed wherever the offence is, on the same
conditions.

Service offences (paras 93/93A, Armed Forces Act 2006 s.42) and the Scottish and Northern Irish
parts of the Schedule are not modelled.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TypeAlias

from vigil.policy.sentence import (
    Disposal,
    Sentence,
    check_age,
    check_offender_age,
)
from vigil.policy.values import Mark, PolicyValue, declare


@functools.lru_cache(maxsize=4096)
def _day(day: dt.date) -> str:
    """A date as the statute book writes it: "1 May 2004"."""
    return f"{day.day} {day:%B %Y}"


# --- Policy values ----------------------------------------------------------------------------

PART2_COMMENCEMENT = declare(
    "soa2003.sch3.part2_commencement",
    dt.date(2004, 5, 1),
    source="SOA 2003 s.141; Sch 3 paras 13(a), 14(a), 15(a); SCHEDULE3.md §3.1",
    mark="C",
    note="Paras 13-15(a): an image offence disposed of before this date is listed regardless "
    "of the offender's age or sentence (if the images showed persons under 16).",
)

PHOTOGRAPH_AGE_READING = declare(
    "soa2003.sch3.photograph_age_reading",
    "subject's age when taken; offender's age at the offence",
    source="Sch 3 para 95; SCHEDULE3.md §2 'Age (indecent photograph)' and §7 item 9",
    mark="D",
    note="Para 95(a) (age when the photograph was taken) is applied to the person shown in the "
    "image (image_subject_age); the offender's age in paras 13-15 is read under para 95(b) as "
    "the age at the time of the offence (offender_age). The literal alternative (offender's age "
    "when the photograph was taken) is not used.",
)

S130_ASSUME_AFTER_INSERTION = declare(
    "soa2003.sch3.s130_assume_after_insertion",
    True,
    source="SOA 2003 s.130(2), (4)(a); SCHEDULE3.md §2 'Amendments not retrospective'",
    mark="D",
    note="Where a paragraph is believed to have come into force with the offence it lists, "
    "a conviction before the paragraph took effect is impossible, so if no conviction date is "
    "given we assume s.130(2) is met and say so in the decision's notes. Where the offence "
    "existed before the paragraph (paras 29A-29C), the conviction date is required.",
)


def _in_force(
    para: str, day: dt.date, *, source: str, mark: Mark, note: str = ""
) -> PolicyValue[dt.date]:
    return declare(f"soa2003.sch3.para_{para}.in_force", day, source=source, mark=mark, note=note)


# When each inserted paragraph took effect (s.130). Dates marked [M] need confirming.
_IN_FORCE_24A = _in_force(
    "24A",
    dt.date(2017, 4, 3),
    source="Serious Crime Act 2015 Sch 4 para 66(2); SCHEDULE3.md §3.2 (commencement [M])",
    mark="M",
    note="Believed to commence with the s.15A offence itself.",
)
_IN_FORCE_29ABC = _in_force(
    "29A-29C",
    dt.date(2007, 2, 19),
    source="SI 2007/296 art 1(1) (in force after 14 days beginning with 5 Feb 2007, the day "
    "made) and art 2(2); legislation.gov.uk/uksi/2007/296/made",
    mark="D",
    note="The date is computed from the article's wording; ss.48-50 themselves were in force "
    "from 1 May 2004, so convictions between then and this date are not covered (s.130(2)).",
)
_IN_FORCE_33AB = _in_force(
    "33A-33B",
    dt.date(2024, 1, 31),
    source="Online Safety Act 2023 Sch 14 para 16(4); SI 2024/31 reg 2 (other Sch 14 Part 3 "
    "paragraphs seen in force 31.1.2024); College of Policing (ss.66A/66B in force 31.1.2024)",
    mark="M",
)
_IN_FORCE_34A = _in_force(
    "34A",
    dt.date(2019, 4, 12),
    source="Voyeurism (Offences) Act 2019 s.1(4) and s.2(2) (two months beginning with Royal "
    "Assent on 12 Feb 2019)",
    mark="C",
)
_IN_FORCE_35A = _in_force(
    "35A",
    dt.date(2009, 1, 26),
    source="Criminal Justice and Immigration Act 2008 s.63 (valid from 26.1.2009, "
    "legislation.gov.uk); paragraph insertion date [M]",
    mark="M",
)
_IN_FORCE_35B = _in_force(
    "35B",
    dt.date(2010, 4, 6),
    source="Coroners and Justice Act 2009 s.62 commencement; SCHEDULE3.md §7 item 3",
    mark="M",
)
_IN_FORCE_35C = _in_force(
    "35C",
    dt.date(2015, 5, 3),
    source="Serious Crime Act 2015 s.69 and Sch 4 para 66(3); SCHEDULE3.md §3.3 (commencement [M])",
    mark="M",
)


# --- Facts ------------------------------------------------------------------------------------


class Secondary(StrEnum):
    """Inchoate and secondary liability, which Sch 3 paras 94 and 94A bring into every entry."""

    ATTEMPT = "attempt"
    CONSPIRACY = "conspiracy"
    INCITEMENT = "incitement"
    AIDING_ABETTING = "aiding_abetting"
    """Aiding, abetting, counselling or procuring (para 94(b))."""
    ENCOURAGING_ASSISTING = "encouraging_assisting"
    """Encouraging or assisting under Serious Crime Act 2007 Part 2 (para 94A)."""


_SECONDARY_PARA = {
    Secondary.ATTEMPT: "para 94(a)",
    Secondary.CONSPIRACY: "para 94(a)",
    Secondary.INCITEMENT: "para 94(a)",
    Secondary.AIDING_ABETTING: "para 94(b)",
    Secondary.ENCOURAGING_ASSISTING: "para 94A",
}
_SECONDARY_WORDS = {
    Secondary.ATTEMPT: "an attempt to commit",
    Secondary.CONSPIRACY: "a conspiracy to commit",
    Secondary.INCITEMENT: "incitement to commit",
    Secondary.AIDING_ABETTING: "aiding, abetting, counselling or procuring",
    Secondary.ENCOURAGING_ASSISTING: "encouraging or assisting (Serious Crime Act 2007 Part 2)",
}


class Purpose(StrEnum):
    """The purpose of a s.67A offence (s.67A(3))."""

    SEXUAL_GRATIFICATION = "sexual_gratification"
    """s.67A(3)(a): obtaining sexual gratification (para 34A lists only this)."""
    HUMILIATION = "humiliation"
    """s.67A(3)(b): humiliating, alarming or distressing the victim."""


@dataclass(frozen=True)
class _Facts:
    offender_age: int
    victim_age: int | None
    intended_victim_age: int | None
    image_subject_age: int | None
    purpose: Purpose | None
    sentence: Sentence
    conviction_date: dt.date | None
    offence_date: dt.date | None = None
    """A lower bound for the conviction date when that is not given."""

    def disposed_on_or_after(self, day: dt.date) -> bool | None:
        """Whether the conviction, finding or caution was on or after ``day``, if known.

        Without a conviction date, an offence committed on or after ``day`` settles it: nobody
        is convicted of an offence before committing it.
        """
        if self.conviction_date is not None:
            return self.conviction_date >= day
        if self.offence_date is not None and self.offence_date >= day:
            return True
        return None


class Kind(StrEnum):
    """Whether a condition is a "sentencing condition" in the sense of s.132(1)."""

    SENTENCING = "sentencing"
    OTHER = "other"


# --- Conditions (leaf tests) ------------------------------------------------------------------
# Each leaf carries the label of the sub-paragraph it comes from ("(b)(i)"), so a decision can
# cite exactly which limb was met. ``evaluate`` returns None when the fact it needs is unknown.


@dataclass(frozen=True)
class _Leaf(ABC):
    label: str

    kind: Kind = Kind.OTHER

    @abstractmethod
    def evaluate(self, facts: _Facts) -> bool | None:
        """True or False when the facts decide it; None when a fact it needs is unknown."""

    @abstractmethod
    def text(self) -> str:
        """The condition, phrased as a statement that is true when it is met."""

    def missing(self) -> str:
        """The input needed when ``evaluate`` returns None."""
        return ""


@dataclass(frozen=True)
class OffenderUnder(_Leaf):
    age: int = 18

    def evaluate(self, facts: _Facts) -> bool | None:
        return facts.offender_age < self.age

    def text(self) -> str:
        return f"the offender was under {self.age}"


@dataclass(frozen=True)
class OffenderAtLeast(_Leaf):
    age: int = 18

    def evaluate(self, facts: _Facts) -> bool | None:
        return facts.offender_age >= self.age

    def text(self) -> str:
        return f"the offender was {self.age} or over"


@dataclass(frozen=True)
class VictimUnder(_Leaf):
    age: int = 18
    other_party: bool = False
    """Pre-2003 entries test "the victim or (as the case may be) other party" (para 4-9)."""

    def evaluate(self, facts: _Facts) -> bool | None:
        return None if facts.victim_age is None else facts.victim_age < self.age

    def text(self) -> str:
        who = "the victim or other party" if self.other_party else "the victim"
        return f"{who} was under {self.age}"

    def missing(self) -> str:
        return "the victim's (or other party's) age at the time of the offence (victim_age)"


@dataclass(frozen=True)
class IntendedVictimUnder(_Leaf):
    age: int = 18

    def evaluate(self, facts: _Facts) -> bool | None:
        if facts.intended_victim_age is None:
            return None
        return facts.intended_victim_age < self.age

    def text(self) -> str:
        return f"the intended offence was against a person under {self.age}"

    def missing(self) -> str:
        return "the age of the intended victim of the intended offence (intended_victim_age)"


@dataclass(frozen=True)
class ImageSubjectUnder(_Leaf):
    age: int = 16
    imported: bool = False

    def evaluate(self, facts: _Facts) -> bool | None:
        if facts.image_subject_age is None:
            return None
        return facts.image_subject_age < self.age

    def text(self) -> str:
        if self.imported:
            return f"the prohibited goods included indecent photographs of persons under {self.age}"
        return f"the photographs or pseudo-photographs showed persons under {self.age}"

    def missing(self) -> str:
        return (
            "the age of the youngest person shown, when the photograph was taken "
            "(image_subject_age; para 95(a))"
        )


@dataclass(frozen=True)
class ForPurpose(_Leaf):
    purpose: Purpose = Purpose.SEXUAL_GRATIFICATION

    def evaluate(self, facts: _Facts) -> bool | None:
        return None if facts.purpose is None else facts.purpose is self.purpose

    def text(self) -> str:
        return "the offence was committed for the purpose of obtaining sexual gratification"

    def missing(self) -> str:
        return "the purpose of the offence (purpose: sexual_gratification or humiliation)"


@dataclass(frozen=True)
class DisposedBefore(_Leaf):
    """Paras 13-15(a): the conviction, finding or caution was before Part 2 came into force."""

    def evaluate(self, facts: _Facts) -> bool | None:
        after = facts.disposed_on_or_after(PART2_COMMENCEMENT.value)
        return None if after is None else not after

    def text(self) -> str:
        return (
            "the conviction, finding or caution was before Part 2 came into force on "
            f"{_day(PART2_COMMENCEMENT.value)}"
        )

    def missing(self) -> str:
        return "the date of the conviction, finding or caution (conviction_date)"


@dataclass(frozen=True)
class InsertedBefore(_Leaf):
    """s.130(2): an added offence does not apply to a conviction before the amendment."""

    para: str = ""
    in_force: PolicyValue[dt.date] | None = None
    offence_older: bool = False
    """True when the offence existed before the paragraph, so an earlier conviction is possible."""

    def evaluate(self, facts: _Facts) -> bool | None:
        assert self.in_force is not None
        after = facts.disposed_on_or_after(self.in_force.value)
        if after is None and not self.offence_older and S130_ASSUME_AFTER_INSERTION.value:
            return True
        return after

    def text(self) -> str:
        assert self.in_force is not None
        return (
            f"the conviction, finding or caution was on or after {_day(self.in_force.value)}, "
            f"when para {self.para} took effect (s.130(2))"
        )

    def missing(self) -> str:
        assert self.in_force is not None
        return (
            "the date of the conviction, finding or caution (conviction_date), because "
            f"para {self.para} does not apply to those before {_day(self.in_force.value)} "
            "(s.130(2))"
        )


@dataclass(frozen=True)
class Imprisoned(_Leaf):
    """Sentenced to (a term of) imprisonment, optionally of at least ``months``."""

    kind: Kind = Kind.SENTENCING
    months: int | None = None
    words: str = ""
    """How the paragraph states the threshold ("12 months", "2 years", "30 months")."""

    def evaluate(self, facts: _Facts) -> bool | None:
        return facts.sentence.meets_imprisonment(self.months)

    def text(self) -> str:
        if self.months is None:
            return "the offender was sentenced to a term of imprisonment"
        words = self.words or f"{self.months} months"
        return f"the offender was sentenced to imprisonment for a term of at least {words}"


@dataclass(frozen=True)
class DetainedInHospital(_Leaf):
    """Detained in a hospital under MHA 1983 Part 3, with or without restriction (s.133)."""

    kind: Kind = Kind.SENTENCING

    def evaluate(self, facts: _Facts) -> bool | None:
        return facts.sentence.disposal in (Disposal.HOSPITAL, Disposal.HOSPITAL_RESTRICTED)

    def text(self) -> str:
        return "the offender was detained in a hospital"


@dataclass(frozen=True)
class RestrictedHospital(_Leaf):
    """Admitted to a hospital subject to a restriction order (paras 7(b)(ii), 8(b)(ii))."""

    kind: Kind = Kind.SENTENCING

    def evaluate(self, facts: _Facts) -> bool | None:
        return facts.sentence.disposal is Disposal.HOSPITAL_RESTRICTED

    def text(self) -> str:
        return "the offender was admitted to a hospital subject to a restriction order"


@dataclass(frozen=True)
class Community(_Leaf):
    """Made the subject of a community sentence of at least ``months`` (para 96)."""

    kind: Kind = Kind.SENTENCING
    months: int = 12

    def evaluate(self, facts: _Facts) -> bool | None:
        sentence = facts.sentence
        if sentence.disposal is not Disposal.COMMUNITY:
            return False
        if sentence.term is None:
            return None
        return sentence.term.compare_months(self.months) >= 0

    def text(self) -> str:
        return (
            f"the offender was made the subject of a community sentence of at least "
            f"{self.months} months"
        )

    def missing(self) -> str:
        return "the length of the community sentence (the sentence's term)"


@dataclass(frozen=True)
class AllOf:
    items: tuple[Rule, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Rule, ...]


Rule: TypeAlias = "_Leaf | AllOf | AnyOf"


def _all(*items: Rule) -> AllOf:
    return AllOf(items)


def _any(*items: Rule) -> AnyOf:
    return AnyOf(items)


@dataclass(frozen=True)
class _Outcome:
    value: bool | None
    witness: tuple[_Leaf, ...] = ()
    missing: frozenset[str] = frozenset()


def _evaluate(rule: Rule, facts: _Facts, *, sentencing: bool) -> _Outcome:
    """Three-valued evaluation (True, False, unknown) with the leaves that made it true.

    With ``sentencing=False`` every sentencing leaf counts as not met: this asks whether a
    non-sentencing route is met, which decides whether s.132 applies (s.132(2)).
    """
    if isinstance(rule, _Leaf):
        if rule.kind is Kind.SENTENCING and not sentencing:
            return _Outcome(False)
        value = rule.evaluate(facts)
        if value is None:
            return _Outcome(None, missing=frozenset({rule.missing()}))
        return _Outcome(value, (rule,) if value else ())
    outcomes = [_evaluate(item, facts, sentencing=sentencing) for item in rule.items]
    unknown = frozenset().union(*(o.missing for o in outcomes if o.value is None))
    if isinstance(rule, AllOf):
        if any(o.value is False for o in outcomes):
            return _Outcome(False)
        if all(o.value for o in outcomes):
            return _Outcome(True, tuple(leaf for o in outcomes for leaf in o.witness))
        return _Outcome(None, missing=unknown)
    for outcome in outcomes:
        if outcome.value:
            return outcome
    if all(o.value is False for o in outcomes):
        return _Outcome(False)
    return _Outcome(None, missing=unknown)


def _leaves(rule: Rule) -> Iterator[_Leaf]:
    if isinstance(rule, _Leaf):
        yield rule
    else:
        for item in rule.items:
            yield from _leaves(item)


_OFFENDER = "the offender "


def _join(texts: list[str], joiner: str) -> str:
    """Join statements, not repeating "the offender" in consecutive ones about the offender."""
    out: list[str] = []
    for i, text in enumerate(texts):
        if i and text.startswith(_OFFENDER) and texts[i - 1].startswith(_OFFENDER):
            text = text.removeprefix(_OFFENDER)
        out.append(text)
    return joiner.join(out)


def _render(rule: Rule, *, nested: bool = False) -> str:
    """The rule as a plain-English requirement, composites in brackets when nested."""
    if isinstance(rule, _Leaf):
        return rule.text()
    joiner = " and " if isinstance(rule, AllOf) else " or "
    text = _join([_render(item, nested=True) for item in rule.items], joiner)
    return f"({text})" if nested and len(rule.items) > 1 else text


def _citation(number: str, witness: tuple[_Leaf, ...]) -> str:
    """The citation, e.g. "para 18(b)(i)": the most specific labels among the leaves that were met.

    Labels nest ("(b)" is a prefix of "(b)(i)"), so keep only labels that no other label
    extends; several independent limbs are joined with " + " ("para 34A(1)(a) + (3)(b)(iii)").
    """
    labels = sorted({leaf.label for leaf in witness if leaf.label})
    maximal = [a for a in labels if not any(b != a and b.startswith(a) for b in labels)]
    return f"para {number}" + " + ".join(maximal)


# --- The table ----------------------------------------------------------------------------------
# Patterns from SCHEDULE3.md §3, with the sub-paragraph labels of the statute text.


def _pattern_a(victim: Rule | None = None) -> AnyOf:
    """P-A (e.g. para 18): under 18, 12 months+ imprisonment; otherwise victim under 18, or any
    imprisonment, hospital detention, or a community sentence of 12 months+."""
    return _any(
        _all(OffenderUnder("(a)"), Imprisoned("(a)", months=12)),
        _all(
            OffenderAtLeast("(b)"),
            _any(
                victim or VictimUnder("(b)(i)"),
                Imprisoned("(b)(ii)(a)"),
                DetainedInHospital("(b)(ii)(b)"),
                Community("(b)(ii)(c)"),
            ),
        ),
    )


def _pattern_b(*, prefix: str = "") -> AnyOf:
    """P-B (e.g. para 20): offender 18 or over, or imprisonment of 12 months or more."""
    return _any(OffenderAtLeast(f"{prefix}(a)"), Imprisoned(f"{prefix}(b)", months=12))


def _pattern_c() -> AnyOf:
    """P-C (para 28): under 18, 12 months+; otherwise imprisonment, hospital or community 12m+."""
    return _any(
        _all(OffenderUnder("(a)"), Imprisoned("(a)", months=12)),
        _all(
            OffenderAtLeast("(b)"),
            _any(Imprisoned("(b)(i)"), DetainedInHospital("(b)(ii)"), Community("(b)(iii)")),
        ),
    )


def _pattern_d() -> AnyOf:
    """P-D (paras 32, 35): under 18, 12 months+; otherwise imprisonment or hospital only."""
    return _any(
        _all(OffenderUnder("(a)"), Imprisoned("(a)", months=12)),
        _all(OffenderAtLeast("(b)"), _any(Imprisoned("(b)(i)"), DetainedInHospital("(b)(ii)"))),
    )


def _images(*, imported: bool = False) -> AllOf:
    """Paras 13-15: images of under-16s, and (a) disposal before Part 2 or (b) P-B."""
    return _all(
        ImageSubjectUnder("", imported=imported),
        _any(
            DisposedBefore("(a)"),
            OffenderAtLeast("(b)(i)"),
            Imprisoned("(b)(ii)", months=12),
        ),
    )


@dataclass(frozen=True)
class Paragraph:
    """One England and Wales paragraph of Schedule 3."""

    number: str
    offences: tuple[str, ...]
    rule: Rule | None
    """``None``: listed without conditions (any conviction, finding or caution)."""
    source: str
    mark: Mark = "C"
    in_force: PolicyValue[dt.date] | None = None
    """For a paragraph inserted after 2004, when it took effect (s.130(2))."""
    offence_older: bool = False
    """The offence existed before the paragraph took effect (so s.130(2) can bite)."""
    note: str = ""

    def requirement(self) -> str:
        """What the paragraph requires, in plain English."""
        if self.rule is None:
            return "it lists the offence without conditions"
        return f"it lists the offence only if {_render(self.rule)}"

    def effective_rule(self) -> Rule | None:
        """The rule with the s.130(2) date condition added for inserted paragraphs."""
        if self.in_force is None:
            return self.rule
        s130 = InsertedBefore(
            "", para=self.number, in_force=self.in_force, offence_older=self.offence_older
        )
        return s130 if self.rule is None else _all(s130, self.rule)


_S2005 = "S-2005 (SOA 2003 revised text, 1 Feb 2005)"
_S2010 = "S-2010 (SOA 2003 revised text, 1 Dec 2010)"

PARAGRAPHS: tuple[Paragraph, ...] = (
    # 3.1 Pre-2003 Acts.
    Paragraph("1", ("SOA1956-s1",), None, _S2005),
    Paragraph("2", ("SOA1956-s5",), None, _S2005),
    Paragraph("3", ("SOA1956-s6",), OffenderAtLeast("", age=20), _S2005),
    Paragraph("4", ("SOA1956-s10",), VictimUnder("", other_party=True), _S2005),
    Paragraph(
        "5",
        ("SOA1956-s12",),
        _all(OffenderAtLeast("(a)", age=20), VictimUnder("(b)", other_party=True)),
        _S2005,
        note="Schedule 4 (s.93): if the other party was 16 or over and consented, the offender "
        "may apply to the Home Secretary for a decision ending the notification requirements.",
    ),
    Paragraph(
        "6",
        ("SOA1956-s13",),
        _all(OffenderAtLeast("(a)", age=20), VictimUnder("(b)", other_party=True)),
        _S2005,
        note="Schedule 4 (s.93): if the other party was 16 or over and consented, the offender "
        "may apply to the Home Secretary for a decision ending the notification requirements.",
    ),
    Paragraph(
        "7",
        ("SOA1956-s14",),
        _any(
            VictimUnder("(a)", other_party=True),
            Imprisoned("(b)(i)", months=30),
            RestrictedHospital("(b)(ii)"),
        ),
        _S2005,
    ),
    Paragraph(
        "8",
        ("SOA1956-s15",),
        _any(
            VictimUnder("(a)", other_party=True),
            Imprisoned("(b)(i)", months=30),
            RestrictedHospital("(b)(ii)"),
        ),
        _S2005,
    ),
    Paragraph("9", ("SOA1956-s16",), VictimUnder("", other_party=True), _S2005),
    Paragraph("10", ("SOA1956-s28",), None, _S2005),
    Paragraph("11", ("ICA1960-s1",), None, _S2005),
    Paragraph("12", ("CLA1977-s54",), None, _S2005),
    Paragraph("13", ("PCA1978-s1",), _images(), _S2005),
    Paragraph(
        "14",
        ("CEMA1979-s170",),
        _images(imported=True),
        _S2005,
        note="Para 97: a person is taken to have been under 16 if it appears so from the "
        "evidence as a whole; PCA 1978 s.7 definitions apply. Only importation of goods "
        "prohibited by Customs Consolidation Act 1876 s.42 (indecent or obscene articles) is "
        "covered.",
    ),
    Paragraph("15", ("CJA1988-s160",), _images(), _S2005),
    Paragraph("16", ("SOAA2000-s3",), OffenderAtLeast("", age=20), _S2005),
    # 3.2 Sexual Offences Act 2003.
    Paragraph("17", ("SOA2003-s1", "SOA2003-s2"), None, _S2005),
    Paragraph("18", ("SOA2003-s3",), _pattern_a(), _S2005),
    Paragraph("19", ("SOA2003-s4", "SOA2003-s5", "SOA2003-s6"), None, _S2005),
    Paragraph("20", ("SOA2003-s7",), _pattern_b(), _S2005),
    Paragraph("21", tuple(f"SOA2003-s{n}" for n in range(8, 13)), None, _S2005),
    Paragraph("22", ("SOA2003-s13",), Imprisoned("", months=12), _S2005),
    Paragraph("23", ("SOA2003-s14",), _pattern_b(), _S2005),
    Paragraph("24", ("SOA2003-s15",), None, _S2005),
    Paragraph(
        "24A",
        ("SOA2003-s15A",),
        None,
        "S-SCA15 (Serious Crime Act 2015 Sch 4 para 66(2))",
        in_force=_IN_FORCE_24A,
    ),
    Paragraph(
        "25",
        tuple(f"SOA2003-s{n}" for n in range(16, 20)),
        _any(Imprisoned("(a)"), DetainedInHospital("(b)"), Community("(c)")),
        _S2005,
    ),
    Paragraph("26", ("SOA2003-s25", "SOA2003-s26"), _pattern_b(), _S2005),
    Paragraph("27", tuple(f"SOA2003-s{n}" for n in range(30, 38)), None, _S2005),
    Paragraph("28", tuple(f"SOA2003-s{n}" for n in range(38, 42)), _pattern_c(), _S2005),
    Paragraph(
        "29",
        ("SOA2003-s47",),
        _all(VictimUnder("", age=16, other_party=True), _pattern_b()),
        _S2005,
    ),
    Paragraph(
        "29A",
        ("SOA2003-s48",),
        _pattern_b(),
        f"{_S2010}; SI 2007/296 art 2(2)",
        in_force=_IN_FORCE_29ABC,
        offence_older=True,
    ),
    Paragraph(
        "29B",
        ("SOA2003-s49",),
        _pattern_b(),
        f"{_S2010}; SI 2007/296 art 2(2)",
        in_force=_IN_FORCE_29ABC,
        offence_older=True,
    ),
    Paragraph(
        "29C",
        ("SOA2003-s50",),
        _pattern_b(),
        f"{_S2010}; SI 2007/296 art 2(2)",
        in_force=_IN_FORCE_29ABC,
        offence_older=True,
    ),
    Paragraph("30", ("SOA2003-s61",), None, _S2005),
    Paragraph(
        "31",
        ("SOA2003-s62", "SOA2003-s63"),
        _pattern_a(victim=IntendedVictimUnder("(b)(i)")),
        _S2005,
    ),
    Paragraph("32", ("SOA2003-s64", "SOA2003-s65"), _pattern_d(), _S2005),
    Paragraph("33", ("SOA2003-s66",), _pattern_a(), _S2005),
    Paragraph(
        "33A",
        ("SOA2003-s66A",),
        _pattern_a(),
        "S-OSA23 (Online Safety Act 2023 Sch 14 para 16(4))",
        in_force=_IN_FORCE_33AB,
    ),
    Paragraph(
        "33B",
        ("SOA2003-s66B(3)",),
        _pattern_a(),
        "S-OSA23 (Online Safety Act 2023 Sch 14 para 16(4))",
        in_force=_IN_FORCE_33AB,
    ),
    Paragraph("34", ("SOA2003-s67",), _pattern_a(), _S2005),
    Paragraph(
        "34A",
        ("SOA2003-s67A",),
        _all(
            ForPurpose("(1)(a)"),
            _any(
                _all(OffenderUnder("(2)"), Imprisoned("(2)", months=12)),
                _all(
                    OffenderAtLeast("(3)"),
                    _any(
                        VictimUnder("(3)(a)"),
                        Imprisoned("(3)(b)(i)"),
                        DetainedInHospital("(3)(b)(ii)"),
                        Community("(3)(b)(iii)"),
                    ),
                ),
            ),
        ),
        "S-VOY19 (Voyeurism (Offences) Act 2019 s.1(4))",
        in_force=_IN_FORCE_34A,
    ),
    Paragraph("35", ("SOA2003-s69", "SOA2003-s70"), _pattern_d(), _S2005),
    # 3.3 Later-added non-SOA offences.
    Paragraph(
        "35A",
        ("CJIA2008-s63",),
        _all(OffenderAtLeast("(a)"), Imprisoned("(b)", months=24, words="2 years")),
        _S2010,
        in_force=_IN_FORCE_35A,
    ),
    Paragraph(
        "35B",
        ("CJA2009-s62",),
        _all(OffenderAtLeast("(a)"), Imprisoned("(b)", months=24, words="2 years")),
        _S2010,
        in_force=_IN_FORCE_35B,
    ),
    Paragraph(
        "35C",
        ("SCA2015-s69",),
        _pattern_b(),
        "S-35C (para 35C as at 6 Apr 2016); S-SCA15",
        in_force=_IN_FORCE_35C,
    ),
)


# --- The catalogue of offences ----------------------------------------------------------------

ACTS: dict[str, str] = {
    "SOA1956": "Sexual Offences Act 1956",
    "MHA1959": "Mental Health Act 1959",
    "ICA1960": "Indecency with Children Act 1960",
    "CLA1977": "Criminal Law Act 1977",
    "PCA1978": "Protection of Children Act 1978",
    "CEMA1979": "Customs and Excise Management Act 1979",
    "CJA1988": "Criminal Justice Act 1988",
    "SOAA2000": "Sexual Offences (Amendment) Act 2000",
    "SOA2003": "Sexual Offences Act 2003",
    "CJIA2008": "Criminal Justice and Immigration Act 2008",
    "CJA2009": "Coroners and Justice Act 2009",
    "SCA2015": "Serious Crime Act 2015",
}


@dataclass(frozen=True)
class Offence:
    """An offence the calculator knows, listed in Schedule 3 or known not to be."""

    code: str
    title: str
    paragraph: str | None
    """The Schedule 3 paragraph listing it, e.g. "18"; ``None`` if it is not listed."""
    not_listed: str = ""
    """Why it is not listed, when ``paragraph`` is None."""
    not_listed_mark: Mark = "C"
    victim_under: int | None = None
    """The offence itself requires a victim under this age (checked for a principal offender)."""
    offender_at_least: int | None = None
    offender_under: int | None = None

    @property
    def act(self) -> str:
        return ACTS[self.code.split("-")[0]]

    @property
    def section(self) -> str:
        """The section, e.g. "s.66B(3)"."""
        return "s." + self.code.split("-s", 1)[1]

    @property
    def citation(self) -> str:
        """Short citation, e.g. "SOA 2003 s.3"."""
        prefix = self.code.split("-")[0]
        match = re.fullmatch(r"([A-Z]+)(\d{4})", prefix)
        assert match is not None
        return f"{match[1]} {match[2]} {self.section}"

    @property
    def listed(self) -> bool:
        return self.paragraph is not None


def _o(
    code: str,
    title: str,
    *,
    victim_under: int | None = None,
    offender_at_least: int | None = None,
    offender_under: int | None = None,
) -> tuple[str, str, int | None, int | None, int | None]:
    return (code, title, victim_under, offender_at_least, offender_under)


# Listed offences: code, title and the ages the offence itself requires (so impossible facts are
# caught). Paragraph numbers come from PARAGRAPHS.
_LISTED = (
    _o("SOA1956-s1", "Rape (historic)"),
    _o("SOA1956-s5", "Intercourse with a girl under 13 (historic)", victim_under=13),
    _o("SOA1956-s6", "Intercourse with a girl under 16 (historic)", victim_under=16),
    _o("SOA1956-s10", "Incest by a man (historic)"),
    _o("SOA1956-s12", "Buggery (historic)"),
    _o("SOA1956-s13", "Indecency between men (historic)"),
    _o("SOA1956-s14", "Indecent assault on a woman (historic)"),
    _o("SOA1956-s15", "Indecent assault on a man (historic)"),
    _o("SOA1956-s16", "Assault with intent to commit buggery (historic)"),
    _o(
        "SOA1956-s28",
        "Causing or encouraging prostitution of, intercourse with or indecent assault on a girl "
        "under 16 (historic)",
        victim_under=16,
    ),
    _o("ICA1960-s1", "Indecent conduct towards a young child"),
    _o(
        "CLA1977-s54",
        "Inciting a girl under 16 to have incestuous sexual intercourse",
        victim_under=16,
    ),
    _o("PCA1978-s1", "Indecent photographs of children (taking, making, distributing)"),
    _o(
        "CEMA1979-s170",
        "Importing prohibited goods: indecent photographs of children (evading the prohibition)",
    ),
    _o("CJA1988-s160", "Possession of an indecent photograph of a child"),
    _o("SOAA2000-s3", "Abuse of position of trust (historic)"),
    _o("SOA2003-s1", "Rape"),
    _o("SOA2003-s2", "Assault by penetration"),
    _o("SOA2003-s3", "Sexual assault"),
    _o("SOA2003-s4", "Causing a person to engage in sexual activity without consent"),
    _o("SOA2003-s5", "Rape of a child under 13", victim_under=13),
    _o("SOA2003-s6", "Assault of a child under 13 by penetration", victim_under=13),
    _o("SOA2003-s7", "Sexual assault of a child under 13", victim_under=13),
    _o(
        "SOA2003-s8",
        "Causing or inciting a child under 13 to engage in sexual activity",
        victim_under=13,
    ),
    _o("SOA2003-s9", "Sexual activity with a child", victim_under=16, offender_at_least=18),
    _o(
        "SOA2003-s10",
        "Causing or inciting a child to engage in sexual activity",
        victim_under=16,
        offender_at_least=18,
    ),
    _o(
        "SOA2003-s11",
        "Engaging in sexual activity in the presence of a child",
        victim_under=16,
        offender_at_least=18,
    ),
    _o(
        "SOA2003-s12",
        "Causing a child to watch a sexual act",
        victim_under=16,
        offender_at_least=18,
    ),
    _o(
        "SOA2003-s13",
        "Child sex offences committed by children or young persons",
        victim_under=16,
        offender_under=18,
    ),
    _o("SOA2003-s14", "Arranging or facilitating commission of a child sex offence"),
    _o(
        "SOA2003-s15",
        "Meeting a child following sexual grooming etc.",
        victim_under=16,
        offender_at_least=18,
    ),
    _o(
        "SOA2003-s15A",
        "Sexual communication with a child",
        victim_under=16,
        offender_at_least=18,
    ),
    _o(
        "SOA2003-s16",
        "Abuse of position of trust: sexual activity with a child",
        victim_under=18,
        offender_at_least=18,
    ),
    _o(
        "SOA2003-s17",
        "Abuse of position of trust: causing or inciting a child to engage in sexual activity",
        victim_under=18,
        offender_at_least=18,
    ),
    _o(
        "SOA2003-s18",
        "Abuse of position of trust: sexual activity in the presence of a child",
        victim_under=18,
        offender_at_least=18,
    ),
    _o(
        "SOA2003-s19",
        "Abuse of position of trust: causing a child to watch a sexual act",
        victim_under=18,
        offender_at_least=18,
    ),
    _o("SOA2003-s25", "Sexual activity with a child family member", victim_under=18),
    _o(
        "SOA2003-s26",
        "Inciting a child family member to engage in sexual activity",
        victim_under=18,
    ),
    _o("SOA2003-s30", "Sexual activity with a person with a mental disorder impeding choice"),
    _o(
        "SOA2003-s31",
        "Causing or inciting a person with a mental disorder impeding choice to engage in "
        "sexual activity",
    ),
    _o(
        "SOA2003-s32",
        "Engaging in sexual activity in the presence of a person with a mental disorder "
        "impeding choice",
    ),
    _o(
        "SOA2003-s33",
        "Causing a person with a mental disorder impeding choice to watch a sexual act",
    ),
    _o(
        "SOA2003-s34",
        "Inducement, threat or deception to procure sexual activity with a person with a "
        "mental disorder",
    ),
    _o(
        "SOA2003-s35",
        "Causing a person with a mental disorder to engage in sexual activity by inducement, "
        "threat or deception",
    ),
    _o(
        "SOA2003-s36",
        "Engaging in sexual activity in the presence, procured by inducement, threat or "
        "deception, of a person with a mental disorder",
    ),
    _o(
        "SOA2003-s37",
        "Causing a person with a mental disorder to watch a sexual act by inducement, threat "
        "or deception",
    ),
    _o("SOA2003-s38", "Care workers: sexual activity with a person with a mental disorder"),
    _o(
        "SOA2003-s39",
        "Care workers: causing or inciting sexual activity (person with a mental disorder)",
    ),
    _o(
        "SOA2003-s40",
        "Care workers: sexual activity in the presence of a person with a mental disorder",
    ),
    _o(
        "SOA2003-s41",
        "Care workers: causing a person with a mental disorder to watch a sexual act",
    ),
    _o("SOA2003-s47", "Paying for sexual services of a child", victim_under=18),
    _o(
        "SOA2003-s48",
        "Causing or inciting sexual exploitation of a child (formerly child prostitution or "
        "pornography)",
        victim_under=18,
    ),
    _o(
        "SOA2003-s49",
        "Controlling a child in relation to sexual exploitation (formerly a child prostitute "
        "or child involved in pornography)",
        victim_under=18,
    ),
    _o(
        "SOA2003-s50",
        "Arranging or facilitating sexual exploitation of a child (formerly child prostitution "
        "or pornography)",
        victim_under=18,
    ),
    _o("SOA2003-s61", "Administering a substance with intent"),
    _o("SOA2003-s62", "Committing an offence with intent to commit a sexual offence"),
    _o("SOA2003-s63", "Trespass with intent to commit a sexual offence"),
    _o("SOA2003-s64", "Sex with an adult relative: penetration"),
    _o("SOA2003-s65", "Sex with an adult relative: consenting to penetration"),
    _o("SOA2003-s66", "Exposure"),
    _o("SOA2003-s66A", "Sending etc. a photograph or film of genitals (cyber-flashing)"),
    _o(
        "SOA2003-s66B(3)",
        "Sharing an intimate photograph or film for the purpose of obtaining sexual gratification",
    ),
    _o("SOA2003-s67", "Voyeurism"),
    _o("SOA2003-s67A", "Voyeurism: additional offences (upskirting)"),
    _o("SOA2003-s69", "Intercourse with an animal"),
    _o("SOA2003-s70", "Sexual penetration of a corpse"),
    _o("CJIA2008-s63", "Possession of extreme pornographic images"),
    _o("CJA2009-s62", "Possession of prohibited images of children"),
    _o("SCA2015-s69", "Possession of a paedophile manual"),
)

_NOT_LISTED_1956 = (
    "The Sexual Offences Act 1956 offence is not among the England and Wales entries of "
    "Schedule 3 (paras 1-10 list ss.1, 5, 6, 10, 12-16 and 28 only). Absence from the current "
    "consolidated text is believed but not confirmed [M] (SCHEDULE3.md §3.1)."
)
_NOT_LISTED_2003_2005 = (
    "It is not listed in the England and Wales part of Schedule 3 (read in the 2005 text; "
    "absence from the current text is believed but not confirmed [M], SCHEDULE3.md §3.2)."
)
_NOT_LISTED_66B = (
    "Only s.66B(3) (sharing for the purpose of obtaining sexual gratification) was added to "
    "Schedule 3, as para 33B, by the Online Safety Act 2023 Sch 14 para 16(4); s.66B(1), (2) "
    "and (4) are not listed."
)

# Offences SCHEDULE3.md names as not listed, so the calculator can say why rather than error.
_NOT_LISTED: tuple[tuple[str, str, str, Mark], ...] = (
    ("SOA1956-s2", "Procurement of a woman by threats (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s3", "Procurement of a woman by false pretences (historic)", _NOT_LISTED_1956, "M"),
    (
        "SOA1956-s4",
        "Administering drugs to obtain or facilitate intercourse (historic)",
        _NOT_LISTED_1956,
        "M",
    ),
    ("SOA1956-s7", "Intercourse with a defective (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s9", "Procurement of a defective (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s11", "Incest by a woman (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s17", "Abduction of a woman by force (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s19", "Abduction of an unmarried girl under 18 (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s20", "Abduction of an unmarried girl under 16 (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s21", "Abduction of a defective (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s22", "Causing prostitution of women (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s23", "Procuration of a girl under 21 (historic)", _NOT_LISTED_1956, "M"),
    ("SOA1956-s24", "Detention of a woman in a brothel (historic)", _NOT_LISTED_1956, "M"),
    (
        "SOA1956-s25",
        "Permitting a girl under 13 to use premises for intercourse (historic)",
        _NOT_LISTED_1956,
        "M",
    ),
    (
        "SOA1956-s26",
        "Permitting a girl under 16 to use premises for intercourse (historic)",
        _NOT_LISTED_1956,
        "M",
    ),
    (
        "MHA1959-s128",
        "Sexual intercourse with patients (historic)",
        "Mental Health Act 1959 s.128 is not among the England and Wales entries of Schedule 3 "
        "(absence from the current text [M], SCHEDULE3.md §3.1).",
        "M",
    ),
    (
        "SOA2003-s52",
        "Causing or inciting prostitution for gain",
        _NOT_LISTED_2003_2005,
        "M",
    ),
    ("SOA2003-s53", "Controlling prostitution for gain", _NOT_LISTED_2003_2005, "M"),
    (
        "SOA2003-s57",
        "Trafficking into the UK for sexual exploitation (repealed)",
        _NOT_LISTED_2003_2005,
        "M",
    ),
    (
        "SOA2003-s58",
        "Trafficking within the UK for sexual exploitation (repealed)",
        _NOT_LISTED_2003_2005,
        "M",
    ),
    (
        "SOA2003-s59",
        "Trafficking out of the UK for sexual exploitation (repealed)",
        _NOT_LISTED_2003_2005,
        "M",
    ),
    ("SOA2003-s71", "Sexual activity in a public lavatory", _NOT_LISTED_2003_2005, "M"),
    (
        "SOA2003-s66B(1)",
        "Sharing an intimate photograph or film without consent",
        _NOT_LISTED_66B,
        "C",
    ),
    (
        "SOA2003-s66B(2)",
        "Sharing an intimate photograph or film to cause alarm, distress or humiliation",
        _NOT_LISTED_66B,
        "C",
    ),
    (
        "SOA2003-s66B(4)",
        "Threatening to share an intimate photograph or film",
        _NOT_LISTED_66B,
        "C",
    ),
)


def _build_catalogue() -> dict[str, Offence]:
    para_of = {code: p.number for p in PARAGRAPHS for code in p.offences}
    catalogue: dict[str, Offence] = {}
    for code, title, victim_under, at_least, under in _LISTED:
        if code not in para_of:
            raise AssertionError(f"{code} has no Schedule 3 paragraph")
        catalogue[code] = Offence(
            code,
            title,
            para_of[code],
            victim_under=victim_under,
            offender_at_least=at_least,
            offender_under=under,
        )
    for code, title, reason, mark in _NOT_LISTED:
        catalogue[code] = Offence(code, title, None, not_listed=reason, not_listed_mark=mark)
    missing = set(para_of) - set(catalogue)
    if missing:
        raise AssertionError(f"paragraph offences without a title: {sorted(missing)}")
    for code in catalogue:
        if _normalise(code) != code:
            raise AssertionError(f"catalogue code {code!r} is not in normal form")
    return catalogue


_CODE = re.compile(r"([A-Z]+)(\d{4})-?S(?:ECTION)?\.?(\d+[A-Z]*)(\(\d+\))?")


def _normalise(code: str) -> str:
    """Canonical form of an offence code: ``" soa2003 - S66b(3)"`` -> ``"SOA2003-s66B(3)"``."""
    squashed = re.sub(r"\s+", "", code).upper()
    match = _CODE.fullmatch(squashed)
    if match is None:
        return squashed
    act, year, section, sub = match.groups()
    return f"{act}{year}-s{section}{sub or ''}"


_PARAGRAPH_BY_NUMBER = {p.number: p for p in PARAGRAPHS}
_CATALOGUE = _build_catalogue()


class UnknownOffence(ValueError):
    """An offence code that is not in the catalogue; ``suggestions`` lists the closest codes."""

    def __init__(self, code: str, suggestions: tuple[str, ...], *, hint: str = "") -> None:
        self.code = code
        self.suggestions = suggestions
        message = f"unknown offence code {code!r}"
        if hint:
            message += f": {hint}"
        if suggestions:
            message += ". Did you mean: " + ", ".join(suggestions) + "?"
        else:
            message += ". Codes look like SOA2003-s3, SOA2003-s66B(3), SOA1956-s14, PCA1978-s1."
        super().__init__(message)


def lookup(code: str) -> Offence:
    """The catalogue entry for ``code`` (case and spaces do not matter).

    Raises ``UnknownOffence`` with the closest known codes as suggestions.
    """
    if not isinstance(code, str):
        raise UnknownOffence(repr(code), ())
    normal = _normalise(code)
    if normal in _CATALOGUE:
        return _CATALOGUE[normal]
    codes = list(_CATALOGUE)
    # A section with subsections given without one: "SOA2003-s66B" -> its subsections.
    subsections = tuple(c for c in codes if c.startswith(normal + "("))
    if subsections:
        raise UnknownOffence(
            code,
            subsections,
            hint="give the subsection, because they are treated differently in Schedule 3",
        )
    # A bare section without its Act: "s3" -> every Act's s.3.
    bare = re.fullmatch(r"S(?:ECTION)?\.?(\d+[A-Z]*(?:\(\d+\))?)", normal)
    if bare:
        same = tuple(c for c in codes if c.endswith(f"-s{bare[1]}"))
        if same:
            raise UnknownOffence(code, same, hint="give the Act as well as the section")
    upper = {c.upper(): c for c in codes}
    close = difflib.get_close_matches(normal.upper(), list(upper), n=5, cutoff=0.6)
    raise UnknownOffence(code, tuple(upper[c] for c in close))


def all_offences() -> list[Offence]:
    """Every offence in the catalogue, listed ones first in Schedule order, then not-listed."""
    return list(_CATALOGUE.values())


def paragraph(number: str) -> Paragraph:
    """The Schedule 3 paragraph with this number ("18", "34A")."""
    try:
        return _PARAGRAPH_BY_NUMBER[number]
    except KeyError:
        raise ValueError(f"no England and Wales Schedule 3 paragraph {number!r}") from None


def _search_words(offence: Offence) -> tuple[str, str]:
    """(title, everything else) in lower case, for ``search_offences``."""
    section = offence.section.removeprefix("s.").lower()
    other = [
        offence.code.lower(),
        offence.citation.lower(),
        f"s{section}",
        f"s.{section}",
        f"section {section}",
        offence.act.lower(),
    ]
    if offence.paragraph:
        other.append(f"para {offence.paragraph.lower()}")
    return offence.title.lower(), " ".join(other)


def _token_score(token: str, text: str, *, weight: int) -> int:
    """How well ``token`` matches ``text``: a whole word beats a word start beats a substring."""
    if token not in text:
        return 0
    words = re.findall(r"[a-z0-9().\-]+", text)
    if token in words:
        return 3 * weight
    if any(word.startswith(token) for word in words):
        return 2 * weight
    return weight


def search_offences(query: str, limit: int = 20) -> list[Offence]:
    """Offences whose code, section, Act or title match every word of ``query``.

    For the calculator's searchable picker: ``"sexual assault"``, ``"s66b"``, ``"1956 14"``,
    ``"SOA2003-s3"``. An exact code comes first, then titles matching the whole query, then the
    best word matches (title words count double), then catalogue order. A blank query lists
    the catalogue from the start.
    """
    if limit < 1:
        return []
    if not query.strip():
        return all_offences()[:limit]
    normal = _normalise(query)
    phrase = " ".join(query.lower().split())
    tokens = re.findall(r"[a-z0-9().\-]+", phrase)
    scored: list[tuple[int, int, Offence]] = []
    for index, offence in enumerate(_CATALOGUE.values()):
        title, other = _search_words(offence)
        if offence.code == normal:
            scored.append((-10_000, index, offence))
            continue
        score = 0
        for token in tokens:
            best = max(_token_score(token, title, weight=2), _token_score(token, other, weight=1))
            if best == 0:
                break
            score += best
        else:
            if title == phrase:
                score += 100
            elif title.startswith(phrase):
                score += 50
            elif phrase in title:
                score += 20
            scored.append((-score, index, offence))
    scored.sort(key=lambda item: (item[0], item[1]))
    return [offence for _, _, offence in scored[:limit]]


# --- Decisions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    """Whether a conviction, finding or caution for one offence is notifiable, and why."""

    offence: Offence
    notifiable: bool
    paragraph: str | None
    """The limb that was met, e.g. "para 18(b)(i)"; ``None`` when not notifiable."""
    reason: str
    """A plain-English sentence citing the law."""
    sentencing_condition_only: bool
    """s.132: notifiable only through a sentencing condition, so the relevant date (s.82(6)) is
    the date the sentencing condition was met (the sentence), not the conviction."""
    listed_in: str | None = None
    """The paragraph that lists the offence ("para 18"), whether or not its conditions are met."""
    secondary: Secondary | None = None
    via: str | None = None
    """"para 94(a)", "para 94(b)" or "para 94A" for inchoate or secondary liability."""
    notes: tuple[str, ...] = ()

    @property
    def relevant_date_rule(self) -> str:
        """Which date starts the notification period (s.82(6), s.132(3))."""
        if not self.notifiable:
            return "none: not notifiable"
        if self.sentencing_condition_only:
            return "the date of sentence, when the sentencing condition was met (s.132(3))"
        return "the date of the conviction, finding or caution (s.82(6))"


def _validate(
    *,
    offence: Offence,
    offender_age: int,
    victim_age: int | None,
    intended_victim_age: int | None,
    image_subject_age: int | None,
    sentence: Sentence,
    conviction_date: dt.date | None,
    offence_date: dt.date | None,
    secondary: Secondary | None,
    purpose: Purpose | None,
) -> None:
    check_offender_age(offender_age, who="offender_age (age at the time of the offence)")
    for value, who in (
        (victim_age, "victim_age"),
        (intended_victim_age, "intended_victim_age"),
        (image_subject_age, "image_subject_age"),
    ):
        if value is not None:
            check_age(value, who=who)
    if not isinstance(sentence, Sentence):
        raise ValueError(f"sentence must be a Sentence, not {sentence!r}")
    if secondary is not None:
        Secondary(secondary)
    if purpose is not None:
        Purpose(purpose)
    if offence_date and conviction_date and offence_date > conviction_date:
        raise ValueError(
            f"the offence date {offence_date} is after the conviction date {conviction_date}"
        )
    if secondary is not None:
        # An attempt, conspiracy or encouragement can involve a decoy or fictitious victim, and
        # an accessory can be any age, so the offence's own age elements are not checked.
        return
    where = f"{offence.citation} ({offence.title})"
    if offence.offender_at_least is not None and offender_age < offence.offender_at_least:
        raise ValueError(
            f"{where} can only be committed by a person aged {offence.offender_at_least} or over,"
            f" but offender_age is {offender_age}; check the age or the offence (for an "
            "under-18, s.13 covers ss.9-12), or pass secondary= for secondary liability"
        )
    if offence.offender_under is not None and offender_age >= offence.offender_under:
        raise ValueError(
            f"{where} can only be committed by a person under {offence.offender_under}, but "
            f"offender_age is {offender_age}; check the age or the offence"
        )
    if (
        offence.victim_under is not None
        and victim_age is not None
        and victim_age >= offence.victim_under
    ):
        raise ValueError(
            f"{where} requires a victim under {offence.victim_under}, but victim_age is "
            f"{victim_age}; check the age or the offence (an attempt on a decoy or fictitious "
            "victim is passed as secondary='attempt')"
        )


def _facts_text(rule: Rule | None, facts: _Facts) -> str:
    """The facts the paragraph looked at, for a "not notifiable" reason."""
    leaves = list(_leaves(rule)) if rule is not None else []
    parts = [f"the offender was {facts.offender_age}"]
    if any(isinstance(leaf, VictimUnder) for leaf in leaves) and facts.victim_age is not None:
        parts.append(f"the victim {facts.victim_age}")
    if (
        any(isinstance(leaf, IntendedVictimUnder) for leaf in leaves)
        and facts.intended_victim_age is not None
    ):
        parts.append(f"the intended victim {facts.intended_victim_age}")
    text = " and ".join(parts) + " at the time of the offence"
    if (
        any(isinstance(leaf, ImageSubjectUnder) for leaf in leaves)
        and facts.image_subject_age is not None
    ):
        text += f"; the youngest person shown was {facts.image_subject_age} when photographed"
    if any(isinstance(leaf, ForPurpose) for leaf in leaves) and facts.purpose is not None:
        purposes = {
            Purpose.SEXUAL_GRATIFICATION: "obtaining sexual gratification",
            Purpose.HUMILIATION: "humiliating, alarming or distressing the victim",
        }
        text += f"; the purpose was {purposes[facts.purpose]}"
    if any(leaf.kind is Kind.SENTENCING for leaf in leaves):
        text += f"; the disposal was {facts.sentence.describe()}"
        note = facts.sentence.counting_note()
        if note:
            text += f" ({note})"
    return text


def check(
    *,
    offence: str,
    offender_age: int,
    victim_age: int | None,
    sentence: Sentence,
    conviction_date: dt.date | None = None,
    offence_date: dt.date | None = None,
    secondary: Secondary | None = None,
    purpose: Purpose | None = None,
    image_subject_age: int | None = None,
    intended_victim_age: int | None = None,
) -> Decision:
    """Decide whether an offence is notifiable under Schedule 3 (SOA 2003 s.80, Sch 3).

    - ``offence``: a catalogue code (``"SOA2003-s3"``; case and spaces do not matter).
    - ``offender_age``, ``victim_age``: ages *at the time of the offence* (para 95(b)).
      ``victim_age`` is required: pass ``None`` only when there is no victim or it is unknown.
      For older entries it is the age of "the victim or other party".
    - ``sentence``: how the offender was dealt with (a caution is ``Disposal.CAUTION``).
    - ``conviction_date``: the date of the conviction, finding or caution. Needed for paras
      13-15(a) (before 1 May 2004) and s.130(2) (paragraphs added later).
    - ``offence_date``: checked only for being no later than the conviction.
    - ``secondary``: attempt, conspiracy, incitement (para 94(a)), aiding and abetting (para
      94(b)) or encouraging or assisting (para 94A). The offence's conditions still apply; for
      a decoy or fictitious victim give the age the victim was believed to be [D].
    - ``purpose``: for s.67A (para 34A lists only sexual gratification, s.67A(3)(a)).
    - ``image_subject_age``: for image offences (paras 13-15), the age of the youngest person
      shown *when the photograph was taken* (para 95(a), ``PHOTOGRAPH_AGE_READING`` [D]).
    - ``intended_victim_age``: for ss.62-63 (para 31), the age of the intended offence's victim.

    Raises ``UnknownOffence`` for an unknown code and ``ValueError`` for impossible facts or when
    the answer (or, under s.132, the relevant date) turns on a fact that was not given.
    """
    found = lookup(offence)
    if secondary is not None:
        secondary = Secondary(secondary)
    if purpose is not None:
        purpose = Purpose(purpose)
    _validate(
        offence=found,
        offender_age=offender_age,
        victim_age=victim_age,
        intended_victim_age=intended_victim_age,
        image_subject_age=image_subject_age,
        sentence=sentence,
        conviction_date=conviction_date,
        offence_date=offence_date,
        secondary=secondary,
        purpose=purpose,
    )
    via = _SECONDARY_PARA[secondary] if secondary else None
    if found.paragraph is None:
        mark = " [M]" if found.not_listed_mark == "M" else ""
        return Decision(
            offence=found,
            notifiable=False,
            paragraph=None,
            reason=(
                f"Not notifiable: {found.citation} ({found.title}) is not listed in Schedule 3 to "
                f"the Sexual Offences Act 2003, so it does not by itself make the offender subject "
                f"to notification (s.80). {found.not_listed}"
            ),
            sentencing_condition_only=False,
            secondary=secondary,
            via=None,
            notes=(f"Listing status{mark}: {found.not_listed}",) if mark else (),
        )

    para = _PARAGRAPH_BY_NUMBER[found.paragraph]
    facts = _Facts(
        offender_age=offender_age,
        victim_age=victim_age,
        intended_victim_age=intended_victim_age,
        image_subject_age=image_subject_age,
        purpose=purpose,
        sentence=sentence,
        conviction_date=conviction_date,
        offence_date=offence_date,
    )
    rule = para.effective_rule()
    if rule is None:
        without, with_ = _Outcome(True), _Outcome(True)
    else:
        without = _evaluate(rule, facts, sentencing=False)
        with_ = without if without.value else _evaluate(rule, facts, sentencing=True)

    where = f"{found.citation} ({found.title})"
    if with_.value is None:
        raise ValueError(
            f"cannot decide whether {where} is notifiable under Schedule 3 para {para.number} "
            "without " + "; ".join(sorted(with_.missing))
        )
    if with_.value and without.value is None:
        raise ValueError(
            f"{where} is notifiable under Schedule 3 para {para.number}, but whether the relevant "
            "date is the conviction or the sentence date (s.132) depends on "
            + "; ".join(sorted(without.missing))
        )

    listed_in = f"para {para.number}"
    notes: list[str] = []
    if (
        para.in_force is not None
        and facts.disposed_on_or_after(para.in_force.value) is None
        and not para.offence_older
        and with_.value
    ):
        notes.append(
            f"s.130(2): para {para.number} took effect on {_day(para.in_force.value)} "
            f"[{para.in_force.mark}]; a conviction, finding or caution before then is not "
            "covered. No conviction date was given, so it is assumed to be on or after that."
        )
    if para.note:
        notes.append(para.note)
    inchoate = secondary is not None and secondary is not Secondary.AIDING_ABETTING
    if (
        inchoate
        and rule is not None
        and any(isinstance(leaf, VictimUnder) for leaf in _leaves(rule))
    ):
        notes.append(
            "For an inchoate offence against a decoy or fictitious victim, victim_age should be "
            "the age the victim was believed to be: a derived reading [D] to confirm."
        )

    secondary_words = (
        f" read with {via} ({_SECONDARY_WORDS[secondary]} the offence)" if secondary else ""
    )
    if with_.value:
        sentencing_only = not without.value
        cited = _citation(para.number, with_.witness) if rule is not None else listed_in
        if (
            rule is None
            or not with_.witness
            or all(isinstance(leaf, InsertedBefore) for leaf in with_.witness)
        ):
            because = "it lists the offence without conditions"
        else:
            shown = [leaf for leaf in with_.witness if not isinstance(leaf, InsertedBefore)]
            because = _join([leaf.text() for leaf in shown], " and ")
            if any(isinstance(leaf, ImageSubjectUnder) for leaf in shown):
                because += (
                    " (para 95: the person shown, aged when the photograph was taken; the "
                    "offender, aged at the time of the offence)"
                )
            elif any(
                isinstance(leaf, (OffenderUnder, OffenderAtLeast, VictimUnder)) for leaf in shown
            ):
                because += " (ages at the time of the offence, para 95(b))"
        reason = f"Notifiable under Schedule 3 {cited}{secondary_words}: {because}."
        counting = sentence.counting_note()
        if sentencing_only and counting:
            reason += f" Here {counting}."
        if sentencing_only:
            reason += (
                " It would not be notifiable without the sentencing condition, so under s.132 "
                "the offender is treated as convicted, and the notification period runs, from "
                "the date of sentence."
            )
        if sentence.disposal is Disposal.CAUTION:
            reason += " A caution for a listed offence triggers notification (s.80(1)(d))."
        return Decision(
            offence=found,
            notifiable=True,
            paragraph=cited,
            reason=reason,
            sentencing_condition_only=sentencing_only,
            listed_in=listed_in,
            secondary=secondary,
            via=via,
            notes=tuple(notes),
        )

    # Not notifiable: say what the paragraph requires and what the facts were.
    assert rule is not None
    s130 = next((leaf for leaf in _leaves(rule) if isinstance(leaf, InsertedBefore)), None)
    if s130 is not None and s130.evaluate(facts) is False:
        assert s130.in_force is not None and conviction_date is not None
        reason = (
            f"Not notifiable: {where} is listed by Schedule 3 para {para.number}, which took "
            f"effect on {_day(s130.in_force.value)}; under s.130(2) an added offence does "
            f"not apply to a conviction, finding or caution before then (here "
            f"{_day(conviction_date)})."
        )
    else:
        reason = (
            f"Not notifiable: Schedule 3 para {para.number}{secondary_words} lists {where} but "
            f"{para.requirement().removeprefix('it lists the offence ')}. Here "
            f"{_facts_text(rule, facts)}."
        )
        if sentence.disposal is Disposal.CAUTION and any(
            leaf.kind is Kind.SENTENCING for leaf in _leaves(rule)
        ):
            reason += (
                " A caution is not a sentence, so it cannot meet a sentencing condition "
                "(s.80(1)(d), s.132)."
            )
    return Decision(
        offence=found,
        notifiable=False,
        paragraph=None,
        reason=reason,
        sentencing_condition_only=False,
        listed_in=listed_in,
        secondary=secondary,
        via=via,
        notes=tuple(notes),
    )
