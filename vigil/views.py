"""Pages that belong to the site as a whole: home, health, and the error pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token

from vigil.accounts import recovery
from vigil.accounts.access import require, signed_in
from vigil.accounts.roles import Perm
from vigil.obligations.queries import due_for
from vigil.visits.queries import week_for

#: How far ahead the home page's queue looks beyond "due soon".
QUEUE_HORIZON_DAYS = 28


@signed_in
def home(request: HttpRequest) -> HttpResponse:
    """The landing page: for anyone who works cases, their own work queue, overdue first."""
    context: dict[str, Any] = {}
    user = request.user
    if user.has_perm(Perm.VIEW_NOMINALS.value):
        today = timezone.localdate()
        queue = due_for(user, today=today)
        horizon = today + dt.timedelta(days=QUEUE_HORIZON_DAYS)
        week = week_for(user, today)
        context.update(
            week=week,
            week_has_visits=any(d.visits for d in week),
            today=today,
            queue=queue,
            rows=[o for o in queue.items if o.due <= horizon],
            overdue_count=len(queue.overdue()),
            due_soon_count=len(queue.due_soon()),
        )
    return render(request, "home.html", context)


@require(Perm.USE_CALCULATORS)
def calculators(request: HttpRequest) -> HttpResponse:
    """The calculators officers use for legal and risk queries, without making a record."""
    return render(request, "calculators.html")


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database reachability, for a load balancer. No personal data."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def _error(
    request: HttpRequest, template: str, status: int, extra: dict[str, Any] | None = None
) -> HttpResponse:
    return render(request, template, extra or {}, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error(request, "errors/404.html", 404)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request's context processors: the database they read may be
    # the thing that failed.
    return HttpResponse(loader.render_to_string("errors/500.html"), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale form (often after signing in again elsewhere): explain, and give back what
    was typed to the signed-in person who typed it, so nothing is lost."""
    user = getattr(request, "user", None)
    recovered = None
    if request.method == "POST" and user is not None and user.is_authenticated:
        fields = recovery.posted_fields(request)
        if fields:
            recovered = {"path": request.path, "fields": fields}
    return _error(request, "errors/csrf.html", 403, {"recovered_post": recovered})
