"""The force's visit and review policy page: what is in force, its history, and the form
for a new version, with good and bad input, per role, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from vigil.audit.models import AuditEvent
from vigil.obligations.forms import CadencePolicyForm
from vigil.obligations.models import CadencePolicyVersion
from vigil.obligations.services import cadence_policy_add
from vigil.policy.cadence import ENGLAND_AND_WALES_DEFAULT as DEFAULT
from vigil.policy.cadence import Interval
from vigil.policy.risk_levels import RiskLevel

PAGE = reverse("obligations:cadence-policy")
NEW = reverse("obligations:cadence-policy-new")


def today() -> dt.date:
    return timezone.localdate()


def post_data(**changes: Any) -> dict[str, str]:
    """The form as a browser posts it, filled in with the default's values."""
    data = CadencePolicyForm.initial_from(DEFAULT, name="Northshire visit and review policy")
    data["effective_from"] = today().isoformat()
    data["reason"] = "Policy PP-017 rev 3"
    data.update(changes)
    return {k: str(v) for k, v in data.items()}


def body(response) -> str:
    return response.content.decode()


def test_the_page_shows_the_default_while_the_force_has_no_version(admin, login_as) -> None:
    response = login_as(admin).get(PAGE)
    assert response.status_code == 200
    text = body(response)
    assert "Northshire Police" in text
    assert "has no policy of its own in force" in text and DEFAULT.name in text
    assert "No version has been added yet." in text
    event = AuditEvent.objects.get(action="cadence_policy.viewed")
    assert (event.actor, event.subject_ref) == (admin, "northshire")


def test_the_form_starts_from_the_policy_as_it_stands(admin, login_as) -> None:
    response = login_as(admin).get(NEW)
    assert response.status_code == 200
    form = response.context["form"]
    assert form["home_visit_medium_count"].value() == 6
    assert form["home_visit_medium_unit"].value() == "months"
    assert form["record_review_count"].value() == 16
    assert AuditEvent.objects.filter(action="cadence_policy.form.viewed", actor=admin).exists()


def test_a_good_version_is_added_and_shown_with_what_differs(admin, login_as) -> None:
    client = login_as(admin)
    response = client.post(
        NEW,
        post_data(
            home_visit_high_count="2",
            home_visit_medium_count="2",
            record_review_count="12",
        ),
    )
    assert response.status_code == 302 and response["Location"] == PAGE
    version = CadencePolicyVersion.objects.get()
    assert (version.number, version.created_by, version.reason) == (1, admin, "Policy PP-017 rev 3")
    assert version.values["home_visit"]["medium"] == {"count": 2, "unit": "months"}
    text = body(client.get(PAGE))
    assert "Version 1 added" in text
    assert "Northshire visit and review policy</strong>, version 1" in text
    assert "differs from the England and Wales default in 3 values" in text
    assert "Home visit: medium risk" in text and "Record review (the 16-week review)" in text
    assert AuditEvent.objects.filter(action="cadence_policy.version.added", actor=admin).exists()


def test_a_version_from_a_later_date_is_shown_as_scheduled(admin, home_force, login_as) -> None:
    start = today() + dt.timedelta(days=10)
    cadence_policy_add(
        actor=admin,
        force=home_force,
        name="Next year's",
        effective_from=start,
        changes={"record_review": Interval.weeks(12)},
        today=today(),
    )
    text = body(login_as(admin).get(PAGE))
    assert "has no policy of its own in force" in text
    assert f"comes into force on {start.day} {start:%B %Y}" in text
    # The form starts from it: the policy as it will stand.
    form = login_as(admin).get(NEW).context["form"]
    assert form["record_review_count"].value() == 12


BAD = [
    (
        "a zero interval",
        {"home_visit_low_count": "0"},
        "The home visit interval for low risk must be at least 1: an interval cannot be zero "
        "or negative",
    ),
    (
        "a negative interval",
        {"record_review_count": "-4"},
        "The record review interval must be at least 1",
    ),
    (
        "not a number",
        {"plan_review_high_count": "six"},
        "Enter the risk management plan review interval for high risk as a whole number, like 6",
    ),
    (
        "an unknown unit",
        {"home_visit_medium_unit": "fortnights"},
        "Choose days, weeks, months or years for the home visit interval for medium risk",
    ),
    (
        "a missing count",
        {"due_soon_within_count": ""},
        "Enter the due-soon window",
    ),
    (
        "longer than 100 years",
        {"reactive_qualifying_period_count": "101", "reactive_qualifying_period_unit": "years"},
        "longer than 100 years",
    ),
    (
        "a start in the past",
        {"effective_from": "2020-01-01"},
        "The date is in the past. A new version starts today",
    ),
    (
        "a date that is not one",
        {"effective_from": "31/02/2026"},
        "Enter the date as year-month-day",
    ),
    (
        "high risk waiting longer than medium",
        {"home_visit_high_count": "7"},
        "Home visit: high risk (every 7 months) would wait longer than medium risk (every 6 "
        "months)",
    ),
    ("no name", {"name": " "}, "Enter the policy&#x27;s name"),
    ("the default's name", {"name": DEFAULT.name}, "Give the force&#x27;s policy its own name"),
    ("no answer", {"reactive_requires_mappa_level_1": ""}, "Say whether reactive management"),
]


@pytest.mark.parametrize("what,changes,message", BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_with_a_clear_message_and_kept(
    admin, login_as, what, changes, message
) -> None:
    response = login_as(admin).post(NEW, post_data(**changes))
    assert response.status_code == 200
    text = body(response)
    assert "There is a problem" in text
    assert message in text
    assert not CadencePolicyVersion.objects.exists()
    form = response.context["form"]
    # What was typed is still there, the bad value included.
    for name, value in post_data(**changes).items():
        if name in form.fields and name not in ("name",) and value.strip():
            assert str(form[name].value()) == value, name
    assert not AuditEvent.objects.filter(action="cadence_policy.version.added").exists()


def test_the_rising_risk_message_is_on_the_higher_levels_field(admin, login_as) -> None:
    response = login_as(admin).post(NEW, post_data(home_visit_high_count="7"))
    form = response.context["form"]
    assert list(form.errors) == ["home_visit_high_count"]


def test_an_administrator_of_another_force_sees_only_their_own(
    admin, home_force, other_admin, login_as
) -> None:
    cadence_policy_add(
        actor=admin,
        force=home_force,
        name="Northshire only",
        effective_from=today(),
        changes={"record_review": Interval.weeks(12)},
        today=today(),
    )
    text = body(login_as(other_admin).get(PAGE))
    assert "Westmarch Constabulary" in text
    assert "Northshire only" not in text and "has no policy of its own in force" in text
    login_as(other_admin).post(NEW, post_data(name="Westmarch policy"))
    assert set(CadencePolicyVersion.objects.values_list("force__code", "name")) == {
        ("northshire", "Northshire only"),
        ("westmarch", "Westmarch policy"),
    }


@pytest.mark.parametrize("role", ["manager", "support", "supervisor", "analyst", "sysadmin"])
def test_other_roles_may_not_see_or_set_the_policy(role, personas, login_as) -> None:
    client = login_as(personas[role])
    assert client.get(PAGE).status_code == 403
    assert client.post(NEW, post_data()).status_code == 403
    assert not CadencePolicyVersion.objects.exists()


def test_the_page_takes_the_same_queries_for_one_version_or_six(
    admin, home_force, login_as
) -> None:
    client = login_as(admin)

    def add(n: int) -> None:
        for _ in range(n):
            cadence_policy_add(
                actor=admin,
                force=home_force,
                name="P",
                effective_from=today(),
                changes={"home_visit": {RiskLevel.LOW: Interval.months(11)}},
                today=today(),
            )

    add(1)
    client.get(PAGE)  # the session warmed
    with CaptureQueriesContext(connection) as one:
        client.get(PAGE)
    add(5)
    with CaptureQueriesContext(connection) as six:
        text = body(client.get(PAGE))
    assert "Version 6: P" in text and "Replaced by version 6 before it began" in text
    assert len(six.captured_queries) == len(one.captured_queries)
