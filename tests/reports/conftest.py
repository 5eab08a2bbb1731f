"""Fixtures for the dashboard and report tests: a fixed clock and a unit with work in it.

The clock is Monday 23 November 2026, 10:00 in London (as in tests/visits), so November
is the month in progress and October is complete.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import NominalFactory, UserFactory
from vigil.accounts.roles import Role
from vigil.nominals.models import Nominal, Status
from vigil.risk.models import DecisionState, PlanStatus, RiskLevelDecision, RiskManagementPlan
from vigil.visits.models import Visit

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
TODAY = NOW.date()
D = dt.date


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=LONDON)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


JANUARY = dt.date(2026, 1, 5)
YESTERDAY_BUT_TWO = dt.date(2026, 11, 20)


def approve(nominal, level: str, *, by, proposer, on: dt.date = JANUARY):
    return RiskLevelDecision.objects.create(
        nominal=nominal,
        level=level,
        rationale="r",
        proposed_by=proposer,
        proposed_at=at(on),
        state=DecisionState.APPROVED,
        decided_by=by,
        decided_at=at(on),
    )


def propose(nominal, level: str, *, proposer, on: dt.date = YESTERDAY_BUT_TWO):
    return RiskLevelDecision.objects.create(
        nominal=nominal, level=level, rationale="r", proposed_by=proposer, proposed_at=at(on)
    )


def plan(nominal, *, every: int, unit: str, by, submitter, on: dt.date, number: int = 1):
    return RiskManagementPlan.objects.create(
        nominal=nominal,
        number=number,
        status=PlanStatus.APPROVED,
        visit_every_count=every,
        visit_every_unit=unit,
        review_on=on + dt.timedelta(days=300),
        decided_by=by,
        decided_at=at(on),
        submitted_by=submitter,
        submitted_at=at(on),
    )


def visit(nominal, officer, day: dt.date, outcome: str = "seen", kind: str = "home_announced"):
    return Visit.objects.create(
        nominal=nominal,
        status="done",
        visit_type=kind,
        occurred_at=at(day),
        officer=officer,
        outcome=outcome,
    )


@dataclass
class Unit:
    """The home unit's people, by what each one shows."""

    manager: object
    colleague: object
    supervisor: object
    on_time: Nominal
    late: Nominal
    not_done: Nominal
    no_reply: Nominal
    overdue_since_summer: Nominal
    weekly_plan: Nominal
    unallocated: Nominal
    in_custody: Nominal
    sibling_person: Nominal


def person(unit, manager, supervisor, surname: str, **kwargs) -> Nominal:
    return NominalFactory.create(
        unit=unit,
        offender_manager=manager,
        supervisor=supervisor,
        surname=surname,
        registered_on=D(2020, 1, 6),
        **kwargs,
    )


@pytest.fixture
def team(unit, sibling_unit, manager, colleague, supervisor, sibling_manager) -> Unit:
    """Two officers and an unallocated person in PPU North; one person in PPU South.

    Monthly (very high) people make November's figures; see each name.
    """
    sup, mgr, col = supervisor, manager, colleague
    on_time = person(unit, mgr, sup, "Ontime")
    approve(on_time, "very_high", by=sup, proposer=mgr)
    visit(on_time, mgr, D(2026, 10, 10))
    visit(on_time, mgr, D(2026, 11, 9))  # due 10 November: on time

    late = person(unit, mgr, sup, "Latecomer")
    approve(late, "very_high", by=sup, proposer=mgr)
    visit(late, mgr, D(2026, 10, 5))
    visit(late, mgr, D(2026, 11, 8))  # due 5 November: three days late

    not_done = person(unit, col, sup, "Notdone")
    approve(not_done, "very_high", by=sup, proposer=col)
    visit(not_done, col, D(2026, 10, 12))  # due 12 November, not seen: overdue

    no_reply = person(unit, col, sup, "Noreply")
    approve(no_reply, "very_high", by=sup, proposer=col)
    visit(no_reply, col, D(2026, 10, 2))
    visit(no_reply, col, D(2026, 11, 1), outcome="no_reply")  # does not count
    visit(no_reply, col, D(2026, 11, 2), kind="phone")  # not a home visit: does not count

    summer = person(unit, mgr, sup, "Summer")
    approve(summer, "high", by=sup, proposer=mgr)
    visit(summer, mgr, D(2026, 6, 1))  # due 1 September: overdue from earlier months

    weekly = person(unit, col, sup, "Weekly")
    approve(weekly, "low", by=sup, proposer=col)
    plan(weekly, every=1, unit="weeks", by=sup, submitter=col, on=D(2026, 10, 1))
    # Due 4 Nov (seen 2nd: on time), 9th (seen 10th: a day late), 17th (seen 16th: on
    # time), 23rd (today: not counted yet).
    for day in (D(2026, 10, 28), D(2026, 11, 2), D(2026, 11, 10), D(2026, 11, 16)):
        visit(weekly, col, day)

    unallocated = person(unit, None, sup, "Nobodys")
    approve(unallocated, "medium", by=sup, proposer=mgr)
    visit(unallocated, mgr, D(2026, 5, 11))  # due 11 November: not done
    propose(unallocated, "high", proposer=mgr)  # waiting for approval

    custody = person(unit, mgr, sup, "Inside", status=Status.CUSTODY)
    approve(custody, "very_high", by=sup, proposer=mgr)

    sibling_person = person(sibling_unit, sibling_manager, None, "Southerner")
    south_supervisor = UserFactory.create(role=Role.SUPERVISOR, unit=sibling_unit)
    approve(sibling_person, "very_high", by=south_supervisor, proposer=sibling_manager)
    visit(sibling_person, sibling_manager, D(2026, 9, 1))  # overdue, but not PPU North's

    return Unit(
        manager=mgr,
        colleague=col,
        supervisor=sup,
        on_time=on_time,
        late=late,
        not_done=not_done,
        no_reply=no_reply,
        overdue_since_summer=summer,
        weekly_plan=weekly,
        unallocated=unallocated,
        in_custody=custody,
        sibling_person=sibling_person,
    )
