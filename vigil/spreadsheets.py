"""Text bound for a spreadsheet (CSV or .xlsx): the one place formula injection is stopped.

OWASP, "CSV Injection": a cell that begins with ``=``, ``+``, ``-`` or ``@`` (or a tab or
carriage return, which some programs skip first) is read as a formula when the file is
opened. Every export of Vigil's (the audit CSV, the late-visits workbook) writes text
through ``safe_cell``, which prefixes such a cell with an apostrophe so it shows as typed.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """``value`` as text that a spreadsheet will never read as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
