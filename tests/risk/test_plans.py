"""Risk management plans (issue 5): versions kept, actions need an owner and a date,
supervisor sign-off, visit frequency, PDF for multi-agency meetings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.conftest import _persona
from tests.risk.risk_factories import make_nominal, plan_ready_to_submit
from vigil.accounts.roles import Role
from vigil.audit.models import AuditEvent
from vigil.policy import cadence
from vigil.risk import queries, services
from vigil.risk.models import PlanAction, PlanObjective, PlanStatus, RiskManagementPlan

TODAY = dt.date.today()


@pytest.fixture
def nominal(unit, manager, supervisor):
    return make_nominal(unit, manager, supervisor)


def _approved_plan(nominal, manager, supervisor) -> RiskManagementPlan:
    plan, _, _ = plan_ready_to_submit(nominal, manager)
    plan = services.plan_submit(actor=manager, plan=plan, today=TODAY)
    return services.plan_approve(actor=supervisor, plan=plan)


def _action_data(objective, **changes):
    data = {
        "objective": str(objective.pk),
        "what": "Check the phone for monitoring software",
        "owner_officer": "",
        "owner_agency": "Probation Service",
        "due_on": (TODAY + dt.timedelta(days=14)).isoformat(),
        "status": "not_started",
    }
    data.update(changes)
    return data


def test_a_plan_is_written_submitted_and_signed_off(nominal, manager, supervisor) -> None:
    plan = _approved_plan(nominal, manager, supervisor)
    assert plan.status == PlanStatus.APPROVED
    assert (plan.decided_by, plan.submitted_by) == (supervisor, manager)
    assert queries.current_plan(nominal) == plan
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"risk.plan.started", "risk.plan.submitted", "risk.plan.approved"} <= codes


def test_a_new_version_copies_the_last_and_the_old_one_is_kept_read_only(
    nominal, manager, supervisor, login_as
) -> None:
    first = _approved_plan(nominal, manager, supervisor)
    second = services.plan_start(actor=manager, nominal=nominal)
    assert second.number == 2 and second.status == PlanStatus.DRAFT
    assert second.review_on is None  # set afresh for each version
    assert [o.text for o in PlanObjective.objects.filter(plan=second)] == [
        o.text for o in PlanObjective.objects.filter(plan=first)
    ]
    copied = PlanAction.objects.get(plan=second)
    assert copied.objective is not None and copied.objective.plan_id == second.pk
    # The first version is the plan in force until the second is signed off.
    assert queries.current_plan(nominal) == first
    # Changing the copy leaves the first alone.
    services.action_save(
        actor=manager,
        plan=second,
        action=copied,
        values={"what": "Fortnightly visit", "status": "in_progress"},
        expected_version=copied.version,
    )
    assert PlanAction.objects.get(plan=first).what == "Unannounced home visit"
    # The first cannot be changed through the pages or the services.
    client = login_as(manager)
    edit = reverse("risk:plan-edit", args=[nominal.reference, 1])
    assert client.get(edit).status_code == 302
    response = client.post(
        reverse("risk:objective-add", args=[nominal.reference, 1]), {"text": "Sneaky"}
    )
    assert response.status_code == 302
    assert PlanObjective.objects.filter(plan=first).count() == 1
    with pytest.raises(services.RiskWorkflowError, match="can no longer be changed"):
        services.objective_save(
            actor=manager, plan=first, objective=None, text="x", expected_version=None
        )


def test_only_one_version_is_open_at_a_time(nominal, manager, supervisor, login_as) -> None:
    plan_ready_to_submit(nominal, manager)
    with pytest.raises(services.RiskWorkflowError, match="Version 1 of the plan is draft"):
        services.plan_start(actor=manager, nominal=nominal)
    body = login_as(manager).get(reverse("risk:plan-new", args=[nominal.reference])).content
    assert b"Finish it before starting another" in body
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskManagementPlan.objects.create(nominal=nominal, number=2)


@pytest.mark.parametrize(
    "changes,field_message",
    [
        ({"owner_agency": "", "owner_officer": ""}, "Say who will do this"),
        ({"due_on": ""}, "Enter the date by which it will be done"),
        ({"owner_officer": "{manager}"}, "not both"),
        ({"due_on": "next week"}, "Enter the date as year-month-day"),
        ({"what": ""}, "Say what will be done"),
    ],
)
def test_an_action_without_an_owner_or_a_date_is_refused_with_a_message(
    nominal, manager, login_as, changes, field_message
) -> None:
    plan, objective, _ = plan_ready_to_submit(nominal, manager)
    data = _action_data(objective, **changes)
    if data["owner_officer"] == "{manager}":
        data["owner_officer"] = str(manager.pk)
    url = reverse("risk:action-add", args=[nominal.reference, plan.number])
    response = login_as(manager).post(url, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert field_message in body
    assert "There is a problem" in body
    assert PlanAction.objects.filter(plan=plan).count() == 1


def test_the_service_and_the_database_refuse_an_ownerless_action(nominal, manager) -> None:
    plan, _, _ = plan_ready_to_submit(nominal, manager)
    with pytest.raises(services.ActionIncomplete) as exc:
        services.action_save(
            actor=manager,
            plan=plan,
            action=None,
            values={"what": "x", "owner_officer": None, "owner_agency": " ", "due_on": None},
            expected_version=None,
        )
    assert set(exc.value.reasons) == {"owner_officer", "due_on"}
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanAction.objects.create(plan=plan, what="x", due_on=TODAY)


def test_an_action_owned_by_a_partner_agency_is_saved(nominal, manager, login_as) -> None:
    plan, objective, _ = plan_ready_to_submit(nominal, manager)
    url = reverse("risk:action-add", args=[nominal.reference, plan.number])
    response = login_as(manager).post(url, _action_data(objective))
    assert response.status_code == 302
    action = PlanAction.objects.get(plan=plan, owner_agency="Probation Service")
    assert action.owner == "Probation Service" and action.owner_officer is None


def test_an_officer_of_another_force_cannot_own_an_action(
    nominal, manager, outsider, login_as
) -> None:
    plan, objective, _ = plan_ready_to_submit(nominal, manager)
    url = reverse("risk:action-add", args=[nominal.reference, plan.number])
    data = _action_data(objective, owner_agency="", owner_officer=str(outsider.pk))
    response = login_as(manager).post(url, data)
    assert "Select a valid choice" in response.content.decode()


def test_a_draft_without_a_review_date_or_actions_cannot_be_submitted(
    nominal, manager, login_as
) -> None:
    plan = services.plan_start(actor=manager, nominal=nominal)
    client = login_as(manager)
    response = client.post(
        reverse("risk:plan-submit", args=[nominal.reference, plan.number]), follow=True
    )
    body = response.content.decode()
    assert "Set the date the plan will be reviewed" in body
    assert "Add at least one objective" in body
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_the_plan_pages_edit_a_draft_and_submit_it(nominal, manager, supervisor, login_as) -> None:
    client = login_as(manager)
    assert client.post(reverse("risk:plan-new", args=[nominal.reference])).status_code == 302
    plan = RiskManagementPlan.objects.get(nominal=nominal)
    response = client.post(
        reverse("risk:plan-edit", args=[nominal.reference, 1]),
        {
            "visit_every_count": "6",
            "visit_every_unit": "weeks",
            "review_on": (TODAY + dt.timedelta(days=90)).isoformat(),
            "version": plan.version,
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.visit_interval == cadence.Interval.weeks(6)
    client.post(
        reverse("risk:objective-add", args=[nominal.reference, 1]), {"text": "Stable housing"}
    )
    objective = PlanObjective.objects.get(plan=plan)
    client.post(
        reverse("risk:action-add", args=[nominal.reference, 1]),
        _action_data(objective, owner_agency="", owner_officer=str(manager.pk)),
    )
    client.post(reverse("risk:plan-submit", args=[nominal.reference, 1]))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED
    queue = login_as(supervisor).get(reverse("risk:approvals")).content.decode()
    assert reverse("risk:plan-decide", args=[nominal.reference, 1]) in queue
    response = login_as(supervisor).post(
        reverse("risk:plan-decide", args=[nominal.reference, 1]),
        {"decision": "send_back", "reason": "Add a referral to children's services."},
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SENT_BACK and plan.editable
    body = client.get(reverse("risk:plan", args=[nominal.reference, 1])).content.decode()
    assert "Add a referral to children" in body
    client.post(reverse("risk:plan-submit", args=[nominal.reference, 1]))
    login_as(supervisor).post(
        reverse("risk:plan-decide", args=[nominal.reference, 1]), {"decision": "approve"}
    )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED and plan.send_back_reason == ""


@pytest.mark.parametrize(
    "data,message",
    [
        ({"visit_every_count": "6", "visit_every_unit": ""}, "Choose days, weeks"),
        ({"visit_every_count": "", "visit_every_unit": "weeks"}, "Enter how many"),
        ({"visit_every_count": "0", "visit_every_unit": "weeks"}, "must be positive"),
        ({"visit_every_count": "2000", "visit_every_unit": "months"}, "longer than 100 years"),
        ({"review_on": "2001-01-01"}, "The review date is in the past"),
        ({"review_on": ""}, "Enter the date the plan will be reviewed"),
    ],
)
def test_bad_plan_details_are_explained(nominal, manager, login_as, data, message) -> None:
    plan = services.plan_start(actor=manager, nominal=nominal)
    post = {
        "visit_every_count": "",
        "visit_every_unit": "",
        "review_on": (TODAY + dt.timedelta(days=30)).isoformat(),
        "version": plan.version,
        **data,
    }
    response = login_as(manager).post(reverse("risk:plan-edit", args=[nominal.reference, 1]), post)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_second_editor_is_told_instead_of_overwriting(
    nominal, manager, colleague, login_as
) -> None:
    plan = services.plan_start(actor=manager, nominal=nominal)
    url = reverse("risk:plan-edit", args=[nominal.reference, 1])
    data = {"review_on": (TODAY + dt.timedelta(days=30)).isoformat(), "version": plan.version}
    assert login_as(manager).post(url, data).status_code == 302
    response = login_as(colleague).post(url, {**data, "review_on": "2099-01-01"})
    assert "Someone else changed this" in response.content.decode()
    plan.refresh_from_db()
    assert plan.review_on == TODAY + dt.timedelta(days=30)


def test_a_supervisor_cannot_sign_off_a_plan_they_submitted_or_of_another_unit(
    nominal, supervisor, sibling_unit, login_as
) -> None:
    plan, _, _ = plan_ready_to_submit(nominal, supervisor)
    plan = services.plan_submit(actor=supervisor, plan=plan, today=TODAY)
    url = reverse("risk:plan-decide", args=[nominal.reference, 1])
    assert login_as(supervisor).post(url, {"decision": "approve"}).status_code == 403
    other = _persona("sibsuper", Role.SUPERVISOR, sibling_unit)
    assert login_as(other).get(url).status_code == 403
    with pytest.raises(services.NotAllowed):
        services.plan_approve(actor=other, plan=plan)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_the_plan_prints_as_a_pdf_and_the_print_is_audited(
    nominal, manager, supervisor, analyst, login_as
) -> None:
    _approved_plan(nominal, manager, supervisor)
    response = login_as(analyst).get(reverse("risk:plan-pdf", args=[nominal.reference, 1]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="export.risk_plan.pdf", actor=analyst).exists()


def test_the_version_history_lists_every_version(nominal, manager, supervisor, login_as) -> None:
    _approved_plan(nominal, manager, supervisor)
    services.plan_start(actor=manager, nominal=nominal)
    body = login_as(manager).get(reverse("risk:plans", args=[nominal.reference])).content.decode()
    assert "Version 1" in body and "Version 2" in body
    assert "In force" in body and "Draft" in body


def test_the_visit_frequency_of_the_plan_in_force_is_read_for_many_people(
    unit, nominal, manager, supervisor, django_assert_num_queries
) -> None:
    """RULES.md §5.2: the plan sets the visit frequency; a draft does not count yet."""
    plan, _, _ = plan_ready_to_submit(nominal, manager)
    plan = services.plan_update(
        actor=manager,
        plan=plan,
        values={"visit_every_count": 6, "visit_every_unit": "weeks"},
        expected_version=plan.version,
    )
    other = make_nominal(unit, manager, supervisor)
    people = type(nominal).objects.filter(pk__in=[nominal.pk, other.pk])
    assert queries.visit_intervals(people) == {nominal.pk: None, other.pk: None}
    services.plan_approve(
        actor=supervisor, plan=services.plan_submit(actor=manager, plan=plan, today=TODAY)
    )
    with django_assert_num_queries(1):
        intervals = queries.visit_intervals(people)
    assert intervals == {nominal.pk: cadence.Interval.weeks(6), other.pk: None}
