"""Risk Matrix 2000 (Thornton et al.): RM2000/S, RM2000/V and RM2000/C.

Source: RULES.md §5.5, which cites the Risk Matrix 2000 Scoring Guide (Feb 2007) and
secondary summaries (iResearchNet, RMA RATED, University of Birmingham).

What RULES.md confirms [C]: the tool is statistically derived and static; it is for
males aged 18 or over convicted of a sexual offence, at least one committed after age
16, and not for women, under-18s or alleged (unconvicted) offenders. It has three scales
(S: sexual reconviction; V: non-sexual violence by sex offenders; C: combined), each
placed in Low / Medium / High / Very High. RM2000/S is Step 1 (sexual appearances,
criminal appearances, age band, summed to a category) then Step 2 (four aggravating
factors: two raise the category one level, four raise it two, capped at Very High).

What RULES.md marks [M]: every point table and every points-to-category band, and
whether *three* aggravating factors raise the category (RULES.md reads "2 or 3" but
notes the sources only say "two" and "four"). Each of those is declared below as a named
``PolicyValue`` with mark M, so the rules reference lists it and a force can correct it
once the scoring pages of the 2007 guide are checked.

Eligibility and input consistency are checked before any scoring: a person the tool does
not apply to is refused with ``Rm2000NotApplicable``; impossible counts are refused with
``Rm2000InvalidInput``. Both are ``ValueError`` and carry every reason found, so a form
can show them all at once.

Results record ``tool`` and ``version`` so a later actuarial tool (OSP/DC, DC-SRP;
RULES.md §5.6) can sit beside RM2000 in an assessment history.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Final, Literal

from vigil.policy.ranked import Ranked
from vigil.policy.values import PolicyValue, declare

TOOL: Final = "RM2000"
VERSION: Final = "Feb 2007 scoring guide"
"""The edition RULES.md §5.5 cites. The point tables are [M] against it (see above)."""

_SECTION = "RULES.md §5.5"
_GUIDE = "Thornton et al., Risk Matrix 2000 Scoring Guide (Feb 2007)"
_M_NOTE = (
    "RULES.md marks the full point tables [M]: recalled from the published guide, whose "
    "scoring pages were not retrievable. Check against the guide before relying on it."
)


# --- Categories -------------------------------------------------------------------------


class Rm2000Category(Ranked):
    """An RM2000 category, ordered Low < Medium < High < Very High (RULES.md §5.5).

    This is a statistical reconviction band, not a RoSH level (``risk_levels.RiskLevel``).
    Values are the lower-case words used in the stored JSON.
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very high"

    @property
    def label(self) -> str:
        """Sentence-case label, e.g. "Very high"."""
        return self.value.capitalize()

    def raised(self, levels: int) -> Rm2000Category:
        """This category raised by ``levels``, capped at Very High (Step 2, RULES.md §5.5)."""
        return _CATEGORY_ORDER[min(self.rank + levels, len(_CATEGORY_ORDER) - 1)]


_CATEGORY_ORDER: tuple[Rm2000Category, ...] = (
    Rm2000Category.LOW,
    Rm2000Category.MEDIUM,
    Rm2000Category.HIGH,
    Rm2000Category.VERY_HIGH,
)


# --- Point tables (policy values) -------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """An inclusive range of a count or age, and the points it scores.

    ``high`` is None for an open-ended top band ("35+").
    """

    low: int
    high: int | None
    points: int

    def contains(self, n: int) -> bool:
        """Whether ``n`` falls in this band."""
        return n >= self.low and (self.high is None or n <= self.high)

    @property
    def label(self) -> str:
        """The band as people write it: "25-34", "1", "5+"."""
        if self.high is None:
            return f"{self.low}+"
        if self.high == self.low:
            return str(self.low)
        return f"{self.low}-{self.high}"


@dataclass(frozen=True)
class CategoryBand:
    """An inclusive range of points and the category it gives."""

    low: int
    high: int | None
    category: Rm2000Category

    def contains(self, n: int) -> bool:
        """Whether ``n`` points fall in this band."""
        return n >= self.low and (self.high is None or n <= self.high)

    @property
    def label(self) -> str:
        """The band as people write it: "3-4", "0", "6+"."""
        return Band(self.low, self.high, 0).label


_L, _M, _H, _VH = (
    Rm2000Category.LOW,
    Rm2000Category.MEDIUM,
    Rm2000Category.HIGH,
    Rm2000Category.VERY_HIGH,
)

MIN_AGE = declare(
    "rm2000.eligibility.min_age",
    18,
    source=f"{_SECTION}: for males aged 18+ ([C], {_GUIDE}, intro)",
    mark="C",
)
MIN_AGE_AT_SEXUAL_OFFENCE = declare(
    "rm2000.eligibility.min_age_at_a_sexual_offence",
    16,
    source=f"{_SECTION}: at least one sexual offence committed after age 16 ([C], {_GUIDE})",
    mark="C",
    note=(
        "RULES.md says 'after age 16'; read here as 'at 16 or older' (on or after the 16th "
        "birthday). If the guide means 17 or older, only the question wording changes."
    ),
)

S_AGE_POINTS: PolicyValue[tuple[Band, ...]] = declare(
    "rm2000.s.age_points",
    (Band(18, 24, 2), Band(25, 34, 1), Band(35, None, 0)),
    source=f"{_SECTION}, RM2000/S Step 1 table: age at commencement of risk",
    mark="M",
    note=_M_NOTE,
)
S_SEXUAL_APPEARANCE_POINTS: PolicyValue[tuple[Band, ...]] = declare(
    "rm2000.s.sexual_appearance_points",
    (Band(1, 1, 0), Band(2, 2, 1), Band(3, 4, 2), Band(5, None, 3)),
    source=f"{_SECTION}, RM2000/S Step 1 table: sexual appearances (incl. current)",
    mark="M",
    note=_M_NOTE,
)
S_CRIMINAL_APPEARANCE_POINTS: PolicyValue[tuple[Band, ...]] = declare(
    "rm2000.s.criminal_appearance_points",
    (Band(0, 4, 0), Band(5, None, 1)),
    source=f"{_SECTION}, RM2000/S Step 1 table: total criminal appearances",
    mark="M",
    note=_M_NOTE,
)
S_STEP1_CATEGORIES: PolicyValue[tuple[CategoryBand, ...]] = declare(
    "rm2000.s.step1_categories",
    (
        CategoryBand(0, 0, _L),
        CategoryBand(1, 2, _M),
        CategoryBand(3, 4, _H),
        CategoryBand(5, 6, _VH),
    ),
    source=f"{_SECTION}: Step 1 category from total points",
    mark="M",
    note=_M_NOTE,
)
S_STEP2_RAISE_FOR_TWO = declare(
    "rm2000.s.step2_levels_raised_by_two_factors",
    1,
    source=f"{_SECTION}: '2 aggravating factors raise the category one level' ([C], {_GUIDE})",
    mark="C",
)
S_STEP2_RAISE_FOR_THREE = declare(
    "rm2000.s.step2_levels_raised_by_three_factors",
    1,
    source=f"{_SECTION}: Step 2 reads '2 or 3 factors: up one category'",
    mark="M",
    note=(
        "RULES.md: whether 3 factors also raise one level is [M]; the sources say only "
        "that two raise one and four raise two. One level is the natural reading (three "
        "is at least two, and short of four)."
    ),
)
S_STEP2_RAISE_FOR_FOUR = declare(
    "rm2000.s.step2_levels_raised_by_four_factors",
    2,
    source=f"{_SECTION}: '4 raise it two levels', capped at Very High ([C], {_GUIDE})",
    mark="C",
)

V_AGE_POINTS: PolicyValue[tuple[Band, ...]] = declare(
    "rm2000.v.age_points",
    (Band(18, 24, 3), Band(25, 34, 2), Band(35, 44, 1), Band(45, None, 0)),
    source=f"{_SECTION}, RM2000/V: age at commencement of risk",
    mark="M",
    note=_M_NOTE,
)
V_VIOLENT_APPEARANCE_POINTS: PolicyValue[tuple[Band, ...]] = declare(
    "rm2000.v.violent_appearance_points",
    (Band(0, 0, 0), Band(1, 1, 1), Band(2, 3, 2), Band(4, None, 3)),
    source=f"{_SECTION}, RM2000/V: violent appearances",
    mark="M",
    note=_M_NOTE,
)
V_BURGLARY_POINTS = declare(
    "rm2000.v.burglary_points",
    2,
    source=f"{_SECTION}, RM2000/V: any burglary conviction",
    mark="M",
    note=_M_NOTE,
)
V_CATEGORIES: PolicyValue[tuple[CategoryBand, ...]] = declare(
    "rm2000.v.categories",
    (
        CategoryBand(0, 1, _L),
        CategoryBand(2, 3, _M),
        CategoryBand(4, 5, _H),
        CategoryBand(6, None, _VH),
    ),
    source=f"{_SECTION}, RM2000/V totals (matches the RMA RATED summary's bands)",
    mark="M",
    note=_M_NOTE,
)

C_CATEGORY_VALUES: PolicyValue[dict[Rm2000Category, int]] = declare(
    "rm2000.c.category_values",
    {_L: 1, _M: 2, _H: 3, _VH: 4},
    source=f"{_SECTION}, RM2000/C: S and V categories converted to 1-4",
    mark="M",
    note=_M_NOTE,
)
C_CATEGORIES: PolicyValue[tuple[CategoryBand, ...]] = declare(
    "rm2000.c.categories",
    (
        CategoryBand(2, 3, _L),
        CategoryBand(4, 5, _M),
        CategoryBand(6, 7, _H),
        CategoryBand(8, 8, _VH),
    ),
    source=f"{_SECTION}, RM2000/C: sum of the S and V values",
    mark="M",
    note=_M_NOTE,
)


# --- Input ------------------------------------------------------------------------------


class Sex(StrEnum):
    """The person's sex as recorded. RM2000 was built and validated on men only."""

    MALE = "male"
    FEMALE = "female"
    NOT_KNOWN = "not known"


@dataclass(frozen=True, kw_only=True)
class Rm2000Input:
    """Everything RULES.md §5.5 needs to decide eligibility and score RM2000/S, /V and /C.

    No field has a default: a caller must state every answer, so an unasked eligibility
    question cannot silently become "yes". Counts are sentencing occasions
    ("appearances"), not offences: several offences dealt with on one day are one
    appearance.
    """

    # Eligibility (RULES.md §5.5 [C]).
    sex: Sex
    convicted_of_sexual_offence: bool
    sexual_offence_at_16_or_over: bool
    # Scored items.
    age_at_commencement_of_risk: int
    sexual_appearances: int
    criminal_appearances: int
    violent_appearances: int
    burglary: bool
    # Step 2 aggravating factors (RULES.md §5.5 [C]).
    male_victim: bool
    stranger_victim: bool
    non_contact_offence: bool
    single: bool


FieldKind = Literal["int", "bool", "choice"]


@dataclass(frozen=True)
class FieldSpec:
    """How to ask for one ``Rm2000Input`` field, written once for the CLI and web form.

    ``label`` is a plain question; ``help`` says what counts. ``flag`` is the command-line
    option (matching the issue's ``rm2000 --age 30 ... --single`` example). ``choices`` is
    set only for a ``choice`` field.
    """

    name: str
    flag: str
    kind: FieldKind
    label: str
    help: str
    choices: tuple[str, ...] = ()


FLAGS: tuple[FieldSpec, ...] = (
    FieldSpec(
        name="sex",
        flag="--sex",
        kind="choice",
        label="What is the person's recorded sex?",
        help=(
            "Risk Matrix 2000 applies to men only; it was not built or tested on women "
            "(RULES.md §5.5)."
        ),
        choices=tuple(s.value for s in Sex),
    ),
    FieldSpec(
        name="convicted_of_sexual_offence",
        flag="--convicted",
        kind="bool",
        label="Has the person been convicted of a sexual offence?",
        help=(
            "A conviction only. A caution, or an allegation that has not led to a "
            "conviction, does not count (RULES.md §5.5)."
        ),
    ),
    FieldSpec(
        name="sexual_offence_at_16_or_over",
        flag="--offence-at-16-or-over",
        kind="bool",
        label="Did the person commit at least one of their sexual offences aged 16 or over?",
        help="The tool does not apply if every sexual offence was committed under 16.",
    ),
    FieldSpec(
        name="age_at_commencement_of_risk",
        flag="--age",
        kind="int",
        label="How old is the person when their risk period starts?",
        help=(
            "Age in whole years at the commencement of risk: usually the date of release "
            "into the community. Must be 18 or over."
        ),
    ),
    FieldSpec(
        name="sexual_appearances",
        flag="--sexual-appearances",
        kind="int",
        label="On how many separate occasions has the person been sentenced for a sexual offence?",
        help=(
            "Count sentencing occasions, not offences, and include the current one. "
            "At least 1 for anyone the tool applies to."
        ),
    ),
    FieldSpec(
        name="criminal_appearances",
        flag="--criminal-appearances",
        kind="int",
        label="On how many separate occasions has the person been sentenced for any offence?",
        help=(
            "Count sentencing occasions for any offence, including the sexual ones and the "
            "current one, so never fewer than the sexual appearances."
        ),
    ),
    FieldSpec(
        name="violent_appearances",
        flag="--violent-appearances",
        kind="int",
        label="On how many separate occasions has the person been sentenced for a violent offence?",
        help=(
            "Count sentencing occasions, not offences; 0 if none. Used for RM2000/V. "
            "Cannot exceed the total criminal appearances."
        ),
    ),
    FieldSpec(
        name="burglary",
        flag="--burglary",
        kind="bool",
        label="Has the person ever been convicted of burglary?",
        help="Any burglary conviction, at any age. Used for RM2000/V.",
    ),
    FieldSpec(
        name="male_victim",
        flag="--male-victim",
        kind="bool",
        label="Has the person been convicted of a sexual offence against a male?",
        help="Any such conviction, however long ago. An aggravating factor in RM2000/S.",
    ),
    FieldSpec(
        name="stranger_victim",
        flag="--stranger-victim",
        kind="bool",
        label="Has the person been convicted of a sexual offence against a stranger?",
        help="Any such conviction, however long ago. An aggravating factor in RM2000/S.",
    ),
    FieldSpec(
        name="non_contact_offence",
        flag="--non-contact",
        kind="bool",
        label="Has the person been convicted of a non-contact sexual offence?",
        help=(
            "For example exposure. Any such conviction, however long ago. An aggravating "
            "factor in RM2000/S."
        ),
    ),
    FieldSpec(
        name="single",
        flag="--single",
        kind="bool",
        label="Has the person never been married and never lived with an adult partner "
        "for two years or more?",
        help=(
            "Answer yes if they have never married and never lived with an adult partner "
            "for at least two years. An aggravating factor in RM2000/S."
        ),
    ),
)


# --- Result -----------------------------------------------------------------------------


@dataclass(frozen=True)
class SexualScale:
    """RM2000/S: Step 1 points and category, then the Step 2 adjustment."""

    age_points: int
    sexual_appearance_points: int
    criminal_appearance_points: int
    points: int
    step1: Rm2000Category
    aggravating: int
    levels_raised: int
    category: Rm2000Category


@dataclass(frozen=True)
class ViolenceScale:
    """RM2000/V: points for age, violent appearances and burglary, and the category."""

    age_points: int
    violent_appearance_points: int
    burglary_points: int
    points: int
    category: Rm2000Category


@dataclass(frozen=True)
class CombinedScale:
    """RM2000/C: the final S and V categories as values 1-4, summed and banded."""

    s_value: int
    v_value: int
    points: int
    category: Rm2000Category


@dataclass(frozen=True)
class Rm2000Result:
    """A scored Risk Matrix 2000 assessment.

    ``explanation`` says, line by line, which band each item fell in, so an officer can
    check the arithmetic and a reviewer can see which [M] table produced the answer.
    """

    s: SexualScale
    v: ViolenceScale
    c: CombinedScale
    explanation: tuple[str, ...]
    tool: str = TOOL
    version: str = VERSION

    def to_dict(self) -> dict[str, object]:
        """The stored JSON shape; categories are lower-case words ("very high")."""
        return {
            "s": {
                "points": self.s.points,
                "step1": self.s.step1.value,
                "aggravating": self.s.aggravating,
                "category": self.s.category.value,
            },
            "v": {"points": self.v.points, "category": self.v.category.value},
            "c": {"category": self.c.category.value},
            "tool": self.tool,
            "version": self.version,
        }


class Rm2000NotApplicable(ValueError):
    """The tool does not apply to this person (RULES.md §5.5 eligibility).

    ``reasons`` holds one sentence per failed condition.
    """

    def __init__(self, reasons: list[str]) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("Risk Matrix 2000 does not apply: " + "; ".join(reasons))


class Rm2000InvalidInput(ValueError):
    """The answers cannot all be true together, or a count is out of range.

    ``reasons`` holds one sentence per problem, each saying how to fix it.
    """

    def __init__(self, reasons: list[str]) -> None:
        self.reasons: tuple[str, ...] = tuple(reasons)
        super().__init__("Risk Matrix 2000 input is not valid: " + "; ".join(reasons))


# --- Scoring ----------------------------------------------------------------------------


def ineligibility_reasons(inp: Rm2000Input) -> list[str]:
    """Why RM2000 does not apply to this person; empty if it does (RULES.md §5.5 [C]).

    The tool is for males aged 18+ convicted of a sexual offence, at least one committed
    after age 16; not for women, under-18s or alleged (unconvicted) offenders.
    """
    reasons = []
    if inp.sex is not Sex.MALE:
        reasons.append(f"it is for men only and the person's recorded sex is {inp.sex.value}")
    if inp.age_at_commencement_of_risk < MIN_AGE.value:
        reasons.append(
            f"it is for adults aged {MIN_AGE.value} or over and the person is "
            f"{inp.age_at_commencement_of_risk} at the commencement of risk"
        )
    if not inp.convicted_of_sexual_offence:
        reasons.append(
            "it is for people convicted of a sexual offence, not cautioned or alleged offenders"
        )
    elif not inp.sexual_offence_at_16_or_over:
        reasons.append(
            f"at least one sexual offence must have been committed aged "
            f"{MIN_AGE_AT_SEXUAL_OFFENCE.value} or over"
        )
    return reasons


def invalid_input_reasons(inp: Rm2000Input) -> list[str]:
    """What is impossible or inconsistent in the answers; empty if they hang together.

    Rules of consistency are derived from the item definitions in RULES.md §5.5: the
    "total criminal appearances" include every sexual and violent appearance, and a man
    convicted of a sexual offence has at least one sexual appearance (the current one).
    """
    reasons = []
    for name in ("sexual_appearances", "criminal_appearances", "violent_appearances"):
        if getattr(inp, name) < 0:
            reasons.append(f"{name.replace('_', ' ')} cannot be negative")
    if 0 <= inp.sexual_appearances < 1 and inp.convicted_of_sexual_offence:
        reasons.append(
            "sexual appearances must be at least 1 for someone convicted of a sexual "
            "offence (count the current conviction)"
        )
    if inp.criminal_appearances < inp.sexual_appearances:
        reasons.append(
            f"criminal appearances ({inp.criminal_appearances}) cannot be fewer than sexual "
            f"appearances ({inp.sexual_appearances}): every sexual appearance is also a "
            "criminal appearance"
        )
    if inp.violent_appearances > inp.criminal_appearances:
        reasons.append(
            f"violent appearances ({inp.violent_appearances}) cannot exceed criminal "
            f"appearances ({inp.criminal_appearances}): every violent appearance is also a "
            "criminal appearance"
        )
    return reasons


def _band_for(n: int, table: PolicyValue[tuple[Band, ...]]) -> Band:
    for band in table.value:
        if band.contains(n):
            return band
    # Unreachable for validated input; a gap here means the declared table is wrong.
    raise ValueError(f"{n} falls in no band of {table.name}")


def _category_for(points: int, table: PolicyValue[tuple[CategoryBand, ...]]) -> CategoryBand:
    for band in table.value:
        if band.contains(points):
            return band
    raise ValueError(f"{points} points fall in no band of {table.name}")


def step2_levels_raised(aggravating: int) -> int:
    """How many levels Step 2 raises the Step 1 category (RULES.md §5.5).

    0 or 1 factors: none; 2: one [C]; 3: one [M]; 4: two [C].
    """
    if not 0 <= aggravating <= 4:
        raise ValueError(f"there are four aggravating factors, not {aggravating}")
    if aggravating == 4:
        return S_STEP2_RAISE_FOR_FOUR.value
    if aggravating == 3:
        return S_STEP2_RAISE_FOR_THREE.value
    if aggravating == 2:
        return S_STEP2_RAISE_FOR_TWO.value
    return 0


def combined_category(*, s: Rm2000Category, v: Rm2000Category) -> CombinedScale:
    """RM2000/C from the final S and V categories (RULES.md §5.5 [M]).

    Each category becomes 1 (Low) to 4 (Very High); the sum 2-8 is banded 2-3 Low,
    4-5 Medium, 6-7 High, 8 Very High.
    """
    s_value = C_CATEGORY_VALUES.value[s]
    v_value = C_CATEGORY_VALUES.value[v]
    total = s_value + v_value
    band = _category_for(total, C_CATEGORIES)
    return CombinedScale(s_value=s_value, v_value=v_value, points=total, category=band.category)


_AGGRAVATING_LABELS: tuple[tuple[str, str], ...] = (
    ("male_victim", "sexual offence against a male"),
    ("stranger_victim", "sexual offence against a stranger"),
    ("non_contact_offence", "non-contact sexual offence"),
    ("single", "single (never married or lived with an adult partner for 2+ years)"),
)


def _points(n: int) -> str:
    return f"{n} point" if n == 1 else f"{n} points"


def score(*, inp: Rm2000Input) -> Rm2000Result:
    """Score RM2000/S, /V and /C for one person (RULES.md §5.5; Thornton et al., 2007).

    Raises ``Rm2000NotApplicable`` if the tool does not apply to the person, and
    ``Rm2000InvalidInput`` if the counts are out of range or inconsistent. Eligibility is
    checked first: there is no point correcting counts for a tool that does not apply.
    """
    not_applicable = ineligibility_reasons(inp)
    if not_applicable:
        raise Rm2000NotApplicable(not_applicable)
    invalid = invalid_input_reasons(inp)
    if invalid:
        raise Rm2000InvalidInput(invalid)

    lines: list[str] = [
        f"{TOOL} ({VERSION}) scored as set out in {_SECTION}; the point tables there are "
        "marked [M] (not yet checked against the guide)."
    ]
    age = inp.age_at_commencement_of_risk

    # RM2000/S Step 1.
    s_age = _band_for(age, S_AGE_POINTS)
    s_sex = _band_for(inp.sexual_appearances, S_SEXUAL_APPEARANCE_POINTS)
    s_crim = _band_for(inp.criminal_appearances, S_CRIMINAL_APPEARANCE_POINTS)
    s_points = s_age.points + s_sex.points + s_crim.points
    step1 = _category_for(s_points, S_STEP1_CATEGORIES)
    lines += [
        f"RM2000/S step 1: age {age}, band {s_age.label}: {_points(s_age.points)}.",
        f"RM2000/S step 1: sexual appearances {inp.sexual_appearances}, band "
        f"{s_sex.label}: {_points(s_sex.points)}.",
        f"RM2000/S step 1: criminal appearances {inp.criminal_appearances}, band "
        f"{s_crim.label}: {_points(s_crim.points)}.",
        f"RM2000/S step 1: total {_points(s_points)}, band {step1.label}: {step1.category.label}.",
    ]

    # RM2000/S Step 2.
    present = [label for name, label in _AGGRAVATING_LABELS if getattr(inp, name)]
    raised = step2_levels_raised(len(present))
    final = step1.category.raised(raised)
    listed = f" ({', '.join(present)})" if present else ""
    if raised == 0:
        effect = "no change"
    else:
        levels = "one level" if raised == 1 else f"{raised} levels"
        capped = " (capped at Very high)" if step1.category.rank + raised > final.rank else ""
        effect = f"raised {levels}{capped}"
    lines.append(
        f"RM2000/S step 2: {len(present)} of 4 aggravating factors{listed}: {effect}; "
        f"{step1.category.label} becomes {final.label}."
    )

    # RM2000/V.
    v_age = _band_for(age, V_AGE_POINTS)
    v_viol = _band_for(inp.violent_appearances, V_VIOLENT_APPEARANCE_POINTS)
    v_burg = V_BURGLARY_POINTS.value if inp.burglary else 0
    v_points = v_age.points + v_viol.points + v_burg
    v_cat = _category_for(v_points, V_CATEGORIES)
    lines += [
        f"RM2000/V: age {age}, band {v_age.label}: {_points(v_age.points)}.",
        f"RM2000/V: violent appearances {inp.violent_appearances}, band "
        f"{v_viol.label}: {_points(v_viol.points)}.",
        f"RM2000/V: burglary conviction {'yes' if inp.burglary else 'no'}: {_points(v_burg)}.",
        f"RM2000/V: total {_points(v_points)}, band {v_cat.label}: {v_cat.category.label}.",
    ]

    # RM2000/C.
    c = combined_category(s=final, v=v_cat.category)
    lines.append(
        f"RM2000/C: S {final.label} counts {c.s_value}, V {v_cat.category.label} counts "
        f"{c.v_value}; total {c.points}, band {_category_for(c.points, C_CATEGORIES).label}: "
        f"{c.category.label}."
    )

    return Rm2000Result(
        s=SexualScale(
            age_points=s_age.points,
            sexual_appearance_points=s_sex.points,
            criminal_appearance_points=s_crim.points,
            points=s_points,
            step1=step1.category,
            aggravating=len(present),
            levels_raised=raised,
            category=final,
        ),
        v=ViolenceScale(
            age_points=v_age.points,
            violent_appearance_points=v_viol.points,
            burglary_points=v_burg,
            points=v_points,
            category=v_cat.category,
        ),
        c=c,
        explanation=tuple(lines),
    )


def _check_flags_cover_input() -> None:
    # Labels are written once in FLAGS; a field added to Rm2000Input without a FieldSpec
    # would be unaskable, so fail at import rather than in a form.
    names = [f.name for f in fields(Rm2000Input)]
    specs = [spec.name for spec in FLAGS]
    if sorted(names) != sorted(specs):
        raise RuntimeError(f"FLAGS {specs} do not match Rm2000Input fields {names}")


_check_flags_cover_input()
