"""An officer works out whether an offence is notifiable, and for how long, in the browser."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")


def test_an_officer_calculates_the_notification_period_for_an_offence(
    page, live_server, manager, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    _sign_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/calculators/notification/")
    assert page.locator("h1").inner_text() == "Notification calculator"
    # Every known offence is offered to the offence box, without JavaScript.
    assert page.locator("#offence-list option").count() > 80
    assert page.get_attribute("#id_offence", "list") == "offence-list"
    assert_accessible(page, "calculator")
    screenshot(page, "calculator-blank")

    # First with mistakes: a negative term, an age under 10, a date in the future.
    page.fill("#id_offence", "SOA2003-s3")
    page.fill("#id_offender_age", "9")
    page.fill("#id_victim_age", "15")
    page.check("#id_disposal_1")  # imprisonment
    page.fill("#id_term", "-24m")
    page.fill("#id_relevant_date", "2999-03-01")
    page.fill("#id_age", "17")
    page.click("button:has-text('Calculate')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "no child under 10" in summary
    assert "A term cannot be negative" in summary
    assert "is in the future" in summary
    assert page.input_value("#id_offence") == "SOA2003-s3", "the input is kept"
    assert page.input_value("#id_term") == "-24m"
    assert_accessible(page, "calculator with errors")
    screenshot(page, "calculator-errors")

    # The error summary links to the fields.
    page.click(".govuk-error-summary a:has-text('A term cannot be negative')")
    assert page.evaluate("document.activeElement.id") == "id_term"

    page.fill("#id_offender_age", "17")
    page.fill("#id_term", "24m")
    page.fill("#id_relevant_date", "2024-03-01")
    page.click("button:has-text('Calculate')")
    answer = page.locator("#answer").inner_text()
    assert "Notifiable under Schedule 3 para 18(a)" in answer
    assert "5 years (halved under s.82(2))" in answer
    assert "28 February 2029" in answer
    assert "s.82(2)" in page.locator("#period-reason").inner_text()
    assert page.locator(".govuk-error-summary").count() == 0
    assert page.input_value("#id_term") == "24m"
    assert_accessible(page, "calculator answer")
    screenshot(page, "calculator-answer")

    # An indefinite period: no last day, and the earliest review date with its reason.
    page.fill("#id_term", "30m")
    page.click("button:has-text('Calculate')")
    answer = page.locator("#answer").inner_text()
    assert "Indefinite" in answer
    assert "Earliest review date" in answer and "1 March 2032" in answer
    assert "s.91B(2)(b)" in page.locator("#review-reason").inner_text()
    assert_accessible(page, "calculator indefinite answer")
    screenshot(page, "calculator-indefinite")
    assert not console_errors, console_errors
