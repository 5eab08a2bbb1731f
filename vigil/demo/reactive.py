"""The demo's reactive management (issue 6, "Demo").

``load_reactive()`` puts three low-risk registered sex offenders of the demo supervisor's
unit (the demo offender manager's own people first) on reactive management, each
approved by the supervisor after a proposal whose checklist is the real one
(``reactive.queries.checklist`` on the day it was approved):

- one still in force: no routine home visit is due;
- one that an approved rise to medium risk, three days ago, ended: the offender manager
  (the demo ``manager`` where one of theirs fits) has the visit due now, and the
  supervisor the notice "Reactive management ended", not yet reviewed
  (``reactive.providers``);
- one that a child joining the household ended two months ago, which the supervisor has
  reviewed (back to routine home visits), so the record shows a review.

To meet the criteria honestly, each of them is given the approved low risk level the
criteria need (RULES.md §5.3: low for at least three years) as their first assessment,
dated before the demo's risk history; everything after it is the risk demo's own (only
people whose approved levels are all low are chosen). Each person is checked with the
real ``queries.in_force`` after their records are written, and another is tried when
the demo's own facts (a household member recorded since, say) would change the picture.

Idempotent: nothing is written when a placement with one of the demo's rationales
exists already. Needs the accounts, nominals and risk demos loaded first, and runs
before the visits demo, whose histories follow the risk level in force (one of these
people has risen to medium).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from vigil.accounts.models import User
from vigil.nominals.models import Address, AddressKind, Category, HouseholdMember, Nominal, Status
from vigil.policy.dates import add_months
from vigil.reactive import queries
from vigil.reactive.models import (
    EndDecision,
    PlacementState,
    ReactiveEndReview,
    ReactivePlacement,
)
from vigil.risk.models import DecisionState, RiskLevelDecision

CHANGE_REASON = "Synthetic demonstration data"
ANSWERS = queries.OfficerAnswers(
    civil_order_in_force=False, intelligence_suggests_offending=False, mappa_level=1
)
IN_FORCE = (
    "Settled for years: stable tenancy and work, every notification on time, no "
    "intelligence. Monitored through the annual notification and partner checks."
)
ENDED = (
    "Low risk since the first assessment, compliant throughout; no concerns from "
    "probation. Reactive management with the annual notification as the contact."
)
REVIEWED = (
    "Living alone, working full time, no contact with children; ARMS protective "
    "factors strong. Annual notification and a phone contact every six months."
)
RATIONALES = (IN_FORCE, ENDED, REVIEWED)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 15)))


def _save(row: Any, who: User, when: dt.datetime) -> Any:
    """Save a row dated and attributed as if it was written then (its history too)."""
    row.created_by = row.modified_by = who
    row.created_at = row.modified_at = when
    row._history_user = who
    row._history_date = when
    row._change_reason = CHANGE_REASON
    row.save()
    return row


def _candidates(supervisor: User, manager: User | None, first_low_by: dt.date) -> list[Nominal]:
    """Community RSOs of the supervisor's unit whose approved levels are all low, with
    nothing waiting, registered in time for three years of low risk (``_place`` checks
    each against its own day): the demo officer's own first, then by reference."""
    other_levels = RiskLevelDecision.objects.exclude(
        state=DecisionState.APPROVED, level="low"
    ).exclude(state=DecisionState.SENT_BACK)
    people = (
        Nominal.objects.filter(
            supervisor=supervisor,
            unit_id=supervisor.unit_id,
            status=Status.COMMUNITY,
            category=Category.RSO,
            registered_on__lte=first_low_by,
            offender_manager__isnull=False,
            riskleveldecision__state=DecisionState.APPROVED,
        )
        .exclude(pk__in=other_levels.values("nominal_id"))
        .exclude(pk__in=ReactivePlacement.objects.values("nominal_id"))
        .select_related("offender_manager", "supervisor", "unit")
        .distinct()
        .order_by("reference")
    )
    return sorted(people, key=lambda n: n.offender_manager_id != getattr(manager, "pk", None))


def _place(n: Nominal, on: dt.date, rationale: str) -> ReactivePlacement | None:
    """The first low level three years before ``on``, then the proposal and approval;
    None (nothing kept) if the person does not meet the criteria on that day."""
    officer, supervisor = n.offender_manager, n.supervisor
    assert officer is not None and supervisor is not None
    first_low = add_months(on, -37)
    if n.registered_on > first_low - dt.timedelta(days=2):
        return None
    _save(
        RiskLevelDecision(
            nominal=n,
            level="low",
            rationale="First assessment: RM2000/S low; stable, compliant, strong protective "
            "factors.",
            proposed_by=officer,
            proposed_at=_at(first_low - dt.timedelta(days=2), 10),
            state=DecisionState.APPROVED,
            decided_by=supervisor,
            decided_at=_at(first_low, 15),
        ),
        officer,
        _at(first_low - dt.timedelta(days=2), 10),
    )
    checked = queries.checklist(queries.record_facts(n, today=on), ANSWERS, today=on)
    if not checked.eligible:
        return None
    asked = _at(on - dt.timedelta(days=9), 11)
    placement = ReactivePlacement(
        nominal=n,
        proposed_by=officer,
        proposed_at=asked,
        rationale=rationale,
        evidence=checked.as_evidence(),
        state=PlacementState.APPROVED,
        decided_by=supervisor,
        decided_at=_at(on, 14),
        decision_reason="Agreed: meets every criterion; annual notification as the contact.",
    )
    return _save(placement, officer, asked)


def _rise_to_medium(n: Nominal, on: dt.date) -> None:
    officer, supervisor = n.offender_manager, n.supervisor
    assert officer is not None and supervisor is not None
    _save(
        RiskLevelDecision(
            nominal=n,
            level="medium",
            rationale="New partner with a teenage daughter who visits at weekends; not "
            "disclosed at the last notification. Risk has risen.",
            proposed_by=officer,
            proposed_at=_at(on - dt.timedelta(days=1), 9),
            state=DecisionState.APPROVED,
            decided_by=supervisor,
            decided_at=_at(on, 12),
        ),
        officer,
        _at(on - dt.timedelta(days=1), 9),
    )


def _child_joins(n: Nominal, on: dt.date) -> bool:
    home = (
        Address.objects.filter(nominal=n, kind=AddressKind.HOME, to_date__isnull=True)
        .order_by("-from_date", "-pk")
        .first()
    )
    if home is None:
        return False
    assert n.offender_manager is not None
    _save(
        HouseholdMember(
            nominal=n,
            address=home,
            name="Kai Marlowe",
            relationship="Partner's son",
            date_of_birth=add_months(on, -9 * 12 - 4),
            from_date=on - dt.timedelta(days=2),
        ),
        n.offender_manager,
        _at(on, 16),
    )
    return True


def _state(n: Nominal, today: dt.date) -> ReactivePlacement | queries.Revoked | None:
    return queries.in_force(Nominal.objects.filter(pk=n.pk), today).get(n.pk)


def _first_that_works(people: list[Nominal], build: Callable[[Nominal], bool]) -> Nominal | None:
    """The first person for whom ``build`` writes what it should (checked), else None.
    Each try is a savepoint: a person it does not work for is left as they were."""
    while people:
        n = people.pop(0)
        try:
            with transaction.atomic():
                if build(n):
                    return n
                raise _Undo
        except _Undo:
            continue
    return None


class _Undo(Exception):
    pass


def load_reactive(*, today: dt.date | None = None) -> int:
    """Place the demo people on reactive management; return how many (0 if loaded)."""
    today = today or timezone.localdate()
    if ReactivePlacement.objects.filter(rationale__in=RATIONALES).exists():
        return 0
    supervisor = User.objects.filter(username="supervisor").select_related("unit").first()
    if supervisor is None:
        return 0
    manager = User.objects.filter(username="manager").first()
    placed_on = {
        ENDED: today - dt.timedelta(days=120),
        IN_FORCE: today - dt.timedelta(days=150),
        REVIEWED: today - dt.timedelta(days=400),
    }
    people = _candidates(supervisor, manager, add_months(max(placed_on.values()), -37))

    def ended(n: Nominal) -> bool:
        if _place(n, placed_on[ENDED], ENDED) is None:
            return False
        _rise_to_medium(n, today - dt.timedelta(days=3))
        state = _state(n, today)
        return isinstance(state, queries.Revoked) and state.on == today - dt.timedelta(days=3)

    def in_force(n: Nominal) -> bool:
        placement = _place(n, placed_on[IN_FORCE], IN_FORCE)
        return placement is not None and _state(n, today) == placement

    def reviewed(n: Nominal) -> bool:
        event_on = today - dt.timedelta(days=60)
        if _place(n, placed_on[REVIEWED], REVIEWED) is None or not _child_joins(n, event_on):
            return False
        state = _state(n, today)
        if not isinstance(state, queries.Revoked) or state.on != event_on:
            return False
        when = _at(event_on + dt.timedelta(days=2), 10)
        _save(
            ReactiveEndReview(
                nominal=n,
                placement=state.placement,
                trigger=str(state.event.trigger),
                ended_on=state.on,
                reviewed_by=supervisor,
                reviewed_at=when,
                decision=EndDecision.ROUTINE,
                note="Spoke to the offender manager: the partner's son, 9, lives there "
                "weekdays. Back to routine visits at once; risk review booked; "
                "children's social care told.",
            ),
            supervisor,
            when,
        )
        return True

    placed = 0
    with transaction.atomic():
        for build in (ended, in_force, reviewed):
            if _first_that_works(people, build) is not None:
                placed += 1
    return placed
