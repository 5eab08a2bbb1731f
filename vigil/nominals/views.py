"""Pages of the nominal record. Thin: access helper, form, service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from vigil.accounts.access import require
from vigil.accounts.models import User
from vigil.accounts.roles import Perm
from vigil.audit.services import audit_log
from vigil.nominals import panels, queries, services
from vigil.nominals.access import access_nominal
from vigil.nominals.forms import ManagementForm, NewNominalForm, section_values
from vigil.nominals.models import Nominal
from vigil.nominals.sections import BY_SLUG, Section

PAGE_SIZE = 50


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def nominal_create(request: HttpRequest) -> HttpResponse:
    """Create a record, after checking the force's register for the same person."""
    from vigil.nominals.search import find_duplicates

    user: User = request.user  # type: ignore[assignment]
    form = NewNominalForm(
        request.POST or None,
        force_id=user.unit.force_id,
        submit="Continue",
        initial={"unit": user.unit_id, "registered_on": timezone.localdate()},
    )
    duplicates: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm_new") != "yes":
            duplicates = find_duplicates(
                user=user,
                forename=data["forename"],
                surname=data["surname"],
                dates_of_birth=[data["date_of_birth"]],
                pnc_id=data["pnc_id"],
                cro_number=data["cro_number"],
                ni_number=data["ni_number"],
            )
            audit_log(
                actor=user,
                action="nominal.duplicates.checked",
                detail={"candidates": [n.reference for n, _ in duplicates]},
            )
        if not duplicates:
            nominal = services.nominal_create(actor=user, data=section_values(form))
            messages.success(
                request, f"Record {nominal.reference} created for {nominal.full_name}."
            )
            return redirect("nominals:detail", nominal.reference)
    return render(request, "nominals/create.html", {"form": form, "duplicates": duplicates})


@require(Perm.VIEW_NOMINALS)
def nominal_detail(request: HttpRequest, reference: str) -> HttpResponse:
    nominal = access_nominal(request.user, reference)
    audit_log(
        actor=request.user,
        action="nominal.viewed",
        subject_type="nominal",
        subject_ref=nominal.reference,
    )
    today = timezone.localdate()
    context = queries.overview(nominal, today=today)
    return render(
        request,
        "nominals/detail.html",
        {
            "nominal": nominal,
            **context,
            "panels": panels.render_context(nominal, today, request.user),
        },
    )


def _form_for(
    section: Section, request: HttpRequest, nominal: Nominal, instance: Any, data: Any = None
) -> Any:
    kwargs: dict[str, Any] = {"instance": instance, "nominal": nominal}
    if section.form is ManagementForm or issubclass(section.form, ManagementForm):
        kwargs["force_id"] = nominal.force_id
    return section.form(data, **kwargs)


def _version(posted: str | None) -> int | None:
    return int(posted) if posted is not None and posted.isdigit() else None


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def section_edit(
    request: HttpRequest, reference: str, slug: str, pk: int | None = None
) -> HttpResponse:
    """Add a row to a section, change a row, or change a section of the nominal itself."""
    section = BY_SLUG.get(slug)
    if section is None:
        raise Http404("No such section")
    nominal = access_nominal(request.user, reference)
    if section.single:
        instance: Any = nominal
    elif pk is None:
        instance = section.model()
        instance.nominal = nominal
    else:
        instance = section.model._default_manager.filter(nominal=nominal, pk=pk).first()
        if instance is None:
            raise Http404("No such entry")
    adding = instance.pk is None
    posted_version = request.POST.get("version")
    form = _form_for(
        section, request, nominal, instance, request.POST if request.method == "POST" else None
    )
    conflict = None
    if request.method == "GET":
        audit_log(
            actor=request.user,
            action="nominal.section.viewed",
            subject_type="nominal",
            subject_ref=nominal.reference,
            detail={"section": slug, "row": pk},
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_section(
                actor=request.user,
                nominal=nominal,
                section=slug,
                instance=instance,
                values=section_values(form),
                expected_version=_version(posted_version),
            )
        except services.EditConflict as exc:
            conflict = exc.current
            audit_log(
                actor=request.user,
                action="nominal.section.conflict",
                subject_type="nominal",
                subject_ref=nominal.reference,
                detail={"section": slug, "row": conflict.pk},
            )
        else:
            messages.success(request, f"{section.title}: saved.")
            return redirect(
                reverse("nominals:detail", args=[nominal.reference]) + f"#{section.slug}"
            )
    shown: Any = conflict if conflict is not None else instance
    version = "" if shown.pk is None else shown.version
    return render(
        request,
        "nominals/section_form.html",
        {
            "nominal": nominal,
            "section": section,
            "form": form,
            "adding": adding,
            "version": version,
            "conflict": conflict,
            "conflict_values": queries.field_values(conflict, form) if conflict else None,
        },
    )


@require(Perm.VIEW_NOMINALS)
def nominal_history(request: HttpRequest, reference: str) -> HttpResponse:
    nominal = access_nominal(request.user, reference)
    audit_log(
        actor=request.user,
        action="nominal.history.viewed",
        subject_type="nominal",
        subject_ref=nominal.reference,
    )
    changes = queries.history(nominal)
    return render(request, "nominals/history.html", {"nominal": nominal, "changes": changes})


def _nominal_page(request: HttpRequest, nominals: QuerySet[Nominal]) -> Any:
    return Paginator(queries.with_list_columns(nominals), PAGE_SIZE).get_page(
        request.GET.get("page")
    )


@require(Perm.VIEW_NOMINALS)
def caseload(request: HttpRequest) -> HttpResponse:
    """The signed-in officer's own caseload."""
    user: User = request.user  # type: ignore[assignment]
    nominals = Nominal.objects.visible_to(user).filter(offender_manager=user)
    page = _nominal_page(request, nominals)
    audit_log(actor=user, action="caseload.viewed", detail={"whose": user.username})
    return render(
        request,
        "nominals/caseload.html",
        {
            "page": page,
            "title": "My caseload",
            "today": timezone.localdate(),
        },
    )


@require(Perm.VIEW_UNIT_CASELOADS)
def unit_list(request: HttpRequest) -> HttpResponse:
    """Everyone managed by the user's unit, optionally one officer's caseload."""
    user: User = request.user  # type: ignore[assignment]
    nominals = Nominal.objects.visible_to(user).filter(unit_id=user.unit_id)
    officers = User.objects.filter(unit_id=user.unit_id, caseload__isnull=False).distinct()
    chosen = request.GET.get("manager", "")
    if chosen:
        nominals = nominals.filter(offender_manager__username=chosen)
    page = _nominal_page(request, nominals)
    audit_log(
        actor=user, action="caseload.viewed", detail={"unit": user.unit_id, "manager": chosen}
    )
    return render(
        request,
        "nominals/caseload.html",
        {
            "page": page,
            "title": f"{user.unit.name}: everyone managed",
            "officers": officers.order_by("last_name", "first_name"),
            "chosen": chosen,
            "query": f"manager={chosen}" if chosen else "",
            "today": timezone.localdate(),
        },
    )
