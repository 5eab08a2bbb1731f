"""An officer scores Risk Matrix 2000 on the calculator page, and is told when it does not apply."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD

PATH = "/calculators/rm2000/"


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")


def _answer(page, *, sex: str, age: str) -> None:
    page.check(f"input[name='sex'][value='{sex}']")
    page.check("input[name='convicted_of_sexual_offence'][value='yes']")
    page.check("input[name='sexual_offence_at_16_or_over'][value='yes']")
    page.fill("#id_age_at_commencement_of_risk", age)
    page.fill("#id_sexual_appearances", "2")
    page.fill("#id_criminal_appearances", "6")
    page.fill("#id_violent_appearances", "1")
    for name in ("burglary", "male_victim", "stranger_victim", "non_contact_offence", "single"):
        page.check(f"#id_{name}")


def test_an_officer_scores_rm2000_and_is_told_when_the_tool_does_not_apply(
    page, live_server, manager, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    _sign_in(page, live_server, "manager")

    page.goto(f"{live_server.url}{PATH}")
    assert page.locator("h1").inner_text() == "Risk Matrix 2000 calculator"
    assert_accessible(page, "rm2000 calculator")

    # Nothing answered: every missing answer is named, and the summary links to it.
    page.click("button:has-text('Calculate')")
    summary = page.locator(".govuk-error-summary")
    assert "Enter the person's age at the commencement of risk" in summary.inner_text()
    assert_accessible(page, "rm2000 calculator with errors")

    # A woman: no score, and the reason.
    _answer(page, sex="female", age="30")
    page.click("button:has-text('Calculate')")
    summary = page.locator(".govuk-error-summary")
    assert "There is no score" in summary.inner_text()
    assert "Risk Matrix 2000 does not apply: it is for men only" in summary.inner_text()
    assert page.locator("#result").count() == 0
    assert page.input_value("#id_age_at_commencement_of_risk") == "30"  # answers kept
    assert_accessible(page, "rm2000 calculator, tool does not apply")
    screenshot(page, "rm2000-calculator-does-not-apply")
    page.click(".govuk-error-summary a")  # the link goes to the question about sex
    assert page.evaluate("document.activeElement.id") == "id_sex_1"

    # The example: a man of 30.
    page.check("input[name='sex'][value='male']")
    page.click("button:has-text('Calculate')")
    result = page.locator("#result").inner_text()
    assert "RM2000/S (sexual reoffending)\tVery high" in result or "Very high" in result
    assert "High (3 points)" in result
    assert "4 of 4 aggravating factors, raised two levels" in result
    assert "High (5 points)" in result
    assert "RM2000, Feb 2007 scoring guide" in result
    assert "RM2000/S step 1: age 30, band 25-34: 1 point." in result
    assert page.locator(".govuk-error-summary").count() == 0
    assert page.is_checked("#id_single")
    assert_accessible(page, "rm2000 calculator result")
    screenshot(page, "rm2000-calculator-result")
    assert not console_errors, console_errors
