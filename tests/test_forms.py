"""Shared form behaviour: every text-like input is styled as a GOV.UK input."""

from __future__ import annotations

import re

from django.template import Context, Template

from vigil.nominals.forms import AddressForm, IdentityForm


def test_date_inputs_keep_the_govuk_input_style() -> None:
    for form in (AddressForm(), IdentityForm()):
        html = Template("{% load crispy_forms_tags %}{% crispy form form.helper %}").render(
            Context({"form": form}))
        for tag in re.findall(r'<input type="text"[^>]*>', html):
            assert "govuk-input" in tag, tag
