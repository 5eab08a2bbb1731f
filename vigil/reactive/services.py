"""Writes about reactive management: each one transaction, with its audit event.

The workflow (issue 6; RULES.md §5.3): an officer proposes a person who meets the
criteria, with the checklist as evidence; a supervisor of the person's unit who did not
propose it approves or declines it, and the criteria are checked again then; an approved
placement may be ended by hand with a reason. Its automatic end is not a write at all:
``queries.in_force`` derives it from the events recorded since the approval. What is
written then is the supervisor's review of it (``end_review_record``), which takes the
notice off their queue.

Refusals a person can act on raise ``ReactiveWorkflowError`` (with every reason),
``NotEligible`` (the unmet criteria) or ``NotAllowed`` (who they are). Audit details
carry row ids, never the personal data (that lives in the history tables). The criteria
and what ends a placement follow the cadence policy given, by default the person's
force's own in force today (``queries.force_policy``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from vigil.audit.services import audit_nominal
from vigil.nominals.models import Nominal
from vigil.policy.cadence import CadencePolicy
from vigil.reactive import queries
from vigil.reactive.access import review_refusal
from vigil.reactive.models import EndDecision, PlacementState, ReactiveEndReview, ReactivePlacement
from vigil.risk.access import approval_refusal


class ReactiveWorkflowError(Exception):
    """The step is not possible in the record's present state; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotEligible(Exception):
    """The person does not meet the criteria; ``checklist.unmet`` says which and why."""

    def __init__(self, checklist: queries.Checklist) -> None:
        self.checklist = checklist
        super().__init__("; ".join(r.detail for r in checklist.unmet))


class AlreadyReviewed(ReactiveWorkflowError):
    """The end of this placement has been reviewed already (perhaps a moment ago)."""

    def __init__(self, review: ReactiveEndReview) -> None:
        on = timezone.localdate(review.reviewed_at)
        super().__init__(
            f"{review.reviewed_by} has already reviewed the end of this reactive management, "
            f"on {on.day} {on:%B %Y}: {review.get_decision_display().lower()}."
        )
        self.review = review


class NotAllowed(PermissionDenied):
    """This person may not take this step (for example, approving their own proposal)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _lock(nominal: Nominal) -> None:
    """Serialise reactive writes for one nominal (one proposal waits at a time)."""
    Nominal.objects.select_for_update().filter(pk=nominal.pk).values_list("pk").first()


def _refuse_if_open(nominal: Nominal, *, today: dt.date, policy: CadencePolicy) -> None:
    waiting = (
        ReactivePlacement.objects.filter(nominal=nominal, state=PlacementState.PENDING)
        .select_related("proposed_by")
        .first()
    )
    if waiting is not None:
        on = timezone.localdate(waiting.proposed_at)
        raise ReactiveWorkflowError(
            f"{waiting.proposed_by} proposed reactive management on {on.day} {on:%B %Y} and "
            "it is still waiting for a supervisor's decision."
        )
    current = queries.in_force(Nominal.objects.filter(pk=nominal.pk), today, policy=policy)
    if isinstance(current.get(nominal.pk), ReactivePlacement):
        raise ReactiveWorkflowError("This person is already on reactive management.")


@transaction.atomic
def placement_propose(
    *,
    actor: Any,
    nominal: Nominal,
    answers: queries.OfficerAnswers,
    rationale: str,
    today: dt.date,
    policy: CadencePolicy | None = None,
) -> ReactivePlacement:
    """Propose reactive management; it waits for a supervisor and changes nothing yet.

    Only a person who meets every criterion may be proposed (``cadence.
    reactive_eligibility`` with what the record holds and the officer's answers for what
    it does not); otherwise ``NotEligible`` with each unmet criterion and its reason
    (nothing is written: the view audits the refusal). The checklist is kept with the
    proposal as its evidence.
    """
    _lock(nominal)
    policy = policy or queries.force_policy(nominal, today=today)
    _refuse_if_open(nominal, today=today, policy=policy)
    if not rationale.strip():
        raise ReactiveWorkflowError("Say why reactive management is right for this person.")
    facts = queries.record_facts(nominal, today=today)
    checked = queries.checklist(facts, answers, today=today, policy=policy)
    if not checked.eligible:
        raise NotEligible(checked)
    now = timezone.now()
    placement = ReactivePlacement(
        nominal=nominal,
        proposed_by=actor,
        proposed_at=now,
        rationale=rationale.strip(),
        evidence=checked.as_evidence(),
        created_by=actor,
        modified_by=actor,
        created_at=now,
        modified_at=now,
    )
    placement.save()
    audit_nominal(actor, "reactive.proposed", nominal, placement=placement.pk)
    return placement


def _pending(nominal: Nominal, pk: int) -> ReactivePlacement:
    placement = ReactivePlacement.objects.select_for_update().filter(nominal=nominal, pk=pk).first()
    if placement is None:
        raise ReactiveWorkflowError("That proposal no longer exists.")
    if placement.state != PlacementState.PENDING:
        raise ReactiveWorkflowError(
            f"That proposal has already been {placement.get_state_display().lower()}."
        )
    return placement


def _decided(placement: ReactivePlacement, actor: Any, state: str, reason: str) -> None:
    now = timezone.now()
    placement.state = state
    placement.decided_by = actor
    placement.decided_at = now
    placement.decision_reason = reason.strip()
    placement.modified_by = actor
    placement.modified_at = now
    placement.version += 1
    placement.save()


@transaction.atomic
def placement_approve(
    *,
    actor: Any,
    nominal: Nominal,
    placement_id: int,
    note: str = "",
    today: dt.date,
    policy: CadencePolicy | None = None,
) -> ReactivePlacement:
    """Approve a proposal: from today the person has no routine visits (RULES.md §5.3).

    Only a supervisor of the person's unit who did not propose it (``risk.access.
    approval_refusal``), else ``NotAllowed``. The criteria are checked again with what
    the record holds today and the proposer's answers: a person who no longer meets them
    is refused with ``NotEligible`` (decline the proposal instead).
    """
    _lock(nominal)
    policy = policy or queries.force_policy(nominal, today=today)
    placement = _pending(nominal, placement_id)
    refusal = approval_refusal(actor, nominal, author_id=placement.proposed_by_id)
    if refusal:
        raise NotAllowed(refusal)
    answers = queries.answers_from_evidence(placement.evidence)
    checked = queries.checklist(
        queries.record_facts(nominal, today=today), answers, today=today, policy=policy
    )
    if not checked.eligible:
        raise NotEligible(checked)
    _decided(placement, actor, PlacementState.APPROVED, note)
    audit_nominal(actor, "reactive.approved", nominal, placement=placement.pk)
    return placement


@transaction.atomic
def placement_decline(
    *, actor: Any, nominal: Nominal, placement_id: int, reason: str
) -> ReactivePlacement:
    """Decline a proposal, saying why; the person's visits carry on as before."""
    _lock(nominal)
    placement = _pending(nominal, placement_id)
    refusal = approval_refusal(actor, nominal, author_id=placement.proposed_by_id)
    if refusal:
        raise NotAllowed(refusal)
    if not reason.strip():
        raise ReactiveWorkflowError("Say why it is declined, so the officer knows.")
    _decided(placement, actor, PlacementState.DECLINED, reason)
    audit_nominal(actor, "reactive.declined", nominal, placement=placement.pk)
    return placement


@transaction.atomic
def placement_end(
    *,
    actor: Any,
    nominal: Nominal,
    placement_id: int,
    reason: str,
    today: dt.date,
    policy: CadencePolicy | None = None,
) -> ReactivePlacement:
    """End reactive management in force by hand, with a reason: visits are due again.

    Returning a person to routine visits is the cautious direction, so any officer who
    may edit the record may do it; a placement already ended (by hand or by an event)
    is refused.
    """
    _lock(nominal)
    policy = policy or queries.force_policy(nominal, today=today)
    current = queries.in_force(Nominal.objects.filter(pk=nominal.pk), today, policy=policy).get(
        nominal.pk
    )
    if not isinstance(current, ReactivePlacement) or current.pk != placement_id:
        raise ReactiveWorkflowError("That reactive management is not in force.")
    if not reason.strip():
        raise ReactiveWorkflowError("Say why reactive management is ending.")
    placement = ReactivePlacement.objects.select_for_update().get(pk=current.pk)
    now = timezone.now()
    placement.ended_at = now
    placement.ended_by = actor
    placement.ended_reason = reason.strip()
    placement.modified_by = actor
    placement.modified_at = now
    placement.version += 1
    placement.save()
    audit_nominal(actor, "reactive.ended", nominal, placement=placement.pk)
    return placement


def _review_of(nominal: Nominal, placement_id: int) -> ReactiveEndReview | None:
    return (
        ReactiveEndReview.objects.filter(nominal=nominal, placement_id=placement_id)
        .select_related("reviewed_by")
        .first()
    )


@transaction.atomic
def end_review_record(
    *,
    actor: Any,
    nominal: Nominal,
    placement_id: int,
    decision: EndDecision | str,
    note: str,
    today: dt.date,
    policy: CadencePolicy | None = None,
) -> ReactiveEndReview:
    """A supervisor records that they have reviewed reactive management an event ended.

    Only a supervisor of the person's unit (``access.review_refusal``), else
    ``NotAllowed``; only the placement an event has ended (``queries.in_force`` gives
    ``Revoked`` for it today); once per placement: a second review is refused with
    ``AlreadyReviewed``, also when two arrive at once (the nominal's lock, and behind it
    the ``reactive_one_end_review`` constraint). The event is kept with the review as it
    was shown. Returning to routine visits needs nothing more: they are due already;
    proposing reactive management again is the usual proposal, made next.
    """
    _lock(nominal)
    refusal = review_refusal(actor, nominal)
    if refusal:
        raise NotAllowed(refusal)
    existing = _review_of(nominal, placement_id)
    if existing is not None:
        raise AlreadyReviewed(existing)
    policy = policy or queries.force_policy(nominal, today=today)
    current = queries.in_force(Nominal.objects.filter(pk=nominal.pk), today, policy=policy).get(
        nominal.pk
    )
    if not isinstance(current, queries.Revoked) or current.placement.pk != placement_id:
        raise ReactiveWorkflowError(
            "That reactive management has not been ended by an event, so there is nothing "
            "to review."
        )
    if decision not in EndDecision.values:
        raise ReactiveWorkflowError("Choose what happens next.")
    if not note.strip():
        raise ReactiveWorkflowError("Say what you reviewed and why you decided this.")
    now = timezone.now()
    review = ReactiveEndReview(
        nominal=nominal,
        placement_id=placement_id,
        trigger=str(current.event.trigger),
        ended_on=current.on,
        reviewed_by=actor,
        reviewed_at=now,
        decision=str(decision),
        note=note.strip(),
        created_by=actor,
        modified_by=actor,
        created_at=now,
        modified_at=now,
    )
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        # Only if two reviews passed the checks at once where the lock does not hold.
        existing = _review_of(nominal, placement_id)
        if existing is None:
            raise
        raise AlreadyReviewed(existing) from None
    audit_nominal(
        actor,
        "reactive.end.reviewed",
        nominal,
        placement=placement_id,
        review=review.pk,
        decision=review.decision,
    )
    return review
