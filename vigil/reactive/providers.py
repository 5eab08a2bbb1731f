"""Reactive management in the obligations engine (issue 6): who is told what, derived.

When an event ends reactive management (``queries.in_force`` gives ``Revoked``), the
person is due a home visit and a review *now*. The offender manager gets the visit as
their item, due on the day of the event, until the person is seen at home on or after
that day; then the routine visits provider takes over again. The risk review the event
calls for comes from ``risk_reviews`` (the same event brings it forward).

The supervisor is told on the day with an item of their own. From the next day the
offender manager's item is overdue, and a supervisor's queue shows everything overdue in
their unit (``obligations.queries.due_for``), so they keep seeing it, once, with the same
words; a second, supervisor-owned copy would count the same visit twice on the
dashboard's overdue visits.

A proposal waiting for a decision is an approval in the supervisor's queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils import timezone

from vigil.obligations import engine
from vigil.obligations.engine import Context, Kind, Link, Obligation, Owner, Problem
from vigil.policy.cadence import APPROVAL_WITHIN

if TYPE_CHECKING:
    from vigil.reactive.models import ReactivePlacement
    from vigil.reactive.queries import Revoked

#: The supervisor's "reactive management ended" item. No engine Kind says that yet, so it
#: is a home visit owned by the supervisor (what it asks for). It is never overdue (see
#: above), so the dashboard never counts it as an overdue visit.
SUPERVISOR_KIND = Kind.VISIT


def reactive_in_force(ctx: Context) -> dict[int, ReactivePlacement | Revoked]:
    """``queries.in_force`` for the context's nominals, read once however many providers
    ask (this one, and the visits provider, which gives no routine visit while it is in
    force)."""
    from vigil.reactive.queries import in_force

    return ctx.shared("reactive.in_force", lambda: in_force(ctx.ids, ctx.today, policy=ctx.policy))


def reactive_management(ctx: Context) -> Iterable[Obligation | Problem]:
    """Visits due now after reactive management ended, and proposals waiting (issue 6).

    A fixed number of queries: ``queries.in_force`` (one; when anyone has an approval,
    one more per trigger provider and one for risk levels), the last visits of the
    revoked (one, only when there are any) and the waiting proposals (one).
    """
    from vigil.obligations.providers import VISITABLE
    from vigil.reactive.queries import Revoked, pending_in
    from vigil.visits.queries import last_seen_by_nominal

    revoked = {
        pk: state
        for pk, state in reactive_in_force(ctx).items()
        if isinstance(state, Revoked) and pk in ctx.rows
    }
    seen = last_seen_by_nominal(list(revoked)) if revoked else {}
    for nominal_id, state in revoked.items():
        row = ctx.rows[nominal_id]
        if row.status not in VISITABLE or state.answered_by(seen.get(nominal_id)):
            continue
        yield Obligation(
            nominal=row,
            kind=Kind.VISIT,
            due=state.on,
            owner=Owner.OFFENDER_MANAGER,
            detail=state.sentence,
            target=Link("visits:record", (row.reference,)),
        )
        if state.on < ctx.today:
            continue  # the offender manager's item is overdue now: the supervisor sees it
        yield Obligation(
            nominal=row,
            kind=SUPERVISOR_KIND,
            due=state.on,
            owner=Owner.SUPERVISOR,
            detail=state.sentence,
            target=Link("reactive:record", (row.reference,)),
        )
    within = dt.timedelta(days=APPROVAL_WITHIN.value)
    for pk, nominal_id, proposed_at in pending_in(ctx.ids):
        waiting = ctx.rows.get(nominal_id)
        if waiting is None:
            continue
        asked_on = timezone.localdate(proposed_at)
        yield Obligation(
            nominal=waiting,
            kind=Kind.APPROVAL,
            due=asked_on + within,
            owner=Owner.SUPERVISOR,
            detail=f"Reactive management, asked for {asked_on:%d %b %Y}",
            target=Link("reactive:decide", (waiting.reference, pk)),
        )


def register_providers() -> None:
    kinds = tuple(dict.fromkeys((Kind.VISIT, SUPERVISOR_KIND, Kind.APPROVAL)))
    engine.register("reactive_management", kinds, reactive_management)
