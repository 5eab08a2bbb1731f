"""The registration app's facts as review triggers (``vigil.risk.triggers``).

RULES.md §5.3 (HMICFRS glossary): intelligence or changed circumstances lead to a review
of the risk assessment; issue 5 names a new conviction; a failure to comply with the
notification requirements is itself an offence (SOA 2003 s.91, RULES.md §2.4). Each of
these also ends reactive management (``CadencePolicy.reactive_revoking_triggers``).

As for every provider, an event's day is the day Vigil learned of it: the row's creation,
in Europe/London. A conviction from years ago recorded today is still news to the last
review, and to a reactive management decision made without it. Registered from the
reactive app's ``AppConfig.ready`` (it comes after registration and risk).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection

from django.db.models import Model
from django.db.models.functions import TruncDate
from django.utils import timezone

from vigil.policy.cadence import ReviewTrigger, TriggerEvent


def _days(
    model: type[Model], nominal_ids: Collection[int], trigger: ReviewTrigger
) -> dict[int, list[TriggerEvent]]:
    rows = (
        model._default_manager.filter(nominal_id__in=nominal_ids)
        .order_by()
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_default_timezone()))
        .values_list("nominal_id", "day")
        .distinct()
    )
    out: dict[int, list[TriggerEvent]] = defaultdict(list)
    for nominal_id, day in rows:
        out[nominal_id].append(TriggerEvent(trigger, day))
    return dict(out)


def new_convictions(nominal_ids: Collection[int]) -> dict[int, list[TriggerEvent]]:
    """A conviction, finding or caution recorded for the nominal (issue 5: "a new
    conviction"). One query."""
    from vigil.registration.models import Conviction

    return _days(Conviction, nominal_ids, ReviewTrigger.NEW_CONVICTION)


def breaches(nominal_ids: Collection[int]) -> dict[int, list[TriggerEvent]]:
    """A possible breach of the notification requirements recorded (s.91). One query.

    Every record counts, whatever its outcome: the failure came to police notice, which
    calls for a review; an outcome of "no offence" recorded later does not undo that.
    """
    from vigil.registration.models import PossibleBreach

    return _days(PossibleBreach, nominal_ids, ReviewTrigger.BREACH)
