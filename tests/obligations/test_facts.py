"""Each person's facts, read with the people (``obligations.facts``): the same values the
per-person reads give, on SQLite (scalar subqueries) and PostgreSQL (LATERAL joins), in one
query however many people and sources."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.registration.test_notifications import convict, notify
from tests.risk.risk_factories import make_nominal
from tests.risk.test_reviews import approve_level, approve_plan, at
from vigil.nominals.models import Nominal, RecordReview
from vigil.obligations import engine, facts
from vigil.obligations.providers import LAST_RECORD_REVIEW
from vigil.registration.queries import FIRST_CONVICTION, LAST_RESETTING
from vigil.risk.models import DecisionState, PlanStatus, RiskLevelDecision, RiskManagementPlan
from vigil.risk.queries import LEVEL_IN_FORCE, PLAN_IN_FORCE, current_level, current_plan
from vigil.visits.models import Outcome, Visit, VisitStatus, VisitType
from vigil.visits.queries import LAST_SEEN, last_seen_by_nominal

D = dt.date
SOURCES = (
    LEVEL_IN_FORCE,
    PLAN_IN_FORCE,
    LAST_SEEN,
    LAST_RECORD_REVIEW,
    LAST_RESETTING,
    FIRST_CONVICTION,
)


def _visit(nominal, officer, on: dt.date, *, outcome=Outcome.SEEN, time=dt.time(12), **kw) -> None:
    moment = timezone.make_aware(dt.datetime.combine(on, time))
    Visit.objects.create(
        nominal=nominal,
        officer=officer,
        visit_type=kw.pop("visit_type", VisitType.HOME_ANNOUNCED),
        status=VisitStatus.DONE,
        outcome=outcome,
        planned_for=moment,
        occurred_at=moment,
        **kw,
    )


def _read(people) -> dict[int, Any]:
    return engine.load(people, SOURCES)[1]


def test_the_facts_are_the_ones_each_record_gives(unit, manager, supervisor) -> None:
    """Several rows of each table, ties and the ones that must not count: the first in
    each source's own order, as the single-person reads pick it."""
    a = make_nominal(unit, manager, supervisor, registered_on=D(2020, 1, 1))
    approve_level(a, manager, supervisor, "low", D(2024, 1, 1))
    approve_level(a, manager, supervisor, "high", D(2025, 6, 1))
    # The same moment as the last: the later id wins (``-decided_at, -id``).
    approve_level(a, manager, supervisor, "medium", D(2025, 6, 1))
    RiskLevelDecision.objects.create(
        nominal=a,
        level="very_high",
        rationale="waiting",
        proposed_by=manager,
        proposed_at=at(D(2026, 1, 1)),
        state=DecisionState.PENDING,
    )
    approve_plan(a, manager, supervisor, D(2024, 2, 1), D(2025, 2, 1))
    approve_plan(a, manager, supervisor, D(2025, 7, 1), D(2026, 7, 1))
    RiskManagementPlan.objects.create(
        nominal=a, number=3, status=PlanStatus.DRAFT, submitted_by=manager
    )
    _visit(a, manager, D(2025, 3, 1))
    _visit(a, manager, D(2025, 9, 1), outcome=Outcome.NO_REPLY)  # not seen
    _visit(a, manager, D(2025, 10, 1), visit_type=VisitType.OFFICE)  # not at home
    # Seen just after midnight in summer (23:30 on 1 August in UTC): the day is the one
    # in Europe/London.
    _visit(a, manager, D(2025, 8, 2), time=dt.time(0, 30))
    RecordReview.objects.create(
        nominal=a, reviewed_on=D(2025, 1, 1), record_complete=True, flags_reviewed=True
    )
    RecordReview.objects.create(
        nominal=a, reviewed_on=D(2026, 2, 1), record_complete=True, flags_reviewed=True
    )
    convict(a, manager, on=D(2019, 5, 1))
    convict(a, manager, on=D(2018, 3, 1))
    notify(a, manager, "initial", on=D(2020, 1, 1))
    notify(a, manager, on=D(2025, 1, 10))
    b = make_nominal(unit, manager, supervisor, registered_on=D(2024, 1, 1))  # nothing yet

    got = _read(Nominal.objects.all())
    fa, fb = got[a.pk], got[b.pk]
    level = RiskLevelDecision.objects.filter(nominal=a, state="approved").latest("decided_at", "id")
    assert (fa.risk_level, fa.risk_level_on) == (
        current_level(a),
        timezone.localdate(level.decided_at),
    )
    plan = current_plan(a)
    assert plan is not None and plan.number == 2
    assert (fa.plan_pk, fa.plan_on, fa.plan_review_on) == (
        plan.pk,
        timezone.localdate(plan.decided_at),
        plan.review_on,
    )
    assert fa.seen_on == last_seen_by_nominal([a.pk])[a.pk] == D(2025, 8, 2)
    assert fa.record_reviewed_on == D(2026, 2, 1)
    assert fa.first_relevant_on == D(2018, 3, 1)
    assert timezone.localdate(fa.resetting_at) == D(2025, 1, 10)
    assert fb == facts.facts_type(facts.columns_of(SOURCES))(*([None] * len(fb)))


def test_one_query_however_many_people_and_sources(
    unit, manager, supervisor, django_assert_num_queries
) -> None:
    for i in range(12):
        who = make_nominal(unit, manager, supervisor, registered_on=D(2020, 1, 1))
        approve_level(who, manager, supervisor, "medium", D(2025, 1, 1) + dt.timedelta(days=i))
        _visit(who, manager, D(2025, 5, 1))
    with django_assert_num_queries(1):
        rows, got = engine.load(Nominal.objects.all(), SOURCES)
    assert set(rows) == set(got) and len(got) == 12
    assert {f.risk_level for f in got.values()} == {"medium"}


def test_a_closed_record_is_not_read(unit, manager, supervisor) -> None:
    closed = make_nominal(unit, manager, supervisor, status="deceased")
    assert closed.pk not in _read(Nominal.objects.all())


def test_two_sources_may_not_name_a_column_alike() -> None:
    twin = facts.Source("twin", LEVEL_IN_FORCE.rows, (("risk_level", "level"),))
    with pytest.raises(ValueError, match="share a column name"):
        facts.columns_of((LEVEL_IN_FORCE, twin))
