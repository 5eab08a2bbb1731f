"""The reactive management pages: who sees what, the panel on the overview, the approvals
queue, and query counts that do not grow with the rows (ARCHITECTURE.md principles 3-4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import reactive as reactive_matrix
from tests.conftest import _persona
from tests.reactive.helpers import at, eligible_person, place, propose
from vigil.accounts.roles import Role
from vigil.audit.models import AuditEvent
from vigil.reactive.models import ReactivePlacement
from vigil.registration.models import Conviction

NOMINAL_PAGES = [name for name, (kwargs, _) in reactive_matrix.MATRIX.items() if kwargs]


@pytest.fixture
def values(unit, manager, supervisor):
    person = eligible_person(unit, manager, supervisor)
    return {
        "nominal": person.reference,
        **reactive_matrix.records(nominal=person, manager=manager, supervisor=supervisor),
    }


def _url(name: str, values: dict[str, str]) -> str:
    kwargs, _ = reactive_matrix.MATRIX[name]
    return reverse(name, kwargs={k: str(v).format(**values) for k, v in kwargs.items()})


@pytest.mark.parametrize("name", NOMINAL_PAGES)
def test_the_outsider_gets_404_on_every_reactive_page(
    values, outsider, other_unit, login_as, name
) -> None:
    """Another force's officer, or its supervisor for the supervisors' pages: 404, GET or
    POST."""
    user = outsider
    if name in ("reactive:decide", "reactive:review"):
        user = _persona("othersuper", Role.SUPERVISOR, other_unit)
    client = login_as(user)
    url = _url(name, values)
    before = list(ReactivePlacement.objects.values_list("pk", "state", "ended_at"))
    assert client.get(url).status_code == 404
    post = {"decision": "approve", "reason": "x", "civil_order": "no", "intelligence": "no"}
    assert client.post(url, {**post, "mappa_level": "1", "rationale": "x"}).status_code == 404
    assert list(ReactivePlacement.objects.values_list("pk", "state", "ended_at")) == before


def test_the_analyst_can_view_but_not_propose_end_or_decide(values, analyst, login_as) -> None:
    client = login_as(analyst)
    assert client.get(_url("reactive:record", values)).status_code == 200
    for name in ("reactive:propose", "reactive:end", "reactive:decide"):
        assert client.post(_url(name, values), {}).status_code == 403, name
    assert client.get(reverse("reactive:approvals")).status_code == 403


def test_the_supervisor_decides_from_the_approvals_queue(values, supervisor, login_as) -> None:
    client = login_as(supervisor)
    queue = client.get(reverse("reactive:approvals"))
    assert values["reactive_pending_nominal"] in queue.content.decode()
    assert AuditEvent.objects.filter(action="reactive.approvals.viewed").exists()
    url = _url("reactive:decide", values)
    page = client.get(url + "?next=queue")
    assert "The criteria today" in page.content.decode()
    response = client.post(url, {"decision": "approve", "next": "queue"})
    assert response.status_code == 302
    assert response["Location"] == reverse("reactive:approvals")
    assert ReactivePlacement.objects.get(pk=values["reactive_pending"]).state == "approved"
    queue = client.get(reverse("reactive:approvals"))
    assert values["reactive_pending_nominal"] not in queue.content.decode()


def test_the_supervisor_sees_only_their_units_proposals(
    unit, sibling_unit, manager, sibling_manager, supervisor, login_as
) -> None:
    south_supervisor = _persona("southsuper", Role.SUPERVISOR, sibling_unit)
    south = eligible_person(sibling_unit, sibling_manager, south_supervisor)
    propose(south, sibling_manager)
    page = login_as(supervisor).get(reverse("reactive:approvals"))
    assert south.reference not in page.content.decode()
    assert (
        login_as(supervisor)
        .get(
            reverse("reactive:decide", args=[south.reference, south.reactiveplacement_set.get().pk])
        )
        .status_code
        == 403
    )


def test_declining_without_a_reason_is_explained_on_the_form(values, supervisor, login_as) -> None:
    response = login_as(supervisor).post(_url("reactive:decide", values), {"decision": "decline"})
    assert response.status_code == 200
    assert "Say why it is declined" in response.content.decode()


def test_ending_by_hand_through_the_page(values, manager, login_as) -> None:
    client = login_as(manager)
    url = _url("reactive:end", values)
    assert client.post(url, {"reason": ""}).status_code == 200
    assert client.post(url, {"reason": "Back to routine visits."}).status_code == 302
    # Ended: the page now says so instead of offering the form again.
    again = client.get(url)
    assert again.status_code == 302


def test_the_overview_shows_reactive_management_in_force_and_when_an_event_ends_it(
    unit, manager, supervisor, login_as
) -> None:
    person = eligible_person(unit, manager, supervisor)
    place(person, manager, supervisor, on=dt.date(2026, 6, 1))
    client = login_as(manager)
    page = client.get(reverse("nominals:detail", args=[person.reference])).content.decode()
    assert "On reactive management" in page
    assert "a new conviction" in page  # among the events that end it
    Conviction.objects.create(
        nominal=person,
        kind="conviction",
        relevant_on=dt.date(2026, 8, 28),
        court="x",
        created_at=at(dt.date(2026, 9, 1)),
    )
    page = client.get(reverse("nominals:detail", args=[person.reference])).content.decode()
    assert (
        "Reactive management ended by a new conviction on 1 September 2026: "
        "visit and review due now" in page
    )


def test_the_overview_offers_the_decision_to_a_supervisor_who_may_take_it(
    unit, manager, supervisor, login_as
) -> None:
    person = eligible_person(unit, manager, supervisor)
    placement = propose(person, manager)
    decide = reverse("reactive:decide", args=[person.reference, placement.pk])
    assert (
        decide
        in login_as(supervisor)
        .get(reverse("nominals:detail", args=[person.reference]))
        .content.decode()
    )
    assert (
        decide
        not in login_as(manager)
        .get(reverse("nominals:detail", args=[person.reference]))
        .content.decode()
    )


@pytest.mark.parametrize("name", ["reactive:record", "nominals:detail", "reactive:propose"])
def test_a_page_takes_the_same_queries_however_many_proposals(
    unit, manager, supervisor, login_as, django_assert_max_num_queries, name
) -> None:
    """Measured with reactive management in force (the most a page reads) both times."""
    from vigil.reactive import services

    person = eligible_person(unit, manager, supervisor)
    client = login_as(manager)
    url = reverse(name, args=[person.reference])
    placement = place(person, manager, supervisor, on=dt.date(2026, 1, 5))
    with django_assert_max_num_queries(80) as few:
        assert client.get(url).status_code == 200
    for month in range(2, 8):
        services.placement_end(
            actor=manager,
            nominal=person,
            placement_id=placement.pk,
            reason="x",
            today=dt.date(2026, month, 1),
        )
        placement = place(person, manager, supervisor, on=dt.date(2026, month, 5))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
