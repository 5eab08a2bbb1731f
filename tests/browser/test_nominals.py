"""An officer creates a nominal through the forms and finds them again by a misspelt name."""

from __future__ import annotations

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")


def test_an_officer_creates_a_record_and_finds_it_by_a_misspelt_name(
    page, live_server, manager, supervisor, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    _sign_in(page, live_server, "manager")

    page.click("text=New record")
    assert_accessible(page, "create")
    # First with a mistake: the date of birth is in the future.
    page.select_option("#id_category", "rso")
    page.fill("#id_forename", "Catherine")
    page.fill("#id_surname", "Macdonald")
    page.fill("#id_date_of_birth", "2090-01-01")
    page.select_option("#id_gender", "female")
    page.fill("#id_registered_on", "2021-06-01")
    page.select_option("#id_offender_manager", label=str(manager))
    page.click("button:has-text('Continue')")
    assert "The date of birth is in the future" in page.locator(".govuk-error-summary").inner_text()
    assert page.input_value("#id_forename") == "Catherine"
    assert_accessible(page, "create with errors")

    page.fill("#id_date_of_birth", "1983-09-14")
    page.click("button:has-text('Continue')")
    page.wait_for_url("**/nominals/VG-*/")
    reference = page.locator(".govuk-caption-l").inner_text().split("·")[-1].strip()
    assert page.locator("h1").inner_text() == "Catherine Macdonald"
    assert_accessible(page, "overview")
    screenshot(page, "nominal-overview")

    # Add an alias and an address through the section forms.
    page.click("text=Add a name")
    assert_accessible(page, "add a name")
    page.fill("#id_forename", "Kate")
    page.fill("#id_surname", "Dunmore")
    page.click("button:has-text('Save')")
    page.wait_for_url(f"**/nominals/{reference}/#names")
    page.click("text=Add an address")
    page.select_option("#id_kind", "home")
    page.fill("#id_line1", "12 Quarry Road")
    page.fill("#id_town", "Northby")
    page.fill("#id_postcode", "ls6 2ab")
    page.click("button:has-text('Save')")
    page.wait_for_url(f"**/nominals/{reference}/#addresses")
    assert "LS6 2AB" in page.content()

    page.click("text=Change history")
    assert_accessible(page, "history")

    # Find her again by a misspelt name, and by her alias.
    for query in ("Kathryn McDonald", "Kate Dunmore"):
        page.click("text=Find a person")
        page.fill("#id_q", query)
        page.click("button:has-text('Search')")
        assert reference in page.locator("main").inner_text(), query
    assert_accessible(page, "search results")
    screenshot(page, "search-misspelt")
    page.click(f"text={reference}")
    page.wait_for_url(f"**/nominals/{reference}/")

    page.click("text=My caseload")
    assert reference in page.locator("main").inner_text()
    assert_accessible(page, "caseload")
    assert not console_errors, console_errors
