"""Writes for notification requirements: each one transaction, with its audit event.

Every function refuses facts that contradict the record (a notification before the
conviction, a return before the departure, a child who is not under 18, ...) by raising
``Refused`` naming the form field, so nothing contradictory is ever stored and found
later (issue 4, "Bad input"). Changes a notification makes to the record go through
``nominals.services.save_section``, so the record's history, audit and name keys stay
right. Rows carry a version: a change to a row loaded at an older version is refused
with ``EditConflict`` (nominals.services).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models, transaction
from django.utils import timezone

from vigil.audit.services import audit_nominal
from vigil.nominals import models as nm
from vigil.nominals.services import EditConflict, save_section
from vigil.policy import deadlines as dl
from vigil.policy.deadlines import NotificationKind
from vigil.registration import queries
from vigil.registration.models import (
    KIND_LABELS,
    AppealOutcome,
    BreachOutcome,
    Conviction,
    ConvictionOffence,
    Notification,
    PeriodEnd,
    PeriodOverride,
    PossibleBreach,
    ReviewApplication,
    ReviewOutcome,
    TravelItinerary,
)

__all__ = ["EditConflict", "Refused"]


class Refused(ValueError):
    """A fact the record cannot hold; ``field`` is the form field to show it on."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _save(
    *, actor: Any, instance: models.Model, values: dict[str, Any], expected_version: int | None
) -> Any:
    """Add ``instance`` or change it, stamping who and when, refusing a stale version."""
    now = timezone.now()
    if instance.pk is None:
        for name, value in values.items():
            setattr(instance, name, value)
        instance.created_by = instance.modified_by = actor  # type: ignore[attr-defined]
        instance.created_at = instance.modified_at = now  # type: ignore[attr-defined]
        try:
            instance.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            field, messages = next(iter(exc.message_dict.items()))
            raise Refused(messages[0], None if field == NON_FIELD_ERRORS else field) from None
        instance.save()
        return instance
    current: Any = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if current.version != expected_version:
        raise EditConflict(current)
    for name, value in values.items():
        setattr(current, name, value)
    current.version += 1
    current.modified_by = actor
    current.modified_at = now
    current.save()
    return current


def _not_future(day: dt.date | None, today: dt.date, field: str, what: str) -> None:
    if day is not None and day > today:
        raise Refused(f"{what} is in the future. Enter a date from today or before.", field)


# --- Convictions ----------------------------------------------------------------------------


def _check_conviction(
    nominal: nm.Nominal,
    conviction: Conviction,
    offences: list[ConvictionOffence],
    *,
    today: dt.date,
) -> None:
    """Refuse a conviction the record cannot hold, with the policy's own message."""
    _not_future(conviction.relevant_on, today, "relevant_on", "The date")
    _not_future(conviction.sentenced_on, today, "sentenced_on", "The sentence date")
    if conviction.kind == "caution" and conviction.sentenced_on:
        raise Refused("A caution has no sentence date: leave it blank", "sentenced_on")
    if conviction.sentenced_on and conviction.sentenced_on < conviction.relevant_on:
        raise Refused(
            "The sentence date is before the conviction. Check both dates.", "sentenced_on"
        )
    age = queries.age_on(nominal.date_of_birth, conviction.relevant_on)
    if age < 10:
        raise Refused(
            f"On that date they were {age}: no child under 10 can be convicted or cautioned in "
            "England and Wales (Children and Young Persons Act 1933 s.50). Check the date.",
            "relevant_on",
        )
    first = (
        Notification.objects.filter(nominal=nominal)
        .order_by("received_at")
        .values_list("received_at", flat=True)
    ).first()
    if first is not None:
        others = Conviction.objects.filter(nominal=nominal).exclude(pk=conviction.pk)
        earliest = min([conviction.relevant_on, *others.values_list("relevant_on", flat=True)])
        if earliest > queries.local_date(first):
            raise Refused(
                f"A notification was recorded on {_fmt(queries.local_date(first))}, before "
                f"this date: the record would have them notifying before any conviction, "
                "finding or caution. Check the date, or record the earlier conviction first.",
                "relevant_on",
            )
    for offence in offences:
        if offence.offence_date > conviction.relevant_on:
            raise Refused(
                f"The offence {offence.offence_code} is dated {_fmt(offence.offence_date)}, after "
                "this date: nobody is convicted of an offence before committing it.",
                "relevant_on",
            )
        message = queries.conviction_kind_matches(conviction.kind, offence.disposal)
        if message:
            raise Refused(message, "kind")
    assessment = queries.assess_conviction(
        conviction, offences, date_of_birth=nominal.date_of_birth, today=today
    )
    if assessment.error:
        raise Refused(assessment.error)


@transaction.atomic
def conviction_save(
    *,
    actor: Any,
    nominal: nm.Nominal,
    instance: Conviction,
    values: dict[str, Any],
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Conviction:
    """Record a conviction, finding or caution, or change one (RULES.md §1.1, s.80(1))."""
    today = today or timezone.localdate()
    adding = instance.pk is None
    prospective = Conviction(pk=instance.pk, nominal=nominal)
    for name, value in values.items():
        setattr(prospective, name, value)
    offences = list(instance.offences.all()) if not adding else []
    _check_conviction(nominal, prospective, offences, today=today)
    if adding:
        instance.nominal = nominal
    saved: Conviction = _save(
        actor=actor, instance=instance, values=values, expected_version=expected_version
    )
    audit_nominal(
        actor,
        "registration.conviction.added" if adding else "registration.conviction.changed",
        nominal,
        conviction=saved.pk,
    )
    return saved


@transaction.atomic
def offence_save(
    *,
    actor: Any,
    conviction: Conviction,
    instance: ConvictionOffence,
    values: dict[str, Any],
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> ConvictionOffence:
    """Add an offence to a conviction, or change one, refusing what Schedule 3 refuses.

    The whole conviction is re-assessed with the offence as it would be stored: an
    offence whose facts ``schedule3.check`` cannot decide, or whose terms s.82 cannot
    combine, is refused with the policy's message.
    """
    today = today or timezone.localdate()
    nominal = conviction.nominal
    adding = instance.pk is None
    prospective = ConvictionOffence(pk=instance.pk, conviction=conviction)
    for name, value in values.items():
        setattr(prospective, name, value)
    _not_future(prospective.offence_date, today, "offence_date", "The offence date")
    age = queries.age_on(nominal.date_of_birth, prospective.offence_date)
    if age < 10:
        raise Refused(
            f"On that date they were {age}: no child under 10 can commit an offence in England "
            "and Wales (Children and Young Persons Act 1933 s.50). Check the date.",
            "offence_date",
        )
    others = [o for o in conviction.offences.all() if o.pk != instance.pk]
    _check_conviction(nominal, conviction, [*others, prospective], today=today)
    single = queries.assess_offence(
        prospective, conviction=conviction, date_of_birth=nominal.date_of_birth
    )
    if single.error:
        raise Refused(single.error)
    if adding:
        instance.conviction = conviction
    saved: ConvictionOffence = _save(
        actor=actor, instance=instance, values=values, expected_version=expected_version
    )
    audit_nominal(
        actor,
        "registration.offence.added" if adding else "registration.offence.changed",
        nominal,
        conviction=conviction.pk,
        offence=saved.pk,
        code=saved.offence_code,
    )
    return saved


@transaction.atomic
def override_add(
    *,
    actor: Any,
    nominal: nm.Nominal,
    indefinite: bool,
    ends_on: dt.date | None,
    directed_on: dt.date,
    directed_by: str,
    reason: str,
    today: dt.date | None = None,
) -> PeriodOverride:
    """Record a court's direction about the notification period; it then governs."""
    today = today or timezone.localdate()
    _not_future(directed_on, today, "directed_on", "The date of the direction")
    if not indefinite and ends_on is None:
        raise Refused("Enter the last day of the period, or choose indefinite", "ends_on")
    if indefinite and ends_on is not None:
        raise Refused("An indefinite period has no last day: leave it blank", "ends_on")
    if not reason.strip():
        raise Refused("Say what the court directed and why", "reason")
    start = min(
        [
            nominal.registered_on,
            *Conviction.objects.filter(nominal=nominal).values_list("relevant_on", flat=True),
        ]
    )
    if ends_on is not None and ends_on < start:
        raise Refused(
            f"The last day is before the requirements began ({_fmt(start)}). Check the date.",
            "ends_on",
        )
    override = PeriodOverride(nominal=nominal)
    override = _save(
        actor=actor,
        instance=override,
        values={
            "indefinite": indefinite,
            "ends_on": ends_on,
            "directed_on": directed_on,
            "directed_by": directed_by,
            "reason": reason,
        },
        expected_version=None,
    )
    audit_nominal(actor, "registration.override.added", nominal, override=override.pk)
    return override


# --- Notifications ------------------------------------------------------------------------

#: Changes notified under s.84(1), which say when the change happened (``event_on``).
EVENT_KINDS = frozenset(
    {
        NotificationKind.CHANGE_NAME,
        NotificationKind.CHANGE_HOME_ADDRESS,
        NotificationKind.OTHER_ADDRESS,
        NotificationKind.RELEASE,
        NotificationKind.BANK_CARD,
        NotificationKind.IDENTITY_DOCUMENT,
        NotificationKind.CHILD_HOUSEHOLD,
        NotificationKind.CHANGE_NOT_OCCURRED,
        NotificationKind.TRAVEL_RETURN,
    }
)
#: s.84(2): these may be notified before they happen, giving the expected date.
ADVANCE_KINDS = frozenset(
    {
        NotificationKind.CHANGE_NAME,
        NotificationKind.CHANGE_HOME_ADDRESS,
        NotificationKind.OTHER_ADDRESS,
    }
)


def _section(
    actor: Any, nominal: nm.Nominal, section: str, instance: models.Model, values: dict[str, Any]
) -> Any:
    """Apply a change to the record the way the record's own pages do."""
    version = None if instance.pk is None else instance.version  # type: ignore[attr-defined]
    return save_section(
        actor=actor,
        nominal=nominal,
        section=section,
        instance=instance,
        values=values,
        expected_version=version,
    )


def _address_text(values: dict[str, Any]) -> str:
    if values.get("kind") == nm.AddressKind.NFA:
        return "no fixed abode: " + (values.get("location_notes") or "").strip()
    parts = [values.get(k, "") for k in ("line1", "line2", "town", "postcode")]
    return ", ".join(p for p in parts if p)


_ADDRESS_FIELDS = ("line1", "line2", "town", "postcode", "location_notes")


def _apply_name(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    forename, surname = d["forename"].strip(), d["surname"].strip()
    assert n.event_on is not None
    if (forename.lower(), surname.lower()) == (nominal.forename.lower(), nominal.surname.lower()):
        raise Refused("That is already the name on the record", "surname")
    if d.get("main_name", True):
        previous = _section(
            actor,
            nominal,
            "names",
            nm.NominalName(),
            {
                "kind": nm.NameKind.PREVIOUS,
                "forename": nominal.forename,
                "surname": nominal.surname,
                "from_date": None,
                "to_date": n.event_on - dt.timedelta(days=1),
            },
        )
        old = f"{nominal.forename} {nominal.surname}"
        _section(
            actor,
            nominal,
            "identity",
            nominal,
            {
                "forename": forename,
                "middle_names": d.get("middle_names", "").strip(),
                "surname": surname,
            },
        )
        n.name = previous
        return (
            f"Change of name: now known as {forename} {surname} from {_fmt(n.event_on)} "
            f"(previously {old})."
        )
    alias = _section(
        actor,
        nominal,
        "names",
        nm.NominalName(),
        {
            "kind": nm.NameKind.ALIAS,
            "forename": forename,
            "surname": surname,
            "from_date": n.event_on,
            "to_date": None,
        },
    )
    n.name = alias
    return f"Uses another name: {forename} {surname}, from {_fmt(n.event_on)}."


def _apply_home(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    assert n.event_on is not None
    moved = n.event_on
    kind = nm.AddressKind.NFA if d.get("no_fixed_abode") else nm.AddressKind.HOME
    homes = nm.Address.objects.filter(
        nominal=nominal, kind__in=[nm.AddressKind.HOME, nm.AddressKind.NFA]
    ).filter(models.Q(to_date__isnull=True) | models.Q(to_date__gte=moved))
    for home in homes:
        if home.from_date is not None and home.from_date >= moved:
            raise Refused(
                f"The current home ({home}) began on {_fmt(home.from_date)}, not before the move. "
                "Check the date of the move, or correct the address on the record.",
                "event_on",
            )
        _section(actor, nominal, "addresses", home, {"to_date": moved - dt.timedelta(days=1)})
    values = {"kind": kind, "from_date": moved, "to_date": None}
    values.update({f: d.get(f, "") for f in _ADDRESS_FIELDS})
    address = _section(actor, nominal, "addresses", nm.Address(), values)
    n.address = address
    return f"New home address from {_fmt(moved)}: {_address_text(values)}."


def _apply_other(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    assert n.event_on is not None
    start, end = d["from_date"], d.get("to_date")
    days = dl.QUALIFYING_STAY_DAYS.value
    if n.event_on < start + dt.timedelta(days=days - 1):
        raise Refused(
            f"Stays that began on {_fmt(start)} cannot add up to {days} days by "
            f"{_fmt(n.event_on)} (s.84(6)). Check both dates.",
            "event_on",
        )
    if end is not None and end < start:
        raise Refused("The stay cannot end before it began", "to_date")
    values = {"kind": nm.AddressKind.SECONDARY, "from_date": start, "to_date": end}
    values.update({f: d.get(f, "") for f in _ADDRESS_FIELDS})
    n.address = _section(actor, nominal, "addresses", nm.Address(), values)
    until = f" to {_fmt(end)}" if end else ""
    return (
        f"Staying at another address from {_fmt(start)}{until}, a qualifying period reached on "
        f"{_fmt(n.event_on)}: {_address_text(values)}."
    )


def _apply_release(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    assert n.event_on is not None
    if nominal.status in (nm.Status.CUSTODY, nm.Status.HOSPITAL):
        _section(actor, nominal, "management", nominal, {"status": nm.Status.COMMUNITY})
    where = (d.get("released_from") or "").strip()
    return f"Released on {_fmt(n.event_on)}" + (f" from {where}." if where else ".")


def _apply_card(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    card = _section(
        actor,
        nominal,
        "bank-cards",
        nm.BankCard(),
        {
            "kind": d["card_kind"],
            "issuer": d["issuer"],
            "last_four": d["last_four"],
            "from_date": n.event_on,
            "to_date": None,
        },
    )
    n.bank_card = card
    return f"New account or card from {_fmt(n.event_on)}: {card}."  # type: ignore[arg-type]


def _apply_document(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    issued, expires = d.get("issued_on"), d.get("expires_on")
    if issued and expires and expires < issued:
        raise Refused("The expiry date is before the issue date", "expires_on")
    if issued and n.event_on and issued > n.event_on:
        raise Refused(
            "The document was issued after the date of the change. Check both dates.", "issued_on"
        )
    doc = _section(
        actor,
        nominal,
        "documents",
        nm.IdentityDocument(),
        {
            "kind": d["document_kind"],
            "number": d["number"],
            "issuing_country": d.get("issuing_country") or "United Kingdom",
            "issued_on": issued,
            "expires_on": expires,
            "notes": "",
        },
    )
    n.document = doc
    return f"New identity document from {_fmt(n.event_on)}: {doc}, issued by {doc.issuing_country}."  # type: ignore[arg-type]


def _apply_household(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    assert n.event_on is not None
    began, until = n.event_on, d.get("to_date")
    dob = d.get("child_date_of_birth")
    if until is not None and until < began:
        raise Refused("The stay cannot end before it began", "to_date")
    if dob is not None:
        if dob > began:
            raise Refused(
                "The child's date of birth is after the stay began. Check both dates.",
                "child_date_of_birth",
            )
        age = queries.age_on(dob, began)
        if age >= 18:
            raise Refused(
                f"That date of birth makes them {age} when the stay began: a relevant household "
                "is one where a child under 18 lives or stays (SI 2012/1876 reg 10). Check the "
                "date, or record them as a household member instead.",
                "child_date_of_birth",
            )
    elif not d.get("believed_under_18"):
        raise Refused(
            "Give the child's date of birth, or confirm they are believed to be under 18",
            "child_date_of_birth",
        )
    existing = d.get("address")
    if existing is not None:
        if existing.nominal_id != nominal.pk:
            raise Refused("Choose one of their addresses", "address")
        address = existing
    else:
        values = {"kind": nm.AddressKind.TEMPORARY, "from_date": began, "to_date": until}
        values.update({f: d.get(f, "") for f in _ADDRESS_FIELDS})
        address = _section(actor, nominal, "addresses", nm.Address(), values)
    member = _section(
        actor,
        nominal,
        "household",
        nm.HouseholdMember(),
        {
            "address": address,
            "name": d["child_name"],
            "relationship": d.get("relationship", ""),
            "date_of_birth": dob,
            "believed_under_18": dob is None,
            "from_date": began,
            "to_date": until,
        },
    )
    n.address, n.household_member = address, member
    until_text = f" until {_fmt(until)}" if until else ""
    return (
        f"Staying 12 hours or more from {_fmt(began)}{until_text} in a household with a child "
        f"({d['child_name']}) at {address}."
    )


def _apply_not_occurred(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    what = d["change"].strip()
    return f"The change notified for {_fmt(n.event_on)} did not happen: {what}."  # type: ignore[arg-type]


def _apply_periodic(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    if n.kind == NotificationKind.WEEKLY:
        nfa = nm.Address.objects.filter(
            nominal=nominal, kind=nm.AddressKind.NFA, to_date__isnull=True
        ).exists()
        if not nfa:
            raise Refused(
                "Weekly notification is for someone with no sole or main residence (s.85(5)(a), "
                "(6)), and their record has a home address. Record it as a periodic "
                "notification, or record the change to no fixed abode first.",
                "kind",
            )
    return {
        NotificationKind.INITIAL: "Initial notification of the details required by s.83(5).",
        NotificationKind.PERIODIC: "Periodic notification: the details required by s.83(5) "
        "confirmed (s.85).",
        NotificationKind.WEEKLY: "Weekly notification with no sole or main residence: where "
        "they can regularly be found confirmed (s.85(5)(a), (6)).",
    }[NotificationKind(n.kind)]


def _apply_departure(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    given = queries.local_date(n.received_at)
    departs, back, known = d["departs_on"], d.get("returns_on"), d["details_known_on"]
    if departs < given:
        raise Refused(
            "The departure date is before the notification: intended travel is notified before "
            "leaving (s.86). Check the dates.",
            "departs_on",
        )
    if back is not None and back < departs:
        raise Refused(
            "The return date is before the departure date. Check both dates.", "returns_on"
        )
    if known > given:
        raise Refused(
            "The details cannot first be known after the day they were notified. Check the date.",
            "details_known_on",
        )
    values = {
        f: d.get(f)
        for f in (
            "departs_on",
            "departure_time",
            "departure_point",
            "destinations",
            "carriers",
            "accommodation",
            "returns_on",
            "details_known_on",
        )
    }
    values["return_point"] = d.get("return_point") or ""
    it = _save(
        actor=actor, instance=TravelItinerary(nominal=nominal), values=values, expected_version=None
    )
    n.itinerary = it
    n.event_on = departs
    back_text = f", returning on {_fmt(back)}" if back else ", return date not known"
    return (
        f"Intended travel outside the UK from {_fmt(departs)} ({it.departure_point}) to "
        f"{' / '.join(it.destinations.split())}{back_text}. Carriers: {it.carriers}. First night: "
        f"{it.accommodation}."
    )


def _apply_return(
    actor: Any, nominal: nm.Nominal, n: Notification, d: dict[str, Any], today: dt.date
) -> str:
    it: TravelItinerary | None = d.get("itinerary")
    assert n.event_on is not None
    if it is None or it.nominal_id != nominal.pk:
        raise Refused("Choose the trip they have come back from", "itinerary")
    if it.returned_on is not None:
        raise Refused(
            f"Their return from that trip was recorded on {_fmt(it.returned_on)}", "itinerary"
        )
    if n.event_on < it.departs_on:
        raise Refused(
            f"They cannot come back before they left on {_fmt(it.departs_on)}. Check the date.",
            "event_on",
        )
    n.itinerary = _save(
        actor=actor, instance=it, values={"returned_on": n.event_on}, expected_version=it.version
    )
    return (
        f"Came back to the UK on {_fmt(n.event_on)} from the trip that began {_fmt(it.departs_on)}."
    )


_APPLY = {
    NotificationKind.INITIAL: _apply_periodic,
    NotificationKind.PERIODIC: _apply_periodic,
    NotificationKind.WEEKLY: _apply_periodic,
    NotificationKind.CHANGE_NAME: _apply_name,
    NotificationKind.CHANGE_HOME_ADDRESS: _apply_home,
    NotificationKind.OTHER_ADDRESS: _apply_other,
    NotificationKind.RELEASE: _apply_release,
    NotificationKind.BANK_CARD: _apply_card,
    NotificationKind.IDENTITY_DOCUMENT: _apply_document,
    NotificationKind.CHILD_HOUSEHOLD: _apply_household,
    NotificationKind.CHANGE_NOT_OCCURRED: _apply_not_occurred,
    NotificationKind.TRAVEL_DEPARTURE: _apply_departure,
    NotificationKind.TRAVEL_RETURN: _apply_return,
}


def check_notification_dates(
    *,
    nominal: nm.Nominal,
    kind: NotificationKind,
    received_at: dt.datetime,
    event_on: dt.date | None,
    now: dt.datetime | None = None,
) -> None:
    """Refuse a notification whose dates contradict the record (issue 4, "Bad input").

    Not in the future; not before the person came onto the register, nor before their
    first conviction, finding or caution (s.80: nobody notifies before being subject);
    a change's date given where s.84 needs it, and not after the notification unless the
    change may be notified in advance (s.84(2)).
    """
    now = now or timezone.now()
    if received_at.tzinfo is None:
        raise Refused("The time received must include a time zone", "received_on")
    if received_at > now:
        raise Refused(
            "The notification is dated in the future. Check the date and time.", "received_on"
        )
    given = queries.local_date(received_at)
    if given < nominal.registered_on:
        raise Refused(
            f"The notification is dated before they came onto the register "
            f"({_fmt(nominal.registered_on)}). Check the date, or the registration date.",
            "received_on",
        )
    first = (
        Conviction.objects.filter(nominal=nominal)
        .order_by("relevant_on")
        .values_list("relevant_on", flat=True)
        .first()
    )
    if first is not None and given < first:
        raise Refused(
            f"The notification is dated before their first conviction, finding or caution "
            f"({_fmt(first)}): nobody notifies before they are subject (s.80). Check the date.",
            "received_on",
        )
    if kind in EVENT_KINDS:
        if event_on is None:
            raise Refused("Enter the date of the change", "event_on")
        if event_on < nominal.date_of_birth:
            raise Refused("The date of the change is before they were born", "event_on")
        if event_on > given and kind not in ADVANCE_KINDS:
            raise Refused(
                "The date of the change is after the notification. Only a change of name or "
                "address may be notified before it happens (s.84(2)). Check the date.",
                "event_on",
            )


@transaction.atomic
def notification_record(
    *,
    actor: Any,
    nominal: nm.Nominal,
    kind: NotificationKind | str,
    received_at: dt.datetime,
    station: str,
    received_by: Any,
    event_on: dt.date | None = None,
    details: dict[str, Any] | None = None,
    notes: str = "",
    today: dt.date | None = None,
) -> Notification:
    """Record a notification given at a police station and apply it to the record (s.87).

    One transaction: the notification, the change it makes to the record (a new name, the
    old home ended and the new one added, a card, a document, a household with a child,
    a trip abroad or the return from one, the release), and the audit event. The due
    dates then follow from ``queries`` (nothing stored): a notification under s.83(1),
    s.84(1) or s.85(1) restarts the periodic clock; the 2012 items and travel do not.
    """
    kind = NotificationKind(kind)
    today = today or timezone.localdate()
    details = details or {}
    # One notification at a time per person: the record changes below read what is current.
    locked = nm.Nominal.objects.select_for_update().get(pk=nominal.pk)
    if not station.strip():
        raise Refused("Enter the police station", "station")
    check_notification_dates(nominal=locked, kind=kind, received_at=received_at, event_on=event_on)
    now = timezone.now()
    n = Notification(
        nominal=locked,
        kind=kind,
        received_at=received_at,
        station=station.strip(),
        received_by=received_by,
        event_on=event_on,
        notes=notes,
        created_by=actor,
        modified_by=actor,
        created_at=now,
        modified_at=now,
    )
    n.summary = _APPLY[kind](actor, locked, n, details, today)
    n.save()
    audit_nominal(
        actor,
        "registration.notification.recorded",
        locked,
        notification=n.reference,
        kind=kind.value,
    )
    return n


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)


# --- Possible breaches -------------------------------------------------------------------------


@transaction.atomic
def breach_record(
    *, actor: Any, nominal: nm.Nominal, key: str, notes: str = "", today: dt.date | None = None
) -> PossibleBreach:
    """Record a possible s.91 breach for a deadline the register status shows overdue.

    The deadline is worked out again now: only one that is overdue today, with no breach
    recorded for it, can be recorded (so the record never holds a "missed" deadline that
    was not missed). Its reason, citing the law, is kept with the breach.
    """
    today = today or timezone.localdate()
    nm.Nominal.objects.select_for_update().get(pk=nominal.pk)
    req = queries.requirements(nominal, today=today)
    item = next((i for i in req.status.items if i.key == key), None)
    if item is None or not item.overdue or item.deadline is None:
        raise Refused(
            "That deadline is not overdue now. Choose one of the overdue deadlines.", "deadline"
        )
    if item.breach is not None:
        raise Refused("A possible breach is already recorded for that deadline", "deadline")
    breach = _save(
        actor=actor,
        instance=PossibleBreach(nominal=nominal),
        values={
            "deadline_kind": item.kind,
            "due_on": item.deadline.due,
            "deadline_reason": item.deadline.reason,
            "itinerary_id": item.itinerary_id,
            "identified_on": today,
            "notes": notes,
        },
        expected_version=None,
    )
    audit_nominal(
        actor, "registration.breach.recorded", nominal, breach=breach.pk, deadline=item.kind
    )
    return breach


@transaction.atomic
def breach_outcome(
    *,
    actor: Any,
    breach: PossibleBreach,
    outcome: str,
    outcome_on: dt.date,
    outcome_notes: str = "",
    expected_version: int | None,
    today: dt.date | None = None,
) -> PossibleBreach:
    """Record (or update, as a case moves on) the outcome of a possible breach."""
    today = today or timezone.localdate()
    if outcome not in BreachOutcome.values:
        raise Refused("Choose the outcome", "outcome")
    _not_future(outcome_on, today, "outcome_on", "The date of the outcome")
    if outcome_on < breach.identified_on:
        raise Refused(
            f"The outcome is dated before the possible breach was recorded "
            f"({_fmt(breach.identified_on)}). Check the date.",
            "outcome_on",
        )
    saved: PossibleBreach = _save(
        actor=actor,
        instance=breach,
        values={"outcome": outcome, "outcome_on": outcome_on, "outcome_notes": outcome_notes},
        expected_version=expected_version,
    )
    audit_nominal(
        actor, "registration.breach.outcome", breach.nominal, breach=breach.pk, outcome=outcome
    )
    return saved


# --- End of the requirements ---------------------------------------------------------------


@transaction.atomic
def period_end_confirm(
    *, actor: Any, nominal: nm.Nominal, reason: str = "", today: dt.date | None = None
) -> PeriodEnd:
    """Confirm that the notification requirements have ended; the person becomes
    "no longer subject". Refused unless the period (computed, or as a court directed)
    ended before today, or a review decided that the requirements cease (s.91C, s.91E).
    Nothing is deleted: the record, convictions and notifications stay (MoPI).
    """
    today = today or timezone.localdate()
    locked = nm.Nominal.objects.select_for_update().get(pk=nominal.pk)
    if locked.status == nm.Status.NO_LONGER_SUBJECT:
        raise Refused("They are already recorded as no longer subject")
    req = queries.requirements(locked, today=today)
    grounds = queries.end_grounds(req)
    if grounds is None:
        eff = req.effective
        if eff is None:
            why = "no notifiable conviction, finding or caution is recorded"
        elif eff.indefinite:
            why = "the requirements are indefinite"
        else:
            assert eff.last_day is not None
            why = f"the period ends with {_fmt(eff.last_day)}"
        raise Refused(f"The requirements have not ended: {why}.")
    kind, last_day, law = grounds
    end = _save(
        actor=actor,
        instance=PeriodEnd(nominal=locked),
        values={
            "grounds": kind,
            "last_day": last_day,
            "reason": (reason.strip() + "\n\n" + law).strip(),
        },
        expected_version=None,
    )
    _section(actor, locked, "management", locked, {"status": nm.Status.NO_LONGER_SUBJECT})
    audit_nominal(
        actor, "registration.period.ended", locked, grounds=kind, last_day=last_day.isoformat()
    )
    return end


# --- Review of indefinite notification -----------------------------------------------------------


@transaction.atomic
def review_receive(
    *,
    actor: Any,
    nominal: nm.Nominal,
    received_on: dt.date,
    subject_to_order: bool,
    notes: str = "",
    today: dt.date | None = None,
) -> ReviewApplication:
    """Record an application for review of indefinite notification (ss.91A-91B).

    Refused, with the law's reasons (``deadlines.review_eligibility``), if they are not a
    qualifying relevant offender (not indefinite, or subject to an SHPO or SOPO) or if it
    came before the (further) qualifying date. An application still being determined
    must be decided first.
    """
    today = today or timezone.localdate()
    _not_future(received_on, today, "received_on", "The date received")
    locked = nm.Nominal.objects.select_for_update().get(pk=nominal.pk)
    req = queries.requirements(locked, today=today)
    if any(not r.outcome for r in req.reviews):
        raise Refused("An earlier application has not been determined yet: record that first")
    if req.effective is None or not req.effective.indefinite:
        raise Refused(
            "s.91A(2)(a): only someone subject to indefinite notification may apply for review"
        )
    if req.review is None or req.review.date is None:
        raise Refused(
            req.review.reason if req.review else "The qualifying date cannot be worked out"
        )
    eligibility = dl.review_eligibility(
        indefinite=True,
        subject_to_prevention_order=subject_to_order,
        qualifying_date=req.review.date.qualifying_date,
        applied_on=received_on,
    )
    if not eligibility.eligible:
        raise Refused(
            "The application cannot be accepted: " + "; ".join(eligibility.reasons) + ".",
            "received_on",
        )
    review = _save(
        actor=actor,
        instance=ReviewApplication(nominal=locked),
        values={"received_on": received_on, "notes": notes},
        expected_version=None,
    )
    audit_nominal(actor, "registration.review.received", locked, review=review.pk)
    return review


@transaction.atomic
def review_request_information(
    *,
    actor: Any,
    review: ReviewApplication,
    requested_on: dt.date,
    bodies: str,
    expected_version: int | None,
    today: dt.date | None = None,
) -> ReviewApplication:
    """Record that information was asked of the responsible bodies (s.91C(2); RULES.md §1.4)."""
    today = today or timezone.localdate()
    _not_future(requested_on, today, "info_requested_on", "The date")
    if requested_on < review.received_on:
        raise Refused(
            "The request is dated before the application was received", "info_requested_on"
        )
    if review.outcome:
        raise Refused("The application has already been determined")
    if not bodies.strip():
        raise Refused("Say which responsible bodies were asked", "bodies")
    saved: ReviewApplication = _save(
        actor=actor,
        instance=review,
        values={"info_requested_on": requested_on, "bodies": bodies},
        expected_version=expected_version,
    )
    audit_nominal(actor, "registration.review.information", review.nominal, review=review.pk)
    return saved


@transaction.atomic
def review_determine(
    *,
    actor: Any,
    review: ReviewApplication,
    determined_on: dt.date,
    outcome: str,
    further_review_years: int | None,
    notice_given_on: dt.date | None,
    reasons: str,
    expected_version: int | None,
    today: dt.date | None = None,
) -> ReviewApplication:
    """Record the chief officer's determination (s.91C) and, to keep the requirements, the
    further review period: 8 years, or longer up to 15 (s.91B(3)-(6); RULES.md §1.4)."""
    today = today or timezone.localdate()
    _not_future(determined_on, today, "determined_on", "The date of the determination")
    _not_future(notice_given_on, today, "notice_given_on", "The date of the notice")
    if determined_on < review.received_on:
        raise Refused(
            "The determination is dated before the application was received", "determined_on"
        )
    if notice_given_on is not None and notice_given_on < determined_on:
        raise Refused("The notice cannot be received before the determination", "notice_given_on")
    if outcome not in ReviewOutcome.values:
        raise Refused("Choose the outcome", "outcome")
    if outcome == ReviewOutcome.CONTINUE:
        low, high = dl.REVIEW_FURTHER_YEARS.value, dl.REVIEW_MAX_FURTHER_YEARS.value
        further_review_years = further_review_years or low
        if not low <= further_review_years <= high:
            raise Refused(
                f"The further review period is {low} years, or longer up to {high} (s.91B(3)-(6))",
                "further_review_years",
            )
    else:
        further_review_years = None
    if not reasons.strip():
        raise Refused("Give the reasons for the determination (s.91C(4))", "determination_reasons")
    saved: ReviewApplication = _save(
        actor=actor,
        instance=review,
        values={
            "determined_on": determined_on,
            "outcome": outcome,
            "further_review_years": further_review_years,
            "notice_given_on": notice_given_on,
            "determination_reasons": reasons,
        },
        expected_version=expected_version,
    )
    audit_nominal(
        actor, "registration.review.determined", review.nominal, review=review.pk, outcome=outcome
    )
    return saved


@transaction.atomic
def review_appeal(
    *,
    actor: Any,
    review: ReviewApplication,
    lodged_on: dt.date,
    outcome: str = "",
    decided_on: dt.date | None = None,
    expected_version: int | None,
    today: dt.date | None = None,
) -> ReviewApplication:
    """Record an appeal to a magistrates' court against a determination to keep the
    requirements (s.91E), and its outcome when decided."""
    today = today or timezone.localdate()
    if review.outcome != ReviewOutcome.CONTINUE:
        raise Refused("Only a determination to keep the requirements can be appealed (s.91E)")
    _not_future(lodged_on, today, "appeal_lodged_on", "The date lodged")
    _not_future(decided_on, today, "appeal_decided_on", "The date decided")
    start = review.notice_given_on or review.determined_on
    assert start is not None
    if lodged_on < start:
        raise Refused(
            f"The appeal is dated before the notice of the determination ({_fmt(start)})",
            "appeal_lodged_on",
        )
    if bool(outcome) != (decided_on is not None):
        raise Refused(
            "Give both the appeal's outcome and the date it was decided, or neither",
            "appeal_decided_on",
        )
    if decided_on is not None and decided_on < lodged_on:
        raise Refused("The appeal cannot be decided before it was lodged", "appeal_decided_on")
    if outcome and outcome not in AppealOutcome.values:
        raise Refused("Choose the outcome", "appeal_outcome")
    saved: ReviewApplication = _save(
        actor=actor,
        instance=review,
        values={
            "appeal_lodged_on": lodged_on,
            "appeal_outcome": outcome,
            "appeal_decided_on": decided_on,
        },
        expected_version=expected_version,
    )
    audit_nominal(
        actor, "registration.review.appealed", review.nominal, review=review.pk, outcome=outcome
    )
    return saved
