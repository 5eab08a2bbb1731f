"""The standalone RM2000 calculator page (issue 5): every role that may use the
calculators (``Perm.USE_CALCULATORS``) gets the page, everyone else is refused."""

from __future__ import annotations

from typing import Any

NAME = "risk:rm2000-calculator"

CALCULATOR_USERS = ("manager", "support", "admin", "supervisor", "analyst", "partner")
ROLES = ("manager", "support", "admin", "supervisor", "analyst", "partner", "panel", "sysadmin")

EXPECTED: dict[str, int] = {
    "anonymous": 302,
    **{role: (200 if role in CALCULATOR_USERS else 403) for role in ROLES},
}

MATRIX: dict[str, tuple[dict[str, Any], dict[str, int]]] = {NAME: ({}, EXPECTED)}
