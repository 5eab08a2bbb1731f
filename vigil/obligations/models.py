"""A force's own cadence policy: the versions its register administrator has set.

ARCHITECTURE.md principle 2: "Force-configurable values (visit cadence per risk level,
review intervals) are a versioned policy object with an England & Wales default". The
object is ``vigil.policy.cadence.CadencePolicy``; this is where a force's versions of it
are kept. A force with no version follows ``ENGLAND_AND_WALES_DEFAULT``.

The model lives with the obligations engine, not with ``Force`` in accounts, because
the engine is what reads it: the policy decides what is due (visits, reviews, the
16-week record review), and every reader of "what is due" already depends on this app.
Accounts stays about who people are and what they may do, and never imports the rules.

Versions are append-only (like the audit trail): a change is a new version from a date,
and the old ones stay, so what was in force on any past day can always be shown again.
The model refuses updates and deletes; on PostgreSQL a trigger refuses them too
(migration 0002).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from vigil.accounts.models import Force


class CadencePolicyVersion(models.Model):
    """One version of a force's visit and review cadence, in force from ``effective_from``.

    In force on a day: the version with the latest ``effective_from`` on or before it;
    of two from the same day, the later-numbered (a correction of a version not yet in
    force is a new version from the same day). ``vigil.obligations.policies`` reads them.
    """

    force = models.ForeignKey(
        Force, on_delete=models.PROTECT, related_name="cadence_policy_versions"
    )
    # 1, 2, 3 ... within the force: the ``CadencePolicy.version`` people see.
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=120)
    effective_from = models.DateField()
    # Every value of the policy as it was validated when the version was made
    # (``policies.as_values``): a later change to the England & Wales default in the
    # code never changes what a force's version said. A value missing here (one added to
    # ``CadencePolicy`` later) is the default's.
    values = models.JSONField()
    # Why it changed: the force's policy reference, a decision, a meeting.
    reason = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["force", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "number"], name="cadencepolicy_number_unique_in_force"
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="cadencepolicy_number_positive"
            ),
        ]
        indexes = [
            models.Index(fields=["force", "effective_from"], name="cadencepolicy_from_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} version {self.number} (from {self.effective_from.isoformat()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("cadence policy versions are append-only: add a new version")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("cadence policy versions are append-only: add a new version")
