"""An officer scores RM2000 through the form and submits a risk level for approval; the
unit's supervisor approves it and the level shows as in force. Every page is checked with
axe-core."""

from __future__ import annotations

import datetime as dt

from tests.browser.conftest import assert_accessible, screenshot
from tests.factories import PASSWORD, NominalFactory
from tests.risk.risk_factories import arms_post, plan_ready_to_submit
from vigil.policy import rm2000
from vigil.risk import services
from vigil.risk.models import RiskLevelDecision


def _sign_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/sign-in/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(f"{live_server.url}/")


def _answer_rm2000(page, **overrides: str) -> None:
    answers = {
        "age_at_commencement_of_risk": "30",
        "sexual_appearances": "2",
        "criminal_appearances": "6",
        "violent_appearances": "1",
        "convicted_of_sexual_offence": "yes",
        "sexual_offence_at_16_or_over": "yes",
        "burglary": "yes",
        "male_victim": "yes",
        "stranger_victim": "yes",
        "non_contact_offence": "yes",
        "single": "yes",
        **overrides,
    }
    for spec in rm2000.FLAGS:
        if spec.name == "sex":
            continue
        value = answers[spec.name]
        if spec.kind == "int":
            page.fill(f"#id_{spec.name}", value)
        else:
            page.check(f"input[name={spec.name}][value={value}]")


def test_an_officer_scores_rm2000_proposes_a_level_and_the_supervisor_approves_it(
    page, live_server, unit, manager, supervisor, console_errors, settings
) -> None:
    settings.DEMO_MODE = True  # two-factor is covered by test_sign_in
    nominal = NominalFactory.create(
        unit=unit, offender_manager=manager, supervisor=supervisor, forename="Dale", surname="Orme"
    )
    _sign_in(page, live_server, "manager")
    page.goto(f"{live_server.url}/nominals/{nominal.reference}/")
    assert "No approved risk level" in page.locator("#risk").inner_text()
    page.locator("#risk").get_by_role("link", name="Score Risk Matrix 2000").click()
    page.wait_for_url("**/risk/rm2000/")
    assert_accessible(page, "rm2000 form")

    # First someone the tool does not apply to: 17 at the commencement of risk.
    _answer_rm2000(page, age_at_commencement_of_risk="17")
    page.click("button:has-text('Score Risk Matrix 2000')")
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Risk Matrix 2000 does not apply to this person" in summary
    assert "aged 18 or over" in summary
    assert_accessible(page, "rm2000 form refused")

    page.fill("#id_age_at_commencement_of_risk", "30")
    page.click("button:has-text('Score Risk Matrix 2000')")
    page.wait_for_url("**/risk/scores/*/")
    assert "Very high" in page.locator("main").inner_text()
    assert_accessible(page, "rm2000 score")
    screenshot(page, "risk-rm2000-score")

    page.click("text=Propose a risk level")
    assert_accessible(page, "risk level form")
    page.check("input[name=level][value=high]")
    page.fill("#id_rationale", "RM2000/S very high; new partner has a child.")
    page.click("button:has-text('Submit for approval')")
    page.wait_for_url(f"**/nominals/{nominal.reference}/risk/")
    main = page.locator("main").inner_text()
    assert "Pending" in main and "there is no approved level" in main
    assert_accessible(page, "risk record with a pending level")
    page.click("button:has-text('Sign out')")

    _sign_in(page, live_server, "supervisor")
    page.goto(f"{live_server.url}/approvals/")
    assert nominal.reference in page.locator("main").inner_text()
    assert_accessible(page, "approvals queue")
    screenshot(page, "risk-approvals")
    page.click(f"tr:has-text('{nominal.reference}') >> text=Decide")
    assert_accessible(page, "risk level decision")
    page.check("input[name=decision][value=approve]")
    page.click("button:has-text('Record the decision')")
    page.wait_for_url("**/approvals/")
    assert "No risk levels are waiting" in page.locator("main").inner_text()

    page.goto(f"{live_server.url}/nominals/{nominal.reference}/")
    panel = page.locator("#risk").inner_text()
    assert "High" in panel and "approved by" in panel and "Pending" not in panel
    assert RiskLevelDecision.objects.get().state == "approved"
    assert_accessible(page, "overview with the risk panel")
    screenshot(page, "risk-panel")
    assert not console_errors, console_errors


def test_the_arms_and_plan_pages_are_accessible(
    page, live_server, unit, manager, supervisor, console_errors, settings
) -> None:
    settings.DEMO_MODE = True
    nominal = NominalFactory.create(unit=unit, offender_manager=manager, supervisor=supervisor)
    plan, objective, action = plan_ready_to_submit(nominal, manager)
    _sign_in(page, live_server, "manager")
    base = f"{live_server.url}/nominals/{nominal.reference}/risk"

    page.goto(f"{base}/arms/")
    assert_accessible(page, "arms form")
    page.click("button:has-text('Record the assessment')")
    assert "Rate opportunity to offend" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "arms form with errors")
    for name, value in arms_post().items():
        if name.endswith("__rating"):
            page.check(f"input[name={name}][value='{value}']")
        else:
            page.fill(f"#id_{name}", value)
    page.click("button:has-text('Record the assessment')")
    page.wait_for_url("**/risk/arms/*/")
    assert_accessible(page, "arms assessment")

    for path, name in (
        (f"/plans/{plan.number}/", "plan draft"),
        (f"/plans/{plan.number}/edit/", "plan details form"),
        (f"/plans/{plan.number}/objectives/add/", "objective form"),
        (f"/plans/{plan.number}/actions/{action.pk}/", "action form"),
        ("/plans/", "plan versions"),
        ("/plans/new/", "new plan version"),
    ):
        page.goto(base + path)
        assert_accessible(page, name)

    # An action without an owner is refused on the page.
    page.goto(f"{base}/plans/{plan.number}/actions/add/")
    page.fill("#id_what", "Referral to the housing team")
    page.fill("#id_due_on", (dt.date.today() + dt.timedelta(days=20)).isoformat())
    page.click("button:has-text('Save action')")
    assert "Say who will do this" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page, "action form with errors")

    page.goto(f"{base}/plans/{plan.number}/")
    page.click("button:has-text('Submit for approval')")
    assert "Waiting for approval" in page.locator("h1").inner_text()
    page.click("button:has-text('Sign out')")

    _sign_in(page, live_server, "supervisor")
    page.goto(f"{base}/plans/{plan.number}/decide/")
    assert_accessible(page, "plan decision")
    page.check("input[name=decision][value=approve]")
    page.click("button:has-text('Record the decision')")
    page.wait_for_url(f"**/nominals/{nominal.reference}/risk/")
    assert "Version 1, signed off by" in page.locator("main").inner_text()
    assert_accessible(page, "risk record with a plan")
    services.plan_start(actor=manager, nominal=nominal)  # a superseded version to show
    page.goto(f"{base}/plans/")
    assert_accessible(page, "plan versions with a draft")
    del objective
    assert not console_errors, console_errors
