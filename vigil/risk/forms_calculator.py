"""The Risk Matrix 2000 calculator form, generated from ``rm2000.FLAGS``.

Each question's label and hint are written once, in ``vigil.policy.rm2000.FLAGS``, for
this form and ``manage.py rm2000``. The form checks what it can on its own (a whole
number, not negative, every question answered) and leaves the rest to the rule: when the
tool does not apply, or the counts cannot all be true, the rule's reasons become the
form's errors, so the officer reads why there is no score. Unlike the command line, the
form assumes nothing about who the person is: it asks.
"""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Div, Field, Fieldset, Fixed, Layout, Size
from django import forms

from vigil.policy.rm2000 import (
    FLAGS,
    FieldSpec,
    Rm2000Input,
    Rm2000InvalidInput,
    Rm2000NotApplicable,
    Rm2000Result,
)
from vigil.risk import calculator

YES, NO = "yes", "no"

AGE = "age_at_commencement_of_risk"

ASKED_ONLY_IF: dict[str, str] = {"sexual_offence_at_16_or_over": "convicted_of_sexual_offence"}
"""A question that matters only when another was answered yes. The rule reads the age of
the offences only for someone convicted (RULES.md §5.5), so it is not demanded otherwise."""

# The form's sections, in FLAGS order: who the tool is for (age is part of that: 18+),
# the counts, then the yes/no items, which are ticked when true.
WHO = (*calculator.ELIGIBILITY, AGE)
COUNTS = tuple(s.name for s in FLAGS if s.kind == "int" and s.name not in WHO)
TICKS = tuple(s.name for s in FLAGS if s.kind == "bool" and s.name not in WHO)


def _noun(spec: FieldSpec) -> str:
    if spec.name == AGE:
        return "the person's age at the commencement of risk"
    return f"the number of {spec.name.replace('_', ' ')}"


def _count_field(spec: FieldSpec) -> forms.IntegerField:
    noun = _noun(spec)
    return forms.IntegerField(
        label=spec.label,
        help_text=spec.help,
        min_value=0,
        # GOV.UK asks for numbers in a text input: type="number" mangles typed values.
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "spellcheck": "false", "autocomplete": "off"}
        ),
        error_messages={
            "required": f"Enter {noun}",
            "invalid": f"Enter {noun} as a whole number, like {30 if spec.name == AGE else 2}",
            "min_value": f"{noun[:1].upper()}{noun[1:]} cannot be negative. Check the number",
        },
    )


def _question_field(spec: FieldSpec) -> forms.TypedChoiceField:
    """A radio question the officer must answer: the sex, or an eligibility yes/no."""
    if spec.kind == "choice":
        choices = [(value, value.capitalize()) for value in spec.choices]
        return forms.TypedChoiceField(
            label=spec.label,
            help_text=spec.help,
            choices=choices,
            widget=forms.RadioSelect,
            error_messages={"required": f"Select an answer: {spec.label}"},
        )
    return forms.TypedChoiceField(
        label=spec.label,
        help_text=spec.help,
        choices=[(YES, "Yes"), (NO, "No")],
        coerce=lambda value: value == YES,
        empty_value=None,
        required=spec.name not in ASKED_ONLY_IF,
        widget=forms.RadioSelect,
        error_messages={"required": f"Select yes or no: {spec.label}"},
    )


def _tick_field(spec: FieldSpec) -> forms.BooleanField:
    return forms.BooleanField(label=spec.label, help_text=spec.help, required=False)


def _field_for(spec: FieldSpec) -> forms.Field:
    if spec.kind == "int":
        return _count_field(spec)
    if spec.name in calculator.ELIGIBILITY:
        return _question_field(spec)
    return _tick_field(spec)


class Rm2000Form(forms.Form):
    """Every RM2000 question. Once valid, ``result`` holds the score.

    When the rule refuses, the form is invalid and ``refusal`` holds the rule's exception;
    its reasons are the form's errors. ``inp`` is what was scored or refused.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in FLAGS:
            self.fields[spec.name] = _field_for(spec)
        self.inp: Rm2000Input | None = None
        self.result: Rm2000Result | None = None
        self.refusal: calculator.Refusal | None = None
        self.helper = FormHelper()
        # The page writes the <form> tag, the button and its own error summary.
        self.helper.form_tag = False
        self.helper.layout = Layout(
            HTML('<h2 class="govuk-heading-m" id="who">Who the tool applies to</h2>'),
            *(self._layout_for(name) for name in WHO),
            HTML('<h2 class="govuk-heading-m" id="appearances">Sentencing occasions</h2>'),
            HTML(
                '<p class="govuk-body">Count separate occasions on which the person was '
                "sentenced, not offences: several offences dealt with on one day are one "
                "occasion.</p>"
            ),
            *(self._layout_for(name) for name in COUNTS),
            Div(
                Fieldset(
                    HTML(
                        '<div class="govuk-hint" id="ticks-hint">Select each one that is true '
                        "of the person. Leave it unticked for no.</div>"
                    ),
                    Div(
                        *(self._layout_for(name) for name in TICKS),
                        css_class="govuk-checkboxes",
                        data_module="govuk-checkboxes",
                    ),
                    legend="Convictions and circumstances",
                    legend_size=Size.MEDIUM,
                    legend_tag="h2",
                    aria_describedby="ticks-hint",
                ),
                css_class="govuk-form-group",
            ),
        )

    def _layout_for(self, name: str) -> Field:
        field = self.fields[name]
        if isinstance(field, forms.TypedChoiceField):
            yes_no = calculator.spec_for(name).kind == "bool"
            return Field.radios(name, legend_size=Size.SMALL, inline=yes_no)
        if isinstance(field, forms.BooleanField):
            # Label then hint inside one item, as the GOV.UK checkboxes component has it.
            return Field(name, template="risk/_tick.html")
        return Field.text(name, label_size=Size.SMALL, field_width=Fixed.THREE)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned  # say what is missing first; then whether the tool applies
        answers = dict(cleaned)
        for name, needed_by in ASKED_ONLY_IF.items():
            if answers.get(name) is None:
                if answers.get(needed_by):
                    self.add_error(name, f"Select yes or no: {self.fields[name].label}")
                    return cleaned
                answers[name] = False  # not asked, and the rule does not read it
        self.inp = calculator.build_input(answers)
        try:
            self.result = calculator.calculate(self.inp)
        except (Rm2000NotApplicable, Rm2000InvalidInput) as refusal:
            self.refusal = refusal
            for message in calculator.refusal_errors(refusal):
                self.add_error(None, message)
        return cleaned

    def anchor(self, name: str) -> str:
        """The id of the first input of a field, for a link from the error summary.

        A radio question has no element with the field's own id: crispy-forms-gds numbers
        its inputs ``id_<name>_1``, ``id_<name>_2``...
        """
        bound = self[name]
        if isinstance(self.fields[name].widget, forms.RadioSelect):
            return f"id_{bound.html_name}_1"
        return bound.auto_id or name

    def error_links(self) -> list[tuple[str, str]]:
        """(target id, message) for each error, in page order, for the error summary.

        The rule's refusals belong to no single field: "does not apply" points at the
        first question about who the tool is for, impossible counts at the first count.
        """
        links = []
        if self.refusal is not None:
            section = WHO if isinstance(self.refusal, Rm2000NotApplicable) else COUNTS
            target = self.anchor(section[0])
            links += [(target, str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            links += [(self.anchor(name), str(message)) for message in self.errors.get(name, [])]
        return links
