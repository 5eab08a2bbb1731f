from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms
from django.db.models import Q, QuerySet

from vigil.audit.actions import ACTIONS
from vigil.audit.models import AuditEvent
from vigil.forms import DateInput


class AuditFilterForm(forms.Form):
    """The audit page's filters. Every field is optional; bad dates are explained."""

    person = forms.CharField(label="Person (username)", required=False, max_length=150)
    subject = forms.CharField(
        label="Subject reference",
        required=False,
        max_length=80,
        help_text="For example a nominal's reference or a username.",
    )
    action = forms.ChoiceField(label="Action", required=False)
    date_from = forms.DateField(
        label="From",
        required=False,
        widget=DateInput(),
        help_text="For example, 2026-11-01",
        error_messages={"invalid": "Enter the 'from' date as year-month-day, like 2026-11-01"},
    )
    date_to = forms.DateField(
        label="To",
        required=False,
        widget=DateInput(),
        help_text="For example, 2026-11-01",
        error_messages={"invalid": "Enter the 'to' date as year-month-day, like 2026-11-30"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The error summary is rendered from the helper; the fields are laid out by hand.
        self.helper = FormHelper()
        self.helper.form_tag = False
        codes = sorted((code, f"{code}: {text}") for code, text in ACTIONS.items())
        self.fields["action"].choices = [("", "Any action"), *codes]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be on or after the 'from' date")
        return cleaned

    def apply(self, events: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        data = self.cleaned_data
        if data.get("person"):
            events = events.filter(actor_username__iexact=data["person"].strip())
        if data.get("subject"):
            events = events.filter(subject_ref__iexact=data["subject"].strip())
        if data.get("action"):
            events = events.filter(Q(action=data["action"]))
        if data.get("date_from"):
            events = events.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            events = events.filter(at__date__lte=data["date_to"])
        return events

    def as_detail(self) -> dict[str, str]:
        return {
            k: (v.isoformat() if isinstance(v, dt.date) else str(v))
            for k, v in self.cleaned_data.items()
            if v
        }
