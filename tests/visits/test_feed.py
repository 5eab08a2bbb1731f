"""The iCalendar feed: an officer's own planned visits at a secret, revocable address,
carrying nothing personal (issue 6; DEPENDENCIES.md §7)."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import NominalFactory
from tests.visits.conftest import NOW, TODAY, at
from vigil.audit.models import AuditEvent
from vigil.visits import services
from vigil.visits.models import FeedToken, Outcome, VisitType

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def planned(manager, nominal):
    return services.visit_plan(
        actor=manager,
        nominal=nominal,
        visit_type=VisitType.HOME_UNANNOUNCED,
        planned_for=at(TODAY + dt.timedelta(days=1), 18, 30),
        officer=manager,
        now=NOW,
    )


@pytest.fixture
def token(manager) -> FeedToken:
    return services.feed_token_create(actor=manager)


def feed_url(token: FeedToken | str) -> str:
    value = token.token if isinstance(token, FeedToken) else token
    return reverse("visits:feed-ics", args=[value])


def events(response) -> list[icalendar.Component]:
    calendar = icalendar.Calendar.from_ical(response.content)
    return calendar.walk("VEVENT")


def test_the_feed_works_without_signing_in_and_shows_the_planned_visit(
    planned, token, nominal
) -> None:
    response = Client().get(feed_url(token))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    [event] = events(response)
    assert str(event["SUMMARY"]) == f"{nominal.reference} Home visit (unannounced)"
    assert event.decoded("DTSTART") == at(TODAY + dt.timedelta(days=1), 18, 30)
    assert b"DTSTART;TZID=Europe/London:20261124T183000" in response.content
    assert b"BEGIN:VTIMEZONE" in response.content
    assert str(event["UID"]) == f"{planned.uid}@vigil"


def test_the_feed_holds_no_personal_data(planned, token, nominal, manager) -> None:
    """Only the public reference and the visit type: never a name or an address."""
    text = Client().get(feed_url(token)).content.decode()
    unfolded = text.replace("\r\n ", "")
    for personal in (
        nominal.forename,
        nominal.surname,
        nominal.full_name,
        "Lantern Yard",
        "17 Lantern",
        "Northby",
        "LS6 2AB",
        "LS6",
        nominal.date_of_birth.isoformat(),
        nominal.date_of_birth.strftime("%Y%m%d"),
    ):
        assert personal.lower() not in unfolded.lower(), personal
    event = events(Client().get(feed_url(token)))[0]
    assert "LOCATION" not in event
    assert "DESCRIPTION" not in event
    assert "ATTENDEE" not in event
    assert "URL" not in event


def test_the_feed_holds_only_the_officers_own_planned_visits(
    manager, colleague, nominal, unit, token
) -> None:
    theirs = NominalFactory.create(unit=unit, offender_manager=colleague)
    services.visit_plan(
        actor=colleague,
        nominal=theirs,
        visit_type=VisitType.OFFICE,
        planned_for=at(TODAY + dt.timedelta(days=2)),
        officer=colleague,
        now=NOW,
    )
    as_second = services.visit_plan(
        actor=colleague,
        nominal=theirs,
        visit_type=VisitType.HOME_ANNOUNCED,
        planned_for=at(TODAY + dt.timedelta(days=3)),
        officer=colleague,
        second_officer=manager,
        now=NOW,
    )
    services.visit_record(
        actor=manager,
        nominal=nominal,
        values={
            "visit_type": VisitType.HOME_UNANNOUNCED,
            "occurred_at": at(TODAY, 9),
            "officer": manager,
            "outcome": Outcome.SEEN,
        },
        risk_level=None,
        now=NOW,
    )
    uids = [str(e["UID"]) for e in events(Client().get(feed_url(token)))]
    assert uids == [f"{as_second.uid}@vigil"]


def test_a_revoked_or_replaced_address_dies(planned, token, manager, login_as) -> None:
    client = Client()
    assert client.get(feed_url(token)).status_code == 200
    login_as(manager).post(reverse("visits:feed"), {"action": "create"})
    assert client.get(feed_url(token)).status_code == 404
    new = FeedToken.objects.live().get(user=manager)
    assert client.get(feed_url(new)).status_code == 200
    login_as(manager).post(reverse("visits:feed"), {"action": "revoke"})
    assert client.get(feed_url(new)).status_code == 404
    assert not FeedToken.objects.live().exists()


def test_an_unknown_address_is_404(planned, token) -> None:
    assert Client().get(feed_url("x" * 43)).status_code == 404
    assert Client().get(feed_url(token.token[:-2])).status_code == 404


def test_the_address_dies_with_the_account(planned, token, manager) -> None:
    manager.is_active = False
    manager.save()
    assert Client().get(feed_url(token)).status_code == 404


def test_the_address_dies_when_vetting_lapses(planned, token, manager) -> None:
    manager.vetting_expires = TODAY - dt.timedelta(days=1)
    manager.save()
    assert Client().get(feed_url(token)).status_code == 404


def test_a_move_to_another_force_takes_the_old_forces_visits_out(
    planned, token, manager, other_unit
) -> None:
    manager.unit = other_unit
    manager.save()
    assert events(Client().get(feed_url(token))) == []


def test_each_fetch_is_audited_as_the_officer(planned, token, manager) -> None:
    Client().get(feed_url(token), HTTP_USER_AGENT="Calendar/1.0")
    event = AuditEvent.objects.get(action="diary.feed.fetched")
    assert event.actor == manager
    assert event.detail == {"events": 1}
    assert event.user_agent == "Calendar/1.0"
    assert event.actor_force_id == manager.unit.force_id


def test_the_feed_page_shows_creates_and_revokes_the_address(manager, login_as) -> None:
    client = login_as(manager)
    empty = client.get(reverse("visits:feed"))
    assert "You have no feed address." in empty.content.decode()
    client.post(reverse("visits:feed"), {"action": "create"})
    token = FeedToken.objects.live().get(user=manager)
    page = client.get(reverse("visits:feed")).content.decode()
    assert f"http://testserver{feed_url(token)}" in page
    assert "Stop the feed" in page
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert "diary.feed.created" in actions


def test_the_feed_page_is_the_officers_own(manager, colleague, login_as) -> None:
    services.feed_token_create(actor=manager)
    page = login_as(colleague).get(reverse("visits:feed")).content.decode()
    assert "You have no feed address." in page


def test_the_feed_query_count_does_not_grow_with_visits(
    manager, nominal, token, django_assert_max_num_queries
) -> None:
    client = Client()

    def plan(n: int) -> None:
        for i in range(n):
            services.visit_plan(
                actor=manager,
                nominal=nominal,
                visit_type=VisitType.HOME_ANNOUNCED,
                planned_for=at(TODAY + dt.timedelta(days=1 + i % 20), 9 + i % 8),
                officer=manager,
                now=NOW,
            )

    plan(1)
    with django_assert_max_num_queries(10) as few:
        client.get(feed_url(token))
    plan(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(feed_url(token))
    assert len(events(response)) == 31
