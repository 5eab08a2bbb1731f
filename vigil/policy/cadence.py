"""Management cadence: home visits, risk reviews, record reviews and reactive management.

Sources (RULES.md §5, with the guidance each section names):

- §5.2 Home visits. APP *Home visits* says police visit every Category 1 RSO at home "in
  accordance with current NPCC policing practice" [C]. Fixed minimum frequencies were
  abolished in 2017: the visit frequency is now set in the person's risk management plan
  (NPCC, 29 June 2017) [C]. The pre-2017 national schedule (very high monthly, high every
  3 months, medium every 6 months, low annually; PA via AOL, 29 June 2017, [C] secondary)
  is kept as the documented England & Wales default for people whose plan sets none.
- §5.3 Reactive management (HMICFRS glossary; Guardian and PA, 29 June 2017): lower-risk
  RSOs who meet the criteria receive no routine visits; new intelligence or changed
  circumstances call for a risk review and possible return to visits.
- §5.4 ARMS reassessment interval: "e.g. annually, and on significant change" [M].
- §4.2 MAPPA levels: level 2 and 3 are *active* multi-agency management.
- Issue 5 (review triggers) and issue 6 (visit frequency, the register support officers'
  "16-week review", the 7-day "due soon" window).

Everything a force may set differently lives in one versioned, named, dated
``CadencePolicy``; ``ENGLAND_AND_WALES_DEFAULT`` is built from named policy values
(``vigil.policy.values``), each with its source and mark, so the rules reference lists
the [M] ones and a force's variant says exactly what it changed.

Date convention: an interval is counted from the day of the last event, so a monthly
visit made on 10 January is next due on 10 February, and a month from 31 January is the
last day of February (``vigil.policy.dates.add_months``). "Due" means "to be done on or
before that day"; the day after, it is overdue.

Vigil holds dates, not times: an event dated the same day as a review or a decision is
taken to have been known to it, so only events *after* that day bring a review forward
or end reactive management.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields, replace
from enum import StrEnum
from functools import cache
from itertools import pairwise
from typing import TypeVar

from vigil.policy.dates import add_months
from vigil.policy.risk_levels import RiskLevel
from vigil.policy.values import PolicyValue, declare

_T = TypeVar("_T")

# ---------------------------------------------------------------------------------------
# Intervals


class Unit(StrEnum):
    """The unit an interval is counted in. Weeks are 7 days; years are 12 months."""

    DAYS = "days"
    WEEKS = "weeks"
    MONTHS = "months"
    YEARS = "years"


# An interval longer than this is certainly a slip of the keyboard (120 for 12 months),
# and refusing it keeps every date computation far from ``date.max``.
_MAX_MONTHS = 100 * 12
_MAX_DAYS = 100 * 366

# The Gregorian calendar repeats every 400 years, so the shortest and longest span of
# "n months" over one cycle is its shortest and longest span over all dates.
_CYCLE_START_YEAR = 2000
_CYCLE_YEARS = 400


@dataclass(frozen=True)
class Interval:
    """A positive length of time: so many days, weeks, months or years.

    Months and years are calendar months (a month from 31 January is the end of
    February); days and weeks are fixed lengths. An interval is never zero or negative.
    """

    count: int
    unit: Unit

    def __post_init__(self) -> None:
        if isinstance(self.count, bool) or not isinstance(self.count, int):
            raise ValueError(f"an interval is a whole number of {self.unit}: got {self.count!r}")
        if not isinstance(self.unit, Unit):
            raise ValueError(f"unknown interval unit {self.unit!r}")
        if self.count < 1:
            raise ValueError(
                f"an interval must be positive: got {self.count} {self.unit}; "
                "give at least 1 day, week, month or year"
            )
        if (self._months or 0) > _MAX_MONTHS or (self._days or 0) > _MAX_DAYS:
            raise ValueError(f"an interval of {self} is longer than 100 years")

    @classmethod
    def days(cls, count: int) -> Interval:
        return cls(count, Unit.DAYS)

    @classmethod
    def weeks(cls, count: int) -> Interval:
        return cls(count, Unit.WEEKS)

    @classmethod
    def months(cls, count: int) -> Interval:
        return cls(count, Unit.MONTHS)

    @classmethod
    def years(cls, count: int) -> Interval:
        return cls(count, Unit.YEARS)

    @property
    def _days(self) -> int | None:
        """The length in days, for day-based intervals; None for calendar months."""
        if self.unit is Unit.DAYS:
            return self.count
        if self.unit is Unit.WEEKS:
            return self.count * 7
        return None

    @property
    def _months(self) -> int | None:
        """The length in months, for calendar intervals; None for days and weeks."""
        if self.unit is Unit.MONTHS:
            return self.count
        if self.unit is Unit.YEARS:
            return self.count * 12
        return None

    def after(self, day: dt.date) -> dt.date:
        """The day this interval after ``day``: 3 months after 10 January is 10 April."""
        months = self._months
        if months is not None:
            return add_months(day, months)
        return day + dt.timedelta(days=self.count * (7 if self.unit is Unit.WEEKS else 1))

    def earliest_start_due_from(self, day: dt.date) -> dt.date:
        """The first start date from which this interval ends on or after ``day``.

        ``after`` never goes backwards as the start moves on (a later start never ends
        earlier, month-end clamping included), so "this interval from ``start`` ends
        before ``day``" is exactly ``start < interval.earliest_start_due_from(day)``. An
        overdue list uses it to test a whole force with one comparison per person and
        works the due date out only for those it keeps (obligations engine, ``until``).
        """
        shortest, _ = self.shortest_and_longest_in_days()
        start = day - dt.timedelta(days=shortest)  # ends on or after ``day``
        one = dt.timedelta(days=1)
        while self.after(start - one) >= day:
            start -= one
        return start

    def shortest_and_longest_in_days(self) -> tuple[int, int]:
        """The fewest and most days this interval can span, over every start date.

        A month is 28 to 31 days; 12 months is 365 or 366. Fixed for days and weeks.
        """
        months = self._months
        if months is None:
            days = self.count * (7 if self.unit is Unit.WEEKS else 1)
            return days, days
        return _month_span_bounds(months)

    def never_longer_than(self, other: Interval) -> bool:
        """Whether, from every start date, this interval ends on or before ``other`` does.

        Exact, not approximate: 28 days is never longer than a month; but 30 days from
        1 February ends after a month does, and a month from 1 January ends after 30 days
        do, so neither of those two is never longer than the other.
        """
        if self._months is not None and other._months is not None:
            return self._months <= other._months
        if self._days is not None and other._days is not None:
            return self._days <= other._days
        # One is calendar months, the other fixed days: compare the months' extremes.
        return self.shortest_and_longest_in_days()[1] <= other.shortest_and_longest_in_days()[0]

    def __str__(self) -> str:
        unit = str(self.unit)
        return f"{self.count} {unit[:-1] if self.count == 1 else unit}"


@cache
def _month_span_bounds(months: int) -> tuple[int, int]:
    # "n months" from day d of a month spans S - max(0, d - len(target month)) days, where
    # S is the span from the 1st. So the longest span starts on a 1st and the shortest on
    # a month's last day; checking both for every month of one 400-year cycle is exact.
    shortest, longest = _MAX_DAYS * 2, 0
    for index in range(_CYCLE_YEARS * 12):
        year, month0 = divmod(index, 12)
        first = dt.date(_CYCLE_START_YEAR + year, month0 + 1, 1)
        last = add_months(first, 1) - dt.timedelta(days=1)
        longest = max(longest, (add_months(first, months) - first).days)
        shortest = min(shortest, (add_months(last, months) - last).days)
    return shortest, longest


# ---------------------------------------------------------------------------------------
# A value per risk level


_ASCENDING: tuple[RiskLevel, ...] = tuple(sorted(RiskLevel, key=lambda level: level.rank))


@dataclass(frozen=True)
class PerRiskLevel:
    """One interval for each RoSH level (RULES.md §5.1)."""

    low: Interval
    medium: Interval
    high: Interval
    very_high: Interval

    def __post_init__(self) -> None:
        for level in _ASCENDING:
            if not isinstance(self[level], Interval):
                raise ValueError(f"the {level.label.lower()} risk value must be an Interval")

    def __getitem__(self, level: RiskLevel) -> Interval:
        # A RiskLevel as it is, without the enum's lookup (the late-visits report asks
        # this hundreds of thousands of times); anything else as RiskLevel reads it.
        name = level.value if type(level) is RiskLevel else RiskLevel(level).value
        value: Interval = getattr(self, name)
        return value

    def updated(self, changes: Mapping[RiskLevel, Interval]) -> PerRiskLevel:
        """A copy with some levels changed; an unknown level is refused."""
        by_field: dict[str, Interval] = {}
        for level, interval in changes.items():
            try:
                by_field[RiskLevel(level).value] = interval
            except ValueError:
                raise ValueError(
                    f"unknown risk level {level!r}; use one of "
                    + ", ".join(repr(str(lv)) for lv in _ASCENDING)
                ) from None
        return replace(self, **by_field)

    def check_rising_risk_never_waits_longer(self, what: str) -> None:
        """Refuse a table in which a higher risk level waits longer than a lower one
        (``RisingRiskWaitsLonger``, which names the two levels, so a form can say which)."""
        for lower, higher in pairwise(_ASCENDING):
            if not self[higher].never_longer_than(self[lower]):
                raise RisingRiskWaitsLonger(what=what, table=self, lower=lower, higher=higher)


class RisingRiskWaitsLonger(ValueError):
    """A per-level table in which ``higher`` risk would wait longer than ``lower`` risk."""

    def __init__(
        self, *, what: str, table: PerRiskLevel, lower: RiskLevel, higher: RiskLevel
    ) -> None:
        self.what, self.lower, self.higher = what, lower, higher
        self.lower_every, self.higher_every = table[lower], table[higher]
        super().__init__(
            f"{what}: {higher.label.lower()} risk (every {table[higher]}) would wait "
            f"longer than {lower.label.lower()} risk (every {table[lower]}) from some "
            "dates; a higher risk level must never be seen or reviewed less often"
        )


def _per_level(values: Mapping[RiskLevel, PolicyValue[Interval]]) -> PerRiskLevel:
    return PerRiskLevel(**{level.value: values[level].value for level in _ASCENDING})


# ---------------------------------------------------------------------------------------
# The England & Wales defaults, each a named policy value with its source and mark

_VISITS_SOURCE = (
    "RULES.md §5.2: pre-2017 national schedule (PA via AOL, 29 Jun 2017; Police "
    "Professional), [C] secondary"
)
_VISITS_NOTE = (
    "Fixed minimum frequencies were abolished by the NPCC in June 2017; visit frequency is "
    "now set in each person's risk management plan. Kept as the default for a person whose "
    "plan sets none."
)

HOME_VISIT: dict[RiskLevel, PolicyValue[Interval]] = {
    RiskLevel.VERY_HIGH: declare(
        "cadence.home_visit.very_high",
        Interval.months(1),
        source=_VISITS_SOURCE + ": very high - monthly",
        mark="C",
        note=_VISITS_NOTE + " RULES.md: the brief's 'every 6 weeks' is not supported.",
    ),
    RiskLevel.HIGH: declare(
        "cadence.home_visit.high",
        Interval.months(3),
        source=_VISITS_SOURCE + ": high - every 3 months",
        mark="C",
        note=_VISITS_NOTE,
    ),
    RiskLevel.MEDIUM: declare(
        "cadence.home_visit.medium",
        Interval.months(6),
        source=_VISITS_SOURCE + ": medium - every 6 months",
        mark="C",
        note=_VISITS_NOTE,
    ),
    RiskLevel.LOW: declare(
        "cadence.home_visit.low",
        Interval.months(12),
        source=_VISITS_SOURCE + ": low - annually",
        mark="C",
        note=_VISITS_NOTE,
    ),
}

_ASSESSMENT_SOURCE = (
    "RULES.md §5.4: ARMS reassessment interval 'e.g. annually, and on significant change' "
    "[M]; predecessor Stable & Acute 2007 reassessed Stable annually (PC 02/2008) [C]"
)

ASSESSMENT_REVIEW: dict[RiskLevel, PolicyValue[Interval]] = {
    level: declare(
        f"cadence.assessment_review.{level.value}",
        Interval.months(12),
        source=_ASSESSMENT_SOURCE,
        mark="M",
        note=(
            "RULES.md gives one interval for every level; no per-level figure was found. "
            "Check against current NPCC/APP guidance (RULES.md §11 item 6)."
        ),
    )
    for level in _ASCENDING
}

PLAN_REVIEW: dict[RiskLevel, PolicyValue[Interval]] = {
    level: declare(
        f"cadence.plan_review.{level.value}",
        Interval.months(12),
        source="RULES.md §5.4 (reassessment interval, [M]); GLOSSARY: RMP has review dates",
        mark="M",
        note=(
            "RULES.md gives no risk management plan review interval. The plan is written "
            "from the assessment, so it defaults to the assessment review interval."
        ),
    )
    for level in _ASCENDING
}

RECORD_REVIEW = declare(
    "cadence.record_review",
    Interval.weeks(16),
    source=(
        "Issue 6 ('the 16-week review', default 16 weeks, force-configurable); a force "
        "job description for register support (shared/domain/job-descriptions/001, c)"
    ),
    mark="M",
    note="A local practice seen in one force's job description, not a national rule.",
)

REVIEW_AFTER_TRIGGER = declare(
    "cadence.review_after_trigger",
    Interval.days(14),
    source=(
        "RULES.md §5.3: new intelligence or changed circumstances must trigger a risk "
        "review [C]; issue 5 names the events. No timescale was found."
    ),
    mark="M",
    note=(
        "The nearest confirmed timescale is probation's ARMS-informed OASys within 15 days "
        "of release (RULES.md §4.2). Two weeks chosen; a force should set its own."
    ),
)

DUE_SOON_WITHIN = declare(
    "cadence.due_soon_within",
    Interval.days(7),
    source="Issue 6: each due item's state is overdue, due within 7 days, or upcoming",
    mark="C",
    note="A product choice for work queues, not a legal rule.",
)

REACTIVE_QUALIFYING_PERIOD = declare(
    "cadence.reactive.qualifying_period",
    Interval.years(3),
    source=(
        "RULES.md §5.3: assessed low risk for at least 3 years, no offending in that time "
        "(Guardian and PA, 29 Jun 2017) [C] secondary"
    ),
    mark="C",
    note="Announced 2017 criteria, seen only in press reports of the NPCC announcement.",
)

REACTIVE_REQUIRES_MAPPA_LEVEL_1 = declare(
    "cadence.reactive.requires_mappa_level_1",
    True,
    source=(
        "RULES.md §4.2: level 2 and 3 are active multi-agency management with formal "
        "meetings, which cannot coexist with no routine contact"
    ),
    mark="D",
    note="Not among the announced criteria of RULES.md §5.3; derived from what level 2/3 mean.",
)

REACTIVE_REQUIRES_NO_CHILDREN_IN_HOUSEHOLD = declare(
    "cadence.reactive.requires_no_children_in_household",
    True,
    source="Vigil design brief for cadence; not in RULES.md §5.3",
    mark="M",
    note=(
        "Believed to be a common force criterion; not among the announced 2017 criteria. "
        "Switch off if the force's reactive management policy does not require it."
    ),
)


# ---------------------------------------------------------------------------------------
# Review triggers


class ReviewTrigger(StrEnum):
    """An event that calls for a review of the risk assessment and the plan.

    RULES.md §5.3 (HMICFRS glossary): "any intelligence or changes to their circumstances
    should lead to a review of their risk assessment"; issue 5 names a new conviction, an
    arrest, a change of address or household and new intelligence.
    """

    NEW_CONVICTION = "new_conviction"
    """Convicted or cautioned for any offence."""
    ARREST = "arrest"
    CHANGE_OF_ADDRESS = "change_of_address"
    CHANGE_OF_HOUSEHOLD = "change_of_household"
    CHILD_JOINED_HOUSEHOLD = "child_joined_household"
    """A change of household that brings a child to live or stay there."""
    NEW_INTELLIGENCE = "new_intelligence"
    """Any intelligence recorded about the person."""
    INTELLIGENCE_OF_OFFENDING = "intelligence_of_offending"
    """Intelligence that suggests the person is offending (RULES.md §5.3 criterion)."""
    BREACH = "breach"
    """A failure to comply with notification requirements or a civil order."""
    CIVIL_ORDER_MADE = "civil_order_made"
    """An SHPO or SRO (or, historically, a SOPO, RSHO or FTO) made."""
    RISK_LEVEL_CHANGED = "risk_level_changed"
    MAPPA_LEVEL_CHANGED = "mappa_level_changed"


@dataclass(frozen=True)
class TriggerEvent:
    """A review trigger and the day it happened."""

    trigger: ReviewTrigger
    on: dt.date


# ---------------------------------------------------------------------------------------
# The policy


@dataclass(frozen=True)
class CadencePolicy:
    """A force's visit and review cadence: named, versioned, and in force from a date.

    ARCHITECTURE.md principle 2: force-configurable values are a versioned policy object
    with an England & Wales default. Build a force's variant with ``with_overrides`` (or
    ``dataclasses.replace``); every construction is validated.
    """

    name: str
    version: str
    effective_from: dt.date
    home_visit: PerRiskLevel
    """Routine home-visit interval when the person's plan sets none (RULES.md §5.2)."""
    assessment_review: PerRiskLevel
    """Risk assessment review interval (RULES.md §5.4)."""
    plan_review: PerRiskLevel
    """Risk management plan review interval (RULES.md §5.4; issue 5)."""
    record_review: Interval
    """Register support officers' periodic record review, "the 16-week review" (issue 6)."""
    review_after_trigger: Interval
    """A review is due this long after an event that calls for one (RULES.md §5.3)."""
    due_soon_within: Interval
    """An item due within this long of today, today included, is "due soon" (issue 6)."""
    reactive_qualifying_period: Interval
    """Low risk for at least this long, with no offending in it (RULES.md §5.3)."""
    reactive_requires_mappa_level_1: bool
    reactive_requires_no_children_in_household: bool
    source: str = ""
    """Where the policy comes from: a force policy reference, or RULES.md for the default."""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("a cadence policy needs a name")
        if not isinstance(self.version, str) or not self.version.strip():
            raise ValueError(f"cadence policy {self.name!r} needs a version")
        if not isinstance(self.effective_from, dt.date) or isinstance(
            self.effective_from, dt.datetime
        ):
            raise ValueError(f"cadence policy {self.name!r}: effective_from must be a date")
        for per_level in ("home_visit", "assessment_review", "plan_review"):
            table = getattr(self, per_level)
            if not isinstance(table, PerRiskLevel):
                raise ValueError(f"{per_level} must be a PerRiskLevel, got {table!r}")
            table.check_rising_risk_never_waits_longer(per_level)
        for single in (
            "record_review",
            "review_after_trigger",
            "due_soon_within",
            "reactive_qualifying_period",
        ):
            if not isinstance(getattr(self, single), Interval):
                raise ValueError(f"{single} must be an Interval, got {getattr(self, single)!r}")
        for flag in (
            "reactive_requires_mappa_level_1",
            "reactive_requires_no_children_in_household",
        ):
            if not isinstance(getattr(self, flag), bool):
                raise ValueError(f"{flag} must be True or False")

    def with_overrides(
        self,
        *,
        version: str,
        effective_from: dt.date,
        name: str | None = None,
        source: str | None = None,
        home_visit: Mapping[RiskLevel, Interval] | None = None,
        assessment_review: Mapping[RiskLevel, Interval] | None = None,
        plan_review: Mapping[RiskLevel, Interval] | None = None,
        record_review: Interval | None = None,
        review_after_trigger: Interval | None = None,
        due_soon_within: Interval | None = None,
        reactive_qualifying_period: Interval | None = None,
        reactive_requires_mappa_level_1: bool | None = None,
        reactive_requires_no_children_in_household: bool | None = None,
    ) -> CadencePolicy:
        """A force's variant of this policy, validated.

        Per-level tables may be given in part (``home_visit={RiskLevel.HIGH:
        Interval.months(2)}``); unnamed levels and values keep this policy's. A variant
        is a different policy, so it must have a different name or version; without a
        ``source`` it records the policy it was based on.
        """
        new_name = self.name if name is None else name
        if (new_name, version) == (self.name, self.version):
            raise ValueError(
                f"a changed policy needs a new name or version: {self.name!r} version "
                f"{self.version!r} already exists"
            )
        return replace(
            self,
            name=new_name,
            version=version,
            effective_from=effective_from,
            source=_keep(source, f"based on {self.name} version {self.version}"),
            home_visit=self.home_visit.updated(home_visit or {}),
            assessment_review=self.assessment_review.updated(assessment_review or {}),
            plan_review=self.plan_review.updated(plan_review or {}),
            record_review=_keep(record_review, self.record_review),
            review_after_trigger=_keep(review_after_trigger, self.review_after_trigger),
            due_soon_within=_keep(due_soon_within, self.due_soon_within),
            reactive_qualifying_period=_keep(
                reactive_qualifying_period, self.reactive_qualifying_period
            ),
            reactive_requires_mappa_level_1=_keep(
                reactive_requires_mappa_level_1, self.reactive_requires_mappa_level_1
            ),
            reactive_requires_no_children_in_household=_keep(
                reactive_requires_no_children_in_household,
                self.reactive_requires_no_children_in_household,
            ),
        )

    @property
    def reactive_revoking_triggers(self) -> frozenset[ReviewTrigger]:
        """The events that end reactive management automatically (RULES.md §5.3; issue 6).

        Each one breaks an eligibility criterion (see ``reactive_eligibility``): a new
        conviction or an arrest (no offending; HMICFRS: not "come to the notice of the
        police recently"), a breach, a civil order, intelligence suggesting offending, a
        change of risk level (from low, any change is a rise), and, where this policy
        requires them, a change of MAPPA level or a child joining the household. A change
        of address or household, or other new intelligence, calls for a review but not an
        automatic return to visits: RULES.md §5.3 says such changes lead to a review and a
        *possible* return.
        """
        revoking = {
            ReviewTrigger.NEW_CONVICTION,
            ReviewTrigger.ARREST,
            ReviewTrigger.BREACH,
            ReviewTrigger.CIVIL_ORDER_MADE,
            ReviewTrigger.INTELLIGENCE_OF_OFFENDING,
            ReviewTrigger.RISK_LEVEL_CHANGED,
        }
        if self.reactive_requires_mappa_level_1:
            revoking.add(ReviewTrigger.MAPPA_LEVEL_CHANGED)
        if self.reactive_requires_no_children_in_household:
            revoking.add(ReviewTrigger.CHILD_JOINED_HOUSEHOLD)
        return frozenset(revoking)

    def differences_from(self, other: CadencePolicy) -> dict[str, tuple[object, object]]:
        """The values that differ, as ``{field: (other's, this policy's)}``, for audit."""
        return {
            f.name: (getattr(other, f.name), getattr(self, f.name))
            for f in fields(self)
            if getattr(other, f.name) != getattr(self, f.name)
        }


ENGLAND_AND_WALES_DEFAULT = CadencePolicy(
    name="England and Wales default",
    version="1",
    # SOA 2003 Part 2 came into force on 1 May 2004 (RULES.md §2.4 cites s.91 as at that
    # date): the default must cover every date a register record can hold, so that
    # ``policy_in_force`` always finds a policy before a force's own.
    effective_from=dt.date(2004, 5, 1),
    home_visit=_per_level(HOME_VISIT),
    assessment_review=_per_level(ASSESSMENT_REVIEW),
    plan_review=_per_level(PLAN_REVIEW),
    record_review=RECORD_REVIEW.value,
    review_after_trigger=REVIEW_AFTER_TRIGGER.value,
    due_soon_within=DUE_SOON_WITHIN.value,
    reactive_qualifying_period=REACTIVE_QUALIFYING_PERIOD.value,
    reactive_requires_mappa_level_1=REACTIVE_REQUIRES_MAPPA_LEVEL_1.value,
    reactive_requires_no_children_in_household=REACTIVE_REQUIRES_NO_CHILDREN_IN_HOUSEHOLD.value,
    source="RULES.md §5.2-§5.4 and issues 5 and 6; see the cadence.* policy values",
)


def policy_in_force(*, policies: Iterable[CadencePolicy], on: dt.date) -> CadencePolicy:
    """The policy in force on ``on``: the one with the latest ``effective_from`` not after it.

    Two versions starting the same day are ambiguous and refused.
    """
    started = [p for p in policies if p.effective_from <= on]
    if not started:
        raise ValueError(f"no cadence policy was in force on {on.isoformat()}")
    latest = max(p.effective_from for p in started)
    current = [p for p in started if p.effective_from == latest]
    if len(current) > 1:
        names = ", ".join(f"{p.name} v{p.version}" for p in current)
        raise ValueError(f"more than one cadence policy starts on {latest.isoformat()}: {names}")
    return current[0]


# ---------------------------------------------------------------------------------------
# Due dates


class DueState(StrEnum):
    """Where a due date stands today (issue 6)."""

    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    UPCOMING = "upcoming"


def due_soon_until(*, today: dt.date, policy: CadencePolicy) -> dt.date:
    """The last due date that counts as "due soon" today (for set-based queries)."""
    return policy.due_soon_within.after(today)


def classify(*, due: dt.date, today: dt.date, policy: CadencePolicy) -> DueState:
    """Overdue, due soon or upcoming (issue 6: "overdue, due within 7 days, upcoming").

    Due today is due soon, not overdue: the work can still be done on time. Due yesterday
    is overdue. With the default 7-day window, due in 7 days is due soon and due in 8
    days is upcoming.
    """
    return classifier(today=today, policy=policy)(due)


def classifier(*, today: dt.date, policy: CadencePolicy) -> Callable[[dt.date], DueState]:
    """``classify`` for many due dates on one day: the due-soon boundary is worked out
    once (a force's list classifies tens of thousands)."""
    soon = due_soon_until(today=today, policy=policy)

    def state(due: dt.date) -> DueState:
        if due < today:
            return DueState.OVERDUE
        if due <= soon:
            return DueState.DUE_SOON
        return DueState.UPCOMING

    return state


def _keep(new: _T | None, old: _T) -> _T:
    return old if new is None else new


def _latest(*days: dt.date | None) -> dt.date | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


def next_visit_due(
    *,
    policy: CadencePolicy,
    risk_level: RiskLevel,
    last_seen: dt.date | None,
    management_start: dt.date | None = None,
    plan_interval: Interval | None = None,
    reactive: bool = False,
) -> dt.date | None:
    """The day the next routine home visit is due, or None under reactive management.

    RULES.md §5.2 (APP *Home visits*; NPCC 29 Jun 2017): the frequency set in the person's
    risk management plan wins; without one, the policy's interval for the risk level
    applies (the pre-2017 national schedule by default). RULES.md §5.3 (HMICFRS glossary):
    a person under reactive management has no routine visits.

    ``last_seen`` is the last visit that actually saw the person (issue 6: a no-reply does
    not count). ``management_start`` is when the current spell of management in the
    community began: registration, release from custody or transfer in. The interval runs
    from the later of the two, so a visit before a prison sentence does not make a person
    overdue on the day of release; a person never seen is due one interval after the start.
    """
    if reactive:
        return None
    counted_from = _latest(last_seen, management_start)
    if counted_from is None:
        raise ValueError(
            "a person never seen needs a management start date (registration, release or "
            "transfer in) to count the first visit from"
        )
    interval = plan_interval if plan_interval is not None else policy.home_visit[risk_level]
    return interval.after(counted_from)


def _review_due(
    *,
    policy: CadencePolicy,
    interval: Interval,
    last_approved_on: dt.date | None,
    management_start: dt.date | None,
    events: Iterable[TriggerEvent],
) -> dt.date:
    if last_approved_on is None and management_start is None:
        raise ValueError(
            "with no approved review, a management start date (registration, release or "
            "transfer in) is needed to count the first review from"
        )
    candidates: list[dt.date] = []
    if last_approved_on is not None:
        candidates.append(interval.after(last_approved_on))
    # The start of a spell of management is itself a change of circumstances: it calls
    # for a first review, or a fresh one after release, within the trigger window.
    if management_start is not None and (
        last_approved_on is None or management_start > last_approved_on
    ):
        candidates.append(policy.review_after_trigger.after(management_start))
    # Events on or before the last review or the start were already known to it.
    baseline = max(d for d in (last_approved_on, management_start) if d is not None)
    unreviewed = [e.on for e in events if e.on > baseline]
    if unreviewed:
        candidates.append(policy.review_after_trigger.after(min(unreviewed)))
    return min(candidates)


def next_assessment_review_due(
    *,
    policy: CadencePolicy,
    risk_level: RiskLevel,
    last_approved_on: dt.date | None,
    management_start: dt.date | None = None,
    events: Iterable[TriggerEvent] = (),
) -> dt.date:
    """The day the risk assessment must next be reviewed.

    RULES.md §5.4 (ARMS reassessment "e.g. annually, and on significant change", [M]) and
    §5.3 (HMICFRS glossary: intelligence or changed circumstances lead to a review of the
    risk assessment); issue 5. The routine date is the policy's interval for the risk
    level after the last approved assessment. Any ``ReviewTrigger`` event after that day
    brings it forward to ``review_after_trigger`` after the earliest such event; an event
    on or before it was already considered. With no approved assessment, or a spell of
    management that began after it, the first review is due ``review_after_trigger``
    after ``management_start``.
    """
    return _review_due(
        policy=policy,
        interval=policy.assessment_review[risk_level],
        last_approved_on=last_approved_on,
        management_start=management_start,
        events=events,
    )


def next_plan_review_due(
    *,
    policy: CadencePolicy,
    risk_level: RiskLevel,
    last_approved_on: dt.date | None,
    management_start: dt.date | None = None,
    events: Iterable[TriggerEvent] = (),
) -> dt.date:
    """The day the risk management plan must next be reviewed.

    Issue 5 (plans have review dates; events call for a review) and RULES.md §5.3-§5.4,
    as for ``next_assessment_review_due`` but with the policy's plan review interval,
    counted from the last approved plan.
    """
    return _review_due(
        policy=policy,
        interval=policy.plan_review[risk_level],
        last_approved_on=last_approved_on,
        management_start=management_start,
        events=events,
    )


def next_record_review_due(
    *,
    policy: CadencePolicy,
    last_reviewed_on: dt.date | None,
    management_start: dt.date | None = None,
) -> dt.date:
    """The day the register support officers' periodic record review is due.

    Issue 6: "the 16-week review" (record complete and current, flags and markers
    reviewed), force-configurable, default 16 weeks; owned by register support. It applies
    whatever the risk level and under reactive management too. Counted from the later of
    the last review and the start of the current spell of management.
    """
    counted_from = _latest(last_reviewed_on, management_start)
    if counted_from is None:
        raise ValueError(
            "a record never reviewed needs a management start date to count the first review from"
        )
    return policy.record_review.after(counted_from)


# ---------------------------------------------------------------------------------------
# Reactive management


class ReactiveCriterion(StrEnum):
    """A criterion for reactive management (RULES.md §5.3, unless noted)."""

    LOW_RISK_FOR_QUALIFYING_PERIOD = "low_risk_for_qualifying_period"
    """Assessed low risk for at least 3 years [C]."""
    NO_RECENT_OFFENDING = "no_recent_offending"
    """No offending in that time [C]: no conviction or caution in the qualifying period."""
    NO_RECENT_BREACH = "no_recent_breach"
    """No breach in that time [D]: failing to comply with notification is an offence."""
    NO_CIVIL_ORDER = "no_civil_order"
    """No civil order (SHPO, SRO, or a legacy SOPO, RSHO or FTO) in force [C]."""
    NO_INTELLIGENCE_OF_OFFENDING = "no_intelligence_of_offending"
    """No intelligence suggesting offending [C]."""
    MAPPA_LEVEL_1 = "mappa_level_1"
    """Managed at MAPPA level 1 [D, RULES.md §4.2], where the policy requires it."""
    NO_CHILDREN_IN_HOUSEHOLD = "no_children_in_household"
    """No child in the household [M], where the policy requires it."""


@dataclass(frozen=True)
class UnmetCriterion:
    """A reactive-management criterion not met, and why, in words a supervisor reads."""

    criterion: ReactiveCriterion
    reason: str


@dataclass(frozen=True)
class ReactiveEligibility:
    """Whether a person may be placed on reactive management, and what stands in the way."""

    unmet: tuple[UnmetCriterion, ...]

    @property
    def eligible(self) -> bool:
        return not self.unmet

    @property
    def unmet_criteria(self) -> frozenset[ReactiveCriterion]:
        return frozenset(u.criterion for u in self.unmet)

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(u.reason for u in self.unmet)


def _long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def reactive_eligibility(
    *,
    policy: CadencePolicy,
    today: dt.date,
    risk_level: RiskLevel,
    low_risk_since: dt.date | None,
    last_convicted_on: dt.date | None,
    last_breach_on: dt.date | None,
    civil_order_in_force: bool,
    intelligence_suggests_offending: bool,
    mappa_level: int,
    children_in_household: bool,
) -> ReactiveEligibility:
    """Whether the person meets the criteria for reactive management, and which they fail.

    RULES.md §5.3 (criteria announced 2017: Guardian and PA, 29 Jun 2017; HMICFRS
    glossary): assessed low risk for at least 3 years; no offending in that time; no
    civil order; no intelligence suggesting offending. Added: no breach in that time
    (failing to comply with notification is itself an offence, SOA 2003 s.91, RULES.md
    §2.4: derived); MAPPA level 1 (RULES.md §4.2: level 2/3 is active management;
    derived) and no child in the household ([M]), each where the policy requires it.

    ``low_risk_since`` is the first day of the current unbroken spell at low risk.
    ``last_convicted_on`` is the latest conviction or caution for any offence (the date
    an offence is proved, so an old offence proved recently still counts as recent).
    ``last_breach_on`` is the latest recorded breach, convicted or not. Placement still
    needs a supervisor's approval (issue 6); this says only whether it may be proposed.
    """
    if mappa_level not in (1, 2, 3):
        raise ValueError(f"MAPPA level must be 1, 2 or 3, got {mappa_level!r}")
    period = policy.reactive_qualifying_period
    unmet: list[UnmetCriterion] = []

    def fail(criterion: ReactiveCriterion, reason: str) -> None:
        unmet.append(UnmetCriterion(criterion, reason))

    def within_period(day: dt.date) -> bool:
        # "In that time": the qualifying period that ends today.
        return period.after(day) > today

    if risk_level is not RiskLevel.LOW:
        fail(
            ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD,
            f"Assessed {risk_level.label.lower()} risk; reactive management is for people "
            f"assessed low risk for at least {period}.",
        )
    elif low_risk_since is None:
        fail(
            ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD,
            "The date the person was first assessed low risk is not recorded.",
        )
    elif period.after(low_risk_since) > today:
        fail(
            ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD,
            f"Assessed low risk only since {_long_date(low_risk_since)}; {period} at low "
            f"risk are reached on {_long_date(period.after(low_risk_since))}.",
        )
    if last_convicted_on is not None and within_period(last_convicted_on):
        fail(
            ReactiveCriterion.NO_RECENT_OFFENDING,
            f"Convicted or cautioned on {_long_date(last_convicted_on)}, within the last {period}.",
        )
    if last_breach_on is not None and within_period(last_breach_on):
        fail(
            ReactiveCriterion.NO_RECENT_BREACH,
            f"Breach recorded on {_long_date(last_breach_on)}, within the last {period}.",
        )
    if civil_order_in_force:
        fail(
            ReactiveCriterion.NO_CIVIL_ORDER,
            "A civil order (such as an SHPO or SRO) is in force.",
        )
    if intelligence_suggests_offending:
        fail(
            ReactiveCriterion.NO_INTELLIGENCE_OF_OFFENDING,
            "Intelligence suggests the person may be offending.",
        )
    if policy.reactive_requires_mappa_level_1 and mappa_level != 1:
        fail(
            ReactiveCriterion.MAPPA_LEVEL_1,
            f"Managed at MAPPA level {mappa_level}; reactive management needs level 1.",
        )
    if policy.reactive_requires_no_children_in_household and children_in_household:
        fail(
            ReactiveCriterion.NO_CHILDREN_IN_HOUSEHOLD,
            "A child lives in or stays at the household.",
        )
    return ReactiveEligibility(tuple(unmet))


def reactive_revoked_by(
    *,
    policy: CadencePolicy,
    placed_on: dt.date,
    events: Iterable[TriggerEvent],
) -> tuple[TriggerEvent, ...]:
    """The events since placement that end reactive management automatically, earliest first.

    RULES.md §5.3 and issue 6: a person is taken off reactive management automatically
    when something listed in the criteria changes (``CadencePolicy.
    reactive_revoking_triggers``). Empty means reactive management continues. Every event
    still calls for a review (``next_assessment_review_due``); only these also bring back
    routine visits.
    """
    revoking = policy.reactive_revoking_triggers
    return tuple(
        sorted(
            (e for e in events if e.on > placed_on and e.trigger in revoking),
            key=lambda e: (e.on, e.trigger.value),
        )
    )


# How long a supervisor's decision may wait before it shows as due (issue 6).
APPROVAL_WITHIN = declare(
    "cadence.approval_within_days",
    7,
    source="Issue 6 ('approvals waiting' in the work queue); no national timescale found",
    mark="M",
    note="A supervisor's decision on a proposed risk level or a submitted plan is shown as "
    "due this many days after it was asked for; a force may set its own.",
)
