"""Pages of the risk record. Thin: access helper, form, service, render; every one audited.

Viewing needs ``Perm.VIEW_NOMINALS``, recording ``Perm.EDIT_NOMINALS`` and deciding
``Perm.APPROVE``; on top, the nominal is always loaded through ``access_nominal`` (a
record of another force is a 404) and a decision is refused unless the supervisor is of
the nominal's unit and did not write the proposal (``access.approval_refusal``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from vigil.accounts.access import require
from vigil.accounts.roles import Perm
from vigil.audit.services import audit_log, audit_nominal
from vigil.nominals.access import access_nominal
from vigil.nominals.models import Nominal
from vigil.nominals.services import EditConflict
from vigil.pdf import pdf_response
from vigil.policy import arms, rm2000
from vigil.policy.risk_levels import RiskLevel
from vigil.risk import forms, queries, services
from vigil.risk.access import access_decision, access_plan, approval_refusal
from vigil.risk.models import (
    ActuarialScore,
    ArmsAssessment,
    DecisionState,
    PlanAction,
    PlanObjective,
    PlanStatus,
    RiskManagementPlan,
)


def _form_viewed(request: HttpRequest, nominal: Nominal, form: str, **detail: Any) -> None:
    if request.method == "GET":
        audit_nominal(request.user, "risk.form.viewed", nominal, form=form, **detail)


def _record_url(nominal: Nominal) -> str:
    return reverse("risk:record", args=[nominal.reference])


def _version(posted: str | None) -> int | None:
    return int(posted) if posted is not None and posted.isdigit() else None


# --- The risk record ---------------------------------------------------------------------


@require(Perm.VIEW_NOMINALS)
def risk_record(request: HttpRequest, reference: str) -> HttpResponse:
    """The nominal's whole risk record: level history, scores, assessments, plan, reviews."""
    nominal = access_nominal(request.user, reference)
    audit_nominal(request.user, "risk.viewed", nominal)
    today = timezone.localdate()
    risk = queries.risk_summary(nominal, today=today, with_plan_detail=True)
    pending = risk.pending
    return render(
        request,
        "risk/record.html",
        {
            "nominal": nominal,
            "risk": risk,
            "today": today,
            "blocks": queries.grouped(risk.objectives, risk.actions),
            "may_decide": pending is not None
            and approval_refusal(request.user, nominal, author_id=pending.proposed_by_id) is None,
        },
    )


# --- RM2000 ------------------------------------------------------------------------------


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def rm2000_score(request: HttpRequest, reference: str) -> HttpResponse:
    """Score Risk Matrix 2000 through the form generated from ``rm2000.FLAGS``.

    A person the tool does not apply to is refused with every reason (RULES.md §5.5).
    """
    nominal = access_nominal(request.user, reference)
    form = forms.Rm2000Form(request.POST or None, nominal=nominal)
    _form_viewed(request, nominal, "rm2000")
    if request.method == "POST" and form.is_valid():
        try:
            score = services.rm2000_record(
                actor=request.user,
                nominal=nominal,
                inp=form.rm2000_input(),
                scored_on=form.cleaned_data["scored_on"],
            )
        except rm2000.Rm2000NotApplicable as exc:
            form.refuse("Risk Matrix 2000 does not apply to this person", exc.reasons)
        except rm2000.Rm2000InvalidInput as exc:
            form.refuse("Risk Matrix 2000 cannot be scored", exc.reasons)
        else:
            messages.success(
                request,
                f"Risk Matrix 2000 scored: sexual {score.s_category}, violence "
                f"{score.v_category}, combined {score.c_category}.",
            )
            return redirect("risk:score", nominal.reference, score.pk)
    return render(
        request,
        "risk/rm2000_form.html",
        {"nominal": nominal, "form": form, "age": nominal.age(timezone.localdate())},
    )


@require(Perm.VIEW_NOMINALS)
def score_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    nominal = access_nominal(request.user, reference)
    score = get_object_or_404(
        ActuarialScore.objects.select_related("scored_by"), nominal=nominal, pk=pk
    )
    audit_nominal(request.user, "risk.score.viewed", nominal, score=score.pk)
    answers = [
        (spec.label, score.inputs.get(spec.name)) for spec in rm2000.FLAGS if score.tool == "RM2000"
    ]
    return render(
        request, "risk/score.html", {"nominal": nominal, "score": score, "answers": answers}
    )


# --- ARMS --------------------------------------------------------------------------------


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def arms_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an ARMS assessment through the form generated from ``arms.FACTORS``."""
    nominal = access_nominal(request.user, reference)
    form = forms.ArmsForm(request.POST or None)
    _form_viewed(request, nominal, "arms")
    if request.method == "POST" and not form.is_valid():
        form.report_gaps()
    elif request.method == "POST":
        try:
            assessment = services.arms_record(
                actor=request.user,
                nominal=nominal,
                assessed_on=form.cleaned_data["assessed_on"],
                ratings=form.ratings(),
                evidence=form.evidence(),
                formulation=form.cleaned_data["formulation"],
                priorities=form.cleaned_data["priorities"],
            )
        except arms.ArmsRatingsInvalid:
            form.report_gaps()  # every gap at once, evidence included
        except services.ArmsEvidenceMissing as exc:
            form.refuse_evidence(exc.factors)
        else:
            messages.success(request, "ARMS assessment recorded.")
            return redirect("risk:arms-detail", nominal.reference, assessment.pk)
    return render(request, "risk/arms_form.html", {"nominal": nominal, "form": form})


@require(Perm.VIEW_NOMINALS)
def arms_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    nominal = access_nominal(request.user, reference)
    assessment = get_object_or_404(
        ArmsAssessment.objects.select_related("assessor"), nominal=nominal, pk=pk
    )
    audit_nominal(request.user, "risk.arms.viewed", nominal, assessment=assessment.pk)
    ratings = list(assessment.ratings.all())
    summary = assessment.summary or {}
    return render(
        request,
        "risk/arms.html",
        {
            "nominal": nominal,
            "assessment": assessment,
            "risk_ratings": [r for r in ratings if r.kind == arms.FactorKind.RISK.value],
            "protective_ratings": [
                r for r in ratings if r.kind == arms.FactorKind.PROTECTIVE.value
            ],
            "priorities": [_title(c) for c in summary.get("priorities", [])],
            "secondary": [_title(c) for c in summary.get("secondary", [])],
            "strengths": [_title(c) for c in summary.get("strengths", [])],
        },
    )


def _title(code: str) -> str:
    factor = arms.BY_CODE.get(code)
    return factor.title if factor else code


# --- Risk level --------------------------------------------------------------------------


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def level_propose(request: HttpRequest, reference: str) -> HttpResponse:
    """Propose a risk level for a supervisor's approval (issue 5)."""
    nominal = access_nominal(request.user, reference)
    form = forms.RiskLevelForm(request.POST or None)
    _form_viewed(request, nominal, "risk_level")
    today = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        try:
            services.risk_level_propose(
                actor=request.user,
                nominal=nominal,
                level=RiskLevel(form.cleaned_data["level"]),
                rationale=form.cleaned_data["rationale"],
            )
        except services.RiskWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                "Risk level submitted for approval. Until a supervisor approves it, the "
                "previous approved level stays in force.",
            )
            return redirect(_record_url(nominal))
    risk = queries.risk_summary(nominal, today=today)
    return render(
        request,
        "risk/level_form.html",
        {"nominal": nominal, "form": form, "risk": risk, "levels": list(RiskLevel)},
    )


def _after_decision(request: HttpRequest, nominal: Nominal) -> HttpResponse:
    """Back to the approvals queue if the decision was made from it, else the record."""
    if request.POST.get("next") == "queue":
        return redirect("risk:approvals")
    return redirect(_record_url(nominal))


def _refuse_unless_may_decide(
    request: HttpRequest, nominal: Nominal, author_id: int | None
) -> None:
    refusal = approval_refusal(request.user, nominal, author_id=author_id)
    if refusal:
        raise PermissionDenied(refusal)


@require(Perm.APPROVE)
@require_http_methods(["GET", "POST"])
def level_decide(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A supervisor of the nominal's unit approves a proposed level or sends it back."""
    nominal = access_nominal(request.user, reference)
    decision = access_decision(nominal, pk)
    _refuse_unless_may_decide(request, nominal, decision.proposed_by_id)
    if decision.state != DecisionState.PENDING:
        messages.info(
            request, f"That proposal has already been {decision.get_state_display().lower()}."
        )
        return redirect(_record_url(nominal))
    form = forms.DecisionForm(request.POST or None)
    _form_viewed(request, nominal, "risk_level_decision", decision=decision.pk)
    if request.method == "POST" and form.is_valid():
        try:
            if form.approve:
                services.risk_level_approve(
                    actor=request.user, nominal=nominal, decision_id=decision.pk
                )
            else:
                services.risk_level_send_back(
                    actor=request.user,
                    nominal=nominal,
                    decision_id=decision.pk,
                    reason=form.cleaned_data["reason"],
                )
        except services.NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except services.RiskWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            level = decision.get_level_display().lower()
            messages.success(
                request,
                f"Approved: {nominal.full_name} is now {level} risk."
                if form.approve
                else f"Sent back to {decision.proposed_by}.",
            )
            return _after_decision(request, nominal)
    risk = queries.risk_summary(nominal, today=timezone.localdate())
    return render(
        request,
        "risk/level_decide.html",
        {"nominal": nominal, "decision": decision, "form": form, "risk": risk},
    )


# --- Approvals queue ---------------------------------------------------------------------


@require(Perm.APPROVE)
def approvals(request: HttpRequest) -> HttpResponse:
    """The supervisor's queue: pending levels and submitted plans for their unit."""
    queue = queries.approvals_for(request.user)
    audit_log(
        actor=request.user,
        action="risk.approvals.viewed",
        detail={"unit": request.user.unit_id},  # type: ignore[union-attr]
    )
    return render(request, "risk/approvals.html", {"queue": queue})


# --- Risk management plan ----------------------------------------------------------------


@require(Perm.VIEW_NOMINALS)
def plan_versions(request: HttpRequest, reference: str) -> HttpResponse:
    """Every version of the plan, newest first, with who signed each off."""
    nominal = access_nominal(request.user, reference)
    audit_nominal(request.user, "risk.plan.viewed", nominal, versions=True)
    plans = list(
        RiskManagementPlan.objects.filter(nominal=nominal).select_related(
            "submitted_by", "decided_by", "created_by"
        )
    )
    in_force = next((p for p in plans if p.status == PlanStatus.APPROVED), None)
    return render(
        request,
        "risk/plan_versions.html",
        {"nominal": nominal, "plans": plans, "in_force": in_force},
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest, reference: str) -> HttpResponse:
    """Start a new version of the plan (a copy of the latest), after confirming."""
    nominal = access_nominal(request.user, reference)
    _form_viewed(request, nominal, "plan_new")
    versions = RiskManagementPlan.objects.filter(nominal=nominal)
    latest = versions.first()
    open_version = versions.filter(status__in=("draft", "submitted", "sent_back")).first()
    error = ""
    if request.method == "POST":
        try:
            plan = services.plan_start(actor=request.user, nominal=nominal)
        except services.RiskWorkflowError as exc:
            error = exc.message
        else:
            messages.success(request, f"Version {plan.number} of the plan started as a draft.")
            return redirect("risk:plan", nominal.reference, plan.number)
    return render(
        request,
        "risk/plan_new.html",
        {"nominal": nominal, "latest": latest, "open_version": open_version, "error": error},
    )


@require(Perm.VIEW_NOMINALS)
def plan_detail(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    """One version of the plan; a draft shows its change links and the submit button."""
    nominal = access_nominal(request.user, reference)
    plan = access_plan(nominal, number)
    audit_nominal(request.user, "risk.plan.viewed", nominal, plan=plan.pk, version=plan.number)
    objectives, actions = queries.plan_contents(plan)
    today = timezone.localdate()
    in_force = queries.current_plan(nominal)
    return render(
        request,
        "risk/plan.html",
        {
            "nominal": nominal,
            "plan": plan,
            "blocks": queries.grouped(objectives, actions),
            "today": today,
            "in_force": in_force,
            "problems": services.submission_problems(plan, today=today) if plan.editable else [],
            "may_decide": plan.status == PlanStatus.SUBMITTED
            and approval_refusal(request.user, nominal, author_id=plan.submitted_by_id) is None,
        },
    )


def _editable_plan(
    request: HttpRequest, nominal: Nominal, number: int
) -> RiskManagementPlan | None:
    plan = access_plan(nominal, number)
    if not plan.editable:
        messages.info(
            request,
            f"Version {plan.number} is {plan.get_status_display().lower()} and can no longer be "
            "changed. Start a new version to make changes.",
        )
        return None
    return plan


def _conflict(request: HttpRequest, nominal: Nominal, plan: RiskManagementPlan, row: Any) -> None:
    audit_nominal(request.user, "risk.plan.conflict", nominal, plan=plan.pk, row=row.pk)


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    """A draft's visit frequency and review date."""
    nominal = access_nominal(request.user, reference)
    plan = _editable_plan(request, nominal, number)
    if plan is None:
        return redirect("risk:plan", nominal.reference, number)
    form = forms.PlanForm(request.POST or None, instance=plan)
    _form_viewed(request, nominal, "plan", plan=plan.pk)
    conflict = None
    if request.method == "POST" and form.is_valid():
        values = {f: form.cleaned_data[f] for f in forms.PlanForm.Meta.fields}
        values["visit_every_unit"] = values["visit_every_unit"] or ""
        try:
            services.plan_update(
                actor=request.user,
                plan=plan,
                values=values,
                expected_version=_version(request.POST.get("version")),
            )
        except EditConflict as exc:
            conflict = exc.current
            _conflict(request, nominal, plan, conflict)
        except services.RiskWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Plan details saved.")
            return redirect("risk:plan", nominal.reference, plan.number)
    shown = conflict if conflict is not None else plan
    return render(
        request,
        "risk/plan_part_form.html",
        {
            "nominal": nominal,
            "plan": plan,
            "form": form,
            "title": "Visit frequency and review date",
            "version": getattr(shown, "version", ""),
            "conflict": conflict,
        },
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def objective_edit(
    request: HttpRequest, reference: str, number: int, pk: int | None = None
) -> HttpResponse:
    """Add an objective to a draft plan, or change one."""
    nominal = access_nominal(request.user, reference)
    plan = _editable_plan(request, nominal, number)
    if plan is None:
        return redirect("risk:plan", nominal.reference, number)
    objective = None if pk is None else get_object_or_404(PlanObjective, plan=plan, pk=pk)
    form = forms.ObjectiveForm(request.POST or None, instance=objective)
    _form_viewed(request, nominal, "plan_objective", plan=plan.pk, objective=pk)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.objective_save(
                actor=request.user,
                plan=plan,
                objective=objective,
                text=form.cleaned_data["text"],
                expected_version=_version(request.POST.get("version")),
            )
        except EditConflict as exc:
            conflict = exc.current
            _conflict(request, nominal, plan, conflict)
        except services.RiskWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Objective saved.")
            return redirect("risk:plan", nominal.reference, plan.number)
    shown = conflict or objective
    return render(
        request,
        "risk/plan_part_form.html",
        {
            "nominal": nominal,
            "plan": plan,
            "form": form,
            "title": "Add an objective" if objective is None else "Change the objective",
            "version": getattr(shown, "version", ""),
            "conflict": conflict,
        },
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def action_edit(
    request: HttpRequest, reference: str, number: int, pk: int | None = None
) -> HttpResponse:
    """Add an action to a draft plan, or change one. No owner or no date is refused."""
    nominal = access_nominal(request.user, reference)
    plan = _editable_plan(request, nominal, number)
    if plan is None:
        return redirect("risk:plan", nominal.reference, number)
    plan.nominal = nominal
    action = None if pk is None else get_object_or_404(PlanAction, plan=plan, pk=pk)
    initial = {}
    if action is None and request.GET.get("objective", "").isdigit():
        initial["objective"] = int(request.GET["objective"])
    form = forms.ActionForm(request.POST or None, instance=action, plan=plan, initial=initial)
    _form_viewed(request, nominal, "plan_action", plan=plan.pk, row=pk)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.action_save(
                actor=request.user,
                plan=plan,
                action=action,
                values=form.values(),
                expected_version=_version(request.POST.get("version")),
            )
        except services.ActionIncomplete as exc:
            for field, message in exc.reasons.items():
                form.add_error(field, message)
        except EditConflict as exc:
            conflict = exc.current
            _conflict(request, nominal, plan, conflict)
        except services.RiskWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, "Action saved.")
            return redirect("risk:plan", nominal.reference, plan.number)
    shown = conflict or action
    return render(
        request,
        "risk/plan_part_form.html",
        {
            "nominal": nominal,
            "plan": plan,
            "form": form,
            "title": "Add an action" if action is None else "Change the action",
            "version": getattr(shown, "version", ""),
            "conflict": conflict,
        },
    )


@require(Perm.EDIT_NOMINALS)
@require_POST
def plan_submit(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    """Submit a draft for a supervisor's sign-off (a button on the plan page)."""
    nominal = access_nominal(request.user, reference)
    plan = access_plan(nominal, number)
    plan.nominal = nominal
    try:
        services.plan_submit(actor=request.user, plan=plan, today=timezone.localdate())
    except services.RiskWorkflowError as exc:
        for reason in exc.reasons:
            messages.error(request, reason)
    else:
        messages.success(request, f"Version {plan.number} submitted for approval.")
    return redirect("risk:plan", nominal.reference, plan.number)


@require(Perm.APPROVE)
@require_http_methods(["GET", "POST"])
def plan_decide(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    """A supervisor of the nominal's unit signs off a submitted plan or sends it back."""
    nominal = access_nominal(request.user, reference)
    plan = access_plan(nominal, number)
    plan.nominal = nominal
    _refuse_unless_may_decide(request, nominal, plan.submitted_by_id)
    if plan.status != PlanStatus.SUBMITTED:
        messages.info(request, f"Version {plan.number} is {plan.get_status_display().lower()}.")
        return redirect("risk:plan", nominal.reference, plan.number)
    form = forms.DecisionForm(request.POST or None)
    _form_viewed(request, nominal, "plan_decision", plan=plan.pk)
    if request.method == "POST" and form.is_valid():
        try:
            if form.approve:
                services.plan_approve(actor=request.user, plan=plan)
            else:
                services.plan_send_back(
                    actor=request.user, plan=plan, reason=form.cleaned_data["reason"]
                )
        except services.NotAllowed as exc:
            raise PermissionDenied(exc.message) from None
        except services.RiskWorkflowError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                f"Version {plan.number} signed off: it is now the plan in force."
                if form.approve
                else f"Version {plan.number} sent back to {plan.submitted_by}.",
            )
            return _after_decision(request, nominal)
    objectives, actions = queries.plan_contents(plan)
    return render(
        request,
        "risk/plan_decide.html",
        {
            "nominal": nominal,
            "plan": plan,
            "form": form,
            "blocks": queries.grouped(objectives, actions),
            "today": timezone.localdate(),
        },
    )


@require(Perm.VIEW_NOMINALS)
def plan_pdf(request: HttpRequest, reference: str, number: int) -> HttpResponse:
    """A plan version as a PDF for multi-agency meetings (MAPPA: RMPs are shared)."""
    nominal = access_nominal(request.user, reference)
    plan = access_plan(nominal, number)
    objectives, actions = queries.plan_contents(plan)
    today = timezone.localdate()
    audit_log(
        actor=request.user,
        action="export.risk_plan.pdf",
        subject_type="nominal",
        subject_ref=nominal.reference,
        detail={"plan": plan.pk, "version": plan.number},
    )
    level = queries.current_level(nominal)
    return pdf_response(
        "risk/plan_pdf.html",
        {
            "nominal": nominal,
            "plan": plan,
            "blocks": queries.grouped(objectives, actions),
            "level": level,
            "today": today,
            "user": request.user,
        },
        filename=f"{nominal.reference}-plan-v{plan.number}.pdf",
        request=request,
    )
