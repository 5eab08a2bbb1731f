"""Template tags every page may use: ``{% load vigil %}``."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()

_GROUPED = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _target(bound: forms.BoundField) -> str:
    """Where an error summary link must point for a field to receive focus.

    A radio or checkbox group has no element with the field's own id: GOV.UK links to the
    first option, which crispy-forms-gds renders as ``id_<name>_1``.
    """
    if isinstance(bound.field.widget, _GROUPED):
        return f"id_{bound.html_name}_1"
    return str(bound.auto_id)


@register.simple_tag
def error_links(form: Any) -> list[tuple[str, str]]:
    """(href, message) for each error on ``form``, in the order the fields appear."""
    fields = list(form.visible_fields())
    links = []
    first = f"#{_target(fields[0])}" if fields else "#main-content"
    links += [(first, str(e)) for e in form.non_field_errors()]
    for bound in fields:
        links += [(f"#{_target(bound)}", str(e)) for e in bound.errors]
    return links
