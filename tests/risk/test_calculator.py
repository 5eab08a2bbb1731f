"""The standalone RM2000 calculator page: the real form, the result, refusals, audit, access."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from tests.access.risk_calculator import EXPECTED
from vigil.audit.models import AuditEvent
from vigil.policy import rm2000
from vigil.policy.rm2000 import FLAGS
from vigil.risk import calculator
from vigil.risk.forms_calculator import Rm2000Form
from vigil.risk.views_calculator import USED

pytestmark = pytest.mark.django_db

NAME = "risk:rm2000-calculator"

# The issue's example, as the page sends it.
EXAMPLE: dict[str, str] = {
    "sex": "male",
    "convicted_of_sexual_offence": "yes",
    "sexual_offence_at_16_or_over": "yes",
    "age_at_commencement_of_risk": "30",
    "sexual_appearances": "2",
    "criminal_appearances": "6",
    "violent_appearances": "1",
    "burglary": "on",
    "male_victim": "on",
    "stranger_victim": "on",
    "non_contact_offence": "on",
    "single": "on",
}

PLAIN: dict[str, str] = {  # eligible, lowest on everything, nothing ticked
    "sex": "male",
    "convicted_of_sexual_offence": "yes",
    "sexual_offence_at_16_or_over": "yes",
    "age_at_commencement_of_risk": "45",
    "sexual_appearances": "1",
    "criminal_appearances": "1",
    "violent_appearances": "0",
}


def url() -> str:
    return reverse(NAME)


def uses() -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=USED).order_by("pk"))


class _Page(HTMLParser):
    """The ids on a page and the links in its error summary."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.summary_links: list[str] = []
        self._in_summary = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if "govuk-error-summary" in (found.get("class") or "").split():
            self._in_summary = 1
        if self._in_summary and tag == "a":
            self.summary_links.append(str(found.get("href")))


def parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def text(response: Any) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# --- Blank, good and bad input ---------------------------------------------------------------


def test_the_blank_page_asks_every_question_and_audits_nothing(manager, login_as) -> None:
    response = login_as(manager).get(url())
    assert response.status_code == 200
    page = text(response)
    assert "Risk Matrix 2000 calculator" in page
    assert "There is a problem" not in page
    for spec in FLAGS:
        assert spec.label in page
    assert uses() == []


def test_the_issues_example_shows_every_figure_and_how_each_item_scored(manager, login_as) -> None:
    response = login_as(manager).get(url(), EXAMPLE)
    assert response.status_code == 200
    assert 'id="result"' in response.content.decode()
    page = text(response)
    assert "There is a problem" not in page
    assert "RM2000/S (sexual reoffending) Very high" in page
    assert "RM2000/S step 1 High (3 points)" in page
    assert "RM2000/S step 2 4 of 4 aggravating factors, raised two levels" in page
    assert "RM2000/V (non-sexual violence) High (5 points)" in page
    assert "RM2000/C (combined) High" in page
    assert f"Tool RM2000, {rm2000.VERSION}" in page
    assert "RM2000/S step 1: age 30, band 25-34: 1 point." in page
    assert "RM2000/C: S Very high counts 4, V High counts 3; total 7, band 6-7: High." in page


def test_the_answers_stay_in_the_form_after_scoring(manager, login_as) -> None:
    page = login_as(manager).get(url(), EXAMPLE).content.decode()
    assert re.search(r'name="age_at_commencement_of_risk"[^>]*value="30"', page)
    assert re.search(r'value="male"\s+checked', page)
    assert re.search(r'name="single"[^>]*checked', page) or re.search(
        r'checked[^>]*name="single"', page
    )


def test_each_use_is_audited_with_the_answers_and_the_answer_but_no_person(
    manager, login_as
) -> None:
    login_as(manager).get(url(), EXAMPLE)
    [event] = uses()
    assert event.actor == manager
    assert event.subject_type == ""
    assert event.subject_ref == ""
    assert event.detail["outcome"] == "scored"
    assert event.detail["inputs"]["age_at_commencement_of_risk"] == 30
    assert event.detail["inputs"]["sex"] == "male"
    assert event.detail["inputs"]["single"] is True
    assert event.detail["answer"]["s"] == {
        "points": 3,
        "step1": "high",
        "aggravating": 4,
        "category": "very high",
    }
    assert set(event.detail) == {"tool", "version", "inputs", "outcome", "answer"}
    assert set(event.detail["inputs"]) == {spec.name for spec in FLAGS}


def test_the_page_and_the_command_give_the_same_answer(manager, login_as) -> None:
    from tests.risk.test_cli import EXAMPLE as CLI_EXAMPLE
    from tests.risk.test_cli import run_json

    login_as(manager).get(url(), EXAMPLE)
    [event] = uses()
    assert event.detail["answer"] == run_json(*CLI_EXAMPLE)


def test_nothing_ticked_means_no_for_each_flag(manager, login_as) -> None:
    response = login_as(manager).get(url(), PLAIN)
    assert "RM2000/C (combined) Low" in text(response)
    [event] = uses()
    assert event.detail["inputs"]["burglary"] is False
    assert event.detail["answer"]["s"]["aggravating"] == 0


def test_a_woman_is_refused_saying_the_tool_does_not_apply_and_the_refusal_is_audited(
    manager, login_as
) -> None:
    response = login_as(manager).get(url(), {**PLAIN, "sex": "female"})
    page = text(response)
    assert "There is no score" in page
    assert (
        "Risk Matrix 2000 does not apply: it is for men only and the person's recorded sex "
        "is female." in page
    )
    assert 'id="result"' not in response.content.decode()
    [event] = uses()
    assert event.detail["outcome"] == "not applicable"
    assert event.detail["reasons"] == ["it is for men only and the person's recorded sex is female"]
    assert "answer" not in event.detail


@pytest.mark.parametrize(
    ("answers", "outcome", "message"),
    [
        (
            {"age_at_commencement_of_risk": "17"},
            "not applicable",
            "Risk Matrix 2000 does not apply: it is for adults aged 18 or over and the "
            "person is 17 at the commencement of risk.",
        ),
        (
            {"convicted_of_sexual_offence": "no", "sexual_offence_at_16_or_over": ""},
            "not applicable",
            "Risk Matrix 2000 does not apply: it is for people convicted of a sexual offence, "
            "not cautioned or alleged offenders.",
        ),
        (
            {"sexual_offence_at_16_or_over": "no"},
            "not applicable",
            "Risk Matrix 2000 does not apply: at least one sexual offence must have been "
            "committed aged 16 or over.",
        ),
        (
            {"sexual_appearances": "0"},
            "invalid input",
            "Sexual appearances must be at least 1 for someone convicted of a sexual offence "
            "(count the current conviction).",
        ),
        (
            {"sexual_appearances": "3", "criminal_appearances": "2"},
            "invalid input",
            "Criminal appearances (2) cannot be fewer than sexual appearances (3): every "
            "sexual appearance is also a criminal appearance.",
        ),
    ],
    ids=[
        "aged 17",
        "not convicted",
        "every offence under 16",
        "no sexual appearance",
        "fewer criminal than sexual",
    ],
)
def test_the_rules_refusals_are_shown_and_audited(
    manager, login_as, answers: dict[str, str], outcome: str, message: str
) -> None:
    response = login_as(manager).get(url(), {**PLAIN, **answers})
    assert message in text(response)
    assert 'id="result"' not in response.content.decode()
    [event] = uses()
    assert event.detail["outcome"] == outcome


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        (
            {"violent_appearances": "-1"},
            "The number of violent appearances cannot be negative. Check the number",
        ),
        (
            {"age_at_commencement_of_risk": "thirty"},
            "Enter the person's age at the commencement of risk as a whole number, like 30",
        ),
        ({"sexual_appearances": ""}, "Enter the number of sexual appearances"),
        ({"sex": ""}, "Select an answer: What is the person's recorded sex?"),
        (
            {"convicted_of_sexual_offence": ""},
            "Select yes or no: Has the person been convicted of a sexual offence?",
        ),
        (
            {"sexual_offence_at_16_or_over": ""},
            "Select yes or no: Did the person commit at least one of their sexual offences "
            "aged 16 or over?",
        ),
    ],
    ids=[
        "negative count",
        "not a number",
        "no count",
        "no sex",
        "no conviction answer",
        "no age-of-offence answer",
    ],
)
def test_a_question_left_blank_or_mistyped_is_named_and_nothing_is_audited(
    manager, login_as, answers: dict[str, str], message: str
) -> None:
    response = login_as(manager).get(url(), {**PLAIN, **answers})
    page = text(response)
    assert "There is a problem" in page
    assert message in page
    assert uses() == []


def test_an_empty_submission_asks_for_every_required_answer(manager, login_as) -> None:
    response = login_as(manager).get(url(), dict.fromkeys(PLAIN, ""))
    page = text(response)
    assert "Enter the person's age at the commencement of risk" in page
    assert "Enter the number of criminal appearances" in page
    assert "Select an answer: What is the person's recorded sex?" in page
    assert "(error)" in page  # in the <title>
    assert uses() == []


@pytest.mark.parametrize(
    "answers",
    [
        {"sex": "female"},
        {"sexual_appearances": "0"},
        {"violent_appearances": "-1", "sex": "", "convicted_of_sexual_offence": ""},
    ],
    ids=["does not apply", "impossible counts", "field errors"],
)
def test_every_error_summary_link_points_at_something_on_the_page(
    manager, login_as, answers: dict[str, str]
) -> None:
    page = parse(login_as(manager).get(url(), {**PLAIN, **answers}).content.decode())
    assert page.summary_links
    for href in page.summary_links:
        assert href.startswith("#")
        assert href[1:] in page.ids, f"{href} names nothing on the page"


# --- The form is generated from FLAGS -----------------------------------------------------------


def test_the_form_asks_each_question_in_flags_in_order_with_its_wording() -> None:
    form = Rm2000Form()
    assert list(form.fields) == [spec.name for spec in FLAGS]
    for spec in FLAGS:
        assert form.fields[spec.name].label == spec.label
        assert form.fields[spec.name].help_text == spec.help


def test_the_form_assumes_nothing_about_who_the_person_is() -> None:
    """Unlike the command line, which assumes an eligible man, the page asks."""
    form = Rm2000Form({k: v for k, v in PLAIN.items() if k not in calculator.ELIGIBILITY})
    assert not form.is_valid()
    assert set(form.errors) == {"sex", "convicted_of_sexual_offence"}


def test_the_form_does_not_ask_the_age_of_the_offences_of_someone_not_convicted() -> None:
    answers = {**PLAIN, "convicted_of_sexual_offence": "no", "sexual_offence_at_16_or_over": ""}
    form = Rm2000Form(answers)
    assert not form.is_valid()
    assert "sexual_offence_at_16_or_over" not in form.errors
    assert form.refusal is not None
    assert form.refusal.reasons == (
        "it is for people convicted of a sexual offence, not cautioned or alleged offenders",
    )


# --- Who may use it -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_roles_that_may_use_calculators_get_the_page_and_others_are_refused(
    role: str, personas, client, login_as
) -> None:
    if role != "anonymous":
        client = login_as(personas[role])
    response = client.get(url(), EXAMPLE)
    assert response.status_code == EXPECTED[role]
    assert len(uses()) == (1 if EXPECTED[role] == 200 else 0)


def test_an_officer_of_another_force_may_use_it_as_it_touches_no_record(outsider, login_as) -> None:
    assert login_as(outsider).get(url()).status_code == 200


def test_a_visitor_is_sent_to_sign_in(client) -> None:
    response = client.get(url())
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]
