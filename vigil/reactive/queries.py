"""Reads about reactive management: eligibility, what is in force, what has ended. Set-based.

Nothing here is stored (ARCHITECTURE.md principle 1). A placement is *in force* while it
is the person's latest approved placement, has not been ended by hand, and no event that
ends reactive management has been recorded since the day it was approved
(``cadence.reactive_revoked_by``: the events come from every ``risk.triggers`` provider,
plus a change of risk level approved since). The first such event *revokes* it: the
person is due a visit and a review now. The offender manager sees the visit in their
work queue until the person is seen at home again; the supervisor sees a notice of their
own until a supervisor of the unit records a review of it (``ReactiveEndReview``, the
only thing written); both show on the overview (the panel) (``providers``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db.models import F, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from vigil.nominals.models import HouseholdMember, Nominal
from vigil.policy import cadence
from vigil.policy.cadence import (
    ENGLAND_AND_WALES_DEFAULT,
    CadencePolicy,
    ReactiveCriterion,
    ReactiveEligibility,
    ReviewTrigger,
    TriggerEvent,
)
from vigil.policy.risk_levels import RiskLevel
from vigil.reactive.access import review_refusal
from vigil.reactive.models import PlacementState, ReactiveEndReview, ReactivePlacement
from vigil.risk import triggers
from vigil.risk.access import approval_refusal
from vigil.risk.models import DecisionState, RiskLevelDecision
from vigil.risk.queries import trigger_words


def _long(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- Eligibility ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordFacts:
    """What Vigil holds that bears on the criteria (RULES.md §5.3)."""

    risk_level: RiskLevel | None
    #: The first day of the current unbroken spell of approved low risk levels.
    low_risk_since: dt.date | None
    last_convicted_on: dt.date | None
    #: The latest possible breach recorded, unless it was found to be no offence.
    last_breach_on: dt.date | None
    children_in_household: int


@dataclass(frozen=True)
class OfficerAnswers:
    """What Vigil does not hold yet, so the proposer states it (and it is kept)."""

    civil_order_in_force: bool
    intelligence_suggests_offending: bool
    mappa_level: int


def record_facts(nominal: Nominal, *, today: dt.date) -> RecordFacts:
    """The record's side of the criteria for one person: four queries."""
    from vigil.registration.models import BreachOutcome, Conviction, PossibleBreach

    levels = RiskLevelDecision.objects.filter(
        nominal=nominal, state=DecisionState.APPROVED
    ).order_by("-decided_at", "-id")
    level: RiskLevel | None = None
    since: dt.date | None = None
    for code, decided_at in levels.values_list("level", "decided_at"):
        if level is None:
            level = RiskLevel(code)
        if code != RiskLevel.LOW.value or level is not RiskLevel.LOW:
            break
        since = timezone.localdate(decided_at)
    convicted = Conviction.objects.filter(nominal=nominal).aggregate(last=Max("relevant_on"))
    breach = (
        PossibleBreach.objects.filter(nominal=nominal)
        .exclude(outcome=BreachOutcome.NO_OFFENCE)
        .aggregate(last=Max("identified_on"))
    )
    members = HouseholdMember.objects.filter(nominal=nominal).filter(
        Q(from_date__isnull=True) | Q(from_date__lte=today),
        Q(to_date__isnull=True) | Q(to_date__gte=today),
    )
    return RecordFacts(
        risk_level=level,
        low_risk_since=since,
        last_convicted_on=convicted["last"],
        last_breach_on=breach["last"],
        children_in_household=sum(1 for m in members if m.is_child(today)),
    )


@dataclass(frozen=True)
class CriterionRow:
    """One line of the checklist a proposer and a supervisor read."""

    criterion: str
    title: str
    #: True met, False not met, None not asked (the policy does not require it, or the
    #: officer has not answered yet).
    met: bool | None
    detail: str
    #: "record" (what Vigil holds), "officer" (the proposer's answer) or "policy".
    source: str


@dataclass(frozen=True)
class Checklist:
    rows: tuple[CriterionRow, ...]
    eligibility: ReactiveEligibility
    policy: CadencePolicy
    checked_on: dt.date
    answers: OfficerAnswers | None = None

    @property
    def eligible(self) -> bool:
        return self.answers is not None and self.eligibility.eligible

    @property
    def unmet(self) -> tuple[CriterionRow, ...]:
        return tuple(r for r in self.rows if r.met is False)

    def as_evidence(self) -> dict[str, Any]:
        """The checklist as stored with the proposal: what the proposer was shown."""
        return {
            "checked_on": self.checked_on.isoformat(),
            "policy": f"{self.policy.name} version {self.policy.version}",
            "criteria": [asdict(r) for r in self.rows],
            "answers": asdict(self.answers) if self.answers is not None else None,
        }


_FROM_OFFICER = {
    ReactiveCriterion.NO_CIVIL_ORDER,
    ReactiveCriterion.NO_INTELLIGENCE_OF_OFFENDING,
    ReactiveCriterion.MAPPA_LEVEL_1,
}


def _titles(period: cadence.Interval) -> dict[ReactiveCriterion, str]:
    return {
        ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD: (
            f"Assessed low risk for at least {period}"
        ),
        ReactiveCriterion.NO_RECENT_OFFENDING: f"No conviction or caution in the last {period}",
        ReactiveCriterion.NO_RECENT_BREACH: f"No breach of notification in the last {period}",
        ReactiveCriterion.NO_CIVIL_ORDER: "No civil order in force",
        ReactiveCriterion.NO_INTELLIGENCE_OF_OFFENDING: "No intelligence suggesting offending",
        ReactiveCriterion.MAPPA_LEVEL_1: "Managed at MAPPA level 1",
        ReactiveCriterion.NO_CHILDREN_IN_HOUSEHOLD: "No child in the household",
    }


def _met_detail(criterion: ReactiveCriterion, facts: RecordFacts, answers: OfficerAnswers) -> str:
    if criterion is ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD:
        return (
            f"Assessed low risk since {_long(facts.low_risk_since)}."
            if facts.low_risk_since
            else ""
        )
    if criterion is ReactiveCriterion.NO_RECENT_OFFENDING:
        if facts.last_convicted_on is None:
            return "No conviction or caution recorded."
        return f"Last convicted or cautioned on {_long(facts.last_convicted_on)}."
    if criterion is ReactiveCriterion.NO_RECENT_BREACH:
        if facts.last_breach_on is None:
            return "No breach recorded."
        return f"Last breach recorded on {_long(facts.last_breach_on)}."
    if criterion is ReactiveCriterion.NO_CIVIL_ORDER:
        return "The proposing officer says no civil order is in force."
    if criterion is ReactiveCriterion.NO_INTELLIGENCE_OF_OFFENDING:
        return "The proposing officer says no intelligence suggests offending."
    if criterion is ReactiveCriterion.MAPPA_LEVEL_1:
        return (
            "The proposing officer says the person is managed at MAPPA level "
            f"{answers.mappa_level}."
        )
    return "No child recorded as living in or staying at the household."


def _required(criterion: ReactiveCriterion, policy: CadencePolicy) -> bool:
    if criterion is ReactiveCriterion.MAPPA_LEVEL_1:
        return policy.reactive_requires_mappa_level_1
    if criterion is ReactiveCriterion.NO_CHILDREN_IN_HOUSEHOLD:
        return policy.reactive_requires_no_children_in_household
    return True


def checklist(
    facts: RecordFacts,
    answers: OfficerAnswers | None,
    *,
    today: dt.date,
    policy: CadencePolicy = ENGLAND_AND_WALES_DEFAULT,
) -> Checklist:
    """Every criterion, met or not and why (``cadence.reactive_eligibility`` decides).

    Without the officer's answers (the form not yet filled in) the criteria only they
    can answer are shown as questions, and the record's criteria are checked alone.
    """
    given = answers or OfficerAnswers(
        civil_order_in_force=False, intelligence_suggests_offending=False, mappa_level=1
    )
    eligibility = cadence.reactive_eligibility(
        policy=policy,
        today=today,
        # With no approved level the policy's "first assessed low" reason is the right
        # unmet criterion; the detail below says there is no approved level at all.
        risk_level=facts.risk_level or RiskLevel.LOW,
        low_risk_since=facts.low_risk_since,
        last_convicted_on=facts.last_convicted_on,
        last_breach_on=facts.last_breach_on,
        civil_order_in_force=given.civil_order_in_force,
        intelligence_suggests_offending=given.intelligence_suggests_offending,
        mappa_level=given.mappa_level,
        children_in_household=facts.children_in_household > 0,
    )
    reasons = {u.criterion: u.reason for u in eligibility.unmet}
    titles = _titles(policy.reactive_qualifying_period)
    rows = []
    for criterion in ReactiveCriterion:
        source = "officer" if criterion in _FROM_OFFICER else "record"
        if not _required(criterion, policy):
            met, detail, source = None, "Not required by the force's policy.", "policy"
        elif answers is None and criterion in _FROM_OFFICER:
            met, detail = None, "Vigil does not hold this: answer the question below."
        elif criterion in reasons:
            met, detail = False, reasons[criterion]
            if facts.risk_level is None and (
                criterion is ReactiveCriterion.LOW_RISK_FOR_QUALIFYING_PERIOD
            ):
                detail = "No risk level has been approved for this person."
        else:
            met, detail = True, _met_detail(criterion, facts, given)
        rows.append(CriterionRow(str(criterion), titles[criterion], met, detail, source))
    return Checklist(
        rows=tuple(rows),
        eligibility=eligibility,
        policy=policy,
        checked_on=today,
        answers=answers,
    )


def answers_from_evidence(evidence: dict[str, Any]) -> OfficerAnswers | None:
    """The officer's answers stored with a proposal, to check them again at approval."""
    stored = (evidence or {}).get("answers")
    if not isinstance(stored, dict):
        return None
    try:
        return OfficerAnswers(
            civil_order_in_force=bool(stored["civil_order_in_force"]),
            intelligence_suggests_offending=bool(stored["intelligence_suggests_offending"]),
            mappa_level=int(stored["mappa_level"]),
        )
    except (KeyError, TypeError, ValueError):
        return None


# --- In force or revoked -------------------------------------------------------------------


@dataclass(frozen=True)
class Revoked:
    """An approved placement that an event has ended (RULES.md §5.3; issue 6)."""

    placement: ReactivePlacement
    #: The first event since approval that ends reactive management.
    event: TriggerEvent

    @property
    def on(self) -> dt.date:
        return self.event.on

    @property
    def words(self) -> str:
        return trigger_words(self.event.trigger)

    @property
    def sentence(self) -> str:
        return (
            f"Reactive management ended by {self.words} on {_long(self.on)}: "
            "visit and review due now"
        )

    @property
    def notice(self) -> str:
        """What the supervisor's queue says until a supervisor reviews it."""
        return f"Reactive management ended by {self.words} on {_long(self.on)}: review the decision"

    def answered_by(self, last_seen: dt.date | None) -> bool:
        """Whether the person has been seen at home since (the visit it called for)."""
        return last_seen is not None and last_seen >= self.on


def placed_on(placement: ReactivePlacement) -> dt.date:
    """The day reactive management began: the day it was approved (Europe/London)."""
    assert placement.decided_at is not None
    return timezone.localdate(placement.decided_at)


def _latest_approved(nominals: QuerySet[Any] | Sequence[int]) -> QuerySet[ReactivePlacement]:
    """Each nominal's latest approved placement, if not ended by hand, as one query."""
    latest = (
        ReactivePlacement.objects.filter(
            nominal_id=OuterRef("nominal_id"), state=PlacementState.APPROVED
        )
        .order_by("-decided_at", "-id")
        .values("pk")[:1]
    )
    return (
        ReactivePlacement.objects.filter(nominal__in=nominals, state=PlacementState.APPROVED)
        .order_by()
        .annotate(latest=Subquery(latest))
        .filter(pk=F("latest"), ended_at__isnull=True)
    )


def _risk_level_changes(nominal_ids: Any) -> dict[int, list[TriggerEvent]]:
    """An approved level other than low (from low, any change is a rise): one query."""
    rows = (
        RiskLevelDecision.objects.filter(
            nominal_id__in=nominal_ids, state=DecisionState.APPROVED, decided_at__isnull=False
        )
        .exclude(level=RiskLevel.LOW.value)
        .values_list("nominal_id", "decided_at")
    )
    out: dict[int, list[TriggerEvent]] = defaultdict(list)
    for nominal_id, decided_at in rows:
        out[nominal_id].append(
            TriggerEvent(ReviewTrigger.RISK_LEVEL_CHANGED, timezone.localdate(decided_at))
        )
    return dict(out)


def in_force(
    nominals: QuerySet[Any] | Sequence[int],
    today: dt.date,
    *,
    policy: CadencePolicy = ENGLAND_AND_WALES_DEFAULT,
) -> dict[int, ReactivePlacement | Revoked]:
    """Each nominal's approved reactive management: in force, or revoked and by what.

    Absent: never approved, or the latest approval was ended by hand. ``nominals`` is a
    queryset of nominals (or of their ids), used as a subquery, or a list of ids. One
    query when nobody has an approved placement; otherwise one more per
    ``risk.triggers`` provider and one for risk level changes, however many people.
    Events after ``today`` are ignored.
    """
    placements = _latest_approved(nominals)
    rows = list(placements)
    if not rows:
        return {}
    ids = placements.values("nominal_id")
    events: dict[int, list[TriggerEvent]] = defaultdict(list)
    for source in (triggers.events_for(ids), _risk_level_changes(ids)):
        for nominal_id, found in source.items():
            events[nominal_id].extend(e for e in found if e.on <= today)
    out: dict[int, ReactivePlacement | Revoked] = {}
    for placement in rows:
        ended_by = cadence.reactive_revoked_by(
            policy=policy,
            placed_on=placed_on(placement),
            events=events.get(placement.nominal_id, ()),
        )
        out[placement.nominal_id] = Revoked(placement, ended_by[0]) if ended_by else placement
    return out


def reviewed(placements: Iterable[int]) -> set[int]:
    """Which of these placements have a supervisor's review of their end: one query."""
    return set(
        ReactiveEndReview.objects.filter(placement_id__in=list(placements)).values_list(
            "placement_id", flat=True
        )
    )


# --- One person's reactive management ----------------------------------------------------


@dataclass
class ReactiveSummary:
    """What the panel and the record page show about one person."""

    placements: list[ReactivePlacement]
    state: ReactivePlacement | Revoked | None
    pending: ReactivePlacement | None
    revoking: tuple[str, ...] = field(default_factory=tuple)
    last_seen: dt.date | None = None
    #: The supervisors' reviews of placements ended by an event, by placement.
    reviews: dict[int, ReactiveEndReview] = field(default_factory=dict)

    @property
    def in_force(self) -> ReactivePlacement | None:
        return self.state if isinstance(self.state, ReactivePlacement) else None

    @property
    def revoked(self) -> Revoked | None:
        return self.state if isinstance(self.state, Revoked) else None

    @property
    def ended(self) -> ReactivePlacement | None:
        """The latest approval, ended by hand (and nothing approved since)."""
        approved = [p for p in self.placements if p.state == PlacementState.APPROVED]
        latest = max(approved, key=lambda p: (p.decided_at, p.pk), default=None)
        return latest if latest is not None and latest.ended_at is not None else None

    @property
    def awaiting_visit(self) -> bool:
        return self.revoked is not None and not self.revoked.answered_by(self.last_seen)

    @property
    def review(self) -> ReactiveEndReview | None:
        """The supervisor's review of the end in force now, if they have recorded one."""
        return self.reviews.get(self.revoked.placement.pk) if self.revoked else None

    @property
    def awaiting_review(self) -> bool:
        return self.revoked is not None and self.review is None

    @property
    def rows(self) -> list[tuple[ReactivePlacement, ReactiveEndReview | None]]:
        """Every placement, newest first, with the review of its end if there is one."""
        return [(p, self.reviews.get(p.pk)) for p in self.placements]


def force_policy(nominal: Nominal, *, today: dt.date) -> CadencePolicy:
    """The cadence policy that applies to ``nominal`` today: their force's own in force,
    else the England & Wales default (``vigil.obligations.policies``). One query."""
    from vigil.obligations.policies import policy_for

    return policy_for(nominal.force_id, on=today)


def revoking_words(policy: CadencePolicy) -> tuple[str, ...]:
    """The events that end reactive management under ``policy``, in words, sorted."""
    return tuple(sorted(trigger_words(t) for t in policy.reactive_revoking_triggers))


def summary(
    nominal: Nominal, *, today: dt.date, policy: CadencePolicy | None = None
) -> ReactiveSummary:
    """One person's placements, what is in force and the reviews of any ended by an
    event: a fixed number of queries. What ends reactive management follows ``policy``,
    by default the person's force's own."""
    from vigil.visits.queries import last_seen_by_nominal

    if policy is None:
        policy = force_policy(nominal, today=today)

    placements = list(
        ReactivePlacement.objects.filter(nominal=nominal).select_related(
            "proposed_by", "decided_by", "ended_by"
        )
    )
    state = None
    approved = any(p.state == PlacementState.APPROVED for p in placements)
    if approved:
        state = in_force(Nominal.objects.filter(pk=nominal.pk), today, policy=policy).get(
            nominal.pk
        )
    if state is not None:
        # The same row, with its people loaded, for the page.
        same = next(p for p in placements if p.pk == _placement_of(state).pk)
        state = Revoked(same, state.event) if isinstance(state, Revoked) else same
    result = ReactiveSummary(
        placements=placements,
        state=state,
        pending=next((p for p in placements if p.state == PlacementState.PENDING), None),
        revoking=revoking_words(policy),
    )
    if isinstance(state, Revoked):
        result.last_seen = last_seen_by_nominal([nominal.pk]).get(nominal.pk)
    if approved:  # only an approved placement can have ended
        result.reviews = {
            r.placement_id: r
            for r in ReactiveEndReview.objects.filter(nominal=nominal).select_related("reviewed_by")
        }
    return result


def _placement_of(state: ReactivePlacement | Revoked) -> ReactivePlacement:
    return state.placement if isinstance(state, Revoked) else state


def panel_context(nominal: Nominal, today: dt.date, user: Any) -> dict[str, Any]:
    """The "Reactive management" block on the nominal overview (``nominals.panels``)."""
    reactive = summary(nominal, today=today)
    pending = reactive.pending
    return {
        "reactive": reactive,
        "today": today,
        "may_decide": pending is not None
        and approval_refusal(user, nominal, author_id=pending.proposed_by_id) is None,
        "may_review": reactive.awaiting_review and review_refusal(user, nominal) is None,
    }


# --- The supervisor's queue ----------------------------------------------------------------


def approvals_for(user: Any) -> list[ReactivePlacement]:
    """Proposals waiting for a supervisor of ``user``'s unit, oldest first: one query."""
    mine = Nominal.objects.visible_to(user).filter(unit_id=user.unit_id)
    return list(
        ReactivePlacement.objects.filter(state=PlacementState.PENDING, nominal__in=mine)
        .select_related("nominal", "proposed_by")
        .order_by("proposed_at", "id")
    )


def pending_in(nominals: QuerySet[Any] | Sequence[int]) -> Iterable[tuple[int, int, dt.datetime]]:
    """(placement, nominal, proposed at) for every waiting proposal: one query."""
    return ReactivePlacement.objects.filter(
        nominal__in=nominals, state=PlacementState.PENDING
    ).values_list("pk", "nominal_id", "proposed_at")
