"""Sign-in, two-factor, sign-out, and administration of users, forces and units."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import qrcode
import qrcode.image.svg
from axes.helpers import get_cool_off
from django.contrib import messages
from django.contrib.auth import login, logout
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from vigil.accounts import queries, services
from vigil.accounts.access import require, signed_in
from vigil.accounts.forms import ForceForm, ReasonForm, SignInForm, TokenForm, UnitForm, UserForm
from vigil.accounts.models import Force, User
from vigil.accounts.roles import Perm
from vigil.audit.services import audit_log


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_safe_next(request))
    form = SignInForm(request, request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert form.user is not None
        login(request, form.user, backend="vigil.accounts.backends.VettedUserBackend")
        return redirect(_safe_next(request))
    timeout = request.GET.get("timeout", "")
    return render(
        request,
        "accounts/sign_in.html",
        {
            "form": form,
            "next": _safe_next(request, ""),
            "timed_out_minutes": int(timeout) if timeout.isdigit() else None,
        },
    )


def locked_out(
    request: HttpRequest, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    """What django-axes shows after too many failures: when the person may try again."""
    cool_off = get_cool_off(request) or dt.timedelta(minutes=15)
    retry_at = timezone.localtime() + cool_off
    return render(
        request,
        "accounts/locked_out.html",
        {
            "retry_at": retry_at,
            "minutes": int(cool_off.total_seconds() // 60),
        },
        status=429,
    )


@require_http_methods(["GET", "POST"])
def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        logout(request)
        return render(request, "accounts/signed_out.html")
    if not request.user.is_authenticated:
        return redirect("accounts:sign-in")
    return render(request, "accounts/sign_out_confirm.html")


def _totp_uri(device: TOTPDevice) -> str:
    return str(device.config_url)


@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show the secret, check one code, then confirm it."""
    user: User = request.user  # type: ignore[assignment]
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(reverse("accounts:two-factor-verify") + "?next=" + _safe_next(request))
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = TokenForm(request.POST or None, submit="Confirm and continue")
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            audit_log(
                actor=user,
                action="auth.two_factor.enrolled",
                subject_type="user",
                subject_ref=user.username,
            )
            messages.success(request, "Two-factor authentication is set up.")
            return redirect(_safe_next(request))
        form.add_error(
            "token",
            "That code is not right. Check the time on your phone is "
            "correct and enter the code now showing",
        )
    image = qrcode.make(_totp_uri(device), image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    b32 = base64.b32encode(device.bin_key).decode().rstrip("=")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": image.to_string(encoding="unicode"),
            "secret_groups": " ".join(b32[i : i + 4] for i in range(0, len(b32), 4)),
            "next": _safe_next(request, ""),
        },
    )


@signed_in
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if not user_has_device(user):
        return redirect(reverse("accounts:two-factor-setup") + "?next=" + _safe_next(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            audit_log(
                actor=user,
                action="auth.two_factor.verified",
                subject_type="user",
                subject_ref=user.username,
            )
            return redirect(_safe_next(request))
        audit_log(
            actor=user,
            action="auth.two_factor.failed",
            subject_type="user",
            subject_ref=user.username,
        )
        form.add_error(
            "token", "That code is not right. Enter the code now showing in your authenticator app"
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _safe_next(request, "")}
    )


# --- Administration -------------------------------------------------------------------


@require(Perm.MANAGE_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    users = queries.users_visible_to(actor).order_by(
        "unit__force__name", "unit__name", "last_name", "first_name"
    )
    show = request.GET.get("show", "active")
    if show == "active":
        users = users.filter(is_active=True)
    elif show == "disabled":
        users = users.filter(is_active=False)
    audit_log(actor=actor, action="user.list.viewed", detail={"show": show})
    return render(
        request,
        "accounts/user_list.html",
        {
            "users": users,
            "show": show,
            "today": timezone.localdate(),
        },
    )


@require(Perm.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    form = UserForm(request.POST or None, actor=actor, creating=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=actor,
                username=data["username"],
                password=data["password1"],
                unit=data["unit"],
                role=data["role"],
                vetting_level=data["vetting_level"],
                vetting_expires=data["vetting_expires"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                organisation=data["organisation"],
            )
        except IntegrityError:
            form.add_error("username", "That username is taken: choose another")
        else:
            messages.success(request, f"Account {user.username} created.")
            return redirect("accounts:user-list")
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@require(Perm.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, username: str) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    subject = queries.access_user(actor, username)
    form = UserForm(request.POST or None, instance=subject, actor=actor, creating=False)
    if request.method == "POST" and form.is_valid():
        changes = {f: form.cleaned_data[f] for f in form.changed_data}
        # The form has already written the values onto the instance; reload the stored
        # row so the service records the true old values.
        subject.refresh_from_db()
        services.user_update(actor=actor, user=subject, **changes)
        messages.success(request, f"Account {subject.username} saved.")
        return redirect("accounts:user-list")
    return render(
        request, "accounts/user_form.html", {"form": form, "creating": False, "subject": subject}
    )


def _reasoned_action(
    request: HttpRequest, username: str, *, title: str, button: str, warning: str, apply: Any
) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    subject = queries.access_user(actor, username)
    form = ReasonForm(request.POST or None, submit=button)
    if request.method == "POST" and form.is_valid():
        try:
            apply(actor=actor, user=subject, reason=form.cleaned_data["reason"])
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{title}: done for {subject.username}.")
            return redirect("accounts:user-list")
    return render(
        request,
        "accounts/user_action.html",
        {"form": form, "subject": subject, "title": title, "warning": warning},
    )


@require(Perm.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_disable(request: HttpRequest, username: str) -> HttpResponse:
    return _reasoned_action(
        request,
        username,
        title="Disable account",
        button="Disable account",
        warning="They will be signed out and unable to sign in until the account is enabled.",
        apply=lambda **kw: services.user_set_active(active=False, **kw),
    )


@require(Perm.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_enable(request: HttpRequest, username: str) -> HttpResponse:
    return _reasoned_action(
        request,
        username,
        title="Enable account",
        button="Enable account",
        warning="They will be able to sign in again while their vetting is current.",
        apply=lambda **kw: services.user_set_active(active=True, **kw),
    )


@require(Perm.MANAGE_USERS)
@require_http_methods(["GET", "POST"])
def user_reset_two_factor(request: HttpRequest, username: str) -> HttpResponse:
    return _reasoned_action(
        request,
        username,
        title="Reset two-factor authentication",
        button="Reset",
        warning="Their authenticator app will stop working; they set up a new one at their "
        "next sign-in. Check who is asking before you do this.",
        apply=services.user_reset_two_factor,
    )


@require(Perm.MANAGE_FORCES)
def force_list(request: HttpRequest) -> HttpResponse:
    forces = Force.objects.prefetch_related("units").order_by("name")
    return render(request, "accounts/force_list.html", {"forces": forces})


@require(Perm.MANAGE_FORCES)
@require_http_methods(["GET", "POST"])
def force_create(request: HttpRequest) -> HttpResponse:
    form = ForceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.force_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, "Force created.")
        return redirect("accounts:force-list")
    return render(
        request,
        "accounts/simple_form.html",
        {"form": form, "title": "Create a force", "back": "accounts:force-list"},
    )


@require(Perm.MANAGE_FORCES)
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    form = UnitForm(request.POST or None, initial={"force": request.GET.get("force")})
    if request.method == "POST" and form.is_valid():
        services.unit_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        messages.success(request, "Unit created.")
        return redirect("accounts:force-list")
    return render(
        request,
        "accounts/simple_form.html",
        {"form": form, "title": "Create a unit", "back": "accounts:force-list"},
    )
