"""Pages of the diary and of a person's visits. Thin: access helper, form, service, render.

Every page that shows a person's visits loads the person through ``access_nominal`` and
the visit *through that person*, so a visit's number gets nobody a visit of someone they
cannot see (the same 404 for missing and not-yours). The feed is the one page without
sign-in: its secret address is the credential (``feed``).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from vigil.accounts.access import require
from vigil.accounts.models import User
from vigil.accounts.roles import Perm
from vigil.audit.services import audit_log
from vigil.nominals.access import access_nominal
from vigil.nominals.models import Nominal
from vigil.visits import ical, queries, services
from vigil.visits.forms import CancelForm, MoveForm, PlanForm, RecordForm, ReferralForm
from vigil.visits.models import FeedToken, Visit, VisitStatus

PAGE_SIZE = 50
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def _version(posted: str | None) -> int | None:
    return int(posted) if posted is not None and posted.isdigit() else None


def _visit_of(nominal: Nominal, pk: int) -> Visit:
    """One of ``nominal``'s visits; 404 if it is not theirs."""
    visit = (
        Visit.objects.filter(nominal=nominal, pk=pk)
        .select_related("officer", "second_officer", "modified_by")
        .first()
    )
    if visit is None:
        raise Http404("No such visit")
    visit.nominal = nominal
    return visit


def _audit_page(request: HttpRequest, nominal: Nominal, page: str, visit: Visit | None) -> None:
    """Opening a form shows the person's identity: a read, audited like any other."""
    audit_log(
        actor=request.user,
        action="visit.page.viewed",
        subject_type="nominal",
        subject_ref=nominal.reference,
        detail={"page": page, "visit": visit.pk if visit else None},
    )


def _on_conflict(
    request: HttpRequest, nominal: Nominal, exc: services.EditConflict
) -> tuple[str, int]:
    """Audit a refused stale write; the message to show and the version now stored."""
    current = cast(Visit, exc.current)
    audit_log(
        actor=request.user,
        action="visit.conflict",
        subject_type="nominal",
        subject_ref=nominal.reference,
        detail={"visit": current.pk},
    )
    who = current.modified_by or "Another user"
    at = timezone.localtime(current.modified_at)
    what = {
        VisitStatus.DONE: "recorded this visit",
        VisitStatus.CANCELLED: "cancelled this visit",
    }.get(VisitStatus(current.status), "changed this visit")
    message = (
        f"{who} {what} at {at:%H:%M} on {services.long_date(at.date())}, after you opened "
        "this page. Your changes have not been saved: check the visit as it is now."
    )
    return message, current.version


def _form_page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "visits/form.html", context)


# ---------------------------------------------------------------------------------------
# The diary


def _iso_week(day: dt.date) -> str:
    return f"{day:%G-W%V}"


def _period(request: HttpRequest, today: dt.date) -> tuple[str, dt.date, str]:
    """("week" or "month", its first day, a problem with the request to show, or "")."""
    week, month = request.GET.get("week", "").strip(), request.GET.get("month", "").strip()
    if month:
        found = _MONTH.match(month)
        if found:
            try:
                return "month", dt.date(int(found[1]), int(found[2]), 1), ""
            except ValueError:
                pass
        return (
            "week",
            queries.monday_of(today),
            (
                f"'{month[:20]}' is not a month Vigil can show. Showing this week instead; "
                "months are written like 2026-11."
            ),
        )
    if week:
        found = _WEEK.match(week)
        if found:
            try:
                return "week", dt.date.fromisocalendar(int(found[1]), int(found[2]), 1), ""
            except ValueError:
                pass
        return (
            "week",
            queries.monday_of(today),
            (
                f"'{week[:20]}' is not a week Vigil can show. Showing this week instead; "
                "weeks are written like 2026-W48."
            ),
        )
    return "week", queries.monday_of(today), ""


def _month_shift(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@require(Perm.EDIT_NOMINALS)
@require_safe
def diary(request: HttpRequest) -> HttpResponse:
    """The signed-in officer's diary: a week (default) or a month of visits."""
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    view, first, problem = _period(request, today)
    url = reverse("visits:diary")
    context: dict[str, Any] = {"view": view, "today": today, "problem": problem}
    if view == "week":
        days = queries.week_for(user, first)
        context |= {
            "days": days,
            "title": f"Week beginning {services.long_date(first)}",
            "prev_url": f"{url}?week={_iso_week(first - dt.timedelta(days=7))}",
            "next_url": f"{url}?week={_iso_week(first + dt.timedelta(days=7))}",
            "prev_label": "Previous week",
            "next_label": "Next week",
            "switch_url": f"{url}?month={first:%Y-%m}",
            "switch_label": "Month view",
            "period": _iso_week(first),
        }
    else:
        weeks = queries.month_for(user, first.year, first.month)
        context |= {
            "weeks": weeks,
            "month": first.month,
            "title": f"{first:%B %Y}",
            "prev_url": f"{url}?month={_month_shift(first, -1):%Y-%m}",
            "next_url": f"{url}?month={_month_shift(first, 1):%Y-%m}",
            "prev_label": "Previous month",
            "next_label": "Next month",
            "switch_url": f"{url}?week={_iso_week(today if _same_month(today, first) else first)}",
            "switch_label": "Week view",
            "period": f"{first:%Y-%m}",
        }
    audit_log(actor=user, action="diary.viewed", detail={view: context["period"]})
    return render(request, "visits/diary.html", context)


def _same_month(day: dt.date, first: dt.date) -> bool:
    return (day.year, day.month) == (first.year, first.month)


def _caseload(user: User) -> QuerySet[Nominal]:
    return (
        Nominal.objects.visible_to(user)
        .filter(offender_manager=user)
        .order_by("surname", "forename", "reference")
    )


def _plan_initial(request: HttpRequest, officer_default: Any) -> dict[str, Any]:
    initial: dict[str, Any] = {"officer": officer_default}
    day = request.GET.get("day", "")
    try:
        initial["day"] = dt.date.fromisoformat(day) if day else None
    except ValueError:
        initial["day"] = None
    return initial


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def diary_plan(request: HttpRequest) -> HttpResponse:
    """Plan a visit from the diary, to someone on the officer's caseload."""
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    form = PlanForm(
        request.POST or None,
        nominal=None,
        caseload=_caseload(user),
        force_id=user.unit.force_id,
        nation=user.unit.force.nation,
        today=today,
        initial=_plan_initial(request, user.pk),
    )
    if request.method == "GET":
        # The form lists the officer's caseload by name: a read, like the caseload page.
        audit_log(actor=user, action="visit.page.viewed", detail={"page": "diary-plan"})
    if request.method == "POST" and form.is_valid():
        nominal = access_nominal(user, form.cleaned_data["nominal"].reference)
        return _planned(request, form, nominal, to_diary=True)
    return _form_page(
        request,
        {
            "form": form,
            "title": "Plan a visit",
            "back_url": reverse("visits:diary"),
            "back_text": "Back to the diary",
        },
    )


def _planned(
    request: HttpRequest, form: PlanForm, nominal: Nominal, *, to_diary: bool
) -> HttpResponse:
    try:
        visit = services.visit_plan(
            actor=request.user,
            nominal=nominal,
            visit_type=form.cleaned_data["visit_type"],
            planned_for=form.planned_for(),
            officer=form.cleaned_data["officer"],
            second_officer=form.cleaned_data.get("second_officer"),
        )
    except ValidationError as exc:
        form.add_rule_error(exc)
        back = (
            reverse("visits:diary")
            if to_diary
            else reverse("nominals:detail", args=[nominal.reference])
        )
        return _form_page(
            request,
            {
                "form": form,
                "title": "Plan a visit",
                "nominal": None if to_diary else nominal,
                "back_url": back,
            },
        )
    assert visit.planned_for is not None
    when = timezone.localtime(visit.planned_for)
    note = f" ({form.warning})" if form.warning else ""
    messages.success(
        request,
        f"{visit.get_visit_type_display()} for {nominal.reference} planned for "
        f"{services.long_date(when.date())} at {when:%H:%M}{note}.",
    )
    if to_diary:
        return redirect(f"{reverse('visits:diary')}?week={_iso_week(when.date())}")
    return redirect(reverse("nominals:detail", args=[nominal.reference]) + "#visits")


# ---------------------------------------------------------------------------------------
# One person's visits


@require(Perm.VIEW_NOMINALS)
@require_safe
def visit_list(request: HttpRequest, reference: str) -> HttpResponse:
    nominal = access_nominal(request.user, reference)
    page = Paginator(queries.visits_of(nominal), PAGE_SIZE).get_page(request.GET.get("page"))
    audit_log(
        actor=request.user,
        action="visit.list.viewed",
        subject_type="nominal",
        subject_ref=nominal.reference,
    )
    return render(request, "visits/list.html", {"nominal": nominal, "page": page})


@require(Perm.VIEW_NOMINALS)
@require_safe
def visit_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    nominal = access_nominal(request.user, reference)
    visit = _visit_of(nominal, pk)
    audit_log(
        actor=request.user,
        action="visit.viewed",
        subject_type="nominal",
        subject_ref=nominal.reference,
        detail={"visit": visit.pk},
    )
    return render(
        request,
        "visits/detail.html",
        {"nominal": nominal, "visit": visit, "referrals": list(visit.referrals.all())},
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, reference: str) -> HttpResponse:
    """Plan a visit to this person."""
    user: User = request.user  # type: ignore[assignment]
    nominal = access_nominal(user, reference)
    form = PlanForm(
        request.POST or None,
        nominal=nominal,
        force_id=nominal.force_id,
        nation=nominal.force.nation,
        today=timezone.localdate(),
        initial=_plan_initial(request, user.pk),
    )
    if request.method == "GET":
        _audit_page(request, nominal, "plan", None)
    if request.method == "POST" and form.is_valid():
        return _planned(request, form, nominal, to_diary=False)
    return _form_page(
        request,
        {
            "form": form,
            "nominal": nominal,
            "title": "Plan a visit",
            "back_url": reverse("nominals:detail", args=[nominal.reference]) + "#visits",
            "back_text": "Back to the record",
        },
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def record(request: HttpRequest, reference: str, pk: int | None = None) -> HttpResponse:
    """Record a visit: one that was planned (``pk``), or one that was not."""
    user: User = request.user  # type: ignore[assignment]
    nominal = access_nominal(user, reference)
    planned = _visit_of(nominal, pk) if pk is not None else None
    if planned is not None and planned.status != VisitStatus.PLANNED:
        messages.info(request, f"This visit is {planned.get_status_display().lower()} already.")
        return redirect("visits:detail", nominal.reference, planned.pk)
    now = timezone.now()
    risk_level = queries.current_risk_level(nominal)
    initial: dict[str, Any] = {"officer": user.pk, "day": timezone.localdate(now)}
    if planned is not None:
        assert planned.planned_for is not None
        when = timezone.localtime(planned.planned_for)
        initial = {
            "visit_type": planned.visit_type,
            "officer": planned.officer_id,
            "second_officer": planned.second_officer_id,
            "day": min(when.date(), timezone.localdate(now)),
            "time": when.time() if when <= now else None,
        }
    form = RecordForm(
        request.POST or None, nominal=nominal, risk_level=risk_level, now=now, initial=initial
    )
    version: Any = planned.version if planned is not None else ""
    conflict = ""
    if request.method == "GET":
        _audit_page(request, nominal, "record", planned)
    if request.method == "POST" and form.is_valid():
        try:
            visit = services.visit_record(
                actor=user,
                nominal=nominal,
                values=form.values(),
                risk_level=risk_level,
                planned=planned,
                expected_version=_version(request.POST.get("version")),
                referral=form.referral(),
                now=now,
            )
        except services.EditConflict as exc:
            conflict, version = _on_conflict(request, nominal, exc)
        except ValidationError as exc:
            form.add_rule_error(exc)
        else:
            messages.success(
                request,
                f"{visit.get_visit_type_display()} recorded: {visit.get_outcome_display()}.",
            )
            return redirect(reverse("nominals:detail", args=[nominal.reference]) + "#visits")
    return _form_page(
        request,
        {
            "form": form,
            "nominal": nominal,
            "visit": planned,
            "title": "Record a visit",
            "back_url": reverse("nominals:detail", args=[nominal.reference]) + "#visits",
            "back_text": "Back to the record",
            "version": version,
            "conflict": conflict,
        },
    )


def _planned_visit(request: HttpRequest, reference: str, pk: int) -> tuple[Nominal, Visit]:
    nominal = access_nominal(request.user, reference)
    visit = _visit_of(nominal, pk)
    if visit.status != VisitStatus.PLANNED:
        raise Http404("Only a planned visit can be moved or cancelled")
    return nominal, visit


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    nominal, visit = _planned_visit(request, reference, pk)
    assert visit.planned_for is not None
    when = timezone.localtime(visit.planned_for)
    form = MoveForm(
        request.POST or None,
        visit=visit,
        nation=nominal.force.nation,
        today=timezone.localdate(),
        initial={"day": when.date(), "time": when.time()},
    )
    version: Any = visit.version
    conflict = ""
    if request.method == "GET":
        _audit_page(request, nominal, "move", visit)
    if request.method == "POST" and form.is_valid():
        try:
            moved = services.visit_move(
                actor=request.user,
                visit=visit,
                planned_for=form.planned_for(),
                expected_version=_version(request.POST.get("version")),
            )
        except services.EditConflict as exc:
            conflict, version = _on_conflict(request, nominal, exc)
        except ValidationError as exc:
            form.add_rule_error(exc)
        else:
            assert moved.planned_for is not None
            new = timezone.localtime(moved.planned_for)
            note = f" ({form.warning})" if form.warning else ""
            messages.success(
                request,
                f"Visit moved to {services.long_date(new.date())} at {new:%H:%M}{note}.",
            )
            return redirect("visits:detail", nominal.reference, visit.pk)
    return _form_page(
        request,
        {
            "form": form,
            "nominal": nominal,
            "visit": visit,
            "title": "Move a visit",
            "back_url": reverse("visits:detail", args=[nominal.reference, visit.pk]),
            "back_text": "Back to the visit",
            "version": version,
            "conflict": conflict,
        },
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    nominal, visit = _planned_visit(request, reference, pk)
    form = CancelForm(request.POST or None)
    version: Any = visit.version
    conflict = ""
    if request.method == "GET":
        _audit_page(request, nominal, "cancel", visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.visit_cancel(
                actor=request.user,
                visit=visit,
                reason=form.cleaned_data["reason"],
                expected_version=_version(request.POST.get("version")),
            )
        except services.EditConflict as exc:
            conflict, version = _on_conflict(request, nominal, exc)
        except ValidationError as exc:
            form.add_rule_error(exc)
        else:
            messages.success(request, "Visit cancelled.")
            return redirect(reverse("nominals:detail", args=[nominal.reference]) + "#visits")
    return _form_page(
        request,
        {
            "form": form,
            "nominal": nominal,
            "visit": visit,
            "title": "Cancel a visit",
            "back_url": reverse("visits:detail", args=[nominal.reference, visit.pk]),
            "back_text": "Back to the visit",
            "version": version,
            "conflict": conflict,
        },
    )


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def referral_add(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    nominal = access_nominal(request.user, reference)
    visit = _visit_of(nominal, pk)
    if visit.status != VisitStatus.DONE or visit.occurred_at is None:
        raise Http404("Referrals are added to recorded visits")
    today = timezone.localdate()
    form = ReferralForm(
        request.POST or None,
        visit_day=timezone.localtime(visit.occurred_at).date(),
        today=today,
        initial={"made_on": today},
    )
    if request.method == "GET":
        _audit_page(request, nominal, "referral", visit)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_add(actor=request.user, visit=visit, values=form.cleaned_data)
        except ValidationError as exc:
            form.add_rule_error(exc)
        else:
            messages.success(request, "Referral added.")
            return redirect("visits:detail", nominal.reference, visit.pk)
    return _form_page(
        request,
        {
            "form": form,
            "nominal": nominal,
            "visit": visit,
            "title": "Add a referral",
            "back_url": reverse("visits:detail", args=[nominal.reference, visit.pk]),
            "back_text": "Back to the visit",
        },
    )


# ---------------------------------------------------------------------------------------
# The calendar feed


@require(Perm.EDIT_NOMINALS)
@require_http_methods(["GET", "POST"])
def feed_settings(request: HttpRequest) -> HttpResponse:
    """The officer's own feed address: create, replace or stop it."""
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            services.feed_token_create(actor=user)
            messages.success(
                request,
                "Your new calendar feed address is below. Any address you had before no "
                "longer works.",
            )
        elif action == "revoke":
            services.feed_token_revoke(actor=user)
            messages.success(request, "Your calendar feed address no longer works.")
        return redirect("visits:feed")
    token = FeedToken.objects.live().filter(user=user).first()
    url = (
        request.build_absolute_uri(reverse("visits:feed-ics", args=[token.token])) if token else ""
    )
    return render(request, "visits/feed.html", {"token": token, "feed_url": url})


@require_safe
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """An officer's planned visits as iCalendar, for a calendar app that cannot sign in.

    The secret address is the credential: unknown, revoked, or belonging to an account
    that can no longer sign in, it answers 404 like any missing page. It shows only that
    officer's own planned visits, by public reference and type (``ical``). Each fetch is
    audited as the officer.
    """
    today = timezone.localdate()
    owner = queries.feed_owner(token, today=today)
    if owner is None:
        raise Http404("No such feed")
    visits = list(queries.feed_visits(owner, today=today))
    audit_log(
        actor=owner,
        action="diary.feed.fetched",
        subject_type="user",
        subject_ref=owner.get_username(),
        detail={"events": len(visits)},
    )
    response = HttpResponse(ical.calendar_for(visits), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="vigil-visits.ics"'
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
