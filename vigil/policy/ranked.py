"""Enums whose members have an order of severity, not an alphabetical one."""

from __future__ import annotations

from enum import StrEnum


class Ranked(StrEnum):
    """A StrEnum ordered by the position its members are declared in (least first).

    Members are also ``str``, and ``str``'s own operators would silently rank "high" below
    "low"; comparing with anything but a member of the same enum is refused instead.
    """

    @property
    def rank(self) -> int:
        """0 for the first-declared member, upwards."""
        return list(type(self)).index(self)

    def _rank_of(self, other: object) -> int:
        if not isinstance(other, type(self)):
            raise TypeError(f"cannot order a {type(self).__name__} against {type(other).__name__}")
        return other.rank

    def __lt__(self, other: object) -> bool:
        return self.rank < self._rank_of(other)

    def __le__(self, other: object) -> bool:
        return self.rank <= self._rank_of(other)

    def __gt__(self, other: object) -> bool:
        return self.rank > self._rank_of(other)

    def __ge__(self, other: object) -> bool:
        return self.rank >= self._rank_of(other)
