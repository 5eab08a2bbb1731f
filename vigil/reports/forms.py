"""The reports' filters: which month, and (for register staff) which unit."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from crispy_forms_gds.helper import FormHelper
from django import forms

from vigil.accounts.models import Unit

_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
#: Nothing in Vigil can have fallen due before this.
EARLIEST_YEAR = 2000


#: How many months back the picker offers; older ones can still be asked for by address.
MONTHS_OFFERED = 36


def month_choices(today: dt.date, chosen: str = "") -> list[tuple[str, str]]:
    """This month and the ones before it, newest first, as ("2026-11", "November 2026")."""
    choices = []
    year, month = today.year, today.month
    for i in range(MONTHS_OFFERED):
        label = f"{dt.date(year, month, 1):%B %Y}" + (" (so far)" if i == 0 else "")
        choices.append((f"{year:04d}-{month:02d}", label))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if chosen and chosen not in dict(choices):
        choices.append((chosen, chosen))
    return choices


class ReportFilterForm(forms.Form):
    month = forms.CharField(
        label="Month",
        required=False,
        widget=forms.Select(),
    )
    unit = forms.ChoiceField(label="Unit", required=False)

    def __init__(self, *args: Any, today: dt.date, units: list[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        chosen = str(self.data.get("month", "")) if self.is_bound else ""
        self.fields["month"].widget.choices = month_choices(today, chosen)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if units:
            self.fields["unit"].choices = [  # type: ignore[attr-defined]
                ("", "All units"),
                *((u.code, u.name) for u in units),
            ]
        else:
            del self.fields["unit"]

    def clean_month(self) -> tuple[int, int]:
        text = (self.cleaned_data.get("month") or "").strip()
        if not text:
            return self.today.year, self.today.month
        match = _MONTH.fullmatch(text)
        if match is None:
            raise forms.ValidationError("Enter the month as year and month, like 2026-11")
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise forms.ValidationError("Enter a month from 01 to 12, like 2026-11")
        if year < EARLIEST_YEAR:
            raise forms.ValidationError(f"Enter a month from {EARLIEST_YEAR} onwards")
        if (year, month) > (self.today.year, self.today.month):
            raise forms.ValidationError(
                "Choose this month or an earlier one: the report counts visits that have "
                "already fallen due"
            )
        return year, month

    def chosen(self) -> tuple[int, int]:
        """The valid month chosen (this month if none was given)."""
        value: tuple[int, int] = self.cleaned_data["month"]
        return value
