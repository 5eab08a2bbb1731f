"""The notification calculator's part of the access matrix (issue 4).

Every role holding ``Perm.USE_CALCULATORS`` (``vigil.accounts.roles.GRANTS``) may use it;
the scrutiny panel and system administrators get 403; visitors are sent to sign in.
"""

from __future__ import annotations

from typing import Any

ROLES = ["manager", "support", "admin", "supervisor", "analyst", "partner", "panel", "sysadmin"]
ANON = "anonymous"
OK, REDIRECT, FORBIDDEN = 200, 302, 403

CALCULATOR_USERS = ("manager", "support", "admin", "supervisor", "analyst", "partner")
"""The roles holding ``Perm.USE_CALCULATORS``; test_calculator checks this against GRANTS."""

ENTRIES: dict[str, tuple[dict[str, Any], dict[str, int]]] = {
    "registration:calculator": (
        {},
        {ANON: REDIRECT, **{r: (OK if r in CALCULATOR_USERS else FORBIDDEN) for r in ROLES}},
    ),
}


MATRIX = ENTRIES
