"""The benchmarks know every kind the engine's providers give (``bench.benchmarks.
check_registrations``): each is covered by the hand-written SQL or listed, with its
reason, as not covered."""

from __future__ import annotations

from bench import benchmarks as b
from vigil.obligations import engine


def test_every_registered_kind_is_covered_or_listed_as_not_covered() -> None:
    assert not [w for w in b.check_registrations() if w.startswith("engine kinds")]
    assert not b.COVERED & b.NOT_COVERED


def test_the_reactive_notice_is_registered_and_not_covered() -> None:
    """Nobody in the synthetic register is on reactive management."""
    assert engine.providers()["reactive_ended"] == (engine.Kind.REACTIVE_ENDED,)
    assert "reactive_ended" in b.NOT_COVERED
