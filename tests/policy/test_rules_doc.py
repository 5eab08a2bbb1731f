"""docs/rules.md lists every declared policy value, exactly as the code declares it."""

from __future__ import annotations

from vigil.policy.rules_doc import DOC, END, START, load_all, render_table


def test_the_rules_reference_lists_every_policy_value_as_declared() -> None:
    text = DOC.read_text()
    table = text.split(START, 1)[1].split(END, 1)[0].strip()
    assert table == render_table(), (
        "docs/rules.md is out of date: run `python -m vigil.policy.rules_doc`"
    )


def test_every_value_names_its_source() -> None:
    for name, value in load_all().items():
        assert value.source.strip(), name
        assert value.mark in {"C", "M", "D"}, name
