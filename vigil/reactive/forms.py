"""Forms for reactive management: validate and explain; the criteria are the policy's."""

from __future__ import annotations

from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Layout, Size
from django import forms

from vigil.reactive.models import EndDecision
from vigil.reactive.queries import CriterionRow, OfficerAnswers

YES_NO = [("yes", "Yes"), ("no", "No")]


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # the page's own <form> holds the CSRF token
    helper.layout = Layout(*fields, Button.primary("submit", submit))
    return helper


class ProposeForm(forms.Form):
    """The criteria Vigil does not hold (RULES.md §5.3), answered by the proposer, and why.

    Civil orders, intelligence and MAPPA levels are not recorded in Vigil yet, so the
    officer states them; the answers are kept with the proposal and shown to the
    supervisor. Whether the person is eligible is the policy's decision, not the form's.
    """

    civil_order = forms.ChoiceField(
        label="Is a civil order in force?",
        help_text="A sexual harm prevention order, sexual risk order, or a legacy SOPO, "
        "RSHO or foreign travel order.",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether a civil order is in force"},
    )
    intelligence = forms.ChoiceField(
        label="Does any intelligence suggest the person may be offending?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether any intelligence suggests offending"},
    )
    mappa_level = forms.TypedChoiceField(
        label="At what MAPPA level is the person managed?",
        choices=[("1", "Level 1"), ("2", "Level 2"), ("3", "Level 3")],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the MAPPA level"},
    )
    rationale = forms.CharField(
        label="Why is reactive management right for this person?",
        help_text="What the supervisor needs to approve it: how the person has been since "
        "their last assessment, and how they will be monitored without routine visits.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say why reactive management is right for this person"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("civil_order", legend_size=Size.SMALL, inline=True),
            Field.radios("intelligence", legend_size=Size.SMALL, inline=True),
            Field.radios("mappa_level", legend_size=Size.SMALL, inline=True),
            Field.textarea("rationale"),
            submit="Submit for approval",
        )

    def answers(self) -> OfficerAnswers:
        return OfficerAnswers(
            civil_order_in_force=self.cleaned_data["civil_order"] == "yes",
            intelligence_suggests_offending=self.cleaned_data["intelligence"] == "yes",
            mappa_level=self.cleaned_data["mappa_level"],
        )

    def refuse(self, unmet: tuple[CriterionRow, ...]) -> None:
        """Every unmet criterion, with the policy's reason, one message each."""
        for row in unmet:
            self.add_error(None, f"{row.title}: {row.detail}")


class DecisionForm(forms.Form):
    """A supervisor's decision: approve (with an optional note) or decline with a reason."""

    decision = forms.ChoiceField(
        label="Your decision",
        choices=[("approve", "Approve reactive management"), ("decline", "Decline")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or decline"},
    )
    reason = forms.CharField(
        label="Your reasons",
        help_text="Required when declining: tell the officer why. Optional when approving.",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("reason"),
            submit="Record the decision",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("decision") == "decline" and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say why it is declined, so the officer knows")
        return cleaned

    @property
    def approve(self) -> bool:
        return self.cleaned_data.get("decision") == "approve"

    def refuse(self, unmet: tuple[CriterionRow, ...]) -> None:
        self.add_error(
            None, "The person no longer meets the criteria, so it cannot be approved. Decline it."
        )
        for row in unmet:
            self.add_error(None, f"{row.title}: {row.detail}")


class EndForm(forms.Form):
    """Ending reactive management by hand: routine visits are due again."""

    reason = forms.CharField(
        label="Why is reactive management ending?",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say why reactive management is ending"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), submit="End reactive management")


class EndReviewForm(forms.Form):
    """The supervisor's review of reactive management an event ended: what happens next,
    and why. Routine visits are due already; proposing again goes on to the proposal."""

    decision = forms.ChoiceField(
        label="What happens next?",
        help_text="Proposing again takes you to the proposal, where the criteria are "
        "checked with what the record holds today.",
        choices=EndDecision.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens next"},
    )
    note = forms.CharField(
        label="What did you review, and why this decision?",
        help_text="For example what the event was, what the offender manager told you, "
        "and what the risk review should look at.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what you reviewed and why you decided this"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.radios("decision", legend_size=Size.SMALL),
            Field.textarea("note"),
            submit="Record the review",
        )
