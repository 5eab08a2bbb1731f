"""Risk: actuarial scores, ARMS assessments, risk levels and risk management plans.

Facts are stored, obligations derived (ARCHITECTURE.md principle 1): these tables hold
what was scored, assessed, proposed, approved and planned, by whom and when. What is in
force (the current approved level, the current plan) and what is due (the next review)
are computed from them (``queries.py``), never stored as a flag that can go stale.

Sources: RULES.md §5.1 (RoSH levels), §5.4 (ARMS), §5.5-§5.6 (RM2000 and its
successors: store tool, version and date with every result), §5.2 (the visit frequency
is set in the risk management plan, NPCC 2017).

Every row records who created and last changed it and keeps its full history
(django-simple-history). Nothing is deleted: a later record supersedes an earlier one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from vigil.nominals.models import NominalPart, Tracked
from vigil.policy import arms, cadence
from vigil.policy.risk_levels import RiskLevel

RM2000_CATEGORIES = ("low", "medium", "high", "very high")
"""``rm2000.Rm2000Category`` values: the categories every scale is placed in."""


class Level(models.TextChoices):
    """A RoSH level (RULES.md §5.1), stored with ``policy.risk_levels.RiskLevel`` codes."""

    LOW = RiskLevel.LOW.value, RiskLevel.LOW.label
    MEDIUM = RiskLevel.MEDIUM.value, RiskLevel.MEDIUM.label
    HIGH = RiskLevel.HIGH.value, RiskLevel.HIGH.label
    VERY_HIGH = RiskLevel.VERY_HIGH.value, RiskLevel.VERY_HIGH.label


# --- Actuarial scores -------------------------------------------------------------------


class ActuarialScore(NominalPart):
    """One scoring of a static actuarial tool, with the tool's name and version.

    RULES.md §5.6: the tool must be pluggable (RM2000 now, OSP/DC-SRP later), so the tool
    and its version are stored with every result, and the answers it was given
    (``inputs``) beside the result it produced. ``s``/``v``/``c`` are the RM2000 scale
    categories copied out of ``result`` for set-based queries; another tool leaves them
    blank and keeps its own shape in ``result``.
    """

    tool = models.CharField(max_length=20)
    tool_version = models.CharField(max_length=60)
    scored_on = models.DateField()
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    inputs = models.JSONField()
    result = models.JSONField()
    # The tool's own line-by-line working, as it was when scored (the point tables are
    # policy values a force may correct later; this keeps what was actually applied).
    explanation = models.JSONField(default=list)
    s_category = models.CharField(max_length=12, blank=True)
    v_category = models.CharField(max_length=12, blank=True)
    c_category = models.CharField(max_length=12, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-scored_on", "-id"]
        indexes = [
            models.Index(fields=["nominal", "tool", "-scored_on"], name="score_latest_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(s_category__in=("", *RM2000_CATEGORIES))
                & models.Q(v_category__in=("", *RM2000_CATEGORIES))
                & models.Q(c_category__in=("", *RM2000_CATEGORIES)),
                name="score_categories_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tool} scored {self.scored_on.isoformat()}"


# --- ARMS -------------------------------------------------------------------------------


class ArmsAssessment(NominalPart):
    """An ARMS assessment (RULES.md §5.4): every factor rated with its evidence.

    The output is a case formulation and work priorities, not a risk label; the level
    is a separate, supervised decision (``RiskLevelDecision``). ``summary`` keeps
    ``arms.summarise`` as it was on the day, and ``factor_list_version`` the version of
    the factor list (``arms.VERSION``) the ratings were made against.
    """

    assessed_on = models.DateField()
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    formulation = models.TextField()
    priorities = models.TextField()
    factor_list_version = models.CharField(max_length=60, default=arms.VERSION)
    summary = models.JSONField(default=dict)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["nominal", "-assessed_on"], name="arms_latest_idx")]

    def __str__(self) -> str:
        return f"ARMS assessment {self.assessed_on.isoformat()}"


ARMS_RATINGS = tuple(
    dict.fromkeys(r.value for r in (*arms.RISK_SCALE.value, *arms.PROTECTIVE_SCALE.value))
)


class ArmsRating(Tracked):
    """One factor of an ARMS assessment: its rating and the evidence for it."""

    assessment = models.ForeignKey(ArmsAssessment, on_delete=models.PROTECT, related_name="ratings")
    # An ``arms.FACTORS`` code; the list is data, so it is not a database choice.
    factor = models.CharField(max_length=60)
    rating = models.CharField(max_length=20)
    evidence = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "factor"], name="arms_rating_unique"),
            models.CheckConstraint(
                condition=models.Q(rating__in=ARMS_RATINGS), name="arms_rating_known"
            ),
            models.CheckConstraint(
                condition=~models.Q(evidence=""), name="arms_rating_has_evidence"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.factor_title}: {self.rating}"

    @property
    def factor_title(self) -> str:
        factor = arms.BY_CODE.get(self.factor)
        return factor.title if factor else self.factor

    @property
    def kind(self) -> str:
        factor = arms.BY_CODE.get(self.factor)
        return factor.kind.value if factor else ""


# --- Risk level -------------------------------------------------------------------------


class DecisionState(models.TextChoices):
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    SENT_BACK = "sent_back", "Sent back"


class RiskLevelDecision(NominalPart):
    """A risk level proposed by an officer and approved or sent back by a supervisor.

    Issue 5 and RULES.md §5.1: until approved it is pending and the previous approved
    level stays in force. The level in force is always derived: the latest approved
    decision (``queries.current_level``). At most one proposal waits at a time.
    """

    level = models.CharField(max_length=10, choices=Level.choices)
    rationale = models.TextField()
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(
        max_length=10, choices=DecisionState.choices, default=DecisionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField(null=True)
    send_back_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-proposed_at", "-id"]
        indexes = [
            # The level in force: the latest approved, same-day ties by id (queries.
            # _approved_levels). One backward probe per person, no sort.
            # The level in force is one probe of this index per person; ``level`` is
            # carried in it (PostgreSQL) so the probe never reads the table.
            models.Index(
                fields=["nominal", "-decided_at", "-id"],
                condition=models.Q(state="approved"),
                include=["level"],
                name="level_approved_latest_idx",
            ),
            models.Index(fields=["state", "nominal"], name="level_pending_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["nominal"],
                condition=models.Q(state="pending"),
                name="level_one_pending_per_nominal",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(state="pending", decided_by__isnull=True, decided_at__isnull=True)
                    | (
                        models.Q(state__in=("approved", "sent_back"))
                        & models.Q(decided_by__isnull=False, decided_at__isnull=False)
                    )
                ),
                name="level_decided_iff_not_pending",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="sent_back", send_back_reason=""),
                name="level_sent_back_has_reason",
            ),
            # Nobody approves their own proposal (issue 5: supervision).
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("proposed_by")),
                name="level_not_decided_by_proposer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} ({self.get_state_display().lower()})"

    @property
    def risk_level(self) -> RiskLevel:
        return RiskLevel(self.level)


# --- Risk management plan ---------------------------------------------------------------


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Waiting for approval"
    APPROVED = "approved", "Approved"
    SENT_BACK = "sent_back", "Sent back"


OPEN_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.SENT_BACK)
"""A version still being written or waiting: at most one per nominal."""


class VisitUnit(models.TextChoices):
    """The unit of a plan's visit frequency (``policy.cadence.Unit``)."""

    DAYS = cadence.Unit.DAYS.value, "Days"
    WEEKS = cadence.Unit.WEEKS.value, "Weeks"
    MONTHS = cadence.Unit.MONTHS.value, "Months"
    YEARS = cadence.Unit.YEARS.value, "Years"


class RiskManagementPlan(NominalPart):
    """One version of a nominal's risk management plan.

    Each version is its own row, numbered from 1. A version is written as a draft,
    submitted, then approved (signed off by a supervisor) or sent back. A new version
    starts as a copy of the latest one; approved and superseded versions are never
    changed again. The plan in force is the latest approved version (derived).

    RULES.md §5.2 (NPCC, 29 Jun 2017): visit frequency is set in the plan, not by a
    fixed schedule; ``visit_every_count``/``visit_every_unit`` is that frequency, read
    by ``cadence.next_visit_due(plan_interval=...)``. Blank means the policy default.
    """

    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    visit_every_count = models.PositiveSmallIntegerField(null=True, blank=True)
    visit_every_unit = models.CharField(max_length=8, choices=VisitUnit.choices, blank=True)
    # The date the officer sets for reviewing this plan; the policy's interval caps it
    # (``queries.reviews_due``).
    review_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    submitted_at = models.DateTimeField(null=True)
    # The supervisor's sign-off (approved) or return (sent back).
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    decided_at = models.DateTimeField(null=True)
    send_back_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        indexes = [
            # The plan in force is one probe per person; what lists read of it (the day
            # approved, the review date, the visit frequency) is carried in the index
            # (PostgreSQL), so the probe never reads the table.
            models.Index(
                fields=["nominal", "status", "-number"],
                # The columns the plan in force is read for (``risk.queries.PLAN_IN_FORCE``,
                # its id for its actions), so that each person's probe is index-only.
                include=["id", "decided_at", "review_on", "visit_every_count", "visit_every_unit"],
                name="plan_in_force_idx",
            ),
            models.Index(fields=["status", "nominal"], name="plan_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["nominal", "number"], name="plan_number_unique"),
            models.UniqueConstraint(
                fields=["nominal"],
                condition=models.Q(status__in=("draft", "submitted", "sent_back")),
                name="plan_one_open_version",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(visit_every_count__isnull=True, visit_every_unit="")
                    | (models.Q(visit_every_count__gte=1) & ~models.Q(visit_every_unit=""))
                ),
                name="plan_visit_frequency_whole",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=("submitted", "approved"), review_on__isnull=True),
                name="plan_submitted_has_review_date",
            ),
            models.CheckConstraint(
                condition=(
                    ~models.Q(status__in=("approved", "sent_back"))
                    | models.Q(decided_by__isnull=False, decided_at__isnull=False)
                ),
                name="plan_decided_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent_back", send_back_reason=""),
                name="plan_sent_back_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(decided_by=models.F("submitted_by"), status="approved"),
                name="plan_not_signed_off_by_submitter",
            ),
        ]

    def __str__(self) -> str:
        return f"Risk management plan version {self.number}"

    @property
    def editable(self) -> bool:
        """Only a draft, or a version sent back for changes, can be changed."""
        return self.status in (PlanStatus.DRAFT, PlanStatus.SENT_BACK)

    @property
    def visit_interval(self) -> cadence.Interval | None:
        """The visit frequency this plan sets, for ``cadence.next_visit_due``."""
        if self.visit_every_count is None or not self.visit_every_unit:
            return None
        return cadence.Interval(self.visit_every_count, cadence.Unit(self.visit_every_unit))


class PlanObjective(Tracked):
    """What the plan sets out to achieve, in the officer's words."""

    plan = models.ForeignKey(
        RiskManagementPlan, on_delete=models.PROTECT, related_name="objectives"
    )
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"
    CANCELLED = "cancelled", "Cancelled"


#: The statuses of an action still to be done (the work queue's plan actions).
OPEN_ACTION_STATUSES = (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS)


class PlanAction(Tracked):
    """Something to be done, by an officer or a partner agency, by a date (issue 5).

    Exactly one owner: a Vigil user, or a partner agency named in words. An action with
    no owner or no date is refused (by the form with a message, and by the database).
    """

    plan = models.ForeignKey(RiskManagementPlan, on_delete=models.PROTECT, related_name="actions")
    objective = models.ForeignKey(
        PlanObjective, on_delete=models.PROTECT, related_name="actions", null=True, blank=True
    )
    what = models.TextField()
    owner_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    owner_agency = models.CharField(max_length=120, blank=True)
    due_on = models.DateField()
    status = models.CharField(
        max_length=12, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(owner_officer__isnull=False, owner_agency="")
                    | (models.Q(owner_officer__isnull=True) & ~models.Q(owner_agency=""))
                ),
                name="plan_action_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return self.what[:80]

    @property
    def owner(self) -> str:
        return str(self.owner_officer) if self.owner_officer_id else self.owner_agency

    def overdue(self, today: dt.date) -> bool:
        return self.status in (ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS) and (
            self.due_on < today
        )
