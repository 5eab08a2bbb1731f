"""The demo's risk records (issue 5, "Demo").

``load_risk()`` gives every demo nominal still managed (not deceased, not ended) who has
been on the register for more than a fortnight:

- a Risk Matrix 2000 score if the tool applies (adult male RSOs, RULES.md §5.5), scored
  by the real policy code from synthetic answers;
- an ARMS assessment if they are an RSO (RULES.md §5.4), every factor rated with
  evidence;
- an approved risk level (RULES.md §5.1), drawn to the 2016 national mix of about 50%
  low, 30% medium, 18% high and 2% very high (RULES.md §5.3) and nudged towards the
  RM2000/S category; people on the register for over a year also have the previous
  year's decision, some of them once sent back;
- an approved risk management plan with objectives and actions, and for longer-standing
  people the previous version too.

Some people have a proposal waiting for their supervisor, some a new plan version
submitted or in draft, and about one in eight were last reviewed more than a year ago, so
their assessment and plan reviews are overdue (``risk.queries.reviews_due``). People
registered in the last fortnight have nothing yet: their first review is simply due.

Idempotent: a nominal who already has a risk level decision is left alone, so a second
run creates nothing. Each person's records come from a random stream seeded by the seed
and their public reference, so the same people always get the same records. Everything
is written with ``bulk_create_with_history`` (the first history entry of each row dated
and attributed as the row is), a few statements per model.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from vigil.nominals.models import Category, Gender, Nominal, Status
from vigil.policy import arms, rm2000
from vigil.policy.dates import add_months
from vigil.policy.risk_levels import RiskLevel
from vigil.risk.models import (
    ActionStatus,
    ActuarialScore,
    ArmsAssessment,
    ArmsRating,
    DecisionState,
    PlanAction,
    PlanObjective,
    PlanStatus,
    RiskLevelDecision,
    RiskManagementPlan,
    VisitUnit,
)
from vigil.risk.services import rm2000_inputs_json

CHANGE_REASON = "Synthetic demonstration data"

#: RULES.md §5.3: the 2016 RSO risk mix (2% very high, 18% high, 30% medium, ~50% low).
LEVEL_MIX = {RiskLevel.LOW: 50, RiskLevel.MEDIUM: 30, RiskLevel.HIGH: 18, RiskLevel.VERY_HIGH: 2}
PENDING_SHARE = 0.08
OVERDUE_SHARE = 0.12
SENT_BACK_SHARE = 0.06
PLAN_SUBMITTED_SHARE = 0.06
PLAN_DRAFT_SHARE = 0.04
#: Visits in the plan: the pre-2017 schedule (RULES.md §5.2) for most, blank for some.
VISITS = {
    RiskLevel.VERY_HIGH: (1, VisitUnit.MONTHS),
    RiskLevel.HIGH: (3, VisitUnit.MONTHS),
    RiskLevel.MEDIUM: (6, VisitUnit.MONTHS),
    RiskLevel.LOW: (12, VisitUnit.MONTHS),
}
_LEVELS = (RiskLevel.LOW, RiskLevel.MEDIUM, RiskLevel.HIGH, RiskLevel.VERY_HIGH)

EVIDENCE = (
    "Seen at the last home visit; consistent with what probation report.",
    "From the offender manager's interview and the monitoring software report.",
    "Reported by the approved premises staff and confirmed at interview.",
    "Discussed openly at interview; no contrary intelligence held.",
    "From the partner agency update and the person's own account.",
)
OBJECTIVES = (
    (
        "No unsupervised contact with children.",
        ("Children's Social Care", "Check the household and visitors at each home visit"),
    ),
    (
        "Stable, suitable accommodation.",
        ("Housing Options", "Confirm the tenancy and check for nearby schools and play areas"),
    ),
    (
        "Compliance with notification requirements.",
        (None, "Check the annual notification and any changes are on time"),
    ),
    ("Internet use monitored.", (None, "Examine devices and the monitoring software report")),
    (
        "Keep up work and structured days.",
        ("Probation Service", "Confirm employment and the working pattern with the employer"),
    ),
    (
        "Address alcohol use linked to offending.",
        ("Drug and Alcohol Service", "Referral and attendance at the alcohol programme"),
    ),
    (
        "Support mental health and reduce isolation.",
        ("Community Mental Health Team", "Joint review of the care plan"),
    ),
    (
        "Manage risk to former partner.",
        ("Independent Domestic Violence Advisor", "Share the safety plan and check for contact"),
    ),
)
RATIONALES = {
    RiskLevel.LOW: "Stable accommodation and work; compliant; no concerning intelligence. "
    "Static risk moderated by strong protective factors.",
    RiskLevel.MEDIUM: "Identifiable indicators of risk, but unlikely to cause serious harm "
    "without a change in circumstances. Compliant with the plan.",
    RiskLevel.HIGH: "Identifiable indicators of serious harm that could happen at any time: "
    "access to potential victims and a recent deterioration in engagement.",
    RiskLevel.VERY_HIGH: "Imminent risk of serious harm: intelligence of attempted contact "
    "with children and a breakdown in accommodation.",
}


def _moment(day: dt.date, rng: random.Random, now: dt.datetime) -> dt.datetime:
    at = timezone.make_aware(
        dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)))
    )
    return min(at, now)


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class _Builder:
    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.now = timezone.now()
        self.rows: dict[type[models.Model], list[Any]] = defaultdict(list)

    def stamp(self, row: Any, who: Any, when: dt.datetime) -> Any:
        row.created_by = row.modified_by = who
        row.created_at = row.modified_at = when
        row._history_user = who
        row._history_date = when
        self.rows[type(row)].append(row)
        return row

    # -- one person ------------------------------------------------------------------

    def person(self, n: Nominal, rng: random.Random) -> None:
        today = self.today
        start = n.registered_on
        # The last review: usually within the year, sometimes more than a year ago.
        overdue = rng.random() < OVERDUE_SHARE and (today - start).days > 430
        if overdue:
            last = today - dt.timedelta(days=rng.randint(380, 560))
        else:
            last = today - dt.timedelta(days=rng.randint(10, 330))
        last = max(last, start + dt.timedelta(days=rng.randint(3, 12)))
        last = min(last, today - dt.timedelta(days=1))
        scored_on = max(start, last - dt.timedelta(days=rng.randint(1, 6)))

        s_category = self.score(n, rng, scored_on)
        if n.category == Category.RSO:
            self.assess(n, rng, scored_on)

        level = self.level_for(rng, s_category)
        earlier = add_months(last, -12)
        if earlier > start + dt.timedelta(days=7):
            before = _LEVELS[max(0, min(3, level.rank + rng.choice((-1, 0, 0, 1))))]
            if rng.random() < SENT_BACK_SHARE:
                asked = _LEVELS[min(3, before.rank + 1)]
                self.decision(n, rng, asked, earlier - dt.timedelta(days=9), sent_back=True)
            self.decision(n, rng, before, earlier)
            self.plan(n, rng, 1, before, earlier, status=PlanStatus.APPROVED)
            number = 2
        else:
            number = 1
        self.decision(n, rng, level, last)
        self.plan(n, rng, number, level, last, status=PlanStatus.APPROVED)

        if rng.random() < PENDING_SHARE:
            proposed = _LEVELS[max(0, min(3, level.rank + rng.choice((-1, 1, 1))))]
            on = today - dt.timedelta(days=rng.randint(0, 12))
            self.decision(n, rng, proposed, on, pending=True)
        roll = rng.random()
        if roll < PLAN_SUBMITTED_SHARE:
            on = today - dt.timedelta(days=rng.randint(0, 10))
            self.plan(n, rng, number + 1, level, max(on, last), status=PlanStatus.SUBMITTED)
        elif roll < PLAN_SUBMITTED_SHARE + PLAN_DRAFT_SHARE:
            self.plan(n, rng, number + 1, level, max(today, last), status=PlanStatus.DRAFT)

    def score(self, n: Nominal, rng: random.Random, on: dt.date) -> str | None:
        age = _age(n.date_of_birth, n.registered_on)
        if n.category != Category.RSO or n.gender != Gender.MALE or age < 18:
            return None
        sexual = rng.choices((1, 2, 3, 4, 6), weights=(55, 22, 12, 7, 4))[0]
        criminal = sexual + rng.choices((0, 1, 2, 4, 8), weights=(35, 20, 20, 15, 10))[0]
        inp = rm2000.Rm2000Input(
            sex=rm2000.Sex.MALE,
            convicted_of_sexual_offence=True,
            sexual_offence_at_16_or_over=True,
            age_at_commencement_of_risk=age,
            sexual_appearances=sexual,
            criminal_appearances=criminal,
            violent_appearances=min(criminal, rng.choices((0, 1, 2, 4), (60, 20, 12, 8))[0]),
            burglary=rng.random() < 0.15,
            male_victim=rng.random() < 0.2,
            stranger_victim=rng.random() < 0.25,
            non_contact_offence=rng.random() < 0.2,
            single=rng.random() < 0.45,
        )
        result = rm2000.score(inp=inp)
        self.stamp(
            ActuarialScore(
                nominal=n,
                tool=result.tool,
                tool_version=result.version,
                scored_on=on,
                scored_by=n.offender_manager,
                inputs=rm2000_inputs_json(inp),
                result=result.to_dict(),
                explanation=list(result.explanation),
                s_category=result.s.category.value,
                v_category=result.v.category.value,
                c_category=result.c.category.value,
            ),
            n.offender_manager,
            _moment(on, rng, self.now),
        )
        return result.s.category.value

    def assess(self, n: Nominal, rng: random.Random, on: dt.date) -> None:
        ratings = {
            f.code: rng.choices(f.scale, weights=(5, 3, 1))[0].value for f in arms.FACTORS.value
        }
        summary = arms.summarise(ratings=ratings)
        when = _moment(on, rng, self.now)
        priorities = [arms.BY_CODE[c].title.lower() for c in summary.priorities]
        strengths = [arms.BY_CODE[c].title.lower() for c in summary.strengths]
        assessment = self.stamp(
            ArmsAssessment(
                nominal=n,
                assessed_on=on,
                assessor=n.offender_manager,
                formulation=(
                    "Offending linked to "
                    + (", ".join(priorities) if priorities else "opportunity when unsupervised")
                    + "; "
                    + (
                        "protective: " + ", ".join(strengths)
                        if strengths
                        else "few protective factors"
                    )
                    + "."
                ),
                priorities=(
                    "Work on " + ", ".join(priorities) + "."
                    if priorities
                    else "Maintain current controls and routine."
                ),
                factor_list_version=summary.version,
                summary=summary.to_dict(),
            ),
            n.offender_manager,
            when,
        )
        for factor in arms.FACTORS.value:
            self.stamp(
                ArmsRating(
                    assessment=assessment,
                    factor=factor.code,
                    rating=ratings[factor.code],
                    evidence=rng.choice(EVIDENCE),
                ),
                n.offender_manager,
                when,
            )

    def level_for(self, rng: random.Random, s_category: str | None) -> RiskLevel:
        if s_category is None:
            return rng.choices(list(LEVEL_MIX), weights=list(LEVEL_MIX.values()))[0]
        rank = rm2000.Rm2000Category(s_category).rank + rng.choice((-1, -1, 0, 0, 0, 1))
        return _LEVELS[max(0, min(2 if rng.random() < 0.9 else 3, rank))]

    def decision(
        self,
        n: Nominal,
        rng: random.Random,
        level: RiskLevel,
        on: dt.date,
        *,
        pending: bool = False,
        sent_back: bool = False,
    ) -> None:
        asked_on = max(n.registered_on, on - dt.timedelta(days=rng.randint(0, 4)))
        proposed = _moment(asked_on, rng, self.now)
        row = RiskLevelDecision(
            nominal=n,
            level=level.value,
            rationale=RATIONALES[level],
            proposed_by=n.offender_manager,
            proposed_at=proposed,
        )
        if not pending:
            row.state = DecisionState.SENT_BACK if sent_back else DecisionState.APPROVED
            row.decided_by = n.supervisor
            row.decided_at = max(proposed, _moment(on, rng, self.now))
            if sent_back:
                row.send_back_reason = "The rationale does not reflect the latest ARMS ratings."
        self.stamp(row, n.offender_manager, proposed)

    def plan(
        self,
        n: Nominal,
        rng: random.Random,
        number: int,
        level: RiskLevel,
        on: dt.date,
        *,
        status: PlanStatus,
    ) -> None:
        manager, supervisor = n.offender_manager, n.supervisor
        started = _moment(on, rng, self.now)
        count, unit = VISITS[level] if rng.random() < 0.7 else (None, "")
        plan = RiskManagementPlan(
            nominal=n,
            number=number,
            status=status,
            visit_every_count=count,
            visit_every_unit=unit,
            review_on=add_months(on, rng.choice((6, 12, 12))) if status != "draft" else None,
        )
        if status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
            plan.submitted_by, plan.submitted_at = manager, started
        if status == PlanStatus.APPROVED:
            plan.decided_by = supervisor
            plan.decided_at = _moment(min(self.today, on + dt.timedelta(days=2)), rng, self.now)
            plan.decided_at = max(plan.decided_at, started)
        self.stamp(plan, manager, started)
        for position, (text, (agency, what)) in enumerate(
            rng.sample(OBJECTIVES, rng.randint(2, 3)), start=1
        ):
            objective = self.stamp(
                PlanObjective(plan=plan, position=position, text=text), manager, started
            )
            for k in range(rng.randint(1, 2)):
                due = on + dt.timedelta(days=rng.randint(14, 180))
                if due < self.today:
                    state = ActionStatus.DONE if rng.random() < 0.75 else ActionStatus.IN_PROGRESS
                else:
                    state = rng.choice((ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS))
                by_agency = agency is not None and k == 0
                self.stamp(
                    PlanAction(
                        plan=plan,
                        objective=objective,
                        what=what if k == 0 else "Unannounced home visit to check compliance",
                        owner_officer=None if by_agency else manager,
                        owner_agency=(agency or "") if by_agency else "",
                        due_on=due,
                        status=state,
                    ),
                    manager,
                    started,
                )


# Parents before children, so each child row can take its parent's new primary key.
_ORDER: Sequence[type[models.Model]] = (
    ActuarialScore,
    ArmsAssessment,
    ArmsRating,
    RiskLevelDecision,
    RiskManagementPlan,
    PlanObjective,
    PlanAction,
)
_PARENTS: dict[type[models.Model], tuple[str, ...]] = {
    ArmsRating: ("assessment",),
    PlanObjective: ("plan",),
    PlanAction: ("plan", "objective"),
}


def load_risk(*, seed: int = 2026, today: dt.date | None = None) -> int:
    """Give the demo nominals their risk records; return how many people got them.

    Returns 0 when everyone who should have them already does. Needs the demo nominals
    (``nominals.load_nominals()``).
    """
    today = today or timezone.localdate()
    with transaction.atomic():
        done = RiskLevelDecision.objects.values("nominal_id")
        people = list(
            Nominal.objects.exclude(status__in=(Status.DECEASED, Status.NO_LONGER_SUBJECT))
            .exclude(pk__in=done)
            .filter(
                offender_manager__isnull=False,
                supervisor__isnull=False,
                registered_on__lte=today - dt.timedelta(days=14),
            )
            .exclude(offender_manager=models.F("supervisor"))
            .select_related("offender_manager", "supervisor")
            .order_by("pk")
        )
        builder = _Builder(today=today)
        for n in people:
            builder.person(n, random.Random(f"{seed}:{n.reference}"))
        for model in _ORDER:
            rows = builder.rows.get(model, [])
            for row in rows:  # the parents were saved above: take their keys now
                for parent in _PARENTS.get(model, ()):
                    related = getattr(row, parent)
                    setattr(row, f"{parent}_id", related.pk if related is not None else None)
            if rows:
                bulk_create_with_history(
                    rows, model, batch_size=500, default_change_reason=CHANGE_REASON
                )
        return len(people)
