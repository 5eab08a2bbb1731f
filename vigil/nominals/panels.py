"""Blocks other apps add to the nominal overview (convictions, notifications, risk, ...).

An app registers a panel in its ``AppConfig.ready``; the overview renders each in order.
A panel's context function must run a fixed number of queries, whatever the record holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from vigil.nominals.models import Nominal


@dataclass(frozen=True)
class Panel:
    #: Orders panels on the page; lower first.
    order: int
    #: Template rendered with the nominal, today and the context function's result.
    template: str
    context: Callable[[Nominal, dt.date, Any], dict[str, Any]]  # (nominal, today, user)


PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    if any(p.template == panel.template for p in PANELS):
        return  # ready() may run twice in tests
    PANELS.append(panel)
    PANELS.sort(key=lambda p: p.order)


def render_context(nominal: Nominal, today: dt.date, user: Any) -> list[dict[str, Any]]:
    return [{"template": p.template, **p.context(nominal, today, user)} for p in PANELS]
