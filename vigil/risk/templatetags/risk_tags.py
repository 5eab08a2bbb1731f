"""Showing risk levels, categories and due states the same way on every page."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from vigil.policy.cadence import DueState
from vigil.policy.risk_levels import RiskLevel

register = template.Library()

_LEVEL_COLOURS = {
    RiskLevel.LOW: "green",
    RiskLevel.MEDIUM: "yellow",
    RiskLevel.HIGH: "orange",
    RiskLevel.VERY_HIGH: "red",
}
_CATEGORY_COLOURS = {"low": "green", "medium": "yellow", "high": "orange", "very high": "red"}
_DUE = {
    DueState.OVERDUE: ("red", "Overdue"),
    DueState.DUE_SOON: ("yellow", "Due soon"),
    DueState.UPCOMING: ("blue", "Upcoming"),
}


def _level(code: object) -> RiskLevel | None:
    try:
        return RiskLevel(str(code))
    except ValueError:
        return None


@register.filter
def level_label(code: object) -> str:
    """A level code as people read it ("very_high" is "Very high")."""
    level = _level(code)
    return level.label if level else str(code or "")


@register.filter
def level_tag(code: object) -> SafeString:
    """A coloured GOV.UK tag for a RoSH level code; "Not set" when there is none."""
    level = _level(code)
    if level is None:
        return mark_safe('<strong class="govuk-tag govuk-tag--grey">Not set</strong>')
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', _LEVEL_COLOURS[level], level.label
    )


@register.filter
def category_tag(category: object) -> SafeString:
    """A tag for an RM2000 category ("very high")."""
    text = str(category or "")
    if not text:
        return format_html("{}", "—")
    colour = _CATEGORY_COLOURS.get(text, "grey")
    return format_html(
        '<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text.capitalize()
    )


@register.filter
def due_tag(state: object) -> SafeString:
    """Overdue, due soon or upcoming, as a tag (issue 6's states)."""
    try:
        colour, text = _DUE[DueState(str(state))]
    except ValueError:
        return format_html("{}", "")
    return format_html('<strong class="govuk-tag govuk-tag--{}">{}</strong>', colour, text)


@register.filter
def action_overdue(action: object, today: object) -> bool:
    """Whether a plan action still open is past its date."""
    check = getattr(action, "overdue", None)
    return bool(check(today)) if callable(check) else False
