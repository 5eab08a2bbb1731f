"""Events that call for a risk review: a registry other apps add to.

RULES.md §5.3 (HMICFRS glossary): "any intelligence or changes to their circumstances
should lead to a review of their risk assessment"; issue 5 names a new conviction, an
arrest, a change of address or household, and new intelligence. RULES.md §5.4: ARMS is
reassessed "on significant change" [M].

A provider is a function ``(nominal_ids) -> {nominal_id: [TriggerEvent, ...]}`` that
answers for many nominals at once with a fixed number of queries (ARCHITECTURE.md
principle 3). It returns every such event it knows of; ``cadence`` ignores those on or
before the last review. The risk app registers the two it can see today (addresses and
household members recorded in the nominal record); the registration app will add "new
conviction", and the courts and intelligence apps "arrest" and "new intelligence", each
from its own ``AppConfig.ready``::

    from vigil.risk import triggers
    triggers.register("registration.convictions", convictions_since)

An event's day is the day Vigil learned of it (the row's creation, in Europe/London):
an address recorded today with an earlier "from" date is still news to the last review.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection

from django.db.models.functions import TruncDate
from django.utils import timezone

from vigil.policy.cadence import ReviewTrigger, TriggerEvent

Provider = Callable[[Collection[int]], dict[int, list[TriggerEvent]]]

PROVIDERS: dict[str, Provider] = {}


def register(name: str, provider: Provider) -> None:
    """Add a provider under a unique name; registering the same one again is harmless."""
    existing = PROVIDERS.get(name)
    if existing is not None and existing is not provider:
        raise ValueError(f"review trigger provider {name!r} is already registered")
    PROVIDERS[name] = provider


def events_for(nominal_ids: Collection[int]) -> dict[int, list[TriggerEvent]]:
    """Every registered provider's events for these nominals: one call per provider."""
    merged: dict[int, list[TriggerEvent]] = defaultdict(list)
    # Never test a queryset for truth here: that would run it, one query more.
    if isinstance(nominal_ids, list | tuple | set | frozenset) and not nominal_ids:
        return {}
    for provider in PROVIDERS.values():
        for nominal_id, events in provider(nominal_ids).items():
            merged[nominal_id].extend(events)
    return dict(merged)


def _recorded_on() -> TruncDate:
    return TruncDate("created_at", tzinfo=timezone.get_default_timezone())


def address_changes(nominal_ids: Collection[int]) -> dict[int, list[TriggerEvent]]:
    """A change of address: an address row recorded for the nominal (issue 5)."""
    from vigil.nominals.models import Address

    rows = (
        Address.objects.filter(nominal_id__in=nominal_ids)
        .annotate(day=_recorded_on())
        .values_list("nominal_id", "day")
        .distinct()
    )
    out: dict[int, list[TriggerEvent]] = defaultdict(list)
    for nominal_id, day in rows:
        out[nominal_id].append(TriggerEvent(ReviewTrigger.CHANGE_OF_ADDRESS, day))
    return dict(out)


def _under_18(born: dt.date | None, believed_under_18: bool, on: dt.date) -> bool:
    if born is None:
        return believed_under_18
    return (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < 18


def household_changes(nominal_ids: Collection[int]) -> dict[int, list[TriggerEvent]]:
    """A change of household: someone recorded as living with the nominal (issue 5).

    A child joining is also its own trigger (``CHILD_JOINED_HOUSEHOLD``), which a
    cadence policy may treat as ending reactive management (RULES.md §5.3).
    """
    from vigil.nominals.models import HouseholdMember

    rows = (
        HouseholdMember.objects.filter(nominal_id__in=nominal_ids)
        .annotate(day=_recorded_on())
        .values_list("nominal_id", "day", "date_of_birth", "believed_under_18")
        .distinct()
    )
    out: dict[int, list[TriggerEvent]] = defaultdict(list)
    for nominal_id, day, born, believed in rows:
        out[nominal_id].append(TriggerEvent(ReviewTrigger.CHANGE_OF_HOUSEHOLD, day))
        if _under_18(born, believed, day):
            out[nominal_id].append(TriggerEvent(ReviewTrigger.CHILD_JOINED_HOUSEHOLD, day))
    return dict(out)


def register_defaults() -> None:
    """The providers the risk app can answer from the nominal record itself."""
    register("nominals.addresses", address_changes)
    register("nominals.household", household_changes)
