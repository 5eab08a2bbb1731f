"""An officer sees an overdue periodic notification on the record, records the notification
through the form (first with a mistake), and sees the due date move a year on."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD, NominalFactory
from tests.registration.test_notifications import convict, notify
from vigil.nominals.models import Address, AddressKind
from vigil.policy.dates import add_months


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")


def _day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_an_officer_records_a_notification_and_the_due_date_moves(
    page, live_server, manager, supervisor, unit, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    today = timezone.localdate()
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
    convict(
        nominal,
        manager,
        on=dt.date(2019, 5, 14),
        offence_code="SOA2003-s15A",
        victim_age=14,
        term="18m",
    )
    notify(nominal, manager, "initial", on=dt.date(2019, 5, 15))
    last = today - dt.timedelta(days=380)
    notify(nominal, manager, on=last)
    was_due = add_months(last, 12)

    _sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/nominals/{nominal.reference}/")
    panel = page.locator("#notification-requirements")
    assert "Overdue by" in panel.inner_text()
    assert _day(was_due) in panel.inner_text()
    assert "10 years" in panel.inner_text()
    assert_accessible(page, "overview with notification requirements")
    screenshot(page, "registration-overview-overdue")

    panel.locator("text=Record a notification").click()
    assert_accessible(page, "choose the kind of notification")
    page.check("text=Periodic notification (s.85)")
    page.click("button:has-text('Continue')")
    page.wait_for_url("**/notifications/new/periodic/")
    assert_accessible(page, "periodic notification form")

    # A mistake first: no police station. The form says so and keeps the rest.
    page.fill("#id_station", "")
    page.click("button:has-text('Record the notification')")
    assert "Enter the police station" in page.locator(".govuk-error-summary").inner_text()
    assert page.input_value("#id_received_on") == today.isoformat()
    assert_accessible(page, "periodic notification form with errors")

    page.fill("#id_station", "Northby Police Station")
    page.click("button:has-text('Record the notification')")
    page.wait_for_url("**/notifications/*/")
    main = page.locator("main").inner_text()
    assert "Periodic notification (s.85)" in main
    assert "Print the written acknowledgement" in main
    assert _day(add_months(today, 12)) in main  # the next one is due a year on
    assert "Overdue" not in main
    assert_accessible(page, "notification recorded")
    screenshot(page, "registration-notification-recorded")

    page.click("text=Back to the notification requirements")
    assert_accessible(page, "notification requirements")
    assert "Not yet due" in page.locator("#due ~ table").first.inner_text()

    # The conviction and offence forms, with the offence picker, are accessible too.
    page.click(f"text=Change the conviction of {_day(dt.date(2019, 5, 14))}")
    assert_accessible(page, "conviction form with its offences")
    page.click("text=Add an offence")
    page.fill("#id_offence_code", "SOA2003-s999")
    page.fill("#id_offence_date", "2019-01-02")
    page.select_option("#id_disposal", "fine")
    page.click("button:has-text('Save offence')")
    assert "Did you mean" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "offence form with errors")
    assert not console_errors, console_errors
