"""Writing audit events: the one function every view, search, export and change calls."""

from __future__ import annotations

from typing import Any

from vigil.audit import context
from vigil.audit.actions import ACTIONS
from vigil.audit.models import AuditEvent


def audit_log(
    *,
    actor: Any,
    action: str,
    subject_type: str = "",
    subject_ref: str = "",
    detail: dict[str, Any] | None = None,
    reason: str = "",
    actor_username: str = "",
    scope_of: Any = None,
) -> AuditEvent:
    """Append one audit event, stamped with the current request's origin.

    ``actor`` may be None (a failed sign-in: pass the name typed in ``actor_username``, and
    in ``scope_of`` the account it names, if any, so that account's supervisors and
    administrators can see attempts on it). Call it inside the same transaction as the
    change it records, so the change and its audit stand or fall together.
    """
    if action not in ACTIONS:
        raise ValueError(f"unregistered audit action {action!r}: add it to audit.actions")
    ctx = context.current()
    user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    scoped = user if user is not None else scope_of
    unit = getattr(scoped, "unit", None) if scoped is not None else None
    return AuditEvent.objects.create(
        actor=user,
        actor_username=(user.get_username() if user is not None else actor_username)[:150],
        actor_force_id=unit.force_id if unit is not None else None,
        actor_unit_id=unit.pk if unit is not None else None,
        action=action,
        subject_type=subject_type,
        subject_ref=str(subject_ref)[:80],
        detail=detail or {},
        reason=reason,
        client_ip=ctx.client_ip if ctx else None,
        user_agent=ctx.user_agent if ctx else "",
        request_id=ctx.request_id if ctx else "",
    )


def audit_nominal(actor: Any, action: str, nominal: Any, /, **detail: Any) -> AuditEvent:
    """One audit event about a nominal, named by its public reference (ARCHITECTURE.md:
    what leaves the database names a person by reference, never by id)."""
    return audit_log(
        actor=actor,
        action=action,
        subject_type="nominal",
        subject_ref=nominal.reference,
        detail=detail,
    )
