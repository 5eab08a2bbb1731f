"""The benchmarks' equality checks work: on a tiny synthetic register (200 nominals, three
forces), every officer's work queue, every force's overdue list and the late-visit report
from the code equal the hand-written SQL's answers, and a difference is caught.

A correctness test, not a timing test: the speed targets live in ``bench/`` (issue 6).
The generator is PostgreSQL's (set-based SQL with PostgreSQL functions), so on SQLite
this is skipped.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from bench import benchmarks as b
from bench.generate import ANCHOR, SCALES, generate
from vigil.accounts.models import Force, User
from vigil.accounts.roles import Role
from vigil.nominals.models import Nominal
from vigil.policy.cadence import ENGLAND_AND_WALES_DEFAULT as POLICY

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the bench generator is PostgreSQL-only"
    ),
]

TODAY = ANCHOR


@pytest.fixture
def register() -> None:
    report = generate(SCALES["tiny"])
    # Deferred foreign keys are checked now, not at a commit the test never reaches.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert report.rows["nominals_nominal"] == 200
    assert report.rows["visits_visit"] > 1000


def test_the_register_looks_like_a_register(register) -> None:
    references = list(Nominal.objects.values_list("reference", flat=True))
    assert len(set(references)) == 200
    assert all(len(r) == 12 and r[:3] == "VG-" and r[7] == "-" for r in references)
    assert Force.objects.count() == 3
    statuses = set(Nominal.objects.values_list("status", flat=True))
    assert {"community", "custody"} <= statuses


def test_every_work_queue_matches_the_sql(register) -> None:
    officers = User.objects.filter(role=Role.OFFENDER_MANAGER).select_related("unit")
    assert officers.count() >= 3
    kinds: set[str] = set()
    for officer in officers:
        orm = b.orm_queue(officer, TODAY)
        assert orm.problems == 0 and orm.uncovered == 0
        b.check_rows(
            officer.username, orm, b.sql_queue(officer.pk, officer.unit.force_id, TODAY, POLICY)
        )
        kinds |= {kind for _, kind, _ in orm.rows}
    # The comparison is not vacuous: the main kinds are in the queues.
    assert {"visit", "periodic_notification", "assessment_review", "plan_review"} <= kinds


def test_every_force_overdue_list_matches_the_sql(register) -> None:
    overdue = 0
    for force_id, _ in b.force_sizes():
        orm = b.orm_force_overdue(force_id, TODAY)
        b.check_rows(f"force {force_id}", orm, b.sql_force_overdue(force_id, TODAY, POLICY))
        overdue += len(orm.rows)
    assert overdue > 20


def test_the_late_visit_report_matches_the_sql(register) -> None:
    for months_back in (1, 2, 5):
        day = TODAY.replace(day=1)
        for _ in range(months_back):
            day = (day - dt.timedelta(days=1)).replace(day=1)
        orm = b.orm_late_visits(day.year, day.month, TODAY)
        sql = b.sql_late_visits(day.year, day.month, TODAY, POLICY)
        b.check_figures(f"{day:%Y-%m}", orm, sql)
        assert sum(f[0] for f in orm.values()) > 5  # visits fell due that month


def test_a_difference_is_caught(register) -> None:
    officer = User.objects.filter(role=Role.OFFENDER_MANAGER).select_related("unit").first()
    assert officer is not None
    orm = b.orm_queue(officer, TODAY)
    sql = b.sql_queue(officer.pk, officer.unit.force_id, TODAY, POLICY)
    nominal, kind, due = sql[0]
    with pytest.raises(b.Mismatch, match="differ"):
        b.check_rows("shifted", orm, [(nominal, kind, due + dt.timedelta(days=1)), *sql[1:]])
    with pytest.raises(b.Mismatch, match="differ"):
        b.check_figures("report", {1: (1, 1, 0, 0, 0)}, {1: (1, 0, 1, 0, 0)})
