"""The dashboard, its drill-downs and the late-visits report as pages: scope, audit, bad
input, and a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.urls import reverse

from tests.factories import NominalFactory
from tests.reports.conftest import approve, visit
from vigil.audit.models import AuditEvent

pytestmark = pytest.mark.usefixtures("frozen")
D = dt.date

DASHBOARD = reverse("reports:dashboard")
REPORT = reverse("reports:late-visits")


def overdue(what: str) -> str:
    return reverse("reports:dashboard-overdue", args=[what])


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_supervisor_sees_their_units_dashboard_with_a_chart_and_a_table(team, login_as) -> None:
    response = login_as(team.supervisor).get(DASHBOARD)
    assert response.status_code == 200
    page = text(response)
    assert "PPU North" in page
    assert team.manager.get_full_name() in page
    assert team.colleague.get_full_name() in page
    assert "Not allocated" in page
    assert team.sibling_person.offender_manager.get_full_name() not in page
    assert '<canvas role="img" aria-label=' in page
    assert 'id="dashboard-table"' in page
    assert 'src="/static/js/dashboard.mjs"' in page
    island = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page)
    assert island is not None
    data = json.loads(island.group(1))
    assert team.manager.get_full_name() in data["officers"]
    assert sum(data["overdue"][0]["data"]) == 4  # the four overdue visits
    assert "<script>" not in page  # no inline script: the page keeps its CSP
    event = AuditEvent.objects.get(action="dashboard.viewed")
    assert event.detail == {"force": "northshire", "unit": "ppu-north"}


def test_each_figure_links_to_the_people_behind_it(team, login_as) -> None:
    page = text(login_as(team.supervisor).get(DASHBOARD))
    assert f'href="{overdue("visits")}?officer={team.colleague.username}"' in page
    assert f'href="{overdue("visits")}?unallocated=1"' in page
    caseload = reverse("reports:dashboard-caseload")
    assert f'href="{caseload}?officer={team.manager.username}&amp;level=very_high"' in page


def test_a_supervisor_cannot_ask_for_another_unit(team, login_as) -> None:
    client = login_as(team.supervisor)
    assert client.get(DASHBOARD, {"unit": "ppu-south"}).status_code == 404
    assert client.get(REPORT, {"unit": "ppu-south"}).status_code == 404
    assert client.get(overdue("visits"), {"unit": "ppu-south"}).status_code == 404


def test_a_supervisor_cannot_drill_into_an_officer_of_another_unit(
    team, login_as, sibling_manager
) -> None:
    client = login_as(team.supervisor)
    response = client.get(overdue("visits"), {"officer": sibling_manager.username})
    assert response.status_code == 404


def test_register_staff_see_the_force_and_can_choose_a_unit(team, support, login_as) -> None:
    client = login_as(support)
    whole = text(client.get(DASHBOARD))
    assert "Northshire Police, all units" in whole
    assert team.sibling_person.offender_manager.get_full_name() in whole
    south = text(client.get(DASHBOARD, {"unit": "ppu-south"}))
    assert team.sibling_person.offender_manager.get_full_name() in south
    assert team.manager.get_full_name() not in south
    assert client.get(DASHBOARD, {"unit": "nowhere"}).status_code == 404


def test_another_forces_staff_see_nothing_of_ours(team, other_admin, outsider, login_as) -> None:
    client = login_as(other_admin)
    page = text(client.get(DASHBOARD))
    assert team.manager.get_full_name() not in page
    assert team.not_done.reference not in page
    assert client.get(DASHBOARD, {"unit": "ppu-north"}).status_code == 404
    assert login_as(outsider).get(DASHBOARD).status_code == 403


@pytest.mark.parametrize("url", [DASHBOARD, REPORT, reverse("reports:late-visits-xlsx")])
def test_an_offender_manager_may_not_open_them(team, login_as, url) -> None:
    assert login_as(team.manager).get(url).status_code == 403


def test_the_overdue_visits_list_shows_the_engines_items_for_one_officer(team, login_as) -> None:
    client = login_as(team.supervisor)
    response = client.get(overdue("visits"), {"officer": team.colleague.username})
    assert response.status_code == 200
    page = text(response)
    assert team.not_done.reference in page
    assert team.no_reply.reference in page
    assert team.late.reference not in page  # the manager's, and not overdue
    assert "2 overdue, 1 due within 7 days" in page
    event = AuditEvent.objects.get(action="dashboard.list.viewed")
    assert event.detail["list"] == "overdue-visits"
    assert event.detail["officer"] == team.colleague.get_full_name()


def test_the_other_drill_downs_open(team, login_as) -> None:
    client = login_as(team.supervisor)
    approvals = text(client.get(reverse("reports:dashboard-approvals"), {"unallocated": "1"}))
    assert team.unallocated.reference in approvals
    reviews = client.get(overdue("reviews"))
    assert reviews.status_code == 200
    caseload = client.get(
        reverse("reports:dashboard-caseload"),
        {"officer": team.manager.username, "level": "very_high"},
    )
    page = text(caseload)
    assert team.on_time.reference in page
    assert team.overdue_since_summer.reference not in page  # high, not very high
    assert client.get(overdue("everything")).status_code == 404
    bad_level = client.get(reverse("reports:dashboard-caseload"), {"level": "extreme"})
    assert bad_level.status_code == 404


def test_the_late_visits_report_shows_the_month_by_officer_and_the_cases(team, login_as) -> None:
    response = login_as(team.supervisor).get(REPORT, {"month": "2026-11"})
    assert response.status_code == 200
    page = text(response)
    assert "Late home visits, November 2026" in page
    assert "This month so far" in page
    assert team.late.reference in page
    assert team.on_time.reference not in page  # on time: not a case
    assert team.sibling_person.reference not in page
    assert "63%" in page
    event = AuditEvent.objects.get(action="report.late_visits.viewed")
    assert event.detail["month"] == "2026-11"
    assert event.detail["unit"] == "ppu-north"


def test_the_report_defaults_to_this_month_and_filters_cases_by_officer(team, login_as) -> None:
    client = login_as(team.supervisor)
    assert "November 2026" in text(client.get(REPORT))
    page = text(client.get(REPORT, {"month": "2026-11", "officer": team.manager.username}))
    assert team.late.reference in page
    assert team.not_done.reference not in page  # the colleague's


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "Enter a month from 01 to 12"),
        ("November", "Enter the month as year and month"),
        ("2026-12", "Choose this month or an earlier one"),
        ("1999-12", "Enter a month from 2000 onwards"),
    ],
)
def test_a_bad_month_is_explained_not_a_crash(team, login_as, month, message) -> None:
    client = login_as(team.supervisor)
    response = client.get(REPORT, {"month": month})
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert team.late.reference not in page
    xlsx = client.get(reverse("reports:late-visits-xlsx"), {"month": month})
    assert xlsx.status_code == 400
    assert not AuditEvent.objects.filter(action="export.late_visits.xlsx").exists()


def _bulk(unit, manager, supervisor, n: int) -> None:
    for i in range(n):
        person = NominalFactory.create(
            unit=unit, offender_manager=manager, supervisor=supervisor, registered_on=D(2020, 1, 6)
        )
        approve(person, "very_high", by=supervisor, proposer=manager)
        visit(person, manager, D(2026, 9, 1 + i % 28))
        visit(person, manager, D(2026, 10, 3 + i % 25))


@pytest.mark.parametrize(
    "url",
    [
        DASHBOARD,
        REPORT + "?month=2026-10",
        reverse("reports:late-visits-xlsx") + "?month=2026-10",
        overdue("visits"),
        reverse("reports:dashboard-caseload"),
    ],
)
def test_page_queries_do_not_grow_with_people(
    unit, manager, supervisor, login_as, url, django_assert_max_num_queries
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login_as(supervisor)
    _bulk(unit, manager, supervisor, 5)
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    _bulk(unit, manager, supervisor, 45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_cases_come_a_page_at_a_time(team, login_as, monkeypatch) -> None:
    from vigil.reports import views

    monkeypatch.setattr(views, "CASES_PER_PAGE", 2)
    client = login_as(team.supervisor)
    first = text(client.get(REPORT, {"month": "2026-11"}))
    assert "Page 1 of 3" in first
    assert "month=2026-11&amp;page=2" in first
    later = text(client.get(REPORT, {"month": "2026-11", "page": "3"}))
    assert "Page 3 of 3" in later
    assert "63%" in later  # the officer table is whole on every page
