"""The demo data (issues 2 and 3, "Demo"): enough synthetic nominals, spread over both
forces and every offender manager, with every part of the record, loaded idempotently.

The demo is loaded once for the whole module (``setUpTestData``, rolled back afterwards):
it takes a few seconds, and every test here only reads it.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any, ClassVar

from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, F
from django.test import TestCase, override_settings
from django.utils import timezone

from vigil.accounts.models import Force, Unit, User
from vigil.accounts.roles import Role
from vigil.demo import nominals as demo_nominals
from vigil.nominals.models import (
    Address,
    AddressKind,
    Associate,
    Category,
    Flag,
    HouseholdMember,
    NameKey,
    Nominal,
    NominalName,
    Status,
    Vehicle,
)
from vigil.policy import identifiers


def _counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def _load() -> str:
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoDataTests(TestCase):
    first_output: ClassVar[str]
    second_output: ClassVar[str]
    counts_after_first: ClassVar[dict[str, int]]
    counts_after_second: ClassVar[dict[str, int]]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.first_output = _load()
        cls.counts_after_first = _counts()
        cls.second_output = _load()
        cls.counts_after_second = _counts()

    # -- idempotent ---------------------------------------------------------------------

    def test_loading_twice_changes_nothing(self) -> None:
        assert "Created 520 synthetic nominals" in self.first_output
        assert "none created" in self.second_output
        changed = {
            label: (count, self.counts_after_second[label])
            for label, count in self.counts_after_first.items()
            if self.counts_after_second[label] != count
        }
        assert changed == {}

    def test_loading_nominals_again_creates_none(self) -> None:
        assert demo_nominals.load_nominals() == 0
        assert demo_nominals.load_officers() == []

    # -- spread --------------------------------------------------------------------------

    def test_there_are_at_least_500_nominals(self) -> None:
        assert Nominal.objects.count() >= 500

    def test_both_forces_have_nominals(self) -> None:
        per_force = Counter(Nominal.objects.values_list("force__code", flat=True))
        assert set(per_force) == {"northshire", "westmarch"}
        assert min(per_force.values()) >= 200

    def test_every_offender_manager_in_the_demo_has_a_caseload(self) -> None:
        managers = User.objects.filter(role=Role.OFFENDER_MANAGER)
        assert managers.count() >= 10
        empty = managers.annotate(n=Count("caseload")).filter(n=0)
        assert list(empty.values_list("username", flat=True)) == []

    def test_the_named_offender_managers_have_a_realistic_caseload(self) -> None:
        for username in ("manager", "manager2"):
            size = Nominal.objects.filter(offender_manager__username=username).count()
            assert 40 <= size <= 70, (username, size)

    def test_every_unit_has_three_to_six_offender_managers_and_a_supervisor(self) -> None:
        for unit in Unit.objects.all():
            users = User.objects.filter(unit=unit)
            assert 3 <= users.filter(role=Role.OFFENDER_MANAGER).count() <= 6, unit
            assert users.filter(role=Role.SUPERVISOR).exists(), unit
        assert User.objects.filter(username="supervisor", unit__code="ppu-north").exists()

    def test_each_nominal_is_managed_and_supervised_within_its_unit(self) -> None:
        nominals = Nominal.objects.all()
        assert not nominals.exclude(offender_manager__unit=F("unit")).exists()
        assert not nominals.exclude(supervisor__unit=F("unit")).exists()
        assert not nominals.exclude(supervisor__role=Role.SUPERVISOR).exists()
        assert not nominals.exclude(force=F("unit__force")).exists()
        assert not nominals.exclude(created_by=F("offender_manager")).exists()

    # -- the force's own visit and review policy -----------------------------------------

    def test_the_home_force_has_its_own_policy_and_the_other_follows_the_default(self) -> None:
        from vigil.obligations import policies
        from vigil.obligations.models import CadencePolicyVersion
        from vigil.policy.risk_levels import RiskLevel

        assert "Created 2 force policy versions" in self.first_output
        assert CadencePolicyVersion.objects.filter(force__code="northshire").count() == 2
        today = timezone.localdate()
        northshire, westmarch = (Force.objects.get(code=c) for c in ("northshire", "westmarch"))
        ours = policies.policy_for(northshire.pk, on=today)
        assert ours.version == "2"
        assert [d.label for d in policies.differences(ours)] == [
            "Home visit: high risk",
            "Home visit: medium risk",
            "Record review (the 16-week review)",
        ]
        assert ours.home_visit[RiskLevel.MEDIUM] != policies.DEFAULT.home_visit[RiskLevel.MEDIUM]
        assert policies.policy_for(westmarch.pk, on=today) is policies.DEFAULT

    # -- realistic mixes -----------------------------------------------------------------

    def test_categories_and_statuses_are_mixed(self) -> None:
        categories = Counter(Nominal.objects.values_list("category", flat=True))
        statuses = Counter(Nominal.objects.values_list("status", flat=True))
        total = sum(categories.values())
        assert set(categories) == set(Category.values)
        assert 0.65 <= categories[Category.RSO] / total <= 0.85
        assert len(statuses) >= 5
        assert statuses.most_common(1)[0][0] == Status.COMMUNITY

    def test_ages_and_registration_dates_are_consistent(self) -> None:
        today = timezone.localdate()
        for n in Nominal.objects.all():
            assert 18 <= n.age(today) <= 85, n.reference
            assert dt.date(2005, 1, 1) <= n.registered_on <= today, n.reference
            assert n.age(n.registered_on) >= 18, n.reference

    def test_some_nominals_have_aliases_vehicles_flags_and_children_at_home(self) -> None:
        today = timezone.localdate()
        total = Nominal.objects.count()

        def share(model: Any) -> float:
            return model.objects.values("nominal").distinct().count() / total

        assert 0.2 <= share(NominalName) <= 0.4
        assert 0.3 <= share(Vehicle) <= 0.5
        assert 0.1 <= share(Flag) <= 0.3
        assert Flag.objects.filter(removed_on__isnull=True, review_on__lt=today).exists()
        children = [
            m
            for m in HouseholdMember.objects.filter(address__to_date__isnull=True)
            if m.is_child(today)
        ]
        assert len(children) >= 20
        assert Associate.objects.filter(linked_nominal__isnull=False).exists()
        assert (
            not Associate.objects.exclude(linked_nominal=None)
            .exclude(linked_nominal__force=F("nominal__force"))
            .exists()
        )

    def test_every_nominal_has_a_current_address(self) -> None:
        current = Address.objects.filter(to_date__isnull=True)
        assert current.values("nominal").distinct().count() == Nominal.objects.count()
        assert current.filter(kind=AddressKind.NFA).exists()

    # -- identifiers ---------------------------------------------------------------------

    def test_every_identifier_is_valid(self) -> None:
        pncs = list(Nominal.objects.exclude(pnc_id="").values_list("pnc_id", flat=True))
        assert len(pncs) >= 0.8 * Nominal.objects.count()
        assert len(set(pncs)) == len(pncs)
        for pnc in pncs:
            assert identifiers.validate_pnc(pnc) == pnc
        for nino in Nominal.objects.exclude(ni_number="").values_list("ni_number", flat=True):
            assert identifiers.validate_nino(nino) == nino
        for cro in Nominal.objects.exclude(cro_number="").values_list("cro_number", flat=True):
            assert identifiers.validate_cro(cro) == cro
        for postcode in Address.objects.exclude(postcode="").values_list("postcode", flat=True):
            assert identifiers.validate_postcode(postcode) == postcode
        for vrm in Vehicle.objects.values_list("vrm", flat=True):
            assert identifiers.classify_vrm(vrm) == identifiers.VrmFormat.CURRENT

    # -- derived data and history ---------------------------------------------------------

    def test_every_nominal_has_name_keys(self) -> None:
        with_keys = NameKey.objects.values("nominal").distinct().count()
        assert with_keys == Nominal.objects.count()

    def test_every_record_has_its_first_history_entry(self) -> None:
        assert Nominal.history.count() == Nominal.objects.count()
        assert Address.history.count() == Address.objects.count()
        first = Nominal.history.select_related("history_user").first()
        assert first is not None
        nominal = Nominal.objects.get(pk=first.id)
        assert first.history_user == nominal.offender_manager
        assert first.history_type == "+"

    def test_both_forces_exist_with_two_units_each(self) -> None:
        assert Force.objects.count() == 2
        assert Unit.objects.count() == 4

    # -- reactive management (issue 6) ---------------------------------------------------

    def test_reactive_management_in_force_ended_and_waiting_and_ended_and_reviewed(self) -> None:
        """Someone the demo supervisor can review now, and the two states around it."""
        from vigil.obligations.engine import Kind
        from vigil.obligations.queries import due_for
        from vigil.reactive import queries
        from vigil.reactive.models import ReactiveEndReview

        today = timezone.localdate()
        states = queries.in_force(Nominal.objects.all(), today)
        revoked = [s for s in states.values() if isinstance(s, queries.Revoked)]
        assert len(states) == 3 and len(revoked) == 2
        assert queries.reviewed(s.placement.pk for s in revoked) == {
            r.placement_id for r in ReactiveEndReview.objects.all()
        }
        assert ReactiveEndReview.objects.count() == 1
        # Every placement's evidence is the real checklist, met on the day it was approved.
        for state in states.values():
            placement = state.placement if isinstance(state, queries.Revoked) else state
            assert all(row["met"] is not False for row in placement.criteria), placement
        supervisor = User.objects.get(username="supervisor")
        notices = [
            o for o in due_for(supervisor, today=today).items if o.kind is Kind.REACTIVE_ENDED
        ]
        assert len(notices) == 1
        assert notices[0].link.endswith("/review/")
        manager = User.objects.get(username="manager")
        assert any(
            "Reactive management ended" in o.detail for o in due_for(manager, today=today).items
        )
