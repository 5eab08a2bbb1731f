"""The form for a new version of a force's cadence policy. Validates what was typed and
speaks plain English; whether the policy as a whole is valid is
``CadencePolicy.with_overrides``' decision (``services.cadence_policy_add``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import HTML, Button, Div, Field, Fieldset, Fixed, Layout, Size
from django import forms
from django.utils.html import format_html

from vigil.forms import DateInput
from vigil.obligations import policies
from vigil.policy.cadence import CadencePolicy, Interval, PerRiskLevel, Unit
from vigil.policy.risk_levels import RiskLevel

UNITS = [
    ("", "Choose one"),
    (Unit.DAYS.value, "Days"),
    (Unit.WEEKS.value, "Weeks"),
    (Unit.MONTHS.value, "Months"),
    (Unit.YEARS.value, "Years"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]

#: What each group of intervals is for, shown under its heading.
_HINTS = {
    "home_visit": "How often a person is visited at home when their risk management plan "
    "sets no frequency of its own. Since 2017 the plan sets it; these apply without one.",
    "assessment_review": "How long after the last approved risk assessment the next review "
    "is due. An event that calls for a review brings it forward.",
    "plan_review": "How long after the last approved risk management plan the next review "
    "is due. An event that calls for a review brings it forward.",
}

_QUESTIONS = {
    "reactive_requires_mappa_level_1": (
        "Must a person be managed at MAPPA level 1 to be on reactive management?"
    ),
    "reactive_requires_no_children_in_household": (
        "Must there be no child in the household for reactive management?"
    ),
}


def _interval_names(prefix: str) -> tuple[str, str]:
    return f"{prefix}_count", f"{prefix}_unit"


#: The single intervals as messages name them.
_SINGLE_WHAT = {
    "record_review": "record review interval",
    "review_after_trigger": "interval for a review after an event",
    "due_soon_within": "due-soon window",
    "reactive_qualifying_period": "reactive management qualifying period",
}


def _what(table: str | None, name: str, level: RiskLevel | None = None) -> str:
    """The interval as messages name it: "home visit interval for very high risk"."""
    if table is not None and level is not None:
        return f"{policies.PER_LEVEL[table].lower()} interval for {level.label.lower()} risk"
    return _SINGLE_WHAT[name]


class CadencePolicyForm(forms.Form):
    """A new version: its name, when it starts, every interval and setting, and why."""

    name = forms.CharField(
        label="What is the policy called?",
        help_text="The name people will see, for example the title of the force's policy.",
        max_length=120,
        error_messages={"required": "Enter the policy's name"},
    )
    effective_from = forms.DateField(
        label="When does this version come into force?",
        help_text="Today or later, for example 2026-04-01. Work queues use it from that day; "
        "the late-visits report from the first month that begins with it in force.",
        widget=DateInput(),
        error_messages={
            "required": "Enter the date this version comes into force",
            "invalid": "Enter the date as year-month-day, for example 2026-04-01",
        },
    )
    reason = forms.CharField(
        label="Why is it changing? (optional)",
        help_text="For example the force policy's reference, or the decision behind it. "
        "It is kept with the version and in the audit trail.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        #: (table or None, policy field, level or None, count field, unit field)
        self.intervals: list[tuple[str | None, str, RiskLevel | None, str, str]] = []
        sections: list[Any] = []
        for table, heading in policies.PER_LEVEL.items():
            parts: list[Any] = [
                HTML(format_html('<h2 class="govuk-heading-m">{}</h2>', f"{heading}s")),
                HTML(format_html('<p class="govuk-body">{}</p>', _HINTS[table])),
            ]
            for level in policies.LEVELS:
                count, unit = _interval_names(f"{table}_{level.value}")
                self._add_interval(count, unit, _what(table, table, level))
                self.intervals.append((table, table, level, count, unit))
                parts.append(self._fieldset(f"{level.label} risk", count, unit))
            sections += parts
        sections.append(HTML('<h2 class="govuk-heading-m">Other intervals</h2>'))
        for name, label in policies.SINGLE.items():
            count, unit = _interval_names(name)
            self._add_interval(count, unit, _what(None, name))
            self.intervals.append((None, name, None, count, unit))
            sections.append(self._fieldset(label, count, unit))
        sections.append(HTML('<h2 class="govuk-heading-m">Reactive management</h2>'))
        for name, label in policies.FLAGS.items():
            self.fields[name] = forms.ChoiceField(
                label=_QUESTIONS[name],
                choices=YES_NO,
                widget=forms.RadioSelect,
                error_messages={"required": f"Say whether {label[0].lower()}{label[1:]}"},
            )
            sections.append(Field.radios(name, legend_size=Size.SMALL, inline=True))
        helper = FormHelper()
        helper.form_tag = False  # the page's own <form> holds the CSRF token
        helper.layout = Layout(
            Field.text("name"),
            Field.text("effective_from", field_width=Fixed.TEN),
            *sections,
            Field.textarea("reason"),
            Button.primary("submit", "Add this version"),
        )
        self.helper = helper
        # Fields in the order shown, so the error summary lists them in that order.
        order = ["name", "effective_from"]
        order += [f for _, _, _, count, unit in self.intervals for f in (count, unit)]
        order += [*policies.FLAGS, "reason"]
        self.order_fields(order)

    def _add_interval(self, count: str, unit: str, what: str) -> None:
        self.fields[count] = forms.IntegerField(
            label="Every",
            min_value=1,
            error_messages={
                "required": f"Enter the {what}",
                "invalid": f"Enter the {what} as a whole number, like 6",
                "min_value": f"The {what} must be at least 1: an interval cannot be zero or "
                "negative",
            },
            widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        )
        self.fields[unit] = forms.ChoiceField(
            label="Days, weeks, months or years",
            choices=UNITS,
            error_messages={
                "required": f"Choose days, weeks, months or years for the {what}",
                "invalid_choice": f"Choose days, weeks, months or years for the {what}",
            },
        )

    @staticmethod
    def _fieldset(legend: str, count: str, unit: str) -> Fieldset:
        return Fieldset(
            Div(
                Field.text(count, field_width=Fixed.THREE),
                Field.select(unit),
                css_class="vigil-interval",
            ),
            legend=legend,
            legend_size=Size.SMALL,
        )

    @staticmethod
    def initial_from(policy: CadencePolicy, *, name: str) -> dict[str, Any]:
        """The form filled in with ``policy``'s values (a new version starts from them)."""
        initial: dict[str, Any] = {"name": name}
        for table in policies.PER_LEVEL:
            per_level: PerRiskLevel = getattr(policy, table)
            for level in RiskLevel:
                count, unit = _interval_names(f"{table}_{level.value}")
                initial[count], initial[unit] = per_level[level].count, per_level[level].unit.value
        for single in policies.SINGLE:
            interval: Interval = getattr(policy, single)
            count, unit = _interval_names(single)
            initial[count], initial[unit] = interval.count, interval.unit.value
        for flag in policies.FLAGS:
            initial[flag] = "yes" if getattr(policy, flag) else "no"
        return initial

    def clean_effective_from(self) -> dt.date:
        value: dt.date = self.cleaned_data["effective_from"]
        if value < self.today:
            raise forms.ValidationError(
                f"The date is in the past. A new version starts today ({self.today:%-d %B %Y}) "
                "or later, so that what was due and what was late before then stay as they were"
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.parsed: dict[str, Interval] = {}
        for _, _, _, count, unit in self.intervals:
            if count in self.errors or unit in self.errors:
                continue
            try:
                self.parsed[count] = Interval(cleaned[count], Unit(cleaned[unit]))
            except ValueError as exc:
                self.add_error(count, str(exc).capitalize())
        return cleaned

    def changes(self) -> dict[str, Any]:
        """The values typed, as ``CadencePolicy.with_overrides`` arguments."""
        out: dict[str, Any] = {table: {} for table in policies.PER_LEVEL}
        for table, name, level, count, _ in self.intervals:
            if table is not None and level is not None:
                out[table][level] = self.parsed[count]
            else:
                out[name] = self.parsed[count]
        for flag in policies.FLAGS:
            out[flag] = self.cleaned_data[flag] == "yes"
        return out
