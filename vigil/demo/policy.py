"""The demo's force visit and review policy (issue 6: visit frequency "from a named,
force-configurable policy per risk level").

Northshire Police, the force the demo's register administrator runs, has two versions
of its own, so ``make run`` shows the policy page with a history: version 1 shortened the
16-week record review to 12 weeks; version 2, in force today, also visits high risk
people every 2 months and medium risk every 4. Westmarch Constabulary has none and
follows the England & Wales default, so the two forces can be compared.

Idempotent: a version is looked for by force and number, never written twice (versions
are append-only). Written directly rather than through the page's service, which
refuses a start in the past; each is validated as the service does (``policies.draft``).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from vigil.accounts.models import Force, User
from vigil.obligations import policies
from vigil.obligations.models import CadencePolicyVersion
from vigil.policy.cadence import Interval
from vigil.policy.risk_levels import RiskLevel

FORCE = "northshire"
NAME = "Northshire Police home visits and reviews policy"


def _versions(today: dt.date) -> list[tuple[int, dt.date, dict[str, object], str]]:
    record: dict[str, object] = {"record_review": Interval.weeks(12)}
    return [
        (
            1,
            today - dt.timedelta(days=400),
            record,
            "Public Protection policy PP-017 rev 2: record reviews every 12 weeks.",
        ),
        (
            2,
            today - dt.timedelta(days=60),
            {
                **record,
                "home_visit": {
                    RiskLevel.HIGH: Interval.months(2),
                    RiskLevel.MEDIUM: Interval.months(4),
                },
            },
            "PP-017 rev 3, after the 2025 HMICFRS inspection: high and medium risk people "
            "visited more often when their plan sets no frequency.",
        ),
    ]


def load_policy(*, today: dt.date | None = None) -> int:
    """Give the demo's home force its policy versions. Returns how many were created."""
    today = today or timezone.localdate()
    force = Force.objects.filter(code=FORCE).first()
    author = User.objects.filter(username="administrator").first()
    if force is None or author is None:
        return 0
    created = 0
    for number, effective_from, changes, reason in _versions(today):
        if CadencePolicyVersion.objects.filter(force=force, number=number).exists():
            continue
        policy = policies.draft(
            force,
            name=NAME,
            number=number,
            effective_from=effective_from,
            reason=reason,
            changes=changes,
        )
        CadencePolicyVersion.objects.create(
            force=force,
            number=number,
            name=NAME,
            effective_from=effective_from,
            values=policies.as_values(policy),
            reason=reason,
            created_by=author,
        )
        created += 1
    return created
