"""The diary's pages in the access matrix (tests/test_access_matrix.py).

Viewers (officers, register staff, supervisors, analysts) read a person's visits;
editors plan, record, move and cancel them and keep a diary. The calendar feed answers
anyone holding its secret address, signed in or not (calendar apps cannot sign in); a
revoked or unknown address is 404 (tests/visits/test_feed.py).
"""

from __future__ import annotations

import datetime as dt
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
_PLANNED = {**_N, "pk": "{visit_planned}"}
_DONE = {**_N, "pk": "{visit_done}"}

MATRIX: dict[str, tuple[dict[str, Any], dict[str, int]]] = {
    "visits:diary": ({}, only(*EDITORS)),
    "visits:diary-plan": ({}, only(*EDITORS)),
    "visits:feed": ({}, only(*EDITORS)),
    "visits:feed-ics": ({"token": "{visit_feed_token}"}, {ANON: OK, **dict.fromkeys(ROLES, OK)}),
    "visits:list": (_N, only(*VIEWERS)),
    "visits:plan": (_N, only(*EDITORS)),
    "visits:record": (_N, only(*EDITORS)),
    "visits:detail": (_PLANNED, only(*VIEWERS)),
    "visits:record-planned": (_PLANNED, only(*EDITORS)),
    "visits:move": (_PLANNED, only(*EDITORS)),
    "visits:cancel": (_PLANNED, only(*EDITORS)),
    "visits:referral-add": (_DONE, only(*EDITORS)),
}


def records(*, nominal: Any, manager: Any, supervisor: Any) -> dict[str, str]:
    """A planned visit (a week ahead), a recorded one, and the manager's feed address."""
    from django.utils import timezone

    from vigil.visits import services
    from vigil.visits.models import Outcome, VisitType

    now = timezone.now()
    planned = services.visit_plan(
        actor=manager,
        nominal=nominal,
        visit_type=VisitType.HOME_ANNOUNCED,
        planned_for=now + dt.timedelta(days=7),
        officer=manager,
        now=now,
    )
    done = services.visit_record(
        actor=manager,
        nominal=nominal,
        values={
            "visit_type": VisitType.HOME_UNANNOUNCED,
            "occurred_at": now - dt.timedelta(days=1),
            "officer": manager,
            "outcome": Outcome.SEEN,
        },
        risk_level=None,
        now=now,
    )
    token = services.feed_token_create(actor=manager)
    return {
        "visit_planned": str(planned.pk),
        "visit_done": str(done.pk),
        "visit_feed_token": token.token,
    }
