"""The notification-requirements pages: real forms with good and bad input, access for
every persona, audit of every view, query counts that do not grow with the record, and
the s.87(3) acknowledgement PDF."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.access import registration as matrix
from tests.factories import NominalFactory
from tests.registration.test_notifications import REGISTERED, convict, notify
from vigil.audit.models import AuditEvent
from vigil.nominals.models import Address, AddressKind, Nominal
from vigil.registration.models import (
    Conviction,
    ConvictionOffence,
    Notification,
    PossibleBreach,
    ReviewApplication,
    TravelItinerary,
)

D = dt.date


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def nominal(unit, manager, supervisor) -> Nominal:
    """Convicted and registered in 2015; last notified 400 days ago, so overdue now."""
    n = NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=REGISTERED
    )
    convict(n, manager)
    notify(n, manager, "initial", on=REGISTERED)
    notify(n, manager, on=today() - dt.timedelta(days=400))
    Address.objects.create(
        nominal=n,
        kind=AddressKind.HOME,
        line1="1 Quarry Road",
        postcode="LS6 2AB",
        from_date=D(2014, 1, 1),
    )
    return n


def url(name: str, nominal: Nominal, *args: Any) -> str:
    return reverse(f"registration:{name}", args=[nominal.reference, *args])


def _errors(response) -> str:
    return response.content.decode()


# --- The overview panel and the requirements page -------------------------------------------------


def test_the_overview_shows_the_period_and_what_is_overdue(nominal, manager, login_as) -> None:
    response = login_as(manager).get(reverse("nominals:detail", args=[nominal.reference]))
    page = response.content.decode()
    assert "Notification requirements" in page
    assert "Indefinite" in page and "30 months or more" in page
    assert "Overdue by 35 days" in page
    assert "Record a possible breach" in page
    assert "May apply for review from" in page


def test_the_panel_is_not_shown_for_someone_not_on_the_sex_offender_register(
    unit, manager, login_as
) -> None:
    violent = NominalFactory.create(unit=unit, category="violent")
    page = (
        login_as(manager).get(reverse("nominals:detail", args=[violent.reference])).content.decode()
    )
    assert 'id="notification-requirements"' not in page


def test_an_analyst_sees_the_requirements_but_no_links_to_record(
    nominal, analyst, login_as
) -> None:
    page = login_as(analyst).get(url("requirements", nominal)).content.decode()
    assert "Notification requirements" in page and "Sexual assault" in page
    assert "Record a notification" not in page and "Record a possible breach" not in page
    assert AuditEvent.objects.filter(
        actor=analyst, action="registration.requirements.viewed"
    ).exists()


def _grow(nominal: Nominal, manager: Any, n: int) -> None:
    """Add ``n`` of everything the pages list."""
    for i in range(n):
        on = REGISTERED + dt.timedelta(days=30 * (i + 1))
        convict(nominal, manager, on=on, offence_code="SOA2003-s66", victim_age=15, disposal="fine")
        Notification.objects.create(
            nominal=nominal,
            kind="bank_card",
            received_at=timezone.make_aware(dt.datetime.combine(on, dt.time(9))),
            station="Northby",
            received_by=manager,
            event_on=on,
            summary="card",
        )
        trip = TravelItinerary.objects.create(
            nominal=nominal,
            departs_on=on,
            departure_point="Dover",
            destinations="France",
            carriers="Ferry",
            accommodation="Hotel",
            returns_on=on + dt.timedelta(days=5),
            return_point="Dover",
            details_known_on=on,
            returned_on=on + dt.timedelta(days=5),
        )
        Notification.objects.create(
            nominal=nominal,
            kind="travel_departure",
            received_at=timezone.make_aware(dt.datetime.combine(on, dt.time(8))),
            station="Northby",
            received_by=manager,
            summary="trip",
            itinerary=trip,
        )
        PossibleBreach.objects.create(
            nominal=nominal,
            deadline_kind="periodic",
            due_on=on,
            deadline_reason="r",
            identified_on=on + dt.timedelta(days=2),
            outcome="words_of_advice",
            outcome_on=on + dt.timedelta(days=3),
        )
        ReviewApplication.objects.create(
            nominal=nominal,
            received_on=on,
            determined_on=on,
            outcome="continue",
            further_review_years=8,
        )


@pytest.mark.parametrize("which", ["overview", "requirements"])
def test_query_counts_do_not_grow_with_the_record(
    nominal, manager, login_as, django_assert_max_num_queries, which
) -> None:
    client = login_as(manager)
    target = (
        reverse("nominals:detail", args=[nominal.reference])
        if which == "overview"
        else url("requirements", nominal)
    )
    client.get(target)
    with django_assert_max_num_queries(80) as few:
        client.get(target)
    _grow(nominal, manager, 12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(target)
    assert response.status_code == 200


def test_the_notification_page_and_acknowledgement_do_not_grow_either(
    nominal, manager, login_as, django_assert_max_num_queries
) -> None:
    client = login_as(manager)
    n = Notification.objects.filter(nominal=nominal).first()
    assert n is not None
    client.get(url("notification-detail", nominal, n.pk))
    with django_assert_max_num_queries(60) as few:
        client.get(url("notification-detail", nominal, n.pk))
    _grow(nominal, manager, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("notification-detail", nominal, n.pk))


# --- Access ------------------------------------------------------------------------------------


@pytest.fixture
def rows(nominal, manager, supervisor) -> dict[str, str]:
    return {
        "nominal": nominal.reference,
        **matrix.records(nominal=nominal, manager=manager, supervisor=supervisor),
    }


def test_an_officer_of_another_force_gets_404_on_every_page(rows, outsider, login_as) -> None:
    client = login_as(outsider)
    for name, (kwargs, _) in matrix.MATRIX.items():
        filled = {k: str(v).format(**rows) for k, v in kwargs.items()}
        assert client.get(reverse(name, kwargs=filled)).status_code == 404, name
        assert client.post(reverse(name, kwargs=filled), {}).status_code in (403, 404, 405), name


@pytest.mark.parametrize("persona", ["analyst", "partner"])
def test_analysts_and_partners_cannot_record_anything(
    rows, nominal, persona, personas, login_as
) -> None:
    client = login_as(personas[persona])
    before = Notification.objects.count()
    response = client.post(
        url("notification-record", nominal, "periodic"), _received(personas["manager"])
    )
    assert response.status_code == 403
    response = client.post(
        url("breach-detail", nominal, rows["breach"]),
        {"outcome": "arrested", "outcome_on": "2024-01-01"},
    )
    assert response.status_code == 403
    assert Notification.objects.count() == before


def test_a_row_of_another_nominal_is_not_found_through_this_one(
    nominal, rows, unit, manager, login_as
) -> None:
    other = NominalFactory.create(unit=unit, registered_on=REGISTERED)
    client = login_as(manager)
    assert client.get(url("notification-detail", other, rows["notification"])).status_code == 404
    assert client.get(url("conviction-edit", other, rows["conviction"])).status_code == 404
    assert client.get(url("review-detail", other, rows["review"])).status_code == 404


# --- Convictions and offences --------------------------------------------------------------------


def test_recording_a_conviction_then_its_offence_through_the_forms(unit, manager, login_as) -> None:
    n = NominalFactory.create(unit=unit, registered_on=D(2021, 9, 14))
    client = login_as(manager)
    response = client.post(
        url("conviction-add", n),
        {
            "kind": "conviction",
            "relevant_on": "2021-09-14",
            "sentenced_on": "",
            "court": "Northby Crown Court",
            "overlap": "",
            "notes": "",
        },
    )
    conviction = Conviction.objects.get(nominal=n)
    assert response.status_code == 302 and response.url == url("offence-add", n, conviction.pk)
    assert AuditEvent.objects.filter(
        action="registration.conviction.added", subject_ref=n.reference
    ).exists()
    response = client.post(
        url("offence-add", n, conviction.pk),
        {
            "offence_code": "soa2003 s7",
            "offence_date": "2021-01-10",
            "victim_age": "11",
            "disposal": "imprisonment",
            "term": "2y6m",
            "custody": "imprisonment",
            "secondary": "",
            "purpose": "",
        },
    )
    assert response.status_code == 302
    offence = ConvictionOffence.objects.get(conviction=conviction)
    assert (offence.offence_code, offence.term) == ("SOA2003-s7", "2y6m")
    page = client.get(url("requirements", n)).content.decode()
    assert "Sexual assault of a child under 13" in page and "Indefinite" in page


@pytest.mark.parametrize(
    "data,message",
    [
        ({"relevant_on": "2099-01-01"}, "in the future"),
        ({"relevant_on": "14/13/2021"}, "Enter the date as year-month-day"),
        ({"court": ""}, "Enter the court or police station"),
        (
            {"consecutive": "on", "overlap": "6m"},
            "cannot be both consecutive and partly concurrent",
        ),
        ({"overlap": "six months"}, "Enter the overlap as a term"),
        ({"kind": "caution", "sentenced_on": "2021-10-01"}, "A caution has no sentence date"),
    ],
)
def test_a_bad_conviction_is_explained_and_what_was_typed_is_kept(
    unit, manager, login_as, data, message
) -> None:
    n = NominalFactory.create(unit=unit, registered_on=D(2021, 9, 14))
    form = {
        "kind": "conviction",
        "relevant_on": "2021-09-14",
        "sentenced_on": "",
        "court": "Northby Crown Court",
        "overlap": "",
        "notes": "",
    }
    response = login_as(manager).post(url("conviction-add", n), {**form, **data})
    page = response.content.decode()
    assert response.status_code == 200 and message in page
    assert "There is a problem" in page
    if data.get("court") != "":
        assert 'value="Northby Crown Court"' in page  # what was typed is kept
    assert not Conviction.objects.filter(nominal=n).exists()


@pytest.mark.parametrize(
    "data,message",
    [
        ({"offence_code": "SOA2003-s999"}, "is not an offence code Vigil knows"),
        ({"offence_code": "sexual assault"}, "Did you mean SOA2003-s3"),
        ({"offence_code": "SOA2003-s66B"}, "SOA2003-s66B(3)"),
        ({"term": "-3y"}, "cannot be negative"),
        ({"term": "30"}, "has no unit"),
        ({"disposal": "fine", "term": "6m"}, "leave the term out"),
        ({"disposal": "fine", "term": "", "suspended": "on"}, "Only imprisonment"),
        ({"offence_code": "PCA1978-s1", "disposal": "fine", "term": ""}, "image_subject_age"),
        ({"offence_date": "2016-01-01"}, "after this date"),
        ({"offence_date": "2099-01-01"}, "The offence date is in the future"),
    ],
)
def test_a_bad_offence_is_explained(nominal, manager, login_as, data, message) -> None:
    conviction = Conviction.objects.get(nominal=nominal)
    form = {
        "offence_code": "SOA2003-s3",
        "offence_date": "2015-01-10",
        "victim_age": "15",
        "disposal": "imprisonment",
        "term": "12m",
        "custody": "imprisonment",
        "secondary": "",
        "purpose": "",
    }
    response = login_as(manager).post(url("offence-add", nominal, conviction.pk), {**form, **data})
    page = response.content.decode()
    assert response.status_code == 200, response
    assert message in page, page[page.find("govuk-error-summary") :][:800]
    assert ConvictionOffence.objects.filter(conviction=conviction).count() == 1


def test_changing_a_conviction_loaded_before_someone_elses_change_is_refused(
    nominal, manager, colleague, login_as
) -> None:
    conviction = Conviction.objects.get(nominal=nominal)
    form = {
        "kind": "conviction",
        "relevant_on": "2015-06-01",
        "sentenced_on": "",
        "court": "Changed Court",
        "overlap": "",
        "notes": "",
        "version": "1",
    }
    assert (
        login_as(colleague).post(url("conviction-edit", nominal, conviction.pk), form).status_code
        == 302
    )
    response = login_as(manager).post(
        url("conviction-edit", nominal, conviction.pk), {**form, "court": "Mine"}
    )
    assert "while you were editing" in response.content.decode()
    conviction.refresh_from_db()
    assert conviction.court == "Changed Court"


# --- Notifications through the forms -------------------------------------------------------------


def _received(officer: Any, **extra: Any) -> dict[str, Any]:
    """Received a minute ago (a notification in the future is refused)."""
    moment = timezone.localtime() - dt.timedelta(minutes=1)
    return {
        "received_on": moment.date().isoformat(),
        "received_time": moment.strftime("%H:%M"),
        "station": "Northby Police Station",
        "received_by": officer.pk,
        "notes": "",
        **extra,
    }


def test_choosing_the_kind_leads_to_its_form_without_javascript(nominal, manager, login_as) -> None:
    client = login_as(manager)
    response = client.get(url("notification-start", nominal), {"kind": "travel_departure"})
    assert response.status_code == 302 and response.url == url(
        "notification-record", nominal, "travel_departure"
    )
    response = client.get(url("notification-start", nominal), {"kind": "nonsense"})
    assert "Choose what they are notifying" in response.content.decode()
    assert client.get(url("notification-record", nominal, "nonsense")).status_code == 404


def test_recording_a_periodic_notification_moves_the_due_date(nominal, manager, login_as) -> None:
    client = login_as(manager)
    page = client.get(url("requirements", nominal)).content.decode()
    assert "Overdue by 35 days" in page
    response = client.post(url("notification-record", nominal, "periodic"), _received(manager))
    n = Notification.objects.filter(nominal=nominal).first()
    assert n is not None and response.url == url("notification-detail", nominal, n.pk)
    page = client.get(response.url).content.decode()
    assert "Print the written acknowledgement" in page
    next_year = (
        today().replace(year=today().year + 1)
        if not (today().month == 2 and today().day == 29)
        else today().replace(year=today().year + 1, day=28)
    )
    assert f"{next_year.day} {next_year:%B %Y}" in page
    assert AuditEvent.objects.filter(action="registration.form.viewed").count() == 0  # only POSTed


def test_a_change_of_home_through_the_form(nominal, manager, login_as) -> None:
    client = login_as(manager)
    data = _received(
        manager,
        event_on=(today() - dt.timedelta(days=1)).isoformat(),
        line1="22 Mill Lane",
        town="Northby",
        postcode="ls6 3ab",
    )
    response = client.post(url("notification-record", nominal, "change_home_address"), data)
    assert response.status_code == 302
    home = Address.objects.get(nominal=nominal, to_date__isnull=True)
    assert (home.line1, home.postcode) == ("22 Mill Lane", "LS6 3AB")


@pytest.mark.parametrize(
    "kind,extra,message",
    [
        ("change_home_address", {"line1": "22 Mill Lane", "postcode": "XX"}, "postcode"),
        (
            "change_home_address",
            {"line1": "", "postcode": ""},
            "Enter the first line of the address",
        ),
        ("change_home_address", {"no_fixed_abode": "on"}, "Say where they can regularly be found"),
        (
            "bank_card",
            {"card_kind": "debit", "issuer": "Bank", "last_four": "4111111111111111"},
            "Enter only the last four digits",
        ),
        (
            "identity_document",
            {
                "document_kind": "passport",
                "number": "1",
                "issued_on": "2024-01-02",
                "expires_on": "2023-01-01",
            },
            "expiry date is before the issue date",
        ),
        (
            "child_household",
            {
                "child_name": "Ellie",
                "child_date_of_birth": "2000-01-01",
                "line1": "1 Road",
                "postcode": "LS6 2AB",
            },
            "a child under 18",
        ),
        ("travel_return", {}, "Choose the trip they came back from"),
    ],
)
def test_bad_notifications_are_explained_and_nothing_changes(
    nominal, manager, login_as, kind, extra, message
) -> None:
    before = (Notification.objects.count(), Address.objects.count())
    data = _received(manager, event_on=(today() - dt.timedelta(days=2)).isoformat(), **extra)
    response = login_as(manager).post(url("notification-record", nominal, kind), data)
    page = response.content.decode()
    assert response.status_code == 200 and message in page, page[
        page.find("govuk-error-summary") :
    ][:600]
    assert 'value="Northby Police Station"' in page
    assert (Notification.objects.count(), Address.objects.count()) == before


def test_a_departure_with_the_return_before_it_is_refused_then_recorded(
    nominal, manager, login_as
) -> None:
    client = login_as(manager)
    trip = {
        "departs_on": (today() + dt.timedelta(days=10)).isoformat(),
        "departure_time": "06:45",
        "departure_point": "Manchester Airport",
        "destinations": "Spain, Malaga",
        "carriers": "Jet2",
        "accommodation": "Hotel Sol",
        "returns_on": (today() + dt.timedelta(days=3)).isoformat(),
        "return_point": "Manchester Airport",
        "details_known_on": (today() - dt.timedelta(days=2)).isoformat(),
    }
    response = client.post(
        url("notification-record", nominal, "travel_departure"), _received(manager, **trip)
    )
    assert "The return date is before the departure date" in response.content.decode()
    trip["returns_on"] = (today() + dt.timedelta(days=17)).isoformat()
    response = client.post(
        url("notification-record", nominal, "travel_departure"), _received(manager, **trip)
    )
    assert response.status_code == 302
    assert TravelItinerary.objects.get(nominal=nominal).departure_point == "Manchester Airport"


def test_the_acknowledgement_is_a_pdf_and_its_printing_is_audited(
    nominal, manager, login_as
) -> None:
    n = Notification.objects.filter(nominal=nominal).first()
    assert n is not None
    response = login_as(manager).get(url("acknowledgement", nominal, n.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert n.reference in response["Content-Disposition"]
    assert AuditEvent.objects.filter(
        action="registration.acknowledgement.printed", detail__notification=n.reference
    ).exists()


# --- Breaches, the end, reviews -------------------------------------------------------------------


def test_recording_a_possible_breach_and_its_outcome_through_the_forms(
    nominal, manager, login_as
) -> None:
    client = login_as(manager)
    due = today() - dt.timedelta(days=35)
    key = f"periodic:{due.isoformat()}"
    page = client.get(url("breach-add", nominal), {"deadline": key}).content.decode()
    assert "35 days overdue" in page and "checked" in page
    response = client.post(
        url("breach-add", nominal), {"deadline": "periodic:2020-01-01", "notes": ""}
    )
    assert "Choose one of the overdue deadlines" in response.content.decode()
    response = client.post(
        url("breach-add", nominal), {"deadline": key, "notes": "No answer at the door"}
    )
    breach = PossibleBreach.objects.get(nominal=nominal, due_on=due)
    assert response.url == url("breach-detail", nominal, breach.pk)
    page = client.get(response.url).content.decode()
    assert "s.85(1)" in page and "Record the outcome" in page
    response = client.post(
        url("breach-detail", nominal, breach.pk),
        {
            "outcome": "words_of_advice",
            "outcome_on": "2001-01-01",
            "outcome_notes": "",
            "version": "1",
        },
    )
    assert "before the possible breach was recorded" in response.content.decode()
    response = client.post(
        url("breach-detail", nominal, breach.pk),
        {
            "outcome": "words_of_advice",
            "outcome_on": today().isoformat(),
            "outcome_notes": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.outcome == "words_of_advice"


def test_the_end_page_explains_when_the_requirements_have_not_ended(
    nominal, manager, login_as
) -> None:
    client = login_as(manager)
    page = client.get(url("period-end", nominal)).content.decode()
    assert "The requirements have not ended" in page and "they are indefinite" in page
    response = client.post(url("period-end", nominal), {"checked": "on"})
    assert "have not ended" in response.content.decode()
    nominal.refresh_from_db()
    assert nominal.status == "community"


def test_confirming_the_end_through_the_form(unit, manager, login_as) -> None:
    n = NominalFactory.create(unit=unit, registered_on=D(2019, 3, 4))
    convict(
        n, manager, on=D(2019, 3, 4), offence_code="SOA2003-s66", victim_age=15, disposal="fine"
    )
    client = login_as(manager)
    response = client.post(url("period-end", n), {"reason": ""})
    assert "Confirm that you have checked for orders" in response.content.decode()
    response = client.post(url("period-end", n), {"checked": "on", "reason": "PNC checked"})
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.status == "ended"
    page = client.get(reverse("nominals:detail", args=[n.reference])).content.decode()
    assert "No longer subject" in page


def test_a_review_application_before_the_qualifying_date_is_refused_on_the_form(
    nominal, manager, login_as
) -> None:
    client = login_as(manager)
    page = client.get(url("review-add", nominal)).content.decode()
    assert "Qualifying date" in page
    response = client.post(
        url("review-add", nominal), {"received_on": today().isoformat(), "subject_to_order": "no"}
    )
    assert "The application cannot be accepted" in response.content.decode()
    assert not ReviewApplication.objects.exists()


def test_the_review_page_shows_its_deadlines(nominal, manager, login_as) -> None:
    review = ReviewApplication.objects.create(
        nominal=nominal, received_on=today() - dt.timedelta(days=10)
    )
    client = login_as(manager)
    page = client.get(url("review-detail", nominal, review.pk)).content.decode()
    due = review.received_on + dt.timedelta(days=41)
    assert f"{due.day} {due:%B %Y}" in page and "s.91C" in page
    response = client.post(
        url("review-information", nominal, review.pk),
        {"info_requested_on": today().isoformat(), "bodies": "Probation", "version": "1"},
    )
    assert response.status_code == 302
    page = client.get(url("review-detail", nominal, review.pk)).content.decode()
    extended = review.received_on + dt.timedelta(days=83)
    assert f"{extended.day} {extended:%B %Y}" in page


def test_every_form_page_view_is_audited(nominal, rows, manager, login_as) -> None:
    client = login_as(manager)
    for name in (
        "conviction-add",
        "override-add",
        "notification-start",
        "breach-add",
        "period-end",
        "review-add",
    ):
        client.get(url(name, nominal))
    forms = set(
        AuditEvent.objects.filter(action="registration.form.viewed").values_list(
            "detail__form", flat=True
        )
    )
    assert forms == {
        "conviction",
        "override",
        "notification-kind",
        "breach",
        "period-end",
        "review",
    }
