"""Registers every permission in ``roles.GRANTS`` with django-rules.

This is the only place permissions are defined; ``user.has_perm(Perm.X)`` reads it.
(Autodiscovered by ``rules.apps.AutodiscoverRulesConfig``.)
"""

from __future__ import annotations

from typing import Any

import rules

from vigil.accounts.roles import GRANTS, Role


def _has_role(roles: frozenset[Role]) -> rules.Predicate:
    @rules.predicate
    def predicate(user: Any) -> bool:
        return bool(
            getattr(user, "is_authenticated", False)
            and user.is_active
            and getattr(user, "role", None) in roles
        )

    return predicate


for _perm, _roles in GRANTS.items():
    rules.add_perm(_perm.value, _has_role(_roles))
