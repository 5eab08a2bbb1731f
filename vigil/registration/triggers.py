"""The registration app's facts as review triggers (``vigil.risk.triggers``).

RULES.md §5.3 (HMICFRS glossary): intelligence or changed circumstances lead to a review
of the risk assessment; issue 5 names a new conviction; a failure to comply with the
notification requirements is itself an offence (SOA 2003 s.91, RULES.md §2.4). Each of
these also ends reactive management (``CadencePolicy.reactive_revoking_triggers``).

As for every provider, an event's day is the day Vigil learned of it: the row's creation,
in Europe/London. A conviction from years ago recorded today is still news to the last
review, and to a reactive management decision made without it. Registered, each with its
set-based form (``risk.triggers.DaysQuery``), from the reactive app's ``AppConfig.ready``
(it comes after registration and risk).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from vigil.policy.cadence import ReviewTrigger
from vigil.risk.triggers import provider_from_days, recorded_on


def conviction_days() -> QuerySet[Any]:
    """A conviction, finding or caution recorded for the nominal (issue 5: "a new
    conviction"), on the day it was recorded."""
    from vigil.registration.models import Conviction

    return Conviction.objects.annotate(day=recorded_on())


def breach_days() -> QuerySet[Any]:
    """A possible breach of the notification requirements recorded (s.91), on the day
    it was recorded.

    Every record counts, whatever its outcome: the failure came to police notice, which
    calls for a review; an outcome of "no offence" recorded later does not undo that.
    """
    from vigil.registration.models import PossibleBreach

    return PossibleBreach.objects.annotate(day=recorded_on())


new_convictions = provider_from_days(conviction_days, ReviewTrigger.NEW_CONVICTION)
breaches = provider_from_days(breach_days, ReviewTrigger.BREACH)
