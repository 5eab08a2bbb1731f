"""The demo's visit histories and diaries (issue 6, "Visits").

``load_visits()`` gives every demo nominal a history of recorded visits spaced by their
risk level's cadence in their force's policy (``vigil.obligations.policies``; by default
``vigil.policy.cadence.ENGLAND_AND_WALES_DEFAULT``: very high monthly, high every 3
months, medium every 6, low yearly; RULES.md §5.2), so that
the obligations engine has something to find: most people seen on time, some due within
the week, some overdue (often after a no-reply that does not count). It also fills every
demo offender manager's diary: visits recorded earlier this week and visits planned for
the rest of this week and next.

The risk level is the one in force from the risk app where a nominal has one; otherwise
a level is drawn with the 2016 national mix (RULES.md §5.3: 2% very high, 18% high,
30% medium, ~50% low), used only to space the visits. Load the risk demo first.

Idempotent and fast: each visit's calendar UID is derived from the seed, the nominal's
reference and the visit's place in their history, so a second run finds every row it
would write and writes none; rows go in with ``bulk_create_with_history``.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from vigil.accounts.models import User
from vigil.accounts.roles import Role
from vigil.demo import accounts
from vigil.demo.nominals import CHANGE_REASON, OFFICERS
from vigil.nominals.models import Nominal, Status
from vigil.obligations.policies import policies_for
from vigil.policy.cadence import CadencePolicy
from vigil.policy.risk_levels import RiskLevel
from vigil.visits.models import (
    HOME_VISIT_TYPES,
    ChildrenPresent,
    Outcome,
    Referral,
    ReferralKind,
    Visit,
    VisitStatus,
    VisitType,
)

_UID_NAMESPACE = uuid.UUID("6f1d8a52-3c1e-4f7b-9a55-0d2b7c9e4a10")
#: Recorded home visits kept per person, newest back.
HISTORY_LENGTH = 6
#: The 2016 risk mix (RULES.md §5.3), for people with no level in force.
LEVEL_MIX = {RiskLevel.VERY_HIGH: 2, RiskLevel.HIGH: 18, RiskLevel.MEDIUM: 30, RiskLevel.LOW: 50}
#: Where a person stands against their visit cadence today.
STANDING = {"on_time": 65, "due_soon": 12, "overdue": 23}
#: Statuses that still have visits planned; the others keep only their history.
PLANNED_FOR = {Status.COMMUNITY}

CONCERNS = (
    "New partner mentioned; details to be obtained and checked.",
    "Second mobile phone seen on the side; he said it was his brother's.",
    "Evasive about where he spends weekends.",
    "Drinking heavily again, by his own account.",
    "Child's bicycle in the hall; he says a neighbour's child visits his partner.",
    "Lost his job last month; low mood.",
)
FOLLOW_UPS = (
    "Check the second phone's number against the device record.",
    "Speak to the probation officer before the next visit.",
    "Research the new partner and any children in her household.",
    "Unannounced visit within a month.",
    "Ask register support to update the employment record.",
)
AGENCIES = {
    ReferralKind.SAFEGUARDING: ("Children's social care (MASH)", "Adult social care"),
    ReferralKind.WELFARE: ("Community mental health team", "Housing options team", "Food bank"),
}


def _uid(seed: int, reference: str, slot: str) -> uuid.UUID:
    return uuid.uuid5(_UID_NAMESPACE, f"{seed}:{reference}:{slot}")


def _at(day: dt.date, hour: int, minute: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _weekday_on_or_before(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


@dataclass
class _Plan:
    """One person's part of the demo: their level, where they stand, their visits."""

    nominal: Nominal
    level: RiskLevel
    standing: str
    rng: random.Random
    last_seen: dt.date | None = None
    visits: list[Visit] = field(default_factory=list)
    referrals: list[tuple[Visit, Referral]] = field(default_factory=list)


class _Builder:
    def __init__(
        self,
        *,
        seed: int,
        today: dt.date,
        colleagues: dict[int, list[User]],
        policies: dict[int, CadencePolicy],
    ) -> None:
        self.seed = seed
        self.policies = policies  # force id -> its cadence policy in force today
        self.today = today
        self.now = timezone.now()
        self.colleagues = colleagues  # unit id -> that unit's offender managers

    # -- one visit ---------------------------------------------------------------------

    def time_of_day(self, rng: random.Random) -> tuple[int, int]:
        # APP Home visits: vary days and times, evenings included (RULES.md §5.2).
        hour = rng.choice((8, 9, 9, 10, 10, 11, 11, 12, 13, 14, 14, 15, 16, 17, 18, 19, 20))
        return hour, rng.choice((0, 10, 15, 20, 30, 40, 45, 50))

    def visit(
        self,
        plan: _Plan,
        *,
        slot: str,
        day: dt.date,
        visit_type: str,
        status: str = VisitStatus.DONE,
        outcome: str = Outcome.SEEN,
    ) -> Visit:
        rng, nominal = plan.rng, plan.nominal
        officer = nominal.offender_manager
        assert officer is not None
        when = _at(day, *self.time_of_day(rng))
        if status == VisitStatus.DONE:
            when = min(when, self.now - dt.timedelta(minutes=5))
        visit = Visit(
            uid=_uid(self.seed, nominal.reference, slot),
            nominal=nominal,
            status=status,
            visit_type=visit_type,
            officer=officer,
        )
        if visit_type in HOME_VISIT_TYPES and plan.level >= RiskLevel.HIGH:
            others = [u for u in self.colleagues.get(nominal.unit_id, []) if u.pk != officer.pk]
            visit.second_officer = rng.choice(others) if others else None
        if status == VisitStatus.PLANNED:
            visit.planned_for = when
            written = min(when - dt.timedelta(days=rng.randint(2, 12)), self.now)
        else:
            visit.occurred_at = when
            visit.outcome = outcome
            if visit_type in HOME_VISIT_TYPES and rng.random() < 0.4:
                visit.planned_for = when - dt.timedelta(minutes=rng.choice((0, 0, 15, 30)))
            self.details(plan, visit)
            written = when + dt.timedelta(hours=rng.randint(1, 20))
            written = min(written, self.now)
        visit.created_by = visit.modified_by = officer
        visit.created_at = visit.modified_at = max(written, nominal.created_at)
        # Read by simple-history's bulk_history_create for the row's first history entry.
        visit._history_user = officer  # type: ignore[attr-defined]
        visit._history_date = visit.created_at  # type: ignore[attr-defined]
        plan.visits.append(visit)
        return visit

    def details(self, plan: _Plan, visit: Visit) -> None:
        """What was checked, seen and raised at a recorded visit."""
        rng = plan.rng
        seen = visit.outcome == Outcome.SEEN
        home = visit.visit_type in HOME_VISIT_TYPES
        visit.identity_confirmed = seen
        visit.address_confirmed = seen and home and rng.random() < 0.95
        if seen and home:
            visit.children_present = rng.choices(ChildrenPresent.values, weights=(6, 84, 10))[0]
            if visit.children_present == ChildrenPresent.YES:
                visit.children_note = "Partner's child present; seen briefly, appeared well."
            visit.others_present = rng.choice(("", "", "", "Partner", "Lodger", "His mother"))
            visit.devices_checked = rng.random() < 0.55
            if visit.devices_checked:
                visit.devices_note = rng.choice(
                    (
                        "Phone checked; monitoring software running.",
                        "Phone and laptop checked; nothing of concern.",
                        "Phone checked; browser history cleared recently.",
                    )
                )
            visit.vehicles_seen = rng.choice(("", "", "None at the address", "His car outside"))
        if visit.second_officer is None and rng.random() < 0.08:
            visit.others_attending = "Probation officer"
        if seen and rng.random() < 0.15:
            visit.concerns = rng.choice(CONCERNS)
            visit.follow_up = rng.choice(FOLLOW_UPS)
            if rng.random() < 0.2 and visit.occurred_at is not None:
                kind = rng.choice(ReferralKind.values)
                made_on = timezone.localtime(visit.occurred_at).date()
                referral = Referral(
                    kind=kind,
                    agency=rng.choice(AGENCIES[ReferralKind(kind)]),
                    reference=f"REF-{rng.randint(10000, 99999)}",
                    made_on=min(made_on + dt.timedelta(days=rng.randint(0, 2)), self.today),
                    created_by=visit.officer,
                    modified_by=visit.officer,
                )
                plan.referrals.append((visit, referral))

    # -- one person's history ----------------------------------------------------------

    def history(self, plan: _Plan, last_seen: dt.date | None) -> None:
        """Home visits back from ``last_seen`` at the cadence, with the odd failed one."""
        rng, nominal = plan.rng, plan.nominal
        interval = self.policies[plan.nominal.force_id].home_visit[plan.level]
        if last_seen is None:
            return
        day = last_seen
        for n in range(HISTORY_LENGTH):
            if day < nominal.registered_on:
                break
            kind = rng.choices(
                (VisitType.HOME_UNANNOUNCED, VisitType.HOME_ANNOUNCED), weights=(6, 4)
            )[0]
            self.visit(plan, slot=f"h{n}", day=day, visit_type=kind)
            # Before a successful visit there was sometimes a wasted one.
            before = day - dt.timedelta(days=rng.randint(2, 9))
            if rng.random() < 0.15 and before >= nominal.registered_on:
                self.visit(
                    plan,
                    slot=f"h{n}x",
                    day=_weekday_on_or_before(before),
                    visit_type=VisitType.HOME_UNANNOUNCED,
                    outcome=rng.choice((Outcome.NO_REPLY, Outcome.NO_REPLY, Outcome.NOT_SEEN)),
                )
            # Now and then an office appointment or a call between visits.
            if rng.random() < 0.2:
                between = day - dt.timedelta(days=rng.randint(10, 25))
                if between >= nominal.registered_on:
                    self.visit(
                        plan,
                        slot=f"h{n}c",
                        day=_weekday_on_or_before(between),
                        visit_type=rng.choice((VisitType.OFFICE, VisitType.PHONE)),
                        outcome=rng.choices((Outcome.SEEN, Outcome.NOT_SEEN), weights=(9, 1))[0],
                    )
            # The visit before: one interval earlier, give or take a few days.
            gap = (interval.after(day) - day).days
            day = _weekday_on_or_before(day - dt.timedelta(days=gap + rng.randint(-6, 6)))

    def last_seen(self, plan: _Plan) -> dt.date | None:
        """The last day seen at home, placed to give the person their standing."""
        rng, today = plan.rng, self.today
        interval = self.policies[plan.nominal.force_id].home_visit[plan.level]
        length = (interval.after(today) - today).days
        if plan.standing == "on_time":
            back = rng.randint(max(1, length // 10), max(2, length * 3 // 4))
        elif plan.standing == "due_soon":
            back = length - rng.randint(0, 6)
        else:
            back = length + rng.randint(4, max(5, length // 2 + 10))
        day = _weekday_on_or_before(today - dt.timedelta(days=back))
        if day >= today:
            day = _weekday_on_or_before(today - dt.timedelta(days=1))
        if day < plan.nominal.registered_on:
            # Registered since: never seen yet, due one interval after registration.
            return None
        return day

    def overdue_attempt(self, plan: _Plan, last_seen: dt.date | None) -> None:
        """An overdue person often had a recent no-reply: it does not satisfy the visit."""
        if plan.standing != "overdue" or plan.rng.random() > 0.5:
            return
        day = _weekday_on_or_before(self.today - dt.timedelta(days=plan.rng.randint(3, 20)))
        after_last = last_seen is None or day > last_seen
        if plan.nominal.registered_on <= day < self.today and after_last:
            self.visit(
                plan,
                slot="attempt",
                day=day,
                visit_type=VisitType.HOME_UNANNOUNCED,
                outcome=Outcome.NO_REPLY,
            )


def _demo_managers() -> list[User]:
    names = [a[0] for a in accounts.ACCOUNTS if a[1] == Role.OFFENDER_MANAGER]
    names += [o.username for o in OFFICERS if o.role == Role.OFFENDER_MANAGER]
    return list(User.objects.filter(username__in=names).order_by("username"))


def _levels(nominals: QuerySet[Nominal]) -> dict[int, RiskLevel]:
    """The level in force, where the risk app holds one (one query)."""
    from vigil.risk.queries import level_in_force_subquery

    rows = nominals.annotate(level=level_in_force_subquery()).values_list("pk", "level")
    return {pk: RiskLevel(level) for pk, level in rows if level}


def _working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    count = (last - first).days + 1
    days = (first + dt.timedelta(days=i) for i in range(max(count, 0)))
    return [d for d in days if d.weekday() < 5]


def _diary(builder: _Builder, plans: Sequence[_Plan], managers: Iterable[User]) -> None:
    """Each offender manager's week: visits recorded earlier this week, planned ahead."""
    today = builder.today
    monday = today - dt.timedelta(days=today.weekday())
    earlier = _working_days(monday, today - dt.timedelta(days=1))
    ahead = _working_days(today, monday + dt.timedelta(days=13))
    by_manager: dict[int, list[_Plan]] = defaultdict(list)
    for plan in plans:
        if plan.nominal.status in PLANNED_FOR:
            by_manager[plan.nominal.offender_manager_id or 0].append(plan)
    order = {"overdue": 0, "due_soon": 1, "on_time": 2}
    for manager in managers:
        caseload = sorted(
            by_manager.get(manager.pk, []),
            key=lambda p: (order[p.standing], p.nominal.reference),
        )
        rng = random.Random(f"{builder.seed}:diary:{manager.username}")
        # Seen again this week: people on time whose last visit was before this week.
        on_time = [
            p
            for p in caseload
            if p.standing == "on_time" and (p.last_seen is None or p.last_seen < monday)
        ]
        for i, plan in enumerate(on_time[: min(len(earlier), 3)]):
            builder.visit(
                plan,
                slot="this-week",
                day=earlier[i % len(earlier)],
                visit_type=VisitType.HOME_UNANNOUNCED,
                outcome=Outcome.SEEN if rng.random() < 0.85 else Outcome.NO_REPLY,
            )
        wanted = min(len(caseload), 5 + rng.randint(0, 3))
        for i, plan in enumerate(caseload[:wanted]):
            if not ahead:
                break
            kind = rng.choices(
                (VisitType.HOME_UNANNOUNCED, VisitType.HOME_ANNOUNCED, VisitType.OFFICE),
                weights=(5, 4, 1),
            )[0]
            builder.visit(
                plan,
                slot="planned",
                day=ahead[(i * 2 + rng.randint(0, 1)) % len(ahead)],
                visit_type=kind,
                status=VisitStatus.PLANNED,
            )


def load_visits(*, seed: int = 2026, today: dt.date | None = None) -> int:
    """Give the demo nominals visit histories and the officers their diaries.

    Returns how many visits were created: 0 when they all exist already. Needs the demo
    accounts and nominals (``accounts.load_accounts()``, ``nominals.load_nominals()``);
    uses the risk demo's levels where it has loaded them.
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        managers = _demo_managers()
        nominals_qs = Nominal.objects.filter(offender_manager__in=managers)
        nominals = list(nominals_qs.select_related("offender_manager").order_by("reference"))
        if not nominals:
            return 0
        levels = _levels(nominals_qs)
        colleagues: dict[int, list[User]] = defaultdict(list)
        for manager in managers:
            colleagues[manager.unit_id].append(manager)
        forces = {n.force_id for n in nominals}
        builder = _Builder(
            seed=seed,
            today=today,
            colleagues=colleagues,
            policies=policies_for(forces, on=today),
        )
        plans = []
        for nominal in nominals:
            rng = random.Random(f"{seed}:{nominal.reference}")
            drawn = rng.choices(list(LEVEL_MIX), weights=list(LEVEL_MIX.values()))[0]
            standing = rng.choices(list(STANDING), weights=list(STANDING.values()))[0]
            plan = _Plan(nominal, levels.get(nominal.pk, drawn), standing, rng)
            plan.last_seen = builder.last_seen(plan)
            builder.history(plan, plan.last_seen)
            builder.overdue_attempt(plan, plan.last_seen)
            plans.append(plan)
        _diary(builder, plans, managers)

        visits = [v for p in plans for v in p.visits]
        existing = set(
            Visit.objects.filter(uid__in=[v.uid for v in visits]).values_list("uid", flat=True)
        )
        new = [v for v in visits if v.uid not in existing]
        if not new:
            return 0
        bulk_create_with_history(new, Visit, batch_size=500, default_change_reason=CHANGE_REASON)
        referrals = []
        for plan in plans:
            for visit, referral in plan.referrals:
                if visit.uid in existing:
                    continue
                referral.visit = visit
                referral.created_at = referral.modified_at = visit.created_at
                referral._history_user = visit.officer  # type: ignore[attr-defined]
                referral._history_date = visit.created_at  # type: ignore[attr-defined]
                referrals.append(referral)
        if referrals:
            bulk_create_with_history(
                referrals, Referral, batch_size=500, default_change_reason=CHANGE_REASON
            )
        return len(new)
