"""Shared form behaviour: every text-like input is styled as a GOV.UK input."""

from __future__ import annotations

import re

from django.template import Context, Template

from vigil.nominals.forms import AddressForm, IdentityForm


def test_date_inputs_keep_the_govuk_input_style() -> None:
    for form in (AddressForm(), IdentityForm()):
        html = Template("{% load crispy_forms_tags %}{% crispy form form.helper %}").render(
            Context({"form": form})
        )
        for tag in re.findall(r'<input type="text"[^>]*>', html):
            assert "govuk-input" in tag, tag


def test_no_page_nests_a_form_inside_a_form(manager, unit, login_as) -> None:
    """A form inside a form is invalid HTML; browsers drop the inner one silently."""
    from html.parser import HTMLParser

    from django.urls import reverse

    from tests.factories import NominalFactory

    class Depth(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = self.deepest = 0

        def handle_starttag(self, tag, attrs) -> None:
            if tag == "form":
                self.depth += 1
                self.deepest = max(self.deepest, self.depth)

        def handle_endtag(self, tag) -> None:
            if tag == "form":
                self.depth -= 1

    nominal = NominalFactory.create(unit=unit, offender_manager=manager)
    client = login_as(manager)
    for url in [
        reverse("nominals:create"),
        reverse("nominals:section", args=[nominal.reference, "identity"]),
        reverse("nominals:section", args=[nominal.reference, "vehicles"]),
        reverse("nominals:photo-add", args=[nominal.reference]),
        reverse("nominals:search"),
        reverse("accounts:two-factor-verify"),
    ]:
        parser = Depth()
        parser.feed(client.get(url).content.decode())
        assert parser.deepest == 1, url
