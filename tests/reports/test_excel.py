"""The late-visits spreadsheet opens, holds the screen's numbers, is audited, and cannot
carry a formula. Read back with zipfile and the sheet XML (no spreadsheet library)."""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree  # our own output, not untrusted input

import pytest
from django.urls import reverse

from tests.reports.conftest import TODAY
from vigil.audit.models import AuditEvent
from vigil.reports import queries
from vigil.reports.access import access_scope
from vigil.spreadsheets import safe_cell

pytestmark = pytest.mark.usefixtures("frozen")

XLSX = reverse("reports:late-visits-xlsx")
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _column(ref: str) -> int:
    letters = re.match(r"[A-Z]+", ref)
    assert letters is not None
    index = 0
    for ch in letters.group(0):
        index = index * 26 + (ord(ch) - 64)
    return index - 1


def read_sheets(content: bytes) -> dict[str, list[list[object]]]:
    """Each sheet by name, as rows of cell values (strings, floats, or None)."""
    book = zipfile.ZipFile(io.BytesIO(content))
    assert book.testzip() is None
    shared: list[str] = []
    if "xl/sharedStrings.xml" in book.namelist():
        root = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))  # noqa: S314
        for item in root.findall("m:si", NS):
            shared.append("".join(t.text or "" for t in item.iter(f"{{{NS['m']}}}t")))
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))  # noqa: S314
    names = [s.get("name") for s in workbook.find("m:sheets", NS)]  # type: ignore[union-attr]
    sheets: dict[str, list[list[object]]] = {}
    for number, name in enumerate(names, start=1):
        root = ElementTree.fromstring(book.read(f"xl/worksheets/sheet{number}.xml"))  # noqa: S314
        rows: list[list[object]] = []
        for row in root.iter(f"{{{NS['m']}}}row"):
            cells: list[object] = []
            for cell in row.findall("m:c", NS):
                col = _column(cell.get("r", "A"))
                while len(cells) < col:
                    cells.append(None)
                assert cell.find("m:f", NS) is None, "no cell may hold a formula"
                kind = cell.get("t")
                value = cell.find("m:v", NS)
                if kind == "s":
                    cells.append(shared[int(value.text)])  # type: ignore[union-attr,arg-type]
                elif kind == "inlineStr":
                    cells.append("".join(t.text or "" for t in cell.iter(f"{{{NS['m']}}}t")))
                else:
                    cells.append(float(value.text) if value is not None else None)  # type: ignore[arg-type]
            rows.append(cells)
        sheets[str(name)] = rows
    return sheets


def test_the_spreadsheet_opens_and_holds_the_same_numbers_as_the_screen(team, login_as) -> None:
    response = login_as(team.supervisor).get(XLSX, {"month": "2026-11"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="vigil-late-visits-ppu-north-2026-11.xlsx"' in response["Content-Disposition"]
    sheets = read_sheets(response.content)
    assert list(sheets) == ["Summary", "Cases", "About"]
    summary = sheets["Summary"]
    assert summary[0] == [
        "Unit",
        "Offender manager",
        "Fell due",
        "On time",
        "Done late",
        "Not done",
        "Late rate",
        "Overdue from earlier months",
    ]
    report = queries.late_visits_report(access_scope(team.supervisor), 2026, 11, today=TODAY)
    expected = [
        [line.unit_name, line.officer.name, *_numbers(line.counts)] for line in report.lines
    ]
    assert summary[1 : 1 + len(expected)] == expected
    total = summary[-1]
    assert total[:2] == ["PPU North", "Total"]
    assert total[2:] == [8.0, 3.0, 2.0, 3.0, 0.625, 1.0]
    cases = sheets["Cases"]
    assert cases[0][0] == "Reference"
    assert len(cases) - 1 == len(report.cases)
    assert {row[0] for row in cases[1:]} == {c.reference for c in report.cases}
    # References only: no names leave in the file.
    everything = " ".join(str(v) for rows in sheets.values() for row in rows for v in row)
    assert team.late.surname not in everything


def _numbers(counts) -> list[object]:
    rate = counts.rate
    return [
        float(counts.fell_due),
        float(counts.on_time),
        float(counts.late),
        float(counts.not_done),
        "None due" if rate is None else rate,
        float(counts.overdue_before),
    ]


def test_the_download_is_audited_with_the_month_and_the_rows(team, login_as) -> None:
    login_as(team.supervisor).get(XLSX, {"month": "2026-10"})
    event = AuditEvent.objects.get(action="export.late_visits.xlsx")
    assert event.actor == team.supervisor
    assert event.detail["month"] == "2026-10"
    assert event.detail["unit"] == "ppu-north"
    assert event.detail["rows"] == 2  # the two officers (nothing unallocated fell due)
    assert isinstance(event.detail["cases"], int)


def test_a_name_that_looks_like_a_formula_stays_text(team, login_as) -> None:
    team.colleague.first_name = '=HYPERLINK("http://evil.example","click")'
    team.colleague.last_name = "+1"
    team.colleague.save()
    sheets = read_sheets(login_as(team.supervisor).get(XLSX, {"month": "2026-11"}).content)
    names = [row[1] for row in sheets["Summary"][1:]]
    assert '\'=HYPERLINK("http://evil.example","click") +1' in names
    assert not any(str(v).startswith(("=", "+", "-", "@")) for v in names)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 113", "'+44 113"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTab", "'\tTab"),
        ("Jane Smith", "Jane Smith"),
        ("O'Neil", "O'Neil"),
        (None, ""),
    ],
)
def test_safe_cell_neutralises_formula_starts(value, expected) -> None:
    assert safe_cell(value) == expected
