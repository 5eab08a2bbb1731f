"""Helpers for the reactive management tests: an eligible person, a proposal, a placement,
and the facts that end it, each dated as a test needs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from tests.factories import NominalFactory
from vigil.reactive import queries, services
from vigil.reactive.models import ReactivePlacement
from vigil.registration.models import Conviction
from vigil.risk.models import DecisionState, RiskLevelDecision

ANSWERS = queries.OfficerAnswers(
    civil_order_in_force=False, intelligence_suggests_offending=False, mappa_level=1
)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def approve_level(
    nominal: Any, level: str, manager: Any, supervisor: Any, on: dt.date
) -> RiskLevelDecision:
    return RiskLevelDecision.objects.create(
        nominal=nominal,
        level=level,
        rationale="r",
        proposed_by=manager,
        proposed_at=at(on),
        state=DecisionState.APPROVED,
        decided_by=supervisor,
        decided_at=at(on),
    )


def eligible_person(unit: Any, manager: Any, supervisor: Any, **kwargs: Any) -> Any:
    """Registered 2015, low risk since 2020 (reviewed again in May 2026), nothing recorded
    since: meets every criterion."""
    person = NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, **kwargs
    )
    approve_level(person, "low", manager, supervisor, dt.date(2020, 1, 6))
    approve_level(person, "low", manager, supervisor, dt.date(2026, 5, 4))
    return person


def propose(nominal: Any, manager: Any, today: dt.date | None = None) -> ReactivePlacement:
    return services.placement_propose(
        actor=manager,
        nominal=nominal,
        answers=ANSWERS,
        rationale="Settled for years; monitored by annual notification.",
        today=today or timezone.localdate(),
    )


def place(
    nominal: Any, manager: Any, supervisor: Any, on: dt.date | None = None
) -> ReactivePlacement:
    """Proposed and approved through the services; ``on`` backdates the approval."""
    placement = propose(nominal, manager)
    placement = services.placement_approve(
        actor=supervisor, nominal=nominal, placement_id=placement.pk, today=timezone.localdate()
    )
    if on is not None:
        ReactivePlacement.objects.filter(pk=placement.pk).update(
            proposed_at=at(on, 9), decided_at=at(on)
        )
        placement.refresh_from_db()
    return placement


def convict(nominal: Any, recorded_on: dt.date) -> Conviction:
    """A conviction recorded on ``recorded_on`` (the day it ends reactive management)."""
    return Conviction.objects.create(
        nominal=nominal,
        kind="conviction",
        relevant_on=recorded_on - dt.timedelta(days=3),
        court="Leeds Crown Court",
        created_at=at(recorded_on),
    )
