"""The dashboard and the late-visits report follow the force's own cadence policy, and the
report judges a month by the policy in force on its first day ("was this visit late at
the time"). The clock: Monday 23 November 2026 (tests/reports/conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.reports.conftest import TODAY, approve, person, visit
from vigil.accounts.models import Force
from vigil.obligations.engine import Kind
from vigil.obligations.services import cadence_policy_add
from vigil.policy.cadence import Interval
from vigil.policy.risk_levels import RiskLevel
from vigil.reports import queries
from vigil.reports.access import access_scope

D = dt.date


def high_every_2_months(admin: Any, force: Force, on: dt.date) -> None:
    cadence_policy_add(
        actor=admin,
        force=force,
        name="High risk every 2 months",
        effective_from=on,
        changes={"home_visit": {RiskLevel.HIGH: Interval.months(2)}},
        today=on,
    )


def high_seen(unit, manager, supervisor, surname: str, day: dt.date):
    someone = person(unit, manager, supervisor, surname)
    approve(someone, "high", by=supervisor, proposer=manager)
    visit(someone, manager, day)
    return someone


def test_the_dashboard_counts_overdue_visits_by_the_forces_policy(
    admin, home_force, unit, manager, supervisor
) -> None:
    # Seen 10 September: the default's 3 months runs out on 10 December; 2 months, on
    # 10 November (overdue).
    high_seen(unit, manager, supervisor, "Hollins", D(2026, 9, 10))
    scope = access_scope(supervisor)
    assert queries.dashboard(scope, today=TODAY).total.overdue_visits == 0
    high_every_2_months(admin, home_force, D(2026, 10, 1))
    assert queries.dashboard(scope, today=TODAY).total.overdue_visits == 1
    behind = queries.obligations_behind(scope, kinds=[Kind.VISIT], officer=None, today=TODAY)
    assert [(o.kind, o.due) for o in behind.rows] == [(Kind.VISIT, D(2026, 11, 10))]


def test_a_month_is_judged_by_the_policy_in_force_on_its_first_day(
    admin, home_force, unit, manager, supervisor
) -> None:
    """Seen 5 August: due 5 November under the default, 5 October under 2 months."""
    high_seen(unit, manager, supervisor, "Ashworth", D(2026, 8, 5))
    scope = access_scope(supervisor)

    def october():
        return queries.late_visits_report(scope, 2026, 10, today=TODAY).total

    assert october().fell_due == 0
    high_every_2_months(admin, home_force, D(2026, 10, 2))
    # Begun during October: October stays as it was reported...
    assert october().fell_due == 0
    # ...and November counts the visit as overdue from before it began.
    november = queries.late_visits_report(scope, 2026, 11, today=TODAY).total
    assert (november.fell_due, november.overdue_before) == (0, 1)


def test_a_version_in_force_from_the_first_of_the_month_judges_that_month(
    admin, home_force, unit, manager, supervisor
) -> None:
    high_seen(unit, manager, supervisor, "Ashworth", D(2026, 8, 5))
    high_every_2_months(admin, home_force, D(2026, 10, 1))
    report = queries.late_visits_report(access_scope(supervisor), 2026, 10, today=TODAY)
    assert (report.total.fell_due, report.total.not_done) == (1, 1)
    [case] = report.cases
    assert case.visit.due == D(2026, 10, 5)


def test_the_national_figures_use_each_forces_own_policy(
    admin, home_force, unit, other_unit, manager, outsider, supervisor, other_admin
) -> None:
    high_seen(unit, manager, supervisor, "Ashworth", D(2026, 8, 5))
    high_seen(other_unit, outsider, other_admin, "Westlake", D(2026, 8, 5))
    with CaptureQueriesContext(connection) as one_policy:
        assert queries.national_late_visit_counts(2026, 10, today=TODAY) == {}
    high_every_2_months(admin, home_force, D(2026, 10, 1))
    with CaptureQueriesContext(connection) as two_policies:
        national = queries.national_late_visit_counts(2026, 10, today=TODAY)
    assert {pk: (c.fell_due, c.not_done) for pk, c in national.items()} == {manager.pk: (1, 1)}
    # The same as each force's own report.
    ours = queries.late_visits_report(access_scope(admin), 2026, 10, today=TODAY)
    assert ours.counts_by_officer()[manager.pk].fell_due == 1
    # The report's queries once per different policy, and the one read of the policies.
    assert len(two_policies.captured_queries) == 2 * (len(one_policy.captured_queries) - 1) + 1
