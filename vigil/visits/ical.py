"""An officer's planned visits as an iCalendar feed (RFC 5545), for their calendar app.

DEPENDENCIES.md §7: the file ends up on phones, so an event carries only the nominal's
public reference and the visit type (issue 6: "never a name or address"): no
DESCRIPTION, no LOCATION, no attendees, no link. Times are given with
TZID=Europe/London and the matching VTIMEZONE, so a visit at 14:30 stays at 14:30 on
either side of a clock change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from vigil.visits.models import Visit

#: How long a planned visit shows in the calendar; Vigil holds start times only.
EVENT_LENGTH = dt.timedelta(hours=1)
TZID = "Europe/London"
LONDON = ZoneInfo(TZID)


def summary(visit: Visit) -> str:
    """The event's title: the public reference and the type, nothing else."""
    return f"{visit.nominal.reference} {visit.get_visit_type_display()}"


def calendar_for(visits: Iterable[Visit], *, now: dt.datetime | None = None) -> bytes:
    """The .ics text of ``visits`` (each with its nominal loaded)."""
    now = now or timezone.now()
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Vigil//Visit diary//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Vigil visits")
    cal.add("x-wr-timezone", TZID)
    # Calendar apps that honour these refresh hourly.
    cal.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT1H")
    first: dt.date | None = None
    for visit in visits:
        assert visit.planned_for is not None
        start = visit.planned_for.astimezone(LONDON)
        first = min(first, start.date()) if first else start.date()
        event = icalendar.Event()
        event.add("uid", f"{visit.uid}@vigil")
        event.add("dtstamp", now)
        event.add("last-modified", visit.modified_at)
        event.add("sequence", visit.version)
        event.add("dtstart", start)
        event.add("dtend", start + EVENT_LENGTH)
        event.add("summary", summary(visit))
        event.add("class", "PRIVATE")
        event.add("transp", "OPAQUE")
        cal.add_component(event)
    if first is not None:
        cal.add_missing_timezones(
            first_date=dt.date(first.year, 1, 1), last_date=dt.date(first.year + 3, 1, 1)
        )
    return cal.to_ical()
