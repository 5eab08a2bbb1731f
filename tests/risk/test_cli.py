"""``manage.py rm2000``: the issue's example, a table of worked cases, and every refusal.

The scores themselves are pinned by ``tests/policy/test_rm2000.py``; these tests pin the
command: its option names, its JSON keys, its defaults for who the tool applies to, and
exit status 2 with a message saying why for anything it will not score.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from vigil.policy import rm2000
from vigil.policy.rm2000 import FLAGS
from vigil.risk import calculator

ROOT = Path(__file__).resolve().parents[2]

EXAMPLE = [
    "--age", "30", "--sexual-appearances", "2", "--criminal-appearances", "6",
    "--violent-appearances", "1", "--burglary", "--male-victim", "--stranger-victim",
    "--non-contact", "--single",
]  # fmt: skip


def run(*args: str) -> str:
    out = StringIO()
    call_command("rm2000", *args, stdout=out)
    return out.getvalue()


def run_json(*args: str) -> dict[str, Any]:
    output = run(*args, "--json")
    assert output.count("\n") <= 1, "the JSON answer is one line"
    answer: dict[str, Any] = json.loads(output)
    return answer


def counts(age: int, sexual: int, criminal: int, violent: int) -> list[str]:
    return [
        "--age", str(age), "--sexual-appearances", str(sexual),
        "--criminal-appearances", str(criminal), "--violent-appearances", str(violent),
    ]  # fmt: skip


def refusal(*args: str) -> CommandError:
    """The CommandError the command raises for ``args`` (what the shell shows on stderr)."""
    with pytest.raises(CommandError) as info:
        call_command("rm2000", *args, stdout=StringIO(), stderr=StringIO())
    return info.value


def shell(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the command as an integration would, to see the real exit status."""
    return subprocess.run(
        [sys.executable, "manage.py", "rm2000", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
        check=False,
    )


# --- The issue's example --------------------------------------------------------------------


def test_the_issues_example_gives_the_issues_json() -> None:
    answer = run_json(*EXAMPLE)
    assert answer["s"] == {"points": 3, "step1": "high", "aggravating": 4, "category": "very high"}
    assert answer["v"] == {"points": 5, "category": "high"}
    assert answer["c"] == {"category": "high"}
    assert answer["tool"] == "RM2000"
    assert answer["version"] == rm2000.VERSION
    assert list(answer) == ["s", "v", "c", "tool", "version"]


def test_the_issues_example_through_the_shell_prints_one_line_and_exits_0() -> None:
    done = shell(*EXAMPLE, "--json")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("\n") == 1
    assert json.loads(done.stdout)["s"]["category"] == "very high"


def test_the_json_is_the_shared_answer_the_page_shows_too() -> None:
    inp = calculator.build_input(
        {
            **calculator.ELIGIBILITY_DEFAULTS,
            "age_at_commencement_of_risk": 30,
            "sexual_appearances": 2,
            "criminal_appearances": 6,
            "violent_appearances": 1,
            "burglary": True,
            "male_victim": True,
            "stranger_victim": True,
            "non_contact_offence": True,
            "single": True,
        }
    )
    assert run_json(*EXAMPLE) == calculator.answer(rm2000.score(inp=inp))


# --- A table of cases -----------------------------------------------------------------------

L, M, H, VH = "low", "medium", "high", "very high"

# (why, options, (S points, step 1, aggravating, S category), (V points, V category), C)
CASES: list[tuple[str, list[str], tuple[int, str, int, str], tuple[int, str], str]] = [
    ("lowest on every item", counts(45, 1, 1, 0), (0, L, 0, L), (0, L), L),
    ("youngest adult, otherwise lowest", counts(18, 1, 1, 0), (2, M, 0, M), (3, M), M),
    (
        "highest on every item",
        [*counts(24, 5, 5, 4), "--burglary"],
        (6, VH, 0, VH),
        (8, VH),
        VH,
    ),
    ("25 with 3 sexual appearances", counts(25, 3, 4, 0), (3, H, 0, H), (2, M), M),
    (
        "two aggravating factors raise High to Very high",
        [*counts(34, 2, 5, 2), "--male-victim", "--stranger-victim"],
        (3, H, 2, VH),
        (4, H),
        H,
    ),
    (
        "three aggravating factors raise one level",
        [*counts(35, 1, 1, 0), "--male-victim", "--stranger-victim", "--non-contact"],
        (0, L, 3, M),
        (1, L),
        L,
    ),
    ("44 with a burglary", [*counts(44, 4, 4, 1), "--burglary"], (2, M, 0, M), (4, H), M),
    (
        "one aggravating factor changes nothing",
        [*counts(60, 1, 9, 3), "--single"],
        (1, M, 1, M),
        (2, M),
        M,
    ),
    (
        "four aggravating factors, capped at Very high",
        [*counts(20, 2, 2, 0), "--male-victim", "--stranger-victim", "--non-contact", "--single"],
        (3, H, 4, VH),
        (3, M),
        H,
    ),
    (
        "two aggravating factors raise Medium to High",
        [*counts(30, 1, 1, 0), "--male-victim", "--single"],
        (1, M, 2, H),
        (2, M),
        M,
    ),
    (
        "eligibility stated explicitly is the same as assumed",
        [*counts(45, 1, 1, 0), "--sex", "male", "--convicted", "--offence-at-16-or-over"],
        (0, L, 0, L),
        (0, L),
        L,
    ),
    ("many appearances, aged 45", [*counts(45, 5, 5, 4), "--burglary"], (4, H, 0, H), (5, H), H),
    ("the issue's example", EXAMPLE, (3, H, 4, VH), (5, H), H),
]


@pytest.mark.parametrize(("why", "options", "s", "v", "c"), CASES, ids=[c[0] for c in CASES])
def test_cases(
    why: str, options: list[str], s: tuple[int, str, int, str], v: tuple[int, str], c: str
) -> None:
    answer = run_json(*options)
    assert answer["s"] == dict(zip(("points", "step1", "aggravating", "category"), s, strict=True))
    assert answer["v"] == {"points": v[0], "category": v[1]}
    assert answer["c"] == {"category": c}


# --- Readable output --------------------------------------------------------------------------


def test_without_json_the_answer_is_readable_with_each_items_band() -> None:
    text = run(*EXAMPLE)
    assert "RM2000/S (sexual reoffending): Very high" in text
    assert "RM2000/S step 1: High (3 points)" in text
    assert "RM2000/S step 2: 4 of 4 aggravating factors, raised two levels" in text
    assert "RM2000/V (non-sexual violence): High (5 points)" in text
    assert "RM2000/C (combined): High" in text
    assert f"Tool: RM2000, {rm2000.VERSION}" in text
    assert "How each item scored:" in text
    assert "- RM2000/S step 1: age 30, band 25-34: 1 point." in text
    assert "- RM2000/V: burglary conviction yes: 2 points." in text
    assert "{" not in text


# --- Refusals: exit status 2 and why ----------------------------------------------------------


def test_without_age_it_says_age_is_required() -> None:
    error = refusal(*counts(40, 1, 1, 0)[2:])
    assert "the following arguments are required: --age" in str(error)


def test_without_age_the_shell_exit_status_is_2_with_a_message() -> None:
    without_age = counts(40, 1, 1, 0)[2:]
    done = shell(*without_age, "--json")
    assert done.returncode == 2
    assert "required: --age" in done.stderr
    assert done.stdout == ""


def test_a_woman_is_refused_through_the_shell_with_exit_status_2_saying_why() -> None:
    done = shell(*counts(40, 1, 1, 0), "--sex", "female", "--json")
    assert done.returncode == 2
    assert "Risk Matrix 2000 does not apply to this person" in done.stderr
    assert "It is for men only and the person's recorded sex is female." in done.stderr
    assert done.stdout == ""


def test_no_options_at_all_says_which_are_needed() -> None:
    assert "at least --age, --sexual-appearances" in str(refusal())


# (why, options, phrases the message must contain)
REFUSALS: list[tuple[str, list[str], list[str]]] = [
    (
        "negative sexual appearances",
        counts(40, -1, 1, 0),
        ["cannot score these answers", "Sexual appearances cannot be negative."],
    ),
    (
        "negative criminal appearances",
        counts(40, 1, -1, 0),
        ["Criminal appearances cannot be negative."],
    ),
    (
        "negative violent appearances",
        counts(40, 1, 1, -2),
        ["Violent appearances cannot be negative."],
    ),
    (
        "aged 17",
        counts(17, 1, 1, 0),
        ["does not apply to this person", "aged 18 or over and the person is 17"],
    ),
    ("aged 16", counts(16, 1, 1, 0), ["aged 18 or over and the person is 16"]),
    (
        "no sexual appearance",
        counts(40, 0, 1, 0),
        ["Sexual appearances must be at least 1", "count the current conviction"],
    ),
    (
        "fewer criminal than sexual appearances",
        counts(40, 3, 2, 0),
        ["Criminal appearances (2) cannot be fewer than sexual appearances (3)"],
    ),
    (
        "more violent than criminal appearances",
        counts(40, 1, 1, 2),
        ["Violent appearances (2) cannot exceed criminal appearances (1)"],
    ),
    ("a woman", [*counts(40, 1, 1, 0), "--sex", "female"], ["for men only", "is female"]),
    ("sex not known", [*counts(40, 1, 1, 0), "--sex", "not known"], ["is not known"]),
    (
        "not convicted",
        [*counts(40, 1, 1, 0), "--not-convicted"],
        ["does not apply", "convicted of a sexual offence, not cautioned or alleged"],
    ),
    (
        "every sexual offence under 16",
        [*counts(40, 1, 1, 0), "--all-offences-under-16"],
        ["at least one sexual offence must have been committed aged 16 or over"],
    ),
    (
        "a girl of 16: both reasons",
        [*counts(16, 1, 1, 0), "--sex", "female"],
        ["for men only", "the person is 16"],
    ),
]


@pytest.mark.parametrize(("why", "options", "phrases"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refusals_exit_2_saying_why(why: str, options: list[str], phrases: list[str]) -> None:
    error = refusal(*options, "--json")
    assert error.returncode == 2
    for phrase in phrases:
        assert phrase.lower() in str(error).lower(), str(error)


@pytest.mark.parametrize(
    ("options", "phrase"),
    [
        (["--age", "thirty", *counts(0, 1, 1, 0)[2:]], "invalid int value: 'thirty'"),
        ([*counts(40, 1, 1, 0), "--sex", "other"], "invalid choice: 'other'"),
        ([*counts(40, 1, 1, 0), "--convicted", "--not-convicted"], "not allowed with"),
        ([*counts(40, 1, 1, 0), "--shoe-size", "9"], "unrecognized arguments: --shoe-size"),
    ],
)
def test_bad_options_are_refused_by_name(options: list[str], phrase: str) -> None:
    assert phrase in str(refusal(*options))


def test_a_bad_option_through_the_shell_exits_2() -> None:
    done = shell(*counts(40, 1, 1, 0), "--sex", "other")
    assert done.returncode == 2
    assert "invalid choice: 'other'" in done.stderr


# --- Options come from FLAGS --------------------------------------------------------------------


def test_every_question_in_flags_is_an_option_with_its_wording() -> None:
    from vigil.risk.management.commands.rm2000 import Command

    help_text = " ".join(Command().create_parser("manage.py", "rm2000").format_help().split())
    for spec in FLAGS:
        assert spec.flag in help_text
        assert " ".join(spec.label.split()) in help_text
    for flag in ("--not-convicted", "--all-offences-under-16", "--json"):
        assert flag in help_text


def test_the_shared_helper_adds_no_defaults_of_its_own() -> None:
    """The command's assumptions live in the command; build_input assumes nothing."""
    with pytest.raises(ValueError, match="no answer for sex, convicted_of_sexual_offence"):
        calculator.build_input({"age_at_commencement_of_risk": 30})
