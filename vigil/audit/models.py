"""The append-only audit trail.

One row per view, search, export, change and sign-in event. Rows are never updated or
deleted: the model refuses it, and on PostgreSQL a trigger refuses it too (migration
0002), so even code that bypasses the model cannot rewrite history.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def visible_to(self, user: Any) -> AuditEventQuerySet:
        """Which events a user may read (docs/roles.md).

        System administrators: every event. Register administrators: events by anyone in
        their force. Supervisors: events by anyone in their unit. Everyone else: none.
        The actor's force and unit are those at the time of the event.
        """
        from vigil.accounts.roles import Perm, Role

        if not (user.is_authenticated and user.can(Perm.VIEW_AUDIT)):
            return self.none()
        if user.role == Role.SYSADMIN:
            return self
        if user.role == Role.REGISTER_ADMIN:
            return self.filter(actor_force_id=user.unit.force_id)
        return self.filter(actor_unit_id=user.unit_id)


class AuditEvent(models.Model):
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Kept as written, so the trail still reads right after a user is renamed or moved.
    actor_username = models.CharField(max_length=150, blank=True)
    actor_force_id = models.BigIntegerField(null=True, blank=True)
    actor_unit_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(max_length=80)
    subject_type = models.CharField(max_length=40, blank=True)
    # The subject's public reference (never an internal key).
    subject_ref = models.CharField(max_length=80, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["subject_type", "subject_ref", "at"], name="audit_subject_idx"),
            models.Index(fields=["actor", "at"], name="audit_actor_idx"),
            models.Index(fields=["action", "at"], name="audit_action_idx"),
            models.Index(fields=["actor_force_id", "at"], name="audit_force_idx"),
            models.Index(fields=["actor_unit_id", "at"], name="audit_unit_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username or '-'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError("audit events are append-only")

    @property
    def sentence(self) -> str:
        from vigil.audit.actions import describe

        return describe(self.action)
