"""The search page: find a nominal by name, date of birth, reference, PNC ID or CRO number."""

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
from vigil.audit.services import audit_log
from vigil.forms import DateInput
from vigil.nominals.search import EMPTY_SEARCH, SearchError, parse_query, search_nominals

# Anyone born before this is not on the register; a year before it is a typing slip.
EARLIEST_BIRTH_YEAR = 1900


class NominalSearchForm(forms.Form):
    """The search box and an optional date of birth. Says what is wrong with either."""

    q = forms.CharField(
        label="Name, reference, PNC ID, CRO number or National Insurance number",
        required=False,
        max_length=100,
        help_text=(
            "For example: John Smith; Smith; Smith, John; VG-AB23-CD45; 98/123456A; "
            "12345/98A. Spelling variants, names that sound alike and aliases are found too."
        ),
        error_messages={"max_length": "Enter no more than 100 characters"},
    )
    dob = forms.DateField(
        label="Date of birth (optional)",
        required=False,
        widget=DateInput(),
        help_text="For example, 1980-03-27",
        error_messages={
            "invalid": "Enter the date of birth as year-month-day, like 1980-03-27",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The template lays the fields out itself; the helper is what lets the GOV.UK
        # error summary (includes/error_summary.html) show this form's errors.
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_dob(self) -> dt.date | None:
        dob: dt.date | None = self.cleaned_data.get("dob")
        if dob is None:
            return None
        if dob > timezone.localdate():
            raise forms.ValidationError(
                "The date of birth must be today or in the past. Check the year"
            )
        if dob.year < EARLIEST_BIRTH_YEAR:
            raise forms.ValidationError(
                f"The date of birth must be in {EARLIEST_BIRTH_YEAR} or later. Check the year"
            )
        return dob

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("q", "")
        if "q" in self.errors or "dob" in self.errors:
            return cleaned
        if not text.strip() and cleaned.get("dob") is None:
            self.add_error("q", EMPTY_SEARCH)
            return cleaned
        try:
            parse_query(text)
        except SearchError as problem:
            self.add_error("q", str(problem))
        return cleaned


@require(Perm.SEARCH_NOMINALS)
def search(request: HttpRequest) -> HttpResponse:
    """Show the form; once submitted, run the search, audit it and show the rows.

    Every search is audited with what was asked and the references shown, so that a
    later review can see who looked for whom and what they were shown.
    """
    submitted = "q" in request.GET or "dob" in request.GET
    form = NominalSearchForm(request.GET if submitted else None)
    result = None
    if submitted and form.is_valid():
        query, dob = form.cleaned_data["q"], form.cleaned_data["dob"]
        try:
            result = search_nominals(user=request.user, query=query, date_of_birth=dob)
        except SearchError as problem:  # the form already checked; kept for safety
            form.add_error("q", str(problem))
        else:
            audit_log(
                actor=request.user,
                action="search.nominal.run",
                detail={
                    "query": query,
                    "dob": dob.isoformat() if dob else "",
                    "kind": result.kind.value,
                    "results": result.references,
                },
            )
    return render(request, "nominals/search.html", {"form": form, "result": result})
