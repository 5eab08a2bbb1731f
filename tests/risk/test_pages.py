"""The risk pages: who sees what, the panel on the overview, the caseload column, and
query counts that do not grow with the rows (ARCHITECTURE.md principles 3 and 4)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.access import risk as risk_matrix
from tests.conftest import _persona
from tests.risk.risk_factories import make_nominal, plan_ready_to_submit, rm2000_input
from vigil.accounts.roles import Role
from vigil.audit.models import AuditEvent
from vigil.policy.risk_levels import RiskLevel
from vigil.risk import services
from vigil.risk.models import (
    ActuarialScore,
    ArmsAssessment,
    PlanAction,
    PlanObjective,
    RiskLevelDecision,
)

NOMINAL_PAGES = [name for name, (kwargs, _) in risk_matrix.MATRIX.items() if kwargs]


@pytest.fixture
def filled(unit, manager, supervisor):
    """A nominal with every kind of risk row, and the URL arguments of every risk page."""
    nominal = make_nominal(unit, manager, supervisor)
    values = risk_matrix.records(nominal=nominal, manager=manager, supervisor=supervisor)
    return nominal, {"nominal": nominal.reference, **values}


def _url(name: str, values: dict[str, str]) -> str:
    kwargs, _ = risk_matrix.MATRIX[name]
    return reverse(name, kwargs={k: str(v).format(**values) for k, v in kwargs.items()})


@pytest.mark.parametrize("name", NOMINAL_PAGES)
def test_the_outsider_gets_404_on_every_risk_page(
    filled, outsider, other_unit, login_as, name
) -> None:
    """Another force's officer, or its supervisor for the decision pages: 404, GET or POST."""
    _, values = filled
    user = outsider
    if name.endswith("decide"):
        user = _persona("othersuper", Role.SUPERVISOR, other_unit)
    client = login_as(user)
    url = _url(name, values)
    counts = (RiskLevelDecision.objects.count(), ActuarialScore.objects.count())
    # A page that only takes a POST says so before looking anything up.
    assert client.get(url).status_code == (405 if name == "risk:plan-submit" else 404)
    assert (
        client.post(url, {"decision": "approve", "level": "low", "rationale": "x"}).status_code
        == 404
    )
    assert (RiskLevelDecision.objects.count(), ActuarialScore.objects.count()) == counts


def test_the_analyst_can_view_but_not_record(filled, analyst, login_as) -> None:
    _, values = filled
    client = login_as(analyst)
    for name in ("risk:record", "risk:score", "risk:arms-detail", "risk:plan", "risk:plans"):
        assert client.get(_url(name, values)).status_code == 200, name
    for name in ("risk:rm2000", "risk:arms", "risk:level", "risk:plan-new", "risk:action-add"):
        assert client.post(_url(name, values), {}).status_code == 403, name
    assert client.get(reverse("risk:approvals")).status_code == 403


def test_a_partner_agency_user_sees_nothing(filled, partner, login_as) -> None:
    _, values = filled
    client = login_as(partner)
    for name in risk_matrix.MATRIX:
        assert client.get(_url(name, values)).status_code == 403, name


def test_the_overview_shows_the_risk_panel(filled, manager, login_as) -> None:
    nominal, _ = filled
    body = login_as(manager).get(reverse("nominals:detail", args=[nominal.reference])).content
    text = body.decode()
    assert 'id="risk"' in text
    assert "Risk level in force" in text and "Pending" in text
    assert "Next risk assessment review" in text


def test_the_risk_record_shows_everything_and_is_audited(filled, manager, login_as) -> None:
    nominal, _ = filled
    body = login_as(manager).get(reverse("risk:record", args=[nominal.reference])).content.decode()
    for text in (
        "Risk level history",
        "Actuarial scores",
        "RM2000",
        "ARMS assessments",
        "Version 1",
        "Unannounced home visit",
        "Medium",
    ):
        assert text in body, text
    assert AuditEvent.objects.filter(action="risk.viewed", subject_ref=nominal.reference).exists()


def test_the_caseload_shows_the_approved_level_and_a_pending_one(
    unit, manager, supervisor, login_as
) -> None:
    nominal = make_nominal(unit, manager, supervisor)
    d = services.risk_level_propose(
        actor=manager, nominal=nominal, level=RiskLevel.LOW, rationale="x"
    )
    services.risk_level_approve(actor=supervisor, nominal=nominal, decision_id=d.pk)
    services.risk_level_propose(
        actor=manager, nominal=nominal, level=RiskLevel.VERY_HIGH, rationale="x"
    )
    body = login_as(manager).get(reverse("nominals:caseload")).content.decode()
    assert 'govuk-tag--green">Low<' in body
    assert "Very high pending" in body


def _fill(nominal, manager, supervisor, n: int) -> None:
    """``n`` more of every kind of row for one nominal."""
    for i in range(n):
        services.rm2000_record(
            actor=manager,
            nominal=nominal,
            inp=rm2000_input(),
            scored_on=nominal.registered_on + dt.timedelta(days=i),
        )
        ArmsAssessment.objects.create(
            nominal=nominal,
            assessed_on=nominal.registered_on,
            assessor=manager,
            formulation="x",
            priorities="x",
        )
        d = services.risk_level_propose(
            actor=manager, nominal=nominal, level=RiskLevel.MEDIUM, rationale="x"
        )
        services.risk_level_approve(actor=supervisor, nominal=nominal, decision_id=d.pk)


@pytest.mark.parametrize(
    "name,args",
    [
        ("risk:record", []),
        ("nominals:detail", []),
        ("risk:plans", []),
        ("risk:plan", [1]),
        ("risk:level", []),
    ],
)
def test_page_query_counts_do_not_grow_with_rows(
    unit, manager, supervisor, login_as, django_assert_max_num_queries, name, args
) -> None:
    nominal = make_nominal(unit, manager, supervisor)
    plan, _, _ = plan_ready_to_submit(nominal, manager)
    services.plan_approve(
        actor=supervisor, plan=services.plan_submit(actor=manager, plan=plan, today=dt.date.today())
    )
    _fill(nominal, manager, supervisor, 1)
    client = login_as(manager)
    url = reverse(name, args=[nominal.reference, *args])
    client.get(url)
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    _fill(nominal, manager, supervisor, 12)
    for i in range(10):  # more objectives and actions in the plan in force
        extra = PlanObjective.objects.create(plan=plan, position=i + 2, text=f"Objective {i}")
        PlanAction.objects.create(
            plan=plan,
            objective=extra,
            what=f"Action {i}",
            owner_agency="Probation Service",
            due_on=dt.date.today(),
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_the_approvals_queue_query_count_does_not_grow(
    unit, manager, supervisor, login_as, django_assert_max_num_queries
) -> None:
    def propose(n: int) -> None:
        for _ in range(n):
            person = make_nominal(unit, manager, supervisor)
            services.risk_level_propose(
                actor=manager, nominal=person, level=RiskLevel.HIGH, rationale="x"
            )
            plan, _, _ = plan_ready_to_submit(person, manager)
            services.plan_submit(actor=manager, plan=plan, today=dt.date.today())

    propose(1)
    client = login_as(supervisor)
    client.get(reverse("risk:approvals"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("risk:approvals"))
    propose(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = client.get(reverse("risk:approvals")).content.decode()
    assert body.count("?next=queue") == 32
