"""Forms for the nominal record: validate, explain, keep what was typed. No business logic.

Identifier rules live in ``vigil.policy.identifiers``; these forms call them and turn
their errors into field messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout
from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from vigil.accounts.models import Unit, User
from vigil.accounts.roles import Role
from vigil.forms import DateInput
from vigil.nominals import models as m
from vigil.policy import identifiers as ids

MIN_AGE_YEARS = 10  # the age of criminal responsibility in England and Wales (CDA 1998 s.34)

DATE_HELP = "For example, 2019-03-27"


def _identifier(field: str, validate: Callable[[str], str]) -> Callable[[Any], str]:
    """A ``clean_<field>`` method that stores the identifier in canonical form."""

    def clean(form: forms.Form) -> str:
        value = (form.cleaned_data.get(field) or "").strip()
        if not value:
            return ""
        try:
            return validate(value)
        except ids.IdentifierError as exc:
            raise forms.ValidationError(str(exc)) from None

    return clean


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def check_date_of_birth(value: dt.date | None, *, today: dt.date | None = None) -> None:
    """Refuse a date of birth that cannot be right for a person on the register."""
    if value is None:
        return
    today = today or timezone.localdate()
    if value > today:
        raise forms.ValidationError("The date of birth is in the future. Check the year.")
    if value > _years_before(today, MIN_AGE_YEARS):
        raise forms.ValidationError(
            f"That date of birth makes them under {MIN_AGE_YEARS}, younger than the age of "
            "criminal responsibility. Check the year."
        )
    if value < dt.date(today.year - 120, 1, 1):
        raise forms.ValidationError(
            "That date of birth is more than 120 years ago. Check the year."
        )


class SectionForm(forms.ModelForm):
    """A model form laid out GOV.UK-style, with dates as text and from/to checked."""

    #: Field widths by field name; everything else gets a sensible default.
    widths: dict[str, str] = {}

    def __init__(
        self, *args: Any, nominal: m.Nominal | None = None, submit: str = "Save", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.nominal = nominal
        layout: list[Any] = []
        for name, field in self.fields.items():
            # A form may add fields of its own (AssociateForm's reference), with no model field.
            try:
                model_field: Any = self._meta.model._meta.get_field(name)
            except FieldDoesNotExist:
                model_field = None
            if isinstance(field, forms.DateField):
                field.widget = DateInput()
                field.help_text = field.help_text or DATE_HELP
                field.error_messages["invalid"] = (
                    "Enter the date as year-month-day, for example 2019-03-27"
                )
                layout.append(Field.text(name, field_width=Fixed.TEN))
            elif isinstance(field, forms.BooleanField):
                layout.append(Field.checkbox(name))
            elif isinstance(
                field, forms.TypedChoiceField | forms.ModelChoiceField | forms.ChoiceField
            ):
                if getattr(field, "empty_label", None) is not None:
                    field.empty_label = "Choose one"  # type: ignore[attr-defined]
                layout.append(Field.select(name))
            elif isinstance(model_field, models.TextField):
                field.widget = forms.Textarea(attrs={"rows": 3})
                layout.append(Field.textarea(name))
            else:
                layout.append(Field.text(name, field_width=self.widths.get(name, Fluid.TWO_THIRDS)))
        self.helper = FormHelper()
        self.helper.form_tag = False  # the page's own <form> holds the token and version
        self.helper.layout = Layout(*layout, Button.primary("submit", submit))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("from_date"), cleaned.get("to_date")
        if start and end and end < start:
            self.add_error("to_date", "The 'to' date must be the same as or after the 'from' date")
        return cleaned


class IdentityForm(SectionForm):
    class Meta:
        model = m.Nominal
        fields = [
            "forename",
            "middle_names",
            "surname",
            "date_of_birth",
            "gender",
            "self_defined_ethnicity",
            "officer_defined_ethnicity",
            "place_of_birth",
            "nationality",
        ]
        labels = {
            "forename": "First name",
            "middle_names": "Middle names",
            "surname": "Last name",
            "date_of_birth": "What is their date of birth?",
            "gender": "Gender",
            "self_defined_ethnicity": "How do they describe their ethnicity?",
            "officer_defined_ethnicity": "Officer-defined ethnicity",
            "place_of_birth": "Place of birth",
            "nationality": "Nationality",
        }
        help_texts = {
            "date_of_birth": "The date the record is known by. Other claimed dates of birth "
            "are recorded separately. For example, 1984-07-21",
            "self_defined_ethnicity": "As they describe it (16+1 codes). Choose 'Not stated' "
            "if they have not said.",
        }
        error_messages = {
            "forename": {"required": "Enter their first name"},
            "surname": {"required": "Enter their last name"},
            "date_of_birth": {"required": "Enter their date of birth"},
            "gender": {"required": "Choose their gender"},
        }

    def clean_date_of_birth(self) -> dt.date:
        value: dt.date = self.cleaned_data["date_of_birth"]
        check_date_of_birth(value)
        if self.instance.pk and self.instance.registered_on and value > self.instance.registered_on:
            raise forms.ValidationError(
                "The date of birth is after the date they were registered. Check both dates."
            )
        return value


class ManagementForm(SectionForm):
    """Who manages the person, and their place on the register."""

    class Meta:
        model = m.Nominal
        fields = ["category", "status", "registered_on", "unit", "offender_manager", "supervisor"]
        labels = {
            "category": "Why are they on the register?",
            "status": "Where are they now?",
            "registered_on": "When did they come onto the register?",
            "unit": "Which unit manages them?",
            "offender_manager": "Offender manager",
            "supervisor": "Supervisor",
        }
        help_texts = {
            "registered_on": "The date notification began, the order was served or "
            "PDP status was agreed. For example, 2021-05-04"
        }
        error_messages = {
            "category": {"required": "Choose why they are on the register"},
            "registered_on": {"required": "Enter the date they came onto the register"},
            "unit": {"required": "Choose the unit that manages them"},
        }

    def __init__(self, *args: Any, force_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = Unit.objects.filter(force_id=force_id).select_related("force")
        people = User.objects.filter(unit__force_id=force_id, is_active=True)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["offender_manager"].queryset = people.filter(  # type: ignore[attr-defined]
            role=Role.OFFENDER_MANAGER
        )
        self.fields["supervisor"].queryset = people.filter(  # type: ignore[attr-defined]
            role=Role.SUPERVISOR
        )

    def clean_registered_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["registered_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                "The registration date is in the future. Enter the date it began."
            )
        dob = self.instance.date_of_birth if self.instance.pk else None
        if dob and value < dob:
            raise forms.ValidationError(
                "The registration date is before their date of birth. Check both dates."
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        unit = cleaned.get("unit")
        for name in ("offender_manager", "supervisor"):
            person = cleaned.get(name)
            if unit and person and person.unit_id != unit.pk:
                self.add_error(
                    name,
                    f"{person} works in {person.unit.name}, not {unit.name}. "
                    "Choose someone in the managing unit, or change the unit.",
                )
        return cleaned


class NewNominalForm(ManagementForm):
    """Creating a record: who they are and who manages them, on one page."""

    class Meta(ManagementForm.Meta):
        fields = [
            "category",
            "forename",
            "middle_names",
            "surname",
            "date_of_birth",
            "gender",
            "pnc_id",
            "cro_number",
            "ni_number",
            "registered_on",
            "status",
            "unit",
            "offender_manager",
            "supervisor",
        ]
        labels = {
            **ManagementForm.Meta.labels,
            **IdentityForm.Meta.labels,
            "pnc_id": "PNC ID",
            "cro_number": "CRO number",
            "ni_number": "National Insurance number",
        }
        help_texts = {
            **ManagementForm.Meta.help_texts,
            **IdentityForm.Meta.help_texts,
            "pnc_id": "If known. For example, 98/123456Z",
        }
        error_messages = {**ManagementForm.Meta.error_messages, **IdentityForm.Meta.error_messages}

    clean_date_of_birth = IdentityForm.clean_date_of_birth
    clean_pnc_id = _identifier("pnc_id", ids.validate_pnc)
    clean_cro_number = _identifier("cro_number", ids.validate_cro)
    clean_ni_number = _identifier("ni_number", ids.validate_nino)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        dob, registered = cleaned.get("date_of_birth"), cleaned.get("registered_on")
        if dob and registered and registered < dob:
            self.add_error(
                "registered_on",
                "The registration date is before their date of birth. Check both dates.",
            )
        return cleaned


class DescriptionForm(SectionForm):
    class Meta:
        model = m.Nominal
        fields = [
            "height_cm",
            "build",
            "hair",
            "eyes",
            "facial_hair",
            "accent",
            "description_notes",
        ]
        labels = {
            "height_cm": "Height in centimetres",
            "build": "Build",
            "hair": "Hair (colour, length, style)",
            "eyes": "Eye colour",
            "facial_hair": "Facial hair",
            "accent": "Accent",
            "description_notes": "Anything else about their appearance",
        }
        help_texts = {"height_cm": "For example, 178. 5 feet 10 inches is 178 cm."}
        error_messages = {
            "height_cm": {
                "min_value": "Enter a height of at least 50 cm: check it is in centimetres",
                "max_value": "Enter a height under 250 cm: check it is in centimetres",
                "invalid": "Enter the height as a whole number of centimetres, like 178",
            }
        }

    widths = {"height_cm": Fixed.FIVE}


class IdentifiersForm(SectionForm):
    class Meta:
        model = m.Nominal
        fields = ["pnc_id", "cro_number", "ni_number"]
        labels = {
            "pnc_id": "PNC ID",
            "cro_number": "CRO number",
            "ni_number": "National Insurance number",
        }
        help_texts = {
            "pnc_id": "For example, 98/123456Z",
            "cro_number": "For example, 123456/98C",
            "ni_number": "For example, QQ 12 34 56 C",
        }

    widths = {"pnc_id": Fixed.TEN, "cro_number": Fixed.TEN, "ni_number": Fixed.TEN}
    clean_pnc_id = _identifier("pnc_id", ids.validate_pnc)
    clean_cro_number = _identifier("cro_number", ids.validate_cro)
    clean_ni_number = _identifier("ni_number", ids.validate_nino)


class NameForm(SectionForm):
    class Meta:
        model = m.NominalName
        fields = ["kind", "forename", "surname", "from_date", "to_date"]
        labels = {
            "kind": "What kind of name is it?",
            "forename": "First name",
            "surname": "Last name",
            "from_date": "Used from",
            "to_date": "Used until",
        }
        error_messages = {"surname": {"required": "Enter the last name they used"}}


class AlternativeDateOfBirthForm(SectionForm):
    class Meta:
        model = m.AlternativeDateOfBirth
        fields = ["date_of_birth", "source"]
        labels = {
            "date_of_birth": "What date of birth have they given?",
            "source": "Where was it recorded?",
        }
        help_texts = {"source": "For example, custody record 2019, or a passport."}
        error_messages = {"date_of_birth": {"required": "Enter the date of birth"}}

    def clean_date_of_birth(self) -> dt.date:
        value: dt.date = self.cleaned_data["date_of_birth"]
        check_date_of_birth(value)
        return value


class MarkForm(SectionForm):
    class Meta:
        model = m.DistinguishingMark
        fields = ["kind", "body_location", "description"]
        labels = {
            "kind": "What kind of mark?",
            "body_location": "Where on the body?",
            "description": "Describe it",
        }
        help_texts = {"body_location": "For example, left forearm, inside."}
        error_messages = {
            "kind": {"required": "Choose the kind of mark"},
            "body_location": {"required": "Enter where on the body it is"},
            "description": {"required": "Describe the mark"},
        }


class DocumentForm(SectionForm):
    class Meta:
        model = m.IdentityDocument
        fields = ["kind", "number", "issuing_country", "issued_on", "expires_on", "notes"]
        labels = {
            "kind": "What document?",
            "number": "Document number",
            "issuing_country": "Issued by",
            "issued_on": "Issued on",
            "expires_on": "Expires on",
        }
        error_messages = {
            "kind": {"required": "Choose the kind of document"},
            "number": {"required": "Enter the document number"},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        issued, expires = cleaned.get("issued_on"), cleaned.get("expires_on")
        if issued and expires and expires < issued:
            self.add_error("expires_on", "The expiry date is before the issue date")
        return cleaned


class AddressForm(SectionForm):
    class Meta:
        model = m.Address
        fields = [
            "kind",
            "line1",
            "line2",
            "town",
            "postcode",
            "location_notes",
            "from_date",
            "to_date",
            "latitude",
            "longitude",
        ]
        labels = {
            "kind": "What kind of address?",
            "latitude": "Latitude (optional)",
            "longitude": "Longitude (optional)",
            "line1": "Address line 1",
            "line2": "Address line 2 (optional)",
            "town": "Town or city",
            "postcode": "Postcode",
            "location_notes": "Where can they be found? (no fixed abode)",
            "from_date": "Living there from",
            "to_date": "Left on",
        }
        help_texts = {
            "kind": "A secondary address is anywhere they stay 7 days or more "
            "(SOA 2003 s.83(5)(i), s.84(1)(c)).",
            "to_date": "Leave blank while they still live there.",
            "latitude": "In decimal degrees, for example 53.8008. Only if the postcode does not "
            "place them well enough (a caravan, a boat, a rough-sleeping site).",
            "longitude": "In decimal degrees, for example -1.5491.",
        }
        error_messages = {
            "kind": {"required": "Choose the kind of address"},
            "latitude": {
                "min_value": "Enter a latitude in Great Britain, between 49 and 61",
                "max_value": "Enter a latitude in Great Britain, between 49 and 61",
                "invalid": "Enter the latitude as a decimal number, like 53.8008",
            },
            "longitude": {
                "min_value": "Enter a longitude in Great Britain, between -9 and 2.5",
                "max_value": "Enter a longitude in Great Britain, between -9 and 2.5",
                "invalid": "Enter the longitude as a decimal number, like -1.5491",
            },
        }

    widths = {"postcode": Fixed.TEN, "latitude": Fixed.TEN, "longitude": Fixed.TEN}

    def clean_postcode(self) -> str:
        value = (self.cleaned_data.get("postcode") or "").strip()
        if not value:
            return ""
        try:
            return ids.validate_postcode(value)
        except ids.IdentifierError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if (cleaned.get("latitude") is None) != (cleaned.get("longitude") is None) and not (
            {"latitude", "longitude"} & set(self.errors)
        ):
            self.add_error("longitude", "Enter both the latitude and the longitude, or neither")
        if cleaned.get("kind") == m.AddressKind.NFA:
            if not cleaned.get("location_notes"):
                self.add_error(
                    "location_notes", "Say where they can be found: they have no fixed abode"
                )
        elif cleaned.get("kind"):
            if not cleaned.get("line1"):
                self.add_error("line1", "Enter the first line of the address")
            if not cleaned.get("postcode") and "postcode" not in self.errors:
                self.add_error(
                    "postcode",
                    "Enter the postcode. If they have no address, choose 'No fixed abode'.",
                )
        return cleaned


class HouseholdMemberForm(SectionForm):
    class Meta:
        model = m.HouseholdMember
        fields = [
            "address",
            "name",
            "relationship",
            "date_of_birth",
            "believed_under_18",
            "from_date",
            "to_date",
        ]
        labels = {
            "address": "At which address?",
            "name": "Their name",
            "relationship": "Relationship to the nominal",
            "date_of_birth": "Their date of birth (if known)",
            "believed_under_18": "Believed to be under 18 (when the date of birth is not known)",
            "from_date": "Living there from",
            "to_date": "Left on",
        }
        error_messages = {
            "address": {"required": "Choose the address"},
            "name": {"required": "Enter their name"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["address"].queryset = m.Address.objects.filter(  # type: ignore[attr-defined]
            nominal=self.nominal
        )

    def clean_date_of_birth(self) -> dt.date | None:
        value: dt.date | None = self.cleaned_data.get("date_of_birth")
        if value and value > timezone.localdate():
            raise forms.ValidationError("The date of birth is in the future. Check the year.")
        return value


class VehicleForm(SectionForm):
    class Meta:
        model = m.Vehicle
        fields = ["vrm", "make", "model", "colour", "from_date", "to_date", "notes"]
        labels = {
            "vrm": "Registration number",
            "from_date": "Using it from",
            "to_date": "Stopped using it on",
        }
        help_texts = {"vrm": "For example, AB12 CDE"}
        error_messages = {"vrm": {"required": "Enter the registration number"}}

    widths = {"vrm": Fixed.TEN}
    clean_vrm = _identifier("vrm", ids.validate_vrm)


class DeviceForm(SectionForm):
    class Meta:
        model = m.Device
        fields = [
            "kind",
            "make_model",
            "identifier",
            "phone_number",
            "monitoring_software",
            "monitoring_notes",
            "from_date",
            "to_date",
        ]
        labels = {
            "kind": "What kind of device?",
            "monitoring_software": "Monitoring software is installed",
            "monitoring_notes": "Monitoring details",
        }
        error_messages = {"kind": {"required": "Choose the kind of device"}}


class OnlineIdentityForm(SectionForm):
    class Meta:
        model = m.OnlineIdentity
        fields = ["platform", "handle", "from_date", "to_date", "notes"]
        labels = {"platform": "Service or platform", "handle": "Username, handle or email"}
        error_messages = {
            "platform": {"required": "Enter the service or platform"},
            "handle": {"required": "Enter the username, handle or email"},
        }


class BankCardForm(SectionForm):
    # Longer than the four digits stored, so a whole number typed in is explained, not
    # truncated or refused with a length message.
    last_four = forms.CharField(
        label="Last four digits",
        max_length=40,
        help_text="Only the last four digits are ever stored.",
        error_messages={"required": "Enter the last four digits"},
    )

    class Meta:
        model = m.BankCard
        fields = ["kind", "issuer", "last_four", "from_date", "to_date"]
        labels = {
            "kind": "Account or card?",
            "issuer": "Bank or issuer",
            "last_four": "Last four digits",
        }
        help_texts = {
            "last_four": "Only the last four digits are ever stored "
            "(SI 2012/1876 reg.9 information)."
        }
        error_messages = {
            "kind": {"required": "Choose account or card"},
            "issuer": {"required": "Enter the bank or issuer"},
            "last_four": {"required": "Enter the last four digits"},
        }

    widths = {"last_four": Fixed.FIVE}

    def clean_last_four(self) -> str:
        value = "".join((self.cleaned_data.get("last_four") or "").split())
        if len(value) > 4 and value.isdigit():
            raise forms.ValidationError(
                "Enter only the last four digits. Vigil never stores "
                "a whole card or account number."
            )
        if len(value) != 4 or not value.isdigit():
            raise forms.ValidationError("Enter the last four digits, like 4821")
        return value


class OccupationForm(SectionForm):
    class Meta:
        model = m.Occupation
        fields = [
            "kind",
            "organisation",
            "role",
            "location",
            "contact_with_children",
            "from_date",
            "to_date",
            "notes",
        ]
        labels = {
            "kind": "Employment, education or volunteering?",
            "organisation": "Employer, college or organisation",
            "role": "Role or course",
            "contact_with_children": "The role gives contact with children",
        }
        error_messages = {
            "kind": {"required": "Choose employment, education or volunteering"},
            "organisation": {"required": "Enter the organisation"},
        }


class AssociateForm(SectionForm):
    linked_reference = forms.CharField(
        label="Their Vigil reference, if they are on the register",
        required=False,
        help_text="For example, VG-7K3M-Q9TX",
        max_length=12,
    )

    class Meta:
        model = m.Associate
        fields = ["name", "relationship", "from_date", "to_date", "notes"]
        labels = {"name": "Their name", "relationship": "Relationship"}
        error_messages = {
            "name": {"required": "Enter their name"},
            "relationship": {"required": "Enter the relationship"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.linked_nominal_id:
            self.initial["linked_reference"] = self.instance.linked_nominal.reference

    def clean_linked_reference(self) -> m.Nominal | None:
        ref = (self.cleaned_data.get("linked_reference") or "").strip().upper()
        if not ref:
            return None
        if self.nominal is None:
            return None
        linked = m.Nominal.objects.filter(reference=ref, force_id=self.nominal.force_id).first()
        if linked is None:
            raise forms.ValidationError(
                "No record in your force has that reference. Check it, or leave it blank."
            )
        if linked.pk == self.nominal.pk:
            raise forms.ValidationError("That is this person's own reference")
        return linked

    def section_values(self) -> dict[str, Any]:
        values = {f: self.cleaned_data[f] for f in self._meta.fields}  # type: ignore[union-attr]
        values["linked_nominal"] = self.cleaned_data.get("linked_reference")
        return values


class FlagForm(SectionForm):
    class Meta:
        model = m.Flag
        fields = ["kind", "reason", "review_on", "removed_on", "removal_reason"]
        labels = {
            "kind": "What is the warning?",
            "reason": "Why is it needed?",
            "review_on": "When must it be reviewed?",
            "removed_on": "Removed on (only when taking the flag off)",
            "removal_reason": "Why was it removed?",
        }
        error_messages = {
            "kind": {"required": "Choose the warning"},
            "reason": {"required": "Say why the flag is needed"},
            "review_on": {"required": "Enter the date it must be reviewed by"},
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("removed_on") and not cleaned.get("removal_reason"):
            self.add_error("removal_reason", "Say why the flag was removed")
        review = cleaned.get("review_on")
        if review and not self.instance.pk and review < timezone.localdate():
            self.add_error(
                "review_on", "The review date is in the past. Enter a date from today on."
            )
        return cleaned


class RecordReviewForm(SectionForm):
    class Meta:
        model = m.RecordReview
        fields = ["reviewed_on", "record_complete", "flags_reviewed", "notes"]
        labels = {
            "reviewed_on": "When was the record reviewed?",
            "record_complete": "The record is complete and current",
            "flags_reviewed": "Every flag and marker has been reviewed",
            "notes": "What was found or put right",
        }
        error_messages = {"reviewed_on": {"required": "Enter the date of the review"}}

    def clean_reviewed_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["reviewed_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(
                "The review date is in the future. Record a review once it has been done."
            )
        if self.nominal and value < self.nominal.registered_on:
            raise forms.ValidationError(
                "The review date is before they came onto the register. Check the date."
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("reviewed_on") and not (
            cleaned.get("record_complete") and cleaned.get("flags_reviewed")
        ):
            self.add_error(
                "record_complete",
                "A review is complete only when the record has "
                "been checked and every flag reviewed. Tick "
                "both, or put the record right first.",
            )
        return cleaned


def section_values(form: SectionForm) -> dict[str, Any]:
    """The validated values a section form writes to its row."""
    custom = getattr(form, "section_values", None)
    if custom is not None:
        return custom()
    return {f: form.cleaned_data[f] for f in form._meta.fields}  # type: ignore[union-attr]
