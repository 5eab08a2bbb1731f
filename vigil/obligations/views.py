"""The force's visit and review policy: what is in force, its history, and a new version.

Only a register administrator (``Perm.MANAGE_CADENCE_POLICY``, docs/roles.md), and only
for their own force: the force is the signed-in person's, never taken from the address,
so another force's policy cannot be asked for. Every page is audited.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vigil.accounts.access import require
from vigil.accounts.models import User
from vigil.accounts.roles import Perm
from vigil.audit.services import audit_log
from vigil.obligations import policies, services
from vigil.obligations.forms import CadencePolicyForm


@require(Perm.MANAGE_CADENCE_POLICY)
def cadence_policy(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    force = actor.unit.force
    page = policies.force_policy(force, today=timezone.localdate())
    audit_log(
        actor=actor, action="cadence_policy.viewed", subject_type="force", subject_ref=force.code
    )
    return render(
        request,
        "obligations/cadence_policy.html",
        {"page": page, "default": policies.DEFAULT, "levels": policies.LEVELS},
    )


@require(Perm.MANAGE_CADENCE_POLICY)
@require_http_methods(["GET", "POST"])
def cadence_policy_new(request: HttpRequest) -> HttpResponse:
    actor: User = request.user  # type: ignore[assignment]
    force = actor.unit.force
    today = timezone.localdate()
    page = policies.force_policy(force, today=today)
    latest = page.latest
    name = (
        latest.name if latest is not policies.DEFAULT else f"{force.name} visit and review policy"
    )
    form = CadencePolicyForm(
        request.POST or None,
        today=today,
        initial=CadencePolicyForm.initial_from(latest, name=name),
    )
    if request.method == "GET":
        audit_log(
            actor=actor,
            action="cadence_policy.form.viewed",
            subject_type="force",
            subject_ref=force.code,
        )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.cadence_policy_add(
                actor=actor,
                force=force,
                name=form.cleaned_data["name"],
                effective_from=form.cleaned_data["effective_from"],
                changes=form.changes(),
                reason=form.cleaned_data["reason"],
                today=today,
            )
        except services.PolicyRefused as exc:
            form.add_error(exc.field, exc.message)
        else:
            messages.success(
                request,
                f"Version {version.number} added: in force from "
                f"{version.effective_from:%-d %B %Y}.",
            )
            return redirect("obligations:cadence-policy")
    return render(request, "obligations/cadence_policy_form.html", {"form": form, "page": page})
