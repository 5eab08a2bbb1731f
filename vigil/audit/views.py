"""The audit trail page and its CSV export (both audited themselves)."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from vigil.accounts.access import require
from vigil.accounts.roles import Perm
from vigil.audit.forms import AuditFilterForm
from vigil.audit.models import AuditEvent
from vigil.audit.services import audit_log
from vigil.spreadsheets import safe_cell

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEvent]]:
    form = AuditFilterForm(request.GET or None)
    events: QuerySet[AuditEvent] = AuditEvent.objects.visible_to(request.user)
    if form.is_bound and form.is_valid():
        events = form.apply(events)
    elif form.is_bound:
        events = events.none()
    return form, events


@require(Perm.VIEW_AUDIT)
def audit_list(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_log(
        actor=request.user,
        action="audit.viewed",
        detail=form.as_detail() if form.is_bound and form.is_valid() else {},
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "audit/list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require(Perm.EXPORT_AUDIT)
def audit_export(request: HttpRequest) -> HttpResponseBase:
    form, events = _filtered(request)
    if form.is_bound and not form.is_valid():
        page = Paginator(AuditEvent.objects.none(), PAGE_SIZE).get_page(1)
        return render(
            request, "audit/list.html", {"form": form, "page": page, "query": ""}, status=400
        )
    rows = events.order_by("at", "id")[:EXPORT_LIMIT]
    audit_log(
        actor=request.user,
        action="export.audit.csv",
        detail=form.as_detail() if form.is_bound else {},
    )
    writer = csv.writer(_Echo())
    header = [
        "time",
        "person",
        "action",
        "description",
        "subject_type",
        "subject_ref",
        "reason",
        "client_ip",
        "detail",
    ]

    def stream() -> Iterator[str]:
        yield writer.writerow(header)
        for e in rows.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    safe_cell(v)
                    for v in (
                        timezone.localtime(e.at).isoformat(timespec="seconds"),
                        e.actor_username,
                        e.action,
                        e.sentence,
                        e.subject_type,
                        e.subject_ref,
                        e.reason,
                        e.client_ip,
                        e.detail,
                    )
                ]
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="vigil-audit-{stamp}.csv"'
    return response
