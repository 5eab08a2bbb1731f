"""Scoring RM2000 and recording ARMS through the forms (RULES.md §5.4, §5.5).

The scoring tables themselves are tested in tests/policy/test_rm2000.py; here the point
is the record: the form asks FLAGS' questions, refuses people the tool does not apply to
with the reason, and stores the tool, its version, the answers and the result.
"""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from tests.risk.risk_factories import arms_post, make_nominal, rm2000_input, rm2000_post
from vigil.audit.models import AuditEvent
from vigil.nominals.models import Gender
from vigil.policy import arms, rm2000
from vigil.risk import services
from vigil.risk.models import ActuarialScore, ArmsAssessment, ArmsRating


@pytest.fixture
def nominal(unit, manager, supervisor):
    return make_nominal(unit, manager, supervisor)


def test_the_form_asks_every_question_in_the_policys_words(nominal, manager, login_as) -> None:
    page = login_as(manager).get(reverse("risk:rm2000", args=[nominal.reference]))
    body = html.unescape(page.content.decode())
    for spec in rm2000.FLAGS:
        assert spec.label in body, spec.name
    assert AuditEvent.objects.filter(action="risk.form.viewed", detail__form="rm2000").exists()


def test_scoring_through_the_form_stores_tool_version_answers_and_result(
    nominal, manager, login_as
) -> None:
    response = login_as(manager).post(
        reverse("risk:rm2000", args=[nominal.reference]), rm2000_post()
    )
    score = ActuarialScore.objects.get(nominal=nominal)
    assert response.status_code == 302
    assert response.url == reverse("risk:score", args=[nominal.reference, score.pk])
    expected = rm2000.score(inp=rm2000_input())
    assert (score.tool, score.tool_version) == (rm2000.TOOL, rm2000.VERSION)
    assert score.result == expected.to_dict()
    # The worked example: step 1 high (3 points), 4 aggravating factors -> very high.
    assert score.result["s"] == {
        "points": 3,
        "step1": "high",
        "aggravating": 4,
        "category": "very high",
    }
    assert (score.s_category, score.v_category, score.c_category) == (
        expected.s.category.value,
        expected.v.category.value,
        expected.c.category.value,
    )
    assert score.inputs["sex"] == "male" and score.inputs["sexual_appearances"] == 2
    assert score.scored_by == manager
    assert score.explanation == list(expected.explanation)
    page = login_as(manager).get(response.url).content.decode()
    assert "How it was worked out" in page and "RM2000/S step 2" in page


@pytest.mark.parametrize(
    "changes,reason",
    [
        ({"age_at_commencement_of_risk": "17"}, "it is for adults aged 18 or over"),
        ({"convicted_of_sexual_offence": "no"}, "not cautioned or alleged offenders"),
        ({"sexual_offence_at_16_or_over": "no"}, "committed aged 16 or over"),
    ],
)
def test_a_person_the_tool_does_not_apply_to_is_refused_with_the_reason(
    nominal, manager, login_as, changes, reason
) -> None:
    response = login_as(manager).post(
        reverse("risk:rm2000", args=[nominal.reference]), rm2000_post(**changes)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Risk Matrix 2000 does not apply to this person" in body
    assert reason in body
    assert not ActuarialScore.objects.exists()


def test_a_woman_is_refused_from_her_record_not_from_what_is_typed(
    unit, manager, supervisor, login_as
) -> None:
    woman = make_nominal(unit, manager, supervisor, gender=Gender.FEMALE)
    response = login_as(manager).post(
        reverse("risk:rm2000", args=[woman.reference]), rm2000_post(sex="male")
    )
    body = response.content.decode()
    assert "it is for men only and the person&#x27;s recorded sex is female" in body
    assert not ActuarialScore.objects.exists()


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"sexual_appearances": "-1"}, "sexual appearances cannot be negative"),
        ({"sexual_appearances": "0"}, "sexual appearances must be at least 1"),
        ({"criminal_appearances": "1"}, "cannot be fewer than sexual appearances"),
        ({"violent_appearances": "9"}, "cannot exceed criminal appearances"),
        ({"violent_appearances": "lots"}, "Enter a whole number, like 3"),
        ({"burglary": ""}, "Answer yes or no"),
        ({"scored_on": "2999-01-01"}, "The scoring date is in the future"),
    ],
)
def test_impossible_answers_are_explained_and_nothing_is_stored(
    nominal, manager, login_as, changes, message
) -> None:
    response = login_as(manager).post(
        reverse("risk:rm2000", args=[nominal.reference]), rm2000_post(**changes)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    assert "There is a problem" in body
    assert not ActuarialScore.objects.exists()


def test_an_arms_assessment_is_recorded_with_every_factor_and_its_summary(
    nominal, manager, login_as
) -> None:
    data = arms_post(
        **{"sexual_preoccupation__rating": "high", "positive_routine__rating": "present"}
    )
    response = login_as(manager).post(reverse("risk:arms", args=[nominal.reference]), data)
    assert response.status_code == 302
    assessment = ArmsAssessment.objects.get(nominal=nominal)
    assert assessment.ratings.count() == len(arms.FACTORS.value) == 11
    assert assessment.factor_list_version == arms.VERSION
    assert "sexual_preoccupation" in assessment.summary["priorities"]
    assert "positive_routine" in assessment.summary["strengths"]
    assert ArmsRating.history.count() == 11
    page = login_as(manager).get(response.url).content.decode()
    assert "Sexual preoccupation" in page and "Seen at the visit" in page


def test_incomplete_arms_ratings_are_refused_factor_by_factor(nominal, manager, login_as) -> None:
    data = arms_post(
        **{
            "opportunity_to_offend__rating": "",
            "commitment_to_desist__rating": "",
            "social_investment__evidence": "",
        }
    )
    response = login_as(manager).post(reverse("risk:arms", args=[nominal.reference]), data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Rate opportunity to offend" in body
    assert "Rate commitment to desist" in body
    assert "Give the evidence for the rating of social investment" in body
    assert 'value="Settled, working' in body or "Settled, working" in body  # kept
    assert not ArmsAssessment.objects.exists()


def test_a_rating_off_the_factors_scale_is_refused(nominal, manager) -> None:
    ratings = {f.code: f.scale[0].value for f in arms.FACTORS.value}
    ratings["positive_routine"] = "high"  # a risk rating on a protective factor
    with pytest.raises(arms.ArmsRatingsInvalid, match="Positive routine must be rated"):
        services.arms_record(
            actor=manager,
            nominal=nominal,
            assessed_on=nominal.registered_on,
            ratings=ratings,
            evidence={f.code: "x" for f in arms.FACTORS.value},
            formulation="x",
            priorities="x",
        )
    assert not ArmsAssessment.objects.exists()


def test_missing_formulation_and_priorities_are_explained(nominal, manager, login_as) -> None:
    data = arms_post(formulation="", priorities="")
    body = login_as(manager).post(reverse("risk:arms", args=[nominal.reference]), data).content
    assert b"Write the case formulation" in body
    assert b"Write the priorities for the plan" in body
