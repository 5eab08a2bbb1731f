"""The notification calculator: typed answers in, the law's answers out.

One module serves both command-line tools (``schedule3_check``, ``notification_period``) and
the calculator page, so they cannot disagree. It adds no rules of its own: the decisions come
from ``vigil.policy.schedule3`` (Schedule 3), ``vigil.policy.soa2003`` (s.82) and
``vigil.policy.deadlines`` (s.91B). What lives here is

- reading what was typed (ages, dates, durations, disposals) and refusing what cannot be;
- saying *which input* is wrong, so the tools name the option to add (``--victim-age``) and
  the page puts the message next to the field (``Voice``);
- the answers, as JSON-ready dicts (the tools' stable keys) and as readable text citing the law.

Nothing here touches the database or knows who is asking.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from vigil.policy import schedule3
from vigil.policy.deadlines import ReviewDate, review_qualifying_date
from vigil.policy.schedule3 import Decision, Offence, Purpose, Secondary, UnknownOffence
from vigil.policy.sentence import (
    Custody,
    Disposal,
    Sentence,
    Term,
    check_age,
    check_offender_age,
    parse_term,
)
from vigil.policy.soa2003 import ADULT_AGE, Period, notification_period

# --- What each choice means, in words -------------------------------------------------------

DISPOSAL_TEXT: dict[Disposal, str] = {
    Disposal.IMPRISONMENT: "Imprisonment or other determinate custody (including suspended)",
    Disposal.LIFE: "Life, IPP or other indeterminate custody",
    Disposal.HOSPITAL_RESTRICTED: "Hospital order with a restriction order",
    Disposal.HOSPITAL: "Hospital order without a restriction order",
    Disposal.COMMUNITY: "Community order or youth rehabilitation order",
    Disposal.CAUTION: "Caution, youth caution, reprimand or warning",
    Disposal.CONDITIONAL_DISCHARGE: "Conditional discharge",
    Disposal.FINE: "Fine",
    Disposal.OTHER: "Another disposal after conviction or finding (for example a referral order)",
}

CUSTODY_TEXT: dict[Custody, str] = {
    Custody.IMPRISONMENT: "Imprisonment (21 or over)",
    Custody.YOI: "Detention in a young offender institution",
    Custody.DETENTION: "Detention under Sentencing Code s.250, s.254 or s.259",
    Custody.DTO: "Detention and training order (only the detention half counts, s.131(a))",
}

SECONDARY_TEXT: dict[Secondary, str] = {
    Secondary.ATTEMPT: "Attempt (para 94(a))",
    Secondary.CONSPIRACY: "Conspiracy (para 94(a))",
    Secondary.INCITEMENT: "Incitement (para 94(a))",
    Secondary.AIDING_ABETTING: "Aiding, abetting, counselling or procuring (para 94(b))",
    Secondary.ENCOURAGING_ASSISTING: "Encouraging or assisting, SCA 2007 Part 2 (para 94A)",
}

PURPOSE_TEXT: dict[Purpose, str] = {
    Purpose.SEXUAL_GRATIFICATION: "Obtaining sexual gratification (s.67A(3)(a))",
    Purpose.HUMILIATION: "Humiliating, alarming or distressing the victim (s.67A(3)(b))",
}

TERM_EXAMPLES = "for example 30m, 26w, 3y or 2y6m (y years, m months, w weeks, d days)"


# --- Problems with the input ----------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and the input (``field``) to change.

    ``message`` may name inputs as ``{field}`` (replaced by how the voice names them) and may
    quote a policy message that names them by their Python names (``victim_age``), which the
    voice rewrites too. ``missing`` marks "the answer depends on this: give it".
    """

    field: str
    message: str
    missing: bool = False

    def render(self, voice: Voice) -> str:
        return voice.render(self)


class InputError(ValueError):
    """The input cannot be used; ``problems`` says what to change, input by input."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.message for p in self.problems))

    @classmethod
    def one(cls, field: str, message: str, *, missing: bool = False) -> InputError:
        return cls([Problem(field, message, missing)])


# The policy's Python names for facts, and the calculator input each belongs to.
_IDENTIFIERS = {
    "age_on_relevant_date": "age",
    "intended_victim_age": "intended_victim_age",
    "image_subject_age": "image_subject_age",
    "offender_age": "offender_age",
    "victim_age": "victim_age",
    "conviction_date": "conviction_date",
    "offence_date": "offence_date",
    "relevant_date": "relevant_date",
}
_IDENTIFIER = re.compile(r"\b(" + "|".join(_IDENTIFIERS) + r")\b")


@dataclass(frozen=True)
class Voice:
    """How one front end names the inputs: options for the tools, labels for the page."""

    names: Mapping[str, str]
    ask: Callable[[str], str]
    """The instruction for a missing fact: "add --victim-age", "Enter the victim's age"."""
    parenthetical_names: bool
    """Whether "(victim_age)" becomes "(--victim-age)" (True) or is dropped (False)."""
    prefix_field: bool = False
    """Start with the input's name when the message does not mention it (for the tools,
    whose messages are not shown next to a field)."""

    def name(self, field: str) -> str:
        return self.names.get(field, field.replace("_", " "))

    def render(self, problem: Problem) -> str:
        text = problem.message
        text = re.sub(r"\{(\w+)\}", lambda m: self.name(m[1]), text)
        text = text.replace(
            "(purpose: sexual_gratification or humiliation)",
            f"({self.name('purpose')})" if self.parenthetical_names else "",
        )
        text = re.sub(r"\bsecondary='(\w+)'", lambda m: f"{self.name('secondary')} {m[1]}", text)
        text = text.replace("pass secondary= for", f"give {self.name('secondary')} for")
        if not self.parenthetical_names:
            text = re.sub(r"\s*\((?:" + _IDENTIFIER.pattern + r")\)", "", text)
            text = re.sub(r"\((?:" + _IDENTIFIER.pattern + r"); ", "(", text)
            text = re.sub(r"\((?:" + _IDENTIFIER.pattern + r")\),", ",", text)
        text = _IDENTIFIER.sub(lambda m: self.name(_IDENTIFIERS[m[1]]), text)
        text = text.replace("check the date of birth", "check the age")
        text = " ".join(text.split())
        if problem.missing:
            text = f"{text.rstrip('.')}: {self.ask(problem.field)}"
        if self.prefix_field and self.name(problem.field) not in text:
            return f"{self.name(problem.field)}: {text}"
        return text[:1].upper() + text[1:]


def cli_message(error: InputError) -> str:
    """The tools' message for refused input: one line per problem, naming the option."""
    lines = dict.fromkeys(CLI_VOICE.render(p) for p in error.problems)
    return "\n".join(lines)


def _option(field: str) -> str:
    return "--" + field.replace("_", "-")


CLI_FIELDS = (
    "offence",
    "offender_age",
    "victim_age",
    "disposal",
    "term",
    "consecutive",
    "overlap",
    "suspended",
    "discharge",
    "custody",
    "relevant_date",
    "age",
    "conviction_date",
    "offence_date",
    "secondary",
    "purpose",
    "image_subject_age",
    "intended_victim_age",
    "relevant_notification",
)

_CLI_EXAMPLES = {
    "victim_age": "--victim-age YEARS",
    "offender_age": "--offender-age YEARS",
    "conviction_date": "--conviction-date YYYY-MM-DD",
    "offence_date": "--offence-date YYYY-MM-DD",
    "image_subject_age": "--image-subject-age YEARS",
    "intended_victim_age": "--intended-victim-age YEARS",
    "purpose": "--purpose sexual_gratification or --purpose humiliation",
    "term": "--term DURATION",
    "discharge": "--discharge DURATION",
    "secondary": "--secondary KIND",
}

CLI_VOICE = Voice(
    names={f: _option(f) for f in CLI_FIELDS},
    ask=lambda field: "add " + _CLI_EXAMPLES.get(field, _option(field)),
    parenthetical_names=True,
    prefix_field=True,
)

PAGE_NAMES = {
    "offence": "the offence",
    "offender_age": "the offender's age at the time of the offence",
    "victim_age": "the victim's age at the time of the offence",
    "disposal": "how the offender was dealt with",
    "term": "the term",
    "consecutive": "how the terms were served",
    "overlap": "how long the terms overlapped",
    "suspended": "suspended",
    "discharge": "the length of the conditional discharge",
    "custody": "the kind of custody",
    "relevant_date": "the relevant date",
    "age": "the age on the relevant date",
    "conviction_date": "the date of the conviction, finding or caution",
    "offence_date": "the date of the offence",
    "secondary": "the kind of liability",
    "purpose": "the purpose of the offence",
    "image_subject_age": "the age of the youngest person shown",
    "intended_victim_age": "the intended victim's age",
    "relevant_notification": "the date of the first notification",
    "more_terms": "the other terms",
}

_CHOOSE = {"purpose", "secondary", "disposal", "custody", "consecutive"}

PAGE_VOICE = Voice(
    names=PAGE_NAMES,
    ask=lambda field: ("choose " if field in _CHOOSE else "enter ") + PAGE_NAMES.get(field, field),
    parenthetical_names=False,
)


# --- Reading typed answers ------------------------------------------------------------------


def parse_whole_years(text: str, *, field: str) -> int:
    """An age as typed: a whole number of years."""
    cleaned = text.strip().lower().removesuffix("years").removesuffix("y").strip()
    if not re.fullmatch(r"-?\d{1,4}", cleaned):
        raise InputError.one(
            field, f"give {{{field}}} as a whole number of years, like 25 (got {text!r})"
        )
    return int(cleaned)


def parse_iso_date(text: str, *, field: str) -> dt.date:
    """A date as year-month-day."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError.one(
            field, f"give {{{field}}} as year-month-day, like 2024-03-01 (got {text!r})"
        ) from None


def parse_duration(text: str, *, field: str) -> Term:
    """A term, overlap or discharge: ``30m``, ``26w``, ``3y``, ``2y6m``."""
    try:
        return parse_term(text)
    except ValueError as exc:
        raise InputError.one(field, str(exc)) from None


E = TypeVar("E", bound=StrEnum)


def parse_choice(text: str, kind: type[E], *, field: str) -> E:
    """One of an enumeration's values (``imprisonment``, ``dto``, ``attempt``)."""
    value = text.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise InputError.one(
            field, f"{{{field}}} must be one of {allowed} (got {text!r})"
        ) from None


def _collect(problems: list[Problem], make: Callable[[], Any]) -> Any:
    """Run ``make``; on ``InputError`` keep its problems and return None."""
    try:
        return make()
    except InputError as exc:
        problems.extend(exc.problems)
        return None


# --- Facts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SentenceFacts:
    """How the offender was dealt with. ``terms`` holds one term per Schedule 3 offence."""

    disposal: Disposal | None
    terms: tuple[Term, ...] = ()
    suspended: bool = False
    custody: Custody = Custody.IMPRISONMENT
    discharge: Term | None = None
    consecutive: bool = False
    overlap: Term | None = None


@dataclass(frozen=True)
class OffenceFacts:
    """What Schedule 3 looks at for one offence (ages at the time of the offence)."""

    offence: str
    offender_age: int | None
    victim_age: int | None
    sentence: SentenceFacts
    conviction_date: dt.date | None = None
    offence_date: dt.date | None = None
    secondary: Secondary | None = None
    purpose: Purpose | None = None
    image_subject_age: int | None = None
    intended_victim_age: int | None = None


@dataclass(frozen=True)
class PeriodFacts:
    """What s.82 looks at: the relevant date, the age on it, and the sentence(s)."""

    relevant_date: dt.date | None
    age: int | None
    sentence: SentenceFacts
    relevant_notification: dt.date | None = None
    """The "relevant notification" of s.91B(2), for the review date of an indefinite period."""


def _ordinal(n: int) -> str:
    return {1: "1st", 2: "2nd", 3: "3rd"}.get(n, f"{n}th")


def sentences(facts: SentenceFacts) -> list[Sentence]:
    """One ``Sentence`` per term (or one without a term), refusing what cannot be."""
    disposal = facts.disposal
    if disposal is None:
        raise InputError.one(
            "disposal",
            "give {disposal}, how the offender was dealt with: one of "
            + ", ".join(d.value for d in Disposal),
        )
    problems: list[Problem] = []
    if facts.discharge is not None and disposal is not Disposal.CONDITIONAL_DISCHARGE:
        problems.append(
            Problem(
                "discharge",
                "only a conditional discharge has a discharge length: leave {discharge} out",
            )
        )
    if disposal is Disposal.CONDITIONAL_DISCHARGE:
        if facts.terms:
            problems.append(
                Problem(
                    "term",
                    "a conditional discharge has no term: leave {term} out and give {discharge}",
                )
            )
        if facts.discharge is None:
            problems.append(
                Problem(
                    "discharge",
                    "a conditional discharge needs its length, " + TERM_EXAMPLES,
                    missing=True,
                )
            )
        else:
            problems.extend(_sentence_problems(facts, disposal, facts.discharge, None))
        if problems:
            raise InputError(problems)
        return [Sentence(disposal, facts.discharge)]
    if disposal is Disposal.IMPRISONMENT and not facts.terms:
        problems.append(
            Problem(
                "term",
                "imprisonment needs its custodial term, "
                + TERM_EXAMPLES
                + "; for a suspended sentence, the custodial term, not the operational period",
                missing=True,
            )
        )
    built: list[Sentence] = []
    terms: tuple[Term | None, ...] = facts.terms or (None,)
    for index, term in enumerate(terms, start=1):
        which = f"the {_ordinal(index)} term ({term}): " if len(terms) > 1 else ""
        found = _sentence_problems(facts, disposal, term, which)
        problems.extend(found)
        if not found and not problems:
            built.append(Sentence(disposal, term, suspended=facts.suspended, custody=facts.custody))
    if problems:
        raise InputError(problems)
    return built


def _sentence_problems(
    facts: SentenceFacts, disposal: Disposal, term: Term | None, which: str | None
) -> list[Problem]:
    """What ``Sentence`` refuses, with the input to change."""
    if disposal is Disposal.IMPRISONMENT and term is None:
        return []  # reported once by the caller
    try:
        Sentence(disposal, term, suspended=facts.suspended, custody=facts.custody)
    except ValueError as exc:
        message = str(exc)
        if facts.suspended and "suspend" in message:
            target = "suspended"
        elif facts.custody is not Custody.IMPRISONMENT and "custody kind" in message:
            target = "custody"
        elif disposal is Disposal.CONDITIONAL_DISCHARGE:
            target = "discharge"
        else:
            target = "term"
        message = message.replace("leave the term out", "leave {term} out")
        return [Problem(target, (which or "") + message)]
    return []


_SINGLE_CHECKS: dict[str, tuple[str, str]] = {
    "offender_age": ("offender", "the offender's age at the time of the offence"),
    "age": ("offender", "the age on the relevant date"),
    "victim_age": ("age", "the victim's age"),
    "image_subject_age": ("age", "the age of the person shown"),
    "intended_victim_age": ("age", "the intended victim's age"),
    "conviction_date": ("past", "the date of the conviction, finding or caution"),
    "offence_date": ("past", "the date of the offence"),
    "relevant_date": ("past", "the relevant date"),
    "relevant_notification": ("past", "the date of the first notification"),
}


def check_field(field: str, value: Any, *, today: dt.date) -> None:
    """Refuse a value that cannot be right on its own: an offender under 10, an age that is
    negative or implausible, a date in the future. Raises ``InputError``; None passes.

    The page checks each field with this as it is read; the tools and ``calculate`` check
    them all again with the rest, so every front end refuses the same things.
    """
    if value is None or field not in _SINGLE_CHECKS:
        return
    kind, who = _SINGLE_CHECKS[field]
    try:
        if kind == "offender":
            check_offender_age(value, who=who)
        elif kind == "age":
            check_age(value, who=who)
        elif value > today:
            raise ValueError(
                f"{who} ({value.isoformat()}) is in the future, after today "
                f"({today.isoformat()}): the calculator works only on what has happened. "
                "Check the year"
            )
    except ValueError as exc:
        raise InputError.one(field, str(exc)) from None


def _check_fields(facts: Any, names: Iterable[str], today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    for name in names:
        try:
            check_field(name, getattr(facts, name), today=today)
        except InputError as exc:
            problems.extend(exc.problems)
    return problems


# --- Answers -------------------------------------------------------------------------------


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class Schedule3Answer:
    """Whether the offence is notifiable, and why (SOA 2003 s.80, Schedule 3)."""

    decision: Decision

    @property
    def offence(self) -> Offence:
        return self.decision.offence

    def as_json(self) -> dict[str, Any]:
        """The ``schedule3_check --json`` keys. The first three are the stable contract."""
        d = self.decision
        return {
            "notifiable": d.notifiable,
            "paragraph": d.paragraph,
            "reason": d.reason,
            "offence": d.offence.code,
            "title": d.offence.title,
            "citation": d.offence.citation,
            "listed_in": d.listed_in,
            "via": d.via,
            "sentencing_condition_only": d.sentencing_condition_only,
            "relevant_date": d.relevant_date_rule,
            "notes": list(d.notes),
        }

    def text(self) -> str:
        d = self.decision
        head = f"{d.offence.citation} ({d.offence.title})"
        lines = [
            f"{head}: notifiable under Schedule 3 {d.paragraph}."
            if d.notifiable
            else f"{head}: not notifiable.",
            "",
            d.reason,
        ]
        if d.notifiable:
            lines += ["", f"The notification period begins with {d.relevant_date_rule}."]
        lines += [f"Note: {note}" for note in d.notes]
        lines += ["", "Law: Sexual Offences Act 2003 s.80 and Schedule 3."]
        return "\n".join(lines)


def _compact(length: Term) -> str:
    """A period as the tools write terms: "5y", "2y6m", "26w"."""
    years, months = divmod(length.total_months, 12)
    return str(Term(years=years, months=months, weeks=length.weeks, days=length.days))


def _period_words(period: Period) -> str:
    if period.indefinite or period.length is None:
        return "indefinite"
    length = period.length
    years, months = divmod(length.total_months, 12)
    return Term(years=years, months=months, weeks=length.weeks, days=length.days).describe()


@dataclass(frozen=True)
class PeriodAnswer:
    """The notification period (s.82) and, if it is indefinite, the review date (s.91B)."""

    period: Period
    review: ReviewDate | None = None
    review_exact: bool = False
    """False: no relevant notification date was given, so ``review`` is the earliest date."""

    @property
    def words(self) -> str:
        """ "5 years", "2 years 6 months", "indefinite"."""
        return _period_words(self.period)

    @property
    def review_reason(self) -> str:
        if self.review is None:
            return ""
        if self.review_exact:
            return self.review.reason
        return (
            f"{self.review.reason} This is the earliest it can be: it assumes the relevant "
            "notification was given on the relevant date. If the first notification came "
            "later (for example after release from custody), the date is later: give that "
            "notification's date for the exact qualifying date."
        )

    def as_json(self) -> dict[str, Any]:
        """The ``notification_period --json`` keys. The first four are the stable contract."""
        p = self.period
        return {
            "indefinite": p.indefinite,
            "months": p.months,
            "first_day": p.first_day.isoformat(),
            "last_day": p.last_day.isoformat() if p.last_day else None,
            "length": _compact(p.length) if p.length else None,
            "halved": p.halved,
            "row": p.row.value,
            "reason": p.reason,
            "review_qualifying_date": (
                self.review.qualifying_date.isoformat() if self.review else None
            ),
            "review_date_exact": self.review_exact if self.review else None,
            "review_reason": self.review_reason or None,
        }

    def text(self) -> str:
        p = self.period
        if p.indefinite:
            lines = [
                "Notification period: indefinite (Sexual Offences Act 2003 s.82(1)).",
                f"First day: {_day(p.first_day)} (the relevant date; the period begins with it).",
                "Last day: none. The requirements continue until a review under ss.91A-91F "
                "discharges them.",
            ]
        else:
            assert p.last_day is not None
            halved = ", halved under s.82(2)" if p.halved else ""
            lines = [
                f"Notification period: {self.words} (Sexual Offences Act 2003 s.82(1){halved}).",
                f"First day: {_day(p.first_day)} (the relevant date; the period begins with it).",
                f"Last day: {_day(p.last_day)}.",
            ]
        lines += ["", f"Why: {p.reason}"]
        if self.review is not None:
            label = "Review qualifying date" if self.review_exact else "Earliest review date"
            lines += [
                "",
                f"{label}: {_day(self.review.qualifying_date)} (s.91B).",
                f"Why: {self.review_reason}",
            ]
        return "\n".join(lines)


# --- Running the rules ------------------------------------------------------------------------


def _offence_problems(facts: OffenceFacts, today: dt.date) -> list[Problem]:
    """Everything wrong with the offence facts, before Schedule 3 is asked."""
    problems: list[Problem] = []
    if not facts.offence.strip():
        problems.append(
            Problem(
                "offence",
                "give {offence}: a code such as SOA2003-s3, SOA2003-s66A, SOA1956-s14, "
                "PCA1978-s1 or CJA1988-s160",
            )
        )
    else:
        try:
            schedule3.lookup(facts.offence)
        except UnknownOffence as exc:
            problems.append(Problem("offence", str(exc)))
    if facts.offender_age is None:
        problems.append(
            Problem(
                "offender_age",
                "give {offender_age}, the offender's age in whole years at the time of the offence",
            )
        )
    problems += _check_fields(
        facts,
        (
            "offender_age",
            "victim_age",
            "image_subject_age",
            "intended_victim_age",
            "conviction_date",
            "offence_date",
        ),
        today,
    )
    if facts.offence_date and facts.conviction_date and facts.offence_date > facts.conviction_date:
        problems.append(
            Problem(
                "offence_date",
                f"the offence date ({facts.offence_date.isoformat()}) is after the date of the "
                f"conviction, finding or caution ({facts.conviction_date.isoformat()}): "
                "check both dates",
            )
        )
    return problems


def _missing_fields(message: str, facts: OffenceFacts) -> list[str]:
    """Which inputs a policy message is about, in the order it names them."""
    found: list[str] = []
    for match in _IDENTIFIER.finditer(message):
        target = _IDENTIFIERS[match[1]]
        if target not in found:
            found.append(target)
    if "(purpose:" in message:
        found.append("purpose")
    if "length of the community sentence" in message:
        found.append("term")
    if not found:
        found.append("offence")
    return found


def check_offence(facts: OffenceFacts, *, today: dt.date) -> Schedule3Answer:
    """Schedule 3: is the offence notifiable on these facts? Raises ``InputError``."""
    problems = _offence_problems(facts, today)
    sentence = None
    # One offence, one sentence: further terms are for the period's aggregation (s.82(3)).
    single = SentenceFacts(
        disposal=facts.sentence.disposal,
        terms=facts.sentence.terms[:1],
        suspended=facts.sentence.suspended,
        custody=facts.sentence.custody,
        discharge=facts.sentence.discharge,
    )
    built = _collect(problems, lambda: sentences(single))
    if built:
        sentence = built[0]
    if problems:
        raise InputError(problems)
    assert sentence is not None and facts.offender_age is not None
    try:
        decision = schedule3.check(
            offence=facts.offence,
            offender_age=facts.offender_age,
            victim_age=facts.victim_age,
            sentence=sentence,
            conviction_date=facts.conviction_date,
            offence_date=facts.offence_date,
            secondary=facts.secondary,
            purpose=facts.purpose,
            image_subject_age=facts.image_subject_age,
            intended_victim_age=facts.intended_victim_age,
        )
    except UnknownOffence as exc:  # checked above; kept for safety
        raise InputError.one("offence", str(exc)) from None
    except ValueError as exc:
        message = str(exc)
        missing = message.startswith("cannot decide") or "depends on" in message
        raise InputError(
            Problem(field, message, missing=missing) for field in _missing_fields(message, facts)
        ) from None
    return Schedule3Answer(decision)


def _period_problems(facts: PeriodFacts, today: dt.date) -> list[Problem]:
    problems: list[Problem] = []
    if facts.relevant_date is None:
        problems.append(
            Problem(
                "relevant_date",
                "give {relevant_date}: the date of the conviction, finding or caution "
                "(s.82(6)), or of sentence where s.132 applies, as year-month-day",
            )
        )
    if facts.age is None:
        problems.append(
            Problem(
                "age",
                "give {age}: the offender's age in whole years on the relevant date",
            )
        )
    problems += _check_fields(facts, ("relevant_date", "age", "relevant_notification"), today)
    if (
        facts.relevant_notification
        and facts.relevant_date
        and facts.relevant_notification < facts.relevant_date
    ):
        problems.append(
            Problem(
                "relevant_notification",
                f"the first notification ({facts.relevant_notification.isoformat()}) cannot be "
                f"before the relevant date ({facts.relevant_date.isoformat()}): check both dates",
            )
        )
    s = facts.sentence
    if s.consecutive and s.overlap is not None:
        problems.append(
            Problem(
                "overlap",
                "terms cannot be both consecutive and partly concurrent: give {consecutive} or "
                "{overlap}, not both",
            )
        )
    elif (s.consecutive or s.overlap is not None) and len(s.terms) < 2:
        problems.append(
            Problem(
                "consecutive" if s.consecutive else "overlap",
                "consecutive or partly concurrent terms need a term for each of two or more "
                "Schedule 3 offences (s.82(3))",
            )
        )
    return problems


def _period_field(message: str, facts: SentenceFacts) -> str:
    """The input a ``notification_period`` refusal is about."""
    if facts.overlap is not None and ("overlap" in message or "concurrent" in message):
        return "overlap"
    if facts.consecutive and "consecutive" in message:
        return "consecutive"
    if "relevant date" in message or "relevant_date" in message:
        return "relevant_date"
    if "age_on_relevant_date" in message:
        return "age"
    if "caution" in message:
        return "disposal"
    return "term"


def work_out_period(facts: PeriodFacts, *, today: dt.date) -> PeriodAnswer:
    """s.82: the notification period, and the s.91B review date if it is indefinite."""
    problems = _period_problems(facts, today)
    built = _collect(problems, lambda: sentences(facts.sentence))
    if problems:
        raise InputError(problems)
    assert facts.relevant_date is not None and facts.age is not None and built
    try:
        period = notification_period(
            relevant_date=facts.relevant_date,
            age_on_relevant_date=facts.age,
            sentences=built,
            consecutive=facts.sentence.consecutive,
            overlap=facts.sentence.overlap,
            today=today,
        )
    except ValueError as exc:
        message = str(exc)
        raise InputError.one(_period_field(message, facts.sentence), message) from None
    if not period.indefinite:
        return PeriodAnswer(period)
    review = review_qualifying_date(
        relevant_notification_on=facts.relevant_notification or facts.relevant_date,
        under_18_on_relevant_date=facts.age < ADULT_AGE.value,
    )
    return PeriodAnswer(period, review, review_exact=facts.relevant_notification is not None)


# --- The page: both questions at once ----------------------------------------------------------


@dataclass(frozen=True)
class CalculatorAnswer:
    """The calculator page's answer: Schedule 3, then (if notifiable) the period."""

    schedule3: Schedule3Answer
    period: PeriodAnswer | None = None
    no_period: str = ""
    """Why no period is shown, when it is not."""

    def as_json(self) -> dict[str, Any]:
        return {
            "schedule3": self.schedule3.as_json(),
            "period": self.period.as_json() if self.period else None,
        }


def calculate(offence: OffenceFacts, period: PeriodFacts, *, today: dt.date) -> CalculatorAnswer:
    """Schedule 3, then s.82 if the offence is notifiable and the period's facts are given.

    All input problems of both parts are reported together, with the checks that only the
    two together can make (the offender cannot be younger on the relevant date than at the
    offence; the relevant date is not before the conviction).
    """
    problems = _offence_problems(offence, today)
    period_given = period.relevant_date is not None or period.age is not None
    if period_given:
        problems += _period_problems(period, today)
        if (
            period.age is not None
            and offence.offender_age is not None
            and period.age < offence.offender_age
        ):
            problems.append(
                Problem(
                    "age",
                    f"the age on the relevant date ({period.age}) cannot be less than the age at "
                    f"the time of the offence ({offence.offender_age}): check both ages",
                )
            )
        for day, what in (
            (offence.conviction_date, "the conviction, finding or caution"),
            (offence.offence_date, "the offence"),
        ):
            if day and period.relevant_date and period.relevant_date < day:
                problems.append(
                    Problem(
                        "relevant_date",
                        f"the relevant date ({period.relevant_date.isoformat()}) cannot be "
                        f"before {what} ({day.isoformat()}): it is the date of the conviction, "
                        "finding or caution, or of sentence",
                    )
                )
    _collect(problems, lambda: sentences(period.sentence))
    if problems:
        raise InputError(_unique(problems))
    answer = check_offence(offence, today=today)
    if not answer.decision.notifiable:
        return CalculatorAnswer(answer, no_period="Not notifiable, so there is no period.")
    if not period_given:
        return CalculatorAnswer(
            answer,
            no_period="Give the relevant date and the age on it to work out the period.",
        )
    return CalculatorAnswer(answer, work_out_period(period, today=today))


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def offence_choices() -> list[Offence]:
    """Every offence the calculator knows, for the page's picker."""
    return schedule3.all_offences()


def resolve_offence(text: str) -> str:
    """A typed offence as a catalogue code: a code, or words matching one offence's name.

    For the page, where the picker lets officers type a name. The tools take codes only.
    """
    typed = text.strip()
    if not typed:
        return ""
    looks_like_code = re.match(r"[A-Za-z]+\s*\d{4}\s*-|s(ection)?\.?\s*\d", typed, re.I)
    code = typed.split(" ", 1)[0] if re.match(r"[A-Za-z]+\d{4}-", typed) else typed
    try:
        return schedule3.lookup(code).code
    except UnknownOffence as unknown:
        if looks_like_code:
            raise InputError.one("offence", str(unknown)) from None
        found = schedule3.search_offences(typed, limit=6)
        exact = [o for o in found if o.title.lower() == typed.lower()]
        if len(exact) == 1 or len(found) == 1:
            return (exact or found)[0].code
        if found:
            listed = "; ".join(f"{o.code} ({o.title})" for o in found[:5])
            raise InputError.one(
                "offence",
                f"{typed!r} matches more than one offence, for example {listed}. "
                "Pick one from the list or type its code",
            ) from None
        raise InputError.one("offence", str(unknown)) from None
