"""Whose obligations a person sees: the one place work queues are scoped."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vigil.accounts.roles import Role
from vigil.nominals.models import Nominal
from vigil.obligations.engine import Kind, Owner, Result, collect

#: Kinds only register support or a supervisor ever owns: an offender manager's queue
#: does not work them out (RECORD_REVIEW is register support's; APPROVAL and
#: REACTIVE_ENDED, the notice that an event ended reactive management, the supervisor's).
_NOT_AN_OFFENDER_MANAGERS = frozenset({Kind.RECORD_REVIEW, Kind.APPROVAL, Kind.REACTIVE_ENDED})


def due_for(user: Any, *, today: dt.date) -> Result:
    """The signed-in person's own work queue, overdue first.

    An offender manager: what is due for the people they manage. A register support
    officer or administrator: the force's record reviews (the team's queue). A supervisor:
    what waits for them (approvals, notices that reactive management ended: their own, or
    no one's when the person has no named supervisor) plus everything overdue in their
    unit, so another supervisor's notice reaches them once it is overdue.
    """
    visible = Nominal.objects.visible_to(user)
    if user.role in (Role.REGISTER_SUPPORT, Role.REGISTER_ADMIN):
        result = collect(visible, today=today, kinds=[Kind.RECORD_REVIEW])
        result.items = [o for o in result.items if o.owner is Owner.REGISTER_SUPPORT]
        return result
    if user.role == Role.SUPERVISOR:
        result = collect(visible.filter(unit_id=user.unit_id), today=today)
        result.items = [
            o
            for o in result.items
            if (o.owner is Owner.SUPERVISOR and o.owner_user_id in (None, user.pk))
            or o.state == "overdue"
        ]
        return result
    result = collect(
        visible.filter(offender_manager=user),
        today=today,
        kinds=[k for k in Kind if k not in _NOT_AN_OFFENDER_MANAGERS],
    )
    result.items = [o for o in result.items if o.owner is Owner.OFFENDER_MANAGER]
    return result
