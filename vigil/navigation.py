"""The service navigation: one list, filtered by what the user's role allows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from vigil.accounts.roles import Perm


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    perm: Perm | None  # None: every signed-in user


NAV: list[NavItem] = [
    NavItem("Home", "home", None),
    NavItem("My caseload", "nominals:caseload", Perm.EDIT_NOMINALS),
    NavItem("Diary", "visits:diary", Perm.EDIT_NOMINALS),
    NavItem("Dashboard", "reports:dashboard", Perm.VIEW_UNIT_CASELOADS),
    NavItem("Unit", "nominals:unit", Perm.VIEW_UNIT_CASELOADS),
    NavItem("Approvals", "risk:approvals", Perm.APPROVE),
    NavItem("Find a person", "nominals:search", Perm.SEARCH_NOMINALS),
    NavItem("New record", "nominals:create", Perm.EDIT_NOMINALS),
    NavItem("Calculators", "calculators", Perm.USE_CALCULATORS),
    NavItem("Users", "accounts:user-list", Perm.MANAGE_USERS),
    NavItem("Forces and units", "accounts:force-list", Perm.MANAGE_FORCES),
    NavItem("Visit policy", "obligations:cadence-policy", Perm.MANAGE_CADENCE_POLICY),
    NavItem("Audit", "audit:list", Perm.VIEW_AUDIT),
]


def items_for(request: Any) -> list[dict[str, Any]]:
    user = request.user
    if not user.is_authenticated:
        return []
    path = request.path
    items = []
    for item in NAV:
        if item.perm is not None and not user.has_perm(item.perm.value):
            continue
        url = reverse(item.url_name)
        active = path == url if url == "/" else path.startswith(url)
        items.append({"label": item.label, "url": url, "active": active})
    return items
