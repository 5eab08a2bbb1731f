"""Every URL, every role, and nobody signed in: the expected answer for each.

A URL pattern without an entry here fails ``test_every_url_has_an_entry``, so access is
decided, not defaulted, for each new page. Row-level rules (other force, other unit) are
tested with each app; this table is about roles.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

ROLES = ["manager", "support", "admin", "supervisor", "analyst", "partner", "panel", "sysadmin"]
ANON = "anonymous"

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404


def only(*allowed: str, anon: int = REDIRECT, others: int = FORBIDDEN) -> dict[str, int]:
    """Expected statuses when only ``allowed`` roles may use a page."""
    return {ANON: anon, **{r: (OK if r in allowed else others) for r in ROLES}}


def everyone(status: int = OK, anon: int = REDIRECT) -> dict[str, int]:
    return {ANON: anon, **dict.fromkeys(ROLES, status)}


USER_ADMINS = ("admin", "sysadmin")
VIEWERS = ("manager", "support", "admin", "supervisor", "analyst")
EDITORS = ("manager", "support", "admin", "supervisor")
UNIT_VIEWERS = ("supervisor", "support", "admin")
AUDITORS = ("supervisor", "admin", "sysadmin")

# url name -> (kwargs, expected status per role). ``{colleague}`` is filled in at run time.
MATRIX: dict[str, tuple[dict[str, Any], dict[str, int]]] = {
    "home": ({}, everyone()),
    "healthz": ({}, everyone(OK, anon=OK)),
    "calculators": ({}, only("manager", "support", "admin", "supervisor", "analyst", "partner")),
    "accounts:sign-in": ({}, everyone(REDIRECT, anon=OK)),
    "accounts:sign-out": ({}, everyone(OK, anon=REDIRECT)),
    # Everyone in the matrix already has a device: set-up sends them on to verify.
    "accounts:two-factor-setup": ({}, everyone(REDIRECT)),
    "accounts:two-factor-verify": ({}, everyone(OK)),
    "accounts:user-list": ({}, only(*USER_ADMINS)),
    "accounts:user-create": ({}, only(*USER_ADMINS)),
    "accounts:user-edit": ({"username": "{colleague}"}, only(*USER_ADMINS)),
    "accounts:user-disable": ({"username": "{colleague}"}, only(*USER_ADMINS)),
    "accounts:user-enable": ({"username": "{colleague}"}, only(*USER_ADMINS)),
    "accounts:user-reset-two-factor": ({"username": "{colleague}"}, only(*USER_ADMINS)),
    "accounts:force-list": ({}, only("sysadmin")),
    "accounts:force-create": ({}, only("sysadmin")),
    "accounts:unit-create": ({}, only("sysadmin")),
    "audit:list": ({}, only(*AUDITORS)),
    "nominals:caseload": ({}, only(*VIEWERS)),
    "nominals:unit": ({}, only(*UNIT_VIEWERS)),
    "nominals:create": ({}, only(*EDITORS)),
    "nominals:search": ({}, only(*VIEWERS)),
    "nominals:detail": ({"reference": "{nominal}"}, only(*VIEWERS)),
    "nominals:history": ({"reference": "{nominal}"}, only(*VIEWERS)),
    "nominals:section": ({"reference": "{nominal}", "slug": "identity"}, only(*EDITORS)),
    "nominals:section-row": (
        {"reference": "{nominal}", "slug": "addresses", "pk": "{address}"},
        only(*EDITORS),
    ),
    "nominals:photo-add": ({"reference": "{nominal}"}, only(*EDITORS)),
    "nominals:photo-image": ({"reference": "{nominal}", "pk": "{photo}"}, only(*VIEWERS)),
    "nominals:photo-thumbnail": ({"reference": "{nominal}", "pk": "{photo}"}, only(*VIEWERS)),
    "audit:export": ({}, only(*AUDITORS)),
}


def _app_matrices() -> list[Any]:
    import importlib
    import pkgutil

    import tests.access

    return [
        importlib.import_module(f"tests.access.{m.name}")
        for m in pkgutil.iter_modules(tests.access.__path__)
    ]


for _module in _app_matrices():
    _clash = MATRIX.keys() & _module.MATRIX.keys()
    assert not _clash, f"{_module.__name__} repeats {_clash}"
    MATRIX.update(_module.MATRIX)


def _url_names(patterns: list[Any], namespace: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names |= _url_names(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(f"{namespace}{p.name}")
    return names


def test_every_url_has_an_entry() -> None:
    names = _url_names(get_resolver().url_patterns)
    missing = names - MATRIX.keys()
    stale = MATRIX.keys() - names
    assert not missing, f"add these URLs to the access matrix: {sorted(missing)}"
    assert not stale, f"these matrix entries name no URL: {sorted(stale)}"


@pytest.fixture
def records(manager, supervisor, unit, settings, tmp_path) -> dict[str, str]:
    """A nominal in the home force with an address and a photograph."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from tests.factories import NominalFactory
    from vigil.nominals.models import Address, AddressKind
    from vigil.nominals.photos import photo_add

    settings.MEDIA_ROOT = tmp_path
    nominal = NominalFactory.create(unit=unit, offender_manager=manager, supervisor=supervisor)
    address = Address.objects.create(
        nominal=nominal, kind=AddressKind.HOME, line1="1 Road", postcode="LS6 2AB"
    )
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "grey").save(buffer, "JPEG")
    photo = photo_add(
        actor=manager,
        nominal=nominal,
        taken_on=nominal.registered_on,
        description="",
        uploaded_file=SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg"),
    )
    values = {"nominal": nominal.reference, "address": str(address.pk), "photo": str(photo.pk)}
    for module in _app_matrices():
        make = getattr(module, "records", None)
        if make is not None:
            values.update(make(nominal=nominal, manager=manager, supervisor=supervisor))
    return values


@pytest.mark.parametrize("role", [ANON, *ROLES])
def test_each_role_gets_the_expected_answer_on_every_url(
    role, personas, colleague, login_as, client, records
) -> None:
    if role != ANON:
        client = login_as(personas[role])
    failures = []
    for name, (kwargs, expected) in MATRIX.items():
        filled = {
            k: str(v).format(colleague=colleague.username, **records) for k, v in kwargs.items()
        }
        response = client.get(reverse(name, kwargs=filled))
        if response.status_code != expected[role]:
            failures.append(f"{name}: expected {expected[role]}, got {response.status_code}")
    assert not failures, f"{role}: " + "; ".join(failures)
