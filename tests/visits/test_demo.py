"""The demo's visit histories and diaries: realistic, consistent, idempotent and fast."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from typing import ClassVar

from django.db.models import F
from django.test import TestCase, override_settings
from django.utils import timezone

from vigil.accounts.models import User
from vigil.accounts.roles import Role
from vigil.demo import accounts, nominals
from vigil.demo import visits as demo_visits
from vigil.nominals.models import Nominal, Status
from vigil.policy.dates import add_months
from vigil.visits import queries
from vigil.visits.models import Outcome, Referral, Visit, VisitStatus


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class DemoVisitsTests(TestCase):
    first: ClassVar[int]
    second: ClassVar[int]
    seconds: ClassVar[float]
    today: ClassVar[dt.date]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.today = timezone.localdate()
        accounts.load_accounts()
        nominals.load_nominals(count=60)
        started = time.perf_counter()
        cls.first = demo_visits.load_visits()
        cls.seconds = time.perf_counter() - started
        cls.second = demo_visits.load_visits()

    def test_loading_twice_creates_nothing_the_second_time(self) -> None:
        assert self.first == Visit.objects.count() > 100
        assert self.second == 0

    def test_it_is_fast(self) -> None:
        assert self.seconds < 10, self.seconds

    def test_every_row_has_its_first_history_entry(self) -> None:
        assert Visit.history.count() == Visit.objects.count()
        assert Referral.history.count() == Referral.objects.count()
        first = Visit.history.select_related("history_user").first()
        assert first is not None
        assert first.history_user is not None

    def test_visits_are_mostly_seen_with_some_no_replies(self) -> None:
        outcomes = Counter(
            Visit.objects.filter(status=VisitStatus.DONE).values_list("outcome", flat=True)
        )
        total = sum(outcomes.values())
        assert outcomes[Outcome.SEEN] / total > 0.75
        assert outcomes[Outcome.NO_REPLY] > 0
        assert outcomes[Outcome.NOT_SEEN] > 0

    def test_some_people_are_seen_recently_and_some_are_late(self) -> None:
        """Not seen for over a year is late at any level (RULES.md §5.2 defaults: very
        high monthly ... low annually)."""
        last_seen = queries.last_seen_by_nominal(Nominal.objects.all())
        recent = [d for d in last_seen.values() if d > add_months(self.today, -3)]
        late = [d for d in last_seen.values() if d < add_months(self.today, -12)]
        assert len(recent) >= 5, len(recent)
        assert len(late) >= 2, len(late)

    def test_a_late_person_often_had_a_no_reply_since_they_were_last_seen(self) -> None:
        last_seen = queries.last_seen_by_nominal(Nominal.objects.all())
        attempts = [
            v
            for v in Visit.objects.filter(outcome=Outcome.NO_REPLY)
            if v.nominal_id in last_seen
            and timezone.localtime(v.occurred_at).date() > last_seen[v.nominal_id]
        ]
        assert attempts

    def test_nothing_is_recorded_before_registration_or_in_the_future(self) -> None:
        now = timezone.now()
        done = Visit.objects.filter(status=VisitStatus.DONE)
        assert not done.filter(occurred_at__gt=now).exists()
        for visit in done.select_related("nominal"):
            assert timezone.localtime(visit.occurred_at).date() >= visit.nominal.registered_on
        for referral in Referral.objects.select_related("visit"):
            assert referral.made_on >= timezone.localtime(referral.visit.occurred_at).date()
            assert referral.made_on <= self.today

    def test_every_demo_offender_manager_has_visits_planned_this_week_and_next(self) -> None:
        monday = self.today - dt.timedelta(days=self.today.weekday())
        start = timezone.make_aware(dt.datetime.combine(self.today, dt.time.min))
        end = timezone.make_aware(dt.datetime.combine(monday + dt.timedelta(days=14), dt.time.min))
        with_caseload = User.objects.filter(
            role=Role.OFFENDER_MANAGER, caseload__status=Status.COMMUNITY
        ).distinct()
        assert with_caseload.count() >= 10
        for manager in with_caseload:
            planned = Visit.objects.filter(
                officer=manager,
                status=VisitStatus.PLANNED,
                planned_for__gte=start,
                planned_for__lt=end,
            )
            assert planned.exists(), manager.username
            assert not planned.filter(planned_for__week_day__in=(1, 7)).exists()
        assert not Visit.objects.filter(
            status=VisitStatus.PLANNED, nominal__status=Status.DECEASED
        ).exists()

    def test_visits_are_made_by_the_persons_offender_manager(self) -> None:
        assert not Visit.objects.exclude(officer=F("nominal__offender_manager")).exists()
        seconds = Visit.objects.exclude(second_officer=None)
        assert seconds.exists()
        assert not seconds.exclude(second_officer__unit=F("nominal__unit")).exists()

    def test_the_diary_of_the_named_manager_has_this_weeks_visits(self) -> None:
        manager = User.objects.get(username="manager")
        week = queries.week_for(manager, self.today) + queries.week_for(
            manager, self.today + dt.timedelta(days=7)
        )
        assert sum(len(d.visits) for d in week) >= 3
