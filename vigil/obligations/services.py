"""Writes to a force's cadence policy: a new version, in one transaction with its audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import Max

from vigil.accounts.models import Force, User
from vigil.audit.services import audit_log
from vigil.obligations import policies
from vigil.obligations.models import CadencePolicyVersion
from vigil.policy.cadence import RisingRiskWaitsLonger


class PolicyRefused(ValueError):
    """A version that cannot be added, and why, for the form field it concerns."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message, self.field = message, field


def _rising_risk_message(exc: RisingRiskWaitsLonger) -> str:
    what = policies.PER_LEVEL.get(exc.what, exc.what)
    return (
        f"{what}: {exc.higher.label.lower()} risk (every {exc.higher_every}) would wait longer "
        f"than {exc.lower.label.lower()} risk (every {exc.lower_every}). A higher risk level "
        "must never wait longer: shorten it, or lengthen the lower level's"
    )


def _described(differences: list[policies.Difference]) -> dict[str, list[str]]:
    return {d.label: [d.default, d.value] for d in differences}


@transaction.atomic
def cadence_policy_add(
    *,
    actor: User,
    force: Force,
    name: str,
    effective_from: dt.date,
    changes: Mapping[str, Any],
    reason: str = "",
    today: dt.date,
) -> CadencePolicyVersion:
    """Add the next version of ``force``'s cadence policy, in force from ``effective_from``.

    ``changes`` are ``CadencePolicy.with_overrides`` arguments (the form's values); the
    policy is validated as a whole (``policies.draft``) and stored with every value.
    Refused (``PolicyRefused``): a start before ``today``, since the work queues and the
    late-visits reports already given under the version in force must not change; and a
    policy ``with_overrides`` refuses. Audited with what differs from the England & Wales
    default and from the version in force.
    """
    name = name.strip()
    if effective_from < today:
        raise PolicyRefused(
            f"The date is in the past. A new version starts today ({today:%-d %B %Y}) or "
            "later, so that what was due and what was late before then stay as they were",
            field="effective_from",
        )
    if name == policies.DEFAULT.name:
        raise PolicyRefused(
            "Give the force's policy its own name, not the England and Wales default's",
            field="name",
        )
    # One writer at a time per force: the next number is read under the force's lock.
    Force.objects.select_for_update().filter(pk=force.pk).first()
    last = CadencePolicyVersion.objects.filter(force=force).aggregate(n=Max("number"))["n"]
    number = (last or 0) + 1
    try:
        policy = policies.draft(
            force,
            name=name,
            number=number,
            effective_from=effective_from,
            reason=reason,
            changes=changes,
        )
    except RisingRiskWaitsLonger as exc:
        raise PolicyRefused(
            _rising_risk_message(exc), field=f"{exc.what}_{exc.higher.value}_count"
        ) from None
    except ValueError as exc:
        raise PolicyRefused(str(exc).capitalize()) from None
    before = policies.policy_for(force.pk, on=effective_from)
    version = CadencePolicyVersion.objects.create(
        force=force,
        number=number,
        name=name,
        effective_from=effective_from,
        values=policies.as_values(policy),
        reason=reason.strip(),
        created_by=actor,
    )
    audit_log(
        actor=actor,
        action="cadence_policy.version.added",
        subject_type="force",
        subject_ref=force.code,
        detail={
            "version": number,
            "name": name,
            "effective_from": effective_from.isoformat(),
            "differs_from_default": _described(policies.differences(policy)),
            "changed_from_previous": _described(policies.differences(policy, before)),
        },
        reason=reason.strip(),
    )
    return version
