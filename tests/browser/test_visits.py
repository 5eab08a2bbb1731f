"""An officer plans a visit in the diary, records it as seen, and finds it on the record."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.browser.conftest import ARTIFACTS, assert_accessible, screenshot
from tests.factories import PASSWORD, NominalFactory
from vigil.accounts.models import Nation
from vigil.nominals.models import Address, AddressKind
from vigil.visits.services import non_working_day


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")


def _next(day: dt.date, *, working: bool) -> dt.date:
    """The first day after ``day`` that is (or is not) a working day in England."""
    day += dt.timedelta(days=1)
    while (non_working_day(day, nation=Nation.ENGLAND) is None) != working:
        day += dt.timedelta(days=1)
    return day


def test_an_officer_plans_a_visit_in_the_diary_and_records_it_as_seen(
    page, live_server, manager, supervisor, unit, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    nominal = NominalFactory.create(
        unit=unit,
        offender_manager=manager,
        supervisor=supervisor,
        forename="Bartholomew",
        surname="Quennell",
        registered_on=dt.date(2019, 5, 14),
    )
    Address.objects.create(
        nominal=nominal, kind=AddressKind.HOME, line1="17 Lantern Yard", postcode="LS6 2AB"
    )
    today = timezone.localdate()
    weekend = _next(today, working=False)
    working = _next(today, working=True)
    _sign_in(page, live_server, "manager")

    page.goto(f"{live_server.url}/diary/")
    assert "Week beginning" in page.locator("h1").inner_text()
    assert page.locator("[aria-current='date']").count() == 1
    assert_accessible(page, "diary week")

    # Plan it first for a weekend day or bank holiday: allowed, but warned.
    page.click("a.govuk-button:has-text('Plan a visit')")
    assert_accessible(page, "plan from the diary")
    page.select_option("#id_nominal", str(nominal.pk))
    page.check("#id_visit_type_2")  # Home visit (unannounced)
    page.fill("#id_day", weekend.isoformat())
    page.fill("#id_time", "18:30")
    page.click("button:has-text('Plan the visit')")
    assert "Plan it anyway" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "plan with a weekend warning")

    page.fill("#id_day", working.isoformat())
    page.click("button:has-text('Plan the visit')")
    page.wait_for_url("**/diary/?week=*")
    main = page.locator("main").inner_text()
    assert nominal.reference in main
    assert "Home visit (unannounced)" in main
    assert_accessible(page, "diary with the planned visit")
    screenshot(page, "diary-week")

    page.click("text=Month view")
    page.wait_for_url("**/diary/?month=*")
    assert nominal.reference in page.locator("main").inner_text()
    assert_accessible(page, "diary month")
    screenshot(page, "diary-month")
    page.click("text=Week view")

    # Open it and record it as seen (the officer went early: a visit is recorded once it
    # has happened, so it is recorded as of a moment ago).
    page.goto(f"{live_server.url}/diary/?week={working:%G-W%V}")
    page.click("a:has-text('18:30')")
    page.wait_for_url(f"**/nominals/{nominal.reference}/visits/*/")
    assert_accessible(page, "planned visit")
    page.click("text=Record this visit")
    assert_accessible(page, "record a visit")
    moment = timezone.localtime() - dt.timedelta(minutes=2)
    page.fill("#id_day", moment.date().isoformat())
    page.fill("#id_time", moment.strftime("%H:%M"))
    page.check("#id_outcome_1")  # Seen
    page.check("#id_identity_confirmed")
    page.check("#id_address_confirmed")
    page.check("#id_children_present_2")  # No
    page.fill("#id_vehicles_seen", "Blue Ford Focus outside")
    screenshot(page, "record-visit")
    page.click("button:has-text('Record the visit')")
    page.wait_for_url(f"**/nominals/{nominal.reference}/#visits")

    panel = page.locator("#visits").inner_text()
    assert f"{moment.day} {moment:%B %Y}" in panel  # last seen at a home visit
    assert "Seen" in panel
    assert "No visits planned." in panel
    assert_accessible(page, "overview with the visits panel")
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#visits").screenshot(path=str(ARTIFACTS / "visits-panel.png"))

    page.click("#visits >> text=All visits")
    assert_accessible(page, "all visits")

    page.goto(f"{live_server.url}/diary/feed/")
    page.click("button:has-text('Create a feed address')")
    assert "/diary/feed/" in page.locator("code").inner_text()
    assert_accessible(page, "calendar feed")
    assert not console_errors, console_errors
