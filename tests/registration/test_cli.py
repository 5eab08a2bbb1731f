"""The two command-line tools: ``schedule3_check`` and ``notification_period`` (issue 4).

Their JSON keys and exit statuses are a contract with integrations: the issue fixes
``notifiable``, ``paragraph``, ``reason`` and ``indefinite``, ``months``, ``first_day``,
``last_day``; refused input exits with status 2 and says what to give. Each case cites the
provision it exercises. Most run through ``call_command``; a few run ``manage.py`` in a
subprocess to check the real exit status and argparse's own errors.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from vigil.policy import schedule3
from vigil.policy.sentence import Disposal, Sentence, parse_term

ROOT = Path(__file__).resolve().parents[2]


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def run_json(command: str, *args: str) -> dict[str, Any]:
    text = run(command, *args, "--json")
    assert text.count("\n") == 1, "JSON is printed on one line"
    result: dict[str, Any] = json.loads(text)
    return result


def refused(command: str, *args: str) -> str:
    """Run a command that must refuse its input with exit status 2; return the message."""
    with pytest.raises(CommandError) as caught:
        run(command, *args)
    assert caught.value.returncode == 2, caught.value
    return str(caught.value)


def manage(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def future(days: int = 400) -> str:
    return (dt.date.today() + dt.timedelta(days=days)).isoformat()


# --- The issue's two examples -----------------------------------------------------------


def test_the_issues_notification_period_example_gives_exactly_its_answer() -> None:
    # s.82(1): more than 6 but less than 30 months gives 10 years; s.82(2) halves it at 17.
    answer = run_json(
        "notification_period",
        *("--relevant-date", "2024-03-01", "--age", "17", "--disposal", "imprisonment"),
        *("--term", "24m"),
    )
    assert {k: answer[k] for k in ("indefinite", "months", "first_day", "last_day")} == {
        "indefinite": False,
        "months": 60,
        "first_day": "2024-03-01",
        "last_day": "2029-02-28",
    }
    assert answer["halved"] is True
    assert "s.82(2)" in answer["reason"]


def test_the_issues_schedule3_example_is_notifiable_under_para_18() -> None:
    # Sch 3 para 18(b)(i): offender 18 or over, victim under 18, any disposal.
    answer = run_json(
        "schedule3_check",
        *("--offence", "SOA2003-s3", "--offender-age", "25", "--victim-age", "15"),
        *("--disposal", "fine"),
    )
    assert answer["notifiable"] is True
    assert answer["paragraph"] == "para 18(b)(i)"
    assert "para 18(b)(i)" in answer["reason"]
    assert set(answer) >= {"notifiable", "paragraph", "reason"}


# --- notification_period: a table of worked cases ------------------------------------------

PERIOD_CASES = [
    # (provision, options after --relevant-date 2024-03-01, (indefinite, months, last day))
    (
        "s.82(1) 30 months or more",
        "--age 30 --disposal imprisonment --term 30m",
        (True, None, None),
    ),
    (
        "s.82(1) >6 <30 months: 10 years",
        "--age 30 --disposal imprisonment --term 24m",
        (False, 120, "2034-02-28"),
    ),
    (
        "s.82(1) 6 months or less: 7 years",
        "--age 30 --disposal imprisonment --term 6m",
        (False, 84, "2031-02-28"),
    ),
    (
        "s.82(2) 7 years halved",
        "--age 16 --disposal imprisonment --term 6m",
        (False, 42, "2027-08-31"),
    ),
    (
        "26 weeks is under 6 months [D]",
        "--age 30 --disposal imprisonment --term 26w",
        (False, 84, "2031-02-28"),
    ),
    (
        "27 weeks is over 6 months [D]",
        "--age 30 --disposal imprisonment --term 27w",
        (False, 120, "2034-02-28"),
    ),
    ("s.82(1) caution: 2 years", "--age 30 --disposal caution", (False, 24, "2026-02-28")),
    ("s.82(2) caution halved", "--age 15 --disposal caution", (False, 12, "2025-02-28")),
    (
        "s.82(1) conditional discharge, not halved",
        "--age 15 --disposal conditional_discharge --discharge 18m",
        (False, 18, "2025-08-31"),
    ),
    (
        "s.82(1) restricted hospital order",
        "--age 30 --disposal hospital_restricted",
        (True, None, None),
    ),
    ("s.82(1) hospital order: 7 years", "--age 30 --disposal hospital", (False, 84, "2031-02-28")),
    (
        "s.82(1) any other description: 5 years",
        "--age 30 --disposal community --term 12m",
        (False, 60, "2029-02-28"),
    ),
    (
        "s.82(2) 5 years halved",
        "--age 17 --disposal community --term 12m",
        (False, 30, "2026-08-31"),
    ),
    ("s.82(1) fine: 5 years", "--age 30 --disposal fine", (False, 60, "2029-02-28")),
    ("s.82(1) life", "--age 16 --disposal life", (True, None, None)),
    (
        "s.82(4)(a) consecutive 18m + 12m = 30m",
        "--age 30 --disposal imprisonment --term 18m --term 12m --consecutive",
        (True, None, None),
    ),
    (
        "s.82(4)(b) 24m + 12m - 6m = 30m",
        "--age 30 --disposal imprisonment --term 24m --term 12m --overlap 6m",
        (True, None, None),
    ),
    (
        "s.82(4)(b) 24m + 12m - 7m = 29m",
        "--age 30 --disposal imprisonment --term 24m --term 12m --overlap 7m",
        (False, 120, "2034-02-28"),
    ),
    (
        "wholly concurrent: longest [D]",
        "--age 30 --disposal imprisonment --term 24m --term 12m",
        (False, 120, "2034-02-28"),
    ),
    (
        "s.131(a) DTO 24m counts 12m, halved",
        "--age 16 --disposal imprisonment --custody dto --term 24m",
        (False, 60, "2029-02-28"),
    ),
    (
        "Code s.289 suspended 6m counts",
        "--age 30 --disposal imprisonment --term 6m --suspended",
        (False, 84, "2031-02-28"),
    ),
]


@pytest.mark.parametrize(("provision", "options", "expected"), PERIOD_CASES)
def test_notification_period_json_for_each_worked_case(provision, options, expected) -> None:
    answer = run_json("notification_period", "--relevant-date", "2024-03-01", *options.split())
    assert (answer["indefinite"], answer["months"], answer["last_day"]) == expected, provision
    indefinite = expected[0]
    assert answer["first_day"] == "2024-03-01"
    assert "s.82" in answer["reason"]
    if indefinite:
        assert answer["review_qualifying_date"] is not None
    else:
        assert answer["review_qualifying_date"] is None
        assert answer["length"] is not None


def test_a_period_beginning_on_29_february_ends_on_28_february() -> None:
    # "beginning with" the relevant date (RULES.md §1.3): 5 years from 29 Feb 2020.
    answer = run_json(
        "notification_period", "--relevant-date", "2020-02-29", "--age", "30", "--disposal", "fine"
    )
    assert (answer["months"], answer["last_day"]) == (60, "2025-02-28")


def test_an_indefinite_period_gives_the_earliest_review_date_without_a_notification_date() -> None:
    # s.91B(2)(a): 15 years beginning with the relevant notification, then the day after.
    answer = run_json(
        "notification_period",
        *("--relevant-date", "2024-03-01", "--age", "30", "--disposal", "imprisonment"),
        *("--term", "3y"),
    )
    assert answer["review_qualifying_date"] == "2039-03-01"
    assert answer["review_date_exact"] is False
    assert "earliest" in answer["review_reason"]


def test_an_under_18s_indefinite_period_is_reviewable_after_8_years() -> None:
    # s.91B(2)(b).
    answer = run_json(
        "notification_period", "--relevant-date", "2024-03-01", "--age", "16", "--disposal", "life"
    )
    assert answer["review_qualifying_date"] == "2032-03-01"
    assert "s.91B(2)(b)" in answer["review_reason"]


def test_the_first_notification_date_gives_the_exact_review_date() -> None:
    answer = run_json(
        "notification_period",
        *("--relevant-date", "2024-03-01", "--age", "30", "--disposal", "imprisonment"),
        *("--term", "3y", "--relevant-notification", "2025-01-10"),
    )
    assert answer["review_qualifying_date"] == "2040-01-10"
    assert answer["review_date_exact"] is True


def test_notification_period_text_cites_the_section_and_gives_the_days() -> None:
    text = run(
        "notification_period",
        *("--relevant-date", "2024-03-01", "--age", "17", "--disposal", "imprisonment"),
        *("--term", "24m"),
    )
    assert "Notification period: 5 years" in text
    assert "s.82(1)" in text and "s.82(2)" in text
    assert "First day: 1 March 2024" in text
    assert "Last day: 28 February 2029" in text


def test_an_indefinite_period_in_text_has_no_last_day_and_a_review_date() -> None:
    text = run(
        "notification_period", "--relevant-date", "2024-03-01", "--age", "30", "--disposal", "life"
    )
    assert "Notification period: indefinite" in text
    assert "Last day: none" in text
    assert "Earliest review date: 1 March 2039 (s.91B)" in text


# --- schedule3_check: a table of worked cases ----------------------------------------------

SCHEDULE3_CASES = [
    # (provision, options, notifiable, paragraph met)
    (
        "para 18(b)(i) adult, victim under 18",
        "--offence SOA2003-s3 --offender-age 25 --victim-age 15 --disposal fine",
        True,
        "para 18(b)(i)",
    ),
    (
        "para 18(b) not met: adult victim, fine",
        "--offence SOA2003-s3 --offender-age 25 --victim-age 25 --disposal fine",
        False,
        None,
    ),
    (
        "para 18(b)(ii)(a) any imprisonment",
        "--offence SOA2003-s3 --offender-age 25 --victim-age 25 --disposal imprisonment --term 3m",
        True,
        "para 18(b)(ii)(a)",
    ),
    (
        "para 18(b)(ii)(b) hospital",
        "--offence SOA2003-s3 --offender-age 25 --victim-age 25 --disposal hospital",
        True,
        "para 18(b)(ii)(b)",
    ),
    (
        "para 18(b)(ii)(c) community 12 months",
        "--offence SOA2003-s3 --offender-age 25 --victim-age 25 --disposal community --term 12m",
        True,
        "para 18(b)(ii)(c)",
    ),
    (
        "para 18(b)(ii)(c) community 11 months",
        "--offence SOA2003-s3 --offender-age 25 --victim-age 25 --disposal community --term 11m",
        False,
        None,
    ),
    (
        "para 18(a) under 18, 12 months",
        "--offence SOA2003-s3 --offender-age 17 --victim-age 15 --disposal imprisonment --term 12m",
        True,
        "para 18(a)",
    ),
    (
        "para 18(a) under 18, 11 months",
        "--offence SOA2003-s3 --offender-age 17 --victim-age 15 --disposal imprisonment --term 11m",
        False,
        None,
    ),
    (
        "s.80(1)(d) caution, para 18(b)(i)",
        "--offence SOA2003-s3 --offender-age 25 --victim-age 15 --disposal caution",
        True,
        "para 18(b)(i)",
    ),
    (
        "para 17 rape, unconditional",
        "--offence SOA2003-s1 --offender-age 25 --victim-age 30 --disposal fine",
        True,
        "para 17",
    ),
    (
        "codes ignore case",
        "--offence soa2003-S1 --offender-age 25 --victim-age 30 --disposal fine",
        True,
        "para 17",
    ),
    (
        "para 13(b)(i) images, adult",
        "--offence PCA1978-s1 --offender-age 30 --image-subject-age 14 "
        "--disposal fine --conviction-date 2010-05-01",
        True,
        "para 13(b)(i)",
    ),
    (
        "para 13 images, under 18 fined",
        "--offence PCA1978-s1 --offender-age 17 --image-subject-age 14 "
        "--disposal fine --conviction-date 2010-05-01",
        False,
        None,
    ),
    (
        "para 34A humiliation is not listed",
        "--offence SOA2003-s67A --offender-age 30 --victim-age 30 "
        "--disposal imprisonment --term 3m --purpose humiliation",
        False,
        None,
    ),
    (
        "para 34A sexual gratification",
        "--offence SOA2003-s67A --offender-age 30 --victim-age 30 "
        "--disposal imprisonment --term 3m --purpose sexual_gratification",
        True,
        "para 34A(1)(a) + (3)(b)(i)",
    ),
    (
        "para 94(a) attempt",
        "--offence SOA2003-s3 --offender-age 25 --victim-age 15 "
        "--disposal fine --secondary attempt",
        True,
        "para 18(b)(i)",
    ),
]


@pytest.mark.parametrize(("provision", "options", "notifiable", "paragraph"), SCHEDULE3_CASES)
def test_schedule3_check_json_for_each_worked_case(
    provision, options, notifiable, paragraph
) -> None:
    answer = run_json("schedule3_check", *options.split())
    assert (answer["notifiable"], answer["paragraph"]) == (notifiable, paragraph), provision
    assert answer["reason"].startswith("Notifiable" if notifiable else "Not notifiable")


@pytest.mark.parametrize(("provision", "options", "notifiable", "paragraph"), SCHEDULE3_CASES[:6])
def test_schedule3_check_says_what_the_rules_say(provision, options, notifiable, paragraph) -> None:
    """The tool adds nothing to the rule: its answer is ``schedule3.check``'s."""
    args = options.split()
    values = dict(zip(args[::2], args[1::2], strict=True))
    term = values.get("--term")
    decision = schedule3.check(
        offence=values["--offence"],
        offender_age=int(values["--offender-age"]),
        victim_age=int(values["--victim-age"]),
        sentence=Sentence(Disposal(values["--disposal"]), parse_term(term) if term else None),
    )
    answer = run_json("schedule3_check", *args)
    assert answer["notifiable"] == decision.notifiable
    assert answer["paragraph"] == decision.paragraph
    assert answer["reason"] == decision.reason


def test_only_the_sentence_makes_it_notifiable_so_the_period_runs_from_sentence() -> None:
    # s.132(3): notifiable only by a sentencing condition.
    answer = run_json(
        "schedule3_check",
        *("--offence", "SOA2003-s3", "--offender-age", "25", "--victim-age", "25"),
        *("--disposal", "imprisonment", "--term", "3m"),
    )
    assert answer["sentencing_condition_only"] is True
    assert "s.132(3)" in answer["relevant_date"]


def test_an_attempt_is_read_with_para_94() -> None:
    answer = run_json(
        "schedule3_check",
        *("--offence", "SOA2003-s3", "--offender-age", "25", "--victim-age", "15"),
        *("--disposal", "fine", "--secondary", "attempt"),
    )
    assert answer["via"] == "para 94(a)"
    assert "para 94(a)" in answer["reason"]


def test_an_offence_not_in_schedule_3_is_not_notifiable_with_the_reason_not_an_error() -> None:
    answer = run_json(
        "schedule3_check",
        *("--offence", "SOA1956-s2", "--offender-age", "30", "--victim-age", "20"),
        *("--disposal", "fine"),
    )
    assert answer["notifiable"] is False
    assert answer["paragraph"] is None
    assert "not listed in Schedule 3" in answer["reason"]


def test_schedule3_check_text_cites_the_paragraph_and_the_act() -> None:
    text = run(
        "schedule3_check",
        *("--offence", "SOA2003-s3", "--offender-age", "25", "--victim-age", "15"),
        *("--disposal", "fine"),
    )
    assert text.startswith(
        "SOA 2003 s.3 (Sexual assault): notifiable under Schedule 3 para 18(b)(i)."
    )
    assert "Sexual Offences Act 2003 s.80 and Schedule 3" in text
    assert "s.82(6)" in text


def test_schedule3_check_text_for_a_not_notifiable_offence() -> None:
    text = run(
        "schedule3_check",
        *("--offence", "SOA2003-s3", "--offender-age", "25", "--victim-age", "25"),
        *("--disposal", "fine"),
    )
    assert "SOA 2003 s.3 (Sexual assault): not notifiable." in text
    assert "Schedule 3 para 18" in text


def test_list_offences_finds_codes_by_name() -> None:
    text = run("schedule3_check", "--list-offences", "sexual assault")
    assert "SOA2003-s3" in text and "Sch 3 para 18" in text
    listed = json.loads(run("schedule3_check", "--list-offences", "--json"))
    assert len(listed) == len(schedule3.all_offences())
    assert {"code", "title", "paragraph"} == set(listed[0])


# --- Refusals: exit status 2 with a message that says what to give -------------------------


def test_missing_options_are_named() -> None:
    message = refused("schedule3_check")
    assert "--offence" in message and "--offender-age" in message and "--disposal" in message
    message = refused("notification_period", "--age", "30", "--disposal", "fine")
    assert "--relevant-date" in message and "year-month-day" in message


def test_a_missing_fact_the_answer_depends_on_names_the_option_to_add() -> None:
    message = refused(
        "schedule3_check", "--offence", "SOA2003-s3", "--offender-age", "25", "--disposal", "fine"
    )
    assert "add --victim-age" in message
    message = refused(
        "schedule3_check",
        *("--offence", "SOA2003-s67A", "--offender-age", "30", "--victim-age", "30"),
        *("--disposal", "imprisonment", "--term", "3m"),
    )
    assert "add --purpose" in message
    message = refused(
        "schedule3_check",
        *("--offence", "PCA1978-s1", "--offender-age", "30", "--disposal", "fine"),
    )
    assert "add --image-subject-age" in message


@pytest.mark.parametrize("term", ["24", "3x", "two years", "0m"])
def test_a_bad_duration_is_refused_with_examples(term) -> None:
    message = refused(
        "notification_period",
        *("--relevant-date", "2024-03-01", "--age", "30", "--disposal", "imprisonment"),
        *("--term", term),
    )
    assert "--term" in message and "30m" in message


@pytest.mark.parametrize("form", [("--term", "-3m"), ("--term=-3m",)])
def test_a_negative_term_is_refused(form) -> None:
    message = refused(
        "notification_period",
        *("--relevant-date", "2024-03-01", "--age", "30", "--disposal", "imprisonment"),
        *form,
    )
    assert "--term" in message and "cannot be negative" in message


def test_a_relevant_date_in_the_future_is_refused() -> None:
    message = refused(
        "notification_period",
        *("--relevant-date", future(), "--age", "30", "--disposal", "fine"),
    )
    assert "--relevant-date" in message and "in the future" in message


def test_a_conviction_date_in_the_future_is_refused() -> None:
    message = refused(
        "schedule3_check",
        *("--offence", "SOA2003-s3", "--offender-age", "25", "--victim-age", "15"),
        *("--disposal", "fine", "--conviction-date", future()),
    )
    assert "--conviction-date" in message and "in the future" in message


def test_an_age_under_10_is_refused() -> None:
    # Children and Young Persons Act 1933 s.50.
    message = refused(
        "notification_period", "--relevant-date", "2024-03-01", "--age", "9", "--disposal", "fine"
    )
    assert "--age" in message and "under 10" in message and "s.50" in message
    message = refused(
        "schedule3_check",
        *("--offence", "SOA2003-s3", "--offender-age", "9", "--victim-age", "8"),
        *("--disposal", "fine"),
    )
    assert "--offender-age" in message and "under 10" in message


def test_an_age_that_is_not_a_whole_number_is_refused() -> None:
    message = refused(
        "notification_period",
        "--relevant-date",
        "2024-03-01",
        "--age",
        "17.5",
        "--disposal",
        "fine",
    )
    assert "--age" in message and "whole number of years" in message


def test_a_date_that_is_not_iso_is_refused() -> None:
    message = refused(
        "notification_period", "--relevant-date", "01/03/2024", "--age", "30", "--disposal", "fine"
    )
    assert "--relevant-date" in message and "2024-03-01" in message


def test_an_unknown_offence_code_lists_the_closest_known_codes() -> None:
    message = refused(
        "schedule3_check",
        *("--offence", "SOA2003-s99", "--offender-age", "25", "--victim-age", "15"),
        *("--disposal", "fine"),
    )
    assert "unknown offence code 'SOA2003-s99'" in message
    assert "Did you mean" in message and "SOA2003-s9" in message


def test_a_section_without_its_subsection_lists_the_subsections() -> None:
    message = refused(
        "schedule3_check",
        *("--offence", "SOA2003-s66B", "--offender-age", "25", "--victim-age", "15"),
        *("--disposal", "fine"),
    )
    assert "SOA2003-s66B(1)" in message


def test_an_unknown_disposal_lists_the_disposals() -> None:
    message = refused(
        "notification_period", "--relevant-date", "2024-03-01", "--age", "30", "--disposal", "jail"
    )
    assert "--disposal" in message
    assert all(d.value in message for d in Disposal)


@pytest.mark.parametrize(
    ("options", "words"),
    [
        ("--disposal imprisonment", "add --term"),
        ("--disposal fine --term 3m", "leave --term out"),
        ("--disposal conditional_discharge", "add --discharge"),
        ("--disposal conditional_discharge --discharge 4y", "3 years"),
        ("--disposal fine --discharge 1y", "leave --discharge out"),
        ("--disposal fine --suspended", "--suspended"),
        ("--disposal imprisonment --custody dto --term 7m", "even number of months"),
        ("--disposal imprisonment --term 2y --consecutive", "two or more"),
        ("--disposal imprisonment --term 2y --term 1y --overlap 2y", "--overlap"),
        ("--disposal imprisonment --term 2y --term 1y --overlap 6m --consecutive", "not both"),
    ],
)
def test_impossible_sentences_are_refused_with_the_option_to_change(options, words) -> None:
    message = refused(
        "notification_period", "--relevant-date", "2024-03-01", "--age", "30", *options.split()
    )
    assert words in message, message


def test_schedule3_check_takes_one_term() -> None:
    message = refused(
        "schedule3_check",
        *("--offence", "SOA2003-s3", "--offender-age", "25", "--victim-age", "15"),
        *("--disposal", "imprisonment", "--term", "2y", "--term", "1y"),
    )
    assert "one --term" in message


# --- Through manage.py: the real exit status ---------------------------------------------


def test_manage_py_prints_the_issues_period_example_as_json() -> None:
    done = manage(
        *("notification_period", "--relevant-date", "2024-03-01", "--age", "17"),
        *("--disposal", "imprisonment", "--term", "24m", "--json"),
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert {k: answer[k] for k in ("indefinite", "months", "first_day", "last_day")} == {
        "indefinite": False,
        "months": 60,
        "first_day": "2024-03-01",
        "last_day": "2029-02-28",
    }


def test_manage_py_prints_the_issues_schedule3_example_as_json() -> None:
    done = manage(
        *("schedule3_check", "--offence", "SOA2003-s3", "--offender-age", "25"),
        *("--victim-age", "15", "--disposal", "fine", "--json"),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["notifiable"] is True


def test_manage_py_exits_0_for_an_offence_not_in_schedule_3() -> None:
    done = manage(
        *("schedule3_check", "--offence", "SOA1956-s2", "--offender-age", "30"),
        *("--victim-age", "20", "--disposal", "fine", "--json"),
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["notifiable"] is False


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("notification_period", "--age", "30", "--disposal", "fine"), "--relevant-date"),
        (
            (
                *("notification_period", "--relevant-date", "2024-03-01", "--age", "30"),
                *("--disposal", "imprisonment", "--term", "-3m"),
            ),
            "cannot be negative",
        ),
        (
            (
                *("schedule3_check", "--offence", "SOA2003-s99", "--offender-age", "25"),
                *("--victim-age", "15", "--disposal", "fine"),
            ),
            "Did you mean",
        ),
        # argparse's own refusals exit 2 as well.
        (("notification_period", "--relevant-date"), "expected one argument"),
        (("schedule3_check", "--colour", "red"), "unrecognized arguments"),
    ],
)
def test_manage_py_exits_2_with_a_message_on_stderr(args, words) -> None:
    done = manage(*args)
    assert done.returncode == 2, (done.stdout, done.stderr)
    assert words in done.stderr
    assert done.stdout == ""


def test_the_help_documents_the_options_keys_and_exit_status() -> None:
    for command, words in (
        ("schedule3_check", ("--offence", "--offender-age", "--victim-age", "--conviction-date")),
        ("notification_period", ("--relevant-date", "--age", "--consecutive", "--overlap")),
    ):
        done = manage(command, "--help")
        assert done.returncode == 0
        for word in (*words, "--disposal", "--term", "--json", "Exit status", "2"):
            assert word in done.stdout, (command, word)
