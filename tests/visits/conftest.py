"""Fixtures for the diary's tests: a person on the manager's caseload, and a fixed clock.

The clock is Monday 23 November 2026, 10:00 in London, so that weekends and bank
holidays (Christmas Day 2026 is a Friday) fall on known days whenever the tests run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import NominalFactory
from vigil.nominals.models import Address, AddressKind, Nominal

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=LONDON)
TODAY = NOW.date()


def at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    """``hour:minute`` on ``day`` in London."""
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def frozen() -> Iterator[None]:
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def nominal(unit, manager, supervisor) -> Nominal:
    """A person with a distinctive name and address, to look for where they must not be."""
    person = NominalFactory.create(
        unit=unit,
        offender_manager=manager,
        supervisor=supervisor,
        forename="Bartholomew",
        surname="Quennell",
        registered_on=dt.date(2019, 5, 14),
    )
    Address.objects.create(
        nominal=person,
        kind=AddressKind.HOME,
        line1="17 Lantern Yard",
        town="Northby",
        postcode="LS6 2AB",
        from_date=dt.date(2019, 5, 14),
    )
    return person
