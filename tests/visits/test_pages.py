"""The diary's pages with real form submissions: good input, bad input, access, queries."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from tests.factories import NominalFactory
from tests.visits.conftest import NOW, TODAY, at
from vigil.accounts.models import Nation
from vigil.audit.models import AuditEvent
from vigil.policy.risk_levels import RiskLevel
from vigil.visits import queries, services
from vigil.visits.models import Outcome, Referral, Visit, VisitStatus, VisitType

TUESDAY = TODAY + dt.timedelta(days=1)
CHRISTMAS = dt.date(2026, 12, 25)

pytestmark = pytest.mark.usefixtures("frozen")


def plan_data(who, **overrides) -> dict[str, str]:
    data = {
        "visit_type": VisitType.HOME_UNANNOUNCED,
        "day": TUESDAY.isoformat(),
        "time": "14:30",
        "officer": str(who.pk),
        "second_officer": "",
    }
    data.update(overrides)
    return data


def record_data(who, **overrides) -> dict[str, str]:
    data = {
        "visit_type": VisitType.HOME_UNANNOUNCED,
        "day": TODAY.isoformat(),
        "time": "09:15",
        "officer": str(who.pk),
        "second_officer": "",
        "others_attending": "",
        "outcome": Outcome.SEEN,
        "identity_confirmed": "on",
        "address_confirmed": "on",
        "others_present": "His sister",
        "children_present": "no",
        "children_note": "",
        "devices_checked": "on",
        "devices_note": "Phone checked: monitoring software running",
        "vehicles_seen": "Blue Ford Focus AB12 CDE",
        "concerns": "",
        "referral_kind": "",
        "referral_agency": "",
        "referral_reference": "",
        "referral_made_on": "",
        "follow_up": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def planned(manager, nominal) -> Visit:
    return services.visit_plan(
        actor=manager,
        nominal=nominal,
        visit_type=VisitType.HOME_ANNOUNCED,
        planned_for=at(TODAY, 9),
        officer=manager,
        now=NOW,
    )


@pytest.fixture
def recorded(manager, nominal) -> Visit:
    return services.visit_record(
        actor=manager,
        nominal=nominal,
        values={
            "visit_type": VisitType.HOME_UNANNOUNCED,
            "occurred_at": at(TODAY - dt.timedelta(days=3), 18),
            "officer": manager,
            "outcome": Outcome.SEEN,
        },
        risk_level=None,
        now=NOW,
    )


def url(name: str, nominal, visit=None) -> str:
    args = [nominal.reference] if visit is None else [nominal.reference, visit.pk]
    return reverse(f"visits:{name}", args=args)


def body(response) -> str:
    """The page's text with HTML entities decoded (``&#x27;`` is an apostrophe)."""
    return html.unescape(response.content.decode())


# -- Planning ---------------------------------------------------------------------------------


def test_an_officer_plans_a_visit_from_the_record(manager, nominal, login_as) -> None:
    response = login_as(manager).post(url("plan", nominal), plan_data(manager))
    assert response.status_code == 302
    assert response.url == reverse("nominals:detail", args=[nominal.reference]) + "#visits"
    visit = Visit.objects.get()
    assert visit.status == VisitStatus.PLANNED
    assert visit.planned_for == at(TUESDAY, 14, 30)
    assert visit.created_by == manager


def test_planning_on_christmas_day_is_warned_and_needs_plan_it_anyway(
    manager, nominal, login_as
) -> None:
    client = login_as(manager)
    data = plan_data(manager, day=CHRISTMAS.isoformat())
    first = client.post(url("plan", nominal), data)
    assert first.status_code == 200
    text = body(first)
    assert "Friday 25 December 2026 is Christmas Day, a bank holiday in England" in text
    assert "Plan it anyway" in text
    assert 'name="plan_anyway"' in text
    assert not Visit.objects.exists()

    second = client.post(url("plan", nominal), {**data, "plan_anyway": "on"})
    assert second.status_code == 302
    assert Visit.objects.get().planned_for == at(CHRISTMAS, 14, 30)


def test_a_weekend_is_warned_for_a_welsh_force_too(manager, nominal, login_as) -> None:
    nominal.force.nation = Nation.WALES
    nominal.force.save()
    saturday = TODAY + dt.timedelta(days=5)
    response = login_as(manager).post(url("plan", nominal), plan_data(manager, day=saturday))
    assert "Saturday 28 November 2026 is a weekend" in body(response)
    assert not Visit.objects.exists()


def test_the_confirmation_is_only_asked_for_on_a_non_working_day(
    manager, nominal, login_as
) -> None:
    response = login_as(manager).get(url("plan", nominal))
    assert response.status_code == 200
    assert 'name="plan_anyway"' not in body(response)


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("day", (TODAY - dt.timedelta(days=1)).isoformat(), "That day has passed"),
        ("day", "2026-13-45", "Enter the date as year-month-day"),
        ("day", "", "Enter the day the visit is planned for"),
        ("time", "25:99", "Enter the time on the 24-hour clock"),
        ("visit_type", "", "Choose the type of visit"),
        ("officer", "", "Choose the officer"),
    ],
)
def test_bad_plans_are_explained_and_nothing_is_saved(
    manager, nominal, login_as, field, value, message
) -> None:
    response = login_as(manager).post(url("plan", nominal), plan_data(manager, **{field: value}))
    assert response.status_code == 200
    text = body(response)
    assert message in text
    assert "There is a problem" in text
    assert not Visit.objects.exists()


def test_the_second_officer_must_be_someone_else(manager, nominal, login_as) -> None:
    data = plan_data(manager, second_officer=str(manager.pk))
    response = login_as(manager).post(url("plan", nominal), data)
    assert "someone other than the officer" in body(response)


def test_an_officer_of_another_force_cannot_be_chosen(manager, outsider, nominal, login_as) -> None:
    data = plan_data(manager, second_officer=str(outsider.pk))
    response = login_as(manager).post(url("plan", nominal), data)
    assert response.status_code == 200
    assert "Select a valid choice" in body(response)


def test_planning_from_the_diary_offers_the_caseload(
    manager, colleague, nominal, unit, login_as
) -> None:
    someone_else = NominalFactory.create(unit=unit, offender_manager=colleague, surname="Zeller")
    client = login_as(manager)
    page = client.get(reverse("visits:diary-plan") + f"?day={TUESDAY.isoformat()}")
    assert page.status_code == 200
    assert nominal.reference in body(page)
    assert someone_else.reference not in body(page)
    assert f'value="{TUESDAY.isoformat()}"' in body(page)

    response = client.post(
        reverse("visits:diary-plan"), plan_data(manager, nominal=str(nominal.pk))
    )
    assert response.status_code == 302
    assert response.url == reverse("visits:diary") + "?week=2026-W48"
    diary = client.get(response.url)
    assert nominal.reference in body(diary)
    assert "Home visit (unannounced)" in body(diary)

    refused = client.post(
        reverse("visits:diary-plan"), plan_data(manager, nominal=str(someone_else.pk))
    )
    assert "Select a valid choice" in body(refused)


# -- Recording --------------------------------------------------------------------------------


def test_recording_a_planned_visit_as_seen_shows_on_the_overview(
    manager, nominal, planned, login_as
) -> None:
    client = login_as(manager)
    form = client.get(url("record-planned", nominal, planned))
    assert form.status_code == 200
    assert re.search(r'value="home_announced"\s+checked', body(form))
    data = record_data(manager, visit_type=VisitType.HOME_ANNOUNCED, version=str(planned.version))
    response = client.post(url("record-planned", nominal, planned), data)
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.pk == planned.pk
    assert visit.status == VisitStatus.DONE
    assert visit.occurred_at == at(TODAY, 9, 15)
    assert visit.identity_confirmed and visit.devices_checked
    assert visit.vehicles_seen == "Blue Ford Focus AB12 CDE"

    overview = body(client.get(reverse("nominals:detail", args=[nominal.reference])))
    assert "Last seen at a home visit" in overview
    assert "23 November 2026" in overview
    assert "No visits planned." in overview


def test_a_planned_visit_already_recorded_sends_you_to_it(
    manager, nominal, planned, login_as
) -> None:
    client = login_as(manager)
    client.post(url("record-planned", nominal, planned), record_data(manager, version="1"))
    again = client.get(url("record-planned", nominal, planned))
    assert again.status_code == 302
    assert again.url == url("detail", nominal, planned)


def test_a_stale_record_form_is_refused_and_says_who_changed_it(
    manager, colleague, nominal, planned, login_as
) -> None:
    services.visit_move(
        actor=colleague,
        visit=planned,
        planned_for=at(TUESDAY, 11),
        expected_version=1,
        now=NOW,
    )
    response = login_as(manager).post(
        url("record-planned", nominal, planned), record_data(manager, version="1")
    )
    assert response.status_code == 200
    assert "Someone else changed this visit" in body(response)
    assert str(colleague) in body(response)
    assert 'name="version" value="2"' in body(response)
    assert Visit.objects.get().status == VisitStatus.PLANNED
    assert AuditEvent.objects.filter(action="visit.conflict").exists()


@pytest.mark.parametrize(
    "overrides,field_message",
    [
        ({"time": "23:00"}, "is in the future: a visit can only be recorded once it has happened"),
        ({"day": "2026-11-24", "time": "08:00"}, "is in the future"),
        ({"day": "2019-05-13"}, "before they were registered on Tuesday 14 May 2019"),
        ({"outcome": ""}, "Choose the outcome of the visit"),
        ({"outcome": Outcome.NO_REPLY}, "Untick 'Identity confirmed'"),
        ({"children_present": ""}, "Say whether any children were present"),
        (
            {"visit_type": VisitType.OFFICE, "outcome": Outcome.REFUSED_ENTRY},
            "Entry can only be refused at a home visit",
        ),
        ({"referral_kind": "safeguarding"}, "Enter the agency the referral was made to"),
        ({"referral_agency": "Children's social care"}, "Choose whether the referral was"),
        (
            {
                "referral_kind": "welfare",
                "referral_agency": "Adult social care",
                "referral_made_on": "2026-11-22",
            },
            "before the visit",
        ),
    ],
)
def test_bad_records_are_explained_and_keep_what_was_typed(
    manager, nominal, login_as, overrides, field_message
) -> None:
    response = login_as(manager).post(url("record", nominal), record_data(manager, **overrides))
    assert response.status_code == 200
    text = body(response)
    assert field_message in text
    assert "There is a problem" in text
    assert "Blue Ford Focus AB12 CDE" in text
    assert not Visit.objects.exists()


def test_an_unplanned_visit_with_a_referral(manager, nominal, login_as) -> None:
    data = record_data(
        manager,
        referral_kind="safeguarding",
        referral_agency="Children's social care",
        referral_reference="MASH/2026/118",
        referral_made_on=TODAY.isoformat(),
        concerns="A child's toys in the spare room",
    )
    response = login_as(manager).post(url("record", nominal), data)
    assert response.status_code == 302
    referral = Referral.objects.select_related("visit").get()
    assert referral.visit.planned_for is None
    assert referral.reference == "MASH/2026/118"
    detail = body(login_as(manager).get(url("detail", nominal, referral.visit)))
    assert "MASH/2026/118" in detail
    assert "A child's toys in the spare room" in detail


def test_lone_working_is_enforced_on_the_form(
    manager, colleague, nominal, login_as, monkeypatch
) -> None:
    monkeypatch.setattr(queries, "current_risk_level", lambda n: RiskLevel.VERY_HIGH)
    client = login_as(manager)
    page = client.get(url("record", nominal))
    assert "assessed very high risk: a home visit needs a second officer" in body(page)
    refused = client.post(url("record", nominal), record_data(manager))
    assert "so a home visit needs a second officer (lone-working)" in body(refused)
    assert not Visit.objects.exists()
    done = client.post(url("record", nominal), record_data(manager, second_officer=colleague.pk))
    assert done.status_code == 302
    assert Visit.objects.get().second_officer == colleague


# -- Moving, cancelling, referrals ------------------------------------------------------------


def test_moving_a_visit_to_a_sunday_is_warned_then_done(
    manager, nominal, planned, login_as
) -> None:
    client = login_as(manager)
    sunday = TODAY + dt.timedelta(days=6)
    data = {"day": sunday.isoformat(), "time": "19:00", "version": "1"}
    warned = client.post(url("move", nominal, planned), data)
    assert "Sunday 29 November 2026 is a weekend" in body(warned)
    moved = client.post(url("move", nominal, planned), {**data, "plan_anyway": "on"})
    assert moved.status_code == 302
    assert Visit.objects.get().planned_for == at(sunday, 19)


def test_cancelling_needs_a_reason(manager, nominal, planned, login_as) -> None:
    client = login_as(manager)
    refused = client.post(url("cancel", nominal, planned), {"reason": "", "version": "1"})
    assert "Say why the visit is cancelled" in body(refused)
    done = client.post(
        url("cancel", nominal, planned), {"reason": "Recalled to prison", "version": "1"}
    )
    assert done.status_code == 302
    assert Visit.objects.get().status == VisitStatus.CANCELLED
    # A cancelled visit can no longer be moved or cancelled.
    assert client.get(url("move", nominal, planned)).status_code == 404
    assert client.get(url("cancel", nominal, planned)).status_code == 404


def test_adding_a_referral_to_a_recorded_visit(manager, nominal, recorded, login_as) -> None:
    client = login_as(manager)
    data = {"kind": "welfare", "agency": "Adult social care", "reference": "", "made_on": ""}
    refused = client.post(url("referral-add", nominal, recorded), data)
    assert "Enter the date of the referral" in body(refused)
    done = client.post(
        url("referral-add", nominal, recorded), {**data, "made_on": TODAY.isoformat()}
    )
    assert done.status_code == 302
    assert Referral.objects.get().agency == "Adult social care"


def test_a_referral_cannot_be_added_to_a_planned_visit(manager, nominal, planned, login_as) -> None:
    assert login_as(manager).get(url("referral-add", nominal, planned)).status_code == 404


# -- The diary page ---------------------------------------------------------------------------


def test_the_diary_shows_this_week_with_today_marked(manager, nominal, planned, login_as) -> None:
    response = login_as(manager).get(reverse("visits:diary"))
    text = body(response)
    assert "Week beginning Monday 23 November 2026" in text
    assert 'aria-current="date"' in text
    assert "Today" in text
    assert nominal.reference in text
    assert "?week=2026-W47" in text and "?week=2026-W49" in text
    assert AuditEvent.objects.filter(action="diary.viewed", actor=manager).exists()


def test_the_diary_shows_a_chosen_week_and_month(manager, nominal, planned, login_as) -> None:
    client = login_as(manager)
    week = body(client.get(reverse("visits:diary") + "?week=2026-W49"))
    assert "Week beginning Monday 30 November 2026" in week
    assert nominal.reference not in week
    month = body(client.get(reverse("visits:diary") + "?month=2026-11"))
    assert "November 2026" in month
    assert nominal.reference in month
    assert "?month=2026-10" in month and "?month=2026-12" in month
    december = body(client.get(reverse("visits:diary") + "?month=2026-12"))
    assert "?month=2027-01" in december


@pytest.mark.parametrize("query", ["week=2026-W60", "week=soon", "month=2026-13", "month=x"])
def test_a_diary_period_that_makes_no_sense_is_explained(manager, login_as, query) -> None:
    response = login_as(manager).get(reverse("visits:diary") + "?" + query)
    assert response.status_code == 200
    assert "Showing this week instead" in body(response)


# -- Access -----------------------------------------------------------------------------------


VISIT_PAGES = ["detail", "record-planned", "move", "cancel"]


def test_an_outsider_gets_404_on_every_visit_page_of_our_nominal(
    outsider, nominal, planned, recorded, login_as
) -> None:
    client = login_as(outsider)
    pages = [url(name, nominal) for name in ("plan", "record")]
    pages += [url(name, nominal, planned) for name in VISIT_PAGES if name != "detail"]
    pages.append(url("referral-add", nominal, recorded))
    for address in pages:
        assert client.get(address).status_code == 404, address
        assert client.post(address, {"reason": "x", "version": "1"}).status_code == 404, address
    for address in (url("list", nominal), url("detail", nominal, planned)):
        assert client.get(address).status_code == 404, address
    assert Visit.objects.get(pk=planned.pk).status == VisitStatus.PLANNED


def test_a_visit_is_only_found_under_its_own_nominal(
    manager, nominal, planned, unit, login_as
) -> None:
    other = NominalFactory.create(unit=unit)
    client = login_as(manager)
    for name in VISIT_PAGES:
        assert client.get(url(name, other, planned)).status_code == 404, name


def test_the_outsiders_diary_does_not_show_our_visits(outsider, planned, login_as) -> None:
    response = login_as(outsider).get(reverse("visits:diary"))
    assert response.status_code == 200
    assert planned.nominal.reference not in body(response)


@pytest.mark.parametrize("role", ["analyst", "partner"])
def test_partners_and_analysts_cannot_plan_or_record(
    role, personas, nominal, planned, login_as
) -> None:
    client = login_as(personas[role])
    for address in (url("plan", nominal), url("record", nominal)):
        assert client.post(address, record_data(personas[role])).status_code == 403
    for name in ("record-planned", "move", "cancel"):
        address = url(name, nominal, planned)
        assert client.post(address, {"reason": "x", "version": "1"}).status_code == 403
    assert Visit.objects.get().status == VisitStatus.PLANNED
    assert Visit.objects.count() == 1


def test_an_analyst_may_read_visits_but_sees_no_links_to_change_them(
    analyst, nominal, planned, login_as
) -> None:
    client = login_as(analyst)
    detail = client.get(url("detail", nominal, planned))
    assert detail.status_code == 200
    assert "Record this visit" not in body(detail)
    overview = body(client.get(reverse("nominals:detail", args=[nominal.reference])))
    assert "Plan a visit" not in overview
    assert client.get(url("list", nominal)).status_code == 200


def test_opening_and_reading_visit_pages_is_audited(manager, nominal, planned, login_as) -> None:
    client = login_as(manager)
    client.get(url("detail", nominal, planned))
    client.get(url("record-planned", nominal, planned))
    client.get(url("list", nominal))
    actions = set(
        AuditEvent.objects.filter(subject_ref=nominal.reference).values_list("action", flat=True)
    )
    assert {"visit.viewed", "visit.page.viewed", "visit.list.viewed"} <= actions


# -- Query counts -----------------------------------------------------------------------------


def _fill(manager, nominal, count: int) -> None:
    for i in range(count):
        visit = services.visit_record(
            actor=manager,
            nominal=nominal,
            values={
                "visit_type": VisitType.HOME_UNANNOUNCED,
                "occurred_at": at(TODAY - dt.timedelta(days=i % 6 + 1), 8 + i % 10),
                "officer": manager,
                "outcome": Outcome.SEEN if i % 3 else Outcome.NO_REPLY,
            },
            risk_level=None,
            now=NOW,
        )
        Referral.objects.create(visit=visit, kind="welfare", agency=f"Agency {i}", made_on=TODAY)
        services.visit_plan(
            actor=manager,
            nominal=nominal,
            visit_type=VisitType.OFFICE,
            planned_for=at(TODAY + dt.timedelta(days=i % 6), 9 + i % 9),
            officer=manager,
            now=NOW,
        )


@pytest.mark.parametrize(
    "page",
    [
        lambda n, v: reverse("visits:diary"),
        lambda n, v: reverse("visits:diary") + "?month=2026-11",
        lambda n, v: url("list", n),
        lambda n, v: url("detail", n, v),
        lambda n, v: reverse("nominals:detail", args=[n.reference]),
    ],
    ids=["diary-week", "diary-month", "list", "detail", "overview-panel"],
)
def test_page_query_counts_do_not_grow_with_visits(
    page, manager, nominal, recorded, login_as, django_assert_max_num_queries
) -> None:
    Referral.objects.create(visit=recorded, kind="welfare", agency="First", made_on=TODAY)
    client = login_as(manager)
    address = page(nominal, recorded)
    assert client.get(address).status_code == 200
    with django_assert_max_num_queries(60) as few:
        client.get(address)
    _fill(manager, nominal, 25)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(address)
    assert response.status_code == 200
