"""The national late-visits figures (``reports.queries.national_late_visit_counts``) are
every force's report summed by officer: the same people, the same rule
(``vigil.policy.late_visits``), computed in one pass.

On SQLite and PostgreSQL with hand-built people in two forces (tests/reports/conftest.py's
``team`` in Mercia, and people in Westmarch, one of them managed from Mercia); and, on
PostgreSQL only, on the bench's tiny generated register (three forces, 200 nominals).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NominalFactory, UserFactory
from tests.reports.conftest import TODAY, approve, plan, visit
from vigil.accounts.models import Force
from vigil.accounts.roles import Role
from vigil.nominals.models import Nominal
from vigil.reports.queries import (
    Counts,
    Scope,
    late_visits_report,
    national_late_visit_counts,
)

pytestmark = pytest.mark.django_db

D = dt.date


def summed_by_force(year: int, month: int, today: dt.date) -> dict[int | None, Counts]:
    """What the benchmark did before: each force's report, summed by officer."""
    out: dict[int | None, Counts] = {}
    for force in Force.objects.order_by("pk"):
        scope = Scope(force=force, unit=None, nominals=Nominal.objects.filter(force=force))
        report = late_visits_report(scope, year, month, today=today)
        for pk, counts in report.counts_by_officer().items():
            out.setdefault(pk, Counts()).add(counts)
    return {pk: c for pk, c in out.items() if c != Counts()}


@pytest.fixture
def westmarch(team, other_unit, manager, supervisor) -> None:
    """People in a second force: one managed there, one managed from Mercia (``manager``),
    one nobody manages, one on a weekly plan, one in custody."""
    east_manager = UserFactory.create(
        username="eastmgr", role=Role.OFFENDER_MANAGER, unit=other_unit
    )
    east_sup = UserFactory.create(username="eastsup", role=Role.SUPERVISOR, unit=other_unit)

    def person(surname: str, officer, **kwargs) -> Nominal:
        return NominalFactory.create(
            unit=other_unit,
            offender_manager=officer,
            supervisor=east_sup,
            surname=surname,
            registered_on=D(2020, 1, 6),
            **kwargs,
        )

    local = person("Eastlate", east_manager)
    approve(local, "very_high", by=east_sup, proposer=east_manager)
    visit(local, east_manager, D(2026, 9, 3))
    visit(local, east_manager, D(2026, 10, 20))  # due 3 October: late

    managed_from_mercia = person("Crossborder", manager)
    approve(managed_from_mercia, "high", by=east_sup, proposer=manager)
    visit(managed_from_mercia, manager, D(2026, 7, 1))  # due 1 October: not done

    nobody = person("Nobody", None)
    approve(nobody, "very_high", by=east_sup, proposer=east_manager)
    visit(nobody, east_manager, D(2026, 6, 1))  # overdue since July

    weekly = person("Weekly", east_manager)
    approve(weekly, "low", by=east_sup, proposer=east_manager)
    plan(weekly, every=1, unit="weeks", by=east_sup, submitter=east_manager, on=D(2026, 9, 1))
    for day in (1, 8, 16, 22, 29):
        visit(weekly, east_manager, D(2026, 10, day))

    away = person("Away", east_manager, status="custody")
    approve(away, "very_high", by=east_sup, proposer=east_manager)


@pytest.mark.parametrize(
    ("year", "month"), [(2026, 6), (2026, 9), (2026, 10), (2026, 11), (2026, 12)]
)
def test_the_national_figures_are_every_forces_report_summed(westmarch, year, month) -> None:
    national = national_late_visit_counts(year, month, today=TODAY)
    assert national == summed_by_force(year, month, TODAY)


def test_october_in_two_forces_is_not_vacuous(westmarch, manager) -> None:
    national = national_late_visit_counts(2026, 10, today=TODAY)
    assert Force.objects.count() == 2
    assert None in national  # the unallocated person's overdue visit
    assert national[None].overdue_before >= 1
    # The person managed from Mercia counts against their Mercian manager.
    assert national[manager.pk].not_done >= 1
    total = Counts()
    for counts in national.values():
        total.add(counts)
    assert total.fell_due > 5 and total.late > 0 and total.on_time > 0


def test_a_month_not_begun_has_no_figures(westmarch) -> None:
    assert national_late_visit_counts(2027, 1, today=TODAY) == {}


def test_the_national_figures_take_a_fixed_number_of_queries(westmarch) -> None:
    with CaptureQueriesContext(connection) as queries:
        national_late_visit_counts(2026, 10, today=TODAY)
    assert len(queries.captured_queries) <= 9


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bench generator is PostgreSQL-only"
)
def test_on_the_generated_register_the_national_figures_are_the_forces_summed() -> None:
    from bench.generate import ANCHOR, SCALES, generate

    generate(SCALES["tiny"])
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert Force.objects.count() == 3
    for year, month in ((2026, 10), (2026, 9), (2026, 6), (2026, 11)):
        national = national_late_visit_counts(year, month, today=ANCHOR)
        assert national == summed_by_force(year, month, ANCHOR)
        if month != 11:  # November has one day due so far (today is 2 November)
            assert sum(c.fell_due for c in national.values()) > 5


def test_the_histories_cut_at_the_anchor_give_the_whole_historys_answer(
    unit, manager, supervisor
) -> None:
    """``_facts`` hands the rule only the approvals in force from the day last seen before
    the month: the figures are those of the rule over the whole history."""
    from vigil.policy.cadence import ENGLAND_AND_WALES_DEFAULT, Interval
    from vigil.policy.late_visits import (
        HomeVisit,
        LevelApproved,
        PlanApproved,
        month_window,
        visits_due_in_month,
    )
    from vigil.policy.risk_levels import RiskLevel

    person = NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=D(2020, 1, 6)
    )
    levels = [
        (D(2021, 3, 1), "low"),
        (D(2025, 1, 1), "very_high"),
        (D(2026, 8, 1), "very_high"),  # the anchor's day, twice: the later one is in force
        (D(2026, 8, 1), "medium"),
        (D(2026, 10, 10), "high"),
    ]
    for on, level in levels:
        approve(person, level, by=supervisor, proposer=manager, on=on)
    plans = [(D(2024, 1, 1), 1, "weeks"), (D(2026, 7, 1), 2, "months")]
    for number, (on, every, per) in enumerate(plans, start=1):
        plan(person, every=every, unit=per, by=supervisor, submitter=manager, on=on, number=number)
    seen = [D(2026, 6, 1), D(2026, 8, 1), D(2026, 10, 20)]
    for day in seen:
        visit(person, manager, day)
    for month in (7, 8, 9, 10, 11):
        window = month_window(2026, month, today=TODAY)
        assert window is not None
        result = visits_due_in_month(
            policy=ENGLAND_AND_WALES_DEFAULT,
            window=window,
            management_start=D(2020, 1, 6),
            visits=[HomeVisit(day, True) for day in seen],
            levels=[LevelApproved(on, RiskLevel(level)) for on, level in levels],
            plans=[PlanApproved(on, Interval.months(every)) for on, every, _ in plans[1:]]
            + [PlanApproved(plans[0][0], Interval.weeks(1))],
        )
        expected = Counts()
        expected.count(result)
        national = national_late_visit_counts(2026, month, today=TODAY)
        assert national.get(manager.pk, Counts()) == expected, month
