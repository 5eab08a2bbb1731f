"""The error summary links every error to an element that exists on the page."""

from __future__ import annotations

import re

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Field, Layout
from django import forms
from django.template import Context, Template


class Example(forms.Form):
    name = forms.CharField(error_messages={"required": "Enter a name"})
    colour = forms.ChoiceField(
        choices=[("r", "Red"), ("b", "Blue")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a colour"},
    )
    tags = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose a tag"},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Field.text("name"), Field.radios("colour"), Field.checkboxes("tags")
        )

    def clean(self):
        raise forms.ValidationError("Something about the whole form")


def test_every_error_links_to_an_element_on_the_page(db) -> None:
    form = Example(data={})
    page = Template(
        '{% load crispy_forms_tags %}{% include "includes/error_summary.html" %}'
        "{% crispy form form.helper %}"
    ).render(Context({"form": form}))
    hrefs = re.findall(r'<a href="#([^"]+)">', page)
    assert hrefs == ["id_name", "id_name", "id_colour_1", "id_tags_1"]
    for target in hrefs:
        assert f'id="{target}"' in page, target
    assert "Choose a colour" in page and "Something about the whole form" in page
