"""The demo's convictions and notification histories (issue 4, "Demo").

``load_registration()`` gives every demo registered sex offender a conviction, finding or
caution with realistic Schedule 3 offences and sentences, consistent with the day they came
onto the register, and a history of notifications given at police stations, linked to the
parts of their record those notifications would have changed (home moves, cards, documents,
households with a child). The histories are shaped so the register shows a realistic mix
at ``today``: most up to date, some overdue (a few already investigated as possible
breaches, with outcomes), some due this week, some abroad with a return awaited, some near
or at the end of their notification period, a few confirmed as no longer subject, and a
couple of applications for review of indefinite notification.

Every period is worked out with ``registration.queries.assess_conviction`` (the policy
itself), so the demo never holds a conviction the record would refuse. Deterministic: each
person's history comes from a random stream seeded with the seed and their reference.
Idempotent: people who already have a conviction are skipped, so a second run creates
nothing. Fast: every model is written with one ``bulk_create`` (with its first history row).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from vigil.demo.nominals import CHANGE_REASON
from vigil.nominals.models import (
    Address,
    AddressKind,
    BankCard,
    Category,
    HouseholdMember,
    IdentityDocument,
    Nominal,
    Status,
)
from vigil.policy import deadlines as dl
from vigil.policy.dates import add_months, last_day_of_period
from vigil.policy.deadlines import NotificationKind
from vigil.registration import queries
from vigil.registration.models import (
    Conviction,
    ConvictionOffence,
    EndGrounds,
    Notification,
    PeriodEnd,
    PossibleBreach,
    ReviewApplication,
    TravelItinerary,
)

_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

COURTS = {
    "northshire": ("Northby Crown Court", "Northby Magistrates' Court", "Kelderton Crown Court"),
    "westmarch": ("Westmarch Crown Court", "Abermor Magistrates' Court", "Llanfair Crown Court"),
}
STATIONS = {
    "northshire": ("Northby Police Station", "Kelderton Police Station", "Ashfell Police Station"),
    "westmarch": ("Westmarch Central Police Station", "Abermor Police Station"),
}
DESTINATIONS = (
    ("Spain, Malaga airport", "Jet2 flights out and back", "Hotel Sol, Torremolinos"),
    ("France, Calais (ferry port)", "P&O Ferries, Dover to Calais and back", "Ibis Calais Centre"),
    ("Poland, Krakow airport", "Ryanair out and back", "With his sister, ul. Długa, Krakow"),
    ("Ireland, Dublin port", "Stena Line from Holyhead", "Travelodge, Dublin city centre"),
    ("Thailand, Bangkok Suvarnabhumi airport", "Qatar Airways via Doha", "Hotel near Sukhumvit"),
    ("Netherlands, Amsterdam Schiphol", "KLM out and back", "Airbnb apartment, Amsterdam West"),
)


# --- The kinds of case --------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A realistic case: the offences, how they were dealt with, and how often it occurs."""

    name: str
    weight: float
    offences: tuple[dict[str, Any], ...]
    kind: str = "conviction"
    consecutive: bool = False
    historic: bool = False  # offences under the 1956 Act, committed before May 2004


PROFILES = (
    Profile(
        "indecent images, suspended sentence",
        14,
        (
            {
                "offence_code": "PCA1978-s1",
                "image_subject_age": 11,
                "disposal": "imprisonment",
                "term": "8m",
                "suspended": True,
            },
        ),
    ),
    Profile(
        "possessing indecent images, community order",
        10,
        (
            {
                "offence_code": "CJA1988-s160",
                "image_subject_age": 13,
                "disposal": "community",
                "term": "24m",
            },
        ),
    ),
    Profile(
        "possessing indecent images, caution",
        4,
        ({"offence_code": "CJA1988-s160", "image_subject_age": 14, "disposal": "caution"},),
        kind="caution",
    ),
    Profile(
        "sexual assault of a child under 13, imprisonment",
        8,
        (
            {
                "offence_code": "SOA2003-s7",
                "victim_age": 11,
                "disposal": "imprisonment",
                "term": "4y",
            },
        ),
    ),
    Profile(
        "rape, long imprisonment",
        6,
        (
            {
                "offence_code": "SOA2003-s1",
                "victim_age": 24,
                "disposal": "imprisonment",
                "term": "8y",
            },
        ),
    ),
    Profile(
        "sexual assault, short imprisonment",
        6,
        (
            {
                "offence_code": "SOA2003-s3",
                "victim_age": 16,
                "disposal": "imprisonment",
                "term": "4m",
            },
        ),
    ),
    Profile(
        "exposure to a child, fine",
        6,
        ({"offence_code": "SOA2003-s66", "victim_age": 15, "disposal": "fine"},),
    ),
    Profile(
        "sexual communication with a child, imprisonment",
        7,
        (
            {
                "offence_code": "SOA2003-s15A",
                "victim_age": 14,
                "disposal": "imprisonment",
                "term": "18m",
            },
        ),
    ),
    Profile(
        "sexual activity with a child, imprisonment",
        7,
        (
            {
                "offence_code": "SOA2003-s9",
                "victim_age": 14,
                "disposal": "imprisonment",
                "term": "3y",
            },
        ),
    ),
    Profile(
        "two sexual assaults on children, consecutive terms",
        4,
        (
            {
                "offence_code": "SOA2003-s3",
                "victim_age": 12,
                "disposal": "imprisonment",
                "term": "20m",
            },
            {
                "offence_code": "SOA2003-s3",
                "victim_age": 13,
                "disposal": "imprisonment",
                "term": "12m",
            },
        ),
        consecutive=True,
    ),
    Profile(
        "voyeurism, community order",
        4,
        (
            {
                "offence_code": "SOA2003-s67",
                "victim_age": 16,
                "disposal": "community",
                "term": "12m",
            },
        ),
    ),
    Profile(
        "historic indecent assault, imprisonment",
        4,
        (
            {
                "offence_code": "SOA1956-s14",
                "victim_age": 14,
                "disposal": "imprisonment",
                "term": "2y",
            },
        ),
        historic=True,
    ),
    Profile(
        "rape, hospital order with restrictions",
        1,
        ({"offence_code": "SOA2003-s1", "victim_age": 30, "disposal": "hospital_restricted"},),
    ),
    Profile(
        "sexual assault on an adult, community order",
        5,
        ({"offence_code": "SOA2003-s3", "victim_age": 34, "disposal": "community", "term": "18m"},),
    ),
)


def _discharge(months: int) -> Profile:
    """A conditional discharge: its period is the notification period (s.82(1))."""
    return Profile(
        f"sexual activity with a child, conditional discharge {months}m",
        0,
        (
            {
                "offence_code": "SOA2003-s9",
                "victim_age": 15,
                "disposal": "conditional_discharge",
                "term": f"{months}m",
            },
        ),
    )


@dataclass
class _Case:
    conviction: Conviction
    offences: list[ConvictionOffence]
    assessment: queries.ConvictionAssessment

    @property
    def period(self) -> Any:
        return self.assessment.period


def _years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


# --- The builder --------------------------------------------------------------------------------


@dataclass
class _Builder:
    today: dt.date
    now: dt.datetime
    rows: dict[type[models.Model], list[Any]] = field(default_factory=lambda: defaultdict(list))
    references: set[str] = field(default_factory=set)
    addresses: dict[int, list[Address]] = field(default_factory=dict)
    cards: dict[int, list[BankCard]] = field(default_factory=dict)
    documents: dict[int, list[IdentityDocument]] = field(default_factory=dict)
    children: dict[int, list[HouseholdMember]] = field(default_factory=dict)
    indefinite_early: list[tuple[Nominal, dt.date]] = field(default_factory=list)

    # -- stamping ------------------------------------------------------------------------

    def moment(self, rng: random.Random, day: dt.date) -> dt.datetime:
        at = timezone.make_aware(
            dt.datetime.combine(day, dt.time(rng.randint(8, 18), rng.randint(0, 59)))
        )
        return min(at, self.now - dt.timedelta(minutes=5))

    def add(self, n: Nominal, row: Any, when: dt.datetime) -> Any:
        manager = n.offender_manager
        row.created_by = row.modified_by = manager
        row.created_at = row.modified_at = when
        row._history_user = manager
        row._history_date = when
        self.rows[type(row)].append(row)
        return row

    def reference(self, rng: random.Random) -> str:
        while True:
            body = "".join(rng.choice(_REF_ALPHABET) for _ in range(8))
            ref = f"NT-{body[:4]}-{body[4:]}"
            if ref not in self.references:
                self.references.add(ref)
                return ref

    # -- the conviction ------------------------------------------------------------------------

    def case(self, n: Nominal, rng: random.Random, profile: Profile) -> _Case | None:
        """The conviction this profile gives, with the relevant date on ``registered_on``."""
        adult = _years(n.date_of_birth, 18)
        registered = n.registered_on
        if profile.historic and adult >= dt.date(2003, 1, 1):
            return None
        conviction = Conviction(
            nominal=n,
            kind=profile.kind,
            relevant_on=registered,
            court=rng.choice(COURTS.get(n.force.code, COURTS["northshire"])),
            consecutive=profile.consecutive,
        )
        if profile.kind == "caution":
            conviction.court = rng.choice(STATIONS.get(n.force.code, STATIONS["northshire"]))
        offences = []
        for spec in profile.offences:
            if profile.historic:
                committed = adult + dt.timedelta(
                    days=rng.randint(0, max(0, (dt.date(2003, 12, 31) - adult).days))
                )
            else:
                committed = max(registered - dt.timedelta(days=rng.randint(60, 500)), adult)
            offence = ConvictionOffence(
                conviction=conviction, offence_date=min(committed, registered)
            )
            for key, value in spec.items():
                setattr(offence, key, value)
            offence.term = spec.get("term", "")
            offences.append(offence)
        assessment = queries.assess_conviction(conviction, offences, date_of_birth=n.date_of_birth)
        if assessment.error or assessment.period is None:
            return None
        if any(o.decision and o.decision.sentencing_condition_only for o in assessment.offences):
            # s.132(3): notifiable by its sentence, so the period runs from the sentence;
            # the conviction came a few weeks before it.
            conviction.sentenced_on = registered
            conviction.relevant_on = registered - dt.timedelta(days=rng.randint(14, 56))
            for offence in offences:
                offence.offence_date = min(offence.offence_date, conviction.relevant_on)
            assessment = queries.assess_conviction(
                conviction, offences, date_of_birth=n.date_of_birth
            )
            if assessment.error or assessment.period is None:
                return None
        return _Case(conviction, offences, assessment)

    def choose(self, n: Nominal, rng: random.Random) -> tuple[_Case, str]:
        """A case consistent with their status, and the shape of their history now.

        Shapes: "active" (the period runs beyond the next 90 days), "near_end" (it ends in
        the next 90 days), "ended_unconfirmed" (it ended in the last 60 days and nobody has
        confirmed it yet), "ended" (no longer subject, confirmed).
        """
        today = self.today
        away = n.status in (Status.CUSTODY, Status.HOSPITAL)
        pool = [
            (c, p.weight)
            for p in PROFILES
            if (c := self.case(n, rng, p)) is not None
            and (away or not self.custodial(c) or self.released(c) <= today - dt.timedelta(days=30))
        ]

        def ends(c: _Case) -> dt.date | None:
            return None if c.period.indefinite else c.period.last_day

        def within(c: _Case, low: int, high: int) -> bool:
            e = ends(c)
            return e is not None and low <= (e - today).days <= high

        def pick(options: list[tuple[_Case, float]]) -> _Case:
            return rng.choices([c for c, _ in options], weights=[max(w, 0.5) for _, w in options])[
                0
            ]

        def discharge(low: int, high: int) -> list[tuple[_Case, float]]:
            """A conditional discharge whose period ends in the window (s.82(1): its length)."""
            for months in range(1, 37):
                if low <= (last_day_of_period(n.registered_on, months=months) - today).days <= high:
                    d = self.case(n, rng, _discharge(months))
                    if d is not None and within(d, low, high):
                        return [(d, 1.0)]
            return []

        if n.status == Status.NO_LONGER_SUBJECT:
            ended = [(c, w) for c, w in pool if within(c, -100_000, -10)] or discharge(
                -100_000, -10
            )
            if ended:
                return pick(ended), "ended"
        # Long-registered people are mostly on indefinite terms: they may apply for review.
        if n.registered_on < dt.date(2011, 1, 1) and rng.random() < 0.6:
            indefinite = [(c, w) for c, w in pool if c.period.indefinite]
            if indefinite:
                return pick(indefinite), "active"
        roll = rng.random()
        if n.status != Status.DECEASED and roll < 0.14:
            shape, low, high = (
                ("near_end", 0, 90) if roll < 0.10 else ("ended_unconfirmed", -60, -1)
            )
            fits = [(c, w) for c, w in pool if within(c, low, high)] or discharge(low, high)
            if fits:
                return pick(fits), shape
        running = [(c, w) for c, w in pool if ends(c) is None or within(c, 91, 100_000)]
        return pick(running or pool), "active"

    @staticmethod
    def custodial(case: _Case) -> bool:
        """Whether the case sent them to custody or hospital (and the clock waits for release)."""
        for o in case.assessment.offences:
            s = o.sentence
            if s is not None and (
                (s.counts_as_imprisonment and not s.suspended)
                or s.disposal.value == "hospital_restricted"
            ):
                return True
        return False

    def released(self, case: _Case) -> dt.date:
        """When they were released: half the custodial term (hospital: after 3 years)."""
        start = case.conviction.sentenced_on or case.conviction.relevant_on
        if not self.custodial(case):
            return start
        months = 0
        for o in case.assessment.offences:
            term = o.sentence.imprisonment_term if o.sentence else None
            months += term.total_months if term else 36 * 2
        if not case.conviction.consecutive:
            months = max(
                (
                    o.sentence.imprisonment_term.total_months
                    if o.sentence and o.sentence.imprisonment_term
                    else 72
                )
                for o in case.assessment.offences
            )
        return add_months(start, max(1, months // 2))

    # -- the history ------------------------------------------------------------------------

    def notification(
        self,
        n: Nominal,
        rng: random.Random,
        kind: NotificationKind,
        day: dt.date,
        summary: str,
        **links: Any,
    ) -> Notification:
        when = self.moment(rng, day)
        stations = STATIONS.get(n.force.code, STATIONS["northshire"])
        officer = n.offender_manager if rng.random() < 0.8 else (n.supervisor or n.offender_manager)
        row = Notification(
            nominal=n,
            reference=self.reference(rng),
            kind=kind.value,
            received_at=when,
            station=rng.choice(stations),
            received_by=officer,
            summary=summary,
            **links,
        )
        return self.add(n, row, when)

    def person(self, n: Nominal, rng: random.Random, index: int = 0) -> None:
        """One person's conviction and history; ``index`` spreads the shapes evenly."""
        today = self.today
        case, shape = self.choose(n, rng)
        first_day = case.conviction.relevant_on
        self.add(n, case.conviction, self.moment(rng, min(n.registered_on, today)))
        for offence in case.offences:
            self.add(n, offence, case.conviction.created_at)
        period = case.period
        last_day = None if period.indefinite else period.last_day

        # The first notification: within 3 days, or on release from the custody imposed
        # (s.83(6): time in custody is disregarded).
        custodial = self.custodial(case)
        start = self.released(case) if custodial else n.registered_on
        if start > today - dt.timedelta(days=3):
            return  # still serving the sentence: nothing notified yet
        first = start + dt.timedelta(days=rng.randint(0, 2))
        self.notification(
            n,
            rng,
            NotificationKind.INITIAL,
            first,
            "Initial notification of the details required by s.83(5).",
        )
        if period.indefinite and first <= _years(today, -15):
            self.indefinite_early.append((n, first))

        # Where the history ends: the last notification that restarts the clock.
        end = min(today, last_day) if last_day else today
        cohort = (index % 10) / 10 + rng.random() / 10  # one in ten each way, in turn
        outcome_pool: tuple[str, ...] = ()
        if n.status in (Status.MISSING,):
            last = today - dt.timedelta(days=365 + rng.randint(5, 80))
            outcome_pool = ("",)
        elif cohort < 0.10:
            last = add_months(today, -12) - dt.timedelta(days=rng.randint(3, 60))
            outcome_pool = ("", "", "arrested", "words_of_advice", "charged")
        elif cohort < 0.20:
            last = add_months(today, -12) + dt.timedelta(days=rng.randint(0, 6))
        else:
            last = end - dt.timedelta(days=rng.randint(10, 330))
        if shape in ("ended", "ended_unconfirmed") and last_day is not None:
            last = last_day - dt.timedelta(days=rng.randint(20, 200))
        last = min(last, today - dt.timedelta(days=1))

        chain: list[dt.date] = []
        day = last
        while day > first + dt.timedelta(days=30):
            chain.append(day)
            day = add_months(day, -12) + dt.timedelta(days=rng.randint(0, 25))
        chain.reverse()
        previous = first
        for day in chain:
            anniversary = add_months(previous, 12)
            late = rng.random() < 0.02 and day < today - dt.timedelta(days=200)
            if late:
                day = anniversary + dt.timedelta(days=rng.randint(5, 40))
            self.notification(
                n,
                rng,
                NotificationKind.PERIODIC,
                day,
                "Periodic notification: the details required by s.83(5) confirmed (s.85).",
            )
            if late:
                deadline = dl.next_periodic_due(
                    relevant_date=first_day, notifications=[(previous, NotificationKind.PERIODIC)]
                )
                found = deadline.due + dt.timedelta(days=rng.randint(1, 4))
                self.breach(
                    n,
                    rng,
                    deadline,
                    found,
                    rng.choice(
                        ("words_of_advice", "no_offence", "cautioned", "charged", "convicted")
                    ),
                )
            previous = day
        resetting_last = chain[-1] if chain else first

        # Changes the record already shows, notified when they happened.
        for address in self.addresses.get(n.pk, []):
            moved = address.from_date
            if moved is None or not first < moved <= resetting_last:
                continue
            if address.kind in (AddressKind.HOME, AddressKind.NFA):
                self.notification(
                    n,
                    rng,
                    NotificationKind.CHANGE_HOME_ADDRESS,
                    moved + dt.timedelta(days=rng.randint(0, 2)),
                    f"New home address from {moved:%d %B %Y}: {address}.",
                    address=address,
                    event_on=moved,
                )
        for card in self.cards.get(n.pk, []):
            if card.from_date and first < card.from_date < today:
                self.notification(
                    n,
                    rng,
                    NotificationKind.BANK_CARD,
                    card.from_date + dt.timedelta(days=rng.randint(0, 2)),
                    f"New account or card from {card.from_date:%d %B %Y}: {card}.",
                    bank_card=card,
                    event_on=card.from_date,
                )
        for doc in self.documents.get(n.pk, []):
            if doc.issued_on and first < doc.issued_on < today:
                self.notification(
                    n,
                    rng,
                    NotificationKind.IDENTITY_DOCUMENT,
                    doc.issued_on + dt.timedelta(days=rng.randint(0, 2)),
                    f"New identity document from {doc.issued_on:%d %B %Y}: {doc}.",
                    document=doc,
                    event_on=doc.issued_on,
                )
        for child in self.children.get(n.pk, []):
            began = child.from_date
            if began and first < began < today:
                self.notification(
                    n,
                    rng,
                    NotificationKind.CHILD_HOUSEHOLD,
                    began + dt.timedelta(days=rng.randint(0, 2)),
                    f"Staying 12 hours or more from {began:%d %B %Y} in a household with a child "
                    f"({child.name}) at {child.address}.",
                    household_member=child,
                    address=child.address,
                    event_on=began,
                )

        # No fixed abode: weekly for the last few weeks.
        nfa = next(
            (
                a
                for a in self.addresses.get(n.pk, [])
                if a.kind == AddressKind.NFA and a.to_date is None
            ),
            None,
        )
        if nfa is not None and shape == "active":
            weekly_end = today - dt.timedelta(days=rng.randint(0, 9))
            day = max(weekly_end - dt.timedelta(days=7 * 11), resetting_last + dt.timedelta(days=1))
            while day <= weekly_end:
                self.notification(
                    n,
                    rng,
                    NotificationKind.WEEKLY,
                    day,
                    "Weekly notification with no sole or main residence: where they can regularly "
                    "be found confirmed (s.85(5)(a), (6)).",
                )
                day += dt.timedelta(days=7)

        # Overdue now: some already recorded as a possible breach.
        due = dl.next_periodic_due(
            relevant_date=min(first_day, resetting_last),
            notifications=[(resetting_last, NotificationKind.PERIODIC)],
        )
        if (
            outcome_pool
            and due.due < today - dt.timedelta(days=1)
            and nfa is None
            and (last_day is None or due.due <= last_day)
            and rng.random() < 0.6
        ):
            self.breach(
                n,
                rng,
                due,
                today - dt.timedelta(days=rng.randint(0, (today - due.due).days - 1)),
                rng.choice(outcome_pool),
            )

        # Travel: abroad now (overseas, or 6% of the rest), and the odd trip in the past.
        if shape == "active" and (n.status == Status.OVERSEAS or index % 14 == 5):
            self.trip(
                n,
                rng,
                departs=today - dt.timedelta(days=rng.randint(1, 12)),
                open_return=rng.random() < 0.5,
            )
        elif (
            shape == "active"
            and rng.random() < 0.10
            and resetting_last < today - dt.timedelta(days=60)
        ):
            departs = self.day_between(
                rng, resetting_last + dt.timedelta(days=10), today - dt.timedelta(days=30)
            )
            self.trip(n, rng, departs=departs, open_return=False, back=True)

        # The end, confirmed.
        if shape == "ended" and last_day is not None and n.status == Status.NO_LONGER_SUBJECT:
            confirmed = min(last_day + dt.timedelta(days=rng.randint(1, 20)), today)
            self.add(
                n,
                PeriodEnd(
                    nominal=n,
                    grounds=EndGrounds.PERIOD_ENDED,
                    last_day=last_day,
                    reason="Checked PNC and the court record: no order keeps them subject."
                    f"\n\n{period.reason}",
                ),
                self.moment(rng, confirmed),
            )

    def day_between(self, rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
        return a if b <= a else a + dt.timedelta(days=rng.randint(0, (b - a).days))

    def breach(
        self, n: Nominal, rng: random.Random, deadline: dl.Deadline, found: dt.date, outcome: str
    ) -> None:
        found = max(found, deadline.due + dt.timedelta(days=1))
        breach = PossibleBreach(
            nominal=n,
            deadline_kind=deadline.kind.value,
            due_on=deadline.due,
            deadline_reason=deadline.reason,
            identified_on=found,
            notes=rng.choice(
                (
                    "No answer at the home address; phone off.",
                    "Did not attend the station on the due date.",
                    "Neighbours say he has not been seen for a fortnight.",
                )
            ),
        )
        if outcome:
            breach.outcome = outcome
            breach.outcome_on = min(found + dt.timedelta(days=rng.randint(1, 30)), self.today)
            breach.outcome_notes = {
                "words_of_advice": "Attended the next day; said he had the date wrong.",
                "no_offence": "Was in hospital on the due date: a reasonable excuse.",
                "arrested": "Arrested at his sister's address; interviewed.",
                "charged": "Charged under s.91; first hearing at the magistrates' court.",
                "cautioned": "Admitted the failure; cautioned.",
                "convicted": "Pleaded guilty under s.91; fined.",
            }.get(outcome, "")
        self.add(n, breach, self.moment(rng, found))

    def trip(
        self,
        n: Nominal,
        rng: random.Random,
        *,
        departs: dt.date,
        open_return: bool,
        back: bool = False,
    ) -> None:
        where, carriers, stay = rng.choice(DESTINATIONS)
        returns = departs + dt.timedelta(days=rng.randint(4, 21))
        notified = departs - dt.timedelta(days=rng.randint(7, 21))
        trip = TravelItinerary(
            nominal=n,
            departs_on=departs,
            departure_time=dt.time(rng.randint(6, 20), rng.choice((0, 15, 30, 45))),
            departure_point=rng.choice(
                ("Manchester Airport", "Leeds Bradford Airport", "Port of Dover", "Holyhead")
            ),
            destinations=where,
            carriers=carriers,
            accommodation=stay,
            returns_on=None if open_return else returns,
            return_point="" if open_return or rng.random() < 0.3 else "Manchester Airport",
            details_known_on=notified - dt.timedelta(days=rng.randint(0, 30)),
            returned_on=returns if back else None,
        )
        self.add(n, trip, self.moment(rng, notified))
        self.notification(
            n,
            rng,
            NotificationKind.TRAVEL_DEPARTURE,
            notified,
            f"Intended travel outside the UK from {departs:%d %B %Y} ({trip.departure_point}) to "
            f"{where}"
            + (
                f", returning on {returns:%d %B %Y}."
                if not open_return
                else ", return date not known."
            ),
            itinerary=trip,
            event_on=departs,
        )
        if back:
            self.notification(
                n,
                rng,
                NotificationKind.TRAVEL_RETURN,
                returns + dt.timedelta(days=rng.randint(0, 2)),
                f"Came back to the UK on {returns:%d %B %Y} from the trip that began "
                f"{departs:%d %B %Y}.",
                itinerary=trip,
                event_on=returns,
            )

    def reviews(self, rng: random.Random) -> None:
        """A couple of applications for review: one decided, one waiting for information."""
        eligible = sorted(self.indefinite_early, key=lambda x: x[0].reference)
        for i, (n, first) in enumerate(eligible[:2]):
            qualifying = last_day_of_period(
                first, years=dl.REVIEW_ADULT_YEARS.value
            ) + dt.timedelta(days=1)
            if i == 0 and qualifying <= self.today - dt.timedelta(days=120):
                received = self.day_between(rng, qualifying, self.today - dt.timedelta(days=100))
                review = ReviewApplication(
                    nominal=n,
                    received_on=received,
                    info_requested_on=received + dt.timedelta(days=3),
                    bodies="Probation Service; children's services; MAPPA co-ordinator",
                    determined_on=received + dt.timedelta(days=70),
                    outcome="continue",
                    further_review_years=8,
                    notice_given_on=received + dt.timedelta(days=72),
                    determination_reasons="Continues to associate with families with young "
                    "children; the responsible bodies report the risk of sexual harm remains.",
                )
            elif qualifying <= self.today - dt.timedelta(days=20):
                received = self.today - dt.timedelta(days=rng.randint(10, 20))
                review = ReviewApplication(
                    nominal=n,
                    received_on=received,
                    info_requested_on=received + dt.timedelta(days=2),
                    bodies="Probation Service; local authority",
                    notes="Application by solicitor's letter.",
                )
            else:
                continue
            self.add(n, review, self.moment(rng, review.received_on))


# Parents before children: offences point at convictions, notifications at trips.
_ORDER: tuple[type[models.Model], ...] = (
    Conviction,
    ConvictionOffence,
    TravelItinerary,
    Notification,
    PossibleBreach,
    PeriodEnd,
    ReviewApplication,
)
_PARENTS: dict[type[models.Model], tuple[str, ...]] = {
    ConvictionOffence: ("conviction",),
    Notification: ("itinerary",),
}


def load_registration(*, seed: int = 2026, today: dt.date | None = None) -> int:
    """Give the demo's registered sex offenders their convictions and notification histories.

    Returns how many people were given them: 0 when everyone already has them, so running
    it twice changes nothing. Needs the demo nominals (``nominals.load_nominals()``).
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        demo = Nominal.history.filter(history_type="+", history_change_reason=CHANGE_REASON).values(
            "id"
        )
        people = list(
            Nominal.objects.filter(
                id__in=demo, category=Category.RSO, offender_manager__isnull=False
            )
            .exclude(pk__in=Conviction.objects.values("nominal_id"))
            .filter(registered_on__lte=today - dt.timedelta(days=7))
            .select_related("offender_manager", "supervisor", "force")
            .order_by("pk")
        )
        if not people:
            return 0
        builder = _Builder(today=today, now=timezone.now())
        ids = [p.pk for p in people]
        for a in Address.objects.filter(nominal_id__in=ids):
            builder.addresses.setdefault(a.nominal_id, []).append(a)
        for c in BankCard.objects.filter(nominal_id__in=ids):
            builder.cards.setdefault(c.nominal_id, []).append(c)
        for d in IdentityDocument.objects.filter(nominal_id__in=ids):
            builder.documents.setdefault(d.nominal_id, []).append(d)
        for h in HouseholdMember.objects.filter(nominal_id__in=ids).select_related("address"):
            if h.is_child(h.from_date or today):
                builder.children.setdefault(h.nominal_id, []).append(h)
        for index, n in enumerate(people):
            builder.person(n, random.Random(f"{seed}:{n.reference}"), index)
        builder.reviews(random.Random(seed))
        for model in _ORDER:
            rows = builder.rows.get(model, [])
            for row in rows:  # the parents were saved above: take their keys now
                for parent in _PARENTS.get(model, ()):
                    related = getattr(row, parent)
                    setattr(row, f"{parent}_id", related.pk if related is not None else None)
            if rows:
                bulk_create_with_history(
                    rows, model, batch_size=500, default_change_reason=CHANGE_REASON
                )
        return len(people)
