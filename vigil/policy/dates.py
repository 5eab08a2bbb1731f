"""Calendar arithmetic for statutory periods.

A period of N units "beginning with" day D includes day D (RULES.md §1.3, the general
statutory-interpretation convention, marked [M] there): a 3-day period beginning with
Monday ends at the end of Wednesday; a 10-year period beginning 1 January 2020 ends at
the end of 31 December 2029.
"""

from __future__ import annotations

import calendar
import datetime as dt


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day of the month ``months`` later, clamped to the month's last day.

    31 January + 1 month is 28 (or 29) February: the corresponding day does not exist, so
    the period runs to the end of that month.
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    if day.day <= 28:  # every month has the day: nothing to clamp
        return dt.date(year, month0 + 1, day.day)
    last = calendar.monthrange(year, month0 + 1)[1]
    return dt.date(year, month0 + 1, min(day.day, last))


def last_day_of_period(
    first_day: dt.date, *, years: int = 0, months: int = 0, days: int = 0
) -> dt.date:
    """The last day of a period of the given length beginning with ``first_day``.

    >>> last_day_of_period(dt.date(2020, 1, 1), years=10)
    datetime.date(2029, 12, 31)
    >>> last_day_of_period(dt.date(2026, 11, 23), days=3)
    datetime.date(2026, 11, 25)
    >>> last_day_of_period(dt.date(2012, 2, 29), years=15)
    datetime.date(2027, 2, 28)
    """
    total = years * 12 + months
    corresponding = add_months(first_day, total)
    if corresponding.day != first_day.day:
        # No corresponding date in the final month (a period beginning 29 February or the
        # 31st): the period runs to the end of that month, never a day short of it.
        corresponding = corresponding + dt.timedelta(days=1)
    return corresponding + dt.timedelta(days=days) - dt.timedelta(days=1)
