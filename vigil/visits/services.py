"""Writes to the diary: plan, move, cancel and record visits; referrals; feed addresses.

Each write is one transaction with its audit event (STYLE.md points 4-5). A planned visit
carries a version: moving, cancelling or recording it with a form loaded at an older
version is refused with ``EditConflict`` (the nominal record's own, ARCHITECTURE.md
principle 7), so two officers cannot both record the same planned visit.

The rules are checked here, whoever calls, and the forms call the same ``check_*``
functions first so the person sees each problem on the field it belongs to. Each raises
a ``ValidationError`` keyed by the form field it is about:

- a visit dated in the future cannot be recorded as done; nothing is recorded before the
  person's registration (issue 6, "Bad input"; ``Nominal.registered_on``);
- a visit cannot be planned for a day already past;
- lone-working: a home visit to a high or very high risk person records the second
  officer (issue 6, "Visits"; the job descriptions' "personal safety for lone working");
- planning on a weekend or bank holiday is allowed but warned (issue 6, "Bad input"):
  ``non_working_day`` says why a day is one, and the forms ask for a confirmation.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from vigil.accounts.models import Nation, User
from vigil.audit.services import audit_log
from vigil.nominals.models import Nominal
from vigil.nominals.services import EditConflict
from vigil.policy.risk_levels import RiskLevel
from vigil.visits.models import (
    HOME_VISIT_TYPES,
    FeedToken,
    Outcome,
    Referral,
    Visit,
    VisitStatus,
)

__all__ = ["EditConflict"]

#: Risk levels at which a home visit needs a second officer (issue 6, lone-working).
LONE_WORKING_LEVELS = frozenset({RiskLevel.HIGH, RiskLevel.VERY_HIGH})

# Fields of a recorded visit that ``visit_record`` accepts from a form.
RECORD_FIELDS = (
    "visit_type",
    "occurred_at",
    "officer",
    "second_officer",
    "others_attending",
    "outcome",
    "identity_confirmed",
    "address_confirmed",
    "others_present",
    "children_present",
    "children_note",
    "devices_checked",
    "devices_note",
    "vehicles_seen",
    "concerns",
    "follow_up",
)


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


# ---------------------------------------------------------------------------------------
# Rules


@cache
def _bank_holidays(nation: str, year: int) -> dict[dt.date, str]:
    # DEPENDENCIES.md §11: the `holidays` package, subdivision ENG or WLS by the force's
    # nation, substitute days included ("Boxing Day (observed)").
    return dict(holidays.UK(subdiv=nation, years=year))


def non_working_day(day: dt.date, *, nation: str) -> str | None:
    """Why ``day`` is not a working day in ``nation`` (ENG or WLS), or None if it is.

    "Saturday", or "Christmas Day, a bank holiday in England". One-off bank holidays
    arrive only with updates of the `holidays` package (DEPENDENCIES.md §11).
    """
    name = _bank_holidays(nation, day.year).get(day)
    if name:
        return f"{name}, a bank holiday in {Nation(nation).label}"
    if day.weekday() >= 5:
        return f"{day:%A}"
    return None


def check_planned_for(*, nominal: Nominal, planned_for: dt.datetime, today: dt.date) -> None:
    """A visit is planned for today or later, and not before the person's registration."""
    day = timezone.localtime(planned_for).date()
    if day < today:
        raise ValidationError(
            {
                "day": "That day has passed. Choose today or a later day, or use "
                "'Record a visit' for a visit that has already happened."
            }
        )
    if day < nominal.registered_on:
        raise ValidationError(
            {
                "day": "That is before they were registered on "
                f"{long_date(nominal.registered_on)}. Choose a later day."
            }
        )


def check_occurred_at(*, nominal: Nominal, occurred_at: dt.datetime, now: dt.datetime) -> None:
    """A recorded visit has happened: not in the future, not before registration."""
    if occurred_at > now:
        local = timezone.localtime(occurred_at)
        raise ValidationError(
            {
                "day": f"{long_date(local.date())} at {local:%H:%M} is in the future: a visit "
                "can only be recorded once it has happened. Check the date and time, or "
                "plan the visit instead."
            }
        )
    if timezone.localtime(occurred_at).date() < nominal.registered_on:
        raise ValidationError(
            {
                "day": "That is before they were registered on "
                f"{long_date(nominal.registered_on)}. Check the date of the visit."
            }
        )


def check_lone_working(
    *, visit_type: str, risk_level: RiskLevel | None, officer: Any, second_officer: Any
) -> None:
    """A home visit to a high or very high risk person records the second officer.

    Issue 6 ("Lone-working"). Office appointments happen in a police building and remote
    contact is not in person, so the rule is for home visits. A person with no approved
    risk level (``risk_level`` None) is not held to it.
    """
    if second_officer is not None and officer is not None and second_officer == officer:
        raise ValidationError(
            {"second_officer": "The second officer must be someone other than the officer."}
        )
    if (
        visit_type in HOME_VISIT_TYPES
        and risk_level in LONE_WORKING_LEVELS
        and second_officer is None
    ):
        assert risk_level is not None
        raise ValidationError(
            {
                "second_officer": f"They are assessed {risk_level.label.lower()} risk, "
                "so a home visit needs a second officer (lone-working). Choose the "
                "officer who went with you."
            }
        )


def check_officers(*, nominal: Nominal, officer: Any, second_officer: Any) -> None:
    """The officers named on a visit work in the force that manages the person."""
    named = {u.pk for u in (officer, second_officer) if u is not None}
    found = User.objects.filter(pk__in=named, unit__force_id=nominal.force_id).count()
    if found != len(named):
        raise ValidationError({"officer": "Name officers of the force that manages this person."})


def check_outcome(*, visit_type: str, outcome: str, identity_confirmed: bool) -> None:
    """What was recorded is possible: identity is confirmed only by seeing the person,
    and entry is refused only at a home visit."""
    errors: dict[str, str] = {}
    if identity_confirmed and outcome != Outcome.SEEN:
        errors["identity_confirmed"] = (
            "Identity can only be confirmed when the person was seen. Untick 'Identity "
            "confirmed', or change the outcome to 'Seen'."
        )
    if outcome == Outcome.REFUSED_ENTRY and visit_type not in HOME_VISIT_TYPES:
        errors["outcome"] = (
            "Entry can only be refused at a home visit. Choose 'Not seen' for an "
            "appointment they did not keep."
        )
    if errors:
        raise ValidationError(errors)


def check_referral_date(*, made_on: dt.date, visit_day: dt.date, today: dt.date) -> None:
    if made_on > today:
        raise ValidationError(
            {"made_on": "The referral date is in the future. Enter the day it was made."}
        )
    if made_on < visit_day:
        raise ValidationError(
            {
                "made_on": f"The referral date is before the visit ({long_date(visit_day)}). "
                "Enter the day the referral was made."
            }
        )


# ---------------------------------------------------------------------------------------
# Writes


def _stamp(row: Any, actor: Any, now: dt.datetime, *, adding: bool) -> None:
    if adding:
        row.created_by = actor
        row.created_at = now
    else:
        row.version += 1
    row.modified_by = actor
    row.modified_at = now


def _locked_planned(visit: Visit, expected_version: int | None) -> Visit:
    """The visit, locked, if it is still planned and unchanged since the form was loaded.

    Only the visit's row is locked (no join): the person's record stays free to edit.
    """
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    current.nominal = visit.nominal
    if current.version != expected_version or current.status != VisitStatus.PLANNED:
        # Audited by the caller: this transaction is about to roll back.
        raise EditConflict(current)
    return current


def _audit(actor: Any, action: str, visit: Visit, **detail: Any) -> None:
    audit_log(
        actor=actor,
        action=action,
        subject_type="nominal",
        subject_ref=visit.nominal.reference,
        detail={"visit": visit.pk, **detail},
    )


@transaction.atomic
def visit_plan(
    *,
    actor: Any,
    nominal: Nominal,
    visit_type: str,
    planned_for: dt.datetime,
    officer: Any,
    second_officer: Any = None,
    now: dt.datetime | None = None,
) -> Visit:
    """Put a visit in the diary. A weekend or bank holiday is allowed (the form warns)."""
    now = now or timezone.now()
    check_planned_for(nominal=nominal, planned_for=planned_for, today=timezone.localdate(now))
    check_lone_working(
        visit_type=visit_type, risk_level=None, officer=officer, second_officer=second_officer
    )
    check_officers(nominal=nominal, officer=officer, second_officer=second_officer)
    visit = Visit(
        nominal=nominal,
        status=VisitStatus.PLANNED,
        visit_type=visit_type,
        planned_for=planned_for,
        officer=officer,
        second_officer=second_officer,
    )
    _stamp(visit, actor, now, adding=True)
    visit.save()
    _audit(
        actor,
        "visit.planned",
        visit,
        type=visit_type,
        planned_for=planned_for.isoformat(),
        officer=officer.username,
    )
    return visit


@transaction.atomic
def visit_move(
    *,
    actor: Any,
    visit: Visit,
    planned_for: dt.datetime,
    expected_version: int | None,
    now: dt.datetime | None = None,
) -> Visit:
    """Plan a planned visit for another day or time."""
    now = now or timezone.now()
    current = _locked_planned(visit, expected_version)
    check_planned_for(
        nominal=current.nominal, planned_for=planned_for, today=timezone.localdate(now)
    )
    before = current.planned_for
    current.planned_for = planned_for
    _stamp(current, actor, now, adding=False)
    current.save()
    _audit(
        actor,
        "visit.moved",
        current,
        before=before.isoformat() if before else None,
        after=planned_for.isoformat(),
    )
    return current


@transaction.atomic
def visit_cancel(
    *,
    actor: Any,
    visit: Visit,
    reason: str,
    expected_version: int | None,
    now: dt.datetime | None = None,
) -> Visit:
    """Take a planned visit out of the diary, saying why. The row is kept."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the visit is cancelled."})
    now = now or timezone.now()
    current = _locked_planned(visit, expected_version)
    current.status = VisitStatus.CANCELLED
    current.cancel_reason = reason
    _stamp(current, actor, now, adding=False)
    current.save()
    audit_log(
        actor=actor,
        action="visit.cancelled",
        subject_type="nominal",
        subject_ref=current.nominal.reference,
        detail={"visit": current.pk},
        reason=reason,
    )
    return current


@transaction.atomic
def visit_record(
    *,
    actor: Any,
    nominal: Nominal,
    values: dict[str, Any],
    risk_level: RiskLevel | None,
    planned: Visit | None = None,
    expected_version: int | None = None,
    referral: dict[str, Any] | None = None,
    now: dt.datetime | None = None,
) -> Visit:
    """Record a visit that happened: a planned one (``planned``), or an unplanned one.

    ``values`` holds the ``RECORD_FIELDS``. ``risk_level`` is the person's approved risk
    level, for the lone-working rule (None: no approved level). ``referral``, if given,
    is one referral raised at the visit (kind, agency, reference, made_on); more are
    added from the visit's page with ``referral_add``.
    """
    unknown = set(values) - set(RECORD_FIELDS)
    if unknown:
        raise ValueError(f"not fields of a recorded visit: {sorted(unknown)}")
    now = now or timezone.now()
    check_occurred_at(nominal=nominal, occurred_at=values["occurred_at"], now=now)
    check_lone_working(
        visit_type=values["visit_type"],
        risk_level=risk_level,
        officer=values["officer"],
        second_officer=values.get("second_officer"),
    )
    check_outcome(
        visit_type=values["visit_type"],
        outcome=values["outcome"],
        identity_confirmed=values.get("identity_confirmed", False),
    )
    check_officers(
        nominal=nominal, officer=values["officer"], second_officer=values.get("second_officer")
    )
    if planned is not None:
        visit = _locked_planned(planned, expected_version)
        if visit.nominal_id != nominal.pk:
            raise ValueError("the planned visit belongs to another nominal")
        _stamp(visit, actor, now, adding=False)
    else:
        visit = Visit(nominal=nominal)
        _stamp(visit, actor, now, adding=True)
    for field, value in values.items():
        setattr(visit, field, value)
    visit.status = VisitStatus.DONE
    visit.save()
    if referral:
        _referral_create(actor=actor, visit=visit, values=referral, now=now)
    _audit(
        actor,
        "visit.recorded",
        visit,
        type=visit.visit_type,
        outcome=visit.outcome,
        occurred_at=visit.occurred_at.isoformat() if visit.occurred_at else None,
        was_planned=planned is not None,
        referrals=1 if referral else 0,
    )
    return visit


def _referral_create(
    *, actor: Any, visit: Visit, values: dict[str, Any], now: dt.datetime
) -> Referral:
    assert visit.occurred_at is not None
    check_referral_date(
        made_on=values["made_on"],
        visit_day=timezone.localtime(visit.occurred_at).date(),
        today=timezone.localdate(now),
    )
    referral = Referral(visit=visit, **values)
    _stamp(referral, actor, now, adding=True)
    referral.save()
    return referral


@transaction.atomic
def referral_add(
    *, actor: Any, visit: Visit, values: dict[str, Any], now: dt.datetime | None = None
) -> Referral:
    """Add a safeguarding or welfare referral raised at a recorded visit."""
    if visit.status != VisitStatus.DONE:
        raise ValidationError("Referrals are added to a visit once it has been recorded.")
    referral = _referral_create(actor=actor, visit=visit, values=values, now=now or timezone.now())
    _audit(actor, "visit.referral.added", visit, referral=referral.pk, kind=referral.kind)
    return referral


@transaction.atomic
def feed_token_create(*, actor: Any, now: dt.datetime | None = None) -> FeedToken:
    """A new secret feed address for ``actor``'s diary; any earlier one stops working."""
    now = now or timezone.now()
    revoked = FeedToken.objects.live().filter(user=actor).update(revoked_at=now)
    token = FeedToken.objects.create(user=actor)
    audit_log(
        actor=actor,
        action="diary.feed.created",
        subject_type="user",
        subject_ref=actor.get_username(),
        detail={"replaced": revoked},
    )
    return token


@transaction.atomic
def feed_token_revoke(*, actor: Any, now: dt.datetime | None = None) -> int:
    """Stop ``actor``'s feed address working. Returns how many were live (0 or 1)."""
    revoked = FeedToken.objects.live().filter(user=actor).update(revoked_at=now or timezone.now())
    audit_log(
        actor=actor,
        action="diary.feed.revoked",
        subject_type="user",
        subject_ref=actor.get_username(),
        detail={"revoked": revoked},
    )
    return revoked
