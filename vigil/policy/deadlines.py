"""Notification deadlines under the Sexual Offences Act 2003, Part 2 (RULES.md §1.4, §2).

Every function here is pure: plain dates in, frozen dataclasses out, "today" a parameter.
A wrong date here means a wrongful arrest or a missed breach, so the conventions are
stated once, here, and every rule below follows them.

**Days are whole calendar days.** Weekends and bank holidays count: the Act counts
days, not working days.

**"A period of N days beginning with D" includes D** (RULES.md §1.3, ``dates.py``).
**"The period of one year after E" excludes E**: the one-year period of s.85(1) runs
from the day after the notification, so it ends on the anniversary (the corresponding
date; 29 February runs to 28 February).

**Disregarded time** (custody, hospital, outside the UK: s.83(6), applied to s.84 by
s.84(5) and to the annual date by s.85(3)-(4)) is given as ``(start, end)`` pairs:
``start`` is the day the person was taken into custody or hospital or left the UK;
``end`` is the day they were released, discharged or came back. Days from ``start`` up
to the day before ``end`` are disregarded. The day of return *counts*, because the Act
starts its periods on it: release is notified "within 3 days beginning with his release"
(s.84(1)(d)), and a periodic deadline that fell while away runs to the end of "3 days
beginning when [the absence] ceases" (s.85(3)). The day of leaving is disregarded in
full, which gives the offender the benefit of that part-day. ``start == end`` (in and
out the same day) disregards nothing. Overlapping and touching pairs are merged.

Notifications are ``(date, NotificationKind)`` pairs. The dates are the days the
notification was given at the police station.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from vigil.policy.dates import add_months, last_day_of_period
from vigil.policy.schedule3 import PART2_COMMENCEMENT
from vigil.policy.values import PolicyValue, declare

Absence = tuple[dt.date, dt.date]
"""``(first day away, day back)``: see the module docstring for which days count."""


class NotificationKind(StrEnum):
    """What an offender notified, or must notify, and under which provision."""

    INITIAL = "initial"  # s.83(1)
    CHANGE_NAME = "change_name"  # s.84(1)(a)
    CHANGE_HOME_ADDRESS = "change_home_address"  # s.84(1)(b)
    OTHER_ADDRESS = "other_address"  # s.84(1)(c): a stay of a qualifying period
    RELEASE = "release"  # s.84(1)(d)
    BANK_CARD = "bank_card"  # SI 2012/1876: bank accounts, debit and credit cards
    IDENTITY_DOCUMENT = "identity_document"  # SI 2012/1876: passports, identity documents
    CHILD_HOUSEHOLD = "child_household"  # SI 2012/1876 reg 10: 12 hours in a relevant household
    CHANGE_NOT_OCCURRED = "change_not_occurred"  # s.84(4)(b): an advance notice fell through
    PERIODIC = "periodic"  # s.85(1), annual
    WEEKLY = "weekly"  # s.85(1) with s.85(5)(a), (6): no sole or main residence
    TRAVEL_DEPARTURE = "travel_departure"  # s.86, SI 2004/1220
    TRAVEL_RETURN = "travel_return"  # s.86, SI 2004/1220


class ReviewStep(StrEnum):
    """Deadlines in the review of indefinite notification (ss.91A-91F)."""

    DETERMINATION = "review_determination"  # s.91C: the chief officer decides
    APPEAL = "review_appeal"  # s.91E: the offender appeals to a magistrates' court


class DueState(StrEnum):
    """Where a deadline stands on a given day."""

    NOT_YET_DUE = "not_yet_due"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    SUSPENDED = "suspended"  # the clock is stopped: in custody, in hospital or abroad now


class TravelRule(StrEnum):
    """Which advance-notice rule of the travel regulations applies to a departure."""

    SEVEN_DAYS = "seven_days"
    REASONABLE_EXCUSE = "reasonable_excuse"
    NOT_KNOWN_SEVEN_DAYS_AHEAD = "not_known_seven_days_ahead"
    CHANGED_DETAILS = "changed_details"


class TravelClock(StrEnum):
    """What the 12- and 24-hour travel limits are counted back from."""

    DEPARTURE_TIME = "departure_time"
    START_OF_DEPARTURE_DATE = "start_of_departure_date"


# --------------------------------------------------------------------------------------
# Policy values. [C]: read in the source RULES.md cites; [M]: believed, not seen.
# --------------------------------------------------------------------------------------

# The commencement of Part 2 (1 May 2004, SOA 2003 s.141) is declared once, with its
# source, in schedule3; s.83(1)'s "(or, if later, the commencement of this Part)" uses it.
PART_2_COMMENCEMENT = PART2_COMMENCEMENT
INITIAL_NOTIFICATION_DAYS = declare(
    "soa2003.s83.initial_notification_days",
    3,
    source="SOA 2003 s.83(1): 'within the period of 3 days beginning with the relevant date'",
    mark="C",
)
CHANGE_DAYS = declare(
    "soa2003.s84.change_days",
    3,
    source="SOA 2003 s.84(1): 'within the period of 3 days beginning with' the change",
    mark="C",
)
QUALIFYING_STAY_DAYS = declare(
    "soa2003.s84.qualifying_stay_days",
    7,
    source="SOA 2003 s.84(6); EN para 165: 7 days, or periods in 12 months totalling 7 days",
    mark="C",
)
QUALIFYING_STAY_WINDOW_MONTHS = declare(
    "soa2003.s84.qualifying_stay_window_months",
    12,
    source="SOA 2003 s.84(6); EN para 165: 'two or more periods, in any period of 12 months'",
    mark="C",
)
ADVANCE_NOTICE_EARLY_DAYS = declare(
    "soa2003.s84.advance_notice_early_days",
    2,
    source="SOA 2003 s.84(3): an event 'more than 2 days before the date specified'",
    mark="C",
)
ADVANCE_NOTICE_LATE_DAYS = declare(
    "soa2003.s84.advance_notice_late_days",
    3,
    source="SOA 2003 s.84(4): not occurred 'by the end of the period of 3 days beginning with "
    "the date specified'",
    mark="C",
)
NON_OCCURRENCE_DAYS = declare(
    "soa2003.s84.non_occurrence_days",
    6,
    source="SOA 2003 s.84(4)(b): 'within the period of 6 days beginning with the date specified'",
    mark="C",
)
PRESCRIBED_CHANGE_DAYS = declare(
    "si2012_1876.prescribed_change_days",
    3,
    source="SOA 2003 s.84(1) as extended by SI 2012/1876; RULES.md §2.1 'Prescribed changes'",
    mark="M",
    note="RULES.md confirms these are s.84 prescribed changes but not the 3-day period for them.",
)
CHILD_HOUSEHOLD_HOURS = declare(
    "si2012_1876.child_household_hours",
    12,
    source="SI 2012/1876 reg 10: residing or staying at least 12 hours in a relevant household",
    mark="C",
)
PERIODIC_MONTHS = declare(
    "soa2003.s85.periodic_months",
    12,
    source="SOA 2003 s.85(1), (5)(b): 'the period of one year' after each s.85(2) event",
    mark="C",
)
WEEKLY_DAYS = declare(
    "si2012_1876.weekly_days",
    7,
    source="SOA 2003 s.85(5)(a), (6) and SI 2012/1876: weekly where there is no sole or main "
    "residence; RULES.md §2.1",
    mark="C",
)
AFTER_ABSENCE_DAYS = declare(
    "soa2003.s85.after_absence_days",
    3,
    source="SOA 2003 s.85(3): 'the period of 3 days beginning when subsection (4) first ceases "
    "to apply'",
    mark="C",
)
TRAVEL_NOTICE_DAYS = declare(
    "si2004_1220.notice_days",
    7,
    source="SOA 2003 s.86; SI 2004/1220 as amended 2012: at least 7 days before departure; "
    "RULES.md §2.3 (Nacro, secondary)",
    mark="C",
    note=(
        "Read as 'on or before the seventh day before the date of departure'. If a court read "
        "'not less than 7 days' as 7 clear days, the last day would be one day earlier."
    ),
)
TRAVEL_NOT_KNOWN_HOURS = declare(
    "si2004_1220.not_known_hours",
    12,
    source="RULES.md §2.3: details not known 7 days ahead; NI text NISR 2016/145 reg 5(4)",
    mark="M",
    note="Confirmed for the identical Northern Ireland scheme; the E&W text was not seen.",
)
TRAVEL_REASONABLE_EXCUSE_HOURS = declare(
    "si2004_1220.reasonable_excuse_hours",
    24,
    source="RULES.md §2.3: reasonable excuse; NI text NISR 2016/145 reg 5(3)(b)",
    mark="M",
    note="Confirmed for Northern Ireland; the E&W text was not seen.",
)
TRAVEL_CHANGED_DETAILS_HOURS = declare(
    "si2004_1220.changed_details_hours",
    24,
    source="RULES.md §2.3 'Changes after notice' (Nacro, secondary)",
    mark="C",
)
TRAVEL_HOURS_MEASURED_TO = declare(
    "si2004_1220.hours_measured_to",
    TravelClock.DEPARTURE_TIME,
    source="RULES.md §2.3: '12 hours before departure'",
    mark="M",
    note=(
        "The NI regulations say 'not less than 12 hours before that date' (the date of "
        "departure), which could be read as 12 hours before the departure day begins, i.e. "
        "noon the day before. RULES.md says 'before departure'; we count back from the "
        "departure time. Set START_OF_DEPARTURE_DATE if legal advice prefers the other reading."
    ),
)
TRAVEL_RETURN_DAYS = declare(
    "si2004_1220.return_days",
    3,
    source="RULES.md §2.3 'Return notification'",
    mark="M",
)
REVIEW_ADULT_YEARS = declare(
    "soa2003.s91b.adult_years",
    15,
    source="SOA 2003 s.91B(2)(a): 18 or over on the relevant date",
    mark="C",
)
REVIEW_JUVENILE_YEARS = declare(
    "soa2003.s91b.juvenile_years",
    8,
    source="SOA 2003 s.91B(2)(b): under 18 on the relevant date",
    mark="C",
)
REVIEW_FURTHER_YEARS = declare(
    "soa2003.s91b.further_years",
    8,
    source="SOA 2003 s.91B(3): 8 years beginning with a s.91C determination to keep them",
    mark="C",
)
REVIEW_MAX_FURTHER_YEARS = declare(
    "soa2003.s91b.max_further_years",
    15,
    source="SOA 2003 s.91B(4)-(6); RULES.md §1.4 'Extended further review'",
    mark="M",
)
REVIEW_RELEVANT_NOTIFICATION = declare(
    "soa2003.s91b.relevant_notification",
    "first_after_release",
    source="SOA 2003 s.91B(2); RULES.md §1.4 'What relevant notification is'",
    mark="M",
    note=(
        "The s.91B definition was not seen. Encoded as: the first notification under s.83(1), "
        "s.84(1) or s.85(1) given on or after release from the custody or detention imposed "
        "for the offence; with no custody, the first such notification."
    ),
)
REVIEW_DETERMINATION_WEEKS = declare(
    "soa2003.s91c.determination_weeks",
    6,
    source="RULES.md §1.4 'Decision deadline'",
    mark="M",
)
REVIEW_DETERMINATION_EXTENDED_WEEKS = declare(
    "soa2003.s91c.determination_extended_weeks",
    12,
    source="RULES.md §1.4 'Decision deadline' (extension where information is awaited)",
    mark="M",
    note="RULES.md: 'extendable, believed to 12 weeks, where responsible-body information is "
    "awaited'.",
)
REVIEW_APPEAL_DAYS = declare(
    "soa2003.s91e.appeal_days",
    21,
    source="RULES.md §1.4 'Appeal': to a magistrates' court within 21 days of the notice",
    mark="M",
)
DUE_SOON_DAYS = declare(
    "vigil.deadlines.due_soon_days",
    14,
    source="Vigil working default for the 'due soon' flag; not law",
    mark="M",
    note="A force policy choice, not a legal value.",
)

# --------------------------------------------------------------------------------------
# Results
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Deadline:
    """The last day to do something, and why.

    ``due`` is the last day to comply: failing by the end of it, without reasonable
    excuse, is an offence under s.91 from the next day (RULES.md §2.4).
    """

    kind: NotificationKind | ReviewStep
    trigger: dt.date  # the day the clock started: the event, or the last notification
    due: dt.date
    reason: str
    days_disregarded: int = 0  # how far custody, hospital or time abroad moved ``due``


@dataclass(frozen=True)
class AdvanceNoticeOutcome:
    """What an advance notice of a change (s.84(2)) did, and what is still owed."""

    effective: bool  # it discharged the s.84(1) duty for the change
    change: Deadline | None  # the s.84(1) notification still owed for the actual change
    non_occurrence: Deadline | None  # the s.84(4)(b) notice that the change did not happen
    reason: str


@dataclass(frozen=True)
class DueStatus:
    """Where a deadline stands on ``today``."""

    state: DueState
    due: dt.date
    days_remaining: int  # 0 on the due day and after it
    days_overdue: int  # 1 on the day after the due day; 0 until then
    reason: str


@dataclass(frozen=True)
class TravelNoticeCheck:
    """Whether a foreign-travel notice was given in time (s.86, SI 2004/1220)."""

    in_time: bool
    rule: TravelRule
    due: dt.date  # last UK date on which the notice could be given
    latest_at: dt.datetime | None  # the last moment, for the hour-based rules
    reason: str


@dataclass(frozen=True)
class ReviewDate:
    """When an application for review of indefinite notification may first be made."""

    qualifying_date: dt.date  # the first day an application may be made (s.91B(1))
    period_start: dt.date  # the relevant notification, or the last s.91C determination
    years: int
    reason: str


@dataclass(frozen=True)
class ReviewEligibility:
    """Whether an offender may apply for review now (s.91A, s.91B(1))."""

    eligible: bool
    reasons: tuple[str, ...]  # every reason they may not, or why they may


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _label(kind: NotificationKind) -> str:
    return f"{kind.value.replace('_', ' ')} notification"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@functools.cache
def _uk() -> ZoneInfo:
    # Loaded on first use, so that importing the rules never depends on the tz database.
    return ZoneInfo("Europe/London")


def _merge(absences: Iterable[Absence]) -> list[Absence]:
    """Validate absences and merge overlapping or touching ones into disjoint spells."""
    spells: list[Absence] = []
    for start, end in sorted(absences):
        if end < start:
            raise ValueError(
                f"an absence cannot end ({end.isoformat()}) before it starts ({start.isoformat()})"
            )
        if start == end:
            continue  # in and out the same day: no whole day to disregard
        if spells and start <= spells[-1][1]:
            spells[-1] = (spells[-1][0], max(spells[-1][1], end))
        else:
            spells.append((start, end))
    return spells


def _count_days(first_day: dt.date, days: int, spells: Sequence[Absence]) -> tuple[dt.date, int]:
    """The last day of ``days`` counted days beginning with ``first_day``, skipping spells.

    Returns the day and how many disregarded days were skipped before it (s.83(6)).
    """
    cursor, remaining, skipped = first_day, days, 0
    for start, end in spells:
        if end <= cursor:
            continue
        if start > cursor:
            free = (start - cursor).days
            if remaining <= free:
                break
            remaining -= free
            cursor = start
        skipped += (end - cursor).days
        cursor = end
    return last_day_of_period(cursor, days=remaining), skipped


def _extend_past_absences(due: dt.date, spells: Sequence[Absence]) -> dt.date:
    """s.85(3): a period that would end while away runs to 3 days beginning with the return.

    Applied again if that new last day also falls in a later spell: otherwise the
    offender would be "due" on a day they are in custody and cannot attend.
    """
    for start, end in spells:  # sorted and disjoint, so one pass is enough
        if start <= due < end:
            due = last_day_of_period(end, days=AFTER_ABSENCE_DAYS.value)
    return due


def _away_note(days: int, provision: str) -> str:
    if not days:
        return ""
    return (
        f" {_plural(days, 'day')} in custody, in hospital or outside the UK "
        f"{'is' if days == 1 else 'are'} disregarded ({provision})."
    )


def _require_aware(name: str, moment: dt.datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


# --------------------------------------------------------------------------------------
# s.83: initial notification
# --------------------------------------------------------------------------------------


def initial_notification_due(
    *, relevant_date: dt.date, disregard: Sequence[Absence] = ()
) -> Deadline:
    """The initial notification deadline (SOA 2003 s.83(1), (6); RULES.md §2.1).

    Within 3 days beginning with the relevant date (or, if later, the commencement of
    Part 2), disregarding time in custody, detained in hospital or outside the UK. The
    s.83(2)-(4) exemptions (already registered and notified for an earlier event) are for
    the caller to decide: when one applies, no initial notification is due.
    """
    days = INITIAL_NOTIFICATION_DAYS.value
    start = max(relevant_date, PART_2_COMMENCEMENT.value)
    due, skipped = _count_days(start, days, _merge(disregard))
    begins = (
        f"the relevant date ({_fmt(relevant_date)})"
        if start == relevant_date
        else f"the commencement of Part 2 ({_fmt(start)}), later than the relevant date"
    )
    reason = (
        f"SOA 2003 s.83(1): notify within {days} days beginning with {begins}; "
        f"due by {_fmt(due)}.{_away_note(skipped, 's.83(6)')} (RULES.md §2.1)"
    )
    return Deadline(NotificationKind.INITIAL, start, due, reason, skipped)


# --------------------------------------------------------------------------------------
# s.84: changes, and the 2012 prescribed changes
# --------------------------------------------------------------------------------------

_CHANGES: dict[NotificationKind, tuple[str, str, PolicyValue[int]]] = {
    NotificationKind.CHANGE_NAME: (
        "s.84(1)(a)",
        "first use of a name not already notified",
        CHANGE_DAYS,
    ),
    NotificationKind.CHANGE_HOME_ADDRESS: ("s.84(1)(b)", "the change of home address", CHANGE_DAYS),
    NotificationKind.OTHER_ADDRESS: (
        "s.84(1)(c), (6)",
        "the day a stay at an address not yet notified reached a qualifying period",
        CHANGE_DAYS,
    ),
    NotificationKind.RELEASE: (
        "s.84(1)(d)",
        "release from custody, imprisonment, service detention or hospital",
        CHANGE_DAYS,
    ),
    NotificationKind.BANK_CARD: (
        "s.84(1) with SI 2012/1876",
        "a change in bank accounts, debit or credit cards",
        PRESCRIBED_CHANGE_DAYS,
    ),
    NotificationKind.IDENTITY_DOCUMENT: (
        "s.84(1) with SI 2012/1876",
        "a change in passports or other identity documents",
        PRESCRIBED_CHANGE_DAYS,
    ),
    NotificationKind.CHILD_HOUSEHOLD: (
        "s.84(1) with SI 2012/1876 reg 10",
        f"residing or staying {CHILD_HOUSEHOLD_HOURS.value} hours or more in a household "
        "where a child under 18 lives or stays",
        PRESCRIBED_CHANGE_DAYS,
    ),
}

_PRESCRIBED_2012 = frozenset(
    {
        NotificationKind.BANK_CARD,
        NotificationKind.IDENTITY_DOCUMENT,
        NotificationKind.CHILD_HOUSEHOLD,
    }
)


def change_due(
    *, kind: NotificationKind, event_on: dt.date, disregard: Sequence[Absence] = ()
) -> Deadline:
    """The deadline to notify a change (SOA 2003 s.84(1), (5); RULES.md §2.1).

    Within 3 days beginning with the change, disregarding custody, hospital and time
    abroad (s.84(5) applying s.83(6)). ``event_on`` is:

    - ``change_name``: the first day the new name was used (s.84(1)(a));
    - ``change_home_address``: the day of the move (s.84(1)(b));
    - ``other_address``: the day the qualifying period ended, from
      :func:`qualifying_period_ends_on` (s.84(1)(c));
    - ``release``: the day of release (s.84(1)(d));
    - ``bank_card``, ``identity_document``: the day of the change (SI 2012/1876; the
      3-day period for these is [M]);
    - ``child_household``: the day the stay in the relevant household reached 12 hours
      (SI 2012/1876 reg 10).

    The 2012 items do not move the annual date: see :func:`resets_periodic_clock`.
    """
    if kind not in _CHANGES:
        raise ValueError(f"{kind.value!r} is not a change notified under s.84(1)")
    provision, event, days_value = _CHANGES[kind]
    days = days_value.value
    due, skipped = _count_days(event_on, days, _merge(disregard))
    mark = (
        " [M: the 3-day period for the 2012 items is unconfirmed]"
        if kind in _PRESCRIBED_2012
        else ""
    )
    reason = (
        f"SOA 2003 {provision}: notify within {days} days beginning with {event} "
        f"({_fmt(event_on)}); due by {_fmt(due)}.{mark}{_away_note(skipped, 's.84(5), s.83(6)')}"
        " (RULES.md §2.1)"
    )
    return Deadline(kind, event_on, due, reason, skipped)


def qualifying_period_ends_on(*, stay_days: Iterable[dt.date]) -> dt.date | None:
    """The day a stay at one address becomes a "qualifying period" (SOA 2003 s.84(6)).

    A qualifying period is 7 days, or two or more periods in any period of 12 months
    which together amount to 7 days (RULES.md §2.1). ``stay_days`` are the calendar days
    on which the offender resided or stayed at the address; pass only days at an address
    not yet notified. Returns the day the 7th day is reached within some 12-month period
    (the event of s.84(1)(c)), or ``None`` if it never is.
    """
    days = sorted(set(stay_days))
    needed = QUALIFYING_STAY_DAYS.value
    earliest: dt.date | None = None
    # A 12-month period holding 7 stay days can be shrunk to begin with the first of
    # them, so it is enough to look at the periods beginning with each stay day.
    for i in range(len(days) - needed + 1):
        window_end = last_day_of_period(days[i], months=QUALIFYING_STAY_WINDOW_MONTHS.value)
        seventh = days[i + needed - 1]
        if seventh <= window_end and (earliest is None or seventh < earliest):
            earliest = seventh
    return earliest


_ADVANCE_KINDS = frozenset(
    {
        NotificationKind.CHANGE_NAME,
        NotificationKind.CHANGE_HOME_ADDRESS,
        NotificationKind.OTHER_ADDRESS,
    }
)


def advance_notice_outcome(
    *,
    kind: NotificationKind,
    notified_on: dt.date,
    expected_on: dt.date,
    occurred_on: dt.date | None,
    disregard: Sequence[Absence] = (),
) -> AdvanceNoticeOutcome:
    """What an advance notice of a change did (SOA 2003 s.84(2)-(5); RULES.md §2.1).

    A change of name, of home address, or the end of a qualifying-period stay may be
    notified before it happens, giving the expected date (s.84(2)). Then:

    - if it happens more than 2 days before the expected date, the notice does not count
      and the change must be notified within 3 days of it (s.84(3));
    - if it has not happened by the end of 3 days beginning with the expected date, the
      notice does not count (the change must be notified when it happens) and the
      offender must, within 6 days beginning with the expected date, notify that it did
      not happen (s.84(4)). The 3-day window is not extended for custody; the 6-day and
      the change periods are (s.84(5)).

    ``occurred_on=None`` means it has not happened (yet); the s.84(4)(b) duty then arises
    if it still has not happened by the end of the window.
    """
    if kind not in _ADVANCE_KINDS:
        raise ValueError(f"s.84(2) does not provide for advance notice of {kind.value!r}")
    if expected_on < notified_on:
        raise ValueError(
            f"an advance notice given on {notified_on.isoformat()} cannot expect the change "
            f"on an earlier day ({expected_on.isoformat()})"
        )
    if occurred_on is not None and occurred_on < notified_on:
        raise ValueError(
            f"a change on {occurred_on.isoformat()} cannot have been notified in advance on "
            f"{notified_on.isoformat()}"
        )
    spells = _merge(disregard)
    earliest = expected_on - dt.timedelta(days=ADVANCE_NOTICE_EARLY_DAYS.value)
    window_end = last_day_of_period(expected_on, days=ADVANCE_NOTICE_LATE_DAYS.value)

    if occurred_on is not None and occurred_on < earliest:
        change = change_due(kind=kind, event_on=occurred_on, disregard=disregard)
        reason = (
            f"SOA 2003 s.84(3): the change happened on {_fmt(occurred_on)}, more than "
            f"{ADVANCE_NOTICE_EARLY_DAYS.value} days before the date given ({_fmt(expected_on)}), "
            f"so the advance notice does not count; notify the change by {_fmt(change.due)}."
        )
        return AdvanceNoticeOutcome(False, change, None, reason)

    if occurred_on is not None and occurred_on <= window_end:
        reason = (
            f"SOA 2003 s.84(2)-(4): the change happened on {_fmt(occurred_on)}, between "
            f"{_fmt(earliest)} and {_fmt(window_end)}, so the advance notice given on "
            f"{_fmt(notified_on)} discharges the duty to notify it."
        )
        return AdvanceNoticeOutcome(True, None, None, reason)

    days = NON_OCCURRENCE_DAYS.value
    due, skipped = _count_days(expected_on, days, spells)
    non_occurrence = Deadline(
        NotificationKind.CHANGE_NOT_OCCURRED,
        expected_on,
        due,
        (
            f"SOA 2003 s.84(4)(b): the change notified in advance for {_fmt(expected_on)} did "
            f"not happen by {_fmt(window_end)}; notify that it did not happen within {days} "
            f"days beginning with the date given, by {_fmt(due)}."
            f"{_away_note(skipped, 's.84(5), s.83(6)')} (RULES.md §2.1)"
        ),
        skipped,
    )
    if occurred_on is None:
        reason = (
            f"SOA 2003 s.84(4): the change notified for {_fmt(expected_on)} has not happened. If "
            f"it has not happened by the end of {_fmt(window_end)}, the advance notice does not "
            "count (the change must be notified when it happens) and the offender must notify "
            f"by {_fmt(due)} that it did not happen."
        )
        return AdvanceNoticeOutcome(False, None, non_occurrence, reason)
    late = change_due(kind=kind, event_on=occurred_on, disregard=disregard)
    reason = (
        f"SOA 2003 s.84(4): the change notified for {_fmt(expected_on)} happened late, on "
        f"{_fmt(occurred_on)}, after {_fmt(window_end)}: the advance notice does not count. "
        f"Notify the change by {_fmt(late.due)}, and by {_fmt(due)} that it did not happen "
        "in time."
    )
    return AdvanceNoticeOutcome(False, late, non_occurrence, reason)


# --------------------------------------------------------------------------------------
# s.85: periodic (annual or weekly) notification
# --------------------------------------------------------------------------------------

# Notifications under s.83(1), s.84(1) and s.85(1): each notifies the full s.83(5)
# information and is an event in s.85(2), so each restarts the periodic clock. The 2012
# items are given under s.83 as extra information and do not move the annual date (Home
# Office FAQ, RULES.md §2.1); travel notices are under s.86; a s.84(4)(b) notice only
# says a change did not happen.
_RESETTING = frozenset(
    {
        NotificationKind.INITIAL,
        NotificationKind.CHANGE_NAME,
        NotificationKind.CHANGE_HOME_ADDRESS,
        NotificationKind.OTHER_ADDRESS,
        NotificationKind.RELEASE,
        NotificationKind.PERIODIC,
        NotificationKind.WEEKLY,
    }
)


def resets_periodic_clock(kind: NotificationKind) -> bool:
    """Whether a notification of this kind restarts the periodic clock (s.85(1)-(2)).

    Yes for notifications under s.83(1), s.84(1) and s.85(1): initial, change of name,
    change of home address, other address, release, periodic and weekly. No for the
    2012 prescribed items (bank and card details, identity documents, child household:
    "does not alter the annual notification date", Home Office FAQ, RULES.md §2.1), for
    travel notices (s.86; RULES.md §2.3), and for a s.84(4)(b) notice that an advance-
    notified change did not happen (not a notification under s.84(1)).
    """
    return kind in _RESETTING


def _validate_history(
    relevant_date: dt.date, notifications: Iterable[tuple[dt.date, NotificationKind]]
) -> list[tuple[dt.date, NotificationKind]]:
    history = list(notifications)
    for day, kind in history:
        if day < relevant_date:
            raise ValueError(
                f"a {kind.value} notification on {day.isoformat()} is before the relevant "
                f"date ({relevant_date.isoformat()})"
            )
    return history


def next_periodic_due(
    *,
    relevant_date: dt.date,
    notifications: Iterable[tuple[dt.date, NotificationKind]],
    disregard: Sequence[Absence] = (),
    no_fixed_abode: bool = False,
) -> Deadline:
    """The next periodic notification deadline (SOA 2003 s.85; RULES.md §2.1).

    Due within one year after the last notification under s.83(1), s.84(1) or s.85(1)
    (see :func:`resets_periodic_clock`): by its anniversary. With no sole or main
    residence (the last home address notified is a place where the offender can
    regularly be found, s.85(6), s.83(7)(b)) it is due within 7 days after it instead.
    For someone subject to Part 2 from its commencement, the commencement itself is the
    first event (s.85(2)(a)).

    Time away does not stop this clock. But if the last day falls while the offender is in
    custody, in hospital or outside the UK, the period continues to the end of 3 days
    beginning with the day that ends (s.85(3)-(4)).

    ``relevant_date`` is the date the offender became subject to the requirements; a
    notification before it is an error.
    """
    history = _validate_history(relevant_date, notifications)
    spells = _merge(disregard)
    events = [(day, _label(kind)) for day, kind in history if resets_periodic_clock(kind)]
    commencement = PART_2_COMMENCEMENT.value
    if relevant_date < commencement:
        events.append((commencement, "commencement of Part 2 (s.85(2)(a))"))
    if not events:
        raise ValueError(
            "no notification under s.83(1), s.84(1) or s.85(1) is recorded, so the periodic "
            "clock has not started: the initial notification is due first"
        )
    last, what = max(events)
    if no_fixed_abode:
        kind = NotificationKind.WEEKLY
        # "7 days after" the notification: the period begins the next day.
        base = last_day_of_period(last + dt.timedelta(days=1), days=WEEKLY_DAYS.value)
        period = f"{WEEKLY_DAYS.value} days (no sole or main residence: s.85(5)(a), (6))"
    else:
        kind = NotificationKind.PERIODIC
        # "One year after" the notification ends on the corresponding date a year on.
        base = add_months(last, PERIODIC_MONTHS.value)
        period = "one year (s.85(5)(b))"
    due = _extend_past_absences(base, spells)
    reason = (
        f"SOA 2003 s.85(1): re-notify within {period} after the last notification that "
        f"restarts the clock ({what}, {_fmt(last)}); due by {_fmt(base)}."
    )
    if due != base:
        reason += (
            f" That day falls while the offender is in custody, in hospital or outside the UK, "
            f"so the period runs to the end of {AFTER_ABSENCE_DAYS.value} days beginning with "
            f"their return: due by {_fmt(due)} (s.85(3)-(4))."
        )
    reason += (
        " Bank, card, identity-document and child-household notifications and travel "
        "notices do not move this date. (RULES.md §2.1)"
    )
    return Deadline(kind, last, due, reason, (due - base).days)


def status(
    *,
    deadline: Deadline,
    today: dt.date,
    absent_since: dt.date | None = None,
    due_soon_days: int | None = None,
) -> DueStatus:
    """Where ``deadline`` stands on ``today``: overdue, due soon, not yet due or suspended.

    Overdue from the day after ``due``: the s.91 offence is committed on the first day of
    failure and continues while it lasts (s.91(3); RULES.md §2.4). ``absent_since`` is the
    first day of a custody, hospital or foreign spell still going on today (no end date
    yet): if it began on or before ``due``, the deadline will move when it ends (s.83(6),
    s.85(3)), so the deadline is suspended. A failure before the spell began stays overdue.
    ``due_soon_days`` defaults to the force's ``vigil.deadlines.due_soon_days``.
    """
    if absent_since is not None and absent_since > today:
        raise ValueError(
            f"an absence still going on today ({today.isoformat()}) cannot start later, "
            f"on {absent_since.isoformat()}"
        )
    window = DUE_SOON_DAYS.value if due_soon_days is None else due_soon_days
    if window < 0:
        raise ValueError("due_soon_days cannot be negative")
    due = deadline.due
    if absent_since is not None and absent_since <= due:
        return DueStatus(
            DueState.SUSPENDED,
            due,
            0,
            0,
            f"In custody, in hospital or outside the UK since {_fmt(absent_since)}, on or before "
            f"the due date ({_fmt(due)}): the deadline moves when that ends (s.83(6), s.85(3)).",
        )
    remaining = (due - today).days
    if remaining < 0:
        return DueStatus(
            DueState.OVERDUE,
            due,
            0,
            -remaining,
            f"Overdue by {_plural(-remaining, 'day')}: it was due by {_fmt(due)}. Failing to "
            "notify without reasonable excuse is an offence that continues while the failure "
            "lasts (s.91(1), (3)).",
        )
    if remaining <= window:
        when = "today" if remaining == 0 else f"in {_plural(remaining, 'day')}"
        return DueStatus(DueState.DUE_SOON, due, remaining, 0, f"Due {when}, by {_fmt(due)}.")
    return DueStatus(
        DueState.NOT_YET_DUE,
        due,
        remaining,
        0,
        f"Not yet due: due by {_fmt(due)}, in {_plural(remaining, 'day')}.",
    )


# --------------------------------------------------------------------------------------
# s.86: foreign travel
# --------------------------------------------------------------------------------------


def travel_notice_check(
    *,
    departs_at: dt.datetime,
    notified_at: dt.datetime,
    details_known_on: dt.date,
    reasonable_excuse: bool = False,
    changes_earlier_notice: bool = False,
    hours_measured_to: TravelClock | None = None,
) -> TravelNoticeCheck:
    """Whether a notice of intended travel outside the UK was in time (s.86; RULES.md §2.3).

    Since 13 August 2012 every trip outside the UK must be notified (SI 2004/1220 as
    amended by SI 2012/1876). Which limit applies:

    - details (date, destination, point of arrival) known more than 7 days before the date
      of departure: not less than 7 days before that date;
    - known that early, but with a reasonable excuse for missing the 7-day limit: as soon
      as reasonably practicable and not less than 24 hours before departure [M, E&W];
    - not known more than 7 days before: not less than 12 hours before departure [M, E&W];
    - a fresh notice changing details already notified: at least 24 hours before departure.

    Whether an excuse is reasonable, and whether notice was "as soon as reasonably
    practicable", are judgements for the officer and the court; this checks only the
    time limit. Dates are UK dates. Hours are real elapsed hours, counted back from the
    departure time, or from the start of the departure date if ``hours_measured_to``
    (default: the ``si2004_1220.hours_measured_to`` policy value) says so.
    """
    _require_aware("departs_at", departs_at)
    _require_aware("notified_at", notified_at)
    uk = _uk()
    departure_date = departs_at.astimezone(uk).date()
    notified_date = notified_at.astimezone(uk).date()
    if details_known_on > departure_date:
        raise ValueError(
            f"travel details cannot first be known ({details_known_on.isoformat()}) after the "
            f"departure date ({departure_date.isoformat()})"
        )
    if details_known_on > notified_date:
        raise ValueError(
            f"a notice given on {notified_date.isoformat()} cannot disclose details first "
            f"known on {details_known_on.isoformat()}"
        )

    seven = TRAVEL_NOTICE_DAYS.value
    known_early = (departure_date - details_known_on).days > seven
    if not changes_earlier_notice and known_early:
        # "Not less than 7 days before the date of departure": no later than that day.
        due = departure_date - dt.timedelta(days=seven)
        if notified_date <= due or not reasonable_excuse:
            in_time = notified_date <= due
            verdict = "in time" if in_time else "late"
            reason = (
                f"SOA 2003 s.86, SI 2004/1220 as amended: the details were known more than "
                f"{seven} days ahead, so notice was due not less than {seven} days before the "
                f"departure date ({_fmt(departure_date)}), by {_fmt(due)}; given "
                f"{_fmt(notified_date)}: {verdict}. (RULES.md §2.3)"
            )
            return TravelNoticeCheck(in_time, TravelRule.SEVEN_DAYS, due, None, reason)
        rule, hours = TravelRule.REASONABLE_EXCUSE, TRAVEL_REASONABLE_EXCUSE_HOURS.value
        why = (
            f"the details were known more than {seven} days ahead but a reasonable excuse is "
            f"recorded for missing the {seven}-day limit, so notice was due as soon as "
            f"reasonably practicable and not less than {hours} hours before departure [M]"
        )
    elif changes_earlier_notice:
        rule, hours = TravelRule.CHANGED_DETAILS, TRAVEL_CHANGED_DETAILS_HOURS.value
        why = f"a fresh notice changing details already notified is due at least {hours} hours "
        why += "before departure"
    else:
        rule, hours = TravelRule.NOT_KNOWN_SEVEN_DAYS_AHEAD, TRAVEL_NOT_KNOWN_HOURS.value
        why = (
            f"the details were not known more than {seven} days before the departure date, so "
            f"notice was due not less than {hours} hours before departure [M]"
        )

    clock = TRAVEL_HOURS_MEASURED_TO.value if hours_measured_to is None else hours_measured_to
    if clock == TravelClock.DEPARTURE_TIME:
        reference = departs_at
        measured = (
            f"the departure time ({departs_at.astimezone(uk):%H:%M} on {_fmt(departure_date)})"
        )
    else:
        reference = dt.datetime.combine(departure_date, dt.time(0), tzinfo=uk)
        measured = f"the start of the departure date ({_fmt(departure_date)})"
    # Subtract in UTC so that a clock change is counted in real hours.
    latest = (reference.astimezone(dt.UTC) - dt.timedelta(hours=hours)).astimezone(uk)
    in_time = notified_at <= latest
    verdict = "in time" if in_time else "late"
    reason = (
        f"SOA 2003 s.86, SI 2004/1220 as amended: {why}, counted from {measured}: by "
        f"{latest:%H:%M} on {_fmt(latest.date())}; given {notified_at.astimezone(uk):%H:%M} on "
        f"{_fmt(notified_date)}: {verdict}. (RULES.md §2.3)"
    )
    return TravelNoticeCheck(in_time, rule, latest.date(), latest, reason)


def travel_return_due(
    *,
    departed_on: dt.date,
    returned_on: dt.date,
    return_details_notified: bool,
    disregard: Sequence[Absence] = (),
) -> Deadline | None:
    """The deadline to notify a return to the UK (s.86, SI 2004/1220; RULES.md §2.3).

    Where the return date and point of arrival were not given in the departure notice
    (or the return differed from them), the return must be notified within 3 days of
    coming back [M]. Returns ``None`` when the return was notified in advance and
    happened as notified. Custody or hospital after the return is disregarded as for
    s.83(6) [M: by analogy; the regulations' text was not seen].
    """
    if returned_on < departed_on:
        raise ValueError(
            f"a return on {returned_on.isoformat()} cannot be before the departure on "
            f"{departed_on.isoformat()}"
        )
    if return_details_notified:
        return None
    days = TRAVEL_RETURN_DAYS.value
    due, skipped = _count_days(returned_on, days, _merge(disregard))
    reason = (
        f"SOA 2003 s.86, SI 2004/1220: the return was not notified in advance, so notify it "
        f"within {days} days of coming back ({_fmt(returned_on)}), by {_fmt(due)} [M]."
        f"{_away_note(skipped, 'by analogy with s.83(6)')} (RULES.md §2.3)"
    )
    return Deadline(NotificationKind.TRAVEL_RETURN, returned_on, due, reason, skipped)


# --------------------------------------------------------------------------------------
# ss.91A-91F: review of indefinite notification
# --------------------------------------------------------------------------------------


def relevant_notification_on(
    *,
    relevant_date: dt.date,
    notifications: Iterable[tuple[dt.date, NotificationKind]],
    released_on: dt.date | None,
) -> dt.date:
    """The day of the "relevant notification" that starts the s.91B(2) period [M].

    Encoded as the first notification under s.83(1), s.84(1) or s.85(1) given on or after
    ``released_on`` (release from the custody or detention imposed for the offence), or
    the first such notification if there was none (``soa2003.s91b.relevant_notification``;
    RULES.md §1.4 marks the meaning [M]).
    """
    history = _validate_history(relevant_date, notifications)
    if released_on is not None and released_on < relevant_date:
        raise ValueError(
            f"release ({released_on.isoformat()}) cannot be before the relevant date "
            f"({relevant_date.isoformat()})"
        )
    after = released_on or relevant_date
    days = [day for day, kind in history if resets_periodic_clock(kind) and day >= after]
    if not days:
        raise ValueError(
            "no notification under s.83(1), s.84(1) or s.85(1) has been given "
            + ("since release" if released_on else "yet")
            + ", so the review period has not started"
        )
    return min(days)


def review_qualifying_date(
    *,
    relevant_notification_on: dt.date,
    under_18_on_relevant_date: bool,
    determination_on: dt.date | None = None,
    further_review_years: int | None = None,
) -> ReviewDate:
    """The first day an application for review may be made (SOA 2003 s.91B; RULES.md §1.4).

    - 18 or over on the relevant date: the day after the end of 15 years beginning with
      the relevant notification (s.91B(2)(a));
    - under 18: the day after the end of 8 years (s.91B(2)(b));
    - after a s.91C determination to keep the requirements (``determination_on``): the
      day after the end of 8 years beginning with the determination (s.91B(3)), or of the
      longer period the chief officer set, up to 15 years [M] (s.91B(4)-(6)).
    """
    if under_18_on_relevant_date:
        years, limb = REVIEW_JUVENILE_YEARS.value, "s.91B(2)(b), under 18 on the relevant date"
    else:
        years, limb = REVIEW_ADULT_YEARS.value, "s.91B(2)(a), 18 or over on the relevant date"
    first = last_day_of_period(relevant_notification_on, years=years) + dt.timedelta(days=1)
    if determination_on is None:
        if further_review_years is not None:
            raise ValueError("a further review period applies only after a s.91C determination")
        reason = (
            f"{limb}: the day after the end of the {years}-year period beginning with the "
            f"relevant notification ({_fmt(relevant_notification_on)}): {_fmt(first)}. "
            "(RULES.md §1.4)"
        )
        return ReviewDate(first, relevant_notification_on, years, reason)

    if determination_on < first:
        raise ValueError(
            f"a s.91C determination on {determination_on.isoformat()} cannot precede the "
            f"qualifying date ({first.isoformat()}): no application could be made before it"
        )
    minimum, maximum = REVIEW_FURTHER_YEARS.value, REVIEW_MAX_FURTHER_YEARS.value
    years = minimum if further_review_years is None else further_review_years
    if not minimum <= years <= maximum:
        raise ValueError(
            f"a further review period must be between {minimum} and {maximum} years, not {years}"
        )
    further = last_day_of_period(determination_on, years=years) + dt.timedelta(days=1)
    limb = "s.91B(3)" if years == minimum else "s.91B(4)-(6), extended by the chief officer [M]"
    reason = (
        f"{limb}: after the determination of {_fmt(determination_on)} to keep the requirements, "
        f"the day after the end of the {years}-year period beginning with it: {_fmt(further)}. "
        "(RULES.md §1.4)"
    )
    return ReviewDate(further, determination_on, years, reason)


def review_eligibility(
    *,
    indefinite: bool,
    subject_to_prevention_order: bool,
    qualifying_date: dt.date,
    applied_on: dt.date,
) -> ReviewEligibility:
    """Whether an application for review may be made (SOA 2003 s.91A, s.91B(1); RULES.md §1.4).

    Only a "qualifying relevant offender" may apply: subject to the notification
    requirements indefinitely, and not subject to an SHPO, interim SHPO, SOPO or interim
    SOPO (including a Sentencing Code SHPO) — ``subject_to_prevention_order`` covers all
    of these. The application may be made on or after the (further) qualifying date.
    """
    reasons: list[str] = []
    if not indefinite:
        reasons.append("s.91A(2)(a): only an offender subject to indefinite notification may apply")
    if subject_to_prevention_order:
        reasons.append(
            "s.91A(2)(b): an offender subject to an SHPO, SOPO or an interim one may not apply"
        )
    if applied_on < qualifying_date:
        reasons.append(
            f"s.91B(1): an application may be made on or after the qualifying date "
            f"({_fmt(qualifying_date)}), not on {_fmt(applied_on)}"
        )
    if reasons:
        return ReviewEligibility(False, tuple(reasons))
    return ReviewEligibility(
        True,
        (
            f"s.91A-91B: subject to indefinite notification, not subject to an SHPO or SOPO, "
            f"and on or after the qualifying date ({_fmt(qualifying_date)})",
        ),
    )


def review_determination_due(
    *, received_on: dt.date, awaiting_responsible_bodies: bool = False
) -> Deadline:
    """The chief officer's deadline to determine an application (s.91C; RULES.md §1.4) [M].

    6 weeks beginning with the day the application is received, believed extendable to
    12 weeks where information from the responsible bodies is awaited. Both are [M].
    """
    weeks_value = (
        REVIEW_DETERMINATION_EXTENDED_WEEKS
        if awaiting_responsible_bodies
        else REVIEW_DETERMINATION_WEEKS
    )
    weeks = weeks_value.value
    due = last_day_of_period(received_on, days=7 * weeks)
    extra = (
        " (extended while responsible-body information is awaited)"
        if awaiting_responsible_bodies
        else ""
    )
    reason = (
        f"SOA 2003 s.91C: determine the application within {weeks} weeks{extra} beginning with "
        f"its receipt ({_fmt(received_on)}), by {_fmt(due)} [M]. (RULES.md §1.4)"
    )
    return Deadline(ReviewStep.DETERMINATION, received_on, due, reason)


def review_appeal_due(*, notice_received_on: dt.date) -> Deadline:
    """The last day to appeal a determination to keep the requirements (s.91E) [M].

    To a magistrates' court within 21 days beginning with the day the offender receives
    the notice of the determination (RULES.md §1.4, [M]).
    """
    days = REVIEW_APPEAL_DAYS.value
    due = last_day_of_period(notice_received_on, days=days)
    reason = (
        f"SOA 2003 s.91E: appeal to a magistrates' court within {days} days beginning with "
        f"receipt of the notice of determination ({_fmt(notice_received_on)}), by {_fmt(due)} "
        "[M]. (RULES.md §1.4)"
    )
    return Deadline(ReviewStep.APPEAL, notice_received_on, due, reason)


# How far ahead the record warns that a notification period is ending.
PERIOD_END_WINDOW_DAYS = declare(
    "deadlines.period_end_window_days",
    90,
    source="Vigil working default for showing that a notification period is coming to an end",
    mark="M",
    note=(
        "Not law: how far ahead the record warns that the s.82 period ends, so that the "
        "officer can check the computation, any court direction and other orders (an SHPO "
        "keeps the requirements running, RULES.md §1.3) before confirming the end."
    ),
)
