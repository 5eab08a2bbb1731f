"""The permissions table in ``docs/roles.md``, generated from ``roles.py``.

``roles.GRANTS`` is what the code enforces; the document must say the same thing, so the
table is never edited by hand. After changing roles.py, run::

    python -m vigil.accounts.roles_doc

which rewrites the table between the markers in docs/roles.md and leaves the prose around
it alone. ``tests/accounts/test_roles_doc.py`` fails until the two agree.

roles.py needs no configured Django settings (``TextChoices`` does not read them), so the
command runs without ``DJANGO_SETTINGS_MODULE``.
"""

from __future__ import annotations

from pathlib import Path

from vigil.accounts.roles import GRANTS, PERM_DESCRIPTIONS, Perm, Role

START = "<!-- roles-table:start -->"
END = "<!-- roles-table:end -->"
DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "roles.md"
REGENERATE = "python -m vigil.accounts.roles_doc"


def _cell(text: str) -> str:
    # A pipe would end the cell early.
    return text.replace("|", "\\|")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_table() -> str:
    """One row per permission (in ``Perm`` order), one column per role (in ``Role`` order)."""
    roles = list(Role)
    lines = [
        _row(["What they may do", *(_cell(role.label) for role in roles)]),
        "|---|" + ":---:|" * len(roles),
    ]
    for perm in Perm:
        granted = GRANTS[perm]
        marks = ["yes" if role in granted else "" for role in roles]
        lines.append(_row([_cell(PERM_DESCRIPTIONS[perm]), *marks]))
    return "\n".join(lines) + "\n"


def _bounds(text: str) -> tuple[int, int]:
    """Where the generated section starts and ends (just inside the markers)."""
    start = text.find(START)
    end = text.find(END, start + len(START)) if start >= 0 else -1
    if start < 0 or end < 0:
        raise ValueError(f"docs/roles.md must contain {START} and then {END}")
    return start + len(START), end


def table_in(text: str) -> str:
    """The table currently between the markers of ``text``."""
    start, end = _bounds(text)
    return text[start:end].strip("\n") + "\n"


def replace_table(text: str, table: str) -> str:
    """``text`` with the section between the markers replaced by ``table``."""
    start, end = _bounds(text)
    return text[:start] + "\n\n" + table + "\n" + text[end:]


def write_doc(path: Path = DOC_PATH) -> bool:
    """Rewrite the table in ``path``; True if it changed."""
    text = path.read_text(encoding="utf-8")
    updated = replace_table(text, render_table())
    if updated == text:
        return False
    path.write_text(updated, encoding="utf-8")
    return True


if __name__ == "__main__":
    changed = write_doc()
    print(f"{DOC_PATH}: {'table rewritten' if changed else 'already up to date'}")
