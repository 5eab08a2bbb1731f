"""The supervisor's dashboard, its drill-downs, and the monthly late-visits report.

Thin views: scope the reader (``access.access_scope``), ask ``queries``, audit, render.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from vigil.accounts.access import require
from vigil.accounts.roles import Perm
from vigil.audit.services import audit_log
from vigil.obligations.engine import Kind
from vigil.reports import queries
from vigil.reports.access import access_scope, units_to_choose
from vigil.reports.excel import late_visits_workbook
from vigil.reports.forms import ReportFilterForm
from vigil.reports.queries import LEVELS, UNALLOCATED, Officer, Scope

PAGE_SIZE = 50
#: The report's list of late and missed visits, a page at a time (a force has thousands).
CASES_PER_PAGE = 100

#: The overdue lists a dashboard figure drills down to: what, and the engine's kinds.
OVERDUE_LISTS: dict[str, tuple[str, tuple[Kind, ...]]] = {
    "visits": ("Overdue home visits", (Kind.VISIT,)),
    "reviews": ("Overdue risk assessment and plan reviews", queries.REVIEWS),
}


def _officer(request: HttpRequest, scope: Scope) -> Officer | None:
    """The officer a drill-down is for: ``?officer=username``, ``?unallocated=1`` for
    people with no offender manager, neither for everyone. Not in scope: 404."""
    if request.GET.get("unallocated"):
        return UNALLOCATED
    username = request.GET.get("officer", "").strip()
    if not username:
        return None
    officer = queries.officer_named(scope, username)
    if officer is None:
        raise Http404("No such officer in this unit")
    return officer


def _who(officer: Officer | None) -> str:
    if officer is None:
        return "everyone"
    return officer.name if officer.pk is not None else "people with no offender manager"


def _base_query(scope: Scope, officer: Officer | None) -> dict[str, str]:
    query = {"unit": scope.unit_param} if scope.unit_param else {}
    if officer is not None:
        query.update({"unallocated": "1"} if officer.pk is None else {"officer": officer.username})
    return query


def _scope(request: HttpRequest) -> Scope:
    return access_scope(request.user, request.GET.get("unit"))


@require(Perm.VIEW_UNIT_CASELOADS)
def dashboard(request: HttpRequest) -> HttpResponse:
    """Per officer: caseload by risk level, overdue visits and reviews, approvals waiting,
    late visits this month. A chart to look at; the same figures in a table."""
    scope = _scope(request)
    today = timezone.localdate()
    board = queries.dashboard(scope, today=today)
    audit_log(actor=request.user, action="dashboard.viewed", detail=scope.as_detail())
    return render(
        request,
        "reports/dashboard.html",
        {
            "board": board,
            "scope": scope,
            "today": today,
            "units": units_to_choose(request.user),
            "levels": LEVELS,
            "chart": board.chart_data(),
            "unit_query": f"unit={scope.unit_param}&" if scope.unit_param else "",
        },
    )


@require(Perm.VIEW_UNIT_CASELOADS)
def overdue_list(request: HttpRequest, what: str) -> HttpResponse:
    """The people behind an overdue figure: the engine's items, overdue first."""
    if what not in OVERDUE_LISTS:
        raise Http404("No such list")
    title, kinds = OVERDUE_LISTS[what]
    scope = _scope(request)
    officer = _officer(request, scope)
    today = timezone.localdate()
    found = queries.obligations_behind(scope, kinds=kinds, officer=officer, today=today)
    audit_log(
        actor=request.user,
        action="dashboard.list.viewed",
        detail={**scope.as_detail(), "list": f"overdue-{what}", "officer": _who(officer)},
    )
    return render(
        request,
        "reports/obligation_list.html",
        {
            "title": title,
            "scope": scope,
            "officer": officer,
            "who": _who(officer),
            "queue": found,
            "rows": found.rows,
            "overdue_count": found.overdue_count,
            "due_soon_count": found.due_soon_count,
            "caption": title,
            "unit_query": f"?unit={scope.unit_param}" if scope.unit_param else "",
        },
    )


@require(Perm.VIEW_UNIT_CASELOADS)
def approvals_list(request: HttpRequest) -> HttpResponse:
    """Risk levels and plans waiting for a supervisor's decision, for one officer's people."""
    scope = _scope(request)
    officer = _officer(request, scope)
    today = timezone.localdate()
    found = queries.obligations_behind(
        scope, kinds=(Kind.APPROVAL,), officer=officer, today=today, all_states=True
    )
    audit_log(
        actor=request.user,
        action="dashboard.list.viewed",
        detail={**scope.as_detail(), "list": "approvals", "officer": _who(officer)},
    )
    return render(
        request,
        "reports/obligation_list.html",
        {
            "title": "Waiting for approval",
            "scope": scope,
            "officer": officer,
            "who": _who(officer),
            "queue": found,
            "rows": found.rows,
            "overdue_count": found.overdue_count,
            "due_soon_count": found.due_soon_count,
            "caption": "Waiting for approval",
            "unit_query": f"?unit={scope.unit_param}" if scope.unit_param else "",
        },
    )


@require(Perm.VIEW_UNIT_CASELOADS)
def caseload_list(request: HttpRequest) -> HttpResponse:
    """The people behind a caseload figure: by officer and risk level in force."""
    scope = _scope(request)
    officer = _officer(request, scope)
    level = request.GET.get("level", "")
    labels = dict(LEVELS)
    if level and level not in labels:
        raise Http404("No such risk level")
    people = queries.caseload_behind(scope, officer=officer, level=level or None)
    page = Paginator(people, PAGE_SIZE).get_page(request.GET.get("page"))
    audit_log(
        actor=request.user,
        action="dashboard.list.viewed",
        detail={
            **scope.as_detail(),
            "list": "caseload",
            "officer": _who(officer),
            "level": level or "(any)",
        },
    )
    query = _base_query(scope, officer)
    if level:
        query["level"] = level
    return render(
        request,
        "reports/caseload_list.html",
        {
            "scope": scope,
            "officer": officer,
            "who": _who(officer),
            "level_label": labels.get(level, ""),
            "page": page,
            "query": urlencode(query),
            "today": timezone.localdate(),
            "unit_query": f"?unit={scope.unit_param}" if scope.unit_param else "",
        },
    )


def _report_request(
    request: HttpRequest,
) -> tuple[ReportFilterForm, Scope | None, Officer | None, dt.date]:
    today = timezone.localdate()
    form = ReportFilterForm(request.GET or None, today=today, units=units_to_choose(request.user))
    if form.is_bound and not form.is_valid():
        # The unit is still checked, so a bad month never shows another unit's name.
        _scope(request)
        return form, None, None, today
    if not form.is_bound:
        form = ReportFilterForm(
            {"month": f"{today:%Y-%m}"}, today=today, units=units_to_choose(request.user)
        )
        form.is_valid()
    scope = _scope(request)
    return form, scope, _officer(request, scope), today


@require(Perm.VIEW_UNIT_CASELOADS)
def late_visits(request: HttpRequest) -> HttpResponse:
    """The monthly late-visits report, on screen: by officer, then the cases."""
    form, scope, officer, today = _report_request(request)
    context: dict[str, Any] = {"form": form, "today": today, "officer": officer}
    if scope is None:
        return render(request, "reports/late_visits.html", context, status=400)
    year, month = form.chosen()
    report = queries.late_visits_report(scope, year, month, today=today)
    audit_log(
        actor=request.user,
        action="report.late_visits.viewed",
        detail={
            **scope.as_detail(),
            "month": report.month_code,
            "officer": _who(officer),
            "rows": len(report.lines),
            "cases": len(report.cases),
        },
    )
    first = report.first
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    query = {"month": report.month_code, **_base_query(scope, officer)}
    unit_part = f"&unit={scope.unit_param}" if scope.unit_param else ""
    cases = Paginator(report.cases_of(officer), CASES_PER_PAGE).get_page(request.GET.get("page"))
    context.update(
        scope=scope,
        report=report,
        page=cases,
        cases=cases.object_list,
        who=_who(officer),
        previous=f"{previous:%Y-%m}",
        following=f"{following:%Y-%m}" if following <= today else "",
        unit_part=unit_part,
        query=urlencode(query),
    )
    return render(request, "reports/late_visits.html", context)


@never_cache
@require(Perm.VIEW_UNIT_CASELOADS)
def late_visits_xlsx(request: HttpRequest) -> HttpResponse:
    """The same report as an Excel workbook. An export is a disclosure: audited."""
    form, scope, _officer_chosen, today = _report_request(request)
    if scope is None:
        return render(
            request, "reports/late_visits.html", {"form": form, "today": today}, status=400
        )
    year, month = form.chosen()
    report = queries.late_visits_report(scope, year, month, today=today)
    now = timezone.localtime()
    content = late_visits_workbook(report, made_by=request.user.get_username(), made_at=now)
    audit_log(
        actor=request.user,
        action="export.late_visits.xlsx",
        detail={
            **scope.as_detail(),
            "month": report.month_code,
            "rows": len(report.lines),
            "cases": len(report.cases),
        },
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"vigil-late-visits-{scope.slug}-{report.month_code}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
