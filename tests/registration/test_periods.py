"""The period, last day and review date the record shows, with their reasons, match the
policy for a table of worked cases (s.80, Sch 3, s.82, s.132, ss.91A-91B; SCHEDULE3.md §5)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.factories import NominalFactory
from tests.registration.test_notifications import convict, notify
from vigil.audit.models import AuditEvent
from vigil.registration import queries, services
from vigil.registration.models import ReviewApplication
from vigil.registration.services import Refused

D = dt.date
DOB = D(1980, 4, 3)


@pytest.fixture
def make(unit, manager):
    """A nominal registered on ``on`` with one conviction of the given offences."""

    def _make(*, on: dt.date, dob: dt.date = DOB, **conviction: Any):
        nominal = NominalFactory.create(unit=unit, registered_on=on, date_of_birth=dob)
        convict(nominal, manager, on=on, **conviction)
        return nominal

    return _make


TODAY = D(2026, 1, 1)


def _req(nominal, today=TODAY) -> queries.Requirements:
    return queries.requirements(nominal, today=today)


# (case, conviction kwargs, dob, indefinite, last day, words the reason must contain)
CASES = [
    (
        "adult, s.3 on a 15-year-old, 3 years' imprisonment: indefinite (s.82(1), 30 months+)",
        {"offence_code": "SOA2003-s3", "victim_age": 15, "disposal": "imprisonment", "term": "3y"},
        DOB,
        True,
        None,
        ["Indefinite", "30 months or more"],
    ),
    (
        "adult, s.3 on a 15-year-old, 12 months: 10 years, to the day before the anniversary",
        {"offence_code": "SOA2003-s3", "victim_age": 15, "disposal": "imprisonment", "term": "12m"},
        DOB,
        False,
        D(2030, 3, 3),
        ["10 years", "ending with 3 March 2030"],
    ),
    (
        "adult, s.3 on a 15-year-old, 6 months: 7 years",
        {"offence_code": "SOA2003-s3", "victim_age": 15, "disposal": "imprisonment", "term": "6m"},
        DOB,
        False,
        D(2027, 3, 3),
        ["7 years", "6 months or less"],
    ),
    (
        "adult, s.3 on a 15-year-old, fine: 5 years (any other description)",
        {"offence_code": "SOA2003-s3", "victim_age": 15, "disposal": "fine"},
        DOB,
        False,
        D(2025, 3, 3),
        ["5 years", "any other description"],
    ),
    (
        "17 on the relevant date, s.3 on a 14-year-old, 24-month DTO: 12 months, 10y halved to 5",
        {
            "offence_code": "SOA2003-s3",
            "victim_age": 14,
            "disposal": "imprisonment",
            "term": "24m",
            "custody": "dto",
            "offence_date": D(2019, 10, 1),
        },
        D(2002, 6, 1),
        False,
        D(2025, 3, 3),
        ["halved under s.82(2)", "s.131(a)"],
    ),
    (
        "adult, s.9 on a 15-year-old, conditional discharge of 2 years: the discharge period",
        {
            "offence_code": "SOA2003-s9",
            "victim_age": 15,
            "disposal": "conditional_discharge",
            "term": "2y",
        },
        DOB,
        False,
        D(2022, 3, 3),
        ["period of the conditional discharge"],
    ),
    (
        "adult, hospital order with restriction for s.1 rape: indefinite",
        {"offence_code": "SOA2003-s1", "victim_age": 30, "disposal": "hospital_restricted"},
        DOB,
        True,
        None,
        ["restriction order"],
    ),
]


@pytest.mark.parametrize(
    "case,offence,dob,indefinite,last_day,words", CASES, ids=[c[0] for c in CASES]
)
def test_the_period_and_last_day_match_the_policy(
    make, case, offence, dob, indefinite, last_day, words
) -> None:
    nominal = make(on=D(2020, 3, 4), dob=dob, **offence)
    eff = _req(nominal).effective
    assert eff is not None
    assert eff.indefinite is indefinite
    assert eff.last_day == last_day
    for word in words:
        assert word in eff.reason, (word, eff.reason)


def test_a_caution_gives_2_years_from_the_caution(make) -> None:
    nominal = make(
        on=D(2023, 5, 10),
        kind="caution",
        offence_code="CJA1988-s160",
        victim_age=None,
        image_subject_age=12,
        disposal="caution",
        term="",
    )
    eff = _req(nominal).effective
    assert eff is not None and eff.last_day == D(2025, 5, 9)
    assert "cautioned" in eff.reason


def test_notifiable_only_by_its_sentence_runs_from_the_sentence_date(make) -> None:
    """s.132(3): adult victim, 12-month community order (para 18(b)(ii)(c))."""
    nominal = make(
        on=D(2020, 3, 4),
        sentenced_on=D(2020, 4, 20),
        offence_code="SOA2003-s3",
        victim_age=30,
        disposal="community",
        term="12m",
    )
    req = _req(nominal)
    offence = req.assessments[0].offences[0]
    assert offence.decision is not None and offence.decision.sentencing_condition_only
    assert offence.relevant_date == D(2020, 4, 20)
    assert req.effective is not None and req.effective.last_day == D(2025, 4, 19)
    assert "s.132" in offence.decision.reason


def test_an_offence_that_is_not_notifiable_gives_no_period_and_says_why(make) -> None:
    nominal = make(on=D(2020, 3, 4), offence_code="SOA2003-s3", victim_age=30, disposal="fine")
    req = _req(nominal)
    assert req.effective is None
    offence = req.assessments[0].offences[0]
    assert not offence.notifiable
    assert offence.decision is not None and offence.decision.reason.startswith("Not notifiable")
    assert "No notifiable conviction" in req.status.notes[0]


def test_an_offence_not_in_schedule_3_is_not_notifiable_not_an_error(make) -> None:
    nominal = make(
        on=D(2020, 3, 4),
        offence_code="SOA2003-s66B(2)",
        victim_age=25,
        disposal="imprisonment",
        term="12m",
    )
    offence = _req(nominal).assessments[0].offences[0]
    assert not offence.error and not offence.notifiable
    assert "not listed in Schedule 3" in offence.decision.reason  # type: ignore[union-attr]


def test_consecutive_terms_are_aggregated(make) -> None:
    """s.82(4)(a): 20 + 12 months consecutive = 32 months, indefinite (SCHEDULE3.md §5 #42)."""
    nominal = make(
        on=D(2020, 3, 4),
        consecutive=True,
        offences=[
            {"offence_code": "SOA2003-s3", "victim_age": 12, "term": "20m"},
            {"offence_code": "SOA2003-s3", "victim_age": 13, "term": "12m"},
        ],
    )
    eff = _req(nominal).effective
    assert eff is not None and eff.indefinite
    assert "s.82(4)(a)" in eff.reason


def test_partly_concurrent_terms_count_x_plus_y_less_the_overlap(make) -> None:
    """s.82(4)(b): 24 + 12 - 6 = 30 months, indefinite (SCHEDULE3.md §5 #43)."""
    nominal = make(
        on=D(2020, 3, 4),
        overlap="6m",
        offences=[
            {"offence_code": "SOA2003-s3", "victim_age": 15, "term": "24m"},
            {"offence_code": "SOA2003-s9", "victim_age": 15, "term": "12m"},
        ],
    )
    eff = _req(nominal).effective
    assert eff is not None and eff.indefinite and "X + Y - Z" in eff.reason


def test_wholly_concurrent_terms_are_not_aggregated(make) -> None:
    nominal = make(
        on=D(2020, 3, 4),
        offences=[
            {"offence_code": "SOA2003-s3", "victim_age": 15, "term": "20m"},
            {"offence_code": "SOA2003-s3", "victim_age": 15, "term": "12m"},
        ],
    )
    req = _req(nominal)
    assert req.effective is not None and req.effective.last_day == D(2030, 3, 3)
    assert "not aggregated" in " ".join(req.assessments[0].notes)


def test_the_conviction_that_ends_last_governs(unit, manager) -> None:
    nominal = NominalFactory.create(unit=unit, registered_on=D(2016, 1, 5), date_of_birth=DOB)
    convict(
        nominal,
        manager,
        on=D(2016, 1, 5),
        offence_code="SOA2003-s66",
        victim_age=15,
        disposal="fine",
    )
    convict(
        nominal, manager, on=D(2019, 7, 1), offence_code="SOA2003-s3", victim_age=15, term="12m"
    )
    eff = _req(nominal).effective
    assert eff is not None and eff.last_day == D(2029, 6, 30)
    assert "ends last and governs" in eff.reason


def test_an_overlap_longer_than_the_terms_is_refused_at_entry(unit, manager) -> None:
    nominal = NominalFactory.create(unit=unit, registered_on=D(2020, 3, 4), date_of_birth=DOB)
    with pytest.raises(Refused, match="longer than the terms can overlap"):
        convict(
            nominal,
            manager,
            on=D(2020, 3, 4),
            overlap="2y",
            offences=[
                {"offence_code": "SOA2003-s3", "victim_age": 15, "term": "12m"},
                {"offence_code": "SOA2003-s3", "victim_age": 15, "term": "12m"},
            ],
        )


def test_an_offence_the_schedule_cannot_decide_is_refused_with_the_missing_fact(
    unit, manager
) -> None:
    nominal = NominalFactory.create(unit=unit, registered_on=D(2020, 3, 4), date_of_birth=DOB)
    with pytest.raises(Refused, match="image_subject_age"):
        convict(
            nominal,
            manager,
            on=D(2020, 3, 4),
            offence_code="PCA1978-s1",
            victim_age=None,
            disposal="fine",
        )


@pytest.mark.parametrize(
    "values,message",
    [
        ({"offence_date": D(2020, 5, 1)}, "nobody is convicted of an offence before committing it"),
        ({"offence_date": D(1988, 1, 1)}, "no child under 10"),
        ({"disposal": "caution", "term": ""}, "A caution is recorded as a caution"),
        ({"disposal": "fine", "term": "3y"}, "leave the term out"),
    ],
)
def test_impossible_offences_are_refused(unit, manager, values, message) -> None:
    nominal = NominalFactory.create(unit=unit, registered_on=D(2020, 3, 4), date_of_birth=DOB)
    with pytest.raises(Refused, match=message):
        convict(nominal, manager, on=D(2020, 3, 4), **values)


def test_a_relevant_date_in_the_future_is_refused(unit, manager) -> None:
    nominal = NominalFactory.create(unit=unit, registered_on=D(2020, 3, 4), date_of_birth=DOB)
    with pytest.raises(Refused, match="in the future"):
        services.conviction_save(
            actor=manager,
            nominal=nominal,
            instance=queries.Conviction(),
            values={"kind": "conviction", "relevant_on": D(2030, 1, 1), "court": "X"},
            today=D(2026, 1, 1),
        )


# --- The court's direction ----------------------------------------------------------------------


def test_a_courts_direction_wins_is_shown_as_such_and_is_audited(make, manager) -> None:
    nominal = make(on=D(2020, 3, 4), offence_code="SOA2003-s3", victim_age=15, disposal="fine")
    services.override_add(
        actor=manager,
        nominal=nominal,
        indefinite=False,
        ends_on=D(2027, 3, 3),
        directed_on=D(2021, 1, 5),
        directed_by="Northby Crown Court",
        reason="Sentence varied on appeal",
    )
    eff = _req(nominal).effective
    assert eff is not None and eff.override is not None and eff.last_day == D(2027, 3, 3)
    assert eff.reason.startswith("Northby Crown Court directed on 5 January 2021")
    assert eff.computed is not None and eff.computed.last_day == D(2025, 3, 3)
    assert AuditEvent.objects.filter(
        action="registration.override.added", subject_ref=nominal.reference
    ).exists()


def test_an_override_ending_before_the_requirements_began_is_refused(make, manager) -> None:
    nominal = make(on=D(2020, 3, 4), offence_code="SOA2003-s3", victim_age=15, disposal="fine")
    with pytest.raises(Refused, match="before the requirements began"):
        services.override_add(
            actor=manager,
            nominal=nominal,
            indefinite=False,
            ends_on=D(2019, 1, 1),
            directed_on=D(2021, 1, 5),
            directed_by="Court",
            reason="x",
        )


# --- The review date (s.91B) --------------------------------------------------------------------


def test_the_review_date_runs_15_years_from_the_first_notification_after_release(
    make, manager
) -> None:
    nominal = make(on=D(2010, 1, 10), offence_code="SOA2003-s3", victim_age=15, term="4y")
    notify(nominal, manager, "release", on=D(2011, 6, 2), event_on=D(2011, 6, 1))
    notify(nominal, manager, on=D(2012, 6, 1))
    review = _req(nominal).review
    assert review is not None and review.date is not None
    assert review.date.qualifying_date == D(2026, 6, 2)
    assert "s.91B(2)(a)" in review.reason


def test_the_review_date_is_8_years_for_someone_under_18_on_the_relevant_date(
    make, manager
) -> None:
    nominal = make(
        on=D(2010, 1, 10),
        dob=D(1993, 1, 1),
        offence_code="SOA2003-s1",
        victim_age=15,
        term="4y",
        custody="detention",
        offence_date=D(2009, 6, 1),
    )
    notify(nominal, manager, "release", on=D(2012, 3, 2), event_on=D(2012, 3, 1))
    review = _req(nominal).review
    assert review is not None and review.date is not None
    assert review.date.qualifying_date == D(2020, 3, 2)
    assert "s.91B(2)(b)" in review.reason


def test_a_fixed_period_has_no_review_date(make) -> None:
    assert _req(make(on=D(2020, 3, 4), term="12m")).review is None


def test_without_a_notification_the_review_period_has_not_started(make) -> None:
    review = _req(make(on=D(2020, 3, 4))).review
    assert review is not None and review.date is None and "has not started" in review.reason


def test_after_a_decision_to_continue_the_next_review_is_8_years_on(make, manager) -> None:
    nominal = make(on=D(2005, 1, 10), offence_code="SOA2003-s3", victim_age=15, term="4y")
    notify(nominal, manager, "release", on=D(2006, 1, 11), event_on=D(2006, 1, 10))
    ReviewApplication.objects.create(
        nominal=nominal,
        received_on=D(2021, 2, 1),
        determined_on=D(2021, 3, 1),
        outcome="continue",
        further_review_years=8,
        determination_reasons="Risk remains",
    )
    review = _req(nominal).review
    assert review is not None and review.date is not None
    assert review.date.qualifying_date == D(2029, 3, 1)
    assert "s.91B(3)" in review.reason
