"""Risk levels with supervision (issue 5): propose, approve or send back; pending changes
nothing; only a supervisor of the nominal's unit approves, never their own proposal."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.conftest import _persona
from tests.risk.risk_factories import make_nominal
from vigil.accounts.roles import Role
from vigil.audit.models import AuditEvent
from vigil.policy.risk_levels import RiskLevel
from vigil.risk import queries, services
from vigil.risk.models import DecisionState, RiskLevelDecision


@pytest.fixture
def nominal(unit, manager, supervisor):
    return make_nominal(unit, manager, supervisor)


def _approved(nominal, manager, supervisor, level: RiskLevel) -> RiskLevelDecision:
    d = services.risk_level_propose(actor=manager, nominal=nominal, level=level, rationale="Why.")
    return services.risk_level_approve(actor=supervisor, nominal=nominal, decision_id=d.pk)


def test_a_proposal_is_pending_and_the_approved_level_stays_in_force(
    nominal, manager, supervisor
) -> None:
    _approved(nominal, manager, supervisor, RiskLevel.MEDIUM)
    services.risk_level_propose(
        actor=manager, nominal=nominal, level=RiskLevel.HIGH, rationale="New partner has a child."
    )
    assert queries.current_level(nominal) is RiskLevel.MEDIUM
    listed = queries.with_risk_level(type(nominal).objects.filter(pk=nominal.pk)).get()
    assert (getattr(listed, "risk_level"), getattr(listed, "pending_risk_level")) == (  # noqa: B009
        "medium",
        "high",
    )


def test_the_supervisor_approves_and_the_new_level_is_in_force(
    nominal, manager, supervisor, login_as
) -> None:
    decision = services.risk_level_propose(
        actor=manager, nominal=nominal, level=RiskLevel.HIGH, rationale="RM2000/S high."
    )
    url = reverse("risk:level-decide", args=[nominal.reference, decision.pk])
    response = login_as(supervisor).post(url, {"decision": "approve"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.APPROVED
    assert decision.decided_by == supervisor
    assert queries.current_level(nominal) is RiskLevel.HIGH
    assert AuditEvent.objects.filter(action="risk.level.approved", actor=supervisor).exists()


def test_a_sent_back_level_needs_a_reason_and_changes_nothing(
    nominal, manager, supervisor, login_as
) -> None:
    _approved(nominal, manager, supervisor, RiskLevel.LOW)
    decision = services.risk_level_propose(
        actor=manager, nominal=nominal, level=RiskLevel.VERY_HIGH, rationale="Gut feeling."
    )
    client = login_as(supervisor)
    url = reverse("risk:level-decide", args=[nominal.reference, decision.pk])
    response = client.post(url, {"decision": "send_back", "reason": ""})
    assert "Say why it is being sent back" in response.content.decode()
    response = client.post(
        url, {"decision": "send_back", "reason": "Evidence does not support it."}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.state == DecisionState.SENT_BACK
    assert decision.send_back_reason == "Evidence does not support it."
    assert queries.current_level(nominal) is RiskLevel.LOW
    # The officer may now propose again.
    services.risk_level_propose(actor=manager, nominal=nominal, level=RiskLevel.HIGH, rationale="x")


def test_a_supervisor_of_another_unit_cannot_approve(
    nominal, manager, sibling_unit, login_as
) -> None:
    other_supervisor = _persona("sibsuper", Role.SUPERVISOR, sibling_unit)
    decision = services.risk_level_propose(
        actor=manager, nominal=nominal, level=RiskLevel.HIGH, rationale="x"
    )
    url = reverse("risk:level-decide", args=[nominal.reference, decision.pk])
    client = login_as(other_supervisor)
    assert client.get(url).status_code == 403
    assert client.post(url, {"decision": "approve"}).status_code == 403
    with pytest.raises(services.NotAllowed, match="Only a supervisor of PPU North"):
        services.risk_level_approve(
            actor=other_supervisor, nominal=nominal, decision_id=decision.pk
        )
    decision.refresh_from_db()
    assert decision.state == DecisionState.PENDING
    assert queries.current_level(nominal) is None


def test_a_supervisor_cannot_approve_their_own_proposal(
    nominal, supervisor, unit, login_as
) -> None:
    decision = services.risk_level_propose(
        actor=supervisor, nominal=nominal, level=RiskLevel.MEDIUM, rationale="x"
    )
    url = reverse("risk:level-decide", args=[nominal.reference, decision.pk])
    assert login_as(supervisor).post(url, {"decision": "approve"}).status_code == 403
    with pytest.raises(services.NotAllowed, match="another supervisor"):
        services.risk_level_approve(actor=supervisor, nominal=nominal, decision_id=decision.pk)
    # A second supervisor of the same unit may.
    second = _persona("supervisor2", Role.SUPERVISOR, unit)
    services.risk_level_approve(actor=second, nominal=nominal, decision_id=decision.pk)
    assert queries.current_level(nominal) is RiskLevel.MEDIUM


def test_the_database_refuses_a_self_approval_and_two_pending_proposals(nominal, manager) -> None:
    services.risk_level_propose(actor=manager, nominal=nominal, level=RiskLevel.LOW, rationale="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskLevelDecision.objects.create(
            nominal=nominal, level="high", rationale="x", proposed_by=manager
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskLevelDecision.objects.create(
            nominal=nominal,
            level="high",
            rationale="x",
            proposed_by=manager,
            state=DecisionState.APPROVED,
            decided_by=manager,
            decided_at=timezone.now(),
        )


def test_an_officer_cannot_approve_and_a_second_proposal_waits_its_turn(
    nominal, manager, colleague, login_as
) -> None:
    decision = services.risk_level_propose(
        actor=manager, nominal=nominal, level=RiskLevel.HIGH, rationale="x"
    )
    url = reverse("risk:level-decide", args=[nominal.reference, decision.pk])
    assert login_as(colleague).get(url).status_code == 403
    response = login_as(colleague).post(
        reverse("risk:level", args=[nominal.reference]),
        {"level": "low", "rationale": "I disagree."},
    )
    assert response.status_code == 200
    assert "still waiting for approval" in response.content.decode()
    assert RiskLevelDecision.objects.filter(nominal=nominal).count() == 1


@pytest.mark.parametrize(
    "data,message",
    [
        ({"level": "", "rationale": "x"}, "Choose the level you propose"),
        ({"level": "high", "rationale": ""}, "Give the rationale for the level"),
        ({"level": "extreme", "rationale": "x"}, "Select a valid choice"),
    ],
)
def test_a_bad_proposal_is_explained(nominal, manager, login_as, data, message) -> None:
    response = login_as(manager).post(reverse("risk:level", args=[nominal.reference]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RiskLevelDecision.objects.exists()


def test_a_proposal_through_the_form_is_pending_until_approved(
    nominal, manager, supervisor, login_as
) -> None:
    response = login_as(manager).post(
        reverse("risk:level", args=[nominal.reference]),
        {"level": "very_high", "rationale": "Imminent: new victim access."},
    )
    assert response.status_code == 302
    page = login_as(manager).get(reverse("risk:record", args=[nominal.reference]))
    body = page.content.decode()
    assert "Pending" in body and "there is no approved level" in body
    decision = RiskLevelDecision.objects.get()
    assert decision.proposed_by == manager
    assert AuditEvent.objects.filter(action="risk.level.proposed").exists()


def test_a_decided_proposal_cannot_be_decided_again(nominal, manager, supervisor) -> None:
    decision = _approved(nominal, manager, supervisor, RiskLevel.LOW)
    with pytest.raises(services.RiskWorkflowError, match="already been approved"):
        services.risk_level_send_back(
            actor=supervisor, nominal=nominal, decision_id=decision.pk, reason="Oops"
        )


def test_the_history_keeps_every_proposal_and_decision(nominal, manager, supervisor) -> None:
    _approved(nominal, manager, supervisor, RiskLevel.LOW)
    d = services.risk_level_propose(
        actor=manager, nominal=nominal, level=RiskLevel.HIGH, rationale="x"
    )
    services.risk_level_send_back(actor=supervisor, nominal=nominal, decision_id=d.pk, reason="No")
    _approved(nominal, manager, supervisor, RiskLevel.MEDIUM)
    summary = queries.risk_summary(nominal, today=timezone.localdate())
    assert [x.level for x in summary.decisions] == ["medium", "high", "low"]
    assert [x.state for x in summary.decisions] == ["approved", "sent_back", "approved"]
    assert summary.level_in_force is not None and summary.level_in_force.level == "medium"
    assert RiskLevelDecision.history.filter(id=d.pk).count() == 2  # proposed, sent back


def test_the_approvals_queue_shows_only_the_supervisors_unit(
    nominal, manager, supervisor, sibling_unit, sibling_manager, login_as
) -> None:
    services.risk_level_propose(actor=manager, nominal=nominal, level=RiskLevel.HIGH, rationale="x")
    elsewhere = make_nominal(sibling_unit, sibling_manager, None)
    services.risk_level_propose(
        actor=sibling_manager, nominal=elsewhere, level=RiskLevel.LOW, rationale="x"
    )
    body = login_as(supervisor).get(reverse("risk:approvals")).content.decode()
    assert nominal.reference in body
    assert elsewhere.reference not in body
    assert AuditEvent.objects.filter(action="risk.approvals.viewed").exists()
