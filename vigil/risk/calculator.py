"""The Risk Matrix 2000 calculator: what ``manage.py rm2000`` and the calculator page share.

The rule is ``vigil.policy.rm2000`` (RULES.md §5.5) and is not repeated here. This module
is the plumbing both front ends need, kept in one place so they cannot disagree: which
questions decide whether the tool applies, what the command line assumes when not told,
how answers become an ``Rm2000Input``, and how a result or a refusal is worded.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Any, Final, TypeAlias, get_type_hints

from vigil.policy import rm2000
from vigil.policy.rm2000 import (
    FLAGS,
    FieldSpec,
    Rm2000Input,
    Rm2000InvalidInput,
    Rm2000NotApplicable,
    Rm2000Result,
    Sex,
)

TOOL_NAME: Final = "Risk Matrix 2000"

Refusal: TypeAlias = Rm2000NotApplicable | Rm2000InvalidInput
"""Why an answer could not be given: the tool does not apply, or the answers are impossible."""

ELIGIBILITY_DEFAULTS: Final[Mapping[str, object]] = MappingProxyType(
    {
        "sex": Sex.MALE.value,
        "convicted_of_sexual_offence": True,
        "sexual_offence_at_16_or_over": True,
    }
)
"""The questions that decide whether the tool applies at all, besides age.

The command line assumes these answers unless told otherwise, because its documented use
(the issue's example) is scoring an adult man convicted of a sexual offence, and the tool
is for no one else (RULES.md §5.5). The web form assumes nothing: it asks each one.
"""

ELIGIBILITY: Final[tuple[str, ...]] = tuple(ELIGIBILITY_DEFAULTS)

_TYPES: Final = get_type_hints(Rm2000Input)


def spec_for(name: str) -> FieldSpec:
    """The ``FieldSpec`` (label, help, command-line flag) of one ``Rm2000Input`` field."""
    for spec in FLAGS:
        if spec.name == name:
            return spec
    raise KeyError(name)


def build_input(answers: Mapping[str, Any]) -> Rm2000Input:
    """An ``Rm2000Input`` from answers keyed by field name (``FLAGS[i].name``).

    The command's parsed options and the form's cleaned data both have this shape. Every
    answer must be present: each caller decides its own defaults, and this function adds
    none, so an unasked question cannot quietly become "yes".
    """
    missing = [spec.name for spec in FLAGS if answers.get(spec.name) is None]
    if missing:
        raise ValueError(f"no answer for {', '.join(missing)}")
    values: dict[str, Any] = {}
    for spec in FLAGS:
        value = answers[spec.name]
        if spec.kind == "int":
            values[spec.name] = int(value)
        elif spec.kind == "bool":
            values[spec.name] = bool(value)
        else:  # a choice: the field's own enum (Sex) checks the value
            values[spec.name] = _TYPES[spec.name](value)
    return Rm2000Input(**values)


def calculate(inp: Rm2000Input) -> Rm2000Result:
    """Score one person. Raises ``Rm2000NotApplicable`` or ``Rm2000InvalidInput`` (a Refusal)."""
    return rm2000.score(inp=inp)


# --- Wording a result ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One line of the answer, as the page's summary list and the command's text show it."""

    label: str
    value: str


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def _raised(levels: int) -> str:
    return {0: "no change", 1: "raised one level", 2: "raised two levels"}.get(
        levels, f"raised {levels} levels"
    )


def summary_rows(result: Rm2000Result) -> list[Row]:
    """The answer in plain words, one row per figure the issue's JSON gives, plus the tool."""
    s, v, c = result.s, result.v, result.c
    return [
        Row("RM2000/S (sexual reoffending)", s.category.label),
        Row("RM2000/S step 1", f"{s.step1.label} ({_points(s.points)})"),
        Row(
            "RM2000/S step 2",
            f"{s.aggravating} of 4 aggravating factors, {_raised(s.levels_raised)}",
        ),
        Row("RM2000/V (non-sexual violence)", f"{v.category.label} ({_points(v.points)})"),
        Row("RM2000/C (combined)", c.category.label),
        Row("Tool", f"{result.tool}, {result.version}"),
    ]


def answer(result: Rm2000Result) -> dict[str, object]:
    """The stable JSON answer: the issue's ``s``, ``v`` and ``c`` keys plus tool and version."""
    return result.to_dict()


def answer_json(result: Rm2000Result) -> str:
    """``answer`` as one line of JSON, for integrations."""
    return json.dumps(answer(result))


def readable_lines(result: Rm2000Result) -> list[str]:
    """The answer for a person to read: the summary, then how each item scored."""
    lines = [f"{TOOL_NAME} ({result.tool}, {result.version})", ""]
    lines += [f"{row.label}: {row.value}" for row in summary_rows(result)]
    lines += ["", "How each item scored:"]
    lines += [f"- {line}" for line in result.explanation]
    return lines


# --- Wording a refusal --------------------------------------------------------------------


def _ending(reason: str) -> str:
    return reason if reason.endswith(".") else f"{reason}."


def _sentence(reason: str) -> str:
    return _ending(reason[:1].upper() + reason[1:])


def refusal_heading(refusal: Refusal) -> str:
    """What kind of refusal: the tool does not apply, or the answers cannot all be true."""
    if isinstance(refusal, Rm2000NotApplicable):
        return f"{TOOL_NAME} does not apply to this person"
    return f"{TOOL_NAME} cannot score these answers"


def refusal_reasons(refusal: Refusal) -> list[str]:
    """Each reason as a sentence, e.g. "It is for men only and ... is female."."""
    return [_sentence(reason) for reason in refusal.reasons]


def refusal_errors(refusal: Refusal) -> list[str]:
    """Each reason as a form error that says on its own why there is no score."""
    if isinstance(refusal, Rm2000NotApplicable):
        return [f"{TOOL_NAME} does not apply: {_ending(r)}" for r in refusal.reasons]
    return refusal_reasons(refusal)


def refusal_message(refusal: Refusal) -> str:
    """The whole refusal as text for the command line: the heading, then each reason."""
    return "\n".join(
        [f"{refusal_heading(refusal)}:", *(f"- {r}" for r in refusal_reasons(refusal))]
    )


# --- Audit --------------------------------------------------------------------------------


def audit_detail(
    inp: Rm2000Input, *, result: Rm2000Result | None = None, refusal: Refusal | None = None
) -> dict[str, Any]:
    """What the audit trail keeps about one use: the answers and the outcome, nothing else.

    The answers are counts and yes/no facts with no name or reference, so the event says
    what was asked without holding personal data.
    """
    inputs = {k: (v.value if isinstance(v, Sex) else v) for k, v in asdict(inp).items()}
    detail: dict[str, Any] = {"tool": rm2000.TOOL, "version": rm2000.VERSION, "inputs": inputs}
    if result is not None:
        detail["outcome"] = "scored"
        detail["answer"] = answer(result)
    elif refusal is not None:
        detail["outcome"] = (
            "not applicable" if isinstance(refusal, Rm2000NotApplicable) else "invalid input"
        )
        detail["reasons"] = list(refusal.reasons)
    return detail
