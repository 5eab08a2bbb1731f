"""Forms for the risk record: validate, explain, keep what was typed. No business logic.

The RM2000 form is built from ``rm2000.FLAGS`` and the ARMS form from ``arms.FACTORS``,
so each question's words are written once, in the policy. The rules themselves (who the
tool applies to, whether the ratings are complete) are the policy's and the services'
job; the views put their reasons on these forms.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import (
    HTML,
    Button,
    Field,
    Fieldset,
    Fixed,
    Fluid,
    Layout,
    Size,
)
from django import forms
from django.utils import timezone
from django.utils.html import format_html

from vigil.accounts.models import User
from vigil.accounts.roles import Role
from vigil.forms import DateInput
from vigil.nominals.models import Gender, Nominal
from vigil.policy import arms, cadence, rm2000
from vigil.policy.risk_levels import RiskLevel
from vigil.risk.models import ActionStatus, PlanAction, PlanObjective, RiskManagementPlan, VisitUnit
from vigil.risk.services import ActionIncomplete, check_action

DATE_HELP = "For example, 2025-03-27"
DATE_INVALID = "Enter the date as year-month-day, for example 2025-03-27"
YES_NO = [("yes", "Yes"), ("no", "No")]


def _date_field(label: str, *, required_message: str) -> Any:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        help_text=DATE_HELP,
        error_messages={"required": required_message, "invalid": DATE_INVALID},
    )


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page's own <form> holds the CSRF token and version
    helper.layout = Layout(*fields, Button.primary("submit", submit))
    return helper


def _not_future(value: dt.date | None, what: str) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(f"The {what} date is in the future. Check the date.")


# --- RM2000 ------------------------------------------------------------------------------


def _sex_of(nominal: Nominal) -> str:
    if nominal.gender == Gender.MALE:
        return rm2000.Sex.MALE.value
    if nominal.gender == Gender.FEMALE:
        return rm2000.Sex.FEMALE.value
    return rm2000.Sex.NOT_KNOWN.value


class Rm2000Form(forms.Form):
    """Risk Matrix 2000's questions, from ``rm2000.FLAGS`` (RULES.md §5.5).

    Every question must be answered: the policy gives no defaults, so an unanswered
    eligibility question can never silently become "yes". The person's sex is taken
    from the record, not typed again.
    """

    scored_on = forms.DateField(
        label="On what date is it scored?",
        widget=DateInput(),
        help_text=DATE_HELP,
        error_messages={"required": "Enter the date it is scored", "invalid": DATE_INVALID},
    )

    def __init__(self, *args: Any, nominal: Nominal, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"scored_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.nominal = nominal
        layout: list[Any] = []
        for spec in rm2000.FLAGS:
            self.fields[spec.name] = self._field(spec)
            if spec.name == "sex":
                # Taken from the record, not typed again: shown, never an input.
                sex = self.fields["sex"]
                sex.disabled = True
                sex.initial = _sex_of(nominal)
                layout.append(
                    HTML(
                        format_html(
                            '<div class="govuk-inset-text"><p class="govuk-body '
                            'govuk-!-font-weight-bold">{}</p><p class="govuk-body">{} '
                            "(from the record).</p>"
                            '<p class="govuk-hint govuk-!-margin-bottom-0">{}</p></div>',
                            spec.label,
                            nominal.get_gender_display(),
                            spec.help,
                        )
                    )
                )
            elif spec.kind == "int":
                layout.append(Field.text(spec.name, field_width=Fixed.FIVE))
            else:
                layout.append(Field.radios(spec.name, legend_size=Size.SMALL, inline=True))
        layout.append(Field.text("scored_on", field_width=Fixed.TEN))
        self.helper = _helper(*layout, submit="Score Risk Matrix 2000")

    @staticmethod
    def _field(spec: rm2000.FieldSpec) -> forms.Field:
        if spec.kind == "int":
            return forms.IntegerField(
                label=spec.label,
                help_text=spec.help,
                error_messages={
                    "required": "Enter a whole number, 0 if none",
                    "invalid": "Enter a whole number, like 3",
                },
            )
        choices = YES_NO if spec.kind == "bool" else [(c, c.capitalize()) for c in spec.choices]
        return forms.ChoiceField(
            label=spec.label,
            help_text=spec.help,
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={
                "required": "Answer yes or no" if spec.kind == "bool" else "Choose one"
            },
        )

    def clean_scored_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["scored_on"]
        _not_future(value, "scoring")
        return value

    def rm2000_input(self) -> rm2000.Rm2000Input:
        """The answers as the policy's input (call after ``is_valid``)."""
        values: dict[str, Any] = {}
        for spec in rm2000.FLAGS:
            raw = self.cleaned_data[spec.name]
            if spec.kind == "bool":
                values[spec.name] = raw == "yes"
            elif spec.kind == "choice":
                values[spec.name] = rm2000.Sex(raw)
            else:
                values[spec.name] = raw
        return rm2000.Rm2000Input(**values)

    def refuse(self, heading: str, reasons: tuple[str, ...]) -> None:
        """Put the policy's reasons on the form, one message each."""
        for reason in reasons:
            self.add_error(None, f"{heading}: {reason}.")


# --- ARMS --------------------------------------------------------------------------------


def rating_field(code: str) -> str:
    return f"{code}__rating"


def evidence_field(code: str) -> str:
    return f"{code}__evidence"


class ArmsForm(forms.Form):
    """An ARMS assessment (RULES.md §5.4), one fieldset per factor of ``arms.FACTORS``.

    Ratings and evidence are optional here so that every gap is reported at once by the
    policy (``arms.validate_ratings``) and the service, factor by factor.
    """

    assessed_on = _date_field(
        "On what date was the assessment made?", required_message="Enter the date of the assessment"
    )
    formulation = forms.CharField(
        label="Case formulation",
        help_text="How the factors fit together for this person: what drives the risk now.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Write the case formulation"},
    )
    priorities = forms.CharField(
        label="Priorities for the risk management plan",
        help_text="What the plan must work on first: risk factors to reduce, strengths to build.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write the priorities for the plan"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"assessed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        layout: list[Any] = [Field.text("assessed_on", field_width=Fixed.TEN)]
        for kind, factors, heading in (
            (arms.FactorKind.RISK, arms.RISK_FACTORS, "Risk factors"),
            (arms.FactorKind.PROTECTIVE, arms.PROTECTIVE_FACTORS, "Protective factors"),
        ):
            layout.append(HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', heading)))
            for factor in factors:
                self.fields[rating_field(factor.code)] = forms.ChoiceField(
                    label=f"{factor.title}: rating",
                    help_text=factor.description,
                    choices=[(r.value, r.value.capitalize()) for r in factor.scale],
                    widget=forms.RadioSelect,
                    required=False,
                )
                self.fields[evidence_field(factor.code)] = forms.CharField(
                    label=f"{factor.title}: evidence",
                    help_text="What you have seen or been told that supports the rating.",
                    widget=forms.Textarea(attrs={"rows": 2}),
                    required=False,
                )
                layout.append(
                    Fieldset(
                        Field.radios(rating_field(factor.code), inline=True),
                        Field.textarea(evidence_field(factor.code)),
                        legend=f"{factor.title} ({kind.value} factor)",
                        legend_size=Size.SMALL,
                    )
                )
        layout += [Field.textarea("formulation"), Field.textarea("priorities")]
        self.helper = _helper(*layout, submit="Record the assessment")

    def clean_assessed_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["assessed_on"]
        _not_future(value, "assessment")
        return value

    def ratings(self) -> dict[str, str]:
        return {
            f.code: self.cleaned_data.get(rating_field(f.code)) or "" for f in arms.FACTORS.value
        }

    def evidence(self) -> dict[str, str]:
        return {
            f.code: self.cleaned_data.get(evidence_field(f.code)) or "" for f in arms.FACTORS.value
        }

    def report_gaps(self) -> None:
        """When another field is wrong, still show every unrated factor and missing piece
        of evidence in the same pass (the policy's check, ``arms.validate_ratings``)."""
        given = {code: value for code, value in self.ratings().items() if value}
        try:
            arms.validate_ratings(ratings=given)
        except arms.ArmsRatingsInvalid as exc:
            self.refuse_ratings(exc)
        evidence = self.evidence()
        self.refuse_evidence(tuple(f for f in arms.FACTORS.value if not evidence[f.code].strip()))

    def refuse_ratings(self, exc: arms.ArmsRatingsInvalid) -> None:
        for factor in exc.missing:
            if rating_field(factor.code) not in self.errors:
                self.add_error(rating_field(factor.code), f"Rate {factor.title.lower()}")
        for problem in (*exc.unknown, *exc.bad):
            self.add_error(None, problem)

    def refuse_evidence(self, factors: tuple[arms.ArmsFactor, ...]) -> None:
        for factor in factors:
            if evidence_field(factor.code) in self.errors:
                continue
            self.add_error(
                evidence_field(factor.code),
                f"Give the evidence for the rating of {factor.title.lower()}",
            )


# --- Risk level --------------------------------------------------------------------------


class RiskLevelForm(forms.Form):
    """A proposed risk of serious harm level (RULES.md §5.1) and why."""

    level = forms.ChoiceField(
        label="What level of risk of serious harm do you propose?",
        choices=[(lv.value, lv.label) for lv in RiskLevel],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the level you propose"},
    )
    rationale = forms.CharField(
        label="Why this level?",
        help_text="The evidence and reasoning a supervisor needs to approve it: the scores, "
        "the ARMS formulation, and anything that has changed.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Give the rationale for the level"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("level", legend_size=Size.SMALL),
            Field.textarea("rationale"),
            submit="Submit for approval",
        )


class DecisionForm(forms.Form):
    """A supervisor's decision on a proposal: approve, or send back with a reason."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve"), ("send_back", "Send back to the officer")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or send back"},
    )
    reason = forms.CharField(
        label="If sending back, why?",
        help_text="Tell the officer what to change.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("reason"),
            submit="Record the decision",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "send_back" and not (cleaned.get("reason") or "").strip():
            self.add_error(
                "reason", "Say why it is being sent back, so the officer knows what to change"
            )
        return cleaned

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == "approve"


# --- Plan --------------------------------------------------------------------------------


class PlanForm(forms.ModelForm):
    """The visit frequency the plan sets (RULES.md §5.2) and its review date."""

    review_on = _date_field(
        "When will the plan be reviewed?",
        required_message="Enter the date the plan will be reviewed",
    )

    class Meta:
        model = RiskManagementPlan
        fields = ["visit_every_count", "visit_every_unit", "review_on"]
        labels = {
            "visit_every_count": "Visit at least every",
            "visit_every_unit": "Days, weeks, months or years",
        }
        help_texts = {
            "visit_every_count": "Since 2017 the plan sets the visit frequency (NPCC). Leave "
            "blank to use the force's default for the risk level.",
        }
        error_messages = {
            "visit_every_count": {"invalid": "Enter a whole number, like 6"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["visit_every_unit"]
        unit.choices = [("", "Choose one"), *VisitUnit.choices]  # type: ignore[attr-defined]
        self.helper = _helper(
            Field.text("visit_every_count", field_width=Fixed.FIVE),
            Field.select("visit_every_unit"),
            Field.text("review_on", field_width=Fixed.TEN),
            submit="Save",
        )

    def clean_review_on(self) -> dt.date:
        value: dt.date = self.cleaned_data["review_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(
                "The review date is in the past. Enter a date from today on."
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        count, unit = cleaned.get("visit_every_count"), cleaned.get("visit_every_unit")
        if "visit_every_count" in self.errors:
            return cleaned
        if count is None and unit:
            self.add_error("visit_every_count", "Enter how many, or leave both blank")
        elif count is not None and not unit:
            self.add_error("visit_every_unit", "Choose days, weeks, months or years")
        elif count is not None and unit:
            try:
                cadence.Interval(count, cadence.Unit(unit))
            except ValueError as exc:
                self.add_error("visit_every_count", str(exc).capitalize())
        return cleaned


class ObjectiveForm(forms.ModelForm):
    class Meta:
        model = PlanObjective
        fields = ["text"]
        labels = {"text": "What is the objective?"}
        help_texts = {
            "text": "What the plan sets out to achieve, for example 'No unsupervised "
            "contact with children'."
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"text": {"required": "Write the objective"}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("text"), submit="Save objective")


OFFICER_ROLES = (Role.OFFENDER_MANAGER, Role.SUPERVISOR, Role.REGISTER_SUPPORT, Role.REGISTER_ADMIN)


class ActionForm(forms.ModelForm):
    """What will be done, by whom (an officer or a partner agency) and by when (issue 5)."""

    due_on = forms.DateField(
        label="By when?",
        required=False,  # refused with the plan's own message below, not Django's
        widget=DateInput(),
        help_text=DATE_HELP,
        error_messages={"invalid": DATE_INVALID},
    )

    class Meta:
        model = PlanAction
        fields = ["objective", "what", "owner_officer", "owner_agency", "due_on", "status"]
        labels = {
            "objective": "Which objective does it serve?",
            "what": "What will be done?",
            "owner_officer": "Who will do it: an officer",
            "owner_agency": "Or: a partner agency",
            "status": "Status",
        }
        help_texts = {
            "owner_agency": "For example, Probation Service or Children's Social Care. Leave "
            "blank if an officer will do it.",
        }
        widgets = {"what": forms.Textarea(attrs={"rows": 3}), "status": forms.RadioSelect}
        error_messages = {"what": {"required": "Say what will be done"}}

    def __init__(self, *args: Any, plan: RiskManagementPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        objective: forms.ModelChoiceField = self.fields["objective"]  # type: ignore[assignment]
        objective.queryset = PlanObjective.objects.filter(plan=plan)
        objective.empty_label = "None in particular"
        officer: forms.ModelChoiceField = self.fields["owner_officer"]  # type: ignore[assignment]
        officer.queryset = User.objects.filter(
            unit__force_id=plan.nominal.force_id, is_active=True, role__in=OFFICER_ROLES
        ).order_by("last_name", "first_name")
        officer.empty_label = "Not an officer"
        officer.required = False
        status: forms.ChoiceField = self.fields["status"]  # type: ignore[assignment]
        status.choices = ActionStatus.choices  # no blank choice: a new action is not started
        self.helper = _helper(
            Field.select("objective"),
            Field.textarea("what"),
            Field.select("owner_officer"),
            Field.text("owner_agency", field_width=Fluid.TWO_THIRDS),
            Field.text("due_on", field_width=Fixed.TEN),
            Field.radios("status", legend_size=Size.SMALL, inline=True),
            submit="Save action",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The plan's own rule (``services.check_action``), put on the fields it names;
        # a field with an error is then left out of the database constraint check.
        try:
            check_action({**cleaned, "due_on": cleaned.get("due_on")})
        except ActionIncomplete as exc:
            for field, message in exc.reasons.items():
                if field not in self.errors:
                    self.add_error(field, message)
        return cleaned

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields}  # type: ignore[union-attr]
