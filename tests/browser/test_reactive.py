"""Issue 6: a conviction ends reactive management; the supervisor finds the notice in
their work queue, reviews it (bad input first), and the notice leaves the queue. Every
page is checked with axe-core."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD
from tests.reactive.helpers import convict, eligible_person, place
from vigil.reactive.models import ReactiveEndReview


def test_the_supervisor_reviews_reactive_management_a_conviction_ended(
    page, live_server, unit, manager, supervisor, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    person = eligible_person(unit, manager, supervisor, forename="Nia", surname="Penhallow")
    today = timezone.localdate()
    place(person, manager, supervisor, on=today - dt.timedelta(days=300))
    convict(person, today - dt.timedelta(days=3))  # recorded while the supervisor was away

    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", "supervisor")
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")
    queue = page.locator("table", has_text="Your work queue")
    # The officer's overdue visit says why too; the supervisor's own item is the notice.
    notice = queue.locator("tr", has=page.locator("a", has_text="Reactive management ended"))
    assert notice.count() == 1
    assert "Penhallow" in notice.inner_text()
    assert "Overdue" in notice.inner_text()
    assert_accessible(page, "home with the reactive notice")

    notice.locator("a", has_text="Reactive management ended").click()
    page.wait_for_url(f"**/nominals/{person.reference}/reactive/*/review/")
    assert "A new conviction on" in page.locator("main").inner_text()
    assert_accessible(page, "reactive end review form")

    page.click("button:has-text('Record the review')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Choose what happens next" in summary
    assert "Say what you reviewed and why you decided this" in summary
    assert_accessible(page, "reactive end review form with errors")
    screenshot(page, "reactive-review-errors")

    page.check("input[name=decision][value=routine]")
    page.fill("#id_note", "Spoke to the officer: home visit booked, risk review next week.")
    page.click("button:has-text('Record the review')")
    page.wait_for_url(f"**/nominals/{person.reference}/reactive/")
    main = page.locator("main").inner_text()
    assert "Reviewed by" in main and "home visit booked" in main
    assert_accessible(page, "reactive record after the review")
    screenshot(page, "reactive-record-reviewed")
    assert ReactiveEndReview.objects.count() == 1

    page.goto(f"{live_server.url}/")
    queue = page.locator("table", has_text="Your work queue")
    assert queue.locator("a", has_text="Reactive management ended").count() == 0
    assert not console_errors, console_errors
