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
