"""ARMS (Active Risk Management System): the factor list as data, and a ratings summary.

Source: RULES.md §5.4. ARMS is a structured assessment of *dynamic* risk factors and
*protective* factors for adult male sexual offenders, introduced for police in 2014
(probation: PI 15/2015). It informs professional judgement and is not a predictor: its
output is a case formulation and work priorities, **not a risk label** [C]. So nothing
here turns ratings into a Low-to-Very-High level; ``summarise`` only counts and lists.

What RULES.md confirms [C] (ATSA blog by the developers, 2015): 11 factors, 7 risk and
4 protective, covering areas like opportunity to offend, sexual preoccupation,
offence-related sexual interest, positive routine, social investment and commitment to
desist. Those six are marked C below.

What is [M]: the other five factor names, recalled from Kewley & Blandford (2017), *The
development of the Active Risk Management System*, J. Criminological Research, Policy
and Practice 3(3); and the rating scale for each kind of factor, which RULES.md does not
give. Each factor carries its own mark, and the list, the scales and the priority rule
are declared as ``PolicyValue``s so they appear in the rules reference and are easy to
correct against the (restricted) ARMS manual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from vigil.policy.values import Mark, declare

TOOL: Final = "ARMS"
VERSION: Final = "2014 police implementation"
"""The version RULES.md §5.4 dates: police roll-out 2014, probation PI 15/2015."""

_SECTION = "RULES.md §5.4"
_ATSA = "ATSA blog by the ARMS developers, 6 Nov 2015 (RULES.md §5.4)"
_KEWLEY = "recalled from Kewley & Blandford (2017); not in RULES.md"


class FactorKind(StrEnum):
    """Whether a factor raises risk or supports desistance (RULES.md §5.4)."""

    RISK = "risk"
    PROTECTIVE = "protective"


class RiskRating(StrEnum):
    """How strongly a risk factor is present now. Scale [M]: see ``RISK_SCALE``."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"


class ProtectiveRating(StrEnum):
    """How far a protective factor is present now. Scale [M]: see ``PROTECTIVE_SCALE``."""

    ABSENT = "absent"
    PARTLY_PRESENT = "partly present"
    PRESENT = "present"


Rating = RiskRating | ProtectiveRating


@dataclass(frozen=True)
class ArmsFactor:
    """One ARMS factor: a stable code, a title, a short description, and its provenance."""

    code: str
    kind: FactorKind
    title: str
    description: str
    mark: Mark
    source: str

    @property
    def scale(self) -> tuple[Rating, ...]:
        """The ratings this factor may take, lowest first."""
        return RISK_SCALE.value if self.kind is FactorKind.RISK else PROTECTIVE_SCALE.value


def _risk(code: str, title: str, description: str, *, confirmed: bool) -> ArmsFactor:
    return ArmsFactor(
        code=code,
        kind=FactorKind.RISK,
        title=title,
        description=description,
        mark="C" if confirmed else "M",
        source=_ATSA if confirmed else _KEWLEY,
    )


def _protective(code: str, title: str, description: str, *, confirmed: bool) -> ArmsFactor:
    return ArmsFactor(
        code=code,
        kind=FactorKind.PROTECTIVE,
        title=title,
        description=description,
        mark="C" if confirmed else "M",
        source=_ATSA if confirmed else _KEWLEY,
    )


# Descriptions are our own short summaries for officers, not the manual's wording.
FACTORS = declare(
    "arms.factors",
    (
        _risk(
            "opportunity_to_offend",
            "Opportunity to offend",
            "Access to potential victims, or to places and situations where offending "
            "could happen, and how far that access is controlled.",
            confirmed=True,
        ),
        _risk(
            "sexual_preoccupation",
            "Sexual preoccupation",
            "An unusually intense interest in sex that dominates thinking or behaviour.",
            confirmed=True,
        ),
        _risk(
            "offence_related_sexual_interest",
            "Offence-related sexual interest",
            "Sexual interest in children, in violence or in other themes linked to the "
            "person's offending.",
            confirmed=True,
        ),
        _risk(
            "emotional_congruence_with_children",
            "Emotional congruence with children",
            "Feeling emotionally closer to, or more at ease with, children than adults.",
            confirmed=False,
        ),
        _risk(
            "hostile_orientation",
            "Hostile orientation",
            "Grievance, hostility or suspicion towards others, including attitudes that "
            "excuse or support offending.",
            confirmed=False,
        ),
        _risk(
            "poor_self_management",
            "Poor self-management",
            "Impulsive or reckless behaviour, poor emotional control and weak problem solving.",
            confirmed=False,
        ),
        _risk(
            "negative_associates",
            "Negative associates",
            "Contact with people who support offending or could give access to victims.",
            confirmed=False,
        ),
        _protective(
            "positive_routine",
            "Positive routine",
            "A stable, structured daily life, such as work, training or regular activities.",
            confirmed=True,
        ),
        _protective(
            "social_investment",
            "Social investment",
            "A stake in society: roles, commitments and relationships the person values and "
            "would not want to lose.",
            confirmed=True,
        ),
        _protective(
            "commitment_to_desist",
            "Commitment to desist",
            "A stated intention not to offend again, borne out by engagement with "
            "management and by behaviour.",
            confirmed=True,
        ),
        _protective(
            "positive_social_influences",
            "Positive social influences",
            "Relationships with people who support a life without offending.",
            confirmed=False,
        ),
    ),
    source=f"{_SECTION}: 11 factors, 7 risk and 4 protective ([C], {_ATSA})",
    mark="M",
    note=(
        "The 7 + 4 structure and six names are [C]. Emotional congruence with children, "
        "hostile orientation, poor self-management, negative associates and positive "
        "social influences are [M] (recalled; the fourth protective factor may instead be "
        "'intimate relationship'). Check against the ARMS manual."
    ),
)

RISK_SCALE = declare(
    "arms.risk_factor_scale",
    (RiskRating.LOW, RiskRating.MEDIUM, RiskRating.HIGH),
    source=f"{_SECTION} gives no rating scale",
    mark="M",
    note="A three-point scale of how strongly the factor is present now. Check the manual.",
)

PROTECTIVE_SCALE = declare(
    "arms.protective_factor_scale",
    (ProtectiveRating.ABSENT, ProtectiveRating.PARTLY_PRESENT, ProtectiveRating.PRESENT),
    source=f"{_SECTION} gives no rating scale",
    mark="M",
    note="A three-point scale of how far the factor is present now. Check the manual.",
)

PRIORITY_RATINGS = declare(
    "arms.priority_ratings",
    (RiskRating.HIGH, ProtectiveRating.ABSENT),
    source=f"{_SECTION}: the output is work priorities, to reduce risk and strengthen "
    f"protective factors ([C], {_ATSA})",
    mark="M",
    note=(
        "Which ratings make a factor a work priority is not in RULES.md. Chosen here: a "
        "risk factor rated high, or a protective factor rated absent. Risk factors rated "
        "medium and protective factors partly present are listed as secondary."
    ),
)

RISK_FACTORS: tuple[ArmsFactor, ...] = tuple(f for f in FACTORS.value if f.kind is FactorKind.RISK)
PROTECTIVE_FACTORS: tuple[ArmsFactor, ...] = tuple(
    f for f in FACTORS.value if f.kind is FactorKind.PROTECTIVE
)
BY_CODE: Mapping[str, ArmsFactor] = {f.code: f for f in FACTORS.value}


class ArmsRatingsInvalid(ValueError):
    """A set of ratings that cannot be summarised: incomplete, unknown codes, bad values.

    ``missing`` lists the factors with no rating, in the manual's order, so a form can
    point at each one.
    """

    def __init__(
        self,
        *,
        missing: tuple[ArmsFactor, ...],
        unknown: tuple[str, ...],
        bad: tuple[str, ...],
    ) -> None:
        self.missing = missing
        self.unknown = unknown
        self.bad = bad
        reasons: list[str] = []
        if missing:
            reasons.append("rate every factor; missing: " + ", ".join(f.title for f in missing))
        if unknown:
            reasons.append("not ARMS factors: " + ", ".join(unknown))
        reasons.extend(bad)
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("ARMS ratings are not complete and valid: " + "; ".join(reasons))


def missing_factors(*, ratings: Mapping[str, str]) -> tuple[ArmsFactor, ...]:
    """The factors with no rating, in list order (all 11 must be rated, RULES.md §5.4)."""
    return tuple(f for f in FACTORS.value if f.code not in ratings)


def validate_ratings(*, ratings: Mapping[str, str]) -> dict[str, Rating]:
    """Check a complete set of ratings and return them as enum values, keyed by code.

    Raises ``ArmsRatingsInvalid`` listing every missing factor, every unknown code and
    every rating not on the factor's scale.
    """
    missing = missing_factors(ratings=ratings)
    unknown = tuple(sorted(code for code in ratings if code not in BY_CODE))
    bad: list[str] = []
    parsed: dict[str, Rating] = {}
    for factor in FACTORS.value:
        if factor.code not in ratings:
            continue
        raw = ratings[factor.code]
        scale = factor.scale
        match = next((r for r in scale if r.value == raw), None)
        if match is None:
            allowed = ", ".join(r.value for r in scale)
            bad.append(f"{factor.title} must be rated one of {allowed}, not {raw!r}")
        else:
            parsed[factor.code] = match
    if missing or unknown or bad:
        raise ArmsRatingsInvalid(missing=missing, unknown=unknown, bad=tuple(bad))
    return parsed


@dataclass(frozen=True)
class ArmsSummary:
    """Counts and work lists from one complete set of ARMS ratings (RULES.md §5.4).

    Deliberately no overall risk level: ARMS output is a case formulation and work
    priorities, not a risk label. ``priorities`` and ``secondary`` list risk factors
    first, then protective factors, each in list order.
    """

    risk_counts: Mapping[RiskRating, int]
    protective_counts: Mapping[ProtectiveRating, int]
    priorities: tuple[str, ...]
    secondary: tuple[str, ...]
    strengths: tuple[str, ...]
    tool: str = TOOL
    version: str = VERSION

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready form for storing beside the ratings."""
        return {
            "risk_counts": {r.value: n for r, n in self.risk_counts.items()},
            "protective_counts": {r.value: n for r, n in self.protective_counts.items()},
            "priorities": list(self.priorities),
            "secondary": list(self.secondary),
            "strengths": list(self.strengths),
            "tool": self.tool,
            "version": self.version,
        }


def summarise(*, ratings: Mapping[str, str]) -> ArmsSummary:
    """Summarise a complete set of ARMS ratings (RULES.md §5.4).

    Counts each rating for risk and for protective factors, and lists the work
    priorities (ratings in ``PRIORITY_RATINGS`` [M]), the secondary concerns (risk
    factors rated medium, protective factors partly present) and the strengths
    (protective factors present). Raises ``ArmsRatingsInvalid`` on an incomplete or
    invalid set.
    """
    parsed = validate_ratings(ratings=ratings)
    risk_counts = dict.fromkeys(RISK_SCALE.value, 0)
    protective_counts = dict.fromkeys(PROTECTIVE_SCALE.value, 0)
    for rating in parsed.values():
        if isinstance(rating, RiskRating):
            risk_counts[rating] += 1
        else:
            protective_counts[rating] += 1
    priorities = tuple(f.code for f in FACTORS.value if parsed[f.code] in PRIORITY_RATINGS.value)
    # Secondary never repeats a priority, even if a force widens PRIORITY_RATINGS.
    secondary_ratings = (RiskRating.MEDIUM, ProtectiveRating.PARTLY_PRESENT)
    return ArmsSummary(
        risk_counts=risk_counts,
        protective_counts=protective_counts,
        priorities=priorities,
        secondary=tuple(
            f.code
            for f in FACTORS.value
            if parsed[f.code] in secondary_ratings and f.code not in priorities
        ),
        strengths=tuple(
            f.code for f in PROTECTIVE_FACTORS if parsed[f.code] is ProtectiveRating.PRESENT
        ),
    )
