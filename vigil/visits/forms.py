"""Forms for the diary: validate, explain, keep what was typed. The rules are the
services' ``check_*`` functions, called here so each problem is shown on its field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Field, Fieldset, Fixed, Fluid, Layout
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from vigil.accounts.models import User
from vigil.accounts.roles import Perm, roles_with
from vigil.forms import DateInput
from vigil.nominals.models import Nominal
from vigil.policy.risk_levels import RiskLevel
from vigil.visits import services
from vigil.visits.models import (
    HOME_VISIT_TYPES,
    ChildrenPresent,
    Outcome,
    Referral,
    ReferralKind,
    Visit,
    VisitType,
)

DATE_ERROR = "Enter the date as year-month-day, for example 2026-11-24"
TIME_ERROR = "Enter the time on the 24-hour clock, for example 14:30"


class TimeInput(forms.TimeInput):
    """A time typed as text on the 24-hour clock, styled as a GOV.UK input.

    Laid out with ``Field.text(name)`` and no ``field_width``: crispy-forms-gds gives
    ``govuk-input`` only to the widgets it knows, and a ``field_width`` would replace
    the classes set here (the same holds for ``vigil.forms.DateInput``).
    """

    def __init__(self) -> None:
        super().__init__(
            attrs={"class": "govuk-input govuk-input--width-5", "autocomplete": "off"},
            format="%H:%M",
        )


def _date_field(label: str, help_text: str, required: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        widget=DateInput(),
        error_messages={"required": required, "invalid": DATE_ERROR},
    )


def _time_field(label: str, required: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        help_text="On the 24-hour clock, for example 09:30 or 18:45",
        widget=TimeInput(),
        input_formats=["%H:%M", "%H.%M", "%H%M"],
        error_messages={"required": required, "invalid": TIME_ERROR},
    )


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    """The moment ``time`` on ``day`` in Europe/London."""
    return timezone.make_aware(dt.datetime.combine(day, time))


class OfficerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def officers(force_id: int, *, today: dt.date) -> QuerySet[User]:
    """Who may be named as officer or second officer: active, vetted, in the force."""
    return User.objects.filter(
        unit__force_id=force_id,
        is_active=True,
        vetting_expires__gte=today,
        role__in=roles_with(Perm.EDIT_NOMINALS),
    ).order_by("last_name", "first_name", "username")


class _DiaryForm(forms.Form):
    """Shared by the diary's forms: an error added to a field missing from this form
    would be lost, so a rule's error with no matching field goes to the whole form."""

    def add_rule_error(self, exc: ValidationError, rename: dict[str, str] | None = None) -> None:
        """Show a service rule's error on the field it names (``rename`` maps names)."""
        if not hasattr(exc, "error_dict"):
            self.add_error(None, exc)
            return
        for name, errors in exc.error_dict.items():
            target = (rename or {}).get(name, name)
            self.add_error(target if target in self.fields else None, errors)


class _PlanningForm(_DiaryForm):
    """A form that sets a planned day and time, warning of weekends and bank holidays."""

    day = _date_field(
        "What day is the visit planned for?",
        "For example, 2026-11-24",
        "Enter the day the visit is planned for",
    )
    time = _time_field("What time?", "Enter the time the visit is planned for")
    plan_anyway = forms.BooleanField(
        label="Plan it anyway",
        required=False,
        help_text="Visits may be planned on any day; check someone will be on duty.",
    )

    def __init__(self, *args: Any, nation: str, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nation = nation
        self.today = today
        #: Why the chosen day is not a working day (shown with the confirmation), if so.
        self.warning: str | None = None

    def planned_for(self) -> dt.datetime:
        return _at(self.cleaned_data["day"], self.cleaned_data["time"])

    def check_day(self, nominal: Nominal | None) -> None:
        day, time = self.cleaned_data.get("day"), self.cleaned_data.get("time")
        if day is None or time is None:
            return
        if nominal is not None:
            try:
                services.check_planned_for(
                    nominal=nominal, planned_for=_at(day, time), today=self.today
                )
            except ValidationError as exc:
                self.add_rule_error(exc)
                return
        reason = services.non_working_day(day, nation=self.nation)
        if reason is None:
            return
        self.warning = f"{services.long_date(day)} is " + (
            "a weekend" if reason == f"{day:%A}" else reason
        )
        if not self.cleaned_data.get("plan_anyway"):
            self.add_error(
                "plan_anyway",
                f"{self.warning}. Tick 'Plan it anyway' to keep this day, or choose another.",
            )

    def day_layout(self) -> list[Any]:
        parts: list[Any] = [
            Field.text("day"),
            Field.text("time"),
        ]
        if self.warning:
            parts.append(Field.checkbox("plan_anyway"))
        return parts


class PlanForm(_PlanningForm):
    """Plan a visit: to one person (from their record) or to one of the officer's
    caseload (from the diary, with ``caseload``)."""

    nominal = forms.ModelChoiceField(
        queryset=Nominal.objects.none(),
        label="Who is the visit to?",
        help_text="People on your caseload. To plan a visit to someone else, open their "
        "record and choose 'Plan a visit'.",
        error_messages={"required": "Choose who the visit is to"},
    )
    visit_type = forms.ChoiceField(
        label="What type of visit?",
        choices=VisitType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of visit"},
    )
    officer = OfficerChoice(
        queryset=User.objects.none(),
        label="Which officer will make the visit?",
        error_messages={"required": "Choose the officer"},
    )
    second_officer = OfficerChoice(
        queryset=User.objects.none(),
        label="Second officer (optional)",
        help_text="A home visit to a high or very high risk person needs a second officer.",
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        nominal: Nominal | None,
        force_id: int,
        caseload: QuerySet[Nominal] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_nominal = nominal
        if caseload is None:
            del self.fields["nominal"]
        else:
            self.fields["nominal"].queryset = caseload  # type: ignore[attr-defined]
            self.fields["nominal"].label_from_instance = (  # type: ignore[attr-defined]
                lambda n: f"{n.surname}, {n.forename} ({n.reference})"
            )
        staff = officers(force_id, today=self.today)
        self.fields["officer"].queryset = staff  # type: ignore[attr-defined]
        self.fields["second_officer"].queryset = staff  # type: ignore[attr-defined]
        self.fields["second_officer"].empty_label = "None"  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        officer, second = cleaned.get("officer"), cleaned.get("second_officer")
        if officer is not None and second is not None and officer == second:
            self.add_error(
                "second_officer", "The second officer must be someone other than the officer."
            )
        self.check_day(self.fixed_nominal or cleaned.get("nominal"))
        return cleaned

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        parts: list[Any] = []
        if "nominal" in self.fields:
            parts.append(Field.select("nominal"))
        parts += [
            Field.radios("visit_type", legend_size="m"),
            *self.day_layout(),
            Field.select("officer"),
            Field.select("second_officer"),
            Button.primary("submit", "Plan the visit"),
        ]
        helper.layout = Layout(*parts)
        return helper


class MoveForm(_PlanningForm):
    """Plan a planned visit for another day or time."""

    def __init__(self, *args: Any, visit: Visit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visit = visit
        self.fields["day"].label = "What day should it move to?"
        self.fields["time"].label = "What time?"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.check_day(self.visit.nominal)
        return cleaned

    @property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.layout = Layout(*self.day_layout(), Button.primary("submit", "Move the visit"))
        return helper


class CancelForm(_DiaryForm):
    reason = forms.CharField(
        label="Why is the visit cancelled?",
        help_text="For example, they are in hospital, or the visit was replaced by an office "
        "appointment.",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Say why the visit is cancelled"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.textarea("reason", rows=3), Button.warning("submit", "Cancel the visit")
        )


class RecordForm(_DiaryForm):
    """Record a visit that happened (issue 6, "Visits")."""

    visit_type = forms.ChoiceField(
        label="What type of visit was it?",
        choices=VisitType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the type of visit"},
    )
    day = _date_field(
        "What day did it happen?", "For example, 2026-11-24", "Enter the day of the visit"
    )
    time = _time_field("What time?", "Enter the time of the visit")
    officer = OfficerChoice(
        queryset=User.objects.none(),
        label="Which officer made the visit?",
        error_messages={"required": "Choose the officer who made the visit"},
    )
    second_officer = OfficerChoice(
        queryset=User.objects.none(), label="Second officer", required=False
    )
    others_attending = forms.CharField(
        label="Who else attended? (optional)",
        help_text="For example, a probation officer or an interpreter.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    outcome = forms.ChoiceField(
        label="What was the outcome?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        help_text="Only a visit at which they were seen counts as their home visit.",
        error_messages={"required": "Choose the outcome of the visit"},
    )
    identity_confirmed = forms.BooleanField(label="Identity confirmed", required=False)
    address_confirmed = forms.BooleanField(
        label="Address confirmed as where they live", required=False
    )
    others_present = forms.CharField(
        label="Who else was present? (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    children_present = forms.ChoiceField(
        label="Were any children present?",
        choices=ChildrenPresent.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    children_note = forms.CharField(
        label="About the children (optional)",
        help_text="Who they were, their ages, and why they were there.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    devices_checked = forms.BooleanField(label="Devices checked", required=False)
    devices_note = forms.CharField(
        label="Devices: what was checked and found (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    vehicles_seen = forms.CharField(
        label="Vehicles seen (optional)",
        help_text="Registration, make and colour of any vehicle at the address.",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    concerns = forms.CharField(
        label="Concerns (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    referral_kind = forms.ChoiceField(
        label="Referral raised at this visit (optional)",
        choices=[("", "No referral"), *ReferralKind.choices],
        required=False,
        help_text="If you raised more than one, add the others from the visit's page.",
    )
    referral_agency = forms.CharField(
        label="Agency referred to",
        help_text="For example, children's social care or adult social care.",
        max_length=Referral._meta.get_field("agency").max_length,
        required=False,
    )
    referral_reference = forms.CharField(
        label="Their reference (optional)",
        max_length=Referral._meta.get_field("reference").max_length,
        required=False,
    )
    referral_made_on = forms.DateField(
        label="Date of the referral",
        help_text="For example, 2026-11-24",
        widget=DateInput(),
        required=False,
        error_messages={"invalid": DATE_ERROR},
    )
    follow_up = forms.CharField(
        label="Follow-up actions (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        nominal: Nominal,
        risk_level: RiskLevel | None,
        now: dt.datetime,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.nominal = nominal
        self.risk_level = risk_level
        self.now = now
        staff = officers(nominal.force_id, today=timezone.localdate(now))
        self.fields["officer"].queryset = staff  # type: ignore[attr-defined]
        self.fields["second_officer"].queryset = staff  # type: ignore[attr-defined]
        self.fields["second_officer"].empty_label = "None"  # type: ignore[attr-defined]
        if risk_level in services.LONE_WORKING_LEVELS:
            assert risk_level is not None
            self.fields["second_officer"].help_text = (
                f"They are assessed {risk_level.label.lower()} risk: a home visit needs a "
                "second officer."
            )
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("visit_type", legend_size="m"),
            Field.text("day"),
            Field.text("time"),
            Field.select("officer"),
            Field.select("second_officer"),
            Field.textarea("others_attending", rows=2),
            Field.radios("outcome", legend_size="m"),
            Fieldset(
                Field.checkbox("identity_confirmed"),
                Field.checkbox("address_confirmed"),
                Field.textarea("others_present", rows=2),
                Field.radios("children_present", inline=True),
                Field.textarea("children_note", rows=2),
                Field.checkbox("devices_checked"),
                Field.textarea("devices_note", rows=2),
                Field.textarea("vehicles_seen", rows=2),
                legend="Checks made",
                legend_size="m",
            ),
            Field.textarea("concerns", rows=3),
            Fieldset(
                HTML(
                    '<p class="govuk-body">A safeguarding or welfare referral you made '
                    "because of this visit.</p>"
                ),
                Field.select("referral_kind"),
                Field.text("referral_agency", field_width=Fluid.TWO_THIRDS),
                Field.text("referral_reference", field_width=Fixed.TWENTY),
                Field.text("referral_made_on"),
                legend="Referral",
                legend_size="m",
            ),
            Field.textarea("follow_up", rows=3),
            Button.primary("submit", "Record the visit"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, time = cleaned.get("day"), cleaned.get("time")
        visit_type, outcome = cleaned.get("visit_type"), cleaned.get("outcome")
        if day is not None and time is not None:
            try:
                services.check_occurred_at(
                    nominal=self.nominal, occurred_at=_at(day, time), now=self.now
                )
            except ValidationError as exc:
                self.add_rule_error(exc)
        if visit_type and "officer" in cleaned:
            try:
                services.check_lone_working(
                    visit_type=visit_type,
                    risk_level=self.risk_level,
                    officer=cleaned["officer"],
                    second_officer=cleaned.get("second_officer"),
                )
            except ValidationError as exc:
                self.add_rule_error(exc)
        if visit_type and outcome:
            try:
                services.check_outcome(
                    visit_type=visit_type,
                    outcome=outcome,
                    identity_confirmed=cleaned.get("identity_confirmed", False),
                )
            except ValidationError as exc:
                self.add_rule_error(exc)
            if (
                visit_type in HOME_VISIT_TYPES
                and outcome == Outcome.SEEN
                and not cleaned.get("children_present")
            ):
                self.add_error(
                    "children_present",
                    "Say whether any children were present: choose 'Not known' if you "
                    "could not tell.",
                )
        self._clean_referral(cleaned)
        return cleaned

    def _clean_referral(self, cleaned: dict[str, Any]) -> None:
        kind = cleaned.get("referral_kind")
        agency, made_on = cleaned.get("referral_agency"), cleaned.get("referral_made_on")
        if not kind:
            if agency or made_on or cleaned.get("referral_reference"):
                self.add_error(
                    "referral_kind",
                    "Choose whether the referral was for safeguarding or welfare, or clear "
                    "the referral's details.",
                )
            return
        if not agency:
            self.add_error("referral_agency", "Enter the agency the referral was made to")
        if made_on is None:
            if "referral_made_on" not in self.errors:
                self.add_error("referral_made_on", "Enter the date of the referral")
        elif cleaned.get("day") is not None:
            try:
                services.check_referral_date(
                    made_on=made_on,
                    visit_day=cleaned["day"],
                    today=timezone.localdate(self.now),
                )
            except ValidationError as exc:
                self.add_rule_error(exc, rename={"made_on": "referral_made_on"})

    def values(self) -> dict[str, Any]:
        """The visit's fields for ``services.visit_record``."""
        data = self.cleaned_data
        values = {f: data[f] for f in services.RECORD_FIELDS if f in data}
        values["occurred_at"] = _at(data["day"], data["time"])
        return values

    def referral(self) -> dict[str, Any] | None:
        data = self.cleaned_data
        if not data.get("referral_kind"):
            return None
        return {
            "kind": data["referral_kind"],
            "agency": data["referral_agency"],
            "reference": data["referral_reference"],
            "made_on": data["referral_made_on"],
        }


class ReferralForm(_DiaryForm):
    """Add a referral raised at a recorded visit."""

    kind = forms.ChoiceField(
        label="What kind of referral?",
        choices=ReferralKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether it was a safeguarding or welfare referral"},
    )
    agency = forms.CharField(
        label="Which agency was it made to?",
        help_text="For example, children's social care or adult social care.",
        max_length=Referral._meta.get_field("agency").max_length,
        error_messages={"required": "Enter the agency the referral was made to"},
    )
    reference = forms.CharField(
        label="Their reference (optional)",
        max_length=Referral._meta.get_field("reference").max_length,
        required=False,
    )
    made_on = _date_field(
        "When was the referral made?", "For example, 2026-11-24", "Enter the date of the referral"
    )

    def __init__(self, *args: Any, visit_day: dt.date, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.visit_day = visit_day
        self.today = today
        self.helper = FormHelper()
        self.helper.layout = Layout(
            Field.radios("kind", legend_size="m"),
            Field.text("agency", field_width=Fluid.TWO_THIRDS),
            Field.text("reference", field_width=Fixed.TWENTY),
            Field.text("made_on"),
            Button.primary("submit", "Add the referral"),
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        made_on = cleaned.get("made_on")
        if made_on is not None:
            try:
                services.check_referral_date(
                    made_on=made_on, visit_day=self.visit_day, today=self.today
                )
            except ValidationError as exc:
                self.add_rule_error(exc)
        return cleaned
