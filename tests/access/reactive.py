"""The reactive management pages in the access matrix (tests/test_access_matrix.py).

Viewers (officers, register staff, supervisors, analysts) read a person's reactive
management; editors propose it and end it; only a supervisor decides, and only for their
own unit and never on their own proposal, and only a supervisor reviews an end that an
event brought, for their own unit (tests/reactive/test_pages.py and test_review.py cover
those).
"""

from __future__ import annotations

from typing import Any

# The same names as tests/test_access_matrix.py, repeated: that module imports this one.
ROLES = ("manager", "support", "admin", "supervisor", "analyst", "partner", "panel", "sysadmin")
ANON = "anonymous"
OK, REDIRECT, FORBIDDEN = 200, 302, 403
VIEWERS = ("manager", "support", "admin", "supervisor", "analyst")
EDITORS = ("manager", "support", "admin", "supervisor")


def only(*allowed: str) -> dict[str, int]:
    return {ANON: REDIRECT, **{r: (OK if r in allowed else FORBIDDEN) for r in ROLES}}


_N = {"reference": "{nominal}"}

MATRIX: dict[str, tuple[dict[str, Any], dict[str, int]]] = {
    "reactive:approvals": ({}, only("supervisor")),
    "reactive:record": (_N, only(*VIEWERS)),
    "reactive:propose": (_N, only(*EDITORS)),
    "reactive:decide": (
        {"reference": "{reactive_pending_nominal}", "pk": "{reactive_pending}"},
        only("supervisor"),
    ),
    "reactive:end": (
        {"reference": "{reactive_placed_nominal}", "pk": "{reactive_placed}"},
        only(*EDITORS),
    ),
    "reactive:review": (
        {"reference": "{reactive_ended_nominal}", "pk": "{reactive_ended}"},
        only("supervisor"),
    ),
}


def records(*, nominal: Any, manager: Any, supervisor: Any) -> dict[str, str]:
    """Three eligible people in the nominal's unit: one waiting for approval, one placed,
    and one placed last year whose reactive management a conviction recorded today
    ended."""
    import datetime as dt

    from django.utils import timezone

    from tests.reactive.helpers import convict, eligible_person, place, propose

    waiting = eligible_person(nominal.unit, manager, supervisor)
    placed = eligible_person(nominal.unit, manager, supervisor)
    ended = eligible_person(nominal.unit, manager, supervisor)
    pending = propose(waiting, manager)
    approved = place(placed, manager, supervisor)
    today = timezone.localdate()
    revoked = place(ended, manager, supervisor, on=today - dt.timedelta(days=200))
    convict(ended, today)
    return {
        "reactive_pending_nominal": waiting.reference,
        "reactive_pending": str(pending.pk),
        "reactive_placed_nominal": placed.reference,
        "reactive_placed": str(approved.pk),
        "reactive_ended_nominal": ended.reference,
        "reactive_ended": str(revoked.pk),
    }
