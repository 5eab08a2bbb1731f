"""Form pieces every app's forms share."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """A date typed as text (year-month-day or day/month/year), styled as a GOV.UK input.

    The browser's own date picker is avoided: the GOV.UK Design System advises against it
    (it is hard to use with assistive technology and for dates far in the past).
    """

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={
                "class": "govuk-input govuk-input--width-10",
                "inputmode": "numeric",
                "autocomplete": "off",
                **(attrs or {}),
            },
            format="%Y-%m-%d",
        )
