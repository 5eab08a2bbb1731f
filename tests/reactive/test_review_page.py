"""The page where a supervisor reviews reactive management an event ended (issue 6): the
real form with good and bad input, who may use it, what the record then shows, and a
query count that does not grow with the record."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import _persona
from tests.reactive.helpers import convict, eligible_person, place
from vigil.accounts.roles import Role
from vigil.audit.models import AuditEvent
from vigil.reactive import services
from vigil.reactive.models import ReactiveEndReview

D = dt.date


@pytest.fixture
def ended(unit, manager, supervisor):
    """On reactive management since June; a conviction recorded today ended it."""
    person = eligible_person(unit, manager, supervisor, forename="Ellis", surname="Varga")
    placement = place(person, manager, supervisor, on=timezone.localdate() - dt.timedelta(200))
    convict(person, timezone.localdate())
    return person, placement


def _url(ended) -> str:
    person, placement = ended
    return reverse("reactive:review", args=[person.reference, placement.pk])


def _record(person) -> str:
    return reverse("reactive:record", args=[person.reference])


def test_the_supervisor_sees_the_event_and_the_form(ended, supervisor, login_as) -> None:
    person, _ = ended
    page = login_as(supervisor).get(_url(ended))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Review the end of reactive management" in text
    assert "A new conviction on" in text
    assert "Due now: the offender manager" in text
    assert AuditEvent.objects.filter(
        action="reactive.form.viewed", subject_ref=person.reference, detail__form="review"
    ).exists()


def test_recording_the_review_takes_the_notice_off_the_queue_and_shows_on_the_record(
    ended, supervisor, login_as
) -> None:
    person, placement = ended
    client = login_as(supervisor)
    home = client.get(reverse("home")).content.decode()
    assert _url(ended) in home  # the notice in the work queue links here
    response = client.post(
        _url(ended), {"decision": "routine", "note": "Visit booked for Friday; review due."}
    )
    assert response.status_code == 302
    assert response["Location"] == _record(person)
    review = ReactiveEndReview.objects.get()
    assert (review.placement, review.reviewed_by, review.decision) == (
        placement,
        supervisor,
        "routine",
    )
    assert AuditEvent.objects.filter(action="reactive.end.reviewed").count() == 1
    assert _url(ended) not in client.get(reverse("home")).content.decode()
    record = client.get(_record(person)).content.decode()
    assert "Reactive management ended by a new conviction on" in record
    assert f"Reviewed by {supervisor} on" in record
    assert "return to routine home visits" in record
    assert "Visit booked for Friday; review due." in record
    assert "Waiting for review" not in record
    overview = client.get(reverse("nominals:detail", args=[person.reference])).content.decode()
    assert f"Reviewed by {supervisor} on" in overview


def test_choosing_to_propose_again_goes_on_to_the_proposal(ended, supervisor, login_as) -> None:
    person, _ = ended
    response = login_as(supervisor).post(
        _url(ended), {"decision": "propose_again", "note": "Conviction was for a 2009 offence."}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("reactive:propose", args=[person.reference])
    assert ReactiveEndReview.objects.get().decision == "propose_again"


@pytest.mark.parametrize(
    ("post", "messages", "kept"),
    [
        ({}, ["Choose what happens next", "Say what you reviewed and why"], None),
        ({"note": "Seen it."}, ["Choose what happens next"], "Seen it."),
        ({"decision": "routine", "note": "   "}, ["Say what you reviewed and why"], None),
        ({"decision": "shrug", "note": "Seen it."}, ["Select a valid choice"], "Seen it."),
    ],
)
def test_bad_input_is_explained_on_the_form_and_nothing_is_lost(
    ended, supervisor, login_as, post, messages, kept
) -> None:
    response = login_as(supervisor).post(_url(ended), post)
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text
    for message in messages:
        assert message in text
    if kept:
        assert kept in text
    assert ReactiveEndReview.objects.count() == 0


def test_a_second_submission_is_refused_clearly(ended, supervisor, login_as) -> None:
    person, _ = ended
    client = login_as(supervisor)
    post = {"decision": "routine", "note": "First."}
    assert client.post(_url(ended), post).status_code == 302
    again = client.post(_url(ended), {"decision": "propose_again", "note": "Second."}, follow=True)
    assert again.status_code == 200
    assert f"{supervisor} has already reviewed the end of this reactive management" in (
        again.content.decode()
    )
    assert list(ReactiveEndReview.objects.values_list("note", flat=True)) == ["First."]
    # And the page itself now sends them to the record.
    assert client.get(_url(ended))["Location"] == _record(person)


def test_a_review_arriving_after_a_colleagues_is_refused_without_a_500(
    ended, supervisor, unit, login_as
) -> None:
    """The view's check passed, then another supervisor's review landed first."""
    second = _persona("second", Role.SUPERVISOR, unit)
    client = login_as(second)
    real = services.end_review_record

    def colleague_first(**kwargs):
        real(**{**kwargs, "actor": supervisor, "note": "Mine."})
        return real(**kwargs)

    with mock.patch.object(services, "end_review_record", side_effect=colleague_first):
        response = client.post(_url(ended), {"decision": "routine", "note": "Theirs."})
    assert response.status_code == 302
    assert ReactiveEndReview.objects.get().reviewed_by == supervisor


def test_nothing_to_review_while_in_force(unit, manager, supervisor, login_as) -> None:
    person = eligible_person(unit, manager, supervisor)
    placement = place(person, manager, supervisor, on=D(2026, 6, 1))
    url = reverse("reactive:review", args=[person.reference, placement.pk])
    client = login_as(supervisor)
    assert client.get(url)["Location"] == _record(person)
    assert client.post(url, {"decision": "routine", "note": "x"}).status_code == 302
    assert ReactiveEndReview.objects.count() == 0


def test_who_may_review(
    ended, manager, colleague, analyst, supervisor, sibling_unit, unit, login_as
) -> None:
    """Only a supervisor of the person's unit; others 403; the outsider 404
    (tests/reactive/test_pages.py), like the decision page."""
    url = _url(ended)
    post = {"decision": "routine", "note": "x"}
    for user in (manager, colleague, analyst, _persona("south", Role.SUPERVISOR, sibling_unit)):
        client = login_as(user)
        assert client.get(url).status_code == 403, user
        assert client.post(url, post).status_code == 403, user
    assert ReactiveEndReview.objects.count() == 0
    # Any supervisor of the unit, not only the person's named one.
    second = _persona("second", Role.SUPERVISOR, unit)
    assert login_as(second).post(url, post).status_code == 302


def test_a_placement_of_another_person_is_a_404(ended, unit, manager, supervisor, login_as) -> None:
    other = eligible_person(unit, manager, supervisor)
    _, placement = ended
    url = reverse("reactive:review", args=[other.reference, placement.pk])
    assert login_as(supervisor).get(url).status_code == 404


def test_the_record_offers_the_review_only_to_who_may_make_it(
    ended, manager, supervisor, login_as
) -> None:
    person, _ = ended
    for_supervisor = login_as(supervisor).get(_record(person)).content.decode()
    assert "Waiting for review" in for_supervisor and _url(ended) in for_supervisor
    for_manager = login_as(manager).get(_record(person)).content.decode()
    assert "Waiting for review" in for_manager and _url(ended) not in for_manager


def test_the_page_takes_the_same_queries_however_long_the_history(
    unit, manager, supervisor, login_as, django_assert_max_num_queries
) -> None:
    from tests.reactive.test_review import breach_found_no_offence

    person = eligible_person(unit, manager, supervisor)
    client = login_as(supervisor)
    today = timezone.localdate()

    def end_and_review(placement, on, then_review=True):
        breach_found_no_offence(person, on)
        if then_review:
            services.end_review_record(
                actor=supervisor,
                nominal=person,
                placement_id=placement.pk,
                decision="propose_again",
                note="x",
                today=today,
            )

    placement = place(person, manager, supervisor, on=D(2025, 1, 6))
    end_and_review(placement, D(2025, 1, 20), then_review=False)
    url = reverse("reactive:review", args=[person.reference, placement.pk])
    with django_assert_max_num_queries(80) as few:
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(80) as few_record:
        assert client.get(_record(person)).status_code == 200
    services.end_review_record(
        actor=supervisor,
        nominal=person,
        placement_id=placement.pk,
        decision="propose_again",
        note="x",
        today=today,
    )
    for month in range(2, 8):
        placement = place(person, manager, supervisor, on=D(2025, month, 3))
        end_and_review(placement, D(2025, month, 20), then_review=month < 7)
    url = reverse("reactive:review", args=[person.reference, placement.pk])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(few_record.captured_queries)):
        assert client.get(_record(person)).status_code == 200
