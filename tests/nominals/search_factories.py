"""Nominals for the search and duplicate tests: made with the ORM, name keys built as the
services build them. All names and identifiers are synthetic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import factory

from vigil.accounts.models import Unit
from vigil.nominals.models import (
    AlternativeDateOfBirth,
    Category,
    Gender,
    NameKind,
    Nominal,
    NominalName,
)
from vigil.nominals.search import rebuild_name_keys
from vigil.policy.identifiers import pnc_check_letter


class NominalFactory(factory.django.DjangoModelFactory[Nominal]):
    class Meta:
        model = Nominal

    category = Category.RSO
    unit = factory.SubFactory("tests.factories.UnitFactory")
    force = factory.LazyAttribute(lambda n: n.unit.force)
    registered_on = dt.date(2020, 1, 1)
    forename = "John"
    surname = "Smith"
    date_of_birth = dt.date(1980, 3, 4)
    gender = Gender.MALE


def make_nominal(
    *,
    unit: Unit,
    forename: str = "John",
    surname: str = "Smith",
    date_of_birth: dt.date = dt.date(1980, 3, 4),
    aliases: Sequence[tuple[str, str]] = (),
    other_dates_of_birth: Sequence[dt.date] = (),
    **fields: object,
) -> Nominal:
    """A nominal in ``unit`` with its aliases and other dates of birth, keys built."""
    nominal = NominalFactory.create(
        unit=unit, forename=forename, surname=surname, date_of_birth=date_of_birth, **fields
    )
    NominalName.objects.bulk_create(
        NominalName(nominal=nominal, kind=NameKind.ALIAS, forename=f, surname=s) for f, s in aliases
    )
    AlternativeDateOfBirth.objects.bulk_create(
        AlternativeDateOfBirth(nominal=nominal, date_of_birth=d) for d in other_dates_of_birth
    )
    rebuild_name_keys(nominal)
    return nominal


def pnc(year2: int, serial: int) -> str:
    """A PNC ID with the right check letter, in the stored (canonical) form."""
    return f"{year2:02d}/{serial:07d}{pnc_check_letter(year2=year2, serial=serial)}"
