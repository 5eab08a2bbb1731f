"""Named personas shared by every test (STYLE.md point 12).

Two forces. In the home force: the case's offender manager (``manager``), a colleague in
the same unit, a supervisor, a register support officer, a register administrator, an
analyst, a partner-agency user, a scrutiny panel member and a system administrator; a
``sibling_manager`` in the home force's other unit. In the other force: an offender
manager (``outsider``) and that force's register administrator (``other_admin``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import ForceFactory, UnitFactory, UserFactory
from vigil.accounts.models import Force, Unit, User
from vigil.accounts.roles import Role


@pytest.fixture(autouse=True)
def _test_settings(settings) -> None:
    """Tests run as production would (two-factor required, no demo banner), except that
    passwords use a fast hasher: argon2 is deliberately slow and would dominate the suite.
    ``test_security`` checks that the real configuration uses argon2."""
    settings.DEMO_MODE = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def home_force(db) -> Force:
    return ForceFactory.create(code="northshire", name="Northshire Police")


@pytest.fixture
def other_force(db) -> Force:
    return ForceFactory.create(code="westmarch", name="Westmarch Constabulary")


@pytest.fixture
def unit(home_force) -> Unit:
    return UnitFactory.create(force=home_force, code="ppu-north", name="PPU North")


@pytest.fixture
def sibling_unit(home_force) -> Unit:
    return UnitFactory.create(force=home_force, code="ppu-south", name="PPU South")


@pytest.fixture
def other_unit(other_force) -> Unit:
    return UnitFactory.create(force=other_force, code="ppu-east", name="PPU East")


def _persona(username: str, role: Role, unit: Unit) -> User:
    return UserFactory.create(username=username, role=role, unit=unit)


@pytest.fixture
def manager(unit) -> User:
    return _persona("manager", Role.OFFENDER_MANAGER, unit)


@pytest.fixture
def colleague(unit) -> User:
    return _persona("colleague", Role.OFFENDER_MANAGER, unit)


@pytest.fixture
def sibling_manager(sibling_unit) -> User:
    return _persona("sibling", Role.OFFENDER_MANAGER, sibling_unit)


@pytest.fixture
def supervisor(unit) -> User:
    return _persona("supervisor", Role.SUPERVISOR, unit)


@pytest.fixture
def support(unit) -> User:
    return _persona("support", Role.REGISTER_SUPPORT, unit)


@pytest.fixture
def admin(unit) -> User:
    return _persona("administrator", Role.REGISTER_ADMIN, unit)


@pytest.fixture
def analyst(sibling_unit) -> User:
    return _persona("analyst", Role.ANALYST, sibling_unit)


@pytest.fixture
def partner(unit) -> User:
    return _persona("partner", Role.PARTNER, unit)


@pytest.fixture
def panel(sibling_unit) -> User:
    return _persona("panel", Role.PANEL, sibling_unit)


@pytest.fixture
def sysadmin(unit) -> User:
    return _persona("sysadmin", Role.SYSADMIN, unit)


@pytest.fixture
def outsider(other_unit) -> User:
    return _persona("outsider", Role.OFFENDER_MANAGER, other_unit)


@pytest.fixture
def other_admin(other_unit) -> User:
    return _persona("otheradmin", Role.REGISTER_ADMIN, other_unit)


@pytest.fixture
def personas(
    manager, colleague, supervisor, support, admin, analyst, partner, panel, sysadmin, outsider
) -> dict[str, User]:
    return {
        "manager": manager,
        "colleague": colleague,
        "supervisor": supervisor,
        "support": support,
        "admin": admin,
        "analyst": analyst,
        "partner": partner,
        "panel": panel,
        "sysadmin": sysadmin,
        "outsider": outsider,
    }


def verified_client(user: User) -> Client:
    """A client signed in as ``user`` who has passed two-factor authentication."""
    client = Client()
    client.force_login(user, backend="vigil.accounts.backends.VettedUserBackend")
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def login_as() -> Callable[[User], Client]:
    return verified_client
