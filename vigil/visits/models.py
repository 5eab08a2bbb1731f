"""Visits and contacts, planned and recorded, and the referrals raised at them.

A ``Visit`` is one contact with a nominal: planned in the diary (``planned_for``), then
either recorded (``occurred_at``, the outcome and what was checked) or cancelled with a
reason. An unplanned visit is recorded straight away. Rows are never deleted.

What a visit *satisfies* is derived, never stored (ARCHITECTURE.md principle 1): the
obligations engine reads ``queries.last_seen_by_nominal``, which counts only recorded
home visits at which the person was seen (issue 6: "A visit that did not see the person
does not satisfy the visit due"; RULES.md §5.2, APP *Home visits*).

``FeedToken`` is an officer's secret address for the iCalendar feed of their diary.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from vigil.nominals.models import Nominal, Tracked


class VisitType(models.TextChoices):
    """How the contact was made (issue 6)."""

    HOME_ANNOUNCED = "home_announced", "Home visit (announced)"
    HOME_UNANNOUNCED = "home_unannounced", "Home visit (unannounced)"
    OFFICE = "office", "Office appointment"
    PHONE = "phone", "Remote contact by phone"
    VIDEO = "video", "Remote contact by video"


#: Visits at the person's home (or where they can regularly be found): the visits APP
#: *Home visits* asks for (RULES.md §5.2), and the only ones that satisfy the visit due.
HOME_VISIT_TYPES: frozenset[str] = frozenset({VisitType.HOME_ANNOUNCED, VisitType.HOME_UNANNOUNCED})


class Outcome(models.TextChoices):
    SEEN = "seen", "Seen"
    NOT_SEEN = "not_seen", "Not seen"
    NO_REPLY = "no_reply", "No reply"
    REFUSED_ENTRY = "refused_entry", "Refused entry"


class VisitStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    DONE = "done", "Recorded"
    CANCELLED = "cancelled", "Cancelled"


class ChildrenPresent(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    UNKNOWN = "unknown", "Not known"


class Visit(Tracked):
    nominal = models.ForeignKey(Nominal, on_delete=models.PROTECT, related_name="visits")
    status = models.CharField(max_length=10, choices=VisitStatus.choices)
    visit_type = models.CharField("type of visit", max_length=20, choices=VisitType.choices)
    # When it was planned for; empty for a visit recorded without being planned.
    planned_for = models.DateTimeField(null=True, blank=True)
    # When it happened; empty until it is recorded.
    occurred_at = models.DateTimeField(null=True, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits"
    )
    # Lone-working: a home visit to a high or very high risk person records who went too.
    second_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="second_officer_visits",
    )
    others_attending = models.TextField("others attending", blank=True)

    outcome = models.CharField(max_length=14, choices=Outcome.choices, blank=True)
    identity_confirmed = models.BooleanField(default=False)
    address_confirmed = models.BooleanField(default=False)
    others_present = models.TextField("who else was present", blank=True)
    children_present = models.CharField(max_length=8, choices=ChildrenPresent.choices, blank=True)
    children_note = models.TextField("about the children", blank=True)
    devices_checked = models.BooleanField(default=False)
    devices_note = models.TextField("devices: what was checked and found", blank=True)
    vehicles_seen = models.TextField(blank=True)
    concerns = models.TextField(blank=True)
    follow_up = models.TextField("follow-up actions", blank=True)
    cancel_reason = models.TextField(blank=True)

    # The event's identity in officers' calendar apps (iCalendar UID): stable, and unlike
    # the key it reveals nothing about how many visits the force records.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        # Newest first: recorded by when they happened, the others by when planned for.
        ordering = [Coalesce("occurred_at", "planned_for").desc(nulls_last=True), "-id"]
        indexes = [
            # The obligations engine's question: each person's last home visit seen
            # (visits.queries._seen). Partial on exactly that rule, so the answer is an
            # index-only scan with no heap fetch per visit (docs/performance.md).
            models.Index(
                fields=["nominal", "occurred_at"],
                name="visit_home_seen_idx",
                condition=Q(
                    status="done",
                    outcome="seen",
                    visit_type__in=sorted(HOME_VISIT_TYPES),
                ),
            ),
            models.Index(fields=["nominal", "status"], name="visit_nominal_idx"),
            models.Index(fields=["officer", "planned_for"], name="visit_officer_planned_idx"),
            models.Index(fields=["officer", "occurred_at"], name="visit_officer_done_idx"),
            models.Index(fields=["second_officer", "planned_for"], name="visit_second_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="planned") | Q(planned_for__isnull=False),
                name="visit_planned_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | (Q(occurred_at__isnull=False) & ~Q(outcome="")),
                name="visit_done_has_time_and_outcome",
            ),
            models.CheckConstraint(
                condition=Q(status="done") | (Q(occurred_at__isnull=True) & Q(outcome="")),
                name="visit_outcome_only_when_done",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancel_reason=""),
                name="visit_cancelled_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VisitStatus.values), name="visit_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=Outcome.values), name="visit_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(second_officer__isnull=True) | ~Q(second_officer=models.F("officer")),
                name="visit_second_officer_differs",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_visit_type_display()}, {self.get_status_display().lower()}"

    @property
    def when(self) -> dt.datetime | None:
        """The moment the diary files it under: when it happened, or when it is planned."""
        return self.occurred_at if self.status == VisitStatus.DONE else self.planned_for

    @property
    def day(self) -> dt.date | None:
        """The day (Europe/London) the diary files it under."""
        when = self.when
        return timezone.localtime(when).date() if when is not None else None

    @property
    def is_home_visit(self) -> bool:
        return self.visit_type in HOME_VISIT_TYPES


class ReferralKind(models.TextChoices):
    SAFEGUARDING = "safeguarding", "Safeguarding"
    WELFARE = "welfare", "Welfare"


class Referral(Tracked):
    """A safeguarding or welfare referral raised at a visit (issue 6; USERS.md)."""

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="referrals")
    kind = models.CharField(max_length=12, choices=ReferralKind.choices)
    agency = models.CharField("agency referred to", max_length=120)
    # The receiving agency's reference, when they give one.
    reference = models.CharField(max_length=60, blank=True)
    made_on = models.DateField("date of referral")
    history = HistoricalRecords()

    class Meta:
        ordering = ["made_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} referral to {self.agency}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class FeedTokenQuerySet(models.QuerySet["FeedToken"]):
    def live(self) -> FeedTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class FeedToken(models.Model):
    """The secret in an officer's diary feed address (DEPENDENCIES.md §7).

    Calendar apps cannot sign in, so the address itself is the credential. It shows only
    that officer's planned visits, by public reference and type; the officer can revoke
    it at any time, after which it answers 404. One live address per officer.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feed_tokens"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True),
                name="feedtoken_one_live_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Diary feed of {self.user}"
