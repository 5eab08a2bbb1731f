"""The register status of many nominals at once agrees with each one's own, in a fixed
number of queries (ARCHITECTURE.md principle 3: set-based, not per record)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import NominalFactory
from tests.registration.test_notifications import REGISTERED, convict, notify
from vigil.nominals.models import Address, AddressKind, Nominal, Status
from vigil.registration import queries

D = dt.date
TODAY = D(2025, 2, 1)


def _people(unit, manager, n: int) -> list[Nominal]:
    """A varied set: overdue, due, no fixed abode, abroad, in custody, never notified."""
    people = []
    for i in range(n):
        nominal = NominalFactory.create(unit=unit, registered_on=REGISTERED)
        convict(nominal, manager)
        shape = i % 6
        if shape != 5:
            notify(nominal, manager, "initial", on=REGISTERED)
            notify(nominal, manager, on=D(2024, 1, 1) + dt.timedelta(days=7 * i))
        if shape == 1:
            Address.objects.create(nominal=nominal, kind=AddressKind.NFA, location_notes="Tent")
            notify(nominal, manager, "weekly", on=D(2025, 1, 20))
        if shape == 2:
            notify(
                nominal,
                manager,
                "travel_departure",
                on=D(2025, 1, 10),
                departs_on=D(2025, 1, 15),
                departure_point="Dover",
                destinations="France",
                carriers="Ferry",
                accommodation="Hotel",
                details_known_on=D(2025, 1, 1),
            )
        if shape == 3:
            nominal.status = Status.CUSTODY
            nominal.save()
        people.append(nominal)
    return people


def _summary(status: queries.RegisterStatus) -> list[tuple[str, dt.date | None, str]]:
    return sorted((i.kind, i.deadline.due if i.deadline else None, i.state) for i in status.items)


def test_many_at_once_agree_with_each_one_on_its_own(unit, manager) -> None:
    people = _people(unit, manager, 12)
    many = queries.statuses(Nominal.objects.values("id"), today=TODAY)
    assert set(many) == {p.pk for p in people}
    for p in people:
        p.refresh_from_db()
        one = queries.requirements(p, today=TODAY).status
        assert _summary(many[p.pk]) == _summary(one), p
    kinds = {i.kind for s in many.values() for i in s.items}
    assert kinds == {"initial", "periodic", "weekly", "travel_return"}
    states = {i.state for s in many.values() for i in s.items}
    assert {"overdue", "suspended", "awaiting"} <= states


@pytest.mark.parametrize("size", [6, 24])
def test_many_at_once_runs_a_fixed_number_of_queries(
    unit, manager, django_assert_num_queries, size
) -> None:
    _people(unit, manager, size)
    with django_assert_num_queries(4):
        queries.statuses(Nominal.objects.values("id"), today=TODAY)
