"""The demo's forces, units and one account per role (issue 2, "Demo")."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vigil.accounts.models import Force, Nation, Unit, User, VettingLevel
from vigil.accounts.roles import Role
from vigil.policy.dates import add_months

PASSWORD = "vigil-demo"  # noqa: S105 - the published demo password, demo mode only

FORCES = [
    (
        "northshire",
        "Northshire Police",
        Nation.ENGLAND,
        [
            ("ppu-north", "Public Protection Unit North"),
            ("ppu-south", "Public Protection Unit South"),
        ],
    ),
    (
        "westmarch",
        "Westmarch Constabulary",
        Nation.WALES,
        [("ppu-east", "Public Protection Unit East"), ("ppu-west", "Public Protection Unit West")],
    ),
]

# username, role, first name, last name, force code, unit code, organisation
ACCOUNTS = [
    ("manager", Role.OFFENDER_MANAGER, "Morgan", "Hale", "northshire", "ppu-north", ""),
    ("support", Role.REGISTER_SUPPORT, "Sam", "Okafor", "northshire", "ppu-north", ""),
    ("administrator", Role.REGISTER_ADMIN, "Alex", "Pryce", "northshire", "ppu-north", ""),
    ("supervisor", Role.SUPERVISOR, "Jordan", "Bell", "northshire", "ppu-north", ""),
    ("analyst", Role.ANALYST, "Robin", "Carter", "northshire", "ppu-south", ""),
    ("partner", Role.PARTNER, "Casey", "Doyle", "northshire", "ppu-north", "Probation Service"),
    ("panel", Role.PANEL, "Jamie", "Ellis", "northshire", "ppu-south", "Independent member"),
    ("sysadmin", Role.SYSADMIN, "Taylor", "Frost", "northshire", "ppu-north", ""),
    ("manager2", Role.OFFENDER_MANAGER, "Riley", "Gwyn", "westmarch", "ppu-east", ""),
]


def load_accounts(*, today: dt.date | None = None) -> list[User]:
    """Create or bring up to date the demo forces, units and accounts. Idempotent."""
    today = today or timezone.localdate()
    units: dict[tuple[str, str], Unit] = {}
    for code, name, nation, unit_specs in FORCES:
        force, _ = Force.objects.update_or_create(
            code=code, defaults={"name": name, "nation": nation}
        )
        for unit_code, unit_name in unit_specs:
            unit, _ = Unit.objects.update_or_create(
                force=force, code=unit_code, defaults={"name": unit_name}
            )
            units[(code, unit_code)] = unit
    users = []
    for username, role, first, last, force_code, unit_code, org in ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": role,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@{force_code}.example.police.uk",
                "unit": units[(force_code, unit_code)],
                "organisation": org,
                "vetting_level": VettingLevel.MV,
                "vetting_expires": add_months(today, 36),
            },
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        users.append(user)
    return users
