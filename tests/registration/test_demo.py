"""The demo's convictions and notification histories (issue 4, "Demo"): consistent with the
record, shaped so the register has something to show, and loaded idempotently."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, ClassVar

from django.test import TestCase, override_settings
from django.utils import timezone

from vigil.demo import accounts, nominals
from vigil.demo.registration import load_registration
from vigil.nominals.models import Category, Nominal, Status
from vigil.registration import queries
from vigil.registration.models import (
    Conviction,
    Notification,
    PeriodEnd,
    PossibleBreach,
    ReviewApplication,
    TravelItinerary,
)

MODELS = (Conviction, Notification, TravelItinerary, PossibleBreach, PeriodEnd, ReviewApplication)


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class RegistrationDemoTests(TestCase):
    first: ClassVar[int]
    second: ClassVar[int]
    counts: ClassVar[dict[str, int]]
    today: ClassVar[dt.date]

    @classmethod
    def setUpTestData(cls) -> None:
        cls.today = timezone.localdate()
        accounts.load_accounts()
        nominals.load_nominals(count=60)
        cls.first = load_registration()
        cls.counts = {m.__name__: m.objects.count() for m in MODELS}
        cls.second = load_registration()

    def _people(self) -> list[Nominal]:
        return list(Nominal.objects.filter(category=Category.RSO).order_by("pk"))

    def test_loading_twice_creates_nothing_the_second_time(self) -> None:
        assert self.first > 0 and self.second == 0
        assert {m.__name__: m.objects.count() for m in MODELS} == self.counts

    def test_every_registered_sex_offender_has_a_notifiable_conviction_the_policy_accepts(
        self,
    ) -> None:
        for n in self._people():
            req = queries.requirements(n, today=self.today)
            assert req.assessments, n
            for a in req.assessments:
                assert not a.error, (n, a.error)
                assert a.notifiable, n
                assert a.conviction.relevant_on <= n.registered_on
            assert req.effective is not None

    def test_notifications_are_never_before_the_conviction_nor_in_the_future(self) -> None:
        now = timezone.now()
        first_conviction = {
            c.nominal_id: c.relevant_on for c in Conviction.objects.order_by("-relevant_on")
        }
        for n in Notification.objects.select_related("nominal"):
            day = queries.local_date(n.received_at)
            assert n.received_at <= now
            assert day >= n.nominal.registered_on and day >= first_conviction[n.nominal_id], n
        for trip in TravelItinerary.objects.all():
            assert trip.returns_on is None or trip.returns_on >= trip.departs_on

    def test_the_register_has_overdue_due_this_week_travelling_and_ending(self) -> None:
        statuses = queries.statuses(
            Nominal.objects.filter(category=Category.RSO).values("id"), today=self.today
        )
        states: Counter[str] = Counter()
        soon = 0
        for status in statuses.values():
            for item in status.items:
                states[item.state] += 1
                if item.deadline and 0 <= (item.deadline.due - self.today).days <= 7:
                    soon += 1
        assert states["overdue"] >= 1, states
        assert soon >= 1, states
        travelling = TravelItinerary.objects.filter(
            returned_on__isnull=True, departs_on__lte=self.today
        )
        assert travelling.exists()
        ending = [n for n in self._people() if queries.requirements(n, today=self.today).ending]
        assert ending

    def test_some_possible_breaches_have_outcomes_and_some_are_open(self) -> None:
        outcomes = set(PossibleBreach.objects.values_list("outcome", flat=True))
        assert "" in outcomes and len(outcomes - {""}) >= 2, outcomes

    def test_those_no_longer_subject_have_a_confirmed_end_after_their_period(self) -> None:
        for end in PeriodEnd.objects.select_related("nominal"):
            assert end.nominal.status == Status.NO_LONGER_SUBJECT
            assert end.last_day < self.today
            eff = queries.requirements(end.nominal, today=self.today).effective
            assert eff is not None and eff.last_day == end.last_day

    def test_review_applications_are_for_indefinite_notification_after_the_qualifying_date(
        self,
    ) -> None:
        reviews: Any = ReviewApplication.objects.select_related("nominal")
        assert reviews.exists()
        for review in reviews:
            req = queries.requirements(review.nominal, today=self.today)
            assert req.effective is not None and req.effective.indefinite
            first = min(queries.local_date(n.received_at) for n in req.notifications)
            assert review.received_on > first.replace(year=first.year + 15)
