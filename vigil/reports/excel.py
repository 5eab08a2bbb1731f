"""The late-visits report as an Excel workbook (XlsxWriter, DEPENDENCIES.md §7).

Every string goes in as text, never as a formula (``strings_to_formulas`` off), and a
string that starts with = + - @ (or a tab or carriage return) is prefixed with an
apostrophe, so that it stays inert even if the sheet is saved again as CSV. The cases
carry the public reference only, never a name: what leaves Vigil is the least that
lets the unit act on it.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import xlsxwriter

from vigil.policy.late_visits import Outcome
from vigil.reports.queries import Counts, LateVisitsReport
from vigil.spreadsheets import safe_cell

SUMMARY_HEADER = [
    "Unit",
    "Offender manager",
    "Fell due",
    "On time",
    "Done late",
    "Not done",
    "Late rate",
    "Overdue from earlier months",
]
CASES_HEADER = [
    "Reference",
    "Unit",
    "Offender manager",
    "Due",
    "Seen",
    "Outcome",
    "Days late",
    "Due in an earlier month",
]


def _counts(counts: Counts) -> list[Any]:
    return [
        counts.fell_due,
        counts.on_time,
        counts.late,
        counts.not_done,
        counts.rate,
        counts.overdue_before,
    ]


def late_visits_workbook(report: LateVisitsReport, *, made_by: str, made_at: dt.datetime) -> bytes:
    """The report as .xlsx bytes: a summary sheet, a cases sheet and an "About" sheet."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    title = f"Late home visits, {report.first:%B %Y}: {report.scope.name}"
    book.set_properties(
        {"title": safe_cell(title), "subject": "Late home visits", "author": "Vigil"}
    )
    bold = book.add_format({"bold": True})
    percent = book.add_format({"num_format": "0%"})
    bold_percent = book.add_format({"bold": True, "num_format": "0%"})
    date = book.add_format({"num_format": "d mmm yyyy"})

    def text(sheet: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
        sheet.write_string(row, col, safe_cell(value), fmt)

    def numbers(sheet: Any, row: int, values: list[Any], *, total: bool = False) -> None:
        for col, value in enumerate(values, start=2):
            if value is None:
                text(sheet, row, col, "None due", bold if total else None)
            elif col == 6:
                sheet.write_number(row, col, value, bold_percent if total else percent)
            else:
                sheet.write_number(row, col, value, bold if total else None)

    summary = book.add_worksheet("Summary")
    for col, heading in enumerate(SUMMARY_HEADER):
        text(summary, 0, col, heading, bold)
    row = 1
    for line in report.lines:
        text(summary, row, 0, line.unit_name)
        text(summary, row, 1, line.officer.name)
        numbers(summary, row, _counts(line.counts))
        row += 1
    for unit in report.units:
        text(summary, row, 0, unit.unit_name, bold)
        text(summary, row, 1, "Unit total", bold)
        numbers(summary, row, _counts(unit.counts), total=True)
        row += 1
    text(summary, row, 0, report.scope.name, bold)
    text(summary, row, 1, "Total", bold)
    numbers(summary, row, _counts(report.total), total=True)
    summary.set_column(0, 1, 28)
    summary.set_column(2, 7, 14)
    summary.freeze_panes(1, 0)

    cases = book.add_worksheet("Cases")
    for col, heading in enumerate(CASES_HEADER):
        text(cases, 0, col, heading, bold)
    for row, case in enumerate(report.cases, start=1):
        visit = case.visit
        text(cases, row, 0, case.reference)
        text(cases, row, 1, case.unit_name)
        text(cases, row, 2, case.officer.name)
        cases.write_datetime(row, 3, dt.datetime.combine(visit.due, dt.time()), date)
        if visit.seen is not None:
            cases.write_datetime(row, 4, dt.datetime.combine(visit.seen, dt.time()), date)
        else:
            text(cases, row, 4, "Not seen")
        text(cases, row, 5, Outcome(visit.outcome).label)
        cases.write_number(row, 6, visit.days_late)
        text(cases, row, 7, "Yes" if case.earlier_month else "No")
    cases.set_column(0, 2, 24)
    cases.set_column(3, 7, 14)
    cases.freeze_panes(1, 0)

    about = book.add_worksheet("About")
    window = report.window
    lines = [
        ("Report", title),
        ("Month", report.month_code),
        (
            "Counted up to",
            window.as_of.isoformat() if window is not None else "The month has not begun",
        ),
        ("Made by", made_by),
        ("Made at", made_at.isoformat(timespec="seconds")),
        (
            "How it is counted",
            "A home visit fell due in the month if the day it fell due (the interval of the "
            "plan or risk level in force, from the day the person was last seen) is in the "
            "month. On time: seen on or before that day. Done late: seen after it, within "
            "the month. Not done: not seen by the month's end (for this month: by today, "
            "counting visits due up to yesterday). Only visits at which the person was "
            "seen count. Late rate: (done late + not done) / fell due.",
        ),
        ("Marking", "OFFICIAL-SENSITIVE"),
    ]
    for row, (label, value) in enumerate(lines):
        text(about, row, 0, label, bold)
        text(about, row, 1, value)
    about.set_column(0, 0, 20)
    about.set_column(1, 1, 100)

    book.close()
    return buffer.getvalue()
