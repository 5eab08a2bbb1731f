"""Risk of serious harm (RoSH) levels: Low, Medium, High, Very High.

The four-level scale is the OASys risk-of-serious-harm scale that police and MAPPA use
(RULES.md §5.1, [C] Norfolk MAPPA). The wording of each level's definition is marked
[M] in RULES.md: only the gist of Very High ("imminent ... more likely than not") and
High ("identifiable indicators ... could happen at any time ... serious impact") is
recorded there. The definitions below are therefore declared as a policy value with mark
M, so they show in the rules reference and can be corrected from the OASys manual.

A RoSH level is a judgement of *harm*. It is not the same thing as a Risk Matrix 2000
category (a statistical estimate of *reconviction*, ``vigil.policy.rm2000``), even
though both use the words Low to Very High; the two are kept as separate types so one
cannot be stored where the other is meant.
"""

from __future__ import annotations

from vigil.policy.ranked import Ranked
from vigil.policy.values import declare


class RiskLevel(Ranked):
    """A RoSH level, ordered Low < Medium < High < Very High (RULES.md §5.1).

    Values are stable storage codes; ``label`` is what people read. Comparison with
    ``<``/``>`` follows severity, not spelling ("high" < "low" as strings, which is why
    plain ``str`` ordering is refused).
    """

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"

    @property
    def label(self) -> str:
        """The level as written in OASys and MAPPA documents, e.g. "Very high"."""
        return _LABELS[self]

    @property
    def definition(self) -> str:
        """The level's definition (RULES.md §5.1, [M]: see ``ROSH_DEFINITIONS``)."""
        return ROSH_DEFINITIONS.value[self]


_ORDER: tuple[RiskLevel, ...] = (
    RiskLevel.LOW,
    RiskLevel.MEDIUM,
    RiskLevel.HIGH,
    RiskLevel.VERY_HIGH,
)

_LABELS: dict[RiskLevel, str] = {
    RiskLevel.LOW: "Low",
    RiskLevel.MEDIUM: "Medium",
    RiskLevel.HIGH: "High",
    RiskLevel.VERY_HIGH: "Very high",
}

SERIOUS_HARM = declare(
    "rosh.serious_harm_definition",
    "An event which is life-threatening and/or traumatic, and from which recovery, "
    "whether physical or psychological, can be expected to be difficult or impossible.",
    source="OASys manual definition of serious harm; RULES.md §5.1",
    mark="M",
    note="Recalled OASys wording; RULES.md §5.1 does not quote it. Check against the manual.",
)

ROSH_DEFINITIONS = declare(
    "rosh.level_definitions",
    {
        RiskLevel.LOW: ("Current evidence does not indicate a likelihood of causing serious harm."),
        RiskLevel.MEDIUM: (
            "There are identifiable indicators of risk of serious harm. The offender has "
            "the potential to cause serious harm but is unlikely to do so unless there is "
            "a change in circumstances."
        ),
        RiskLevel.HIGH: (
            "There are identifiable indicators of risk of serious harm. The potential event "
            "could happen at any time and the impact would be serious."
        ),
        RiskLevel.VERY_HIGH: (
            "There is an imminent risk of serious harm. The potential event is more likely "
            "than not to happen imminently and the impact would be serious."
        ),
    },
    source="OASys RoSH level definitions; RULES.md §5.1 (Norfolk MAPPA for the scale)",
    mark="M",
    note=(
        "RULES.md §5.1 gives the gist of High and Very High only; Low and Medium wording "
        "is recalled from OASys. Check all four against the OASys manual."
    ),
)
