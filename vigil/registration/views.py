"""Pages for notification requirements. Thin: access helper, form, service or query, render.

Every page loads the nominal through ``access_nominal`` (another force's record is a 404,
the same as a missing one) and writes an audit event; every change goes through a named
service in ``services.py``, whose refusals are shown on the form with what was typed kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vigil.accounts.access import require
from vigil.accounts.roles import Perm
from vigil.audit.services import audit_nominal
from vigil.nominals.access import access_nominal
from vigil.nominals.models import Nominal
from vigil.pdf import pdf_response
from vigil.policy import deadlines as dl
from vigil.policy.deadlines import NotificationKind
from vigil.registration import forms as f
from vigil.registration import queries, services
from vigil.registration.models import (
    KIND_LABELS,
    Conviction,
    ConvictionOffence,
    Notification,
    PossibleBreach,
    ReviewApplication,
    ReviewOutcome,
)
from vigil.registration.services import EditConflict, Refused


def _requirements_url(nominal: Nominal, anchor: str = "") -> str:
    url = reverse("registration:requirements", args=[nominal.reference])
    return f"{url}#{anchor}" if anchor else url


def _refused(form: Any, exc: Refused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def _conflict(form: Any, exc: EditConflict) -> None:
    current: Any = exc.current
    who = current.modified_by or "Someone else"
    form.add_error(
        None,
        f"{who} changed this at {timezone.localtime(current.modified_at):%H:%M on %d %B %Y} while "
        "you were editing: nothing was saved. Go back to see their change, then make yours again.",
    )


def _version(request: HttpRequest) -> int | None:
    posted = request.POST.get("version", "")
    return int(posted) if posted.isdigit() else None


def _row(model: type[Model], pk: int, **lookup: Any) -> Any:
    """A row of this nominal's (or 404): never another nominal's, whatever the URL says."""
    row = model._default_manager.filter(pk=pk, **lookup).first()
    if row is None:
        raise Http404("No such entry")
    return row


def _form_page(
    request: HttpRequest,
    nominal: Nominal,
    form: Any,
    *,
    title: str,
    template: str = "registration/form.html",
    back: str = "",
    version: Any = "",
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "nominal": nominal,
            "form": form,
            "title": title,
            "back_url": back or _requirements_url(nominal),
            "version": version,
            **context,
        },
    )


def _form_viewed(request: HttpRequest, nominal: Nominal, name: str, **detail: Any) -> None:
    if request.method == "GET":
        audit_nominal(request.user, "registration.form.viewed", nominal, form=name, **detail)


# --- The requirements page ---------------------------------------------------------------------


@require(Perm.VIEW_NOMINALS)
def requirements(request: HttpRequest, reference: str) -> HttpResponse:
    """Everything about the person's notification requirements, each with the law's reason."""
    nominal = access_nominal(request.user, reference)
    audit_nominal(request.user, "registration.requirements.viewed", nominal)
    req = queries.requirements(nominal, today=timezone.localdate())
    return render(request, "registration/requirements.html", {"nominal": nominal, "req": req})


def panel_context(nominal: Nominal, today: Any, user: Any) -> dict[str, Any]:
    """The overview panel's context: the same derivation as the page, in fixed queries."""
    from vigil.nominals.models import Category

    if nominal.category != Category.RSO:
        return {"applies": False}
    return {"applies": True, "req": queries.requirements(nominal, today=today)}


# --- Convictions --------------------------------------------------------------------------------


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def conviction_edit(request: HttpRequest, reference: str, pk: int | None = None) -> HttpResponse:
    """Record a conviction, finding or caution (then its offences), or change one."""
    nominal = access_nominal(request.user, reference)
    instance = Conviction(nominal=nominal) if pk is None else _row(Conviction, pk, nominal=nominal)
    form = f.ConvictionForm(request.POST or None, instance=instance)
    _form_viewed(request, nominal, "conviction", conviction=pk)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form._meta.fields}  # type: ignore[union-attr]
        try:
            saved = services.conviction_save(
                actor=request.user,
                nominal=nominal,
                instance=instance,
                values=values,
                expected_version=_version(request),
            )
        except Refused as exc:
            _refused(form, exc)
        except EditConflict as exc:
            _conflict(form, exc)
        else:
            if pk is None:
                messages.success(request, "Conviction recorded. Now add the offence.")
                return redirect("registration:offence-add", nominal.reference, saved.pk)
            messages.success(request, "Conviction saved.")
            return redirect(_requirements_url(nominal, f"conviction-{saved.pk}"))
    assessment = None
    if instance.pk is not None:
        assessment = queries.assess_conviction(
            instance, list(instance.offences.all()), date_of_birth=nominal.date_of_birth
        )
    return _form_page(
        request,
        nominal,
        form,
        title="Record a conviction, finding or caution" if pk is None else "Change the conviction",
        template="registration/conviction_form.html",
        version="" if instance.pk is None else instance.version,
        conviction=instance if instance.pk else None,
        assessment=assessment,
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def offence_edit(
    request: HttpRequest, reference: str, pk: int, offence: int | None = None
) -> HttpResponse:
    """Add an offence to a conviction, or change one; Schedule 3 decides it on the spot."""
    nominal = access_nominal(request.user, reference)
    conviction: Conviction = _row(Conviction, pk, nominal=nominal)
    instance = (
        ConvictionOffence(conviction=conviction)
        if offence is None
        else _row(ConvictionOffence, offence, conviction=conviction)
    )
    form = f.OffenceForm(request.POST or None, instance=instance)
    _form_viewed(request, nominal, "offence", conviction=pk, offence=offence)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form._meta.fields}  # type: ignore[union-attr]
        values["secondary"] = values.get("secondary") or ""
        values["purpose"] = values.get("purpose") or ""
        try:
            saved = services.offence_save(
                actor=request.user,
                conviction=conviction,
                instance=instance,
                values=values,
                expected_version=_version(request),
            )
        except Refused as exc:
            _refused(form, exc)
        except EditConflict as exc:
            _conflict(form, exc)
        else:
            decision = queries.assess_offence(
                saved, conviction=conviction, date_of_birth=nominal.date_of_birth
            )
            messages.success(
                request, f"Offence saved. {decision.decision.reason if decision.decision else ''}"
            )
            return redirect(_requirements_url(nominal, f"conviction-{conviction.pk}"))
    return _form_page(
        request,
        nominal,
        form,
        title="Add an offence" if offence is None else "Change the offence",
        template="registration/offence_form.html",
        back=reverse("registration:conviction-edit", args=[nominal.reference, conviction.pk]),
        version="" if instance.pk is None else instance.version,
        conviction=conviction,
        offences=f.offence_datalist(),
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def override_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Record a court's direction about the period; it then governs (and the page says so)."""
    nominal = access_nominal(request.user, reference)
    form = f.OverrideForm(request.POST or None)
    _form_viewed(request, nominal, "override")
    if request.method == "POST" and form.is_valid():
        try:
            services.override_add(actor=request.user, nominal=nominal, **form.cleaned_data)
        except Refused as exc:
            _refused(form, exc)
        else:
            messages.success(
                request, "The court's direction is recorded: it now governs the period."
            )
            return redirect(_requirements_url(nominal, "period"))
    req = queries.requirements(nominal, today=timezone.localdate())
    return _form_page(
        request,
        nominal,
        form,
        title="Record a court's direction about the period",
        template="registration/override_form.html",
        req=req,
    )


# --- Notifications --------------------------------------------------------------------------


@require(Perm.EDIT_NOMINALS)
def notification_start(request: HttpRequest, reference: str) -> HttpResponse:
    """First question: what are they notifying? (A GET form, so it works without JavaScript.)"""
    nominal = access_nominal(request.user, reference)
    form = f.KindForm(request.GET if "kind" in request.GET else None)
    if form.is_bound and form.is_valid():
        return redirect(
            "registration:notification-record", nominal.reference, form.cleaned_data["kind"]
        )
    _form_viewed(request, nominal, "notification-kind")
    return _form_page(
        request,
        nominal,
        form,
        title="Record a notification",
        template="registration/kind_form.html",
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def notification_record(request: HttpRequest, reference: str, kind: str) -> HttpResponse:
    """The fields for one kind of notification; saving applies it to the record (s.87)."""
    nominal = access_nominal(request.user, reference)
    try:
        notification_kind = NotificationKind(kind)
    except ValueError:
        raise Http404("No such kind of notification") from None
    form_class = f.KIND_FORMS[notification_kind]
    form = form_class(request.POST or None, nominal=nominal, user=request.user)  # type: ignore[arg-type]
    _form_viewed(request, nominal, "notification", kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.notification_record(
                actor=request.user,
                nominal=nominal,
                kind=notification_kind,
                received_at=form.received_at(),
                station=form.cleaned_data["station"],
                received_by=form.cleaned_data["received_by"],
                event_on=form.cleaned_data.get("event_on"),
                details=form.details(),
                notes=form.cleaned_data.get("notes", ""),
            )
        except Refused as exc:
            _refused(form, exc)
        except EditConflict as exc:
            _conflict(form, exc)
        else:
            messages.success(
                request,
                f"{KIND_LABELS[notification_kind]} recorded ({n.reference}). Print the written "
                "acknowledgement for them (s.87(3)).",
            )
            return redirect("registration:notification-detail", nominal.reference, n.pk)
    return _form_page(
        request,
        nominal,
        form,
        title=KIND_LABELS[notification_kind],
        back=reverse("registration:notification-start", args=[nominal.reference]),
        caption="Record a notification",
    )


def _notification(request: HttpRequest, reference: str, pk: int) -> tuple[Nominal, Notification]:
    nominal = access_nominal(request.user, reference)
    n = (
        Notification.objects.filter(nominal=nominal, pk=pk)
        .select_related(
            "received_by",
            "itinerary",
            "name",
            "address",
            "bank_card",
            "document",
            "household_member",
        )
        .first()
    )
    if n is None:
        raise Http404("No such notification")
    return nominal, n


@require(Perm.VIEW_NOMINALS)
def notification_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    nominal, n = _notification(request, reference, pk)
    audit_nominal(
        request.user, "registration.notification.viewed", nominal, notification=n.reference
    )
    req = queries.requirements(nominal, today=timezone.localdate())
    return render(
        request,
        "registration/notification.html",
        {"nominal": nominal, "n": n, "timeliness": req.timeliness.get(n.pk), "req": req},
    )


@require(Perm.EDIT_NOMINALS)
def acknowledgement(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """The written acknowledgement of a notification, as a PDF to print (s.87(3))."""
    nominal, n = _notification(request, reference, pk)
    audit_nominal(
        request.user, "registration.acknowledgement.printed", nominal, notification=n.reference
    )
    return pdf_response(
        "registration/acknowledgement.html",
        {
            "nominal": nominal,
            "n": n,
            "force": nominal.force,
            "printed_at": timezone.localtime(),
            "printed_by": request.user,
        },
        filename=f"acknowledgement-{n.reference}.pdf",
        request=request,
    )


# --- Possible breaches -------------------------------------------------------------------------


def _breach_choices(req: queries.Requirements) -> list[tuple[str, str]]:
    choices = []
    for item in req.status.overdue:
        if item.breach is not None or item.deadline is None or item.status is None:
            continue
        days = item.status.days_overdue
        choices.append(
            (
                item.key,
                f"{item.label}: due by {item.deadline.due:%d %B %Y}, "
                f"{days} day{'s' if days != 1 else ''} overdue",
            )
        )
    return choices


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def breach_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Record a possible breach from a deadline the register status shows overdue (s.91)."""
    nominal = access_nominal(request.user, reference)
    today = timezone.localdate()
    req = queries.requirements(nominal, today=today)
    choices = _breach_choices(req)
    initial = {"deadline": request.GET.get("deadline", "")}
    form = f.BreachForm(request.POST or None, choices=choices, initial=initial)
    _form_viewed(request, nominal, "breach")
    if request.method == "POST" and form.is_valid():
        try:
            breach = services.breach_record(
                actor=request.user,
                nominal=nominal,
                key=form.cleaned_data["deadline"],
                notes=form.cleaned_data["notes"],
                today=today,
            )
        except Refused as exc:
            _refused(form, exc)
        else:
            messages.success(
                request, "Possible breach recorded. Record the outcome when it is known."
            )
            return redirect("registration:breach-detail", nominal.reference, breach.pk)
    return _form_page(
        request,
        nominal,
        form,
        title="Record a possible breach",
        template="registration/breach_form.html",
        choices=choices,
    )


@require(Perm.VIEW_NOMINALS)
@require_http_methods(["GET", "POST"])
def breach_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """A possible breach, the deadline it missed (with the law), and its outcome."""
    nominal = access_nominal(request.user, reference)
    breach: PossibleBreach = _row(PossibleBreach, pk, nominal=nominal)
    can_edit = request.user.has_perm(Perm.EDIT_NOMINALS.value)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    initial = {
        "outcome": breach.outcome,
        "outcome_on": breach.outcome_on,
        "outcome_notes": breach.outcome_notes,
    }
    form = f.BreachOutcomeForm(request.POST or None, initial=initial) if can_edit else None
    if request.method == "GET":
        audit_nominal(request.user, "registration.breach.viewed", nominal, breach=breach.pk)
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.breach_outcome(
                actor=request.user,
                breach=breach,
                expected_version=_version(request),
                **form.cleaned_data,
            )
        except Refused as exc:
            _refused(form, exc)
        except EditConflict as exc:
            _conflict(form, exc)
        else:
            messages.success(request, "Outcome recorded.")
            return redirect(_requirements_url(nominal, "breaches"))
    return render(
        request,
        "registration/breach.html",
        {"nominal": nominal, "breach": breach, "form": form, "version": breach.version},
    )


# --- End of the requirements ----------------------------------------------------------------------


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def period_end(request: HttpRequest, reference: str) -> HttpResponse:
    """Confirm the requirements have ended: the person becomes "no longer subject"."""
    nominal = access_nominal(request.user, reference)
    today = timezone.localdate()
    req = queries.requirements(nominal, today=today)
    grounds = queries.end_grounds(req)
    form = f.PeriodEndForm(request.POST or None)
    _form_viewed(request, nominal, "period-end")
    if request.method == "POST" and form.is_valid():
        try:
            services.period_end_confirm(
                actor=request.user, nominal=nominal, reason=form.cleaned_data["reason"], today=today
            )
        except Refused as exc:
            _refused(form, exc)
        else:
            messages.success(
                request, "The requirements have ended: the record is kept, as no longer subject."
            )
            return redirect("nominals:detail", nominal.reference)
    return _form_page(
        request,
        nominal,
        form,
        title="Confirm the end of the notification requirements",
        template="registration/period_end.html",
        req=req,
        grounds=grounds,
    )


# --- Review of indefinite notification ------------------------------------------------------------


def _review(request: HttpRequest, reference: str, pk: int) -> tuple[Nominal, ReviewApplication]:
    nominal = access_nominal(request.user, reference)
    return nominal, _row(ReviewApplication, pk, nominal=nominal)


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def review_add(request: HttpRequest, reference: str) -> HttpResponse:
    """Record an application for review of indefinite notification (ss.91A-91B)."""
    nominal = access_nominal(request.user, reference)
    today = timezone.localdate()
    form = f.ReviewReceiveForm(request.POST or None)
    _form_viewed(request, nominal, "review")
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_receive(
                actor=request.user,
                nominal=nominal,
                received_on=form.cleaned_data["received_on"],
                subject_to_order=form.cleaned_data["subject_to_order"],
                notes=form.cleaned_data["notes"],
                today=today,
            )
        except Refused as exc:
            _refused(form, exc)
        else:
            messages.success(request, "Application recorded.")
            return redirect("registration:review-detail", nominal.reference, review.pk)
    req = queries.requirements(nominal, today=today)
    return _form_page(
        request,
        nominal,
        form,
        title="Record an application for review",
        template="registration/review_form.html",
        req=req,
    )


@require(Perm.VIEW_NOMINALS)
def review_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """An application for review, its steps and its deadlines (s.91C, s.91E)."""
    nominal, review = _review(request, reference, pk)
    audit_nominal(request.user, "registration.review.viewed", nominal, review=review.pk)
    determination = dl.review_determination_due(
        received_on=review.received_on,
        awaiting_responsible_bodies=review.info_requested_on is not None,
    )
    appeal = None
    if review.outcome == ReviewOutcome.CONTINUE and review.notice_given_on:
        appeal = dl.review_appeal_due(notice_received_on=review.notice_given_on)
    today = timezone.localdate()
    return render(
        request,
        "registration/review.html",
        {
            "nominal": nominal,
            "review": review,
            "determination_due": determination,
            "determination_tag": None
            if review.outcome
            else queries.status_tag(dl.status(deadline=determination, today=today)),
            "appeal_due": appeal,
            "appeal_open": appeal is not None
            and not review.appeal_lodged_on
            and appeal.due >= today,
        },
    )


def _review_step(
    request: HttpRequest,
    reference: str,
    pk: int,
    *,
    form_class: type[f.GdsForm],
    fields: tuple[str, ...],
    title: str,
    name: str,
    save: Any,
) -> HttpResponse:
    nominal, review = _review(request, reference, pk)
    initial = {k: getattr(review, k) for k in fields}
    form = form_class(request.POST or None, initial=initial)
    _form_viewed(request, nominal, name, review=review.pk)
    if request.method == "POST" and form.is_valid():
        try:
            save(review, form.cleaned_data, _version(request))
        except Refused as exc:
            _refused(form, exc)
        except EditConflict as exc:
            _conflict(form, exc)
        else:
            messages.success(request, f"{title}: saved.")
            return redirect("registration:review-detail", nominal.reference, review.pk)
    return _form_page(
        request,
        nominal,
        form,
        title=title,
        back=reverse("registration:review-detail", args=[nominal.reference, review.pk]),
        version=review.version,
        caption=str(review),
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def review_information(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    return _review_step(
        request,
        reference,
        pk,
        form_class=f.ReviewInformationForm,
        fields=("info_requested_on", "bodies"),
        title="Information requested from responsible bodies",
        name="review-information",
        save=lambda review, data, version: services.review_request_information(
            actor=request.user,
            review=review,
            requested_on=data["info_requested_on"],
            bodies=data["bodies"],
            expected_version=version,
        ),
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def review_determination(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    return _review_step(
        request,
        reference,
        pk,
        form_class=f.ReviewDetermineForm,
        fields=(
            "determined_on",
            "outcome",
            "further_review_years",
            "notice_given_on",
            "determination_reasons",
        ),
        title="The chief officer's determination",
        name="review-determination",
        save=lambda review, data, version: services.review_determine(
            actor=request.user,
            review=review,
            determined_on=data["determined_on"],
            outcome=data["outcome"],
            further_review_years=data["further_review_years"],
            notice_given_on=data["notice_given_on"],
            reasons=data["determination_reasons"],
            expected_version=version,
        ),
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def review_appeal(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    return _review_step(
        request,
        reference,
        pk,
        form_class=f.ReviewAppealForm,
        fields=("appeal_lodged_on", "appeal_outcome", "appeal_decided_on"),
        title="Appeal to a magistrates' court",
        name="review-appeal",
        save=lambda review, data, version: services.review_appeal(
            actor=request.user,
            review=review,
            lodged_on=data["appeal_lodged_on"],
            outcome=data["appeal_outcome"],
            decided_on=data["appeal_decided_on"],
            expected_version=version,
        ),
    )
