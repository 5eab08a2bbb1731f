"""The "Risk" block on the nominal overview (``nominals.panels``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from vigil.nominals.models import Nominal
from vigil.risk.queries import risk_summary


def panel_context(nominal: Nominal, today: dt.date, user: Any) -> dict[str, Any]:
    """The level in force and any pending proposal, the latest scores and ARMS, the plan
    in force and the next reviews: a fixed number of queries (``queries.risk_summary``)."""
    return {"risk": risk_summary(nominal, today=today), "today": today}
