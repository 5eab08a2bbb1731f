"""Reactive management pages. Thin: access helper, form, service, render; every one audited.

Viewing needs ``Perm.VIEW_NOMINALS``, proposing and ending ``Perm.EDIT_NOMINALS`` and
deciding or reviewing an end ``Perm.APPROVE``; the nominal is always loaded through
``access_nominal`` (a record of another force is a 404) and a decision is refused unless
the supervisor is of the person's unit and did not propose it (``risk.access.
approval_refusal``), a review unless they are of the person's unit (``access.
review_refusal``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vigil.accounts.access import require
from vigil.accounts.roles import Perm
from vigil.audit.services import audit_log, audit_nominal
from vigil.nominals.access import access_nominal
from vigil.nominals.models import Nominal
from vigil.reactive import forms, queries, services
from vigil.reactive.access import review_refusal
from vigil.reactive.models import EndDecision, PlacementState, ReactiveEndReview, ReactivePlacement
from vigil.risk.access import approval_refusal


def _form_viewed(request: HttpRequest, nominal: Nominal, form: str, **detail: Any) -> None:
    if request.method == "GET":
        audit_nominal(request.user, "reactive.form.viewed", nominal, form=form, **detail)


def _placement(nominal: Nominal, pk: int) -> ReactivePlacement:
    """A placement, only under the nominal it belongs to: anything else is a 404."""
    placement = (
        ReactivePlacement.objects.filter(nominal=nominal, pk=pk)
        .select_related("proposed_by", "decided_by", "ended_by")
        .first()
    )
    if placement is None:
        raise Http404("No such reactive management proposal")
    return placement


@require(Perm.VIEW_NOMINALS)
def record(request: HttpRequest, reference: str) -> HttpResponse:
    """The person's reactive management: what is in force, and every proposal."""
    nominal = access_nominal(request.user, reference)
    audit_nominal(request.user, "reactive.viewed", nominal)
    today = timezone.localdate()
    context = queries.panel_context(nominal, today, request.user)
    return render(request, "reactive/record.html", {"nominal": nominal, **context})


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest, reference: str) -> HttpResponse:
    """The eligibility checklist, the questions Vigil cannot answer, and the proposal."""
    nominal = access_nominal(request.user, reference)
    today = timezone.localdate()
    form = forms.ProposeForm(request.POST or None)
    _form_viewed(request, nominal, "propose")
    policy = queries.force_policy(nominal, today=today)
    facts = queries.record_facts(nominal, today=today)
    checked = queries.checklist(facts, None, today=today, policy=policy)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_propose(
                actor=request.user,
                nominal=nominal,
                answers=form.answers(),
                rationale=form.cleaned_data["rationale"],
                today=today,
                policy=policy,
            )
        except services.NotEligible as exc:
            checked = exc.checklist
            form.refuse(checked.unmet)
            audit_nominal(
                request,
                "reactive.proposal.refused",
                nominal,
                unmet=[r.criterion for r in checked.unmet],
            )
        except services.ReactiveWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                "Reactive management submitted for approval. Routine visits carry on until "
                "a supervisor approves it.",
            )
            return redirect("reactive:record", nominal.reference)
    return render(
        request,
        "reactive/propose.html",
        {"nominal": nominal, "form": form, "checklist": checked},
    )


def _after_decision(request: HttpRequest, nominal: Nominal) -> HttpResponse:
    if request.POST.get("next") == "queue":
        return redirect("reactive:approvals")
    return redirect("reactive:record", nominal.reference)


@require(Perm.APPROVE)
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A supervisor of the person's unit approves or declines a proposal."""
    nominal = access_nominal(request.user, reference)
    placement = _placement(nominal, pk)
    refusal = approval_refusal(request.user, nominal, author_id=placement.proposed_by_id)
    if refusal:
        raise PermissionDenied(refusal)
    if placement.state != PlacementState.PENDING:
        messages.info(
            request, f"That proposal has already been {placement.get_state_display().lower()}."
        )
        return redirect("reactive:record", nominal.reference)
    today = timezone.localdate()
    policy = queries.force_policy(nominal, today=today)
    form = forms.DecisionForm(request.POST or None)
    _form_viewed(request, nominal, "decide", placement=placement.pk)
    if request.method == "POST" and form.is_valid():
        try:
            if form.approve:
                services.placement_approve(
                    actor=request.user,
                    nominal=nominal,
                    placement_id=placement.pk,
                    note=form.cleaned_data["reason"],
                    today=today,
                    policy=policy,
                )
            else:
                services.placement_decline(
                    actor=request.user,
                    nominal=nominal,
                    placement_id=placement.pk,
                    reason=form.cleaned_data["reason"],
                )
        except services.NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except services.NotEligible as exc:
            form.refuse(exc.checklist.unmet)
        except services.ReactiveWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"Approved: {nominal.full_name} has no routine home visits from today."
                if form.approve
                else f"Declined. {placement.proposed_by} can see why on the record.",
            )
            return _after_decision(request, nominal)
    now = queries.checklist(
        queries.record_facts(nominal, today=today),
        queries.answers_from_evidence(placement.evidence),
        today=today,
        policy=policy,
    )
    return render(
        request,
        "reactive/decide.html",
        {
            "nominal": nominal,
            "placement": placement,
            "form": form,
            "checklist": now,
            "revoking": queries.revoking_words(policy),
        },
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def end(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """End reactive management in force by hand, with a reason."""
    nominal = access_nominal(request.user, reference)
    placement = _placement(nominal, pk)
    today = timezone.localdate()
    policy = queries.force_policy(nominal, today=today)
    current = queries.in_force(Nominal.objects.filter(pk=nominal.pk), today, policy=policy).get(
        nominal.pk
    )
    if not isinstance(current, ReactivePlacement) or current.pk != placement.pk:
        messages.info(request, "That reactive management is not in force.")
        return redirect("reactive:record", nominal.reference)
    form = forms.EndForm(request.POST or None)
    _form_viewed(request, nominal, "end", placement=placement.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_end(
                actor=request.user,
                nominal=nominal,
                placement_id=placement.pk,
                reason=form.cleaned_data["reason"],
                today=today,
                policy=policy,
            )
        except services.ReactiveWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Reactive management ended: routine visits are due again.")
            return redirect("reactive:record", nominal.reference)
    return render(
        request, "reactive/end.html", {"nominal": nominal, "placement": placement, "form": form}
    )


@require(Perm.APPROVE)
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A supervisor of the person's unit reviews reactive management an event ended."""
    nominal = access_nominal(request.user, reference)
    placement = _placement(nominal, pk)
    refusal = review_refusal(request.user, nominal)
    if refusal:
        raise PermissionDenied(refusal)
    done = ReactiveEndReview.objects.filter(placement=placement).select_related("reviewed_by")
    if (existing := done.first()) is not None:
        messages.info(request, services.AlreadyReviewed(existing).message)
        return redirect("reactive:record", nominal.reference)
    today = timezone.localdate()
    policy = queries.force_policy(nominal, today=today)
    current = queries.in_force(Nominal.objects.filter(pk=nominal.pk), today, policy=policy).get(
        nominal.pk
    )
    if not isinstance(current, queries.Revoked) or current.placement.pk != placement.pk:
        messages.info(request, "That reactive management has not been ended by an event.")
        return redirect("reactive:record", nominal.reference)
    form = forms.EndReviewForm(request.POST if request.method == "POST" else None)
    _form_viewed(request, nominal, "review", placement=placement.pk)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            services.end_review_record(
                actor=request.user,
                nominal=nominal,
                placement_id=placement.pk,
                decision=decision,
                note=form.cleaned_data["note"],
                today=today,
                policy=policy,
            )
        except services.NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except services.AlreadyReviewed as exc:
            # A second submission (or a colleague a moment before): nothing is written.
            messages.info(request, exc.message)
            return redirect("reactive:record", nominal.reference)
        except services.ReactiveWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            if decision == EndDecision.PROPOSE_AGAIN:
                messages.success(
                    request,
                    "Review recorded. Check the criteria below and propose reactive "
                    "management again; routine visits are due until it is approved.",
                )
                return redirect("reactive:propose", nominal.reference)
            messages.success(
                request, "Review recorded: routine home visits apply from the visit due now."
            )
            return redirect("reactive:record", nominal.reference)
    summary = queries.summary(nominal, today=today)
    return render(
        request,
        "reactive/review.html",
        {"nominal": nominal, "placement": placement, "form": form, "reactive": summary},
    )


@require(Perm.APPROVE)
def approvals(request: HttpRequest) -> HttpResponse:
    """The supervisor's queue: proposals for reactive management in their unit."""
    waiting = queries.approvals_for(request.user)
    audit_log(
        actor=request.user,
        action="reactive.approvals.viewed",
        detail={"unit": request.user.unit_id},  # type: ignore[union-attr]
    )
    return render(request, "reactive/approvals.html", {"waiting": waiting})
