"""Reads of the diary: set-based, a fixed number of queries however many visits.

``last_seen_by_nominal`` and ``last_seen_at`` are for the obligations engine, which
derives the next visit due from the last home visit at which the person was seen.
``week_for`` is for the home page's "this week's diary".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncDate
from django.utils import timezone

from vigil.nominals.models import Nominal
from vigil.obligations.facts import Source
from vigil.policy.risk_levels import RiskLevel
from vigil.visits.models import HOME_VISIT_TYPES, FeedToken, Outcome, Visit, VisitStatus

#: How many recorded visits the nominal overview shows; the rest are on the visits page.
RECENT_ON_OVERVIEW = 5
#: How far back the feed keeps planned visits that were never recorded or moved.
FEED_KEEPS_PAST_DAYS = 14


def _seen(types: Iterable[str]) -> Q:
    return Q(status=VisitStatus.DONE, outcome=Outcome.SEEN, visit_type__in=list(types))


def last_seen_by_nominal(
    nominal_ids: Iterable[int] | QuerySet[Nominal],
    *,
    types: Iterable[str] = HOME_VISIT_TYPES,
) -> dict[int, dt.date]:
    """Each person's last day seen at a home visit (Europe/London), in one query.

    Issue 6: "A visit that did not see the person does not satisfy the visit due", so
    only recorded visits with outcome *seen* count; RULES.md §5.2 (APP *Home visits*):
    the visit is at home or where they can regularly be found, so by default only home
    visits count (pass ``types`` to count other contacts too). People never seen are
    absent from the answer. ``nominal_ids`` may be a queryset of nominals, which is used
    as a subquery (no list of ids is sent to the database).

    Asked person by person (``last_seen_at``): one backward probe of the partial index
    ``visit_home_seen_idx`` each, rather than reading every visit of everyone.
    """
    if isinstance(nominal_ids, QuerySet):
        people = Nominal.objects.filter(pk__in=nominal_ids.values("pk"))  # type: ignore[misc]
    else:
        people = Nominal.objects.filter(pk__in=list(nominal_ids))
    rows = (
        people.order_by()
        .annotate(last=last_seen_at(types=types))
        .filter(last__isnull=False)
        .values_list("pk", "last")
    )
    london = timezone.get_current_timezone()  # once: looking it up per row is slow
    return {nominal_id: last.astimezone(london).date() for nominal_id, last in rows}


def last_seen_at(nominal: Any = None, *, types: Iterable[str] = HOME_VISIT_TYPES) -> Subquery:
    """The moment of the last home visit seen, as a subquery to annotate nominals with.

    ``Nominal.objects.annotate(last_seen=last_seen_at())``; ``nominal`` defaults to the
    outer query's row. Same rule as ``last_seen_by_nominal``.
    """
    outer = nominal if nominal is not None else OuterRef("pk")
    return Subquery(
        Visit.objects.filter(_seen(types), nominal=outer)
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )


def _seen_at_home(nominal: Any) -> QuerySet[Visit]:
    return Visit.objects.filter(_seen(HOME_VISIT_TYPES), nominal=nominal).order_by("-occurred_at")


#: The last day (Europe/London) the person was seen at a home visit, as a fact the
#: obligations engine reads with the people (``obligations.facts``); the same rule as
#: ``last_seen_by_nominal``, one backward probe of ``visit_home_seen_idx`` per person.
LAST_SEEN = Source("visits.last_seen", _seen_at_home, (("seen_on", TruncDate("occurred_at")),))


def current_risk_level(nominal: Nominal) -> RiskLevel | None:
    """The person's approved risk level in force, for the lone-working rule; None if none.

    The risk app owns the rule (``vigil.risk.queries.current_level``, issue 5); imported
    here, not at the top, so the diary does not load the risk app's models on import.
    """
    from vigil.risk.queries import current_level

    return current_level(nominal)


# ---------------------------------------------------------------------------------------
# The diary


@dataclass
class DiaryDay:
    day: dt.date
    visits: list[Visit] = field(default_factory=list)


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _officer_visits(user: Any) -> QuerySet[Visit]:
    """Visits in ``user``'s diary: theirs or as second officer, of people they may see."""
    return Visit.objects.filter(
        Q(officer=user) | Q(second_officer=user),
        nominal__in=Nominal.objects.visible_to(user).values("pk"),
    )


def diary(user: Any, first: dt.date, last: dt.date) -> list[DiaryDay]:
    """``user``'s planned and recorded visits, day by day from ``first`` to ``last``.

    One query. Cancelled visits are left out. Each visit is filed under the day it
    happened (recorded) or is planned for (planned), in Europe/London.
    """
    start, end = _start_of(first), _start_of(last + dt.timedelta(days=1))
    visits = (
        _officer_visits(user)
        .filter(
            Q(status=VisitStatus.PLANNED, planned_for__gte=start, planned_for__lt=end)
            | Q(status=VisitStatus.DONE, occurred_at__gte=start, occurred_at__lt=end)
        )
        .select_related("nominal", "officer", "second_officer")
    )
    by_day: dict[dt.date, list[Visit]] = defaultdict(list)
    for visit in visits:
        assert visit.day is not None
        by_day[visit.day].append(visit)
    count = (last - first).days + 1
    return [
        DiaryDay(day, sorted(by_day[day], key=lambda v: (v.when, v.pk)))
        for day in (first + dt.timedelta(days=i) for i in range(count))
    ]


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_for(user: Any, day: dt.date) -> list[DiaryDay]:
    """The seven days, Monday to Sunday, of the week containing ``day``."""
    monday = monday_of(day)
    return diary(user, monday, monday + dt.timedelta(days=6))


def month_for(user: Any, year: int, month: int) -> list[list[DiaryDay]]:
    """The weeks (Monday to Sunday) covering a calendar month, for a month grid."""
    first = dt.date(year, month, 1)
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    start = monday_of(first)
    end = monday_of(next_month - dt.timedelta(days=1)) + dt.timedelta(days=6)
    days = diary(user, start, end)
    return [days[i : i + 7] for i in range(0, len(days), 7)]


# ---------------------------------------------------------------------------------------
# One person's visits


def visits_of(nominal: Nominal) -> QuerySet[Visit]:
    """Every visit of one person, newest first (``Visit.Meta.ordering``)."""
    return Visit.objects.filter(nominal=nominal).select_related("officer", "second_officer")


def panel(nominal: Nominal, today: dt.date, user: Any) -> dict[str, Any]:
    """The nominal overview's "Visits" block: three queries, however many visits."""
    last_seen = last_seen_by_nominal([nominal.pk]).get(nominal.pk)
    recent = list(
        visits_of(nominal)
        .filter(status=VisitStatus.DONE)
        .order_by("-occurred_at")[:RECENT_ON_OVERVIEW]
    )
    planned = list(visits_of(nominal).filter(status=VisitStatus.PLANNED).order_by("planned_for"))
    return {
        "last_seen": last_seen,
        "recent_visits": recent,
        "planned_visits": planned,
        "today": today,
    }


# ---------------------------------------------------------------------------------------
# The feed


def feed_owner(token: str, *, today: dt.date) -> Any:
    """The officer whose live feed address holds ``token``, if they may still use Vigil.

    None for an unknown or revoked token, and for an account that is disabled or whose
    vetting has lapsed: the same answers sign-in gives (``VettedUserBackend``).
    """
    row = (
        FeedToken.objects.live()
        .filter(token=token, user__is_active=True, user__vetting_expires__gte=today)
        .select_related("user__unit")
        .first()
    )
    return row.user if row is not None else None


def feed_visits(user: Any, *, today: dt.date) -> QuerySet[Visit]:
    """The planned visits an officer's feed carries: theirs, from two weeks ago on."""
    since = _start_of(today - dt.timedelta(days=FEED_KEEPS_PAST_DAYS))
    return (
        _officer_visits(user)
        .filter(status=VisitStatus.PLANNED, planned_for__gte=since)
        .select_related("nominal")
        .order_by("planned_for", "pk")
    )
