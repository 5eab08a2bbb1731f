"""The obligations engine: the one place that says what is due, for whom, by when.

Facts are stored; obligations are derived (ARCHITECTURE.md principle 1). Each kind of
obligation comes from a *provider*: a function an app registers, which reads its facts
for a whole set of nominals in a fixed number of queries and yields ``Obligation`` rows
(or ``Problem`` rows for records it could not work out). The engine loads the nominals
once, runs every provider, classifies each due date (overdue, due within the policy's
window, upcoming) and sorts overdue first. The work queue, dashboards, reports and API
all read from here, so they cannot disagree.

One bad record never fails the list: a provider that raises for a row reports a Problem
for that nominal and the engine carries on; a provider that fails outright is reported
as a Problem for the whole list, and the other providers' items are still shown.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, NamedTuple, TypeVar, cast

from django.db.models import QuerySet
from django.urls import reverse

from vigil.nominals.models import Nominal, Status
from vigil.obligations import facts as facts_module
from vigil.obligations.facts import Source
from vigil.policy.cadence import CadencePolicy, DueState, classifier

log = logging.getLogger(__name__)
_V = TypeVar("_V")


class Kind(StrEnum):
    """What is due. Labels are what the work queue shows."""

    VISIT = "visit"
    INITIAL_NOTIFICATION = "initial_notification"
    PERIODIC_NOTIFICATION = "periodic_notification"
    WEEKLY_NOTIFICATION = "weekly_notification"
    TRAVEL_RETURN = "travel_return"
    ASSESSMENT_REVIEW = "assessment_review"
    PLAN_REVIEW = "plan_review"
    PLAN_ACTION = "plan_action"
    APPROVAL = "approval"
    PERIOD_END = "period_end"
    INDEFINITE_REVIEW = "indefinite_review"
    RECORD_REVIEW = "record_review"
    FLAG_REVIEW = "flag_review"
    REACTIVE_ENDED = "reactive_ended"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Kind.VISIT: "Home visit",
    Kind.INITIAL_NOTIFICATION: "Initial notification",
    Kind.PERIODIC_NOTIFICATION: "Periodic notification",
    Kind.WEEKLY_NOTIFICATION: "Weekly notification (no fixed abode)",
    Kind.TRAVEL_RETURN: "Return from travel",
    Kind.ASSESSMENT_REVIEW: "Risk assessment review",
    Kind.PLAN_REVIEW: "Risk management plan review",
    Kind.PLAN_ACTION: "Plan action",
    Kind.APPROVAL: "Waiting for approval",
    Kind.PERIOD_END: "End of notification period",
    Kind.INDEFINITE_REVIEW: "Indefinite notification review date",
    Kind.RECORD_REVIEW: "16-week record review",
    Kind.FLAG_REVIEW: "Flag review",
    Kind.REACTIVE_ENDED: "Reactive management ended",
}


class Owner(StrEnum):
    """Whose job it is: the nominal's offender manager, their supervisor, or the force's
    register support officers (as a team)."""

    OFFENDER_MANAGER = "offender_manager"
    SUPERVISOR = "supervisor"
    REGISTER_SUPPORT = "register_support"


class NominalRow(NamedTuple):
    """What the engine loads about each nominal, once, for every provider.

    A named tuple rather than a dataclass: a force's list builds tens of thousands, and
    a tuple is several times cheaper to make."""

    id: int
    reference: str
    forename: str
    surname: str
    status: str
    registered_on: dt.date
    unit_id: int
    force_id: int
    offender_manager_id: int | None
    supervisor_id: int | None

    @property
    def name(self) -> str:
        return f"{self.forename} {self.surname}"


class Link(NamedTuple):
    """Where to go to do it: a URL name and its arguments, resolved only when shown.

    Resolving a URL is a fifth of a force's list if done for every item (docs/
    performance.md); most items of a long list are counted, never shown."""

    name: str
    args: tuple[str | int, ...] = ()
    fragment: str = ""

    def __str__(self) -> str:
        path = reverse(self.name, args=self.args)
        return f"{path}#{self.fragment}" if self.fragment else path


@dataclass(frozen=True, slots=True)
class Obligation:
    nominal: NominalRow
    kind: Kind
    due: dt.date
    owner: Owner
    detail: str = ""
    #: Where to go to do it, when there is a page for it (``link`` is its URL path).
    target: Link | None = None
    state: DueState = DueState.UPCOMING

    @property
    def link(self) -> str:
        return "" if self.target is None else str(self.target)

    @property
    def owner_user_id(self) -> int | None:
        if self.owner is Owner.OFFENDER_MANAGER:
            return self.nominal.offender_manager_id
        if self.owner is Owner.SUPERVISOR:
            return self.nominal.supervisor_id
        return None

    def days_overdue(self, today: dt.date) -> int:
        return max(0, (today - self.due).days)


@dataclass(frozen=True)
class Problem:
    """A record (or a provider) the engine could not work out; shown, never hidden."""

    nominal: NominalRow | None
    kind: Kind
    message: str


@dataclass
class Result:
    items: list[Obligation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def overdue(self) -> list[Obligation]:
        return [o for o in self.items if o.state is DueState.OVERDUE]

    def due_soon(self) -> list[Obligation]:
        return [o for o in self.items if o.state is DueState.DUE_SOON]


@dataclass(frozen=True)
class Context:
    """What a provider is given."""

    rows: dict[int, NominalRow]
    #: The same nominals' ids, for ``nominal_id__in=``: a list for a short list such as
    #: one officer's caseload (each provider's query is then a plain index lookup, and
    #: cheaper to build), else a queryset used as a subquery.
    ids: QuerySet[Nominal, Any] | list[int]
    #: The same nominals as a queryset of ``Nominal`` to filter and annotate per person:
    #: the caller's own queryset where it is long (``Nominal.objects.filter(pk__in=ids)``
    #: would join the table to itself, reading every nominal in the country).
    people: QuerySet[Nominal]
    today: dt.date
    policy: CadencePolicy
    #: Only items due strictly before this day are wanted (an overdue list passes
    #: today), or None for every item. A provider may use it to skip work for people
    #: with nothing due before it, never to leave out an item that is; the engine drops
    #: the later items whatever a provider yields.
    until: dt.date | None = None
    #: Each person's facts from the sources the list's providers declared
    #: (``register(..., facts=...)``), read with the people (``facts.read``): a named
    #: tuple per person, one field per source column.
    facts: dict[int, Any] = field(default_factory=dict)
    #: Reads more than one provider needs, made once per ``collect`` (``shared``).
    _shared: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def shared(self, name: str, read: Callable[[], _V]) -> _V:
        """``read()``, made once for this context however many providers ask for it by
        ``name``: reactive management in force, for instance, is read by both the visits
        and the reactive provider."""
        if name not in self._shared:
            self._shared[name] = read()
        return cast(_V, self._shared[name])


#: Up to this many nominals, providers are given their ids as a list, not a subquery.
_LISTED = 500

Provider = Callable[[Context], Iterable[Obligation | Problem]]
_PROVIDERS: dict[str, tuple[Kind, ...]] = {}
_FUNCTIONS: dict[str, Provider] = {}
_FACTS: dict[str, tuple[Source, ...]] = {}

#: Statuses for which nothing is due: the person has died or is no longer subject.
CLOSED = (Status.DECEASED, Status.NO_LONGER_SUBJECT)


def register(
    name: str, kinds: tuple[Kind, ...], provider: Provider, *, facts: tuple[Source, ...] = ()
) -> None:
    """Add a provider (idempotent by name: AppConfig.ready may run more than once).

    ``facts``: the sources (``facts.Source``) it reads from ``Context.facts``; every
    source any provider of a list declares is read once, with the people."""
    _PROVIDERS[name] = kinds
    _FUNCTIONS[name] = provider
    _FACTS[name] = facts


def providers() -> dict[str, tuple[Kind, ...]]:
    return dict(_PROVIDERS)


def load_rows(nominals: QuerySet[Nominal]) -> dict[int, NominalRow]:
    """One query: the nominals that can have something due."""
    return load(nominals, ())[0]


def load(
    nominals: QuerySet[Nominal], sources: Iterable[Source]
) -> tuple[dict[int, NominalRow], dict[int, Any]]:
    """One query: the nominals that can have something due, and each one's facts from
    ``sources`` (``facts.read``)."""
    wanted = tuple(dict.fromkeys(sources))
    make = NominalRow._make
    n = len(NominalRow._fields)
    people = nominals.exclude(status__in=CLOSED)
    if not wanted:
        return {v[0]: make(v) for v in people.values_list(*NominalRow._fields)}, {}
    make_facts = facts_module.facts_type(facts_module.columns_of(wanted))._make
    rows: dict[int, NominalRow] = {}
    facts: dict[int, Any] = {}
    for v in facts_module.read(people, NominalRow._fields, wanted):
        rows[v[0]] = make(v[:n])
        facts[v[0]] = make_facts(v[n:])
    return rows, facts


def collect(
    nominals: QuerySet[Nominal],
    *,
    today: dt.date,
    policy: CadencePolicy | None = None,
    kinds: Iterable[Kind] | None = None,
    until: dt.date | None = None,
) -> Result:
    """Every obligation for ``nominals`` (already limited to what the reader may see).

    ``kinds`` limits the kinds (providers of no wanted kind are not run); ``until`` limits
    the items to those due strictly before that day, so ``until=today`` gives exactly the
    overdue ones, and lets each provider skip the work for people with nothing due
    before it. The number of queries is one plus a fixed number per provider, whatever
    the number of nominals.

    ``policy`` None: each person's force's cadence policy in force today
    (``vigil.obligations.policies``), one query more; where the nominals' forces have
    different policies, each group is collected with its own. A policy given applies to
    everyone.
    """
    if policy is None:
        from vigil.obligations.policies import collect_by_policy, split_by_policy

        groups = split_by_policy(nominals, on=today)
        if len(groups) > 1:
            return collect_by_policy(groups, today=today, kinds=kinds, until=until)
        policy = groups[0][0]
    wanted = set(kinds) if kinds is not None else set(Kind)
    running = [name for name, provider_kinds in _PROVIDERS.items() if wanted & set(provider_kinds)]
    rows, facts = load(nominals, (s for name in running for s in _FACTS.get(name, ())))
    result = Result()
    if not rows:
        return result
    open_records = nominals.exclude(status__in=CLOSED)
    ids: QuerySet[Nominal, Any] | list[int]
    people: QuerySet[Nominal]
    if len(rows) <= _LISTED:
        ids = list(rows)
        people = Nominal.objects.filter(pk__in=ids)
    else:
        ids, people = open_records.values("id"), open_records.order_by()
    context = Context(
        rows=rows, ids=ids, people=people, today=today, policy=policy, until=until, facts=facts
    )
    state_of = classifier(today=today, policy=policy)
    for name in running:
        provider_kinds = _PROVIDERS[name]
        try:
            for item in _FUNCTIONS[name](context):
                if isinstance(item, Problem):
                    result.problems.append(item)
                elif item.kind in wanted and (until is None or item.due < until):
                    result.items.append(_with_state(item, state_of(item.due)))
        except Exception as exc:
            log.exception("obligations provider %s failed", name)
            result.problems.append(
                Problem(None, provider_kinds[0], f"Could not work out {name}: {exc}")
            )
    result.items.sort(key=lambda o: (o.due, o.kind.value, o.nominal.reference))
    return result


def _with_state(item: Obligation, state: DueState) -> Obligation:
    """``item`` with its state. Set in place: a provider's items are new and nobody holds
    them yet (nothing has hashed them). Building each again cost about 100 ms of a force's
    40,000 overdue items, against 28 ms this way (timeit, one process)."""
    object.__setattr__(item, "state", state)
    return item


def guarded(
    row: NominalRow, kind: Kind, make: Callable[[], Obligation | None]
) -> Iterable[Obligation | Problem]:
    """Run one row's computation; a failure becomes that row's Problem, not the list's."""
    try:
        item = make()
    except Exception as exc:
        log.warning("obligation %s for %s failed: %s", kind, row.reference, exc)
        yield Problem(
            row, kind, f"{kind.label}: could not be worked out ({exc}). Check the record."
        )
        return
    if item is not None:
        yield item
