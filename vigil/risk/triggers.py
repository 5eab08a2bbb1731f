"""Events that call for a risk review: a registry other apps add to.

RULES.md §5.3 (HMICFRS glossary): "any intelligence or changes to their circumstances
should lead to a review of their risk assessment"; issue 5 names a new conviction, an
arrest, a change of address or household, and new intelligence. RULES.md §5.4: ARMS is
reassessed "on significant change" [M].

A provider is a function ``(nominal_ids) -> {nominal_id: [TriggerEvent, ...]}`` that
answers for many nominals at once with a fixed number of queries (ARCHITECTURE.md
principle 3). It returns every such event it knows of; ``cadence`` ignores those on or
before the last review. The risk app registers the two it can see today (addresses and
household members recorded in the nominal record); the registration app adds "new
conviction" and "breach", and the courts and intelligence apps will add "arrest" and
"new intelligence", each from its own ``AppConfig.ready``::

    from vigil.risk import triggers
    triggers.register("registration.convictions", convictions_since, days=conviction_days)

``days`` is the provider's set-based form (``DaysQuery``): the days of its events as a
queryset, so that a list of what is due before a date can leave out, in SQL, the people
no event could bring forward (``risk.queries.reviews_due(until=...)``). It is optional:
while any registered provider has none, nobody is left out on account of events.
``provider_from_days`` builds the provider from its set-based form, so the two cannot
disagree.

An event's day is the day Vigil learned of it (the row's creation, in Europe/London):
an address recorded today with an earlier "from" date is still news to the last review.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Collection
from typing import Any

from django.db import DEFAULT_DB_ALIAS
from django.db.models import QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import TruncDate
from django.utils import timezone

from vigil.policy.cadence import ReviewTrigger, TriggerEvent

NominalIds = Collection[int] | QuerySet[Any] | RawSQL
"""Whose events a provider is asked for: ids, or a queryset or SQL expression of them.
A provider uses it only as ``nominal_id__in=`` (``events_for`` may pass SQL)."""

Provider = Callable[[NominalIds], dict[int, list[TriggerEvent]]]

DaysQuery = Callable[[], QuerySet[Any]]
"""A provider's events in SQL: a queryset of every nominal's events, each row with the
field ``nominal_id`` and the date annotation ``day``.

For every event the provider returns for a nominal on a day, there must be a row with
that ``nominal_id`` and ``day`` (more rows are harmless: they only narrow less). It is
filtered and used as a subquery (``Exists``), so it must be a plain filter of one table:
no ``distinct()``, no slice, no aggregate, and not limited to any nominals.
"""

PROVIDERS: dict[str, Provider] = {}

#: Each provider's set-based form, with the provider it was registered for: a form
#: counts only while its provider is the one registered under that name.
DAYS: dict[str, tuple[Provider, DaysQuery]] = {}


def register(name: str, provider: Provider, *, days: DaysQuery | None = None) -> None:
    """Add a provider under a unique name, with its set-based form if it has one;
    registering the same one again is harmless."""
    existing = PROVIDERS.get(name)
    if existing is not None and existing is not provider:
        raise ValueError(f"review trigger provider {name!r} is already registered")
    known = DAYS.get(name)
    if known is not None and days is not None and known != (provider, days):
        raise ValueError(f"review trigger provider {name!r} already has a set-based form")
    PROVIDERS[name] = provider
    if days is not None:
        DAYS[name] = (provider, days)


def events_for(
    nominal_ids: NominalIds, *, using: str = DEFAULT_DB_ALIAS
) -> dict[int, list[TriggerEvent]]:
    """Every registered provider's events for these nominals: one call per provider.

    ``using`` is the database the providers read. On PostgreSQL a list of ids is sent as
    one array parameter (``IN (SELECT unnest(%s::bigint[]))``), not a placeholder per id: for
    the thousands of people of a force's overdue list (``risk.queries.reviews_due``),
    building, quoting and parsing an ``IN`` list of that length each time cost more than
    the queries (ARCHITECTURE.md principle 3: the query count stays one per provider).
    """
    merged: dict[int, list[TriggerEvent]] = defaultdict(list)
    from vigil.obligations.facts import id_list

    # Never test a queryset for truth here: that would run it, one query more.
    if isinstance(nominal_ids, list | tuple | set | frozenset):
        if not nominal_ids:
            return {}
        nominal_ids = id_list(list(nominal_ids), using=using)
    for provider in PROVIDERS.values():
        for nominal_id, events in provider(nominal_ids).items():
            merged[nominal_id].extend(events)
    return dict(merged)


def days_queries() -> list[QuerySet[Any]] | None:
    """Every registered provider's set-based form (``DaysQuery``), or None if any
    provider has none: then every nominal may have an event, as far as SQL can tell."""
    out = []
    for name, provider in PROVIDERS.items():
        known = DAYS.get(name)
        if known is None or known[0] is not provider:
            return None
        out.append(known[1]())
    return out


def recorded_on() -> TruncDate:
    """The day a row was recorded: its ``created_at`` as a date in Europe/London."""
    return TruncDate("created_at", tzinfo=timezone.get_default_timezone())


def provider_from_days(days: DaysQuery, trigger: ReviewTrigger) -> Provider:
    """The provider whose events are one ``trigger`` on each day of ``days``: one query."""

    def provider(nominal_ids: NominalIds) -> dict[int, list[TriggerEvent]]:
        rows = (
            days()
            .filter(nominal_id__in=nominal_ids)
            .order_by()
            .values_list("nominal_id", "day")
            .distinct()
        )
        out: dict[int, list[TriggerEvent]] = defaultdict(list)
        for nominal_id, day in rows:
            out[nominal_id].append(TriggerEvent(trigger, day))
        return dict(out)

    provider.__doc__ = f"{trigger.value} on each day of {days.__name__}: one query."
    return provider


def address_days() -> QuerySet[Any]:
    """A change of address: an address row recorded for the nominal (issue 5)."""
    from vigil.nominals.models import Address

    return Address.objects.annotate(day=recorded_on())


address_changes = provider_from_days(address_days, ReviewTrigger.CHANGE_OF_ADDRESS)


def _under_18(born: dt.date | None, believed_under_18: bool, on: dt.date) -> bool:
    if born is None:
        return believed_under_18
    return (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < 18


def household_days() -> QuerySet[Any]:
    """A change of household: someone recorded as living with the nominal (issue 5)."""
    from vigil.nominals.models import HouseholdMember

    return HouseholdMember.objects.annotate(day=recorded_on())


def household_changes(nominal_ids: NominalIds) -> dict[int, list[TriggerEvent]]:
    """A change of household: someone recorded as living with the nominal (issue 5).

    A child joining is also its own trigger (``CHILD_JOINED_HOUSEHOLD``), which a
    cadence policy may treat as ending reactive management (RULES.md §5.3). Both fall on
    the day of ``household_days``.
    """
    rows = (
        household_days()
        .filter(nominal_id__in=nominal_ids)
        .order_by()
        .values_list("nominal_id", "day", "date_of_birth", "believed_under_18")
        .distinct()
    )
    out: dict[int, list[TriggerEvent]] = defaultdict(list)
    seen: set[tuple[int, TriggerEvent]] = set()
    for nominal_id, day, born, believed in rows:
        events = [TriggerEvent(ReviewTrigger.CHANGE_OF_HOUSEHOLD, day)]
        if _under_18(born, believed, day):
            events.append(TriggerEvent(ReviewTrigger.CHILD_JOINED_HOUSEHOLD, day))
        for event in events:
            if (nominal_id, event) not in seen:
                seen.add((nominal_id, event))
                out[nominal_id].append(event)
    return dict(out)


def register_defaults() -> None:
    """The providers the risk app can answer from the nominal record itself."""
    register("nominals.addresses", address_changes, days=address_days)
    register("nominals.household", household_changes, days=household_days)
