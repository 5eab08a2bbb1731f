"""The demo's risk records (issue 5, "Demo"): everyone who should have them does, with
some approvals pending and some reviews overdue; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from typing import ClassVar

from django.test import TestCase, override_settings
from django.utils import timezone

from vigil.demo.accounts import load_accounts
from vigil.demo.nominals import load_nominals
from vigil.demo.risk import load_risk
from vigil.nominals.models import Category, Gender, Nominal, Status
from vigil.policy import arms
from vigil.policy.cadence import DueState
from vigil.risk import queries
from vigil.risk.models import (
    ActuarialScore,
    ArmsAssessment,
    ArmsRating,
    DecisionState,
    PlanAction,
    PlanStatus,
    RiskLevelDecision,
    RiskManagementPlan,
)

MODELS = (
    ActuarialScore,
    ArmsAssessment,
    ArmsRating,
    RiskLevelDecision,
    RiskManagementPlan,
    PlanAction,
)


def _counts() -> dict[str, int]:
    return {m.__name__: m._default_manager.count() for m in MODELS}


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoRiskTests(TestCase):
    created: ClassVar[int]
    seconds: ClassVar[float]
    first: ClassVar[dict[str, int]]
    second_created: ClassVar[int]
    second: ClassVar[dict[str, int]]

    @classmethod
    def setUpTestData(cls) -> None:
        load_accounts()
        load_nominals(count=60)
        started = time.perf_counter()
        cls.created = load_risk()
        cls.seconds = time.perf_counter() - started
        cls.first = _counts()
        cls.second_created = load_risk()
        cls.second = _counts()

    def managed(self):
        fortnight = timezone.localdate() - dt.timedelta(days=14)
        return Nominal.objects.exclude(
            status__in=(Status.DECEASED, Status.NO_LONGER_SUBJECT)
        ).filter(registered_on__lte=fortnight)

    def test_loading_twice_creates_nothing_the_second_time(self) -> None:
        assert self.created > 30
        assert self.second_created == 0
        assert self.first == self.second

    def test_it_is_fast(self) -> None:
        assert self.seconds < 10, self.seconds

    def test_every_managed_person_has_an_approved_level_and_plan(self) -> None:
        managed = self.managed()
        assert self.created == managed.count()
        for nominal in managed:
            assert queries.current_level(nominal) is not None, nominal
            assert queries.current_plan(nominal) is not None, nominal

    def test_adult_male_rsos_are_scored_and_rsos_assessed_and_no_one_else(self) -> None:
        for nominal in self.managed():
            scored = ActuarialScore.objects.filter(nominal=nominal).exists()
            assessed = ArmsAssessment.objects.filter(nominal=nominal).exists()
            is_rso = nominal.category == Category.RSO
            assert scored == (is_rso and nominal.gender == Gender.MALE), nominal
            assert assessed == is_rso, nominal
        assert ArmsRating.objects.count() == ArmsAssessment.objects.count() * len(
            arms.FACTORS.value
        )

    def test_some_approvals_are_pending_and_some_reviews_overdue(self) -> None:
        assert RiskLevelDecision.objects.filter(state=DecisionState.PENDING).exists()
        assert RiskManagementPlan.objects.filter(status=PlanStatus.SUBMITTED).exists()
        due = queries.reviews_due(self.managed(), timezone.localdate())
        states = Counter(d.assessment.state for d in due.values())
        assert states[DueState.OVERDUE] > 0
        assert states[DueState.UPCOMING] > states[DueState.OVERDUE]

    def test_the_level_mix_is_mostly_low_and_medium(self) -> None:
        due = queries.reviews_due(self.managed(), timezone.localdate())
        levels = Counter(d.level.value if d.level else "" for d in due.values())
        assert levels["low"] + levels["medium"] > levels["high"] + levels["very_high"]

    def test_every_action_has_an_owner_and_a_date(self) -> None:
        for action in PlanAction.objects.all():
            assert action.due_on is not None
            assert bool(action.owner_officer_id) != bool(action.owner_agency)

    def test_the_history_tables_have_an_entry_for_each_row(self) -> None:
        assert RiskLevelDecision.history.count() == RiskLevelDecision.objects.count()
        assert PlanAction.history.count() == PlanAction.objects.count()
