"""What the notification requirements are, derived from the stored facts (never stored).

ARCHITECTURE.md principle 1: the convictions, notifications, trips, overrides and reviews
are facts; whether an offence is notifiable (Schedule 3), the notification period and its
last day (s.82), the indefinite-review date (s.91B) and every deadline (ss.83-86) are
computed here with ``vigil.policy`` each time they are shown, with the law's reason.

Two ways in, one derivation:

- ``requirements(nominal, today=...)``: everything about one nominal, for the overview
  panel and the requirements page, in a fixed number of queries whatever the record holds;
- ``statuses(nominal_ids, today=..., until=...)``: the register status (what is due,
  overdue, suspended) of many nominals at once, in a fixed number of queries, for work
  queues; with ``until``, only for the people who may have something due before it.

Both call ``derive_status``, so the panel and a work queue can never disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.db.models import (
    Aggregate,
    JSONField,
    OuterRef,
    QuerySet,
    Subquery,
)
from django.db.models.functions import JSONArray
from django.utils import timezone

from vigil.nominals.models import Address, AddressKind, Nominal, Status
from vigil.obligations import facts as obligation_facts
from vigil.obligations.facts import Source
from vigil.policy import deadlines as dl
from vigil.policy import schedule3, soa2003
from vigil.policy.deadlines import (
    PERIOD_END_WINDOW_DAYS,
    Deadline,
    DueState,
    DueStatus,
    NotificationKind,
)
from vigil.policy.sentence import Custody, Disposal, Sentence, parse_term
from vigil.registration.models import (
    RESETTING_KINDS,
    Conviction,
    ConvictionKind,
    Notification,
    PeriodEnd,
    PeriodOverride,
    PossibleBreach,
    ReviewApplication,
    ReviewOutcome,
    TravelItinerary,
)

#: Statuses for which nothing is due: the person has died or is no longer subject.
CLOSED = (Status.DECEASED, Status.NO_LONGER_SUBJECT)
#: Statuses meaning the person is away (s.83(6), s.85(3)-(4) disregard that time).
AWAY = (Status.CUSTODY, Status.HOSPITAL, Status.OVERSEAS)
#: Notification kinds that restart the periodic clock (deadlines.resets_periodic_clock).
RESETTING = RESETTING_KINDS
#: s.82(1) rows that involve custody or detention, after which the review period starts
#: with the first notification after release (deadlines.REVIEW_RELEVANT_NOTIFICATION, [M]).
_CUSTODIAL_ROWS = (
    soa2003.Row.LIFE,
    soa2003.Row.IMPRISONMENT_30_MONTHS_OR_MORE,
    soa2003.Row.HOSPITAL_RESTRICTED,
)


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    """Age in whole years on ``day`` (a birthday counts from its own day)."""
    return (
        day.year
        - date_of_birth.year
        - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))
    )


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date in Europe/London of a stored moment (ARCHITECTURE.md, time)."""
    return timezone.localtime(moment).date()


# --- Offences, convictions and the period ------------------------------------------------------


class ConvictionFacts(Protocol):
    """What Schedule 3 and s.82 read from a conviction, finding or caution.

    A ``Conviction`` is one; ``statuses`` reads the same columns into a lighter row, so that
    the same derivation runs for thousands of people without building model instances.
    """

    @property
    def relevant_on(self) -> dt.date: ...
    @property
    def sentenced_on(self) -> dt.date | None: ...
    @property
    def consecutive(self) -> bool: ...
    @property
    def overlap(self) -> str: ...


class OffenceFacts(Protocol):
    """What Schedule 3 and s.82 read from one offence (a ``ConvictionOffence`` is one)."""

    @property
    def offence_code(self) -> str: ...
    @property
    def offence_date(self) -> dt.date: ...
    @property
    def victim_age(self) -> int | None: ...
    @property
    def image_subject_age(self) -> int | None: ...
    @property
    def intended_victim_age(self) -> int | None: ...
    @property
    def disposal(self) -> str: ...
    @property
    def term(self) -> str: ...
    @property
    def suspended(self) -> bool: ...
    @property
    def custody(self) -> str: ...
    @property
    def secondary(self) -> str: ...
    @property
    def purpose(self) -> str: ...


def sentence_of(offence: OffenceFacts) -> Sentence:
    """The offence's disposal as ``vigil.policy.sentence`` reads it; ``ValueError`` if it
    cannot be a sentence (a term on a fine, a suspended hospital order, ...)."""
    term = parse_term(offence.term) if offence.term.strip() else None
    return Sentence(
        disposal=Disposal(offence.disposal),
        term=term,
        suspended=offence.suspended,
        custody=Custody(offence.custody or Custody.IMPRISONMENT),
    )


@dataclass(frozen=True)
class OffenceAssessment:
    """One offence and what Schedule 3 says about it (SOA 2003 s.80, Sch 3)."""

    offence: OffenceFacts
    offender_age: int
    sentence: Sentence | None
    decision: schedule3.Decision | None
    #: s.82(6), or the sentence date under s.132(3); ``None`` when not notifiable.
    relevant_date: dt.date | None
    error: str = ""

    @property
    def notifiable(self) -> bool:
        return self.decision is not None and self.decision.notifiable

    @property
    def title(self) -> str:
        try:
            return schedule3.lookup(self.offence.offence_code).title
        except schedule3.UnknownOffence:
            return self.offence.offence_code


def assess_offence(
    offence: OffenceFacts, *, conviction: ConvictionFacts, date_of_birth: dt.date
) -> OffenceAssessment:
    """Run ``schedule3.check`` on a stored offence, and give its relevant date.

    The relevant date is the conviction, finding or caution date (s.82(6)); where the
    offence is notifiable only through a sentencing condition it is the date of sentence
    (s.132(3); SCHEDULE3.md §2 "When a threshold offence counts as convicted").
    """
    age = age_on(date_of_birth, offence.offence_date)
    try:
        sentence = sentence_of(offence)
        decision = schedule3.check(
            offence=offence.offence_code,
            offender_age=age,
            victim_age=offence.victim_age,
            sentence=sentence,
            conviction_date=conviction.relevant_on,
            offence_date=offence.offence_date,
            secondary=schedule3.Secondary(offence.secondary) if offence.secondary else None,
            purpose=schedule3.Purpose(offence.purpose) if offence.purpose else None,
            image_subject_age=offence.image_subject_age,
            intended_victim_age=offence.intended_victim_age,
        )
    except ValueError as exc:
        return OffenceAssessment(offence, age, None, None, None, error=str(exc))
    relevant = None
    if decision.notifiable:
        relevant = conviction.relevant_on
        if decision.sentencing_condition_only:
            relevant = conviction.sentenced_on or conviction.relevant_on
    return OffenceAssessment(offence, age, sentence, decision, relevant)


@dataclass(frozen=True)
class ConvictionAssessment:
    """A conviction, finding or caution, its offences' decisions and the period it gives."""

    conviction: ConvictionFacts
    offences: tuple[OffenceAssessment, ...]
    period: soa2003.Period | None
    notes: tuple[str, ...] = ()
    error: str = ""

    @property
    def notifiable(self) -> bool:
        return self.period is not None

    @property
    def relevant_dates(self) -> list[dt.date]:
        return sorted({o.relevant_date for o in self.offences if o.relevant_date is not None})


def _later(a: soa2003.Period, b: soa2003.Period) -> soa2003.Period:
    """The period that ends later (an indefinite one never ends)."""
    if a.indefinite or b.indefinite:
        return a if a.indefinite else b
    assert a.last_day is not None and b.last_day is not None
    return a if a.last_day >= b.last_day else b


def assess_conviction(
    conviction: ConvictionFacts,
    offences: Sequence[OffenceFacts],
    *,
    date_of_birth: dt.date,
    today: dt.date | None = None,
) -> ConvictionAssessment:
    """The s.82 period one conviction, finding or caution gives (RULES.md §1.2-§1.3).

    Each notifiable offence gives a period from its own relevant date, with the halving
    of s.82(2) read from the age on that date (``soa2003.notification_period``). Where the
    custodial terms for two or more Schedule 3 offences were consecutive or partly
    concurrent, s.82(3)-(4) also gives a period for the aggregate term, from the
    conviction date (or the sentence date if every one of them is notifiable only by its
    sentence, s.132(3)). The period that ends last governs: the offender is subject while
    any of them runs. Terms for offences that are not notifiable are never added
    (SCHEDULE3.md §4.2). Raises nothing: a fact the policy refuses is reported in ``error``.
    """
    assessed = tuple(
        assess_offence(o, conviction=conviction, date_of_birth=date_of_birth) for o in offences
    )
    errors = [f"{a.offence.offence_code}: {a.error}" for a in assessed if a.error]
    notifiable = [a for a in assessed if a.notifiable]
    notes: list[str] = []
    if not notifiable:
        return ConvictionAssessment(conviction, assessed, None, (), "; ".join(errors))
    try:
        candidates = []
        for a in notifiable:
            assert a.relevant_date is not None and a.sentence is not None
            candidates.append(
                soa2003.notification_period(
                    relevant_date=a.relevant_date,
                    age_on_relevant_date=age_on(date_of_birth, a.relevant_date),
                    sentences=[a.sentence],
                    today=today,
                )
            )
        aggregate = None
        if conviction.consecutive or conviction.overlap:
            terms = [a for a in notifiable if a.sentence and a.sentence.counts_as_imprisonment]
            if len(terms) >= 2:
                by_sentence_only = all(
                    a.decision is not None and a.decision.sentencing_condition_only for a in terms
                )
                relevant = (
                    (conviction.sentenced_on or conviction.relevant_on)
                    if by_sentence_only
                    else conviction.relevant_on
                )
                if len({a.relevant_date for a in terms}) > 1:
                    notes.append(
                        "Some of the aggregated offences are notifiable only by their sentence "
                        "(s.132(3)), others from the conviction: the aggregate period is read "
                        f"from {_fmt(relevant)}, and each offence's own period is also "
                        "considered. A derived reading [D]: confirm with a legal adviser."
                    )
                aggregate = soa2003.notification_period(
                    relevant_date=relevant,
                    age_on_relevant_date=age_on(date_of_birth, relevant),
                    sentences=[a.sentence for a in terms if a.sentence is not None],
                    consecutive=conviction.consecutive,
                    overlap=parse_term(conviction.overlap) if conviction.overlap else None,
                    today=today,
                )
                candidates.append(aggregate)
            else:
                notes.append(
                    "The terms are marked consecutive or partly concurrent, but fewer than two "
                    "Schedule 3 offences have a term of imprisonment, so nothing is aggregated "
                    "(s.82(3))."
                )
    except ValueError as exc:
        errors.append(str(exc))
        return ConvictionAssessment(conviction, assessed, None, tuple(notes), "; ".join(errors))
    best = candidates[0]
    for candidate in candidates[1:]:
        best = _later(best, candidate)
    if len(candidates) > 1 and best is not aggregate:
        notes.append(
            "Each offence's period was worked out separately and the one that ends last "
            "governs: wholly concurrent or separate sentences are not aggregated (s.82(3)-(4))."
        )
    return ConvictionAssessment(conviction, assessed, best, tuple(notes), "; ".join(errors))


@dataclass(frozen=True)
class Effective:
    """The notification period that governs now, and why (s.82; a court's direction)."""

    indefinite: bool
    first_day: dt.date | None
    last_day: dt.date | None
    reason: str
    #: The computed period that governs (``None`` if no conviction is notifiable).
    computed: soa2003.Period | None
    conviction: ConvictionFacts | None
    override: PeriodOverride | None

    @property
    def source(self) -> str:
        return "override" if self.override is not None else "computed"


def effective_period(
    assessments: Sequence[ConvictionAssessment], override: PeriodOverride | None
) -> Effective | None:
    """The period that governs: a court's direction if there is one, else the period that
    ends last of all the notifiable convictions, findings and cautions.

    Each one makes the person a relevant offender for its own period, beginning with its
    own relevant date (s.80, s.82(1), (6)); the periods are not added together, and the
    person stays subject while any of them runs, so the one that ends last governs.
    """
    best: ConvictionAssessment | None = None
    for a in assessments:  # newest first: of two indefinite periods, the later one governs
        if a.period is None:
            continue
        if best is None or best.period is None or _later(best.period, a.period) is not best.period:
            best = a
    computed = best.period if best is not None else None
    notifiable = [a for a in assessments if a.period is not None]
    if computed is not None:
        reason = computed.reason
        if len(notifiable) > 1:
            reason += (
                f" Of the {len(notifiable)} notifiable convictions, findings and cautions, this "
                "one ends last and governs: each runs from its own relevant date and the person "
                "is subject while any runs (s.80, s.82)."
            )
    else:
        reason = ""
    if override is not None:
        directed = (
            "the notification requirements apply indefinitely"
            if override.indefinite
            else f"the notification period ends with {_fmt(override.ends_on)}"  # type: ignore[arg-type]
        )
        text = (
            f"{override.directed_by} directed on {_fmt(override.directed_on)} that {directed}: "
            f"{override.reason.strip().rstrip('.')}. The court's direction overrides the "
            "computed period"
        )
        text += f" ({reason})" if reason else "."
        return Effective(
            indefinite=override.indefinite,
            first_day=computed.first_day if computed else None,
            last_day=None if override.indefinite else override.ends_on,
            reason=text.rstrip(),
            computed=computed,
            conviction=best.conviction if best else None,
            override=override,
        )
    if computed is None:
        return None
    return Effective(
        indefinite=computed.indefinite,
        first_day=computed.first_day,
        last_day=computed.last_day,
        reason=reason,
        computed=computed,
        conviction=best.conviction if best else None,
        override=None,
    )


@dataclass(frozen=True)
class Review:
    """When an application for review of indefinite notification may first be made."""

    date: dl.ReviewDate | None
    reason: str


def review_date(
    effective: Effective | None,
    *,
    date_of_birth: dt.date,
    notifications: Sequence[tuple[dt.date, NotificationKind, dt.date | None]],
    reviews: Sequence[ReviewApplication],
) -> Review | None:
    """The s.91B qualifying date, only for indefinite notification (RULES.md §1.4).

    The period runs from the "relevant notification" (deadlines.relevant_notification_on:
    the first notification under s.83(1), s.84(1) or s.85(1) after release from the
    custody imposed, [M]); after a s.91C determination to keep the requirements, from that
    determination (s.91B(3)-(6)). ``notifications`` are (date given, kind, event date).
    """
    if effective is None or not effective.indefinite:
        return None
    first_day = effective.first_day
    if first_day is None:
        return Review(
            None,
            "Record the conviction, finding or caution: the review date runs from the "
            "notification after it (s.91B(2)).",
        )
    under_18 = age_on(date_of_birth, first_day) < soa2003.ADULT_AGE.value
    after = [(day, kind) for day, kind, _ in notifications if day >= first_day]
    released_on = None
    custodial = effective.computed is not None and effective.computed.row in _CUSTODIAL_ROWS
    if custodial:
        releases = sorted(
            (event or day)
            for day, kind, event in notifications
            if kind == NotificationKind.RELEASE and (event or day) >= first_day
        )
        released_on = releases[0] if releases else None
    determination = next(
        (
            r
            for r in sorted(reviews, key=lambda r: r.determined_on or dt.date.min, reverse=True)
            if r.outcome == ReviewOutcome.CONTINUE and not r.requirements_cease
        ),
        None,
    )
    try:
        relevant = dl.relevant_notification_on(
            relevant_date=first_day, notifications=after, released_on=released_on
        )
        found = dl.review_qualifying_date(
            relevant_notification_on=relevant,
            under_18_on_relevant_date=under_18,
            determination_on=determination.determined_on if determination else None,
            further_review_years=determination.further_review_years if determination else None,
        )
    except ValueError as exc:
        text = str(exc)
        return Review(None, text[0].upper() + text[1:] + " (s.91B; RULES.md §1.4).")
    return Review(found, found.reason)


# --- Register status: what is due --------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    """One deadline in the register status, where it stands, and any breach recorded."""

    kind: str
    label: str
    deadline: Deadline | None
    status: DueStatus | None
    note: str = ""
    itinerary_id: int | None = None
    breach: PossibleBreach | None = None

    @property
    def key(self) -> str:
        """Names the deadline for "record a possible breach": kind and due date."""
        return f"{self.kind}:{self.deadline.due.isoformat()}" if self.deadline else ""

    @property
    def overdue(self) -> bool:
        return self.status is not None and self.status.state is DueState.OVERDUE

    @property
    def state(self) -> str:
        return self.status.state.value if self.status else "awaiting"

    @property
    def tag(self) -> tuple[str, str]:
        """(text, GOV.UK tag colour) for where the deadline stands."""
        if self.status is None:
            return "Awaiting return", "purple"
        return status_tag(self.status)


def status_tag(s: DueStatus) -> tuple[str, str]:
    """(text, GOV.UK tag colour) for a deadline's status."""
    if s.state is DueState.OVERDUE:
        return f"Overdue by {s.days_overdue} day{'s' if s.days_overdue != 1 else ''}", "red"
    if s.state is DueState.DUE_SOON:
        if s.days_remaining == 0:
            return "Due today", "orange"
        return f"Due in {s.days_remaining} day{'s' if s.days_remaining != 1 else ''}", "orange"
    if s.state is DueState.SUSPENDED:
        return "Clock stopped while away", "blue"
    return "Not yet due", "green"


@dataclass
class RegisterStatus:
    """What the notification requirements ask of one person now (derived, never stored)."""

    items: list[DueItem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def overdue(self) -> list[DueItem]:
        return [i for i in self.items if i.overdue]

    @property
    def next_due(self) -> DueItem | None:
        dated = [i for i in self.items if i.deadline is not None]
        return min(dated, key=lambda i: i.deadline.due) if dated else None  # type: ignore[union-attr]


@dataclass(frozen=True)
class Trip:
    """The travel facts the status needs (from a ``TravelItinerary``)."""

    pk: int
    departs_on: dt.date
    returns_on: dt.date | None
    returned_on: dt.date | None
    return_details_given: bool

    @classmethod
    def of(cls, it: TravelItinerary) -> Trip:
        return cls(it.pk, it.departs_on, it.returns_on, it.returned_on, it.return_details_given)


def _labels() -> dict[str, str]:
    from vigil.registration.models import DEADLINE_LABELS

    return DEADLINE_LABELS


def derive_status(
    *,
    nominal_status: str,
    today: dt.date,
    clock_start: dt.date,
    first_relevant_date: dt.date | None,
    last_resetting: tuple[dt.date, NotificationKind] | None,
    trips: Sequence[Trip],
    no_fixed_abode: bool,
    last_day: dt.date | None,
    breaches: Iterable[PossibleBreach] = (),
) -> RegisterStatus:
    """The deadlines now running for one person, and where each stands (RULES.md §2).

    - Never notified: the initial notification, 3 days beginning with the first relevant
      date (s.83(1)).
    - Otherwise the periodic notification: one year after the last notification that
      restarts the clock, or 7 days with no fixed abode (s.85; deadlines.next_periodic_due).
      Completed trips abroad are disregarded time (s.85(3)-(4)).
    - A trip abroad whose return date and point of arrival were not notified in advance:
      the return, within 3 days of coming back [M] (SI 2004/1220; RULES.md §2.3).
    - Nothing is due after the last day of the period, or for someone who has died or is
      no longer subject. While the person is away (custody, hospital, abroad) a deadline
      that falls in that time is suspended (s.83(6), s.85(3)).
    """
    result = RegisterStatus()
    labels = _labels()
    if nominal_status in CLOSED:
        result.notes.append("Nothing is due: the record is closed.")
        return result
    if last_day is not None and last_day < today:
        result.notes.append(
            f"The notification period ended with {_fmt(last_day)}: nothing more is due. "
            "Confirm the end on the record."
        )
        return result
    spells: list[dl.Absence] = []
    absent_since: dt.date | None = None
    for trip in trips:
        back = trip.returned_on or (
            trip.returns_on if trip.returns_on is not None and trip.returns_on <= today else None
        )
        if trip.departs_on > today:
            continue
        if back is not None:
            spells.append((trip.departs_on, back))
        elif absent_since is None or trip.departs_on > absent_since:
            absent_since = trip.departs_on
    away_note = ""
    if absent_since is None and nominal_status in AWAY:
        away_note = (
            " Recorded as away ("
            + dict(Status.choices).get(nominal_status, nominal_status).lower()
            + "): time in custody, in hospital or abroad is disregarded and a deadline falling "
            "in it moves to 3 days after they return (s.83(6), s.85(3)-(4)). When they went is "
            "not recorded here: check it was not already overdue before then."
        )

    def state(deadline: Deadline) -> DueStatus:
        since = absent_since
        if since is None and nominal_status in AWAY:
            since = min(today, deadline.due)
        return dl.status(deadline=deadline, today=today, absent_since=since)

    recorded = {(b.deadline_kind, b.due_on): b for b in breaches}

    def item(kind: str, deadline: Deadline, note: str = "", itinerary: int | None = None) -> None:
        # A return is due after they are back, so being abroad never stops its clock.
        travel = kind == NotificationKind.TRAVEL_RETURN
        result.items.append(
            DueItem(
                kind=str(kind),
                label=labels.get(kind, kind),
                deadline=deadline,
                status=dl.status(deadline=deadline, today=today) if travel else state(deadline),
                note=note,
                itinerary_id=itinerary,
                breach=recorded.get((kind, deadline.due)),
            )
        )

    if last_resetting is None:
        if first_relevant_date is None:
            result.notes.append(
                "No notifiable conviction, finding or caution is recorded, so no initial "
                "notification date can be worked out."
            )
        else:
            deadline = dl.initial_notification_due(
                relevant_date=first_relevant_date, disregard=spells
            )
            item(NotificationKind.INITIAL.value, deadline, away_note.strip())
    else:
        deadline = dl.next_periodic_due(
            relevant_date=min(clock_start, last_resetting[0]),
            notifications=[last_resetting],
            disregard=spells,
            no_fixed_abode=no_fixed_abode,
        )
        if last_day is not None and deadline.due > last_day:
            result.notes.append(
                f"The next periodic notification would be due by {_fmt(deadline.due)}, after "
                f"the period ends with {_fmt(last_day)}: none is due."
            )
        else:
            item(str(deadline.kind), deadline, away_note.strip())
    for trip in trips:
        if trip.returned_on is not None or trip.departs_on > today or trip.return_details_given:
            continue
        if trip.returns_on is None:
            result.items.append(
                DueItem(
                    kind=NotificationKind.TRAVEL_RETURN.value,
                    label=labels[NotificationKind.TRAVEL_RETURN],
                    deadline=None,
                    status=None,
                    note=(
                        "Abroad since "
                        f"{_fmt(trip.departs_on)} with no return date notified: the return "
                        f"must be notified within {dl.TRAVEL_RETURN_DAYS.value} days of coming "
                        "back [M] (s.86, SI 2004/1220; RULES.md §2.3)."
                    ),
                    itinerary_id=trip.pk,
                )
            )
            continue
        return_due = dl.travel_return_due(
            departed_on=trip.departs_on, returned_on=trip.returns_on, return_details_notified=False
        )
        assert return_due is not None
        item(
            NotificationKind.TRAVEL_RETURN.value,
            return_due,
            f"Expected back on {_fmt(trip.returns_on)}; the point of arrival was not notified, "
            "so the return must be notified.",
            trip.pk,
        )
    return result


# --- One nominal: the panel and the requirements page ---------------------------------------------


@dataclass(frozen=True)
class Timeliness:
    late: bool
    text: str


@dataclass
class EndingSoon:
    last_day: dt.date
    days: int  # days left including today; negative once ended

    @property
    def ended(self) -> bool:
        return self.days < 0


@dataclass
class Requirements:
    """Everything the notification-requirements panel and page show for one nominal."""

    nominal: Nominal
    today: dt.date
    assessments: list[ConvictionAssessment]
    override: PeriodOverride | None
    effective: Effective | None
    review: Review | None
    notifications: list[Notification]
    timeliness: dict[int, Timeliness]
    travelling: list[TravelItinerary]
    status: RegisterStatus
    breaches: list[PossibleBreach]
    reviews: list[ReviewApplication]
    ended: PeriodEnd | None
    ending: EndingSoon | None

    @property
    def closed(self) -> bool:
        return self.nominal.status in CLOSED

    @property
    def notification_rows(self) -> list[tuple[Notification, Timeliness | None]]:
        return [(n, self.timeliness.get(n.pk)) for n in self.notifications]

    @property
    def open_breaches(self) -> list[PossibleBreach]:
        return [b for b in self.breaches if not b.outcome]

    @property
    def can_end(self) -> bool:
        """Whether an officer may confirm the end now (services.period_end_confirm)."""
        return end_grounds(self) is not None


def end_grounds(req: Requirements) -> tuple[str, dt.date, str] | None:
    """Why the requirements have ended, if they have: (grounds, last day, reason).

    - The period (computed, or directed by a court) has a last day before today
      (s.82(1): the period "beginning with" the relevant date ends with its last day).
    - A review determined that the requirements cease (s.91C(3)), or an appeal was allowed
      (s.91E): they cease on the determination (here, the day it was made).
    """
    from vigil.registration.models import EndGrounds

    if req.nominal.status == Status.NO_LONGER_SUBJECT:
        return None
    for review in req.reviews:
        if review.requirements_cease:
            on = (
                review.appeal_decided_on
                if review.appeal_outcome and review.appeal_decided_on
                else review.determined_on
            )
            if on is not None and on <= req.today:
                return (
                    EndGrounds.REVIEW,
                    on - dt.timedelta(days=1),
                    f"The review of {_fmt(review.received_on)} decided on {_fmt(on)} that the "
                    "requirements cease (s.91C(3); s.91E).",
                )
    eff = req.effective
    if eff is None or eff.indefinite or eff.last_day is None or eff.last_day >= req.today:
        return None
    grounds = EndGrounds.OVERRIDE if eff.override else EndGrounds.PERIOD_ENDED
    return grounds, eff.last_day, eff.reason


def _timeliness(
    notifications: Sequence[Notification],
    *,
    first_relevant_date: dt.date | None,
    clock_start: dt.date,
    custodial: bool = False,
) -> dict[int, Timeliness]:
    """Whether each notification was given in time, with the law's reason (RULES.md §2.1).

    Changes against ``deadlines.change_due`` (a change notified before it happened is an
    advance notice, s.84(2)); travel notices against ``travel_notice_check``; periodic
    ones against the deadline the previous clock-restarting notification set; the
    initial one against s.83(1). After a custodial or hospital disposal, time in custody or
    hospital is disregarded (s.83(6)), and the release date is not recorded here, so a
    first notification after the 3 days is not called late: the officer is told to check.
    """
    out: dict[int, Timeliness] = {}
    previous: tuple[dt.date, NotificationKind] | None = None
    for n in sorted(notifications, key=lambda n: (n.received_at, n.pk)):
        kind = NotificationKind(n.kind)
        given = local_date(n.received_at)
        deadline: Deadline | None = None
        try:
            if kind in (NotificationKind.PERIODIC, NotificationKind.WEEKLY) and previous:
                deadline = dl.next_periodic_due(
                    relevant_date=min(clock_start, previous[0]),
                    notifications=[previous],
                    no_fixed_abode=kind == NotificationKind.WEEKLY,
                )
            elif kind == NotificationKind.INITIAL and first_relevant_date is not None:
                deadline = dl.initial_notification_due(relevant_date=first_relevant_date)
            elif n.event_on is not None and kind in (
                NotificationKind.CHANGE_NAME,
                NotificationKind.CHANGE_HOME_ADDRESS,
                NotificationKind.OTHER_ADDRESS,
                NotificationKind.RELEASE,
                NotificationKind.BANK_CARD,
                NotificationKind.IDENTITY_DOCUMENT,
                NotificationKind.CHILD_HOUSEHOLD,
            ):
                if n.event_on > given:
                    out[n.pk] = Timeliness(
                        False,
                        f"Advance notice of a change expected on {_fmt(n.event_on)} (s.84(2)).",
                    )
                else:
                    deadline = dl.change_due(kind=kind, event_on=n.event_on)
            elif kind == NotificationKind.TRAVEL_DEPARTURE and n.itinerary is not None:
                it = n.itinerary
                departs = dt.datetime.combine(
                    it.departs_on,
                    it.departure_time or dt.time(23, 59),
                    tzinfo=timezone.get_current_timezone(),
                )
                check = dl.travel_notice_check(
                    departs_at=departs,
                    notified_at=n.received_at,
                    details_known_on=min(it.details_known_on, given),
                )
                extra = (
                    ""
                    if it.departure_time
                    else " (no departure time given: end of the day assumed)"
                )
                out[n.pk] = Timeliness(not check.in_time, check.reason + extra)
        except ValueError as exc:
            out[n.pk] = Timeliness(False, f"Cannot check the timing: {exc}")
        if deadline is not None:
            late = (given - deadline.due).days
            if late > 0 and kind == NotificationKind.INITIAL and custodial:
                out[n.pk] = Timeliness(
                    False,
                    f"Given {late} day{'s' if late != 1 else ''} after {_fmt(deadline.due)}. "
                    "Time in custody or hospital is disregarded (s.83(6)): check it was within "
                    "3 days of release. " + deadline.reason,
                )
            elif late > 0:
                out[n.pk] = Timeliness(
                    True, f"{late} day{'s' if late != 1 else ''} late. {deadline.reason}"
                )
            else:
                out[n.pk] = Timeliness(False, f"In time. {deadline.reason}")
        if dl.resets_periodic_clock(kind):
            previous = (given, kind)
    return out


def _ending(effective: Effective | None, today: dt.date) -> EndingSoon | None:
    if effective is None or effective.indefinite or effective.last_day is None:
        return None
    days = (effective.last_day - today).days
    if days > PERIOD_END_WINDOW_DAYS.value:
        return None
    return EndingSoon(effective.last_day, days)


def requirements(nominal: Nominal, *, today: dt.date) -> Requirements:
    """Everything about one nominal's notification requirements, in 9 queries.

    Convictions, offences, overrides, notifications (with officer and trip), trips,
    breaches, reviews, the current no-fixed-abode address and the last confirmed end:
    one query each, however many rows there are.
    """
    convictions = list(Conviction.objects.filter(nominal=nominal).prefetch_related("offences"))
    assessments = [
        assess_conviction(
            c,
            list(c.offences.all()),
            date_of_birth=nominal.date_of_birth,
        )
        for c in convictions
    ]
    override = PeriodOverride.objects.filter(nominal=nominal).order_by("-created_at", "-id").first()
    effective = effective_period(assessments, override)
    notifications = list(
        Notification.objects.filter(nominal=nominal).select_related("received_by", "itinerary")
    )
    itineraries = list(TravelItinerary.objects.filter(nominal=nominal))
    breaches = list(PossibleBreach.objects.filter(nominal=nominal))
    reviews = list(ReviewApplication.objects.filter(nominal=nominal))
    nfa = _no_fixed_abode_ids([nominal.pk], today)
    ended = PeriodEnd.objects.filter(nominal=nominal).order_by("-created_at", "-id").first()

    history = [
        (local_date(n.received_at), NotificationKind(n.kind), n.event_on) for n in notifications
    ]
    resetting = [(day, kind) for day, kind, _ in history if dl.resets_periodic_clock(kind)]
    first_relevant = _first_relevant(assessments)
    clock_start = _clock_start(nominal.registered_on, convictions)
    status = derive_status(
        nominal_status=nominal.status,
        today=today,
        clock_start=clock_start,
        first_relevant_date=first_relevant,
        last_resetting=max(resetting) if resetting else None,
        trips=[Trip.of(it) for it in itineraries],
        no_fixed_abode=nominal.pk in nfa,
        last_day=None if effective is None else effective.last_day,
        breaches=breaches,
    )
    travelling = [
        it
        for it in itineraries
        if it.returned_on is None
        and (it.returns_on is None or it.returns_on >= today or not it.return_details_given)
    ]
    return Requirements(
        nominal=nominal,
        today=today,
        assessments=assessments,
        override=override,
        effective=effective,
        review=review_date(
            effective, date_of_birth=nominal.date_of_birth, notifications=history, reviews=reviews
        ),
        notifications=notifications,
        timeliness=_timeliness(
            notifications,
            first_relevant_date=first_relevant,
            clock_start=clock_start,
            custodial=any(_custodial(o.sentence) for a in assessments for o in a.offences),
        ),
        travelling=travelling,
        status=status,
        breaches=breaches,
        reviews=reviews,
        ended=ended,
        ending=_ending(effective, today) if nominal.status not in CLOSED else None,
    )


def _custodial(sentence: Sentence | None) -> bool:
    """Whether a sentence kept them in custody or hospital (s.83(6) time is disregarded)."""
    if sentence is None:
        return False
    if sentence.disposal in (Disposal.HOSPITAL, Disposal.HOSPITAL_RESTRICTED):
        return True
    return sentence.counts_as_imprisonment and not sentence.suspended


def _first_relevant(assessments: Sequence[ConvictionAssessment]) -> dt.date | None:
    dates = [d for a in assessments for d in a.relevant_dates]
    return min(dates) if dates else None


def _clock_start(registered_on: dt.date, convictions: Iterable[ConvictionFacts]) -> dt.date:
    """The earliest day the periodic clock can reckon from (deadlines.next_periodic_due's
    ``relevant_date``): registration, or an earlier conviction, finding or caution."""
    return min([registered_on, *(c.relevant_on for c in convictions)])


def _no_fixed_abode_ids(nominal_ids: Any, today: dt.date) -> set[int]:
    """Which of the nominals' current home is "no fixed abode" (s.85(5)(a), (6): weekly)."""
    return set(
        _no_fixed_abode(today)
        .filter(nominal_id__in=nominal_ids)
        .values_list("nominal_id", flat=True)
    )


# --- Many nominals: the register status for work queues -------------------------------------------

#: Days by which ``statuses(until=...)`` widens each cut-off of its SQL narrowing beyond the
#: exact bound: a few more people for Python to look at, never fewer.
NARROWING_MARGIN_DAYS = 2


@dataclass(frozen=True, slots=True)
class _ConvictionRow:
    """A ``Conviction``'s facts as ``statuses`` reads them (``ConvictionFacts``)."""

    pk: int
    relevant_on: dt.date
    sentenced_on: dt.date | None
    consecutive: bool
    overlap: str


@dataclass(frozen=True, slots=True)
class _OffenceRow:
    """A ``ConvictionOffence``'s facts as ``statuses`` reads them (``OffenceFacts``)."""

    pk: int
    offence_code: str
    offence_date: dt.date
    victim_age: int | None
    image_subject_age: int | None
    intended_victim_age: int | None
    disposal: str
    term: str
    suspended: bool
    custody: str
    secondary: str
    purpose: str


_CONVICTION_FIELDS = ("id", "relevant_on", "sentenced_on", "consecutive", "overlap")
_OFFENCE_FIELDS = (
    "id",
    "offence_code",
    "offence_date",
    "victim_age",
    "image_subject_age",
    "intended_victim_age",
    "disposal",
    "term",
    "suspended",
    "custody",
    "secondary",
    "purpose",
)
_NC = len(_CONVICTION_FIELDS)


def _date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def _offence_row(v: Sequence[Any]) -> _OffenceRow:
    """An offence from its JSON array (dates as ISO text, booleans maybe as 0 or 1)."""
    return _OffenceRow(
        v[0],
        v[1],
        dt.date.fromisoformat(v[2]),
        v[3],
        v[4],
        v[5],
        v[6],
        v[7],
        bool(v[8]),
        v[9],
        v[10],
        v[11],
    )


class _JSONList(Aggregate):
    """The grouped values as one JSON array (SQLite ``JSON_GROUP_ARRAY``, PostgreSQL
    ``JSONB_AGG``)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra)


def _no_fixed_abode(today: dt.date) -> QuerySet[Address, Address]:
    """Current "no fixed abode" home addresses (s.85(5)(a), (6): notify weekly)."""
    return Address.objects.filter(kind=AddressKind.NFA, to_date__isnull=True).exclude(
        from_date__gt=today
    )


def _start_of(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` where the register keeps time (``local_date``'s zone):
    a moment is on or after it exactly when its ``local_date`` is ``day`` or later."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def periodic_clock_cutoff(until: dt.date, *, no_fixed_abode: bool) -> dt.date:
    """The earliest day a clock-restarting notification can be given and still have its next
    periodic deadline, before any disregarded time, on or after ``until``.

    Found with ``deadlines.next_periodic_due`` itself (the rule's authority), by bisection:
    its date without disregarded time, one year after the notification (its anniversary)
    or 7 days after it with no fixed abode (s.85(1), (5)), never goes down as the
    notification gets later, so every notification given on or after this day has a
    deadline on or after ``until``.
    """

    def due(day: dt.date) -> dt.date:
        return dl.next_periodic_due(
            relevant_date=day,
            notifications=[(day, NotificationKind.PERIODIC)],
            no_fixed_abode=no_fixed_abode,
        ).due

    # Invariant: due(low) < until <= due(high); a deadline is always after its notification.
    high, back = until, 1
    low = until - dt.timedelta(days=back)
    while due(low) >= until:
        high, back = low, back * 2
        low = until - dt.timedelta(days=back)
    while (high - low).days > 1:
        mid = low + dt.timedelta(days=(high - low).days // 2)
        if due(mid) >= until:
            high = mid
        else:
            low = mid
    return high


#: The last notification that restarted the periodic clock (when), read with the people
#: by the obligations engine (``obligations.facts``): one index-only probe of
#: ``notification_resetting_idx`` per person.
LAST_RESETTING = Source(
    "registration.last_resetting",
    lambda person: Notification.objects.filter(nominal=person, kind__in=RESETTING).order_by(
        "-received_at", "-id"
    ),
    (("resetting_at", "received_at"),),
)

#: The earliest relevant date of any conviction, finding or caution recorded: one
#: index-only probe of ``conviction_nominal_idx`` per person.
FIRST_CONVICTION = Source(
    "registration.first_conviction",
    lambda person: Conviction.objects.filter(nominal=person).order_by("relevant_on"),
    (("first_relevant_on", "relevant_on"),),
)

#: What ``may_be_due_before`` reads of each person.
NARROWING_FACTS = (LAST_RESETTING, FIRST_CONVICTION)


def may_be_due_before(
    people: Iterable[tuple[int, Any]], until: dt.date, *, today: dt.date, scope: Any, using: str
) -> list[int]:
    """Of ``people`` (open records, each an id and its ``NARROWING_FACTS``), everyone whose
    register status has an item with a deadline before ``until``; ``statuses(until=...)``
    runs Python only for them. Two queries, for the few of no fixed abode and the few
    abroad among ``scope`` (the same people, for ``nominal_id__in=``).

    It is conservative (it may keep people with nothing due before ``until``: Python
    then decides exactly), read from ``derive_status``, which gives at most these items:

    - Nothing for a closed record (``CLOSED``, left out before), nor after the period
      ended or past its last day: those only take items away, so the test ignores them,
      and the period (Schedule 3, s.82) is left to Python.
    - Never notified (no clock-restarting notification): the initial notification, due
      by ``deadlines.initial_notification_due``, on or after the first relevant date (3 days
      beginning with it or the commencement of Part 2, later still for time away,
      s.83(1), (6)). Every relevant date is its conviction's date or the later sentence
      date (s.82(6), s.132(3)), so this needs a conviction dated before ``until``.
    - Otherwise the periodic notification, reckoned from the day L of the last
      clock-restarting notification (or the commencement of Part 2 if later, s.85(2)(a)),
      one year after it or 7 days with no fixed abode (``deadlines.next_periodic_due``);
      disregarded time abroad only moves it later (s.85(3)-(4)). So it is before
      ``until`` only if L is before ``periodic_clock_cutoff``: the last such notification
      was given before that day (plus ``NARROWING_MARGIN_DAYS``). The yearly cut-off is
      the earlier one, so "none since the yearly cut-off" covers everyone with a
      clock-restarting notification, and "none since the weekly one" those of no fixed
      abode.
    - A return from a trip abroad whose return was not notified in advance: due
      3 days beginning with the expected return date (``deadlines.travel_return_due``), so
      only for a trip not yet marked as returned whose expected return is before
      ``until``. A trip with no return date gives an item with no deadline.
    """
    margin = dt.timedelta(days=NARROWING_MARGIN_DAYS)
    yearly = _start_of(periodic_clock_cutoff(until, no_fixed_abode=False) + margin)
    weekly = _start_of(periodic_clock_cutoff(until, no_fixed_abode=True) + margin)
    no_fixed_abode = set(
        _no_fixed_abode(today)
        .filter(nominal_id__in=scope)
        .using(using)
        .values_list("nominal_id", flat=True)
    )
    returning = set(
        TravelItinerary.objects.using(using)
        .filter(nominal_id__in=scope, returned_on__isnull=True, returns_on__lt=until)
        .values_list("nominal_id", flat=True)
    )
    kept = []
    for pk, facts in people:
        at = facts.resetting_at
        if (
            (
                (at is None or at < yearly)
                and (
                    at is not None
                    or (facts.first_relevant_on is not None and facts.first_relevant_on < until)
                )
            )
            or (pk in no_fixed_abode and (at is None or at < weekly))
            or pk in returning
        ):
            kept.append(pk)
    return kept


def _moment(value: str) -> dt.datetime:
    """A stored moment read back from JSON: ISO 8601, with its offset (PostgreSQL) or in
    UTC without one (SQLite keeps UTC)."""
    moment = dt.datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _people(nominal_ids: QuerySet[Any, Any] | Sequence[int]) -> QuerySet[Nominal, Any]:
    """The nominals as a queryset to filter and annotate: the caller's own, when it is a
    plain filter of ``Nominal`` (saves joining the table to itself), else by id."""
    if isinstance(nominal_ids, QuerySet) and nominal_ids.model is Nominal:
        query = nominal_ids.query
        if not (
            query.is_sliced
            or query.distinct
            or query.combinator
            or query.group_by is not None
            or query.annotations
        ):
            return nominal_ids.order_by()
    return Nominal.objects.filter(id__in=nominal_ids)


def statuses(
    nominal_ids: QuerySet[Any, Any] | Sequence[int],
    *,
    today: dt.date,
    until: dt.date | None = None,
    facts: Mapping[int, Any] | None = None,
) -> dict[int, RegisterStatus]:
    """The register status of many nominals in a fixed number of queries (4).

    ``nominal_ids`` is a queryset of nominal ids (``Nominal.objects.visible_to(user)
    .values("id")``), used as a subquery, or a list. One query reads one row per person,
    with three correlated subqueries: the last clock-restarting notification (when and
    what, one probe of ``notification_resetting_idx``), whether they have no fixed abode,
    and their convictions with their offences as one JSON array. Then one query each for
    overrides, trips and breaches, which are few. Each nominal's status then comes from
    ``derive_status``, exactly as the panel's does, with the same policy calls.

    ``until``: the caller wants only items due strictly before it (an overdue list passes
    ``today``). Then only the people ``may_be_due_before(until)`` keeps are read and worked
    out: everyone with an item whose deadline is before ``until`` is among them, and for
    each the status is exactly the one given without ``until`` (with all its items,
    whenever due). Others may be left out. Narrowing reads each open record's
    ``NARROWING_FACTS`` (one query), or takes them as ``facts`` (by id, for exactly the
    open records of ``nominal_ids``: the obligations engine reads them with the people),
    and then two small queries.
    """
    person = OuterRef("pk")
    people = _people(nominal_ids)
    scope: Any = nominal_ids
    if until is not None:
        using = people.db
        if facts is None:
            facts_type = obligation_facts.facts_type(obligation_facts.columns_of(NARROWING_FACTS))
            read = obligation_facts.read(
                people.exclude(status__in=CLOSED), ("id",), NARROWING_FACTS
            )
            facts = {v[0]: facts_type._make(v[1:]) for v in read}
        kept = may_be_due_before(facts.items(), until, today=today, scope=scope, using=using)
        if not kept:
            return {}
        scope = obligation_facts.id_list(kept, using=using)
        people = Nominal.objects.using(using).filter(pk__in=scope)
    last = (
        Notification.objects.filter(nominal=person, kind__in=RESETTING)
        .order_by("-received_at", "-id")
        .values(last=JSONArray("received_at", "kind"))[:1]
    )
    # A scalar subquery (not EXISTS), so that it is one index probe per person returned.
    nfa = _no_fixed_abode(today).filter(nominal=person).order_by().values("id")[:1]
    convictions = (
        Conviction.objects.filter(nominal=person)
        .order_by()
        .values("nominal")
        .annotate(
            rows=_JSONList(
                JSONArray(
                    *_CONVICTION_FIELDS,
                    *(f"offences__{name}" for name in _OFFENCE_FIELDS),
                )
            )
        )
        .values("rows")
    )
    rows = (
        people.order_by()
        .annotate(
            last=Subquery(last, output_field=JSONField()),
            nfa=Subquery(nfa),
            convictions=Subquery(convictions, output_field=JSONField()),
        )
        .values_list("id", "status", "registered_on", "date_of_birth", "last", "nfa", "convictions")
    )
    overrides: dict[int, PeriodOverride] = {}
    for o in PeriodOverride.objects.filter(nominal_id__in=scope).order_by("created_at", "id"):
        overrides[o.nominal_id] = o  # the latest wins
    trips: dict[int, list[Trip]] = defaultdict(list)
    for it in TravelItinerary.objects.filter(nominal_id__in=scope):
        trips[it.nominal_id].append(Trip.of(it))
    breaches: dict[int, list[PossibleBreach]] = defaultdict(list)
    for b in PossibleBreach.objects.filter(nominal_id__in=scope):
        breaches[b.nominal_id].append(b)

    out: dict[int, RegisterStatus] = {}
    for pk, status, registered_on, dob, last_json, nfa_id, conviction_json in rows:
        # Newest first, each with its offences in date order, as the models' orderings.
        by_conviction: dict[int, tuple[_ConvictionRow, list[_OffenceRow]]] = {}
        for v in sorted(conviction_json or (), key=lambda v: (v[1], v[0]), reverse=True):
            if v[0] not in by_conviction:
                conviction = _ConvictionRow(
                    v[0], dt.date.fromisoformat(v[1]), _date(v[2]), bool(v[3]), v[4]
                )
                by_conviction[v[0]] = (conviction, [])
            if v[_NC] is not None:
                by_conviction[v[0]][1].append(_offence_row(v[_NC:]))
        for _, offences in by_conviction.values():
            offences.sort(key=lambda o: (o.offence_date, o.pk))
        assessments = [
            assess_conviction(c, offences, date_of_birth=dob)
            for c, offences in by_conviction.values()
        ]
        effective = effective_period(assessments, overrides.get(pk))
        last_resetting = None
        if last_json is not None:
            last_resetting = (local_date(_moment(last_json[0])), NotificationKind(last_json[1]))
        out[pk] = derive_status(
            nominal_status=status,
            today=today,
            clock_start=_clock_start(registered_on, (c for c, _ in by_conviction.values())),
            first_relevant_date=_first_relevant(assessments),
            last_resetting=last_resetting,
            trips=trips[pk],
            no_fixed_abode=nfa_id is not None,
            last_day=None if effective is None else effective.last_day,
            breaches=breaches[pk],
        )
    return out


def conviction_kind_matches(kind: str, disposal: str) -> str:
    """An error message if a caution is recorded with a court disposal or the reverse."""
    if kind == ConvictionKind.CAUTION and disposal != Disposal.CAUTION:
        return "A caution's disposal is a caution: choose 'Caution' or change the kind of record"
    if kind != ConvictionKind.CAUTION and disposal == Disposal.CAUTION:
        return (
            "A caution is recorded as a caution, not as a conviction or finding: change the kind "
            "of record to 'Cautioned'"
        )
    return ""
