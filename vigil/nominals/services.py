"""Writes to the nominal record: each one transaction, with its audit event.

Concurrent edits: every row carries a version. A form posts back the version it was
loaded at; if the row has moved on since, the save is refused with ``EditConflict``
carrying the row as it now is, so the person can see the other change and decide. The
row is locked while it is compared and written, so two saves cannot both pass the check.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction
from django.utils import timezone

from vigil.audit.services import audit_log
from vigil.nominals.models import Nominal


class EditConflict(Exception):
    """Someone else saved this row after the form was loaded."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("The record was changed by someone else")
        self.current = current


def _changed(before: dict[str, Any], after: dict[str, Any]) -> set[str]:
    return {k for k, v in after.items() if before.get(k) != v}


@transaction.atomic
def nominal_create(*, actor: Any, data: dict[str, Any], reason: str = "") -> Nominal:
    """Create a nominal from validated form data and index its names for search."""
    from vigil.nominals.search import rebuild_name_keys

    now = timezone.now()
    nominal = Nominal(**data, created_by=actor, modified_by=actor, created_at=now, modified_at=now)
    nominal.force_id = nominal.unit.force_id
    nominal.save()
    rebuild_name_keys(nominal)
    audit_log(
        actor=actor,
        action="nominal.created",
        subject_type="nominal",
        subject_ref=nominal.reference,
        reason=reason,
        detail={"category": nominal.category, "unit": nominal.unit_id},
    )
    return nominal


@transaction.atomic
def save_section(
    *,
    actor: Any,
    nominal: Nominal,
    section: str,
    instance: models.Model,
    values: dict[str, Any],
    expected_version: int | None,
) -> models.Model:
    """Add a row to a section (``instance`` unsaved) or change one (``expected_version``).

    ``values`` are the validated form values. Raises ``EditConflict`` when the stored
    row's version is no longer ``expected_version``.
    """
    from vigil.nominals.search import NAME_FIELDS, rebuild_name_keys

    model = type(instance)
    now = timezone.now()
    adding = instance.pk is None
    if adding:
        for field, value in values.items():
            setattr(instance, field, value)
        if model is not Nominal:
            instance.nominal = nominal  # type: ignore[attr-defined]
        instance.created_by = instance.modified_by = actor  # type: ignore[attr-defined]
        instance.created_at = instance.modified_at = now  # type: ignore[attr-defined]
        instance.save()
        before: dict[str, Any] = {}
    else:
        current = model._default_manager.select_for_update().get(pk=instance.pk)
        if current.version != expected_version:  # type: ignore[attr-defined]
            # Audited by the caller: this transaction is about to roll back.
            raise EditConflict(current)
        before = {f: getattr(current, f) for f in values}
        for field, value in values.items():
            setattr(current, field, value)
        current.version += 1  # type: ignore[attr-defined]
        current.modified_by = actor  # type: ignore[attr-defined]
        current.modified_at = now  # type: ignore[attr-defined]
        if model is Nominal:
            current.force_id = current.unit.force_id  # type: ignore[attr-defined]
        current.save()
        instance = current
    if model is Nominal or set(values) & NAME_FIELDS.get(model.__name__, set()):
        rebuild_name_keys(nominal if model is not Nominal else instance)  # type: ignore[arg-type]
    audit_log(
        actor=actor,
        action="nominal.section.added" if adding else "nominal.section.changed",
        subject_type="nominal",
        subject_ref=nominal.reference,
        # Field names only: the values (personal data) live in the history tables.
        detail={
            "section": section,
            "row": instance.pk,
            "fields": sorted(_changed(before, {f: getattr(instance, f) for f in values})),
        },
    )
    return instance
