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
from vigil.policy.cadence import ENGLAND_AND_WALES_DEFAULT, CadencePolicy, DueState, classifier

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

#: Statuses for which nothing is due: the person has died or is no longer subject.
CLOSED = (Status.DECEASED, Status.NO_LONGER_SUBJECT)


def register(name: str, kinds: tuple[Kind, ...], provider: Provider) -> None:
    """Add a provider (idempotent by name: AppConfig.ready may run more than once)."""
    _PROVIDERS[name] = kinds
    _FUNCTIONS[name] = provider


def providers() -> dict[str, tuple[Kind, ...]]:
    return dict(_PROVIDERS)


def load_rows(nominals: QuerySet[Nominal]) -> dict[int, NominalRow]:
    """One query: the nominals that can have something due."""
    values = nominals.exclude(status__in=CLOSED).values_list(
        "id",
        "reference",
        "forename",
        "surname",
        "status",
        "registered_on",
        "unit_id",
        "force_id",
        "offender_manager_id",
        "supervisor_id",
    )
    make = NominalRow._make
    return {v[0]: make(v) for v in values}


def collect(
    nominals: QuerySet[Nominal],
    *,
    today: dt.date,
    policy: CadencePolicy = ENGLAND_AND_WALES_DEFAULT,
    kinds: Iterable[Kind] | None = None,
    until: dt.date | None = None,
) -> Result:
    """Every obligation for ``nominals`` (already limited to what the reader may see).

    ``kinds`` limits the kinds (providers of no wanted kind are not run); ``until`` limits
    the items to those due strictly before that day, so ``until=today`` gives exactly the
    overdue ones, and lets each provider skip the work for people with nothing due
    before it. The number of queries is one plus a fixed number per provider, whatever
    the number of nominals.
    """
    wanted = set(kinds) if kinds is not None else set(Kind)
    rows = load_rows(nominals)
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
    context = Context(rows=rows, ids=ids, people=people, today=today, policy=policy, until=until)
    state_of = classifier(today=today, policy=policy)
    for name, provider_kinds in _PROVIDERS.items():
        if not wanted & set(provider_kinds):
            continue
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
    return Obligation(
        nominal=item.nominal,
        kind=item.kind,
        due=item.due,
        owner=item.owner,
        detail=item.detail,
        target=item.target,
        state=state,
    )


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
