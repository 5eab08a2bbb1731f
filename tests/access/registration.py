"""The notification-requirements pages in the access matrix (tests/test_access_matrix.py).

Reading (the requirements page, a notification, a breach, a review) is for everyone who
may see records; recording anything, and printing an acknowledgement to hand to the
offender, is for those who may edit them. Partner-agency users, panel members and system
administrators see nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

ROLES = ["manager", "support", "admin", "supervisor", "analyst", "partner", "panel", "sysadmin"]
VIEWERS = ("manager", "support", "admin", "supervisor", "analyst")
EDITORS = ("manager", "support", "admin", "supervisor")


def only(*allowed: str) -> dict[str, int]:
    return {"anonymous": 302, **{r: (200 if r in allowed else 403) for r in ROLES}}


N = {"reference": "{nominal}"}
MATRIX: dict[str, tuple[dict[str, Any], dict[str, int]]] = {
    "registration:requirements": (N, only(*VIEWERS)),
    "registration:conviction-add": (N, only(*EDITORS)),
    "registration:conviction-edit": ({**N, "pk": "{conviction}"}, only(*EDITORS)),
    "registration:offence-add": ({**N, "pk": "{conviction}"}, only(*EDITORS)),
    "registration:offence-edit": (
        {**N, "pk": "{conviction}", "offence": "{offence}"},
        only(*EDITORS),
    ),
    "registration:override-add": (N, only(*EDITORS)),
    "registration:notification-start": (N, only(*EDITORS)),
    "registration:notification-record": ({**N, "kind": "periodic"}, only(*EDITORS)),
    "registration:notification-detail": ({**N, "pk": "{notification}"}, only(*VIEWERS)),
    "registration:acknowledgement": ({**N, "pk": "{notification}"}, only(*EDITORS)),
    "registration:breach-add": (N, only(*EDITORS)),
    "registration:breach-detail": ({**N, "pk": "{breach}"}, only(*VIEWERS)),
    "registration:period-end": (N, only(*EDITORS)),
    "registration:review-add": (N, only(*EDITORS)),
    "registration:review-detail": ({**N, "pk": "{review}"}, only(*VIEWERS)),
    "registration:review-information": ({**N, "pk": "{review}"}, only(*EDITORS)),
    "registration:review-determination": ({**N, "pk": "{review}"}, only(*EDITORS)),
    "registration:review-appeal": ({**N, "pk": "{review}"}, only(*EDITORS)),
}


def records(*, nominal: Any, manager: Any, supervisor: Any) -> dict[str, str]:
    """A conviction with an offence, a notification, a possible breach and a review."""
    from vigil.registration import services
    from vigil.registration.models import (
        Conviction,
        ConvictionOffence,
        PossibleBreach,
        ReviewApplication,
    )

    conviction = services.conviction_save(
        actor=manager,
        nominal=nominal,
        instance=Conviction(),
        values={
            "kind": "conviction",
            "relevant_on": nominal.registered_on,
            "court": "Northby Crown Court",
        },
    )
    offence = services.offence_save(
        actor=manager,
        conviction=conviction,
        instance=ConvictionOffence(),
        values={
            "offence_code": "SOA2003-s3",
            "offence_date": nominal.registered_on - dt.timedelta(days=200),
            "victim_age": 15,
            "disposal": "imprisonment",
            "term": "3y",
        },
    )
    notification = services.notification_record(
        actor=manager,
        nominal=nominal,
        kind="periodic",
        received_at=timezone.now() - dt.timedelta(days=30),
        station="Northby",
        received_by=manager,
    )
    breach = PossibleBreach.objects.create(
        nominal=nominal,
        deadline_kind="periodic",
        due_on=dt.date(2020, 1, 1),
        deadline_reason="test",
        identified_on=dt.date(2020, 1, 5),
    )
    review = ReviewApplication.objects.create(nominal=nominal, received_on=timezone.localdate())
    return {
        "conviction": str(conviction.pk),
        "offence": str(offence.pk),
        "notification": str(notification.pk),
        "breach": str(breach.pk),
        "review": str(review.pk),
    }
