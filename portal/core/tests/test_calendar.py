"""Business days with real Polish and Hungarian holidays."""

from datetime import date

import pytest

from portal.core.calendar import add_business_days, is_business_day


def test_weekends_are_skipped():
    friday = date(2026, 11, 27)
    assert add_business_days(friday, 1) == date(2026, 11, 30)
    assert add_business_days(friday, 5) == date(2026, 12, 4)
    assert not is_business_day(date(2026, 11, 28))
    assert is_business_day(date(2026, 11, 27))


def test_polish_christmas_is_skipped():
    # 24 (a holiday in Poland since 2025), 25 and 26 December, then the weekend of 26/27
    assert not is_business_day(date(2026, 12, 24), country="PL")
    assert not is_business_day(date(2026, 12, 25), country="PL")
    assert add_business_days(date(2026, 12, 23), 1, country="PL") == date(2026, 12, 28)
    assert add_business_days(date(2026, 12, 22), 5, country="PL") == date(2026, 12, 31)


def test_hungarian_national_day_and_working_saturday():
    assert not is_business_day(date(2026, 10, 23), country="HU")
    assert is_business_day(date(2026, 10, 23), country="PL")
    assert add_business_days(date(2026, 10, 22), 1, country="HU") == date(2026, 10, 26)
    # Friday 2 January 2026 is a day off in Hungary, worked on Saturday 10 January instead.
    assert not is_business_day(date(2026, 1, 2), country="HU")
    assert is_business_day(date(2026, 1, 10), country="hu")


@pytest.mark.parametrize("country", ["PL", "HU"])
def test_easter_monday(country):
    assert not is_business_day(date(2026, 4, 6), country=country)
    assert add_business_days(date(2026, 4, 3), 1, country="PL") == date(2026, 4, 7)


def test_default_country_comes_from_the_setting(settings):
    national_day = date(2026, 10, 23)
    settings.PORTAL_BUSINESS_CALENDAR_COUNTRY = "HU"
    assert not is_business_day(national_day)
    settings.PORTAL_BUSINESS_CALENDAR_COUNTRY = "PL"
    assert is_business_day(national_day)


def test_zero_and_negative_days():
    assert add_business_days(date(2026, 12, 25), 0) == date(2026, 12, 25)
    assert add_business_days(date(2026, 12, 28), -1, country="PL") == date(2026, 12, 23)


def test_years_beyond_the_first_lookup_are_known():
    assert not is_business_day(date(2031, 12, 25), country="PL")
    assert not is_business_day(date(2019, 10, 23), country="HU")
