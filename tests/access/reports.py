"""The dashboard and reports in the access matrix (tests/test_access_matrix.py).

Only holders of "See the caseloads of a whole unit" (supervisors and register staff, see
docs/roles.md) open them; an offender manager, analyst, partner, panel member or system
administrator gets 403. Which unit's figures each one sees is tested in
tests/reports/test_pages.py (a supervisor sees only their unit).
"""

from __future__ import annotations

from typing import Any

# The same names as tests/test_access_matrix.py, repeated: that module imports this one.
ROLES = ("manager", "support", "admin", "supervisor", "analyst", "partner", "panel", "sysadmin")
ANON = "anonymous"
OK, REDIRECT, FORBIDDEN = 200, 302, 403
UNIT_VIEWERS = ("supervisor", "support", "admin")


def only(*allowed: str) -> dict[str, int]:
    return {ANON: REDIRECT, **{r: (OK if r in allowed else FORBIDDEN) for r in ROLES}}


MATRIX: dict[str, tuple[dict[str, Any], dict[str, int]]] = {
    "reports:dashboard": ({}, only(*UNIT_VIEWERS)),
    "reports:dashboard-overdue": ({"what": "visits"}, only(*UNIT_VIEWERS)),
    "reports:dashboard-approvals": ({}, only(*UNIT_VIEWERS)),
    "reports:dashboard-caseload": ({}, only(*UNIT_VIEWERS)),
    "reports:late-visits": ({}, only(*UNIT_VIEWERS)),
    "reports:late-visits-xlsx": ({}, only(*UNIT_VIEWERS)),
}
