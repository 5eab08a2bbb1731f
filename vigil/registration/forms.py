"""Forms for notification requirements: validate, explain, keep what was typed.

No business logic: offence codes and terms are read by ``vigil.policy`` (whose messages
say what to give); facts that contradict the record are refused by ``services`` and the
view shows its message on the field it names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.choices import Choice
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.utils import timezone

from vigil.accounts.models import User
from vigil.accounts.roles import Perm, roles_with
from vigil.forms import DateInput
from vigil.nominals import models as nm
from vigil.policy import identifiers as ids
from vigil.policy import schedule3
from vigil.policy.deadlines import NotificationKind
from vigil.policy.sentence import Custody, Disposal, Sentence, parse_term
from vigil.registration.models import (
    KIND_LABELS,
    AppealOutcome,
    BreachOutcome,
    Conviction,
    ConvictionKind,
    ConvictionOffence,
    ReviewOutcome,
    TravelItinerary,
)

DATE_HELP = "For example, 2024-03-27"
DATE_INVALID = "Enter the date as year-month-day, for example 2024-03-27"


def _date(
    label: str,
    *,
    required: bool = True,
    help_text: str = DATE_HELP,
    message: str = "Enter the date",
) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateInput(),
        error_messages={"required": message, "invalid": DATE_INVALID},
    )


def layout(
    form: forms.BaseForm, *, submit: str, widths: dict[str, str] | None = None
) -> FormHelper:
    """A GOV.UK layout for any form: dates and short values narrow, radios as radios."""
    widths = widths or {}
    parts: list[Any] = []
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(field, forms.DateField):
            field.widget = widget if isinstance(widget, DateInput) else DateInput()
            field.error_messages["invalid"] = DATE_INVALID
            parts.append(Field.text(name, field_width=Fixed.TEN))
        elif isinstance(widget, forms.RadioSelect):
            parts.append(Field.radios(name, legend_size=Size.SMALL))
        elif isinstance(field, forms.BooleanField):
            parts.append(Field.checkbox(name))
        elif isinstance(widget, forms.Select):
            if isinstance(field, forms.ModelChoiceField) and field.empty_label is not None:
                field.empty_label = "Choose one"
            parts.append(Field.select(name))
        elif isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 3)
            parts.append(Field.textarea(name))
        else:
            parts.append(Field.text(name, field_width=widths.get(name, Fluid.TWO_THIRDS)))
    helper = FormHelper()
    helper.layout = Layout(*parts, Button.primary("submit", submit))
    return helper


class GdsForm(forms.Form):
    submit = "Save"
    widths: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = layout(self, submit=self.submit, widths=self.widths)


# --- Convictions ------------------------------------------------------------------------------


class ConvictionForm(forms.ModelForm):
    kind = forms.ChoiceField(
        label="What happened?",
        choices=ConvictionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether they were convicted, found or cautioned"},
    )

    class Meta:
        model = Conviction
        fields = ["kind", "relevant_on", "sentenced_on", "court", "consecutive", "overlap", "notes"]
        labels = {
            "relevant_on": "On what date were they convicted, found or cautioned?",
            "sentenced_on": "If sentenced on a later day, the date of sentence",
            "court": "Which court (or, for a caution, which police station)?",
            "consecutive": "The terms of imprisonment for the Schedule 3 offences were consecutive",
            "overlap": "If the terms were partly concurrent, by how much did they overlap?",
            "notes": "Notes (optional)",
        }
        help_texts = {
            "relevant_on": "The relevant date (SOA 2003 s.82(6)). For example, 2021-09-14",
            "sentenced_on": "Where an offence is notifiable only because of its sentence, the "
            "period runs from the sentence (s.132(3)). For example, 2021-11-02",
            "consecutive": "s.82(3)-(4): the period is then read from their total.",
            "overlap": "For terms X and Y overlapping by Z, the period is read from X + Y - Z "
            "(s.82(4)(b)). For example, 6m",
        }
        error_messages = {
            "relevant_on": {"required": "Enter the date of the conviction, finding or caution"},
            "court": {"required": "Enter the court or police station"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("relevant_on", "sentenced_on"):
            self.fields[name].widget = DateInput()
        self.fields["notes"].widget = forms.Textarea()
        self.helper = layout(self, submit="Save and continue", widths={"overlap": Fixed.FIVE})

    def clean_overlap(self) -> str:
        value = (self.cleaned_data.get("overlap") or "").strip()
        if not value:
            return ""
        try:
            return str(parse_term(value))
        except ValueError as exc:
            raise forms.ValidationError(f"Enter the overlap as a term: {exc}") from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("kind") == ConvictionKind.CAUTION and cleaned.get("sentenced_on"):
            self.add_error("sentenced_on", "A caution has no sentence date: leave it blank")
        if cleaned.get("consecutive") and cleaned.get("overlap"):
            self.add_error(
                "overlap",
                "Terms cannot be both consecutive and partly concurrent: untick consecutive or "
                "clear the overlap",
            )
        return cleaned


_NO_SECONDARY = "They committed it themselves"


class OffenceForm(forms.ModelForm):
    offence_code = forms.CharField(
        label="Which offence?",
        max_length=40,
        help_text="The offence code, for example SOA2003-s3 (sexual assault) or PCA1978-s1 "
        "(indecent photographs of children). Start typing a code or title to see the list.",
        error_messages={"required": "Enter the offence code"},
        widget=forms.TextInput(attrs={"list": "offence-codes", "autocomplete": "off"}),
    )
    disposal = forms.ChoiceField(
        label="How were they dealt with for this offence?",
        choices=[("", "Choose one"), *ConvictionOffence._meta.get_field("disposal").choices],  # type: ignore[misc]
        error_messages={"required": "Choose how they were dealt with"},
    )
    custody = forms.ChoiceField(
        label="For custody: what kind?",
        choices=ConvictionOffence._meta.get_field("custody").choices,  # type: ignore[arg-type]
        initial=Custody.IMPRISONMENT.value,
        help_text="Youth custody counts as imprisonment (s.131); for a detention and training "
        "order only its period of detention, half the term, counts (s.131(a)).",
    )
    secondary = forms.ChoiceField(
        label="Did they commit it themselves?",
        choices=[("", _NO_SECONDARY), *ConvictionOffence._meta.get_field("secondary").choices],  # type: ignore[misc]
        required=False,
        help_text="Attempts, conspiracy, incitement, aiding and abetting and encouraging are "
        "listed wherever the offence is (Sch 3 paras 94, 94A).",
    )
    purpose = forms.ChoiceField(
        label="For voyeurism under s.67A: what was the purpose?",
        choices=[("", "Not applicable"), *ConvictionOffence._meta.get_field("purpose").choices],  # type: ignore[misc]
        required=False,
    )

    class Meta:
        model = ConvictionOffence
        fields = [
            "offence_code",
            "offence_date",
            "victim_age",
            "image_subject_age",
            "intended_victim_age",
            "secondary",
            "purpose",
            "disposal",
            "term",
            "suspended",
            "custody",
        ]
        labels = {
            "offence_date": "When was the offence committed?",
            "victim_age": "How old was the victim (or other party) at the time? (optional)",
            "image_subject_age": "For indecent images: how old was the youngest person shown, "
            "when photographed? (optional)",
            "intended_victim_age": "For s.62 or s.63: how old was the intended victim? (optional)",
            "term": "Term (for custody, a community order or a conditional discharge)",
            "suspended": "The sentence of imprisonment was suspended",
        }
        help_texts = {
            "offence_date": "If it was over a period, the first day of it. Their age is worked "
            "out from their date of birth (Sch 3 para 95(b)). For example, 2020-06-30",
            "victim_age": "Whole years. Leave blank if there was no victim or it is not known.",
            "image_subject_age": "Sch 3 para 95(a): the age when the photograph was taken.",
            "term": "The custodial term (for a suspended sentence, not the operational period), "
            "the length of a community order, or the period of a conditional discharge. For "
            "example 30m, 26w, 3y or 2y6m.",
        }
        error_messages = {"offence_date": {"required": "Enter the date of the offence"}}

    widths = {
        "victim_age": Fixed.THREE,
        "image_subject_age": Fixed.THREE,
        "intended_victim_age": Fixed.THREE,
        "term": Fixed.FIVE,
        "offence_code": Fixed.TWENTY,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["offence_date"].widget = DateInput()
        for name in ("victim_age", "image_subject_age", "intended_victim_age"):
            self.fields[name].error_messages["invalid"] = "Enter an age in whole years, like 15"
            self.fields[name].error_messages["max_value"] = "Enter an age under 130"
        self.helper = layout(self, submit="Save offence", widths=self.widths)

    def clean_offence_code(self) -> str:
        text = self.cleaned_data["offence_code"].strip()
        try:
            return schedule3.lookup(text).code
        except schedule3.UnknownOffence as exc:
            found = [o.code for o in schedule3.search_offences(text, limit=5)]
            suggestions = list(dict.fromkeys([*exc.suggestions, *found]))[:6]
            hint = (
                " Did you mean " + ", ".join(suggestions) + "?"
                if suggestions
                else " Codes look like SOA2003-s3, SOA2003-s66B(3), SOA1956-s14 or PCA1978-s1."
            )
            raise forms.ValidationError(
                f"{text!r} is not an offence code Vigil knows.{hint}"
            ) from None

    def clean_term(self) -> str:
        value = (self.cleaned_data.get("term") or "").strip()
        if not value:
            return ""
        try:
            return str(parse_term(value))
        except ValueError as exc:
            raise forms.ValidationError(str(exc)[0].upper() + str(exc)[1:]) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        disposal = cleaned.get("disposal")
        if disposal and "term" not in self.errors:
            try:
                Sentence(
                    disposal=Disposal(disposal),
                    term=parse_term(cleaned["term"]) if cleaned.get("term") else None,
                    suspended=bool(cleaned.get("suspended")),
                    custody=Custody(
                        (cleaned.get("custody") or Custody.IMPRISONMENT)
                        if disposal == Disposal.IMPRISONMENT
                        else Custody.IMPRISONMENT
                    ),
                )
            except ValueError as exc:
                text = str(exc)
                field = (
                    "suspended" if "suspend" in text else "custody" if "custody" in text else "term"
                )
                self.add_error(field, text[0].upper() + text[1:])
        if disposal and disposal != Disposal.IMPRISONMENT:
            cleaned["custody"] = Custody.IMPRISONMENT.value
        return cleaned


def offence_datalist() -> list[tuple[str, str]]:
    """Every offence Vigil knows, for the picker's suggestions: (code, title)."""
    return [(o.code, o.title) for o in schedule3.all_offences()]


# --- Court-directed override -----------------------------------------------------------------


class OverrideForm(GdsForm):
    submit = "Record the direction"
    indefinite = forms.TypedChoiceField(
        label="What did the court direct?",
        choices=[("no", "The period ends on a date"), ("yes", "The requirements are indefinite")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the court directed"},
    )
    ends_on = _date("Last day of the period, if it ends on a date", required=False)
    directed_on = _date("Date of the direction", message="Enter the date of the direction")
    directed_by = forms.CharField(
        label="Which court?", max_length=200, error_messages={"required": "Enter the court"}
    )
    reason = forms.CharField(
        label="What did the court direct, and why?",
        widget=forms.Textarea,
        error_messages={"required": "Say what the court directed and why"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            cleaned.get("indefinite") is False
            and not cleaned.get("ends_on")
            and "ends_on" not in self.errors
        ):
            self.add_error("ends_on", "Enter the last day of the period, or choose indefinite")
        return cleaned


# --- Notifications ---------------------------------------------------------------------------

KIND_HINTS = {
    NotificationKind.INITIAL: "Within 3 days of the conviction, finding or caution (s.83).",
    NotificationKind.PERIODIC: "The annual notification; restarts the one-year clock (s.85).",
    NotificationKind.WEEKLY: "For someone with no fixed abode (s.85(5)(a), (6)).",
    NotificationKind.CHANGE_NAME: "Updates their name on the record.",
    NotificationKind.CHANGE_HOME_ADDRESS: "Ends the old home address and adds the new one.",
    NotificationKind.OTHER_ADDRESS: "Adds the address where they stay.",
    NotificationKind.RELEASE: "Records them as back in the community.",
    NotificationKind.BANK_CARD: "Adds the account or card (last four digits only).",
    NotificationKind.IDENTITY_DOCUMENT: "Adds the passport or document.",
    NotificationKind.CHILD_HOUSEHOLD: "Adds the child to the household at that address.",
    NotificationKind.CHANGE_NOT_OCCURRED: "When an advance notice fell through.",
    NotificationKind.TRAVEL_DEPARTURE: "Departure, destinations, carriers, first night, return.",
    NotificationKind.TRAVEL_RETURN: "Closes the trip they notified.",
}


class KindForm(GdsForm):
    submit = "Continue"
    kind = forms.ChoiceField(
        label="What are they notifying?",
        choices=[Choice(k.value, KIND_LABELS[k], hint=KIND_HINTS[k]) for k in NotificationKind],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose what they are notifying",
            "invalid_choice": "Choose what they are notifying",
        },
    )


def _officers(nominal: nm.Nominal) -> Any:
    """Who can receive a notification: active officers of the nominal's force who edit records."""
    return (
        User.objects.filter(
            unit__force_id=nominal.force_id,
            is_active=True,
            role__in=[r.value for r in roles_with(Perm.EDIT_NOMINALS)],
        )
        .select_related("unit")
        .order_by("last_name", "first_name")
    )


class NotificationForm(GdsForm):
    """What every notification records (s.87): when, where and who received it."""

    submit = "Record the notification"
    kind: NotificationKind = NotificationKind.PERIODIC
    event_label = ""
    event_help = DATE_HELP
    #: The kind's own fields in the order they are asked (others follow).
    detail_order: tuple[str, ...] = ()

    received_on = _date("Date received", message="Enter the date the notification was received")
    received_time = forms.TimeField(
        label="Time received",
        help_text="24-hour clock, for example 14:30",
        input_formats=["%H:%M", "%H.%M", "%H%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={
            "required": "Enter the time received",
            "invalid": "Enter the time on the 24-hour clock, like 14:30",
        },
    )
    station = forms.CharField(
        label="At which police station?",
        max_length=120,
        error_messages={"required": "Enter the police station"},
    )
    received_by = forms.ModelChoiceField(
        label="Receiving officer",
        queryset=User.objects.none(),
        error_messages={"required": "Choose the officer who received it"},
    )

    widths = {"received_time": Fixed.FIVE}
    #: The fields common to every kind; the rest are the kind's ``details``.
    BASE = ("received_on", "received_time", "station", "received_by", "event_on", "notes")

    def __init__(self, *args: Any, nominal: nm.Nominal, user: User, **kwargs: Any) -> None:
        self.nominal = nominal
        kwargs.setdefault("initial", {})
        now = timezone.localtime()
        kwargs["initial"] = {
            "received_on": now.date(),
            "received_time": now.strftime("%H:%M"),
            "received_by": user.pk,
            **kwargs["initial"],
        }
        super().__init__(*args, **kwargs)
        self.fields["received_by"].queryset = _officers(nominal)  # type: ignore[attr-defined]
        if self.event_label:
            event = _date(
                self.event_label, help_text=self.event_help, message="Enter the date of the change"
            )
            fields = list(self.fields.items())
            base = [(k, v) for k, v in fields if k in self.BASE]
            rest = [(k, v) for k, v in fields if k not in self.BASE]
            self.fields = dict([*base, ("event_on", event), *rest])
        if self.detail_order:
            first = [k for k in self.fields if k in self.BASE]
            self.order_fields([*first, *self.detail_order])
        self.fields["notes"] = forms.CharField(
            label="Notes (optional)", required=False, widget=forms.Textarea
        )
        self.helper = layout(self, submit=self.submit, widths=self.widths)

    def received_at(self) -> dt.datetime:
        day: dt.date = self.cleaned_data["received_on"]
        time: dt.time = self.cleaned_data["received_time"]
        return timezone.make_aware(dt.datetime.combine(day, time))

    def details(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k not in self.BASE}


class _AddressFields(forms.Form):
    line1 = forms.CharField(label="Address line 1", max_length=120, required=False)
    line2 = forms.CharField(label="Address line 2 (optional)", max_length=120, required=False)
    town = forms.CharField(label="Town or city", max_length=80, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        if not value:
            return ""
        try:
            return ids.validate_postcode(value)
        except ids.IdentifierError as exc:
            raise forms.ValidationError(str(exc)) from None

    def require_address(self, cleaned: dict[str, Any]) -> None:
        if not cleaned.get("line1"):
            self.add_error("line1", "Enter the first line of the address")
        if not cleaned.get("postcode") and "postcode" not in self.errors:
            self.add_error("postcode", "Enter the postcode")


class PlainForm(NotificationForm):
    """Initial, periodic and weekly notifications: the s.83(5) details confirmed."""


class NameForm(NotificationForm):
    kind = NotificationKind.CHANGE_NAME
    event_label = "When did they first use the new name?"
    event_help = (
        "If notified in advance, the date they expect to (s.84(2)). For example, 2026-05-01"
    )
    forename = forms.CharField(label="New first name", max_length=80, required=False)
    middle_names = forms.CharField(
        label="New middle names (optional)", max_length=120, required=False
    )
    surname = forms.CharField(
        label="New last name", max_length=80, error_messages={"required": "Enter the new last name"}
    )
    main_name = forms.BooleanField(
        label="This is now the name they are known by (the old name is kept as a previous name)",
        required=False,
        initial=True,
    )


class HomeForm(_AddressFields, NotificationForm):
    kind = NotificationKind.CHANGE_HOME_ADDRESS
    event_label = "When did they move?"
    event_help = (
        "If notified in advance, the date they expect to move (s.84(2)). For example, 2026-05-01"
    )
    no_fixed_abode = forms.BooleanField(
        label="They have no fixed abode (they will notify weekly, s.85(5)(a), (6))", required=False
    )
    location_notes = forms.CharField(
        label="With no fixed abode: where can they regularly be found?",
        required=False,
        widget=forms.Textarea,
    )
    widths = {"postcode": Fixed.TEN, "received_time": Fixed.FIVE}
    detail_order = ("no_fixed_abode", "line1", "line2", "town", "postcode", "location_notes")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("no_fixed_abode"):
            if not cleaned.get("location_notes"):
                self.add_error("location_notes", "Say where they can regularly be found")
        else:
            self.require_address(cleaned)
        return cleaned


class OtherAddressForm(_AddressFields, NotificationForm):
    kind = NotificationKind.OTHER_ADDRESS
    event_label = "On what day did their stays there add up to 7 days?"
    event_help = (
        "s.84(6): 7 days, or stays in any 12 months adding up to 7. For example, 2026-05-07"
    )
    from_date = _date(
        "First day they stayed there", message="Enter the first day they stayed there"
    )
    to_date = _date("Last day of the stay, if known", required=False)
    location_notes = forms.CharField(
        label="Notes about the stay (optional)", required=False, widget=forms.Textarea
    )
    widths = {"postcode": Fixed.TEN, "received_time": Fixed.FIVE}
    detail_order = ("from_date", "to_date", "line1", "line2", "town", "postcode", "location_notes")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.require_address(cleaned)
        return cleaned


class ReleaseForm(NotificationForm):
    kind = NotificationKind.RELEASE
    event_label = "When were they released?"
    released_from = forms.CharField(
        label="Released from (optional)",
        max_length=120,
        required=False,
        help_text="For example, HMP Northby or Northby Hospital",
    )


class CardForm(NotificationForm):
    kind = NotificationKind.BANK_CARD
    event_label = "When did they open the account or get the card?"
    card_kind = forms.ChoiceField(
        label="Account or card?",
        choices=[("", "Choose one"), *nm.CardKind.choices],
        error_messages={"required": "Choose account or card"},
    )
    issuer = forms.CharField(
        label="Bank or issuer",
        max_length=80,
        error_messages={"required": "Enter the bank or issuer"},
    )
    last_four = forms.CharField(
        label="Last four digits",
        max_length=40,
        help_text="Only the last four digits are ever stored.",
        error_messages={"required": "Enter the last four digits"},
    )
    widths = {"last_four": Fixed.FIVE, "received_time": Fixed.FIVE}

    def clean_last_four(self) -> str:
        value = "".join((self.cleaned_data.get("last_four") or "").split())
        if len(value) > 4 and value.isdigit():
            raise forms.ValidationError(
                "Enter only the last four digits. Vigil never stores a whole card or account "
                "number."
            )
        if len(value) != 4 or not value.isdigit():
            raise forms.ValidationError("Enter the last four digits, like 4821")
        return value


class DocumentForm(NotificationForm):
    kind = NotificationKind.IDENTITY_DOCUMENT
    event_label = "When did they get the document?"
    document_kind = forms.ChoiceField(
        label="What document?",
        choices=[("", "Choose one"), *nm.DocumentKind.choices],
        error_messages={"required": "Choose the kind of document"},
    )
    number = forms.CharField(
        label="Document number",
        max_length=40,
        error_messages={"required": "Enter the document number"},
    )
    issuing_country = forms.CharField(
        label="Issued by", max_length=80, initial="United Kingdom", required=False
    )
    issued_on = _date("Issued on (optional)", required=False)
    expires_on = _date("Expires on (optional)", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", "The expiry date is before the issue date")
        return cleaned


class HouseholdForm(_AddressFields, NotificationForm):
    kind = NotificationKind.CHILD_HOUSEHOLD
    event_label = "When did the stay begin?"
    event_help = (
        "The day they began to reside or stay there (SI 2012/1876 reg 10). For example, 2026-05-01"
    )
    to_date = _date("Until when, if known? (optional)", required=False)
    address = forms.ModelChoiceField(
        label="At which address?",
        queryset=nm.Address.objects.none(),
        required=False,
        empty_label="Another address (give it below)",
    )
    child_name = forms.CharField(
        label="The child's name",
        max_length=120,
        error_messages={"required": "Enter the child's name"},
    )
    child_date_of_birth = _date("The child's date of birth, if known", required=False)
    believed_under_18 = forms.BooleanField(
        label="Believed to be under 18 (when the date of birth is not known)", required=False
    )
    relationship = forms.CharField(
        label="Relationship to them (optional)", max_length=80, required=False
    )
    widths = {"postcode": Fixed.TEN, "received_time": Fixed.FIVE}
    detail_order = (
        "to_date",
        "child_name",
        "child_date_of_birth",
        "believed_under_18",
        "relationship",
        "address",
        "line1",
        "line2",
        "town",
        "postcode",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["address"]
        field.queryset = nm.Address.objects.filter(  # type: ignore[attr-defined]
            nominal=self.nominal, to_date__isnull=True
        ).exclude(kind=nm.AddressKind.NFA)
        field.empty_label = "Another address (give it below)"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("address") is None:
            self.require_address(cleaned)
        return cleaned


class NotOccurredForm(NotificationForm):
    kind = NotificationKind.CHANGE_NOT_OCCURRED
    event_label = "What date had they given for the change?"
    change = forms.CharField(
        label="What change had they notified in advance?",
        widget=forms.Textarea,
        error_messages={"required": "Say what change had been notified"},
    )


class DepartureForm(NotificationForm):
    kind = NotificationKind.TRAVEL_DEPARTURE
    departs_on = _date("Date of departure", message="Enter the date of departure")
    departure_time = forms.TimeField(
        label="Time of departure (optional)",
        required=False,
        help_text="24-hour clock, for example 06:45. Needed to check a late notice (12 or 24 "
        "hours).",
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        widget=forms.TimeInput(format="%H:%M"),
        error_messages={"invalid": "Enter the time on the 24-hour clock, like 06:45"},
    )
    departure_point = forms.CharField(
        label="Point of departure from the UK",
        max_length=120,
        help_text="For example, Manchester Airport",
        error_messages={"required": "Enter where they leave the UK from"},
    )
    destinations = forms.CharField(
        label="Countries and points of arrival",
        widget=forms.Textarea,
        help_text="The first country and where they arrive, then any others, one a line.",
        error_messages={"required": "Enter the countries and points of arrival"},
    )
    carriers = forms.CharField(
        label="Carriers",
        widget=forms.Textarea,
        help_text="Airlines, ferries or trains out of the UK, between countries and back.",
        error_messages={"required": "Enter the carriers"},
    )
    accommodation = forms.CharField(
        label="Accommodation for the first night",
        widget=forms.Textarea,
        error_messages={"required": "Enter the first night's accommodation"},
    )
    returns_on = _date("Date of return, if known", required=False)
    return_point = forms.CharField(
        label="Point of arrival back in the UK, if known",
        max_length=120,
        required=False,
        help_text="With the return date given in advance, no return notification is needed [M].",
    )
    details_known_on = _date(
        "When were the travel details first known?",
        message="Enter when the travel details were first known",
        help_text="Decides which advance-notice limit applies: 7 days, or 12 hours for details "
        "not known 7 days ahead (SI 2004/1220). For example, 2026-04-20",
    )
    widths = {"received_time": Fixed.FIVE, "departure_time": Fixed.FIVE}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        departs, back = cleaned.get("departs_on"), cleaned.get("returns_on")
        if departs and back and back < departs:
            self.add_error("returns_on", "The return date is before the departure date")
        known = cleaned.get("details_known_on")
        if departs and known and known > departs:
            self.add_error(
                "details_known_on", "The details cannot first be known after the departure"
            )
        return cleaned


class ReturnForm(NotificationForm):
    kind = NotificationKind.TRAVEL_RETURN
    event_label = "When did they come back to the UK?"
    itinerary = forms.ModelChoiceField(
        label="From which trip?",
        queryset=TravelItinerary.objects.none(),
        error_messages={"required": "Choose the trip they came back from"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["itinerary"].queryset = TravelItinerary.objects.filter(  # type: ignore[attr-defined]
            nominal=self.nominal, returned_on__isnull=True
        )


KIND_FORMS: dict[NotificationKind, type[NotificationForm]] = {
    NotificationKind.INITIAL: PlainForm,
    NotificationKind.PERIODIC: PlainForm,
    NotificationKind.WEEKLY: PlainForm,
    NotificationKind.CHANGE_NAME: NameForm,
    NotificationKind.CHANGE_HOME_ADDRESS: HomeForm,
    NotificationKind.OTHER_ADDRESS: OtherAddressForm,
    NotificationKind.RELEASE: ReleaseForm,
    NotificationKind.BANK_CARD: CardForm,
    NotificationKind.IDENTITY_DOCUMENT: DocumentForm,
    NotificationKind.CHILD_HOUSEHOLD: HouseholdForm,
    NotificationKind.CHANGE_NOT_OCCURRED: NotOccurredForm,
    NotificationKind.TRAVEL_DEPARTURE: DepartureForm,
    NotificationKind.TRAVEL_RETURN: ReturnForm,
}


# --- Breaches, end of the period, reviews --------------------------------------------------------


class BreachForm(GdsForm):
    submit = "Record the possible breach"
    deadline = forms.ChoiceField(
        label="Which deadline was missed?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the deadline that was missed",
            "invalid_choice": "Choose one of the overdue deadlines",
        },
    )
    notes = forms.CharField(
        label="What is known so far? (optional)", required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["deadline"].choices = choices  # type: ignore[attr-defined]


class BreachOutcomeForm(GdsForm):
    submit = "Record the outcome"
    outcome = forms.ChoiceField(
        label="What was the outcome?",
        choices=BreachOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome"},
    )
    outcome_on = _date("Date of the outcome", message="Enter the date of the outcome")
    outcome_notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)


class PeriodEndForm(GdsForm):
    submit = "Confirm the end of the requirements"
    checked = forms.BooleanField(
        label="I have checked that no order (such as a sexual harm prevention order) or other "
        "conviction keeps the requirements running",
        error_messages={
            "required": "Confirm that you have checked for orders and other convictions"
        },
    )
    reason = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)


class ReviewReceiveForm(GdsForm):
    submit = "Record the application"
    received_on = _date(
        "When was the application received?", message="Enter the date the application was received"
    )
    subject_to_order = forms.TypedChoiceField(
        label="Are they subject to a sexual harm prevention order, a sexual offences prevention "
        "order or an interim one?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        help_text="Someone subject to one of these orders cannot apply (s.91A(2)(b)).",
        error_messages={"required": "Say whether they are subject to one of these orders"},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea)


class ReviewInformationForm(GdsForm):
    submit = "Record the request"
    info_requested_on = _date(
        "When was information requested?", message="Enter the date information was requested"
    )
    bodies = forms.CharField(
        label="Which responsible bodies were asked?",
        widget=forms.Textarea,
        help_text="s.91C(2)-(3): for example the probation service, the youth offending team, "
        "the local authority.",
        error_messages={"required": "Say which responsible bodies were asked"},
    )


class ReviewDetermineForm(GdsForm):
    submit = "Record the determination"
    determined_on = _date("When was it determined?", message="Enter the date of the determination")
    outcome = forms.ChoiceField(
        label="What did the chief officer determine?",
        choices=ReviewOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the determination"},
    )
    further_review_years = forms.IntegerField(
        label="If they continue: years until they may apply again (optional)",
        required=False,
        help_text="8 years, or longer up to 15 where the risk justifies it (s.91B(3)-(6)). "
        "Leave blank for 8.",
        error_messages={"invalid": "Enter a whole number of years, like 8"},
    )
    notice_given_on = _date("When did they receive notice of it? (optional)", required=False)
    determination_reasons = forms.CharField(
        label="Reasons for the determination",
        widget=forms.Textarea,
        error_messages={"required": "Give the reasons for the determination"},
    )
    widths = {"further_review_years": Fixed.THREE}


class ReviewAppealForm(GdsForm):
    submit = "Record the appeal"
    appeal_lodged_on = _date(
        "When was the appeal lodged?", message="Enter the date the appeal was lodged"
    )
    appeal_outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Not decided yet"), *AppealOutcome.choices],
        widget=forms.RadioSelect,
        required=False,
    )
    appeal_decided_on = _date("When was it decided? (optional)", required=False)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        one_only = bool(cleaned.get("appeal_outcome")) != bool(cleaned.get("appeal_decided_on"))
        if one_only and "appeal_decided_on" not in self.errors:
            self.add_error(
                "appeal_decided_on",
                "Give both the outcome and the date it was decided, or neither",
            )
        return cleaned
