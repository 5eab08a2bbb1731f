"""Named policy values: the numbers the rules depend on, each with its source.

``RULES.md`` marks every fact [C] (read in the cited source) or [M] (believed right, not
seen in a source). An [M] value must never be a buried constant: it is declared here as a
``PolicyValue`` with its source and mark, so that it shows up in the rules reference
(``docs/rules.md``), can be overridden by a force's policy, and is easy to correct when
a legal adviser confirms or corrects it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

T = TypeVar("T")

Mark = Literal["C", "M", "D"]
"""C: confirmed in the cited source; M: believed, not seen; D: derived by reading."""

REGISTRY: dict[str, PolicyValue[object]] = {}


@dataclass(frozen=True)
class PolicyValue(Generic[T]):
    """One named value a rule depends on."""

    name: str
    value: T
    source: str
    mark: Mark
    note: str = ""


def declare(name: str, value: T, *, source: str, mark: Mark, note: str = "") -> PolicyValue[T]:
    """Declare a named policy value and list it in the registry.

    Names are dotted and unique (``soa2003.appeal_days``); declaring one twice is a bug.
    """
    if name in REGISTRY:
        raise ValueError(f"policy value {name!r} is declared twice")
    pv = PolicyValue(name=name, value=value, source=source, mark=mark, note=note)
    REGISTRY[name] = pv  # type: ignore[assignment]
    return pv
