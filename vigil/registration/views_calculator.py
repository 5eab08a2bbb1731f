"""The notification calculator page: Schedule 3, the s.82 period and the review date.

Any officer allowed to use calculators can ask without opening or creating a record: is
this offence notifiable, for how long, until when, and when may a review be sought, each
with the law's reason. It gives the same answers as ``manage.py schedule3_check`` and
``manage.py notification_period``, because all three go through
``vigil.registration.calculator``.

Answers are sent by GET, like a search: the page works without JavaScript, the back button
and a bookmark keep them, and nothing is stored but the audit event. No personal data is
asked for, but the calculator answers legal questions, so every calculation is audited with
its inputs and its outcome.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from vigil.accounts.access import require
from vigil.accounts.roles import Perm
from vigil.audit.actions import register
from vigil.audit.services import audit_log
from vigil.forms import DateInput
from vigil.policy.schedule3 import Purpose, Secondary
from vigil.policy.sentence import Custody, Disposal, Term
from vigil.registration import calculator as calc

USED = "calculator.notification.used"

# Registered here rather than in RegistrationConfig.ready so this page stands alone;
# registering the same code with the same sentence again is harmless.
register({USED: "used the notification calculator"})

CONCURRENT, CONSECUTIVE, OVERLAP = "concurrent", "consecutive", "overlap"

# The calculator's input names that the form calls something else.
_FORM_FIELD = {"consecutive": "served"}

MORE_FACTS = ("secondary", "purpose", "image_subject_age", "intended_victim_age", "offence_date")
"""Facts only some offences need: shown folded away unless given or asked for."""

DATE_HELP = "For example, 2024-03-01"


def _age_field(label: str, noun: str, *, required: bool, help_text: str = "") -> forms.Field:
    return forms.IntegerField(
        label=label,
        help_text=help_text or "In whole years",
        required=required,
        # GOV.UK asks for numbers in a text input: type="number" mangles typed values.
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-3",
                "inputmode": "numeric",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
        error_messages={
            "required": f"Enter {noun} in whole years, like 25",
            "invalid": f"Enter {noun} as a whole number of years, like 25",
        },
    )


def _date_field(label: str, noun: str, *, help_text: str = DATE_HELP) -> forms.DateField:
    return forms.DateField(
        label=label,
        help_text=help_text,
        required=False,
        widget=DateInput(),
        error_messages={"invalid": f"Enter {noun} as year-month-day, for example 2024-03-01"},
    )


def _duration_field(label: str, help_text: str, *, width: int = 5) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "class": f"govuk-input--width-{width}",
                "spellcheck": "false",
                "autocomplete": "off",
            }
        ),
        error_messages={"max_length": "Enter no more than 40 characters"},
    )


class CalculatorForm(forms.Form):
    """Everything the calculator may need. Checks each answer on its own; the rules do
    the rest (``vigil.registration.calculator``), and the view puts their refusals here."""

    offence = forms.CharField(
        label="Offence",
        help_text=(
            "Type its code, such as SOA2003-s3 or PCA1978-s1, or part of its name, and pick "
            "it from the list"
        ),
        max_length=120,
        widget=forms.TextInput(
            attrs={"list": "offence-list", "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={
            "required": "Enter the offence: its code, such as SOA2003-s3, or part of its name",
            "max_length": "Enter no more than 120 characters",
        },
    )
    offender_age = _age_field(
        "Offender's age at the time of the offence",
        "the offender's age at the time of the offence",
        required=True,
    )
    victim_age = _age_field(
        "Victim's age at the time of the offence (if there was a victim)",
        "the victim's age",
        required=False,
        help_text="In whole years. For offences before 2004, the victim's or other party's age",
    )
    disposal = forms.ChoiceField(
        label="How was the offender dealt with?",
        choices=[(d.value, calc.DISPOSAL_TEXT[d]) for d in Disposal],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how the offender was dealt with"},
    )
    custody = forms.ChoiceField(
        label="Kind of custody (imprisonment only)",
        choices=[(c.value, calc.CUSTODY_TEXT[c]) for c in Custody],
        initial=Custody.IMPRISONMENT.value,
        required=False,
    )
    term = _duration_field(
        "Term",
        "For imprisonment, the custodial term; for a suspended sentence, the custodial term, "
        "not the operational period; for a community order, its length. " + "For example "
        "30m, 26w, 3y or 2y6m (y years, m months, w weeks, d days)",
    )
    suspended = forms.BooleanField(label="The sentence was suspended", required=False)
    discharge = _duration_field(
        "Length of the conditional discharge", "For example 12m or 2y (at most 3 years)"
    )
    more_terms = forms.CharField(
        label="Terms for other Schedule 3 offences dealt with on the same day (optional)",
        help_text="One term per line, for example 18m. Leave empty if there was one offence",
        required=False,
        max_length=200,
        widget=forms.Textarea(attrs={"rows": 2, "spellcheck": "false"}),
        error_messages={"max_length": "Enter no more than 200 characters"},
    )
    served = forms.ChoiceField(
        label="If there are several terms, how were they served?",
        choices=[
            (CONCURRENT, "Wholly concurrent, or only one term"),
            (CONSECUTIVE, "Consecutive (s.82(4)(a): their total counts)"),
            (OVERLAP, "Partly concurrent (s.82(4)(b): their total less the overlap counts)"),
        ],
        initial=CONCURRENT,
        required=False,
        widget=forms.RadioSelect,
    )
    overlap = _duration_field(
        "How long did the terms overlap? (partly concurrent only)", "For example 6m"
    )
    conviction_date = _date_field(
        "Date of the conviction, finding or caution (optional)",
        "the date of the conviction, finding or caution",
        help_text=(
            "Needed for some offences, such as image offences before May 2004 and offences "
            "added to Schedule 3 later. For example, 2024-03-01"
        ),
    )
    relevant_date = _date_field(
        "Relevant date",
        "the relevant date",
        help_text=(
            "The date of the conviction, finding or caution (s.82(6)), or of sentence where "
            "the offence is notifiable only because of the sentence (s.132). For example, "
            "2024-03-01"
        ),
    )
    age = _age_field(
        "Offender's age on the relevant date",
        "the age on the relevant date",
        required=False,
        help_text="In whole years. Under 18 halves the fixed periods (s.82(2))",
    )
    relevant_notification = _date_field(
        "Date of the first notification after release (optional)",
        "the date of the first notification",
        help_text=(
            "For an indefinite period: the review date runs from it (s.91B). Without it, the "
            "earliest possible review date is shown. For example, 2024-03-04"
        ),
    )
    secondary = forms.ChoiceField(
        label="Secondary or inchoate liability",
        choices=[
            ("", "None: the offence itself"),
            *((s.value, t) for s, t in calc.SECONDARY_TEXT.items()),
        ],
        required=False,
    )
    purpose = forms.ChoiceField(
        label="Purpose of the offence (voyeurism, s.67A)",
        choices=[("", "Not given"), *((p.value, t) for p, t in calc.PURPOSE_TEXT.items())],
        required=False,
    )
    image_subject_age = _age_field(
        "Age of the youngest person shown (image offences)",
        "the age of the youngest person shown",
        required=False,
        help_text="In whole years, when the photograph was taken (para 95(a))",
    )
    intended_victim_age = _age_field(
        "Age of the intended victim (ss.62-63)",
        "the intended victim's age",
        required=False,
    )
    offence_date = _date_field("Date of the offence (optional)", "the date of the offence")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The template lays the fields out itself; the helper is what lets the GOV.UK
        # error summary (includes/error_summary.html) show this form's errors.
        self.helper = FormHelper()
        self.helper.form_tag = False

    def _problem(self, field: str, exc: calc.InputError) -> forms.ValidationError:
        return forms.ValidationError(
            [calc.PAGE_VOICE.render(p) for p in exc.problems] or [f"Check {field}"]
        )

    def clean_offence(self) -> str:
        try:
            return calc.resolve_offence(self.cleaned_data["offence"])
        except calc.InputError as exc:
            raise self._problem("offence", exc) from None

    def _duration(self, name: str) -> Term | None:
        text = (self.cleaned_data.get(name) or "").strip()
        if not text:
            return None
        try:
            return calc.parse_duration(text, field=name)
        except calc.InputError as exc:
            raise self._problem(name, exc) from None

    def clean_term(self) -> Term | None:
        return self._duration("term")

    def clean_discharge(self) -> Term | None:
        return self._duration("discharge")

    def clean_overlap(self) -> Term | None:
        return self._duration("overlap")

    def clean_more_terms(self) -> list[Term]:
        lines = [line.strip() for line in self.cleaned_data.get("more_terms", "").splitlines()]
        terms: list[Term] = []
        errors: list[str] = []
        for number, line in enumerate((line for line in lines if line), start=1):
            try:
                terms.append(calc.parse_duration(line, field="more_terms"))
            except calc.InputError as exc:
                errors += [f"Line {number}: " + calc.PAGE_VOICE.render(p) for p in exc.problems]
        if errors:
            raise forms.ValidationError(errors)
        return terms

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        today = timezone.localdate()
        for name, value in list(cleaned.items()):
            try:
                calc.check_field(name, value, today=today)
            except calc.InputError as exc:
                self.refuse(exc)
        served = cleaned.get("served") or CONCURRENT
        if served == OVERLAP and not self.errors.get("overlap") and cleaned.get("overlap") is None:
            self.add_error(
                "overlap", "Enter how long the partly concurrent terms overlapped, like 6m"
            )
        if served != OVERLAP and cleaned.get("overlap") is not None:
            self.add_error(
                "overlap",
                "An overlap is only for partly concurrent terms: choose 'Partly concurrent' "
                "or leave the overlap empty",
            )
        return cleaned

    # --- For the view ---------------------------------------------------------------------

    def facts(self) -> tuple[calc.OffenceFacts, calc.PeriodFacts]:
        """The calculator's facts, from a valid form."""
        data = self.cleaned_data
        terms: list[Term] = [t for t in [data.get("term"), *data.get("more_terms", [])] if t]
        served = data.get("served") or CONCURRENT
        sentence = calc.SentenceFacts(
            disposal=Disposal(data["disposal"]),
            terms=tuple(terms),
            suspended=bool(data.get("suspended")),
            custody=Custody(data.get("custody") or Custody.IMPRISONMENT),
            discharge=data.get("discharge"),
            consecutive=served == CONSECUTIVE,
            overlap=data.get("overlap") if served == OVERLAP else None,
        )
        offence = calc.OffenceFacts(
            offence=data["offence"],
            offender_age=data["offender_age"],
            victim_age=data.get("victim_age"),
            sentence=sentence,
            conviction_date=data.get("conviction_date"),
            offence_date=data.get("offence_date"),
            secondary=Secondary(data["secondary"]) if data.get("secondary") else None,
            purpose=Purpose(data["purpose"]) if data.get("purpose") else None,
            image_subject_age=data.get("image_subject_age"),
            intended_victim_age=data.get("intended_victim_age"),
        )
        period = calc.PeriodFacts(
            relevant_date=data.get("relevant_date"),
            age=data.get("age"),
            sentence=sentence,
            relevant_notification=data.get("relevant_notification"),
        )
        return offence, period

    def refuse(self, error: calc.InputError) -> None:
        """Put the rules' refusal next to the fields it is about."""
        seen: set[tuple[str | None, str]] = set()
        for problem in error.problems:
            name: str | None = _FORM_FIELD.get(problem.field, problem.field)
            if name not in self.fields:
                name = None
            message = calc.PAGE_VOICE.render(problem)
            if (name, message) in seen:
                continue
            seen.add((name, message))
            self.add_error(name, message)

    @property
    def error_links(self) -> list[tuple[str, str]]:
        """(element id, message) for the error summary, in the page's order.

        Radios link to their first choice: crispy-forms-gds numbers them from 1
        (``id_disposal_1``), so the field's own id is on no element.
        """
        links: list[tuple[str, str]] = []
        first = f"id_{next(iter(self.fields))}"
        links += [(first, str(message)) for message in self.non_field_errors()]
        for bound in self:
            if not bound.errors:
                continue
            radios = isinstance(bound.field.widget, forms.RadioSelect)
            target = f"id_{bound.html_name}_1" if radios else bound.auto_id
            links += [(target, str(message)) for message in bound.errors]
        return links

    def show_more_facts(self) -> bool:
        """Open the "more facts" section when any of its answers was given or is wrong."""
        if not self.is_bound:
            return False
        return any(self.data.get(name) or self.errors.get(name) for name in MORE_FACTS)

    def audit_inputs(self) -> dict[str, Any]:
        """What was asked, for the audit trail: every answer given, as text."""
        inputs: dict[str, Any] = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", [], False):
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, list):
                value = [str(v) for v in value]
            elif isinstance(value, Term):
                value = str(value)
            inputs[name] = value
        return inputs


def _outcome(answer: calc.CalculatorAnswer) -> dict[str, Any]:
    s3 = answer.schedule3.as_json()
    outcome: dict[str, Any] = {
        "notifiable": s3["notifiable"],
        "paragraph": s3["paragraph"],
        "offence": s3["offence"],
    }
    if answer.period is not None:
        p = answer.period.as_json()
        outcome.update(
            {key: p[key] for key in ("indefinite", "months", "length", "first_day", "last_day")}
        )
        if p["review_qualifying_date"]:
            outcome["review_qualifying_date"] = p["review_qualifying_date"]
    return outcome


@require(Perm.USE_CALCULATORS)
def calculator(request: HttpRequest) -> HttpResponse:
    """Show the questions; once answered, give the answers with their reasons, and audit."""
    submitted = "offence" in request.GET
    form = CalculatorForm(request.GET if submitted else None)
    answer: calc.CalculatorAnswer | None = None
    if submitted and form.is_valid():
        offence, period = form.facts()
        inputs = form.audit_inputs()
        try:
            answer = calc.calculate(offence, period, today=timezone.localdate())
        except calc.InputError as refusal:
            form.refuse(refusal)
            detail: dict[str, Any] = {
                "inputs": inputs,
                "refused": [calc.PAGE_VOICE.render(p) for p in refusal.problems],
            }
        else:
            detail = {"inputs": inputs, "outcome": _outcome(answer)}
        audit_log(actor=request.user, action=USED, detail=detail)
    context = {
        "form": form,
        "answer": answer,
        "offences": calc.offence_choices(),
        "show_more_facts": form.show_more_facts(),
    }
    return render(request, "registration/calculator.html", context)
