"""A supervisor opens the dashboard, sees the chart and the table, drills down to the
people behind a figure, and opens the late-visits report."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD, NominalFactory, UserFactory
from vigil.accounts.roles import Role
from vigil.risk.models import DecisionState, RiskLevelDecision
from vigil.visits.models import Visit


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _person(unit, manager, supervisor, surname: str, level: str, *seen: dt.date):
    person = NominalFactory.create(
        unit=unit,
        offender_manager=manager,
        supervisor=supervisor,
        surname=surname,
        registered_on=dt.date(2019, 5, 14),
    )
    RiskLevelDecision.objects.create(
        nominal=person,
        level=level,
        rationale="r",
        proposed_by=manager,
        proposed_at=_at(dt.date(2019, 6, 1)),
        state=DecisionState.APPROVED,
        decided_by=supervisor,
        decided_at=_at(dt.date(2019, 6, 1)),
    )
    for day in seen:
        Visit.objects.create(
            nominal=person,
            status="done",
            visit_type="home_announced",
            occurred_at=_at(day),
            officer=manager,
            outcome="seen",
        )
    return person


def test_a_supervisor_reads_the_dashboard_drills_down_and_opens_the_report(
    page, live_server, manager, colleague, supervisor, unit, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    today = timezone.localdate()

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    # Very high, seen 70 and 40 days ago: the monthly visit is 10 days overdue.
    overdue = _person(unit, manager, supervisor, "Quennell", "very_high", ago(70), ago(40))
    _person(unit, manager, supervisor, "Ashdown", "low", ago(380), ago(20))
    _person(unit, colleague, supervisor, "Brackley", "high", ago(95), ago(10))
    _sign_in(page, live_server, "supervisor")

    page.goto(f"{live_server.url}/dashboard/")
    assert "PPU North" in page.locator("h1").inner_text()
    # The chart is drawn from the data island by the external module.
    chart = page.locator("figure[data-chart='caseload']")
    chart.wait_for(state="visible")
    canvas = chart.locator("canvas[role='img']")
    assert canvas.get_attribute("aria-label")
    assert canvas.bounding_box()["height"] > 100
    table = page.locator("#dashboard-table")
    assert manager.get_full_name() in table.inner_text()
    assert colleague.get_full_name() in table.inner_text()
    assert_accessible(page, "dashboard")
    screenshot(page, "dashboard")

    page.click(f"a:has-text('overdue home visits, {manager.get_full_name()}')")
    page.wait_for_url("**/dashboard/overdue/visits/?officer=manager")
    main = page.locator("main").inner_text()
    assert overdue.reference in main
    assert "1 overdue" in main
    assert_accessible(page, "overdue visits drill-down")

    page.click("text=Back to the dashboard")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.click(f"a:has-text('very high risk, {manager.get_full_name()}')")
    page.wait_for_url("**/dashboard/caseload/?officer=manager&level=very_high")
    assert overdue.reference in page.locator("main").inner_text()
    assert_accessible(page, "caseload drill-down")

    page.goto(f"{live_server.url}/reports/late-visits/")
    assert "Late home visits" in page.locator("h1").inner_text()
    assert page.locator("#late-visits-summary").is_visible()
    assert_accessible(page, "late-visits report")
    screenshot(page, "late-visits")
    with page.expect_download() as download:
        page.click("text=Download the report as a spreadsheet")
    assert download.value.suggested_filename.endswith(".xlsx")

    assert not console_errors, console_errors

    # Bad input: explained on the page (answered 400, which the console reports).
    page.select_option("#id_month", index=1)  # last month
    page.click("button:has-text('Show the report')")
    page.wait_for_url("**/reports/late-visits/?month=*")
    assert_accessible(page, "late-visits report, last month")
    page.goto(f"{live_server.url}/reports/late-visits/?month=2099-01")
    assert "this month or an earlier one" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "late-visits report with an error")
    assert all("status of 400" in e for e in console_errors), console_errors


def test_the_dashboard_works_without_javascript(
    browser, live_server, manager, supervisor, unit, settings
) -> None:
    settings.DEMO_MODE = True
    _person(unit, manager, supervisor, "Quennell", "high", timezone.localdate())
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    _sign_in(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/dashboard/")
    assert page.locator("#dashboard-table").is_visible()
    assert not page.locator("figure[data-chart='caseload']").is_visible()  # no empty chart
    assert manager.get_full_name() in page.locator("#dashboard-table").inner_text()
    context.close()


def test_register_staff_read_the_whole_force_and_choose_a_unit(
    page,
    live_server,
    manager,
    supervisor,
    support,
    sibling_manager,
    unit,
    sibling_unit,
    console_errors,
    settings,
) -> None:
    settings.DEMO_MODE = True
    today = timezone.localdate()
    _person(unit, manager, supervisor, "Quennell", "very_high", today - dt.timedelta(days=45))
    south = UserFactory.create(username="southsup", role=Role.SUPERVISOR, unit=sibling_unit)
    _person(
        sibling_unit, sibling_manager, south, "Southerner", "high", today - dt.timedelta(days=5)
    )
    _sign_in(page, live_server, "support")

    page.goto(f"{live_server.url}/dashboard/")
    assert "all units" in page.locator("h1").inner_text()
    table = page.locator("#dashboard-table").inner_text()
    assert manager.get_full_name() in table and sibling_manager.get_full_name() in table
    assert_accessible(page, "force dashboard")
    page.select_option("#unit-picker", "ppu-south")
    page.click("button:has-text('Show')")
    page.wait_for_url("**/dashboard/?unit=ppu-south")
    assert manager.get_full_name() not in page.locator("#dashboard-table").inner_text()

    page.goto(f"{live_server.url}/reports/late-visits/")
    assert page.locator("#late-visits-summary").is_visible()
    assert_accessible(page, "force late-visits report")
    assert not console_errors, console_errors
