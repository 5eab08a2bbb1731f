"""Issue 6: an officer records a visit and the overdue item leaves the work queue."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD, NominalFactory
from vigil.risk.models import DecisionState, RiskLevelDecision
from vigil.visits.models import Visit


def test_recording_a_visit_takes_the_overdue_visit_off_the_work_queue(
    page, live_server, manager, colleague, supervisor, unit, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    long_ago = timezone.now() - dt.timedelta(days=120)
    person = NominalFactory.create(
        unit=unit,
        offender_manager=manager,
        supervisor=supervisor,
        forename="Owen",
        surname="Treharne",
        registered_on=dt.date(2019, 5, 1),
    )
    RiskLevelDecision.objects.create(  # high risk: a visit every 3 months (RULES.md §5.2)
        nominal=person,
        level="high",
        rationale="r",
        proposed_by=manager,
        proposed_at=long_ago,
        state=DecisionState.APPROVED,
        decided_by=supervisor,
        decided_at=long_ago,
    )
    Visit.objects.create(
        nominal=person,
        status="done",
        visit_type="home_announced",
        occurred_at=long_ago,
        officer=manager,
        outcome="seen",
    )

    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", "manager")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")
    queue = page.locator("table", has_text="Your work queue")
    visit_row = queue.locator("tr", has_text="Home visit").filter(has_text="Treharne")
    assert visit_row.count() == 1
    assert "Overdue" in visit_row.inner_text()
    assert_accessible(page, "home with work queue")
    screenshot(page, "work-queue-before")

    visit_row.locator("a", has_text="Home visit").click()
    moment = timezone.localtime() - dt.timedelta(minutes=5)  # it has happened
    page.check("#id_visit_type_1")  # Home visit (announced)
    page.fill("#id_day", moment.date().isoformat())
    page.fill("#id_time", moment.strftime("%H:%M"))
    page.select_option("#id_second_officer", str(colleague.pk))  # high risk: never alone
    page.check("#id_outcome_1")  # Seen
    page.check("#id_identity_confirmed")
    page.check("#id_address_confirmed")
    page.check("#id_children_present_2")  # No
    page.click("button:has-text('Record the visit')")
    errors = page.locator(".govuk-error-summary").all_inner_texts()
    assert not errors, errors
    page.wait_for_url(re.compile(rf"/nominals/{person.reference}/(#visits)?$"))

    page.goto(f"{live_server.url}/")
    queue = page.locator("table", has_text="Your work queue")
    overdue_visits = queue.locator("tr", has_text="Home visit").filter(has_text="Treharne")
    assert overdue_visits.count() == 0
    assert "Treharne" in page.locator("main").inner_text()  # in this week's diary
    assert_accessible(page, "home after the visit")
    screenshot(page, "work-queue-after")
    assert not console_errors, console_errors
