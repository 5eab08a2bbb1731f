"""docs/roles.md shows people the same permissions the code enforces."""

from __future__ import annotations

from pathlib import Path

import pytest

from vigil.accounts import roles_doc
from vigil.accounts.roles import GRANTS, PERM_DESCRIPTIONS, Perm, Role


def _cells(row: str) -> list[str]:
    return [cell.strip() for cell in row.strip("|").split("|")]


def test_the_table_in_docs_roles_md_matches_roles_py() -> None:
    text = roles_doc.DOC_PATH.read_text(encoding="utf-8")
    assert roles_doc.table_in(text) == roles_doc.render_table(), (
        "The permissions table in docs/roles.md no longer matches vigil/accounts/roles.py. "
        f"Regenerate it with `{roles_doc.REGENERATE}` and commit the result."
    )


def test_the_table_has_a_row_per_permission_and_a_column_per_role() -> None:
    header, rule, *rows = roles_doc.render_table().splitlines()
    assert _cells(header) == ["What they may do", *(role.label for role in Role)]
    assert rule.count("|") == len(Role) + 2
    assert len(rows) == len(Perm)
    for perm, row in zip(Perm, rows, strict=True):
        cells = _cells(row)
        assert cells[0] == PERM_DESCRIPTIONS[perm]
        granted = {role for role, cell in zip(Role, cells[1:], strict=True) if cell == "yes"}
        assert granted == GRANTS[perm], perm


def test_regenerating_replaces_only_the_table(tmp_path: Path) -> None:
    doc = tmp_path / "roles.md"
    doc.write_text(
        f"# Roles\n\nBefore.\n\n{roles_doc.START}\n| stale |\n{roles_doc.END}\n\nAfter.\n",
        encoding="utf-8",
    )

    assert roles_doc.write_doc(doc) is True
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# Roles\n\nBefore.\n\n")
    assert text.endswith(f"{roles_doc.END}\n\nAfter.\n")
    assert roles_doc.table_in(text) == roles_doc.render_table()
    assert roles_doc.write_doc(doc) is False, "a second run changes nothing"


def test_a_document_without_the_markers_is_refused() -> None:
    with pytest.raises(ValueError, match="roles-table:start"):
        roles_doc.table_in("# Roles\n\nNo table here.\n")
