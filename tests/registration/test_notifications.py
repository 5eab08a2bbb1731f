"""Recording each kind of notification changes the record and the due dates; contradictory
facts are refused at entry (SOA 2003 ss.83-87, SI 2012/1876, SI 2004/1220; RULES.md §2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from tests.factories import NominalFactory
from vigil.audit.models import AuditEvent
from vigil.nominals.models import (
    Address,
    AddressKind,
    BankCard,
    HouseholdMember,
    IdentityDocument,
    NameKind,
    Nominal,
    NominalName,
    Status,
)
from vigil.registration import queries, services
from vigil.registration.models import (
    Conviction,
    ConvictionOffence,
    Notification,
    TravelItinerary,
)
from vigil.registration.services import Refused

D = dt.date
REGISTERED = D(2015, 6, 1)


# --- Helpers shared by the other registration test modules ------------------------------------


def convict(
    nominal: Nominal,
    actor: Any,
    *,
    on: dt.date = REGISTERED,
    kind: str = "conviction",
    sentenced_on: dt.date | None = None,
    consecutive: bool = False,
    overlap: str = "",
    offences: list[dict[str, Any]] | None = None,
    **offence: Any,
) -> Conviction:
    """Record a conviction through the service, with one offence (``offence``) or several."""
    conviction = services.conviction_save(
        actor=actor,
        nominal=nominal,
        instance=Conviction(),
        values={
            "kind": kind,
            "relevant_on": on,
            "sentenced_on": sentenced_on,
            "court": "Northby Crown Court",
            "consecutive": consecutive,
            "overlap": overlap,
        },
    )
    for values in offences or [offence]:
        defaults = {
            "offence_code": "SOA2003-s3",
            "offence_date": on - dt.timedelta(days=120),
            "victim_age": 15,
            "disposal": "imprisonment",
            "term": "3y",
        }
        merged = {**defaults, **values}
        if "term" not in values and merged["disposal"] not in ("imprisonment", "community"):
            merged["term"] = ""  # a fine, caution or hospital order has no term
        services.offence_save(
            actor=actor,
            conviction=conviction,
            instance=ConvictionOffence(),
            values=merged,
        )
    return conviction


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def notify(
    nominal: Nominal,
    actor: Any,
    kind: str = "periodic",
    *,
    on: dt.date,
    event_on: dt.date | None = None,
    hour: int = 10,
    today: dt.date | None = None,
    **details: Any,
) -> Notification:
    return services.notification_record(
        actor=actor,
        nominal=nominal,
        kind=kind,
        received_at=at(on, hour),
        station="Northby Police Station",
        received_by=actor,
        event_on=event_on,
        details=details,
        today=today,
    )


def due(nominal: Nominal, today: dt.date) -> dict[str, Any]:
    """kind -> due date of each deadline now running (or None for an undated one)."""
    nominal.refresh_from_db()
    status = queries.requirements(nominal, today=today).status
    return {i.kind: (i.deadline.due if i.deadline else None) for i in status.items}


@pytest.fixture
def nominal(unit, manager, supervisor) -> Nominal:
    return NominalFactory.create(
        unit=unit,
        offender_manager=manager,
        supervisor=supervisor,
        registered_on=REGISTERED,
        date_of_birth=D(1980, 4, 3),
        forename="Gareth",
        surname="Pryce",
    )


@pytest.fixture
def registered(nominal, manager) -> Nominal:
    """Convicted on the day they were registered, and notified annually since."""
    convict(nominal, manager)
    notify(nominal, manager, "initial", on=REGISTERED + dt.timedelta(days=1))
    notify(nominal, manager, on=D(2024, 1, 10))
    return nominal


def _home(nominal: Nominal, **extra: Any) -> Address:
    return Address.objects.create(
        nominal=nominal,
        kind=AddressKind.HOME,
        line1="1 Quarry Road",
        town="Northby",
        postcode="LS6 2AB",
        from_date=D(2014, 1, 1),
        **extra,
    )


# --- The periodic clock -----------------------------------------------------------------------


def test_never_notified_owes_the_initial_notification_within_3_days(nominal, manager) -> None:
    convict(nominal, manager, on=D(2024, 3, 4))
    assert due(nominal, D(2024, 3, 5)) == {"initial": D(2024, 3, 6)}
    item = queries.requirements(nominal, today=D(2024, 3, 10)).status.items[0]
    assert item.overdue and item.status is not None and item.status.days_overdue == 4
    assert "s.83(1)" in item.deadline.reason  # type: ignore[union-attr]


def test_the_initial_notification_starts_the_annual_clock(nominal, manager) -> None:
    convict(nominal, manager, on=D(2024, 3, 4))
    notify(nominal, manager, "initial", on=D(2024, 3, 5))
    assert due(nominal, D(2024, 3, 6)) == {"periodic": D(2025, 3, 5)}


def test_a_periodic_notification_moves_the_annual_date_a_year_on(registered, manager) -> None:
    assert due(registered, D(2024, 12, 20)) == {"periodic": D(2025, 1, 10)}
    notify(registered, manager, on=D(2025, 1, 6))
    assert due(registered, D(2025, 1, 7)) == {"periodic": D(2026, 1, 6)}
    assert AuditEvent.objects.filter(
        action="registration.notification.recorded", subject_ref=registered.reference
    ).exists()


def test_a_change_of_name_renames_them_keeps_the_old_name_and_restarts_the_clock(
    registered, manager
) -> None:
    n = notify(
        registered,
        manager,
        "change_name",
        on=D(2024, 6, 3),
        event_on=D(2024, 6, 1),
        forename="Gary",
        surname="Price",
        main_name=True,
    )
    registered.refresh_from_db()
    assert (registered.forename, registered.surname) == ("Gary", "Price")
    previous = NominalName.objects.get(nominal=registered, kind=NameKind.PREVIOUS)
    assert (previous.forename, previous.surname, previous.to_date) == (
        "Gareth",
        "Pryce",
        D(2024, 5, 31),
    )
    assert n.name == previous
    assert registered.name_keys.filter(key__icontains="pr").exists()
    assert due(registered, D(2024, 6, 4)) == {"periodic": D(2025, 6, 3)}


def test_a_name_they_use_besides_their_own_is_added_as_an_alias(registered, manager) -> None:
    notify(
        registered,
        manager,
        "change_name",
        on=D(2024, 6, 3),
        event_on=D(2024, 6, 2),
        forename="Gaz",
        surname="Pryce",
        main_name=False,
    )
    registered.refresh_from_db()
    assert registered.forename == "Gareth"
    assert NominalName.objects.get(nominal=registered).kind == NameKind.ALIAS


def test_a_change_of_home_ends_the_old_address_and_adds_the_new_one(registered, manager) -> None:
    old = _home(registered)
    n = notify(
        registered,
        manager,
        "change_home_address",
        on=D(2024, 6, 3),
        event_on=D(2024, 6, 1),
        line1="22 Mill Lane",
        town="Northby",
        postcode="LS6 3CD",
    )
    old.refresh_from_db()
    assert old.to_date == D(2024, 5, 31) and old.version == 2
    new = Address.objects.get(nominal=registered, to_date__isnull=True)
    assert (new.kind, new.line1, new.from_date) == (AddressKind.HOME, "22 Mill Lane", D(2024, 6, 1))
    assert n.address == new
    assert "22 Mill Lane" in n.summary
    assert due(registered, D(2024, 6, 4)) == {"periodic": D(2025, 6, 3)}


def test_moving_to_no_fixed_abode_makes_notification_weekly(registered, manager) -> None:
    _home(registered)
    notify(
        registered,
        manager,
        "change_home_address",
        on=D(2024, 6, 3),
        event_on=D(2024, 6, 2),
        no_fixed_abode=True,
        location_notes="Sleeps in a tent by the canal towpath.",
    )
    assert due(registered, D(2024, 6, 4)) == {"weekly": D(2024, 6, 10)}
    notify(registered, manager, "weekly", on=D(2024, 6, 9))
    assert due(registered, D(2024, 6, 10)) == {"weekly": D(2024, 6, 16)}


def test_a_weekly_notification_without_no_fixed_abode_is_refused(registered, manager) -> None:
    _home(registered)
    with pytest.raises(Refused, match="Weekly notification is for someone with no sole"):
        notify(registered, manager, "weekly", on=D(2024, 6, 9))


def test_staying_at_another_address_adds_it_and_restarts_the_clock(registered, manager) -> None:
    n = notify(
        registered,
        manager,
        "other_address",
        on=D(2024, 6, 10),
        event_on=D(2024, 6, 7),
        from_date=D(2024, 6, 1),
        to_date=None,
        line1="Flat 2, 9 Shore Road",
        town="Westby",
        postcode="LS7 1AA",
    )
    assert n.address is not None and n.address.kind == AddressKind.SECONDARY
    assert due(registered, D(2024, 6, 11)) == {"periodic": D(2025, 6, 10)}


def test_release_puts_them_back_in_the_community_and_restarts_the_clock(
    registered, manager
) -> None:
    registered.status = Status.CUSTODY
    registered.save()
    before = queries.requirements(registered, today=D(2025, 2, 1)).status.items[0]
    assert before.state == "suspended"
    notify(registered, manager, "release", on=D(2025, 3, 2), event_on=D(2025, 3, 1))
    registered.refresh_from_db()
    assert registered.status == Status.COMMUNITY
    assert due(registered, D(2025, 3, 3)) == {"periodic": D(2026, 3, 2)}


@pytest.mark.parametrize(
    "kind,details,made",
    [
        (
            "bank_card",
            {"card_kind": "debit", "issuer": "Northby Building Society", "last_four": "4821"},
            BankCard,
        ),
        (
            "identity_document",
            {"document_kind": "passport", "number": "123456789", "issuing_country": ""},
            IdentityDocument,
        ),
    ],
)
def test_bank_cards_and_documents_are_added_without_moving_the_annual_date(
    registered, manager, kind, details, made
) -> None:
    """SI 2012/1876 items are given under s.83; they do not restart the s.85 clock (HO FAQ)."""
    n = notify(registered, manager, kind, on=D(2024, 6, 3), event_on=D(2024, 6, 1), **details)
    row = made.objects.get(nominal=registered)
    assert row.created_by == manager
    assert (n.bank_card or n.document) == row
    assert due(registered, D(2024, 6, 4)) == {"periodic": D(2025, 1, 10)}


def test_a_household_with_a_child_is_added_at_a_new_address(registered, manager) -> None:
    n = notify(
        registered,
        manager,
        "child_household",
        on=D(2024, 6, 3),
        event_on=D(2024, 6, 1),
        child_name="Ellie Marsh",
        child_date_of_birth=D(2015, 2, 2),
        relationship="Partner's daughter",
        line1="4 Bank Street",
        town="Northby",
        postcode="LS6 9ZZ",
    )
    member = HouseholdMember.objects.get(nominal=registered)
    assert member.is_child(D(2024, 6, 1)) and member.address.line1 == "4 Bank Street"
    assert n.household_member == member and n.address == member.address
    assert due(registered, D(2024, 6, 4)) == {"periodic": D(2025, 1, 10)}


def test_a_household_at_one_of_their_addresses_uses_that_address(registered, manager) -> None:
    home = _home(registered)
    notify(
        registered,
        manager,
        "child_household",
        on=D(2024, 6, 3),
        event_on=D(2024, 6, 1),
        child_name="Ellie Marsh",
        believed_under_18=True,
        address=home,
    )
    assert HouseholdMember.objects.get(nominal=registered).address == home
    assert Address.objects.filter(nominal=registered).count() == 1


def test_a_change_that_did_not_happen_is_recorded_without_moving_the_annual_date(
    registered, manager
) -> None:
    n = notify(
        registered,
        manager,
        "change_not_occurred",
        on=D(2024, 6, 5),
        event_on=D(2024, 6, 1),
        change="The move to 22 Mill Lane fell through.",
    )
    assert "did not happen" in n.summary
    assert due(registered, D(2024, 6, 6)) == {"periodic": D(2025, 1, 10)}


def test_travel_creates_the_itinerary_and_awaits_the_return(registered, manager) -> None:
    departure = notify(
        registered,
        manager,
        "travel_departure",
        on=D(2024, 6, 1),
        departs_on=D(2024, 6, 10),
        departure_time=dt.time(6, 45),
        departure_point="Manchester Airport",
        destinations="Spain, Malaga airport",
        carriers="Jet2 out and back",
        accommodation="Hotel Sol, Torremolinos",
        returns_on=D(2024, 6, 17),
        return_point="",
        details_known_on=D(2024, 5, 20),
    )
    trip = TravelItinerary.objects.get(nominal=registered)
    assert departure.itinerary == trip and departure.event_on == D(2024, 6, 10)
    # The return point was not given, so the return must be notified (3 days, [M]).
    assert due(registered, D(2024, 6, 12)) == {
        "periodic": D(2025, 1, 10),
        "travel_return": D(2024, 6, 19),
    }
    req = queries.requirements(registered, today=D(2024, 6, 12))
    assert trip in req.travelling
    assert not req.timeliness[departure.pk].late  # 9 days' notice: in time (7 days, s.86)
    back = notify(
        registered,
        manager,
        "travel_return",
        on=D(2024, 6, 18),
        event_on=D(2024, 6, 17),
        itinerary=trip,
    )
    trip.refresh_from_db()
    assert trip.returned_on == D(2024, 6, 17) and back.itinerary == trip
    assert due(registered, D(2024, 6, 19)) == {"periodic": D(2025, 1, 10)}


def test_a_trip_without_a_return_date_is_awaited_with_no_date(registered, manager) -> None:
    notify(
        registered,
        manager,
        "travel_departure",
        on=D(2024, 6, 1),
        departs_on=D(2024, 6, 2),
        departure_point="Dover",
        destinations="France",
        carriers="P&O Ferries",
        accommodation="With a friend in Calais",
        details_known_on=D(2024, 6, 1),
    )
    items = queries.requirements(registered, today=D(2024, 6, 5)).status.items
    awaited = [i for i in items if i.kind == "travel_return"]
    assert (
        awaited and awaited[0].deadline is None and awaited[0].tag == ("Awaiting return", "purple")
    )


def test_abroad_when_the_annual_date_falls_moves_it_to_3_days_after_return(
    registered, manager
) -> None:
    """s.85(3)-(4): time outside the UK is disregarded for a periodic date falling in it."""
    notify(
        registered,
        manager,
        "travel_departure",
        on=D(2024, 12, 20),
        departs_on=D(2025, 1, 1),
        departure_point="Heathrow",
        destinations="Thailand, Bangkok",
        carriers="Thai Airways",
        accommodation="Hotel, Bangkok",
        returns_on=D(2025, 1, 20),
        return_point="Heathrow",
        details_known_on=D(2024, 12, 1),
    )
    assert due(registered, D(2025, 1, 5))["periodic"] == D(2025, 1, 10)
    status = queries.requirements(registered, today=D(2025, 1, 15)).status.items[0]
    assert status.state == "suspended"
    assert due(registered, D(2025, 1, 21)) == {"periodic": D(2025, 1, 22)}


# --- Contradictory facts are refused ------------------------------------------------------------


def test_a_notification_before_they_came_onto_the_register_is_refused(nominal, manager) -> None:
    with pytest.raises(Refused, match="before they came onto the register") as exc:
        notify(nominal, manager, on=REGISTERED - dt.timedelta(days=1))
    assert exc.value.field == "received_on"
    assert not Notification.objects.exists()


def test_a_notification_before_the_first_conviction_is_refused(nominal, manager) -> None:
    convict(nominal, manager, on=D(2016, 1, 10))
    with pytest.raises(Refused, match="before their first conviction"):
        notify(nominal, manager, on=D(2016, 1, 9))


def test_a_conviction_dated_after_the_notifications_it_explains_is_refused(
    nominal, manager
) -> None:
    notify(nominal, manager, "initial", on=D(2015, 6, 2))
    with pytest.raises(Refused, match="before any conviction"):
        convict(nominal, manager, on=D(2016, 1, 10))
    assert not Conviction.objects.exists()


def test_a_notification_in_the_future_is_refused(nominal, manager) -> None:
    with pytest.raises(Refused, match="in the future"):
        services.notification_record(
            actor=manager,
            nominal=nominal,
            kind="periodic",
            received_at=timezone.now() + dt.timedelta(hours=2),
            station="Northby",
            received_by=manager,
        )


@pytest.mark.parametrize(
    "kind,details,event_on,message,field",
    [
        (
            "travel_departure",
            {
                "departs_on": D(2024, 5, 30),
                "departure_point": "Dover",
                "destinations": "France",
                "carriers": "Ferry",
                "accommodation": "Hotel",
                "details_known_on": D(2024, 5, 1),
            },
            None,
            "departure date is before the notification",
            "departs_on",
        ),
        (
            "travel_departure",
            {
                "departs_on": D(2024, 6, 10),
                "returns_on": D(2024, 6, 9),
                "departure_point": "Dover",
                "destinations": "France",
                "carriers": "Ferry",
                "accommodation": "Hotel",
                "details_known_on": D(2024, 5, 1),
            },
            None,
            "return date is before the departure",
            "returns_on",
        ),
        (
            "child_household",
            {
                "child_name": "A",
                "child_date_of_birth": D(2005, 1, 1),
                "line1": "1 Road",
                "postcode": "LS6 2AB",
            },
            D(2024, 5, 30),
            "a child under 18",
            "child_date_of_birth",
        ),
        (
            "child_household",
            {"child_name": "A", "line1": "1 Road", "postcode": "LS6 2AB"},
            D(2024, 5, 30),
            "believed to be under 18",
            "child_date_of_birth",
        ),
        (
            "other_address",
            {"from_date": D(2024, 5, 28), "line1": "1 Road", "postcode": "LS6 2AB"},
            D(2024, 5, 30),
            "cannot add up to 7 days",
            "event_on",
        ),
        (
            "bank_card",
            {"card_kind": "debit", "issuer": "Bank", "last_four": "1234"},
            D(2024, 6, 5),
            "Only a change of name or address may be notified before it happens",
            "event_on",
        ),
        ("release", {}, None, "Enter the date of the change", "event_on"),
        (
            "change_name",
            {"forename": "Gareth", "surname": "Pryce"},
            D(2024, 5, 30),
            "already the name on the record",
            "surname",
        ),
    ],
)
def test_contradictory_facts_are_refused_and_nothing_is_stored(
    registered, manager, kind, details, event_on, message, field
) -> None:
    before = (
        Notification.objects.count(),
        Address.objects.count(),
        TravelItinerary.objects.count(),
    )
    with pytest.raises(Refused, match=message) as exc:
        notify(registered, manager, kind, on=D(2024, 6, 1), event_on=event_on, **details)
    assert exc.value.field == field
    after = (Notification.objects.count(), Address.objects.count(), TravelItinerary.objects.count())
    assert after == before


def test_a_return_before_the_departure_is_refused(registered, manager) -> None:
    notify(
        registered,
        manager,
        "travel_departure",
        on=D(2024, 6, 1),
        departs_on=D(2024, 6, 10),
        departure_point="Dover",
        destinations="France",
        carriers="Ferry",
        accommodation="Hotel",
        details_known_on=D(2024, 6, 1),
    )
    trip = TravelItinerary.objects.get()
    with pytest.raises(Refused, match="cannot come back before they left"):
        notify(
            registered,
            manager,
            "travel_return",
            on=D(2024, 6, 12),
            event_on=D(2024, 6, 9),
            itinerary=trip,
        )
    trip.refresh_from_db()
    assert trip.returned_on is None


def test_another_persons_trip_cannot_be_closed(registered, manager, unit) -> None:
    other = NominalFactory.create(unit=unit, registered_on=REGISTERED)
    trip = TravelItinerary.objects.create(
        nominal=other,
        departs_on=D(2024, 6, 1),
        departure_point="Dover",
        destinations="France",
        carriers="Ferry",
        accommodation="Hotel",
        details_known_on=D(2024, 5, 1),
    )
    with pytest.raises(Refused, match="Choose the trip"):
        notify(
            registered,
            manager,
            "travel_return",
            on=D(2024, 6, 12),
            event_on=D(2024, 6, 9),
            itinerary=trip,
        )


def test_moving_home_before_the_current_home_began_is_refused(registered, manager) -> None:
    _home(registered)
    with pytest.raises(Refused, match="not before the move"):
        notify(
            registered,
            manager,
            "change_home_address",
            on=D(2024, 6, 3),
            event_on=D(2013, 6, 1),
            line1="2 Road",
            postcode="LS6 2AB",
        )
    assert Address.objects.get(nominal=registered).to_date is None


def test_a_late_notification_is_shown_late_with_the_law(registered, manager) -> None:
    n = notify(
        registered,
        manager,
        "change_home_address",
        on=D(2024, 6, 10),
        event_on=D(2024, 6, 1),
        line1="2 Road",
        postcode="LS6 2AB",
    )
    t = queries.requirements(registered, today=D(2024, 6, 11)).timeliness[n.pk]
    assert t.late and t.text.startswith("7 days late") and "s.84(1)(b)" in t.text
