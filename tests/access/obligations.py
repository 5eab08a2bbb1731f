"""The force's visit and review policy in the access matrix (tests/test_access_matrix.py).

Only a register administrator sets it (docs/roles.md); every other role, the system
administrator included, gets 403. That they see only their own force's is tested in
tests/obligations/test_policy_pages.py.
"""

from __future__ import annotations

from typing import Any

# The same names as tests/test_access_matrix.py, repeated: that module imports this one.
ROLES = ("manager", "support", "admin", "supervisor", "analyst", "partner", "panel", "sysadmin")
ANON = "anonymous"
OK, REDIRECT, FORBIDDEN = 200, 302, 403


def only(*allowed: str) -> dict[str, int]:
    return {ANON: REDIRECT, **{r: (OK if r in allowed else FORBIDDEN) for r in ROLES}}


MATRIX: dict[str, tuple[dict[str, Any], dict[str, int]]] = {
    "obligations:cadence-policy": ({}, only("admin")),
    "obligations:cadence-policy-new": ({}, only("admin")),
}
