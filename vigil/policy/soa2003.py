"""The notification period: Sexual Offences Act 2003 s.82.

Sources: s.82(1)-(6) as read in the revised text (1 Feb 2005) and the s.82 table as in force on
12 Apr 2019 (with the IPP row); SCHEDULE3.md §4.1-§4.4; RULES.md §1.2-§1.3.

- s.82(1): the period depends on how the offender was dealt with for the Schedule 3 offence
  (``Row``); it *begins with* the relevant date, which counts as its first day (RULES.md §1.3).
- s.82(2): for a person under 18 on the relevant date, the 10, 7, 5 and 2 year periods are
  halved. Indefinite periods and the conditional-discharge period are not (they are not among
  the four listed periods) [D].
- s.82(3)-(4): for two or more Schedule 3 offences with consecutive terms of imprisonment, the
  table is read as if each term were their sum; for partly concurrent terms X and Y overlapping
  by Z, as if each were X + Y - Z. Wholly concurrent terms are not aggregated: each offence has
  its own period and the longest governs [D].
- s.131 (young offenders' custody, DTO detention period) and Sentencing Code s.289 (suspended
  sentences) decide what counts as imprisonment: see ``vigil.policy.sentence``.

The relevant date itself (s.82(6): conviction, finding or caution; s.132(3): the sentence date
where only a sentencing condition is met) is an input; ``schedule3.check`` says which applies.
The indefinite-review dates (ss.91A-91F) live in ``vigil.policy.deadlines``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from vigil.policy.dates import last_day_of_period
from vigil.policy.sentence import Disposal, Sentence, Term, check_offender_age
from vigil.policy.values import declare


@functools.lru_cache(maxsize=4096)
def _day(day: dt.date) -> str:
    """A date as the statute book writes it: "1 May 2004". Cached: a force's list words
    the same days thousands of times, and ``%B`` is slow."""
    return f"{day.day} {day:%B %Y}"


HALVED_PERIOD_YEARS = declare(
    "soa2003.s82.halved_period_years",
    (10, 7, 5, 2),
    source="SOA 2003 s.82(2) (2005 revised text); SCHEDULE3.md §4.1",
    mark="C",
    note="The periods that are replaced by one-half for a person under 18 on the relevant date.",
)

CONDITIONAL_DISCHARGE_NOT_HALVED = declare(
    "soa2003.s82.conditional_discharge_not_halved",
    True,
    source="SOA 2003 s.82(2); SCHEDULE3.md §4.1; RULES.md §1.2",
    mark="D",
    note="The conditional-discharge row's period is 'the period of conditional discharge', not "
    "one of the four listed periods, so the plain reading is that it is not halved.",
)

ADULT_AGE = declare(
    "soa2003.s82.adult_age",
    18,
    source="SOA 2003 s.82(2) ('under 18 on the relevant date')",
    mark="C",
)

WHOLLY_CONCURRENT_LONGEST = declare(
    "soa2003.s82.wholly_concurrent_longest",
    True,
    source="SOA 2003 s.82(3)-(4); SCHEDULE3.md §4.2 (derived points)",
    mark="D",
    note="s.82(4) aggregates only consecutive and partly concurrent terms. Wholly concurrent "
    "terms (or separate disposals) are not added: each offence gives its own period and the "
    "longest governs.",
)

CUSTODY_COUNTS_TOWARDS_PERIOD = declare(
    "soa2003.s82.custody_counts_towards_period",
    True,
    source="RULES.md §1.3",
    mark="M",
    note="The period runs from the relevant date including any time in custody; it is not "
    "extended by time served. This module therefore never adjusts the last day for custody.",
)

PERIOD_INCLUDES_RELEVANT_DATE = declare(
    "soa2003.s82.period_includes_relevant_date",
    True,
    source="RULES.md §1.3 (a period 'beginning with' a day includes that day)",
    mark="M",
    note="10 years beginning with 1 Jan 2020 ends at the end of 31 Dec 2029. If False, the "
    "period would run from the day after the relevant date.",
)


class Row(StrEnum):
    """The s.82(1) table rows that apply in England and Wales."""

    LIFE = "life"
    """Imprisonment for life, IPP or other indeterminate custody (rows 1 and IPP): indefinite."""
    IMPRISONMENT_30_MONTHS_OR_MORE = "imprisonment_30_months_or_more"
    """Imprisonment for a term of 30 months or more: indefinite."""
    HOSPITAL_RESTRICTED = "hospital_restricted"
    """Admitted to a hospital subject to a restriction order: indefinite."""
    IMPRISONMENT_OVER_6_UNDER_30_MONTHS = "imprisonment_over_6_under_30_months"
    """Imprisonment for more than 6 months but less than 30 months: 10 years."""
    IMPRISONMENT_6_MONTHS_OR_LESS = "imprisonment_6_months_or_less"
    """Imprisonment for 6 months or less: 7 years."""
    HOSPITAL = "hospital"
    """Admitted to a hospital without a restriction order: 7 years."""
    CAUTION = "caution"
    """Cautioned (s.80(1)(d)): 2 years."""
    CONDITIONAL_DISCHARGE = "conditional_discharge"
    """An order for conditional discharge: the period of the discharge."""
    ANY_OTHER = "any_other"
    """A person of any other description (community sentence, fine, ...): 5 years."""


_ROW_TEXT = {
    Row.LIFE: "sentenced to imprisonment for life (or IPP or other indeterminate custody)",
    Row.IMPRISONMENT_30_MONTHS_OR_MORE: "sentenced to imprisonment for a term of 30 months or more",
    Row.HOSPITAL_RESTRICTED: "admitted to a hospital subject to a restriction order",
    Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS: "sentenced to imprisonment for a term of more "
    "than 6 months but less than 30 months",
    Row.IMPRISONMENT_6_MONTHS_OR_LESS: "sentenced to imprisonment for a term of 6 months or less",
    Row.HOSPITAL: "admitted to a hospital without being subject to a restriction order",
    Row.CAUTION: "cautioned (s.80(1)(d))",
    Row.CONDITIONAL_DISCHARGE: "made the subject of an order for conditional discharge",
    Row.ANY_OTHER: "a person of any other description",
}

_FIXED_YEARS = {
    Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS: 10,
    Row.IMPRISONMENT_6_MONTHS_OR_LESS: 7,
    Row.HOSPITAL: 7,
    Row.CAUTION: 2,
    Row.ANY_OTHER: 5,
}


@dataclass(frozen=True)
class Period:
    """A notification period under s.82."""

    indefinite: bool
    months: int | None
    """The fixed period in months (e.g. 60); ``None`` if indefinite, or for a conditional
    discharge stated in weeks or days (see ``length``)."""
    first_day: dt.date
    """The relevant date: the period begins with it (s.82(1))."""
    last_day: dt.date | None
    """The last day on which the requirements apply; ``None`` if indefinite."""
    halved: bool
    """Whether s.82(2) halved the period (under 18 on the relevant date)."""
    row: Row
    reason: str
    length: Term | None = None
    """The fixed period as a term; ``None`` if indefinite."""


def _length_text(length: Term) -> str:
    """The length in words: "5 years", "3 years 6 months", "1 year"."""
    years, months = divmod(length.total_months, 12)
    return Term(years=years, months=months, weeks=length.weeks, days=length.days).describe()


@dataclass(frozen=True)
class _Imprisonment:
    """The imprisonment that s.82(1) is applied to, with how it was arrived at."""

    indeterminate: bool
    days: Fraction
    described: str


def _row_for_imprisonment(days: Fraction) -> Row:
    """Which imprisonment row a determinate term (as a length in days) falls in (s.82(1))."""
    month = Term(months=1).in_days()
    if days >= 30 * month:
        return Row.IMPRISONMENT_30_MONTHS_OR_MORE
    if days > 6 * month:
        return Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS
    return Row.IMPRISONMENT_6_MONTHS_OR_LESS


def _row_for_term(term: Term) -> Row:
    """``_row_for_imprisonment(term.in_days())``, compared with ``Term.compare_months``
    (the same comparison of lengths, without fractions for whole months)."""
    if term.compare_months(30) >= 0:
        return Row.IMPRISONMENT_30_MONTHS_OR_MORE
    if term.compare_months(6) > 0:
        return Row.IMPRISONMENT_OVER_6_UNDER_30_MONTHS
    return Row.IMPRISONMENT_6_MONTHS_OR_LESS


def _row_for(sentence: Sentence) -> tuple[Row, str]:
    """The s.82(1) row for one sentence, and a phrase saying why."""
    disposal = sentence.disposal
    note = sentence.counting_note()
    extra = f"; {note}" if note else ""
    if disposal is Disposal.LIFE:
        return Row.LIFE, sentence.describe()
    if disposal is Disposal.IMPRISONMENT:
        term = sentence.imprisonment_term
        if term is None:  # a suspended sentence that policy does not count as imprisonment
            return Row.ANY_OTHER, f"{sentence.describe()}{extra}"
        return _row_for_term(term), f"{sentence.describe()}{extra}"
    row = {
        Disposal.HOSPITAL_RESTRICTED: Row.HOSPITAL_RESTRICTED,
        Disposal.HOSPITAL: Row.HOSPITAL,
        Disposal.CAUTION: Row.CAUTION,
        Disposal.CONDITIONAL_DISCHARGE: Row.CONDITIONAL_DISCHARGE,
        Disposal.COMMUNITY: Row.ANY_OTHER,
        Disposal.FINE: Row.ANY_OTHER,
        Disposal.OTHER: Row.ANY_OTHER,
    }[disposal]
    return row, sentence.describe()


def _period(
    *,
    row: Row,
    why: str,
    relevant_date: dt.date,
    under_18: bool,
    discharge: Term | None = None,
    aggregation: str = "",
) -> Period:
    """Build the ``Period`` for a row, applying s.82(2) halving where it applies."""
    first_day = relevant_date
    start = first_day if PERIOD_INCLUDES_RELEVANT_DATE.value else first_day + dt.timedelta(1)
    lead = f"the offender was {_ROW_TEXT[row]} ({why}{aggregation})"
    if row in (Row.LIFE, Row.IMPRISONMENT_30_MONTHS_OR_MORE, Row.HOSPITAL_RESTRICTED):
        reason = (
            f"Indefinite notification period beginning with {_day(first_day)}: {lead}, "
            "which s.82(1) makes indefinite."
        )
        if under_18:
            reason += " s.82(2) halving does not apply to an indefinite period."
        return Period(
            indefinite=True,
            months=None,
            first_day=first_day,
            last_day=None,
            halved=False,
            row=row,
            reason=reason,
        )
    halved = False
    if row is Row.CONDITIONAL_DISCHARGE:
        assert discharge is not None
        length = discharge
        halves = under_18 and not CONDITIONAL_DISCHARGE_NOT_HALVED.value
        if halves:
            length = discharge.halved()
            halved = True
        table = "the period of the conditional discharge"
    else:
        years = _FIXED_YEARS[row]
        length = Term(years=years)
        table = f"{years} years"
        if under_18 and years in HALVED_PERIOD_YEARS.value:
            length = Term(months=years * 12 // 2)
            halved = True
    last_day = last_day_of_period(start, months=length.total_months, days=length.total_days)
    reason = (
        f"{_length_text(length).capitalize()} beginning with {_day(first_day)} and ending "
        f"with {_day(last_day)}: {lead}, for which s.82(1) gives {table}"
    )
    if halved:
        reason += ", halved under s.82(2) because the offender was under 18 on the relevant date."
    elif under_18 and row is Row.CONDITIONAL_DISCHARGE:
        reason += "; s.82(2) does not halve it, as it is not one of the 10, 7, 5 or 2 year periods."
    else:
        reason += "."
    return Period(
        indefinite=False,
        months=None if length.total_days else length.total_months,
        first_day=first_day,
        last_day=last_day,
        halved=halved,
        row=row,
        reason=reason,
        length=length,
    )


def _longer(a: Period, b: Period) -> Period:
    """The longer of two periods with the same first day (indefinite is longest)."""
    if a.indefinite or b.indefinite:
        return a if a.indefinite else b
    assert a.last_day is not None and b.last_day is not None
    return a if a.last_day >= b.last_day else b


def notification_period(
    *,
    relevant_date: dt.date,
    age_on_relevant_date: int,
    sentences: list[Sentence],
    consecutive: bool = False,
    overlap: Term | None = None,
    today: dt.date | None = None,
) -> Period:
    """The s.82 notification period for the Schedule 3 offence(s) dealt with on one date.

    - ``relevant_date``: s.82(6) (conviction, finding or caution) or, where ``schedule3.check``
      says ``sentencing_condition_only``, the date of sentence (s.132(3)).
    - ``age_on_relevant_date``: for the s.82(2) halving.
    - ``sentences``: one per Schedule 3 offence; pass only Schedule 3 offences (s.82(3): terms
      for other offences are not aggregated).
    - ``consecutive=True``: the custodial terms were consecutive; s.82(4)(a) uses their sum.
    - ``overlap``: the terms were partly concurrent; for two terms X and Y overlapping by Z this
      is Z, and s.82(4)(b) uses X + Y - Z. For more than two, give the total time counted more
      than once, so that the sum of the terms less ``overlap`` is the time they span. For a DTO,
      the overlap is between the periods of detention that count (s.131(a)).
    - neither: the sentences were wholly concurrent or otherwise separate; each gives its own
      period and the longest governs (``WHOLLY_CONCURRENT_LONGEST`` [D]).
    - ``today``: if given, a relevant date after it is refused.

    >>> from vigil.policy.sentence import parse_term
    >>> p = notification_period(
    ...     relevant_date=dt.date(2024, 3, 1),
    ...     age_on_relevant_date=17,
    ...     sentences=[Sentence(Disposal.IMPRISONMENT, parse_term("24m"))],
    ... )
    >>> (p.indefinite, p.months, p.last_day)
    (False, 60, datetime.date(2029, 2, 28))
    """
    if not isinstance(relevant_date, dt.date) or isinstance(relevant_date, dt.datetime):
        raise ValueError(f"relevant_date must be a date, not {relevant_date!r}")
    if today is not None and relevant_date > today:
        raise ValueError(
            f"the relevant date {relevant_date} is after today ({today}); a notification "
            "period can only begin with a conviction, finding, caution or sentence that has "
            "happened"
        )
    check_offender_age(age_on_relevant_date, who="age_on_relevant_date")
    sentences = list(sentences)
    if not sentences:
        raise ValueError("give at least one sentence for a Schedule 3 offence")
    for sentence in sentences:
        if not isinstance(sentence, Sentence):
            raise ValueError(f"each sentence must be a Sentence, not {sentence!r}")
    cautions = [s for s in sentences if s.disposal is Disposal.CAUTION]
    if cautions and len(sentences) > 1:
        raise ValueError(
            "a caution has its own relevant date (s.82(6)(c)) and is not sentenced with other "
            "offences; work out its period separately"
        )
    if overlap is not None and not isinstance(overlap, Term):
        raise ValueError(f"overlap must be a Term (use parse_term), not {overlap!r}")
    under_18 = age_on_relevant_date < ADULT_AGE.value

    if consecutive or overlap is not None:
        return _aggregated(
            relevant_date=relevant_date,
            under_18=under_18,
            sentences=sentences,
            consecutive=consecutive,
            overlap=overlap,
        )

    if len(sentences) > 1 and not WHOLLY_CONCURRENT_LONGEST.value:
        raise ValueError("several sentences given, but no rule for combining them is set")
    best: Period | None = None
    for sentence in sentences:
        row, why = _row_for(sentence)
        period = _period(
            row=row,
            why=why,
            relevant_date=relevant_date,
            under_18=under_18,
            discharge=sentence.term if row is Row.CONDITIONAL_DISCHARGE else None,
        )
        best = period if best is None else _longer(best, period)
    assert best is not None
    if len(sentences) > 1:
        best = Period(
            indefinite=best.indefinite,
            months=best.months,
            first_day=best.first_day,
            last_day=best.last_day,
            halved=best.halved,
            row=best.row,
            reason=best.reason
            + " The sentences were not consecutive or partly concurrent, so they are not "
            "aggregated (s.82(3)-(4)); this is the longest of their periods.",
            length=best.length,
        )
    return best


def _aggregated(
    *,
    relevant_date: dt.date,
    under_18: bool,
    sentences: list[Sentence],
    consecutive: bool,
    overlap: Term | None,
) -> Period:
    """s.82(3)-(4): consecutive or partly concurrent terms for two or more Sch 3 offences."""
    how = "consecutive" if consecutive else "partly concurrent"
    if consecutive and overlap is not None:
        raise ValueError("terms cannot be both consecutive and overlapping: give one or the other")
    if len(sentences) < 2:
        raise ValueError(f"{how} terms need two or more sentences (s.82(3))")
    for sentence in sentences:
        if not sentence.counts_as_imprisonment:
            raise ValueError(
                f"only terms of imprisonment can be {how} (s.82(3)); {sentence.describe()} is not"
            )
    if any(s.disposal is Disposal.LIFE for s in sentences):
        return _period(
            row=Row.LIFE,
            why=f"one of the {how} sentences is indeterminate",
            relevant_date=relevant_date,
            under_18=under_18,
        )
    terms = [s.imprisonment_term for s in sentences]
    assert all(t is not None for t in terms)
    lengths = [t.in_days() for t in terms if t is not None]
    described = " + ".join(t.describe() for t in terms if t is not None)
    total = sum(lengths, Fraction(0))
    if overlap is not None:
        if overlap.is_zero:
            raise ValueError("an overlap of zero means the terms were consecutive: say so instead")
        if total - overlap.in_days() < max(lengths):
            raise ValueError(
                f"an overlap of {overlap.describe()} is longer than the terms can overlap "
                f"({described}): partly concurrent terms span at least the longest term"
            )
        total -= overlap.in_days()
        described = f"{described} - {overlap.describe()} overlap"
        rule = "s.82(4)(b): X + Y - Z"
    else:
        rule = "s.82(4)(a): the aggregate"
    total_text = _days_text(total)
    notes = [s.counting_note() for s in sentences if s.counting_note()]
    why = f"{how} terms of {described} = {total_text}, treated as one term under {rule}"
    if notes:
        why += "; " + "; ".join(dict.fromkeys(notes))
    return _period(
        row=_row_for_imprisonment(total),
        why=why,
        relevant_date=relevant_date,
        under_18=under_18,
    )


def _days_text(days: Fraction) -> str:
    """An aggregate length in words: whole months where exact, otherwise about N months."""
    months = days / Term(months=1).in_days()
    if months.denominator == 1:
        return Term(months=int(months)).describe()
    return f"about {float(months):.1f} months ({float(days):g} days)"
