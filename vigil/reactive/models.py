"""Reactive management: who was proposed, with what evidence, and what was decided.

RULES.md §5.3 (HMICFRS glossary; criteria announced 2017): a lower-risk person who meets
the criteria may be managed with no routine home visits; new intelligence or changed
circumstances must bring a review and a possible return to visits. Issue 6: placement
needs a supervisor's approval, and the person is taken off it automatically when
something listed in the criteria changes.

Facts are stored, obligations derived (ARCHITECTURE.md principle 1): this table holds
the proposal, the criteria as they were shown then, the decision and any manual end.
Whether a placement is *in force* today is never stored: it is derived in
``queries.in_force`` from the approval and every revoking event recorded since
(``vigil.policy.cadence.reactive_revoked_by``), so the automatic end needs no job.

Nor is "the supervisor was told" stored (ADR 2): the supervisor's notice is derived
(``providers.reactive_ended``) for as long as no ``ReactiveEndReview`` exists for the
ended placement. The review is the fact: who looked at it, when, and what they decided.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords

from vigil.nominals.models import NominalPart


class PlacementState(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class ReactivePlacement(NominalPart):
    """A proposal to manage a person reactively, and the supervisor's decision on it.

    ``evidence`` is the eligibility checklist exactly as the proposer saw it: each
    criterion, whether it was met, why, and whether the answer came from the record or
    from the officer (Vigil does not yet hold civil orders, intelligence or MAPPA levels).
    An approved placement may be ended by hand (``ended_at``, with a reason); its
    automatic end is derived, never written here.
    """

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    rationale = models.TextField()
    evidence = models.JSONField()
    state = models.CharField(
        max_length=10, choices=PlacementState.choices, default=PlacementState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField(null=True)
    # Required when declining (the officer is told why); an optional note when approving.
    decision_reason = models.TextField(blank=True)
    ended_at = models.DateTimeField(null=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    ended_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [
            models.Index(fields=["nominal", "state", "-decided_at"], name="reactive_latest_idx"),
            models.Index(fields=["state", "nominal"], name="reactive_pending_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nominal"],
                condition=Q(state="pending"),
                name="reactive_one_pending",
                violation_error_message="A proposal for this person is already waiting",
            ),
            models.CheckConstraint(
                condition=(
                    Q(state="pending") & Q(decided_by__isnull=True) & Q(decided_at__isnull=True)
                )
                | (~Q(state="pending") & Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="reactive_decided_when_not_pending",
            ),
            models.CheckConstraint(
                condition=~Q(state="declined") | ~Q(decision_reason=""),
                name="reactive_declined_with_reason",
            ),
            models.CheckConstraint(
                condition=(Q(ended_at__isnull=True) & Q(ended_by__isnull=True) & Q(ended_reason=""))
                | (
                    Q(state="approved")
                    & Q(ended_at__isnull=False)
                    & Q(ended_by__isnull=False)
                    & ~Q(ended_reason="")
                ),
                name="reactive_ended_when_approved_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Reactive management proposed {timezone.localdate(self.proposed_at):%d %b %Y}"

    @property
    def criteria(self) -> list[dict[str, object]]:
        """The checklist rows stored with the proposal (see ``queries.Checklist``)."""
        rows = (self.evidence or {}).get("criteria", [])
        return list(rows) if isinstance(rows, list) else []


class EndDecision(models.TextChoices):
    """What the supervisor decided when reactive management ended by an event."""

    ROUTINE = "routine", "Return to routine home visits"
    PROPOSE_AGAIN = "propose_again", "Propose reactive management again"


class ReactiveEndReview(NominalPart):
    """A supervisor's review of reactive management that an event ended (issue 6).

    One per placement (``reactive_one_end_review``, which also makes a double submit
    safe). ``trigger`` and ``ended_on`` are the event as the supervisor was shown it
    (``queries.Revoked``), so the review still says what it was about if the record
    changes later. The notice in the supervisor's queue is derived: it is there while a
    placement has ended by an event and has no review.
    """

    placement = models.ForeignKey(
        ReactivePlacement, on_delete=models.PROTECT, related_name="end_reviews"
    )
    # A ``vigil.policy.cadence.ReviewTrigger`` value: the event that ended it.
    trigger = models.CharField(max_length=40)
    ended_on = models.DateField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=20, choices=EndDecision.choices)
    note = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reviewed_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["placement"],
                name="reactive_one_end_review",
                violation_error_message="The end of this reactive management is already reviewed",
            ),
            models.CheckConstraint(condition=~Q(note=""), name="reactive_end_review_with_note"),
        ]

    @property
    def words(self) -> str:
        """The event that ended it, in words ("a new conviction")."""
        from vigil.policy.cadence import ReviewTrigger
        from vigil.risk.queries import trigger_words

        return trigger_words(ReviewTrigger(self.trigger))

    def __str__(self) -> str:
        return (
            f"End of reactive management reviewed {timezone.localdate(self.reviewed_at):%d %b %Y}"
        )
