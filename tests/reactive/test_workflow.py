"""Who may approve reactive management, and what the workflow refuses (issue 6)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import _persona
from tests.reactive.helpers import ANSWERS, eligible_person, place, propose
from vigil.accounts.roles import Role
from vigil.audit.models import AuditEvent
from vigil.nominals.models import Nominal
from vigil.reactive import queries, services
from vigil.reactive.models import ReactivePlacement
from vigil.registration.models import Conviction


@pytest.fixture
def person(unit, manager, supervisor):
    return eligible_person(unit, manager, supervisor)


def _approve(actor, person, placement):
    return services.placement_approve(
        actor=actor, nominal=person, placement_id=placement.pk, today=timezone.localdate()
    )


def test_a_supervisor_of_the_unit_approves_and_it_is_in_force_from_that_day(
    person, manager, supervisor
) -> None:
    placement = _approve(supervisor, person, propose(person, manager))
    assert (placement.state, placement.decided_by) == ("approved", supervisor)
    state = queries.in_force(Nominal.objects.filter(pk=person.pk), timezone.localdate())
    assert state == {person.pk: placement}
    assert AuditEvent.objects.filter(action="reactive.approved").count() == 1


def test_nobody_approves_their_own_proposal(person, supervisor) -> None:
    placement = propose(person, supervisor)
    with pytest.raises(services.NotAllowed, match="another supervisor must approve"):
        _approve(supervisor, person, placement)


def test_a_supervisor_of_another_unit_may_not_approve(person, manager, sibling_unit) -> None:
    other = _persona("southsuper", Role.SUPERVISOR, sibling_unit)
    with pytest.raises(services.NotAllowed, match="Only a supervisor of PPU North"):
        _approve(other, person, propose(person, manager))


def test_an_offender_manager_may_not_approve(person, manager, colleague) -> None:
    with pytest.raises(services.NotAllowed, match="Only a supervisor"):
        _approve(colleague, person, propose(person, manager))


def test_the_criteria_are_checked_again_at_approval(person, manager, supervisor) -> None:
    placement = propose(person, manager)
    Conviction.objects.create(
        nominal=person,
        kind="conviction",
        relevant_on=timezone.localdate() - dt.timedelta(days=10),
        court="x",
    )
    with pytest.raises(services.NotEligible) as refused:
        _approve(supervisor, person, placement)
    assert [r.criterion for r in refused.value.checklist.unmet] == ["no_recent_offending"]
    placement.refresh_from_db()
    assert placement.state == "pending"


def test_declining_needs_a_reason_and_leaves_visits_as_they_were(
    person, manager, supervisor
) -> None:
    placement = propose(person, manager)
    with pytest.raises(services.ReactiveWorkflowError, match="Say why"):
        services.placement_decline(
            actor=supervisor, nominal=person, placement_id=placement.pk, reason=" "
        )
    services.placement_decline(
        actor=supervisor, nominal=person, placement_id=placement.pk, reason="Too soon."
    )
    assert queries.in_force(Nominal.objects.filter(pk=person.pk), timezone.localdate()) == {}
    with pytest.raises(services.ReactiveWorkflowError, match="already been declined"):
        _approve(supervisor, person, placement)


def test_one_proposal_waits_at_a_time_and_none_while_in_force(person, manager, supervisor) -> None:
    placement = propose(person, manager)
    with pytest.raises(services.ReactiveWorkflowError, match="still waiting"):
        propose(person, manager)
    _approve(supervisor, person, placement)
    with pytest.raises(services.ReactiveWorkflowError, match="already on reactive management"):
        propose(person, manager)


def test_after_an_event_ends_it_the_person_may_be_proposed_again(
    person, manager, supervisor
) -> None:
    from tests.reactive.helpers import at

    first = place(person, manager, supervisor, on=dt.date(2026, 6, 1))
    Conviction.objects.create(
        nominal=person,
        kind="caution",
        relevant_on=dt.date(2010, 1, 1),  # an old caution, recorded late: news all the same
        court="x",
        created_at=at(dt.date(2026, 7, 1)),
    )
    today = timezone.localdate()
    assert isinstance(
        queries.in_force(Nominal.objects.filter(pk=person.pk), today)[person.pk], queries.Revoked
    )
    second = _approve(supervisor, person, propose(person, manager))
    assert second.pk != first.pk
    assert queries.in_force(Nominal.objects.filter(pk=person.pk), today)[person.pk] == second


def test_ending_by_hand_needs_a_reason_and_only_what_is_in_force(
    person, manager, supervisor
) -> None:
    placement = place(person, manager, supervisor)
    today = timezone.localdate()
    with pytest.raises(services.ReactiveWorkflowError, match="Say why"):
        services.placement_end(
            actor=manager, nominal=person, placement_id=placement.pk, reason="", today=today
        )
    services.placement_end(
        actor=manager, nominal=person, placement_id=placement.pk, reason="Moving.", today=today
    )
    with pytest.raises(services.ReactiveWorkflowError, match="not in force"):
        services.placement_end(
            actor=manager, nominal=person, placement_id=placement.pk, reason="x", today=today
        )
    row = ReactivePlacement.objects.get(pk=placement.pk)
    assert (row.ended_by, row.ended_reason) == (manager, "Moving.")
    assert AuditEvent.objects.filter(action="reactive.ended").count() == 1


def test_a_proposal_needs_a_rationale(person, manager) -> None:
    with pytest.raises(services.ReactiveWorkflowError, match="Say why"):
        services.placement_propose(
            actor=manager,
            nominal=person,
            answers=ANSWERS,
            rationale="  ",
            today=timezone.localdate(),
        )
