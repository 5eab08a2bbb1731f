"""Late home visits: which visits fell due in a month, and which of them were late.

Sources: issue 6 ("late visits ... flag late visits to supervision; report late visits
monthly"; "A visit that did not see the person does not satisfy the visit due"); a force
job description for register support ("potential late visits highlighted to supervision
... collection of data around home visits including late visits on a monthly basis",
shared/domain/job-descriptions/001, f); RULES.md §5.2 (the visit frequency: the person's
risk management plan, else the interval for the risk level, ``vigil.policy.cadence``).
There is no national definition of a "late visit"; this is Vigil's reading, [D].

The reading, in the words a supervisor would use
-------------------------------------------------
- **A period** runs from the day the person was last seen at a home visit (or, never
  seen, from the start of management, as ``cadence.next_visit_due`` counts it) until the
  next day they are seen. Its visit is **due** on the day the interval in force runs
  out, counted from the period's first day, exactly as the obligations engine counts
  it. The interval in force is the plan's visit frequency where the plan *in force
  then* sets one, else the policy's interval for the risk level *in force then* (before
  any approved level, the shortest, as the engine does). Only visits at which the
  person was *seen* end a period; a no-reply, refused entry or "not seen" leaves it
  open (issue 6: "A visit that did not see the person does not satisfy the visit due").
- **Decisions during a period.** When a new risk level or plan is approved, the due
  date is worked out again from the period's first day with the new interval. If that
  day has already passed, the visit falls due on the day of the decision: a due date is
  never earlier than the decision that set it, so a month already reported is never
  rewritten by a later decision. A visit that fell due and was missed stays missed; if
  a longer interval then comes into force the person stops being overdue, and the visit
  falls due again when the new interval runs out.
- **Fell due in the month.** A visit fell due in a month if the day it fell due is in
  that month and the person had not already been seen for it before the month began
  (visiting early is never counted against anyone, and not counted twice).
- **On time, late, not done.** On time: seen on or before the day it fell due. Late:
  seen after it, by the end of the month. Not done: not seen by the end of the month
  (or seen only after it had stopped being due). Days late run from the due day to the
  day seen, or to the month's end (or the day it stopped being due).
- **Reactive management.** While a person is on reactive management no routine visit
  is due (RULES.md §5.3); when an event ends it, a visit is due that same day, as the
  obligations engine shows it ("visit due now").
- **The month so far.** For the month in progress, only visits due up to *yesterday*
  count (a visit due today can still be made on time, as ``cadence.classify`` says), and
  "the end of the month" means today.
- **Overdue from earlier months.** A visit that fell due in an earlier month and was
  still due, and not made, when this month began is counted apart, not in this month's
  rate: it was already late in its own month. A supervisor still needs to see it.

The rate is late (done late or not done) over fell due; with nothing due it is not a
number, and is shown as such, never as 0%.

Known limits: Vigil holds no history of custody spells, so who is counted (people in the
community) is decided by their status today; and it holds no history of who managed a
person, so a visit is counted against today's offender manager.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import NamedTuple

from vigil.policy.cadence import CadencePolicy, Interval, PerRiskLevel
from vigil.policy.risk_levels import RiskLevel


class HomeVisit(NamedTuple):
    """A recorded home visit: its day (Europe/London), and whether the person was seen."""

    day: dt.date
    seen: bool


class LevelApproved(NamedTuple):
    """A risk level approved on a day; in force from that day until the next approval."""

    on: dt.date
    level: RiskLevel


class PlanApproved(NamedTuple):
    """A plan version signed off on a day, and the visit frequency it sets (None: none)."""

    on: dt.date
    visit_every: Interval | None


class ReactiveSpell(NamedTuple):
    """Reactive management in force from ``start`` (the day it was approved) until ``end``
    (exclusive: the day an event revoked it; None while it lasts). No routine visit is
    due during it (RULES.md §5.3, ``cadence.next_visit_due(reactive=True)``); on the day
    it ends a visit is due at once, unless the person is seen that day or later, as the
    obligations engine shows it (``vigil.reactive.providers``: "visit due now")."""

    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


class Outcome(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    NOT_DONE = "not_done"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Outcome.ON_TIME: "On time",
    Outcome.LATE: "Done late",
    Outcome.NOT_DONE: "Not done",
}


@dataclass(frozen=True)
class DueVisit:
    """One visit that fell due, and what became of it by the end of the month."""

    due: dt.date
    #: The period's first day: the last day seen before it, or the start of management.
    counted_from: dt.date
    #: The day the person was next seen, if by the end of the month (or today).
    seen: dt.date | None
    outcome: Outcome
    #: Days from the due date to the day seen (late), or to the month's end or today (not
    #: done); 0 when on time.
    days_late: int
    #: Not done by the month's end but seen since: the first day seen after it.
    seen_later: dt.date | None = None

    @property
    def late(self) -> bool:
        return self.outcome is not Outcome.ON_TIME


@dataclass(frozen=True)
class MonthVisits:
    """One person's visits that fell due in one month."""

    fell_due: tuple[DueVisit, ...] = ()
    #: A visit that fell due before the month and was still not made when it began.
    overdue_at_start: DueVisit | None = None


@dataclass(frozen=True)
class Window:
    """The days of a month that count, as of a given today."""

    first: dt.date
    #: The last due date that counts: the month's last day, or yesterday this month.
    last_due: dt.date
    #: Outcomes are judged as of this day: the month's last day, or today.
    as_of: dt.date


def month_window(year: int, month: int, *, today: dt.date) -> Window | None:
    """The counting window of a month; None for a month that has not begun."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    if today < first:
        return None
    if today > last:
        return Window(first=first, last_due=last, as_of=last)
    return Window(first=first, last_due=today - dt.timedelta(days=1), as_of=today)


def _in_force(history: Sequence[tuple[dt.date, object]], day: dt.date) -> int:
    """Index of the last entry dated on or before ``day`` in a date-sorted history; -1."""
    found = -1
    for i, (on, _) in enumerate(history):
        if on > day:
            break
        found = i
    return found


def _interval_on(
    day: dt.date,
    *,
    policy: CadencePolicy,
    levels: Sequence[LevelApproved],
    plans: Sequence[PlanApproved],
    counted_from: dt.date,
    reactive: Sequence[ReactiveSpell] = (),
) -> Interval | None:
    """The visit interval in force on ``day``; None under reactive management."""
    if reactive and any(spell.covers(day) for spell in reactive):
        return None
    p = _in_force(plans, day)
    if p >= 0 and plans[p].visit_every is not None:
        every = plans[p].visit_every
        assert every is not None
        return every
    lv = _in_force(levels, day)
    if lv >= 0:
        return policy.home_visit[levels[lv].level]
    # No approved level yet: the shortest interval, as the obligations engine applies.
    always = _always_shortest(policy.home_visit)
    if always is not None:
        return always
    shortest = min(RiskLevel, key=lambda level: policy.home_visit[level].after(counted_from))
    return policy.home_visit[shortest]


@cache
def _always_shortest(home_visit: PerRiskLevel) -> Interval | None:
    """The level's interval that is the shortest from every day, if one is (monthly, in
    the default policy); None if which is shortest depends on the day (say 30 days and
    a month), when ``_interval_on`` works it out for the day. Exact:
    ``Interval.never_longer_than``; only the due day it gives is used, so a tie is no
    matter."""
    intervals = [home_visit[level] for level in RiskLevel]
    for candidate in intervals:
        if all(candidate.never_longer_than(other) for other in intervals):
            return candidate
    return None


class Overdue(NamedTuple):
    """A spell during one period when the visit was due and not made: from ``start`` (the
    day it fell due) until ``end`` (exclusive; None while it lasts), when a longer interval
    came into force and it was no longer due."""

    start: dt.date
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def overdue_spells(
    *,
    policy: CadencePolicy,
    counted_from: dt.date,
    levels: Sequence[LevelApproved],
    plans: Sequence[PlanApproved],
    reactive: Sequence[ReactiveSpell] = (),
) -> list[Overdue]:
    """When a period starting ``counted_from`` had (or will have) its visit due, if the
    person is not seen: the days on which the interval in force that day, counted from
    ``counted_from``, had run out. ``levels`` and ``plans`` are sorted by day.

    Between two decisions the interval is fixed, so each stretch is due from the later
    of its first day and the interval's end. The last spell never ends, unless the
    person is on reactive management from then on (no spell at all then).
    """
    changes = {on for on, _ in levels if on > counted_from}
    changes |= {on for on, _ in plans if on > counted_from}
    for spell in reactive:
        changes |= {d for d in (spell.start, spell.end) if d is not None and d > counted_from}
    starts = [counted_from, *sorted(changes)]
    spells: list[Overdue] = []
    since: dt.date | None = None
    for i, start in enumerate(starts):
        until = starts[i + 1] if i + 1 < len(starts) else None
        interval = _interval_on(
            start,
            policy=policy,
            levels=levels,
            plans=plans,
            counted_from=counted_from,
            reactive=reactive,
        )
        if interval is None:
            due = None
        elif start > counted_from and reactive and any(spell.end == start for spell in reactive):
            # Reactive management ended since the person was last seen: the visit is due
            # at once ("visit due now"); seen that day or later, it was answered.
            due = start
        else:
            due = max(start, interval.after(counted_from))
        reached = due is not None and (until is None or due < until)
        if since is not None:
            if reached and due == start:
                continue  # still due under the new interval: the same spell goes on
            spells.append(Overdue(since, start))
            since = None
        if reached:
            since = due
    if since is not None:
        spells.append(Overdue(since, None))
    return spells


def due_date(
    *,
    policy: CadencePolicy,
    counted_from: dt.date,
    levels: Sequence[LevelApproved],
    plans: Sequence[PlanApproved],
    reactive: Sequence[ReactiveSpell] = (),
) -> dt.date | None:
    """The day the visit of a period starting ``counted_from`` falls due: the first day
    on which the interval in force that day has run out (``overdue_spells``). None if it
    never does (reactive management from then on)."""
    spells = overdue_spells(
        policy=policy, counted_from=counted_from, levels=levels, plans=plans, reactive=reactive
    )
    return spells[0].start if spells else None


@cache
def _quiet_from(intervals: tuple[Interval, ...], after: dt.date) -> dt.date:
    """The earliest first day of a period from which the earliest of ``intervals`` ends on
    or after ``after``. ``Interval.after`` never goes back as its start moves on, so a
    period begun on ``anchor`` is due on or after ``after`` exactly when ``anchor`` is on
    or after this day (``Interval.earliest_start_due_from``): one comparison per person,
    the search done once per interval and month."""
    return max(interval.earliest_start_due_from(after) for interval in intervals)


def one_period(
    *,
    policy: CadencePolicy,
    window: Window,
    anchor: dt.date,
    later: dt.date | None,
    levels: Sequence[LevelApproved],
    plans: Sequence[PlanApproved],
) -> MonthVisits | None:
    """``visits_due_in_month``'s answer when only one period can count: for a person not
    on reactive management and not seen in the month after the start of management,
    whose last period began before the month; None if it began later (ask the rule).

    ``anchor`` is the first day of that period: the later of the start of management and
    the last day seen before the month; ``later`` the first day seen after
    ``window.as_of``; ``levels`` and ``plans`` the histories sorted as the rule reads
    them (by day, then as approved), whole or from the one in force on the anchor.

    The earlier periods were met before the month; the visit of this one, never made by
    ``as_of``, is due in each of ``overdue_spells``' spells from the anchor. Each spell
    begins on the later of its stretch's first day and ``interval.after(anchor)`` for the
    interval in force then, never before the latter; so if every interval in force from
    the anchor on ends after ``window.last_due``, nothing fell due in the month, nor was
    overdue when it began: most people of a register, told by one comparison
    (``_quiet_from``). With no decision after the anchor there is one spell, due when the
    interval in force on the anchor runs out, that never ends.
    """
    if anchor >= window.first:
        return None
    lv = max(_in_force(levels, anchor), 0)
    pl = max(_in_force(plans, anchor), 0)
    # Every interval that can be in force from the anchor on (a few more is no matter).
    every = [p.visit_every for p in plans[pl:] if p.visit_every is not None]
    every += [policy.home_visit[level.level] for level in levels[lv:]]
    if not levels or levels[0].on > anchor:
        # No approved level on the anchor: the shortest from it (``_interval_on``).
        every += _every_level(policy.home_visit)
    intervals = tuple(dict.fromkeys(every))
    if anchor >= _quiet_from(intervals, window.last_due + dt.timedelta(days=1)):
        return _NOTHING
    if any(level.on > anchor for level in levels[lv:]) or any(p.on > anchor for p in plans[pl:]):
        spells = overdue_spells(policy=policy, counted_from=anchor, levels=levels, plans=plans)
    else:
        fixed = _interval_on(anchor, policy=policy, levels=levels, plans=plans, counted_from=anchor)
        assert fixed is not None  # no reactive management
        spells = [Overdue(fixed.after(anchor), None)]
    # As ``visits_due_in_month`` reads the spells of a period not met by ``as_of``.
    fell_due: list[DueVisit] = []
    overdue_at_start: DueVisit | None = None
    for spell in spells:
        due = spell.start
        if due > window.last_due:
            break
        item = _not_made(spell, anchor=anchor, window=window, later=later)
        if due >= window.first:
            fell_due.append(item)
        elif spell.covers(window.first):
            overdue_at_start = item
    if not fell_due and overdue_at_start is None:
        return _NOTHING
    return MonthVisits(fell_due=tuple(fell_due), overdue_at_start=overdue_at_start)


def _not_made(
    spell: Overdue, *, anchor: dt.date, window: Window, later: dt.date | None
) -> DueVisit:
    """The visit of a spell in a period not met by ``window.as_of``: not done, late until
    ``as_of`` if it is still due then (``later``: the first day seen after, to show),
    else until the spell ended (a longer interval came into force)."""
    if spell.covers(window.as_of):
        days, seen_later = (window.as_of - spell.start).days, later
    else:
        assert spell.end is not None  # it ended before ``as_of``
        days, seen_later = (spell.end - spell.start).days, None
    return DueVisit(spell.start, anchor, None, Outcome.NOT_DONE, days, seen_later=seen_later)


@cache
def _every_level(home_visit: PerRiskLevel) -> tuple[Interval, ...]:
    """Each level's interval: the candidates for the shortest, before any level."""
    return tuple(home_visit[level] for level in RiskLevel)


def quiet_from(policy: CadencePolicy, window: Window, every: Interval | None) -> dt.date:
    """The first anchor from which a period under ``every`` alone (None: before any
    approved level, the shortest of the policy's, ``_interval_on``) is due after the
    window: ``one_period``'s first answer, for a caller that can tell that no decision
    came after the anchor without building the histories (``reports.queries``)."""
    intervals = (every,) if every is not None else _every_level(policy.home_visit)
    return _quiet_from(intervals, window.last_due + dt.timedelta(days=1))


_NOTHING = MonthVisits()


def visits_due_in_month(
    *,
    policy: CadencePolicy,
    window: Window,
    management_start: dt.date,
    visits: Iterable[HomeVisit],
    levels: Iterable[LevelApproved] = (),
    plans: Iterable[PlanApproved] = (),
    reactive: Iterable[ReactiveSpell] = (),
) -> MonthVisits:
    """The visits that fell due in ``window``'s month for one person, and their outcome.

    ``visits`` are the person's recorded home visits (any outcome; only *seen* counts);
    ``levels`` and ``plans`` are their approved risk levels and plan versions, and
    ``reactive`` their spells of reactive management, in any order.
    ``management_start`` is when the current spell of management began (the
    registration date until custody and transfers are recorded). See the module
    docstring for the reading.
    """
    level_history = sorted(levels, key=lambda x: x.on)
    plan_history = sorted(plans, key=lambda x: x.on)
    reactive_spells = tuple(reactive)
    seen_days = sorted({v.day for v in visits if v.seen and v.day > management_start})
    by_as_of = [d for d in seen_days if d <= window.as_of]
    later = next((d for d in seen_days if d > window.as_of), None)
    anchors = [management_start, *by_as_of]
    last = anchors[-1]
    if not reactive_spells and last < window.first:
        # Not seen in the month: only the last period can count (``one_period``, which
        # the report also asks directly).
        answer = one_period(
            policy=policy,
            window=window,
            anchor=last,
            later=later,
            levels=level_history,
            plans=plan_history,
        )
        if answer is not None:
            return answer
    fell_due: list[DueVisit] = []
    overdue_at_start: DueVisit | None = None
    for i, anchor in enumerate(anchors):
        seen = anchors[i + 1] if i + 1 < len(anchors) else None
        if seen is not None and seen < window.first:
            continue  # met before the month began
        if anchor >= window.last_due:
            break  # everything due from here on is due after the window
        spells = overdue_spells(
            policy=policy,
            counted_from=anchor,
            levels=level_history,
            plans=plan_history,
            reactive=reactive_spells,
        )
        # Seen while already overdue: that visit was late, and met nothing later.
        late_at_seen = seen is not None and any(s.start < seen and s.covers(seen) for s in spells)
        for spell in spells:
            due = spell.start
            if due > window.last_due:
                break
            if seen is not None and seen <= due:
                if late_at_seen:
                    break
                item = DueVisit(due, anchor, seen, Outcome.ON_TIME, 0)
            elif seen is not None and spell.covers(seen):
                item = DueVisit(due, anchor, seen, Outcome.LATE, (seen - due).days)
            elif seen is not None:
                # Missed, then no longer due (a longer interval), then seen.
                assert spell.end is not None
                item = DueVisit(due, anchor, None, Outcome.NOT_DONE, (spell.end - due).days)
            else:
                item = _not_made(spell, anchor=anchor, window=window, later=later)
            if due >= window.first:
                fell_due.append(item)
            elif spell.covers(window.first):
                overdue_at_start = item  # still due when the month began
            if item.outcome is Outcome.ON_TIME:
                break
    return MonthVisits(fell_due=tuple(fell_due), overdue_at_start=overdue_at_start)
