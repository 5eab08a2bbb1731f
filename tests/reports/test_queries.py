"""The dashboard and the late-visits report agree with the obligations engine, count what
the rule says, stay inside their scope, and cost a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import NominalFactory
from tests.reports.conftest import TODAY, approve, at, visit
from vigil.nominals.models import Nominal
from vigil.obligations.engine import Kind, collect
from vigil.policy.cadence import DueState
from vigil.policy.late_visits import Outcome
from vigil.reports import queries
from vigil.reports.access import access_scope
from vigil.reports.queries import Counts

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date


def unit_scope(supervisor):
    return access_scope(supervisor)


def engine_overdue(nominals, kinds):
    result = collect(nominals, today=TODAY)
    return [o for o in result.items if o.kind in kinds and o.state is DueState.OVERDUE]


def test_the_dashboards_overdue_figures_are_the_engines(team, unit) -> None:
    board = queries.dashboard(unit_scope(team.supervisor), today=TODAY)
    nominals = Nominal.objects.filter(unit=unit)
    visits = engine_overdue(nominals, {Kind.VISIT})
    reviews = engine_overdue(nominals, {Kind.ASSESSMENT_REVIEW, Kind.PLAN_REVIEW})
    approvals = [o for o in collect(nominals, today=TODAY).items if o.kind is Kind.APPROVAL]
    assert board.total.overdue_visits == len(visits) == 4
    assert board.total.overdue_reviews == len(reviews) > 0
    assert board.total.approvals == len(approvals) == 1
    by_officer = {line.officer.pk: line for line in board.lines}
    for officer in (team.manager, team.colleague, None):
        line = by_officer[officer.pk if officer else None]
        mine = [o for o in visits if o.nominal.offender_manager_id == (officer and officer.pk)]
        assert line.overdue_visits == len(mine)
        mine = [o for o in reviews if o.nominal.offender_manager_id == (officer and officer.pk)]
        assert line.overdue_reviews == len(mine)


def test_the_dashboard_agrees_with_the_supervisors_work_queue(team) -> None:
    from vigil.obligations.queries import due_for

    board = queries.dashboard(unit_scope(team.supervisor), today=TODAY)
    queue = due_for(team.supervisor, today=TODAY)
    overdue_visits = [o for o in queue.items if o.kind is Kind.VISIT and o.state == "overdue"]
    assert board.total.overdue_visits == len(overdue_visits)


def test_the_dashboard_counts_caseloads_by_the_level_in_force(team) -> None:
    board = queries.dashboard(unit_scope(team.supervisor), today=TODAY)
    lines = {line.officer.pk: line for line in board.lines}
    manager = lines[team.manager.pk]
    # Ontime, Latecomer and Inside (in custody: still on the caseload) very high; Summer high.
    assert manager.caseload == 4
    assert manager.by_level == {"low": 0, "medium": 0, "high": 1, "very_high": 3, "none": 0}
    colleague = lines[team.colleague.pk]
    assert colleague.by_level == {"low": 1, "medium": 0, "high": 0, "very_high": 2, "none": 0}
    assert lines[None].officer.name == "Not allocated"
    assert lines[None].by_level["medium"] == 1
    assert board.total.caseload == 8


def test_the_dashboard_shows_only_the_supervisors_unit(team) -> None:
    board = queries.dashboard(unit_scope(team.supervisor), today=TODAY)
    names = {line.officer.name for line in board.lines}
    assert team.sibling_person.offender_manager.get_full_name() not in names
    assert board.total.caseload == 8  # PPU South's person is not counted
    report = board.month
    assert team.sibling_person.reference not in {c.reference for c in report.cases}


def test_the_dashboards_late_visit_rate_is_this_months_report(team) -> None:
    board = queries.dashboard(unit_scope(team.supervisor), today=TODAY)
    report = queries.late_visits_report(unit_scope(team.supervisor), 2026, 11, today=TODAY)
    assert board.total.late == report.total
    assert board.total.late.rate_text == "63%"  # 5 of 8, rounded half up


def test_novembers_report_so_far_counts_what_the_rule_says(team) -> None:
    report = queries.late_visits_report(unit_scope(team.supervisor), 2026, 11, today=TODAY)
    assert report.in_progress
    lines = {line.officer.pk: line.counts for line in report.lines}
    assert lines[team.manager.pk] == Counts(
        fell_due=2, on_time=1, late=1, not_done=0, overdue_before=1
    )
    assert lines[team.colleague.pk] == Counts(
        fell_due=5, on_time=2, late=1, not_done=2, overdue_before=0
    )
    assert lines[None] == Counts(fell_due=1, not_done=1)
    assert report.total == Counts(fell_due=8, on_time=3, late=2, not_done=3, overdue_before=1)
    cases = {(c.reference, c.visit.due): c for c in report.cases}
    late = cases[(team.late.reference, D(2026, 11, 5))]
    assert (late.visit.outcome, late.visit.seen, late.visit.days_late) == (
        Outcome.LATE,
        D(2026, 11, 8),
        3,
    )
    no_reply = cases[(team.no_reply.reference, D(2026, 11, 2))]
    assert no_reply.visit.outcome is Outcome.NOT_DONE  # a no-reply and a phone call don't count
    summer = cases[(team.overdue_since_summer.reference, D(2026, 9, 1))]
    assert summer.earlier_month
    assert team.in_custody.reference not in {c.reference for c in report.cases}


def test_the_reports_missed_visits_this_month_are_the_engines_overdue_visits(team, unit) -> None:
    """Where no decision was made since the last visit, the report's "not done" visits
    (this month's and those overdue from earlier months) are exactly the engine's overdue
    home visits: the two read the same facts with the same intervals."""
    report = queries.late_visits_report(unit_scope(team.supervisor), 2026, 11, today=TODAY)
    not_done = {c.reference for c in report.cases if c.visit.outcome is Outcome.NOT_DONE}
    engine = {
        o.nominal.reference for o in engine_overdue(Nominal.objects.filter(unit=unit), {Kind.VISIT})
    }
    assert not_done == engine


def test_a_finished_month_counts_to_its_end_and_says_when_a_missed_visit_was_made(
    team, manager, supervisor, unit
) -> None:
    report = queries.late_visits_report(unit_scope(supervisor), 2026, 10, today=TODAY)
    assert not report.in_progress
    assert report.window is not None and report.window.as_of == D(2026, 10, 31)
    person = NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=D(2020, 1, 6)
    )
    approve(person, "very_high", by=supervisor, proposer=manager)
    visit(person, manager, D(2026, 9, 20))  # due 20 October
    visit(person, manager, D(2026, 11, 3))  # after October: not done in October
    report = queries.late_visits_report(unit_scope(supervisor), 2026, 10, today=TODAY)
    case = next(c for c in report.cases if c.reference == person.reference)
    assert (case.visit.due, case.visit.outcome, case.visit.days_late) == (
        D(2026, 10, 20),
        Outcome.NOT_DONE,
        11,
    )
    assert case.visit.seen_later == D(2026, 11, 3)


def test_a_month_that_has_not_begun_has_no_figures(team) -> None:
    report = queries.late_visits_report(unit_scope(team.supervisor), 2026, 12, today=TODAY)
    assert report.window is None
    assert report.total == Counts()
    assert report.cases == []


def test_register_staff_see_the_whole_force_with_unit_totals(team, support, unit) -> None:
    report = queries.late_visits_report(access_scope(support), 2026, 11, today=TODAY)
    assert {u.unit_name for u in report.units} == {"PPU North", "PPU South"}
    north = next(u for u in report.units if u.unit_name == "PPU North")
    assert north.counts == Counts(fell_due=8, on_time=3, late=2, not_done=3, overdue_before=1)
    assert team.sibling_person.reference in {c.reference for c in report.cases}
    one_unit = queries.late_visits_report(access_scope(support, "ppu-north"), 2026, 11, today=TODAY)
    assert one_unit.total == north.counts
    assert one_unit.units == []


def test_another_forces_register_administrator_sees_none_of_ours(team, other_admin) -> None:
    board = queries.dashboard(access_scope(other_admin), today=TODAY)
    assert board.total.caseload == 0
    report = queries.late_visits_report(access_scope(other_admin), 2026, 11, today=TODAY)
    assert report.cases == []


def test_the_drill_down_lists_the_engines_items_for_one_officer(team) -> None:
    scope = unit_scope(team.supervisor)
    colleague = queries.officer_named(scope, team.colleague.username)
    found = queries.obligations_behind(scope, kinds=(Kind.VISIT,), officer=colleague, today=TODAY)
    overdue = [o.nominal.reference for o in found.rows if o.state is DueState.OVERDUE]
    assert sorted(overdue) == sorted([team.not_done.reference, team.no_reply.reference])
    # Weekly is due today: due soon, listed after the overdue ones.
    assert found.rows[-1].nominal.reference == team.weekly_plan.reference
    assert found.due_soon_count == 1
    unallocated = queries.obligations_behind(
        scope, kinds=(Kind.APPROVAL,), officer=queries.UNALLOCATED, today=TODAY, all_states=True
    )
    assert [o.nominal.reference for o in unallocated.rows] == [team.unallocated.reference]


def test_the_caseload_drill_down_filters_by_officer_and_level(team) -> None:
    scope = unit_scope(team.supervisor)
    manager = queries.officer_named(scope, team.manager.username)
    very_high = queries.caseload_behind(scope, officer=manager, level="very_high")
    assert {n.reference for n in very_high} == {
        team.on_time.reference,
        team.late.reference,
        team.in_custody.reference,
    }
    assert not queries.caseload_behind(scope, officer=manager, level="none").exists()


def _many(unit, manager, supervisor, n: int) -> None:
    for i in range(n):
        person = NominalFactory.create(
            unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=D(2020, 1, 6)
        )
        approve(
            person, ("low", "medium", "high", "very_high")[i % 4], by=supervisor, proposer=manager
        )
        visit(person, manager, D(2026, 9, 1 + i % 28))
        visit(person, manager, D(2026, 10, 1 + i % 28))
        visit(person, manager, D(2026, 11, 1 + i % 20), outcome=("seen", "no_reply")[i % 2])


def test_query_counts_do_not_grow_with_people(unit, manager, colleague, supervisor) -> None:
    scope = access_scope(supervisor)
    _many(unit, manager, supervisor, 5)
    with CaptureQueriesContext(connection) as five_board:
        queries.dashboard(scope, today=TODAY)
    with CaptureQueriesContext(connection) as five_report:
        queries.late_visits_report(scope, 2026, 10, today=TODAY)
    _many(unit, colleague, supervisor, 45)
    with CaptureQueriesContext(connection) as fifty_board:
        board = queries.dashboard(scope, today=TODAY)
    with CaptureQueriesContext(connection) as fifty_report:
        report = queries.late_visits_report(scope, 2026, 10, today=TODAY)
    assert board.total.caseload == 50
    assert report.total.fell_due > 0
    assert len(fifty_board.captured_queries) == len(five_board.captured_queries)
    # Nine, and one for the force's cadence policy in force when the month began.
    assert len(fifty_report.captured_queries) == len(five_report.captured_queries) <= 10


def test_decisions_are_read_as_they_were_then(unit, manager, supervisor) -> None:
    """A level raised after October does not make an October visit late."""
    person = NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=D(2020, 1, 6)
    )
    approve(person, "low", by=supervisor, proposer=manager)
    visit(person, manager, D(2026, 6, 1))
    before = queries.late_visits_report(access_scope(supervisor), 2026, 10, today=TODAY)
    approve(person, "very_high", by=supervisor, proposer=manager, on=D(2026, 11, 10))
    after = queries.late_visits_report(access_scope(supervisor), 2026, 10, today=TODAY)
    assert before.total == after.total == Counts()
    november = queries.late_visits_report(access_scope(supervisor), 2026, 11, today=TODAY)
    (case,) = november.cases
    assert (case.visit.due, case.visit.outcome) == (D(2026, 11, 10), Outcome.NOT_DONE)


def test_visit_times_are_read_in_london(unit, manager, supervisor) -> None:
    """A visit at 00:30 BST on 1 October is 30 September 23:30 UTC: it is October's."""
    person = NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=D(2020, 1, 6)
    )
    approve(person, "very_high", by=supervisor, proposer=manager)
    visit(person, manager, D(2026, 8, 1))
    visit(person, manager, D(2026, 9, 1))
    from vigil.visits.models import Visit

    Visit.objects.create(
        nominal=person,
        status="done",
        visit_type="home_unannounced",
        occurred_at=at(D(2026, 10, 1), hour=0) + dt.timedelta(minutes=30),
        officer=manager,
        outcome="seen",
    )
    september = queries.late_visits_report(access_scope(supervisor), 2026, 9, today=TODAY)
    october = queries.late_visits_report(access_scope(supervisor), 2026, 10, today=TODAY)
    assert september.total == Counts(fell_due=1, on_time=1)
    # Due 1 October, seen that day: on time, and October's (read in UTC it would be
    # 30 September, and October would have nothing due).
    assert october.total == Counts(fell_due=1, on_time=1)


def test_someone_on_reactive_management_has_no_late_visit_as_in_the_engine(
    unit, manager, supervisor
) -> None:
    """RULES.md §5.3: no routine visits under reactive management, in the report as in
    the work queue."""
    from vigil.reactive.models import ReactivePlacement

    person = NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=D(2018, 1, 8)
    )
    approve(person, "low", by=supervisor, proposer=manager, on=D(2018, 2, 1))
    visit(person, manager, D(2025, 1, 10))  # a year ago: a low-risk visit is overdue...
    ReactivePlacement.objects.create(
        nominal=person,
        proposed_by=manager,
        proposed_at=at(D(2025, 5, 20)),
        rationale="Meets the criteria",
        evidence={"criteria": []},
        state="approved",
        decided_by=supervisor,
        decided_at=at(D(2025, 6, 1)),
    )  # ...but not under reactive management
    report = queries.late_visits_report(access_scope(supervisor), 2026, 11, today=TODAY)
    assert report.total == Counts()
    assert engine_overdue(Nominal.objects.filter(pk=person.pk), {Kind.VISIT}) == []
