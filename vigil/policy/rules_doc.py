"""Renders docs/rules.md's table of every named policy value, from the code.

Run ``python -m vigil.policy.rules_doc`` after declaring or changing a value; the test
``tests/policy/test_rules_doc.py`` fails while the document and the code disagree.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import vigil.policy
from vigil.policy.values import REGISTRY, PolicyValue

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"
START, END = "<!-- policy-values:start -->", "<!-- policy-values:end -->"
MARKS = {"C": "confirmed", "M": "believed, not confirmed", "D": "derived by reading"}


def load_all() -> dict[str, PolicyValue[object]]:
    """Import every policy module, so every value is declared."""
    for module in pkgutil.iter_modules(vigil.policy.__path__):
        if module.name != "rules_doc":
            importlib.import_module(f"vigil.policy.{module.name}")
    return dict(sorted(REGISTRY.items()))


def _stable(value: object) -> str:
    """A value's text, the same on every run (sets have no order of their own)."""
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(_stable(v) for v in value)) + "}"
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{_stable(k)}: {_stable(v)}"
                for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
            )
            + "}"
        )
    if isinstance(value, list | tuple):
        return "(" + ", ".join(_stable(v) for v in value) + ")"
    return str(value)


def _cell(text: object) -> str:
    shown = _stable(text).replace("|", "\\|").replace("\n", " ")
    return shown if len(shown) <= 300 else shown[:297] + "..."


def render_table() -> str:
    rows = ["| Name | Value | Mark | Source | Note |", "|---|---|---|---|---|"]
    for name, pv in load_all().items():
        rows.append(
            f"| `{name}` | {_cell(pv.value)} | {pv.mark} ({MARKS[pv.mark]}) | "
            f"{_cell(pv.source)} | {_cell(pv.note)} |"
        )
    return "\n".join(rows)


def rewrite(doc: Path = DOC) -> None:
    text = doc.read_text()
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    doc.write_text(f"{head}{START}\n{render_table()}\n{END}{tail}")


if __name__ == "__main__":
    rewrite()
    print(f"rewrote {DOC}")
