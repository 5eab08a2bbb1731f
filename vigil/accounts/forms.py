"""Forms for sign-in, two-factor and account administration. They validate; services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button, Field, Fixed, Fluid, Layout, Size
from django import forms
from django.contrib.auth import authenticate, password_validation
from django.http import HttpRequest
from django.utils import timezone

from vigil.accounts.models import Force, Nation, Unit, User, VettingLevel
from vigil.accounts.queries import roles_assignable_by, units_assignable_by
from vigil.forms import DateInput

SIGN_IN_FAILED = (
    "Enter a correct username and password. If your account has been disabled or your "
    "vetting has expired, contact your register administrator."
)


def _helper(*fields: Any, submit: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False  # each page writes its own <form> around the fields
    helper.layout = Layout(*fields, Button.primary("submit", submit))
    return helper


class SignInForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        error_messages={"required": "Enter your username"},
        widget=forms.TextInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user: User | None = None
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.text("username", field_width=Fluid.ONE_HALF),
            Field.text("password", field_width=Fluid.ONE_HALF),
            submit="Sign in",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        username, password = cleaned.get("username"), cleaned.get("password")
        if username and password:
            # The request is passed so django-axes can count failures and lock out.
            user = authenticate(self.request, username=username, password=password)
            if user is None:
                # The same words whether or not the user exists: no hint to a guesser.
                raise forms.ValidationError(SIGN_IN_FAILED)
            self.user = user
        return cleaned


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Security code",
        help_text="The 6-digit code from your authenticator app.",
        max_length=8,
        error_messages={"required": "Enter the 6-digit security code"},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args: Any, submit: str = "Continue", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.text("token", field_width=Fixed.FIVE), submit=submit)

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit() or len(token) not in (6, 8):
            raise forms.ValidationError("Enter the security code as 6 digits, like 123456")
        return token


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you doing this?",
        help_text="This is kept in the audit trail.",
        max_length=500,
        error_messages={"required": "Enter a reason"},
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, submit: str = "Confirm", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(Field.textarea("reason"), submit=submit)


class UserForm(forms.ModelForm):
    """Create or edit an account; what the administrator may choose depends on who they are."""

    vetting_expires = forms.DateField(
        label="When does their vetting expire?",
        help_text="For example, 2027-03-31. The account cannot sign in after this date.",
        error_messages={
            "required": "Enter the date their vetting expires",
            "invalid": "Enter the date as year-month-day, for example 2027-03-31",
        },
        widget=DateInput(),
    )

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "unit",
            "role",
            "vetting_level",
            "vetting_expires",
            "organisation",
        ]
        labels = {
            "username": "Username",
            "first_name": "First name",
            "last_name": "Last name",
            "email": "Email address",
            "unit": "Which unit do they work in?",
            "role": "What is their role?",
            "vetting_level": "What vetting do they hold?",
            "organisation": "Organisation (partner agency users only)",
        }
        help_texts = {
            "username": "Letters, digits and . _ - only. It cannot be changed later.",
            "organisation": "For example, Probation Service.",
        }
        error_messages = {
            "username": {
                "required": "Enter a username",
                "unique": "That username is taken: choose another",
            },
            "first_name": {"required": "Enter their first name"},
            "last_name": {"required": "Enter their last name"},
            "email": {
                "required": "Enter their email address",
                "invalid": "Enter an email address like name@example.police.uk",
            },
            "unit": {"required": "Choose the unit they work in"},
            "role": {"required": "Choose their role"},
            "vetting_level": {"required": "Choose their vetting level"},
        }

    password1 = forms.CharField(
        label="Initial password",
        help_text="At least 12 characters. Give it to them in person; they should change it.",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Repeat the initial password",
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args: Any, actor: User, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor, self.creating = actor, creating
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
        unit_field: forms.ModelChoiceField = self.fields["unit"]  # type: ignore[assignment]
        unit_field.queryset = units_assignable_by(actor)
        role_field: forms.ChoiceField = self.fields["role"]  # type: ignore[assignment]
        role_field.choices = [("", "Choose a role"), *roles_assignable_by(actor)]
        unit_field.empty_label = "Choose a unit"
        self.fields["vetting_level"].choices = [  # type: ignore[attr-defined]
            ("", "Choose a vetting level"),
            *VettingLevel.choices,
        ]
        fields: list[Any] = []
        if creating:
            fields.append(Field.text("username", field_width=Fluid.ONE_THIRD))
        else:
            del self.fields["username"]
            del self.fields["password1"]
            del self.fields["password2"]
        fields += [
            Field.text("first_name", field_width=Fluid.ONE_THIRD),
            Field.text("last_name", field_width=Fluid.ONE_THIRD),
            Field.text("email", field_width=Fluid.ONE_HALF),
            Field.select("unit"),
            Field.radios("role", legend_size=Size.SMALL),
            Field.select("vetting_level"),
            Field.text("vetting_expires", field_width=Fixed.TEN),
            Field.text("organisation", field_width=Fluid.ONE_HALF),
        ]
        if creating:
            fields += [
                Field.text("password1", field_width=Fluid.ONE_THIRD),
                Field.text("password2", field_width=Fluid.ONE_THIRD),
            ]
        self.helper = _helper(*fields, submit="Create account" if creating else "Save changes")

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("That username is taken: choose another")
        return username

    def clean_vetting_expires(self) -> dt.date:
        value: dt.date = self.cleaned_data["vetting_expires"]
        if self.creating and value < timezone.localdate():
            raise forms.ValidationError(
                "The vetting expiry date is in the past: the account could not sign in. "
                "Enter the date the current vetting expires."
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.creating:
            p1, p2 = cleaned.get("password1"), cleaned.get("password2")
            if not p1:
                self.add_error("password1", "Enter an initial password")
            elif p1 != p2:
                self.add_error("password2", "The two passwords do not match: type them again")
            else:
                try:
                    password_validation.validate_password(p1, self.instance)
                except forms.ValidationError as exc:
                    self.add_error("password1", exc)
        return cleaned


class ForceForm(forms.ModelForm):
    class Meta:
        model = Force
        fields = ["code", "name", "nation"]
        labels = {"code": "Short code", "name": "Force name", "nation": "Which nation?"}
        help_texts = {"code": "Lower-case letters, digits and hyphens, for example 'northshire'."}
        error_messages = {
            "code": {
                "required": "Enter a short code",
                "unique": "That code is taken",
                "invalid": "Use only lower-case letters, digits and hyphens",
            },
            "name": {
                "required": "Enter the force's name",
                "unique": "A force with that name exists",
            },
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nation"].choices = Nation.choices  # type: ignore[attr-defined]
        self.helper = _helper(
            Field.text("code", field_width=Fixed.TEN),
            Field.text("name", field_width=Fluid.ONE_HALF),
            Field.radios("nation", legend_size=Size.SMALL, inline=True),
            submit="Create force",
        )


class UnitForm(forms.Form):
    force = forms.ModelChoiceField(
        queryset=Force.objects.all(),
        label="Which force is the unit in?",
        empty_label="Choose a force",
        error_messages={"required": "Choose the force"},
    )
    code = forms.SlugField(
        max_length=24,
        label="Short code",
        error_messages={
            "required": "Enter a short code",
            "invalid": "Use only lower-case letters, digits and hyphens",
        },
    )
    name = forms.CharField(
        max_length=120, label="Unit name", error_messages={"required": "Enter the unit's name"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Field.select("force"),
            Field.text("code", field_width=Fixed.TEN),
            Field.text("name", field_width=Fluid.ONE_HALF),
            submit="Create unit",
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        force, code, name = cleaned.get("force"), cleaned.get("code"), cleaned.get("name")
        if force and code and Unit.objects.filter(force=force, code=code).exists():
            self.add_error("code", "That force already has a unit with this code")
        if force and name and Unit.objects.filter(force=force, name=name).exists():
            self.add_error("name", "That force already has a unit with this name")
        return cleaned
