"""Business days: weekends and a country's public holidays are not counted.

Holidays come from the `holidays` package (Poland, Hungary and every other country it knows).
The country is the setting `PORTAL_BUSINESS_CALENDAR_COUNTRY` (ISO 3166 code, default "PL")
unless the caller names one. Where a country moves a working day to a Saturday (Hungary does,
e.g. Saturday 2026-01-10 makes up for Friday 2026-01-02), that Saturday counts as a business day
and the Friday does not, as the `holidays` package records it.

Business hours, time zones and per-organization calendars do not live here.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays
from django.conf import settings

DEFAULT_COUNTRY = "PL"


def is_business_day(day: date, *, country: str | None = None) -> bool:
    """True for a working day: not a weekend (unless a declared working Saturday), not a holiday."""
    return _calendar(_country(country)).is_working_day(day)


def add_business_days(start: date, days: int, *, country: str | None = None) -> date:
    """The date `days` business days after `start` (`start` itself is not counted).

    `days` == 0 gives `start` as it is; a negative `days` counts backwards.
    """
    calendar = _calendar(_country(country))
    step = timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    current = start
    while remaining > 0:
        current += step
        if calendar.is_working_day(current):
            remaining -= 1
    return current


def _country(country: str | None) -> str:
    code = country or getattr(settings, "PORTAL_BUSINESS_CALENDAR_COUNTRY", "") or DEFAULT_COUNTRY
    return code.upper()


@lru_cache(maxsize=16)
def _calendar(country: str) -> holidays.HolidayBase:
    # One object per country; it fills in further years on first use of a date in them.
    return holidays.country_holidays(country)
