"""The notification calculator page (issue 4): the tools' answers for any calculator user.

Through the real form: good answers show whether the offence is notifiable, the period,
its last day and the review date, each with the law's reason; bad answers come back with
a GOV.UK error summary and the input kept; every calculation is audited with its inputs.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html import unescape
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.access.registration_calculator import (
    ANON,
    CALCULATOR_USERS,
    ENTRIES,
    ROLES,
)
from vigil.accounts.roles import GRANTS, Perm, Role
from vigil.audit.actions import describe
from vigil.audit.models import AuditEvent
from vigil.policy import schedule3
from vigil.registration import calculator as calc
from vigil.registration.views_calculator import USED

pytestmark = [pytest.mark.django_db]

URL = "/calculators/notification/"

GOOD = {
    "offence": "SOA2003-s3",
    "offender_age": "25",
    "victim_age": "15",
    "disposal": "imprisonment",
    "custody": "imprisonment",
    "term": "24m",
    "served": "concurrent",
    "relevant_date": "2024-03-01",
    "age": "25",
}


def ask(client, **answers: str) -> Any:
    response = client.get(URL, answers)
    assert response.status_code == 200
    return response


def text_of(response) -> str:
    """The page's main content as plain text."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    main = re.sub(r"<datalist.*?</datalist>", " ", main, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", main)).split())


def errors_of(response) -> dict[str, list[str]]:
    form = response.context["form"]
    return {name: list(messages) for name, messages in form.errors.items()}


def events() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=USED).order_by("pk"))


@pytest.fixture
def officer(manager, login_as):
    return login_as(manager)


# --- The blank page ------------------------------------------------------------------------


def test_the_url_is_registration_calculator() -> None:
    assert reverse("registration:calculator") == URL


def test_the_blank_page_offers_every_known_offence_in_a_datalist(officer) -> None:
    response = officer.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<datalist id="offence-list">' in html
    assert 'list="offence-list"' in html
    for offence in schedule3.all_offences():
        assert f'<option value="{offence.code}">' in html
    assert response.context["answer"] is None
    assert "govuk-error-summary" not in html
    assert not events(), "opening the page is not a calculation"


# --- Answers ---------------------------------------------------------------------------------


def test_a_notifiable_offence_shows_the_paragraph_period_last_day_and_reasons(officer) -> None:
    response = ask(officer, **GOOD)
    page = text_of(response)
    assert "Notifiable under Schedule 3 para 18(b)(i)" in page
    assert "the victim was under 18" in page
    assert "10 years" in page
    assert "First day 1 March 2024" in page
    assert "Last day 28 February 2034" in page
    assert "s.82(1) gives 10 years" in page
    assert "The date of the conviction, finding or caution (s.82(6))" in page
    assert "There is a problem" not in page
    assert response.context["answer"].period.period.last_day == dt.date(2034, 2, 28)


def test_the_page_and_the_command_line_give_the_same_answer(officer) -> None:
    answer = ask(officer, **{**GOOD, "age": "17", "offender_age": "17"}).context["answer"]
    out = io.StringIO()
    call_command(
        "notification_period",
        *("--relevant-date", "2024-03-01", "--age", "17", "--disposal", "imprisonment"),
        *("--term", "24m", "--json"),
        stdout=out,
    )
    assert answer.period.as_json() == json.loads(out.getvalue())
    out = io.StringIO()
    call_command(
        "schedule3_check",
        *("--offence", "SOA2003-s3", "--offender-age", "17", "--victim-age", "15"),
        *("--disposal", "imprisonment", "--term", "24m", "--json"),
        stdout=out,
    )
    assert answer.schedule3.as_json() == json.loads(out.getvalue())


def test_an_under_18_sees_the_halved_period(officer) -> None:
    page = text_of(ask(officer, **{**GOOD, "offender_age": "17", "age": "17"}))
    assert "5 years (halved under s.82(2))" in page
    assert "Last day 28 February 2029" in page


def test_an_indefinite_period_shows_no_last_day_and_the_earliest_review_date(officer) -> None:
    page = text_of(ask(officer, **{**GOOD, "term": "30m"}))
    assert "Indefinite" in page
    assert "Last day None" in page
    assert "Earliest review date 1 March 2039" in page
    assert "s.91B(2)(a)" in page
    assert "earliest it can be" in page


def test_the_first_notification_date_gives_the_review_qualifying_date(officer) -> None:
    page = text_of(ask(officer, **{**GOOD, "term": "30m", "relevant_notification": "2025-01-10"}))
    assert "Review qualifying date 10 January 2040" in page
    assert "earliest it can be" not in page


def test_an_offence_not_in_schedule_3_is_not_notifiable_with_the_reason(officer) -> None:
    response = ask(officer, **{**GOOD, "offence": "SOA1956-s2", "victim_age": "20"})
    page = text_of(response)
    assert "Not notifiable" in page
    assert "not listed in Schedule 3" in page
    assert "Not notifiable, so there is no period." in page
    assert not response.context["form"].errors


def test_unmet_conditions_say_what_the_paragraph_requires(officer) -> None:
    page = text_of(ask(officer, **{**GOOD, "victim_age": "25", "disposal": "fine", "term": ""}))
    assert "Not notifiable" in page
    assert "Schedule 3 para 18 lists the offence, but its conditions are not met" in page
    assert "Here the offender was 25 and the victim 25" in page


def test_without_a_relevant_date_only_schedule_3_is_answered(officer) -> None:
    page = text_of(ask(officer, **{**GOOD, "relevant_date": "", "age": ""}))
    assert "Notifiable under Schedule 3 para 18(b)(i)" in page
    assert "Give the relevant date and the age on it to work out the period." in page


def test_a_sentence_only_route_warns_that_the_period_runs_from_sentence(officer) -> None:
    # s.132(3).
    page = text_of(ask(officer, **{**GOOD, "victim_age": "25", "term": "3m"}))
    assert "The date of sentence, when the sentencing condition was met (s.132(3))" in page
    assert "Check that the relevant date you gave is the date of sentence" in page


def test_consecutive_terms_are_aggregated(officer) -> None:
    # s.82(4)(a): 18m + 12m = 30m, indefinite.
    page = text_of(
        ask(officer, **{**GOOD, "term": "18m", "more_terms": "12m", "served": "consecutive"})
    )
    assert "Indefinite" in page
    assert "consecutive terms of 18 months + 12 months = 30 months" in page


def test_partly_concurrent_terms_take_off_the_overlap(officer) -> None:
    # s.82(4)(b): 24m + 12m - 7m = 29m, 10 years.
    page = text_of(
        ask(
            officer,
            **{**GOOD, "more_terms": "12m", "served": "overlap", "overlap": "7m"},
        )
    )
    assert "10 years" in page
    assert "X + Y - Z" in page


def test_a_conditional_discharge_gives_its_own_period(officer) -> None:
    page = text_of(
        ask(
            officer, **{**GOOD, "disposal": "conditional_discharge", "term": "", "discharge": "18m"}
        )
    )
    assert "1 year 6 months" in page
    assert "Last day 31 August 2025" in page


def test_an_offence_can_be_picked_by_its_name(officer) -> None:
    response = ask(officer, **{**GOOD, "offence": "Sexual assault"})
    assert response.context["answer"].schedule3.offence.code == "SOA2003-s3"
    assert 'value="Sexual assault"' in response.content.decode(), "the typed input is kept"


def test_a_name_matching_several_offences_asks_to_pick_one(officer) -> None:
    errors = errors_of(ask(officer, **{**GOOD, "offence": "child"}))
    assert "matches more than one offence" in errors["offence"][0]
    assert "Pick one from the list" in errors["offence"][0]


def test_the_more_facts_open_when_used(officer) -> None:
    html = ask(officer, **{**GOOD, "secondary": "attempt"}).content.decode()
    assert '<details class="govuk-details" id="more-facts" open>' in html
    page = text_of(ask(officer, **{**GOOD, "secondary": "attempt"}))
    assert "read with para 94(a)" in page


# --- Bad input: a GOV.UK error summary, the message by the field, the input kept ---------


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"offence": ""}, "offence", "Enter the offence"),
        ({"offence": "SOA2003-s99"}, "offence", "Did you mean: SOA2003-s9"),
        ({"offender_age": "twenty"}, "offender_age", "whole number of years"),
        ({"offender_age": "9"}, "offender_age", "no child under 10"),
        ({"age": "8"}, "age", "no child under 10"),
        ({"victim_age": "-1"}, "victim_age", "cannot be negative"),
        ({"term": "-3m"}, "term", "A term cannot be negative"),
        ({"term": "24"}, "term", "has no unit"),
        ({"term": ""}, "term", "Imprisonment needs its custodial term"),
        ({"disposal": ""}, "disposal", "Choose how the offender was dealt with"),
        ({"disposal": "fine"}, "term", "Fine has no term"),
        ({"suspended": "on", "disposal": "community"}, "suspended", "can be suspended"),
        ({"custody": "dto", "term": "7m"}, "term", "even number of months"),
        ({"relevant_date": "2999-01-01"}, "relevant_date", "is in the future"),
        ({"relevant_date": "31/02/2024"}, "relevant_date", "year-month-day"),
        ({"relevant_date": "", "age": "25"}, "relevant_date", "Give the relevant date"),
        ({"age": ""}, "age", "Give the age on the relevant date"),
        ({"age": "24"}, "age", "cannot be less than the age at the time of the offence"),
        (
            {"conviction_date": "2024-06-01"},
            "relevant_date",
            "cannot be before the conviction",
        ),
        (
            {"offence_date": "2024-06-01", "conviction_date": "2024-05-01"},
            "offence_date",
            "is after the date of the conviction",
        ),
        ({"relevant_notification": "2023-01-01"}, "relevant_notification", "cannot be before"),
        ({"served": "overlap"}, "overlap", "Enter how long"),
        ({"overlap": "6m"}, "overlap", "only for partly concurrent terms"),
        ({"served": "consecutive"}, "served", "two or more Schedule 3 offences"),
        ({"more_terms": "12m\nsoon"}, "more_terms", "Line 2: Cannot read 'soon'"),
        ({"discharge": "1y"}, "discharge", "a conditional discharge has a discharge length"),
    ],
)
def test_bad_input_is_refused_next_to_the_field_with_how_to_fix_it(
    officer, changes, field, words
) -> None:
    response = ask(officer, **{**GOOD, **changes})
    errors = errors_of(response)
    assert field in errors, errors
    assert any(words in message for message in errors[field]), errors[field]
    html = response.content.decode()
    assert "govuk-error-summary" in html
    assert "(error) \u2013 Vigil" in html, "the title says there is an error"
    assert response.context["answer"] is None
    for name, value in changes.items():
        if value and name not in ("disposal", "served", "custody", "suspended"):
            assert unescape(value.split("\n")[0]) in unescape(html), f"{name} kept"


def test_several_problems_are_reported_together(officer) -> None:
    errors = errors_of(
        ask(
            officer,
            **{
                **GOOD,
                "offence": "SOA2003-s99",
                "offender_age": "9",
                "term": "-3m",
                "relevant_date": "2999-01-01",
            },
        )
    )
    assert {"offence", "offender_age", "term", "relevant_date"} <= set(errors)


def test_a_missing_fact_the_answer_depends_on_is_asked_for_at_its_field(officer) -> None:
    errors = errors_of(ask(officer, **{**GOOD, "victim_age": "", "disposal": "fine", "term": ""}))
    assert errors["victim_age"] == [
        "Cannot decide whether SOA 2003 s.3 (Sexual assault) is notifiable under Schedule 3 "
        "para 18 without the victim's (or other party's) age at the time of the offence: "
        "enter the victim's age at the time of the offence"
    ]
    errors = errors_of(ask(officer, **{**GOOD, "offence": "SOA2003-s67A", "victim_age": "30"}))
    assert "choose the purpose of the offence" in errors["purpose"][0]
    response = ask(officer, **{**GOOD, "offence": "SOA2003-s67A", "victim_age": "30"})
    assert response.context["show_more_facts"], "the folded facts open to show the error"


# --- The audit trail ------------------------------------------------------------------------


def test_each_calculation_is_audited_with_its_inputs_and_outcome(officer, manager) -> None:
    ask(officer, **{**GOOD, "term": "30m"})
    (event,) = events()
    assert event.actor == manager
    assert event.detail["inputs"] == {
        "offence": "SOA2003-s3",
        "offender_age": 25,
        "victim_age": 15,
        "disposal": "imprisonment",
        "custody": "imprisonment",
        "term": "30m",
        "served": "concurrent",
        "relevant_date": "2024-03-01",
        "age": 25,
    }
    assert event.detail["outcome"] == {
        "notifiable": True,
        "paragraph": "para 18(b)(i)",
        "offence": "SOA2003-s3",
        "indefinite": True,
        "months": None,
        "length": None,
        "first_day": "2024-03-01",
        "last_day": None,
        "review_qualifying_date": "2039-03-01",
    }
    assert describe(USED) == "used the notification calculator"


def test_a_calculation_the_rules_refuse_is_audited_too(officer) -> None:
    ask(officer, **{**GOOD, "victim_age": ""})
    (event,) = events()
    assert "victim" in event.detail["refused"][0]
    assert "outcome" not in event.detail


def test_a_form_with_typing_errors_is_not_a_calculation(officer) -> None:
    ask(officer, **{**GOOD, "term": "24"})
    assert not events()


# --- Who may use it ------------------------------------------------------------------------


def test_the_access_entries_give_the_calculator_to_the_roles_granted_calculators() -> None:
    names = {
        "manager": Role.OFFENDER_MANAGER,
        "support": Role.REGISTER_SUPPORT,
        "admin": Role.REGISTER_ADMIN,
        "supervisor": Role.SUPERVISOR,
        "analyst": Role.ANALYST,
        "partner": Role.PARTNER,
        "panel": Role.PANEL,
        "sysadmin": Role.SYSADMIN,
    }
    granted = {name for name, role in names.items() if role in GRANTS[Perm.USE_CALCULATORS]}
    assert set(CALCULATOR_USERS) == granted


@pytest.mark.parametrize("role", [ANON, *ROLES])
def test_each_role_gets_the_expected_answer(role, personas, login_as, client) -> None:
    if role != ANON:
        client = login_as(personas[role])
    for name, (kwargs, expected) in ENTRIES.items():
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == expected[role], (name, role)
        answered = client.get(reverse(name, kwargs=kwargs), GOOD)
        assert answered.status_code == expected[role], (name, role, "with answers")
    assert AuditEvent.objects.filter(action=USED).count() == (role in CALCULATOR_USERS)


def test_the_voice_for_the_page_never_shows_python_names() -> None:
    problem = calc.Problem(
        "victim_age",
        "SOA 2003 s.5 requires a victim under 13, but victim_age is 14; check the age",
    )
    assert calc.PAGE_VOICE.render(problem) == (
        "SOA 2003 s.5 requires a victim under 13, but the victim's age at the time of the "
        "offence is 14; check the age"
    )
    assert "--victim-age" in calc.CLI_VOICE.render(problem)
