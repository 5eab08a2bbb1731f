"""Which cadence policy applies: each force's own version in force on a day, else the
England & Wales default (issue 6: visit frequency "from a named, force-configurable
policy per risk level"; the 16-week review "interval force-configurable").

Reads are per call and set-based: ``policies_for`` answers for many forces in one query,
``policy_for`` for one. Nothing is cached in the module, so a version added in one
process is applied by every other from its next request.

The stored form of a version (``as_values``, ``policy_of``) and the words the page uses
(``differences``) are here too, beside the one reader of them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, FilteredRelation, OuterRef, Q, QuerySet

from vigil.accounts.models import Force
from vigil.nominals.models import Nominal
from vigil.obligations.models import CadencePolicyVersion
from vigil.policy.cadence import (
    ENGLAND_AND_WALES_DEFAULT,
    CadencePolicy,
    Interval,
    PerRiskLevel,
    Unit,
)
from vigil.policy.risk_levels import RiskLevel

if TYPE_CHECKING:
    from vigil.obligations.engine import Kind, Result

DEFAULT = ENGLAND_AND_WALES_DEFAULT

#: The policy's per-level tables, single intervals and yes/no settings, in the order the
#: page shows them, with what they are in words.
PER_LEVEL: dict[str, str] = {
    "home_visit": "Home visit",
    "assessment_review": "Risk assessment review",
    "plan_review": "Risk management plan review",
}
SINGLE: dict[str, str] = {
    "record_review": "Record review (the 16-week review)",
    "review_after_trigger": "Review after an event that calls for one",
    "due_soon_within": "Shown as due soon within",
    "reactive_qualifying_period": "Reactive management: low risk for at least",
}
FLAGS: dict[str, str] = {
    "reactive_requires_mappa_level_1": "Reactive management needs MAPPA level 1",
    "reactive_requires_no_children_in_household": (
        "Reactive management needs no child in the household"
    ),
}
#: Levels highest first, as the page and the form list them.
LEVELS: tuple[RiskLevel, ...] = tuple(sorted(RiskLevel, key=lambda lv: -lv.rank))


# --- The stored form of a version ---------------------------------------------------------


def _interval_value(interval: Interval) -> dict[str, Any]:
    return {"count": interval.count, "unit": interval.unit.value}


def _interval_of(value: Mapping[str, Any]) -> Interval:
    return Interval(value["count"], Unit(value["unit"]))


def as_values(policy: CadencePolicy) -> dict[str, Any]:
    """Every configurable value of ``policy``, as a version stores it (JSON)."""
    out: dict[str, Any] = {}
    for name in PER_LEVEL:
        table: PerRiskLevel = getattr(policy, name)
        out[name] = {level.value: _interval_value(table[level]) for level in RiskLevel}
    for name in SINGLE:
        out[name] = _interval_value(getattr(policy, name))
    for name in FLAGS:
        out[name] = bool(getattr(policy, name))
    return out


def changes_of(values: Mapping[str, Any]) -> dict[str, Any]:
    """Stored values as ``CadencePolicy.with_overrides`` arguments; missing ones are left
    out (the default's apply). Raises ValueError for a value it cannot read."""
    changes: dict[str, Any] = {}
    for name in PER_LEVEL:
        if name in values:
            changes[name] = {RiskLevel(k): _interval_of(v) for k, v in values[name].items()}
    for name in SINGLE:
        if name in values:
            changes[name] = _interval_of(values[name])
    for name in FLAGS:
        if name in values:
            changes[name] = values[name]
    return changes


def draft(
    force: Force | None,
    *,
    name: str,
    number: int,
    effective_from: dt.date,
    reason: str = "",
    changes: Mapping[str, Any],
) -> CadencePolicy:
    """The England & Wales default with a force's values: validated by
    ``CadencePolicy.with_overrides`` (ValueError, or ``RisingRiskWaitsLonger``, says why
    not)."""
    where = force.name if force is not None else "the force"
    return DEFAULT.with_overrides(
        name=name,
        version=str(number),
        effective_from=effective_from,
        source=reason.strip() or f"set by {where}",
        **changes,
    )


def policy_of(version: CadencePolicyVersion) -> CadencePolicy:
    """A stored version as the policy it is."""
    return draft(
        None,
        name=version.name,
        number=version.number,
        effective_from=version.effective_from,
        reason=version.reason,
        changes=changes_of(version.values),
    )


# --- Which version is in force ------------------------------------------------------------

#: The columns read for a version (``_latest``), after the force's id.
_COLUMNS = ("number", "name", "effective_from", "values", "reason")


def _latest(rows: Iterable[tuple[Any, ...]]) -> dict[int, CadencePolicy]:
    """Each force's version in force from rows of (force id, *_COLUMNS), where the
    version columns are None for a force with none: the latest ``effective_from``, and
    of two from one day the later number (``cadence.policy_in_force``'s rule, with the
    correction of a version by one from the same day)."""
    chosen: dict[int, tuple[Any, ...] | None] = {}
    for force_id, *columns in rows:
        if columns[0] is None:
            chosen.setdefault(force_id, None)
            continue
        best = chosen.get(force_id)
        if best is None or (columns[2], columns[0]) > (best[2], best[0]):
            chosen[force_id] = tuple(columns)
    out: dict[int, CadencePolicy] = {}
    for force_id, version in chosen.items():
        if version is None:
            out[force_id] = DEFAULT
            continue
        number, name, effective_from, values, reason = version
        out[force_id] = draft(
            None,
            name=name,
            number=number,
            effective_from=effective_from,
            reason=reason,
            changes=changes_of(values),
        )
    return out


def policies_for(
    forces: QuerySet[Force] | Iterable[int], *, on: dt.date
) -> dict[int, CadencePolicy]:
    """Each force's cadence policy in force on ``on`` (the England & Wales default for a
    force with no version then), by force id: one query, however many forces."""
    if not isinstance(forces, QuerySet):
        forces = Force.objects.filter(pk__in=list(forces))
    rows = (
        forces.order_by()
        .annotate(
            v=FilteredRelation(
                "cadence_policy_versions",
                condition=Q(cadence_policy_versions__effective_from__lte=on),
            )
        )
        .values_list("pk", *(f"v__{c}" for c in _COLUMNS))
    )
    return _latest(rows)


def policy_for(force_id: int, *, on: dt.date) -> CadencePolicy:
    """One force's cadence policy in force on ``on``: one query."""
    rows = CadencePolicyVersion.objects.filter(force_id=force_id, effective_from__lte=on)
    found = _latest((force_id, *row) for row in rows.order_by().values_list(*_COLUMNS))
    return found.get(force_id, DEFAULT)


def split_by_policy(
    nominals: QuerySet[Nominal], *, on: dt.date
) -> list[tuple[CadencePolicy, QuerySet[Nominal]]]:
    """``nominals`` grouped by their force's policy in force on ``on``: one query.

    One group, the queryset itself, when every force among them has the same policy (one
    force, or none with a version of its own): the usual case, which costs the engine
    nothing more than this read. Otherwise one group per policy, each limited to its
    forces. Nominals are in their managing force (``Nominal.force``), whose policy applies.
    """
    if nominals.query.is_empty():
        return [(DEFAULT, nominals)]
    forces = Force.objects.filter(Exists(nominals.order_by().filter(force_id=OuterRef("pk"))))
    groups: dict[CadencePolicy, list[int]] = {}
    for force_id, policy in policies_for(forces, on=on).items():
        groups.setdefault(policy, []).append(force_id)
    if len(groups) <= 1:
        return [(next(iter(groups), DEFAULT), nominals)]
    return [(policy, nominals.filter(force_id__in=ids)) for policy, ids in groups.items()]


def collect_by_policy(
    groups: list[tuple[CadencePolicy, QuerySet[Nominal]]],
    *,
    today: dt.date,
    kinds: Iterable[Kind] | None,
    until: dt.date | None,
) -> Result:
    """``engine.collect`` for each group with its own policy, as one result in the
    engine's order. The queries grow with the number of different policies among the
    nominals' forces, never with the number of people."""
    from vigil.obligations.engine import Result, collect

    # ``kinds`` may be a generator: read it once, for every group.
    wanted = None if kinds is None else tuple(kinds)
    merged = Result()
    for policy, group in groups:
        part = collect(group, today=today, policy=policy, kinds=wanted, until=until)
        merged.items += part.items
        merged.problems += part.problems
    # The same order as ``collect`` gives.
    merged.items.sort(key=lambda o: (o.due, o.kind.value, o.nominal.reference))
    return merged


# --- What the page shows ------------------------------------------------------------------


def _words(value: object) -> str:
    if isinstance(value, bool):
        return "Required" if value else "Not required"
    return str(value)


@dataclass(frozen=True)
class Difference:
    """One value of a version that is not the England & Wales default's."""

    label: str
    default: str
    value: str


def differences(policy: CadencePolicy, base: CadencePolicy = DEFAULT) -> list[Difference]:
    """What ``policy`` sets differently from ``base`` (``CadencePolicy.differences_from``),
    one line per risk level of a table, in the page's order."""
    changed = policy.differences_from(base)
    out: list[Difference] = []
    for name, label in PER_LEVEL.items():
        if name in changed:
            old, new = changed[name]
            assert isinstance(old, PerRiskLevel) and isinstance(new, PerRiskLevel)
            for level in LEVELS:
                if old[level] != new[level]:
                    out.append(
                        Difference(
                            f"{label}: {level.label.lower()} risk", str(old[level]), str(new[level])
                        )
                    )
    for name, label in (SINGLE | FLAGS).items():
        if name in changed:
            old, new = changed[name]
            out.append(Difference(label, _words(old), _words(new)))
    return out


@dataclass(frozen=True)
class ValueLine:
    """One value of a policy, beside the England & Wales default's."""

    label: str
    value: str
    default: str

    @property
    def differs(self) -> bool:
        return self.value != self.default


def value_lines(policy: CadencePolicy) -> list[ValueLine]:
    """Every value of ``policy`` in the page's order, each with the default's."""
    out: list[ValueLine] = []
    for name, label in PER_LEVEL.items():
        mine: PerRiskLevel = getattr(policy, name)
        base: PerRiskLevel = getattr(DEFAULT, name)
        for level in LEVELS:
            out.append(
                ValueLine(
                    f"{label}: {level.label.lower()} risk", str(mine[level]), str(base[level])
                )
            )
    for name, label in (SINGLE | FLAGS).items():
        out.append(ValueLine(label, _words(getattr(policy, name)), _words(getattr(DEFAULT, name))))
    return out


@dataclass(frozen=True)
class VersionLine:
    """A version in the force's history, and where it stands today."""

    version: CadencePolicyVersion
    policy: CadencePolicy
    differences: list[Difference]
    #: "in_force", "scheduled", "replaced" (was in force; a later one is now) or
    #: "corrected" (a later version from the same day took its place before it began).
    standing: str
    #: The version that replaced or corrected it.
    replaced_by: CadencePolicyVersion | None = None

    @property
    def standing_text(self) -> str:
        if self.standing == "in_force":
            return "In force"
        if self.standing == "scheduled":
            return f"From {self.version.effective_from:%-d %B %Y}"
        if self.standing == "corrected" and self.replaced_by is not None:
            return f"Replaced by version {self.replaced_by.number} before it began"
        if self.replaced_by is not None:
            return f"Replaced by version {self.replaced_by.number}"
        return "Replaced"


@dataclass(frozen=True)
class ForcePolicy:
    """A force's policy page: what is in force today, and every version, newest first."""

    force: Force
    today: dt.date
    in_force: CadencePolicy
    differences: list[Difference]
    history: list[VersionLine]

    @property
    def values(self) -> list[ValueLine]:
        return value_lines(self.in_force)

    @property
    def is_default(self) -> bool:
        return self.in_force is DEFAULT

    @property
    def scheduled(self) -> list[VersionLine]:
        return [line for line in self.history if line.standing == "scheduled"]

    @property
    def latest(self) -> CadencePolicy:
        """The policy as it will stand once every version has begun (the form starts
        from it)."""
        live = [line for line in self.history if line.standing != "corrected"]
        if not live:
            return self.in_force
        return max(live, key=lambda line: line.version.effective_from).policy


def force_policy(force: Force, *, today: dt.date) -> ForcePolicy:
    """The force's versions and where each stands on ``today``: one query."""
    versions = list(
        CadencePolicyVersion.objects.filter(force=force)
        .select_related("created_by")
        .order_by("-number")
    )
    # Of versions from the same day the latest number counts; then by day.
    by_day: dict[dt.date, CadencePolicyVersion] = {}
    for version in versions:
        best = by_day.get(version.effective_from)
        if best is None or version.number > best.number:
            by_day[version.effective_from] = version
    days = sorted(by_day)
    started = [d for d in days if d <= today]
    current = by_day[started[-1]] if started else None
    lines: list[VersionLine] = []
    for version in versions:
        policy = policy_of(version)
        winner = by_day[version.effective_from]
        replaced_by: CadencePolicyVersion | None = None
        if winner is not version:
            standing, replaced_by = "corrected", winner
        elif version is current:
            standing = "in_force"
        elif version.effective_from > today:
            standing = "scheduled"
        else:
            standing = "replaced"
            replaced_by = by_day[days[days.index(version.effective_from) + 1]]
        lines.append(VersionLine(version, policy, differences(policy), standing, replaced_by))
    in_force = next((line.policy for line in lines if line.standing == "in_force"), DEFAULT)
    return ForcePolicy(force, today, in_force, differences(in_force), lines)
