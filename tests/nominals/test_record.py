"""The nominal record's pages: create, view, change each section, history, caseloads."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import NominalFactory
from vigil.audit.models import AuditEvent
from vigil.nominals.models import (
    _REF_ALPHABET,
    Address,
    AddressKind,
    BankCard,
    Nominal,
    NominalName,
    Vehicle,
)
from vigil.nominals.sections import SECTIONS
from vigil.policy.identifiers import pnc_check_letter

PNC = f"15/123456{pnc_check_letter(year2=15, serial=123456)}"


@pytest.fixture
def nominal(unit, manager, supervisor):
    return NominalFactory.create(
        unit=unit,
        offender_manager=manager,
        supervisor=supervisor,
        forename="Gareth",
        surname="Pryce",
        date_of_birth=dt.date(1979, 3, 4),
    )


def new_record(unit, manager, **overrides):
    data = {
        "category": "rso",
        "forename": "Dylan",
        "middle_names": "",
        "surname": "Hargreaves",
        "date_of_birth": "1985-02-11",
        "gender": "male",
        "pnc_id": PNC,
        "cro_number": "",
        "ni_number": "",
        "registered_on": "2020-05-01",
        "status": "community",
        "unit": unit.pk,
        "offender_manager": manager.pk,
        "supervisor": "",
    }
    data.update(overrides)
    return data


def test_an_officer_creates_a_record_and_is_taken_to_it(manager, unit, login_as) -> None:
    client = login_as(manager)
    response = client.post(reverse("nominals:create"), new_record(unit, manager))
    nominal = Nominal.objects.get(surname="Hargreaves")
    assert response.status_code == 302
    assert response.url == reverse("nominals:detail", args=[nominal.reference])
    assert nominal.force == unit.force
    assert nominal.pnc_id.endswith(PNC[-1])
    assert nominal.created_by == manager
    assert nominal.name_keys.exists()
    assert AuditEvent.objects.filter(
        action="nominal.created", subject_ref=nominal.reference
    ).exists()


def test_references_are_public_random_and_not_the_database_key(manager, unit, login_as) -> None:
    client = login_as(manager)
    client.post(reverse("nominals:create"), new_record(unit, manager))
    client.post(
        reverse("nominals:create"),
        new_record(unit, manager, surname="Okonkwo", pnc_id="", confirm_new="yes"),
    )
    refs = list(Nominal.objects.values_list("reference", flat=True))
    assert len(set(refs)) == 2
    for ref in refs:
        assert ref.startswith("VG-") and len(ref) == 12
        body = ref[3:].replace("-", "")
        # Drawn from the look-alike-free alphabet, not a padded sequence number.
        assert set(body) <= set(_REF_ALPHABET)
        assert body != str(Nominal.objects.get(reference=ref).pk).zfill(8)


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("date_of_birth", "2090-01-01", "The date of birth is in the future"),
        (
            "date_of_birth",
            (timezone.localdate() - dt.timedelta(days=365 * 5)).isoformat(),
            "under 10",
        ),
        ("date_of_birth", "31/02/1985", "Enter the date as year-month-day"),
        ("surname", "", "Enter their last name"),
        ("category", "", "Choose why they are on the register"),
        ("pnc_id", "15/123456", "PNC"),
        ("ni_number", "ZZ123456C", "National Insurance"),
        ("registered_on", "2099-01-01", "The registration date is in the future"),
        ("registered_on", "1970-01-01", "before their date of birth"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(
    manager, unit, login_as, field, value, message
) -> None:
    client = login_as(manager)
    response = client.post(reverse("nominals:create"), new_record(unit, manager, **{field: value}))
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "There is a problem" in body
    assert 'value="Dylan"' in body
    assert not Nominal.objects.exists()


def test_a_manager_in_another_unit_cannot_be_chosen(
    manager, unit, sibling_manager, login_as
) -> None:
    client = login_as(manager)
    response = client.post(
        reverse("nominals:create"), new_record(unit, manager, offender_manager=sibling_manager.pk)
    )
    assert "Choose someone in the managing unit" in response.content.decode()


def test_a_possible_duplicate_is_shown_before_anything_is_created(
    manager, unit, nominal, login_as
) -> None:
    client = login_as(manager)
    data = new_record(
        unit, manager, forename="Gareth", surname="Price", pnc_id="", date_of_birth="1979-04-03"
    )  # spelling variant, day and month swapped
    response = client.post(reverse("nominals:create"), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert nominal.reference in body
    assert Nominal.objects.count() == 1
    # The officer decides it is someone else and confirms.
    response = client.post(reverse("nominals:create"), {**data, "confirm_new": "yes"})
    assert response.status_code == 302
    assert Nominal.objects.count() == 2


def test_the_overview_shows_the_record_and_is_audited(manager, nominal, login_as) -> None:
    Address.objects.create(
        nominal=nominal,
        kind=AddressKind.HOME,
        line1="4 Mill Lane",
        town="Northby",
        postcode="LS6 2AB",
        from_date=dt.date(2020, 1, 1),
    )
    body = (
        login_as(manager).get(reverse("nominals:detail", args=[nominal.reference])).content.decode()
    )
    assert "Gareth Pryce" in body
    assert "4 Mill Lane" in body
    assert AuditEvent.objects.filter(
        action="nominal.viewed", subject_ref=nominal.reference
    ).exists()


def test_the_overview_query_count_does_not_grow_with_rows(
    manager, nominal, login_as, django_assert_max_num_queries
) -> None:
    client = login_as(manager)
    url = reverse("nominals:detail", args=[nominal.reference])
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    for i in range(15):
        Vehicle.objects.create(nominal=nominal, vrm=f"AB{10 + i}CDE")
        NominalName.objects.create(nominal=nominal, surname=f"Alias{i}")
        Address.objects.create(
            nominal=nominal, kind=AddressKind.TEMPORARY, line1=f"{i} Road", postcode="LS6 2AB"
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_adding_a_row_to_a_section_and_changing_it_are_recorded_in_history(
    manager, colleague, nominal, login_as
) -> None:
    client = login_as(manager)
    url = reverse("nominals:section", args=[nominal.reference, "vehicles"])
    response = client.post(
        url,
        {
            "vrm": "ab12 cde",
            "make": "Ford",
            "model": "Focus",
            "colour": "Blue",
            "from_date": "2024-01-01",
            "version": "",
        },
    )
    assert response.status_code == 302
    vehicle = Vehicle.objects.get(nominal=nominal)
    assert vehicle.vrm == "AB12CDE"
    edit = reverse("nominals:section-row", args=[nominal.reference, "vehicles", vehicle.pk])
    client = login_as(colleague)
    response = client.post(
        edit,
        {
            "vrm": "AB12CDE",
            "make": "Ford",
            "model": "Focus",
            "colour": "Red",
            "from_date": "2024-01-01",
            "version": vehicle.version,
        },
    )
    assert response.status_code == 302
    history = client.get(reverse("nominals:history", args=[nominal.reference]))
    body = history.content.decode()
    assert "Vehicles: changed" in body
    assert "Blue" in body and "Red" in body
    assert colleague.get_full_name() in body
    event = AuditEvent.objects.get(action="nominal.section.changed")
    assert event.detail["fields"] == ["colour"]


def test_a_second_editor_is_told_and_shown_the_other_change(
    manager, colleague, nominal, login_as
) -> None:
    url = reverse("nominals:section", args=[nominal.reference, "description"])
    version = nominal.version
    first = login_as(manager).post(url, {"hair": "Grey", "version": version})
    assert first.status_code == 302
    second = login_as(colleague).post(url, {"hair": "Black", "version": version})
    assert second.status_code == 200
    body = second.content.decode()
    assert "Someone else changed this while you were editing" in body
    assert "Grey" in body  # what is stored now
    assert 'value="Black"' in body  # what they typed is kept
    nominal.refresh_from_db()
    assert nominal.hair == "Grey"
    assert AuditEvent.objects.filter(action="nominal.section.conflict").exists()


def test_a_whole_card_number_is_refused(manager, nominal, login_as) -> None:
    url = reverse("nominals:section", args=[nominal.reference, "bank-cards"])
    response = login_as(manager).post(
        url, {"kind": "debit", "issuer": "Barclays", "last_four": "4929123412341234"}
    )
    assert "Enter only the last four digits" in response.content.decode()
    assert not BankCard.objects.exists()


@pytest.mark.parametrize(
    "slug,data,message",
    [
        (
            "addresses",
            {"kind": "home", "line1": "1 Road", "postcode": "NOT A POSTCODE"},
            "postcode",
        ),
        ("addresses", {"kind": "home", "line1": "", "postcode": ""}, "Enter the first line"),
        ("addresses", {"kind": "nfa"}, "Say where they can be found"),
        (
            "addresses",
            {
                "kind": "home",
                "line1": "1 Road",
                "postcode": "LS6 2AB",
                "from_date": "2024-05-01",
                "to_date": "2024-01-01",
            },
            "must be the same as or after",
        ),
        ("vehicles", {"vrm": "!!"}, "registration"),
        (
            "flags",
            {"kind": "firearms", "reason": "", "review_on": "2001-01-01"},
            "Say why the flag is needed",
        ),
        ("dates-of-birth", {"date_of_birth": "2090-01-01"}, "in the future"),
    ],
)
def test_section_forms_explain_bad_input(manager, nominal, login_as, slug, data, message) -> None:
    url = reverse("nominals:section", args=[nominal.reference, slug])
    response = login_as(manager).post(url, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_unknown_section_or_row_is_404(manager, nominal, login_as) -> None:
    client = login_as(manager)
    assert (
        client.get(reverse("nominals:section", args=[nominal.reference, "no-such"])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("nominals:section-row", args=[nominal.reference, "vehicles", 999999])
        ).status_code
        == 404
    )


@pytest.mark.parametrize(
    "name,extra",
    [
        ("nominals:detail", []),
        ("nominals:history", []),
        ("nominals:section", ["identity"]),
        ("nominals:section", ["vehicles"]),
        ("nominals:photo-add", []),
    ],
)
def test_the_outsider_from_another_force_gets_404_on_every_nominal_page(
    outsider, nominal, login_as, name, extra
) -> None:
    client = login_as(outsider)
    url = reverse(name, args=[nominal.reference, *extra])
    assert client.get(url).status_code == 404
    assert client.post(url, {"hair": "Pink"}).status_code == 404


def test_the_outsider_sees_nothing_of_ours_in_caseloads_or_search(
    outsider, nominal, login_as
) -> None:
    client = login_as(outsider)
    assert nominal.reference not in client.get(reverse("nominals:caseload")).content.decode()
    page = client.get(reverse("nominals:search"), {"q": "Gareth Pryce"}).content.decode()
    assert nominal.reference not in page


def test_the_caseload_lists_the_officers_own_people_only(
    manager, colleague, unit, login_as
) -> None:
    mine = NominalFactory.create(unit=unit, offender_manager=manager, surname="Mine")
    theirs = NominalFactory.create(unit=unit, offender_manager=colleague, surname="Theirs")
    body = login_as(manager).get(reverse("nominals:caseload")).content.decode()
    assert mine.reference in body
    assert theirs.reference not in body


def test_the_unit_list_shows_the_unit_and_filters_by_officer(
    supervisor, manager, colleague, unit, sibling_unit, login_as
) -> None:
    mine = NominalFactory.create(unit=unit, offender_manager=manager)
    theirs = NominalFactory.create(unit=unit, offender_manager=colleague)
    elsewhere = NominalFactory.create(unit=sibling_unit)
    client = login_as(supervisor)
    body = client.get(reverse("nominals:unit")).content.decode()
    assert mine.reference in body and theirs.reference in body
    assert elsewhere.reference not in body
    body = client.get(reverse("nominals:unit"), {"manager": "manager"}).content.decode()
    assert mine.reference in body and theirs.reference not in body


def test_caseload_query_count_does_not_grow_with_people(
    manager, unit, login_as, django_assert_max_num_queries
) -> None:
    client = login_as(manager)
    NominalFactory.create(unit=unit, offender_manager=manager)
    client.get(reverse("nominals:caseload"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("nominals:caseload"))
    for _ in range(30):
        n = NominalFactory.create(unit=unit, offender_manager=manager)
        Address.objects.create(nominal=n, kind=AddressKind.HOME, line1="1 Road", postcode="LS6 2AB")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("nominals:caseload"))


@pytest.mark.parametrize(
    "lat,lng,message",
    [
        ("53.8008", "", "Enter both the latitude and the longitude"),
        ("40.1", "-1.5", "Enter a latitude in Great Britain"),
        ("north", "-1.5", "Enter the latitude as a decimal number"),
    ],
)
def test_address_coordinates_are_optional_but_checked(
    manager, nominal, login_as, lat, lng, message
) -> None:
    url = reverse("nominals:section", args=[nominal.reference, "addresses"])
    data = {
        "kind": "home",
        "line1": "1 Road",
        "postcode": "LS6 2AB",
        "latitude": lat,
        "longitude": lng,
    }
    assert message in login_as(manager).post(url, data).content.decode()


def test_an_address_with_coordinates_is_saved(manager, nominal, login_as) -> None:
    url = reverse("nominals:section", args=[nominal.reference, "addresses"])
    login_as(manager).post(
        url,
        {
            "kind": "home",
            "line1": "1 Road",
            "postcode": "LS6 2AB",
            "latitude": "53.8008",
            "longitude": "-1.5491",
        },
    )
    address = Address.objects.get(nominal=nominal)
    assert (address.latitude, address.longitude) == (53.8008, -1.5491)


def test_opening_an_edit_page_is_audited_as_a_view(manager, nominal, login_as) -> None:
    login_as(manager).get(reverse("nominals:section", args=[nominal.reference, "identity"]))
    assert AuditEvent.objects.filter(
        action="nominal.section.viewed", subject_ref=nominal.reference, detail__section="identity"
    ).exists()


@pytest.mark.parametrize("slug", [s.slug for s in SECTIONS])
def test_every_sections_page_opens_and_refuses_an_empty_form_with_messages(
    manager, nominal, login_as, slug
) -> None:
    client = login_as(manager)
    url = reverse("nominals:section", args=[nominal.reference, slug])
    assert client.get(url).status_code == 200
    response = client.post(url, {"version": nominal.version})
    assert response.status_code in (200, 302)  # some sections have nothing required


def test_an_associate_links_to_another_record_by_reference(
    manager, nominal, unit, login_as
) -> None:
    other = NominalFactory.create(unit=unit)
    url = reverse("nominals:section", args=[nominal.reference, "associates"])
    client = login_as(manager)
    bad = client.post(
        url, {"name": "A Friend", "relationship": "Friend", "linked_reference": "VG-NONE-NONE"}
    )
    assert "No record in your force has that reference" in bad.content.decode()
    client.post(
        url,
        {"name": "A Friend", "relationship": "Friend", "linked_reference": other.reference.lower()},
    )
    from vigil.nominals.models import Associate

    assert Associate.objects.get(nominal=nominal).linked_nominal == other
