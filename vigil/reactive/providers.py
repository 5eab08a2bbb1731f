"""Reactive management in the obligations engine (issue 6): who is told what, derived.

When an event ends reactive management (``queries.in_force`` gives ``Revoked``), the
person is due a home visit and a review *now*, and "the offender manager and supervisor
are told". Both are derived; nothing says "notified" anywhere (ADR 2):

- The offender manager gets the visit as their item (``Kind.VISIT``), due on the day of
  the event, until the person is seen at home on or after that day; then the routine
  visits provider takes over again. The risk review the event calls for comes from
  ``risk_reviews`` (the same event brings it forward).
- The supervisor gets a notice of their own (``Kind.REACTIVE_ENDED``, provider
  ``reactive_ended``), due on the day of the event, whether or not the person has been
  seen since and whatever their status, until a supervisor of the unit records that
  they have reviewed it (``ReactiveEndReview``: who, when, what they decided). An event
  recorded with an earlier date still gives it (overdue from the start), and it stays
  there however long the supervisor is away. It is a kind of its own, not a visit, so
  the dashboard's overdue visits count each visit once (the offender manager's). A new
  placement approved later replaces the ended one, and its own end would need its own
  review.

The supervisor's queue (``obligations.queries.due_for``) shows the notice to the
person's named supervisor (or to every supervisor of the unit when none is named) from
the day, and, once it is overdue, to every supervisor of the unit: any of them may
review it (``access.review_refusal``).

A proposal waiting for a decision is an approval in the supervisor's queue.

``until`` (ADR 5): a notice is due on the day of the event, so people whose event is on
or after ``until`` are left out before the reviews are read; nothing of theirs here is
due before it.
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


def reactive_in_force(ctx: Context) -> dict[int, ReactivePlacement | Revoked]:
    """``queries.in_force`` for the context's nominals, read once however many providers
    ask (the two here, and the visits provider, which gives no routine visit while it is
    in force)."""
    from vigil.reactive.queries import in_force

    return ctx.shared("reactive.in_force", lambda: in_force(ctx.ids, ctx.today, policy=ctx.policy))


def reactive_management(ctx: Context) -> Iterable[Obligation | Problem]:
    """The offender manager's visit due now after reactive management ended, and
    proposals waiting (issue 6).

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


def reactive_ended(ctx: Context) -> Iterable[Obligation | Problem]:
    """The supervisor's notice that an event ended reactive management, until reviewed.

    A fixed number of queries: ``queries.in_force`` (shared with the other readers of
    the same list, so usually none of its own) and the reviews of the ended placements
    (one, only when there are any due before ``until``).
    """
    from vigil.reactive.queries import Revoked, reviewed

    ended = [
        (ctx.rows[pk], state)
        for pk, state in reactive_in_force(ctx).items()
        if isinstance(state, Revoked)
        and pk in ctx.rows
        and (ctx.until is None or state.on < ctx.until)
    ]
    if not ended:
        return
    done = reviewed(state.placement.pk for _, state in ended)
    for row, state in ended:
        if state.placement.pk in done:
            continue
        yield Obligation(
            nominal=row,
            kind=Kind.REACTIVE_ENDED,
            due=state.on,
            owner=Owner.SUPERVISOR,
            detail=state.notice,
            target=Link("reactive:review", (row.reference, state.placement.pk)),
        )


def register_providers() -> None:
    engine.register("reactive_management", (Kind.VISIT, Kind.APPROVAL), reactive_management)
    engine.register("reactive_ended", (Kind.REACTIVE_ENDED,), reactive_ended)
