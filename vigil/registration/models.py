"""Notification requirements on the nominal record: the facts, never the obligations.

What is stored is what happened (SOA 2003 Part 2; RULES.md §1-§2):

- ``Conviction`` and its ``ConvictionOffence`` rows: a conviction, finding or caution for
  one or more offences, with what Schedule 3 and s.82 need to know (dates, ages, disposal).
- ``PeriodOverride``: a court's direction about the period, which wins over the computation.
- ``Notification``: a notification given in person at a police station (s.87), with what
  was notified linked to the record rows it created (``TravelItinerary`` for travel).
- ``PossibleBreach``: an officer's record that a deadline was missed (s.91), and its outcome.
- ``PeriodEnd``: an officer's confirmation that the requirements ended (nothing deleted).
- ``ReviewApplication``: an application for review of indefinite notification (ss.91A-91F).

Whether an offence is notifiable, the notification period, its last day, the review date
and every deadline are *derived* in ``queries.py`` from these facts and ``vigil.policy``
(ARCHITECTURE.md principle 1). Nothing here stores a due date or a "subject" flag.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords

from vigil.nominals.models import (
    Address,
    BankCard,
    HouseholdMember,
    IdentityDocument,
    NominalName,
    NominalPart,
    Tracked,
)
from vigil.policy.deadlines import NotificationKind, resets_periodic_clock
from vigil.policy.schedule3 import Purpose, Secondary
from vigil.policy.sentence import Custody, Disposal

_REF_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as nominals.models.new_reference


def _choices(labels: dict[str, str]) -> list[tuple[str, str]]:
    """Plain-string choices from a labels dict keyed by a policy enum."""
    return [(str(value), label) for value, label in labels.items()]


def new_notification_reference() -> str:
    """A public reference for a notification, printed on its acknowledgement (s.87(3))."""
    body = "".join(secrets.choice(_REF_ALPHABET) for _ in range(8))
    return f"NT-{body[:4]}-{body[4:]}"


# --- Convictions ------------------------------------------------------------------------

DISPOSAL_LABELS: dict[str, str] = {
    Disposal.IMPRISONMENT: "Imprisonment or youth custody for a fixed term",
    Disposal.LIFE: "Life, IPP or other indeterminate custody",
    Disposal.HOSPITAL_RESTRICTED: "Hospital order with a restriction order",
    Disposal.HOSPITAL: "Hospital order without a restriction order",
    Disposal.COMMUNITY: "Community order or youth rehabilitation order",
    Disposal.CAUTION: "Caution, youth caution, reprimand or warning",
    Disposal.CONDITIONAL_DISCHARGE: "Conditional discharge",
    Disposal.FINE: "Fine",
    Disposal.OTHER: "Another disposal (for example a referral order)",
}
CUSTODY_LABELS: dict[str, str] = {
    Custody.IMPRISONMENT: "Imprisonment (21 or over)",
    Custody.YOI: "Detention in a young offender institution",
    Custody.DETENTION: "Detention under Sentencing Code s.250, s.254 or s.259",
    Custody.DTO: "Detention and training order",
}
SECONDARY_LABELS: dict[str, str] = {
    Secondary.ATTEMPT: "Attempt",
    Secondary.CONSPIRACY: "Conspiracy",
    Secondary.INCITEMENT: "Incitement",
    Secondary.AIDING_ABETTING: "Aiding, abetting, counselling or procuring",
    Secondary.ENCOURAGING_ASSISTING: "Encouraging or assisting (Serious Crime Act 2007 Part 2)",
}
PURPOSE_LABELS: dict[str, str] = {
    Purpose.SEXUAL_GRATIFICATION: "Obtaining sexual gratification",
    Purpose.HUMILIATION: "Humiliating, alarming or distressing the victim",
}


class ConvictionKind(models.TextChoices):
    """The four routes into notification in England and Wales (s.80(1); RULES.md §1.1)."""

    CONVICTION = "conviction", "Convicted"
    FINDING_INSANITY = "finding_insanity", "Found not guilty by reason of insanity"
    FINDING_DISABILITY = (
        "finding_disability",
        "Found to be under a disability and to have done the act",
    )
    CAUTION = "caution", "Cautioned"


class Conviction(NominalPart):
    """One conviction, finding or caution (an occasion), for one or more offences.

    ``relevant_on`` is the s.82(6) relevant date: the date of the conviction, finding or
    caution. Where an offence is notifiable only through a sentencing condition, s.132(3)
    moves its relevant date to the sentence date (``sentenced_on``): ``queries`` decides
    that per offence from the Schedule 3 decision. The offender's age on either date is
    derived from the nominal's date of birth, never stored.
    """

    kind = models.CharField(max_length=20, choices=ConvictionKind.choices)
    relevant_on = models.DateField(
        "date of the conviction, finding or caution",
        help_text="s.82(6): the relevant date.",
    )
    # Only when sentence was passed on a later day (s.132(3)).
    sentenced_on = models.DateField("date of sentence", null=True, blank=True)
    court = models.CharField("court or police station", max_length=200)
    # s.82(3)-(4): how the custodial terms for the Schedule 3 offences relate.
    consecutive = models.BooleanField("the terms were consecutive", default=False)
    overlap = models.CharField(
        "overlap of partly concurrent terms", max_length=20, blank=True
    )  # a term as parse_term reads it ("6m"); blank when not partly concurrent
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-relevant_on", "-id"]
        indexes = [models.Index(fields=["nominal", "relevant_on"], name="conviction_nominal_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(sentenced_on__isnull=True) | Q(sentenced_on__gte=F("relevant_on")),
                name="conviction_sentenced_after_convicted",
                violation_error_message="The sentence date is before the conviction",
            ),
            models.CheckConstraint(
                condition=Q(consecutive=False) | Q(overlap=""),
                name="conviction_consecutive_or_overlap",
                violation_error_message="Terms cannot be both consecutive and partly concurrent",
            ),
            models.CheckConstraint(
                condition=~Q(kind="caution") | Q(sentenced_on__isnull=True),
                name="conviction_caution_not_sentenced",
                violation_error_message="A caution has no sentence date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.relevant_on:%d %b %Y}, {self.court}"

    @property
    def noun(self) -> str:
        """ "conviction", "finding" or "caution", for sentences and link text."""
        return {"conviction": "conviction", "caution": "caution"}.get(self.kind, "finding")


class ConvictionOffence(Tracked):
    """One offence dealt with on a ``Conviction``, with the facts Schedule 3 looks at.

    Ages are whole years at the time of the offence (Sch 3 para 95(b)); for indecent images
    ``image_subject_age`` is the youngest person shown, when photographed (para 95(a)). The
    offender's own age is derived from the offence date and their date of birth.
    """

    conviction = models.ForeignKey(Conviction, on_delete=models.PROTECT, related_name="offences")
    offence_code = models.CharField("offence", max_length=30)  # a schedule3 catalogue code
    offence_date = models.DateField(help_text="If it was over a period, the first day of it.")
    victim_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    image_subject_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    intended_victim_age = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MaxValueValidator(130)]
    )
    disposal = models.CharField(max_length=24, choices=_choices(DISPOSAL_LABELS))
    # As a court states it ("2y6m", "26w"); its meaning depends on the disposal
    # (vigil.policy.sentence.Sentence): custodial term, order length or discharge period.
    term = models.CharField(max_length=20, blank=True)
    suspended = models.BooleanField(default=False)
    custody = models.CharField(
        max_length=12,
        choices=_choices(CUSTODY_LABELS),
        default=str(Custody.IMPRISONMENT),
    )
    secondary = models.CharField(
        "secondary or inchoate liability",
        max_length=24,
        choices=_choices(SECONDARY_LABELS),
        blank=True,
    )
    purpose = models.CharField(max_length=24, choices=_choices(PURPOSE_LABELS), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["offence_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(suspended=False) | Q(disposal="imprisonment"),
                name="offence_only_imprisonment_suspended",
                violation_error_message="Only a sentence of imprisonment can be suspended",
            ),
        ]

    def __str__(self) -> str:
        return self.offence_code


# --- Court-directed override ----------------------------------------------------------


class PeriodOverride(NominalPart):
    """A court's direction about the notification period; the latest one wins.

    Either the period is indefinite, or it ends with ``ends_on``. Recorded with the
    direction's reason; the computed period is still shown beside it.
    """

    indefinite = models.BooleanField(default=False)
    ends_on = models.DateField("last day of the period", null=True, blank=True)
    directed_on = models.DateField("date of the direction")
    directed_by = models.CharField("court", max_length=200)
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(indefinite=True) & Q(ends_on__isnull=True))
                | (Q(indefinite=False) & Q(ends_on__isnull=False)),
                name="override_indefinite_xor_end",
            ),
        ]

    def __str__(self) -> str:
        if self.indefinite:
            return "Indefinite, by direction of the court"
        return f"Ends on {self.ends_on:%d %b %Y}, by direction of the court"


# --- Notifications ----------------------------------------------------------------------

KIND_LABELS: dict[str, str] = {
    NotificationKind.INITIAL: "Initial notification (s.83)",
    NotificationKind.PERIODIC: "Periodic notification (s.85)",
    NotificationKind.WEEKLY: "Weekly notification, no fixed abode (s.85)",
    NotificationKind.CHANGE_NAME: "Change of name (s.84(1)(a))",
    NotificationKind.CHANGE_HOME_ADDRESS: "Change of home address (s.84(1)(b))",
    NotificationKind.OTHER_ADDRESS: "Staying at another address for 7 days (s.84(1)(c))",
    NotificationKind.RELEASE: "Release from custody or hospital (s.84(1)(d))",
    NotificationKind.BANK_CARD: "Bank account or card (SI 2012/1876)",
    NotificationKind.IDENTITY_DOCUMENT: "Passport or identity document (SI 2012/1876)",
    NotificationKind.CHILD_HOUSEHOLD: "Staying in a household with a child (SI 2012/1876 reg 10)",
    NotificationKind.CHANGE_NOT_OCCURRED: "A notified change did not happen (s.84(4)(b))",
    NotificationKind.TRAVEL_DEPARTURE: "Intended travel outside the UK (s.86)",
    NotificationKind.TRAVEL_RETURN: "Return from travel outside the UK (s.86)",
}


#: Notification kinds that restart the periodic clock (s.85(1)-(2); see
#: ``deadlines.resets_periodic_clock``), in the policy's order. The partial index
#: ``notification_resetting_idx`` is on exactly these kinds.
RESETTING_KINDS: tuple[str, ...] = tuple(
    k.value for k in NotificationKind if resets_periodic_clock(k)
)


class TravelItinerary(NominalPart):
    """A trip outside the UK as notified under s.86 (SI 2004/1220 as amended; RULES.md §2.3).

    Created by the departure notification; the return notification sets ``returned_on``.
    """

    departs_on = models.DateField("date of departure")
    departure_time = models.TimeField("time of departure", null=True, blank=True)
    departure_point = models.CharField("point of departure from the UK", max_length=120)
    destinations = models.TextField("countries and points of arrival")
    carriers = models.TextField("carriers out, between countries and back")
    accommodation = models.TextField("accommodation for the first night")
    returns_on = models.DateField("date of return", null=True, blank=True)
    return_point = models.CharField("point of arrival back in the UK", max_length=120, blank=True)
    # When the details (date, destination, point of arrival) were first known: decides
    # which advance-notice limit applies (deadlines.travel_notice_check).
    details_known_on = models.DateField("details first known on")
    returned_on = models.DateField("came back on", null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-departs_on", "-id"]
        indexes = [models.Index(fields=["nominal", "returned_on"], name="itinerary_open_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(returns_on__isnull=True) | Q(returns_on__gte=F("departs_on")),
                name="itinerary_return_after_departure",
            ),
            models.CheckConstraint(
                condition=Q(returned_on__isnull=True) | Q(returned_on__gte=F("departs_on")),
                name="itinerary_returned_after_departure",
            ),
            models.CheckConstraint(
                condition=Q(details_known_on__lte=F("departs_on")),
                name="itinerary_known_before_departure",
            ),
        ]

    def __str__(self) -> str:
        first = self.destinations.splitlines()[0] if self.destinations else ""
        return f"Travel on {self.departs_on:%d %b %Y} to {first}".strip()

    @property
    def return_details_given(self) -> bool:
        """Whether the return date and point of arrival were given in advance (RULES.md §2.3)."""
        return self.returns_on is not None and bool(self.return_point)


class Notification(NominalPart):
    """A notification given in person at a police station (s.87), and what it notified.

    What was notified is stored once, in the record rows it created or changed (linked
    below: a name, an address, a card, a document, a household member, a trip); the
    rows' own history keeps their values. ``summary`` is the sentence printed on the
    written acknowledgement at the time (s.87(3)), kept as it was given.
    """

    reference = models.CharField(
        max_length=12, unique=True, default=new_notification_reference, editable=False
    )
    kind = models.CharField(max_length=24, choices=_choices(KIND_LABELS))
    received_at = models.DateTimeField("date and time received")
    station = models.CharField("police station", max_length=120)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="receiving officer",
    )
    # The day the notified change happened (or, notified in advance, is expected:
    # s.84(2)): first use of a name, the move, the release, the stay, the new card.
    event_on = models.DateField("date of the change", null=True, blank=True)
    summary = models.TextField("what was notified")
    notes = models.TextField(blank=True)

    name = models.ForeignKey(
        NominalName, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    address = models.ForeignKey(
        Address, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bank_card = models.ForeignKey(
        BankCard, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    document = models.ForeignKey(
        IdentityDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    household_member = models.ForeignKey(
        HouseholdMember, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    itinerary = models.ForeignKey(
        TravelItinerary,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["nominal", "kind", "received_at"], name="notification_clock_idx"),
            # Each person's last notification that restarts the periodic clock, newest first
            # (registration.queries.statuses): one index probe per person, and "none since
            # a day" for the overdue lists' narrowing.
            models.Index(
                fields=["nominal", "-received_at", "-id"],
                condition=Q(kind__in=RESETTING_KINDS),
                # The kind too, so that the last clock-restarting notification (when and
                # what) is an index-only probe per person.
                include=["kind"],
                name="notification_resetting_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["travel_departure", "travel_return"])
                | Q(itinerary__isnull=False),
                name="notification_travel_has_itinerary",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.received_at:%d %b %Y}"


# --- Breaches -----------------------------------------------------------------------------


class BreachOutcome(models.TextChoices):
    NO_OFFENCE = "no_offence", "No offence (reasonable excuse or no failure)"
    WORDS_OF_ADVICE = "words_of_advice", "Words of advice"
    ARRESTED = "arrested", "Arrested"
    CHARGED = "charged", "Charged"
    CAUTIONED = "cautioned", "Cautioned"
    CONVICTED = "convicted", "Convicted"


class PossibleBreach(NominalPart):
    """A missed deadline an officer is investigating as a possible s.91 offence.

    Created from an overdue item the register status derived, keeping the deadline as it
    was worked out then (kind, due date and the reason, citing the law). The outcome is
    recorded later. RULES.md §2.4: the offence is committed on the first day of failure.
    """

    deadline_kind = models.CharField("deadline missed", max_length=24)
    due_on = models.DateField("was due by")
    deadline_reason = models.TextField()
    itinerary = models.ForeignKey(
        TravelItinerary, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identified_on = models.DateField("recorded on")
    notes = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, choices=BreachOutcome.choices, blank=True)
    outcome_on = models.DateField("date of the outcome", null=True, blank=True)
    outcome_notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-due_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nominal", "deadline_kind", "due_on"], name="breach_once_per_deadline"
            ),
            models.CheckConstraint(
                condition=Q(identified_on__gt=F("due_on")), name="breach_after_deadline"
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(outcome_on__isnull=True))
                | (~Q(outcome="") & Q(outcome_on__isnull=False)),
                name="breach_outcome_with_date",
            ),
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=F("identified_on")),
                name="breach_outcome_after_recorded",
            ),
        ]

    def __str__(self) -> str:
        return f"Possible breach: {self.deadline_label}, due by {self.due_on:%d %b %Y}"

    @property
    def deadline_label(self) -> str:
        return DEADLINE_LABELS.get(self.deadline_kind, self.deadline_kind.replace("_", " "))


DEADLINE_LABELS: dict[str, str] = {
    NotificationKind.INITIAL: "Initial notification",
    NotificationKind.PERIODIC: "Periodic notification",
    NotificationKind.WEEKLY: "Weekly notification (no fixed abode)",
    NotificationKind.TRAVEL_RETURN: "Return from travel",
}


# --- End of the requirements ----------------------------------------------------------------


class EndGrounds(models.TextChoices):
    PERIOD_ENDED = "period_ended", "The notification period ended"
    OVERRIDE = "override", "The period a court directed ended"
    REVIEW = "review", "A review decided the requirements cease (s.91C or s.91E)"


class PeriodEnd(NominalPart):
    """An officer's confirmation that the notification requirements have ended.

    The nominal's status becomes "no longer subject"; nothing is deleted (MoPI).
    ``last_day`` is the last day the requirements applied, as worked out when confirmed.
    """

    grounds = models.CharField(max_length=16, choices=EndGrounds.choices)
    last_day = models.DateField()
    reason = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Requirements ended after {self.last_day:%d %b %Y}"


# --- Review of indefinite notification ----------------------------------------------------------


class ReviewOutcome(models.TextChoices):
    CEASE = "cease", "The requirements cease"
    CONTINUE = "continue", "The requirements continue"


class AppealOutcome(models.TextChoices):
    ALLOWED = "allowed", "Allowed: the requirements cease"
    DISMISSED = "dismissed", "Dismissed: the requirements continue"


class ReviewApplication(NominalPart):
    """An application for review of indefinite notification (ss.91A-91F; RULES.md §1.4).

    Received on or after the qualifying date (refused before it, never stored); the
    responsible bodies asked for information (s.91C(2)-(3)); the chief officer's
    determination (s.91C) and, for "continue", the further review period (s.91B(3)-(6));
    an appeal to a magistrates' court (s.91E). Deadlines are derived, never stored.
    """

    received_on = models.DateField("application received on")
    info_requested_on = models.DateField(
        "information requested from responsible bodies on", null=True, blank=True
    )
    bodies = models.TextField("responsible bodies asked", blank=True)
    determined_on = models.DateField("determined on", null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=ReviewOutcome.choices, blank=True)
    further_review_years = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(15)]
    )
    notice_given_on = models.DateField(
        "notice of the determination received by the offender on", null=True, blank=True
    )
    determination_reasons = models.TextField(blank=True)
    appeal_lodged_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.CharField(max_length=10, choices=AppealOutcome.choices, blank=True)
    appeal_decided_on = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(determined_on__isnull=True) | Q(determined_on__gte=F("received_on")),
                name="review_determined_after_received",
            ),
            models.CheckConstraint(
                condition=(Q(outcome="") & Q(determined_on__isnull=True))
                | (~Q(outcome="") & Q(determined_on__isnull=False)),
                name="review_outcome_with_date",
            ),
            models.CheckConstraint(
                condition=Q(appeal_lodged_on__isnull=True) | Q(outcome="continue"),
                name="review_appeal_only_against_continue",
            ),
            models.CheckConstraint(
                condition=(Q(appeal_outcome="") & Q(appeal_decided_on__isnull=True))
                | (~Q(appeal_outcome="") & Q(appeal_decided_on__isnull=False)),
                name="review_appeal_outcome_with_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Review application received {self.received_on:%d %b %Y}"

    @property
    def requirements_cease(self) -> bool:
        return self.outcome == ReviewOutcome.CEASE or self.appeal_outcome == AppealOutcome.ALLOWED
