"""A register administrator opens their force's visit and review policy from the menu,
adds a version (first with a mistake, then right) and sees it in force. Every page is
checked with axe-core."""

from __future__ import annotations

from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD
from vigil.obligations.models import CadencePolicyVersion


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")


def test_an_administrator_adds_a_version_of_the_forces_policy(
    page, live_server, admin, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    _sign_in(page, live_server, admin.username)
    page.locator(".govuk-service-navigation").get_by_role("link", name="Visit policy").click()
    page.wait_for_url("**/visit-and-review-policy/")
    assert "has no policy of its own in force" in page.locator("main").inner_text()
    assert_accessible(page, "visit and review policy")

    page.click("text=Add a new version")
    page.wait_for_url("**/visit-and-review-policy/new/")
    assert_accessible(page, "visit and review policy form")

    # High risk every 7 months would wait longer than medium (6 months): refused.
    page.fill("#id_effective_from", timezone.localdate().isoformat())
    page.fill("#id_home_visit_high_count", "7")
    page.click("button:has-text('Add this version')")
    summary = page.locator(".govuk-error-summary")
    assert "would wait longer than medium risk" in summary.inner_text()
    assert page.input_value("#id_home_visit_high_count") == "7"  # kept
    assert_accessible(page, "visit and review policy form refused")
    screenshot(page, "visit-and-review-policy-form-refused")

    page.fill("#id_home_visit_high_count", "2")
    page.fill("#id_home_visit_medium_count", "2")
    page.fill("#id_record_review_count", "12")
    page.click("button:has-text('Add this version')")
    page.wait_for_url("**/visit-and-review-policy/")
    main = page.locator("main").inner_text()
    assert "Version 1 added" in main and "differs from the England and Wales default" in main
    assert CadencePolicyVersion.objects.count() == 1
    assert_accessible(page, "visit and review policy with a version")
    screenshot(page, "visit-and-review-policy")
    assert not console_errors
