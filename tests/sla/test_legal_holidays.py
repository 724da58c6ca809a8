"""R18: Belgium's legal holidays are the ten; Easter Sunday and Whit Sunday are Sundays.

The Easter-based dates are written out by hand (Easter Sunday + 1, + 39, + 50 days).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from helpdesk.billing.rates import WEEKEND_HOLIDAY, day_class
from helpdesk.sla import PRESET_NAMES, Sla, deadline, fold, preset
from helpdesk.sla.legal_holidays import belgian_legal_holidays

from .conftest import bxl
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

# year: (Easter Sunday, Easter Monday, Ascension, Whit Sunday, Whit Monday)
EASTER = {
    2024: (date(2024, 3, 31), date(2024, 4, 1), date(2024, 5, 9), date(2024, 5, 19),
           date(2024, 5, 20)),
    2025: (date(2025, 4, 20), date(2025, 4, 21), date(2025, 5, 29), date(2025, 6, 8),
           date(2025, 6, 9)),
    2026: (date(2026, 4, 5), date(2026, 4, 6), date(2026, 5, 14), date(2026, 5, 24),
           date(2026, 5, 25)),
    2027: (date(2027, 3, 28), date(2027, 3, 29), date(2027, 5, 6), date(2027, 5, 16),
           date(2027, 5, 17)),
    2028: (date(2028, 4, 16), date(2028, 4, 17), date(2028, 5, 25), date(2028, 6, 4),
           date(2028, 6, 5)),
    2029: (date(2029, 4, 1), date(2029, 4, 2), date(2029, 5, 10), date(2029, 5, 20),
           date(2029, 5, 21)),
    2030: (date(2030, 4, 21), date(2030, 4, 22), date(2030, 5, 30), date(2030, 6, 9),
           date(2030, 6, 10)),
}
FIXED = ((1, 1), (5, 1), (7, 21), (8, 15), (11, 1), (11, 11), (12, 25))


def legal_ten(year: int) -> set[date]:
    _, monday, ascension, _, whit_monday = EASTER[year]
    return {date(year, m, d) for m, d in FIXED} | {monday, ascension, whit_monday}


@pytest.mark.parametrize("year", sorted(EASTER))
def test_the_belgian_calendar_holds_exactly_the_ten_legal_holidays(year: int) -> None:
    easter, monday, ascension, whit_sunday, whit_monday = EASTER[year]
    # the hand-written dates agree with Easter arithmetic and fall on their weekdays
    assert easter.weekday() == whit_sunday.weekday() == 6
    assert (monday - easter, ascension - easter, whit_monday - easter) == (
        timedelta(days=1), timedelta(days=39), timedelta(days=50))
    found = set(belgian_legal_holidays(year))
    assert found == legal_ten(year) and len(found) == 10
    assert easter not in found and whit_sunday not in found


@pytest.mark.parametrize("name", PRESET_NAMES)
def test_every_preset_skips_the_ten_and_only_the_ten(name: str) -> None:
    calendar = preset(name).calendar
    for year, (easter, _, _, whit_sunday, _) in EASTER.items():
        assert calendar.closed_reason(easter) is None
        assert calendar.closed_reason(whit_sunday) is None
        for day in legal_ten(year):
            assert (calendar.closed_reason(day) or "").startswith("public holiday: ")


def test_platform_p1_response_from_saturday_night_is_due_on_easter_sunday() -> None:
    # SPEC R18 example (seed 004 annex 1: P1 response 4 h around the clock outside
    # holidays): Sat 4 April 2026 22:00 + 4 h = Sun 5 April 02:00, not Tue 7 April.
    start = bxl(2026, 4, 4, 22)
    assert deadline(preset("platform"), "P1", "response", start) == bxl(2026, 4, 5, 2)
    clocks = fold([submitted(start, "P1")], preset("platform"), bxl(2026, 4, 4, 23)).clocks
    assert clocks["response"].deadline == bxl(2026, 4, 5, 2)


def test_platform_p1_still_stops_on_easter_monday() -> None:
    # Sun 5 April 2026 22:00: 2 h on Easter Sunday, Easter Monday closed, 2 h on Tuesday
    got = deadline(preset("platform"), "P1", "response", bxl(2026, 4, 5, 22))
    assert got == bxl(2026, 4, 7, 2)


def test_platform_p1_counts_on_whit_sunday() -> None:
    # Sat 23 May 2026 22:00 + 8 h resolution objective = Sun 24 May 06:00 (Whit Sunday)
    got = deadline(preset("platform"), "P1", "resolution", bxl(2026, 5, 23, 22))
    assert got == bxl(2026, 5, 24, 6)


def _custom(country: str) -> Sla:
    return Sla.from_definition({
        "name": "custom", "holiday_country": country, "windows": {"sunday": ["00:00-24:00"]},
        "clocks": [{"name": "reaction", "starts_on": "submitted", "stops_on": ["acknowledged"]}],
        "targets": {"reaction": {"P1": {"amount": 1, "unit": "hours"}}},
    })


def test_a_custom_belgian_definition_gets_the_ten_another_country_the_package_list() -> None:
    # Easter Sunday 2026: counted under "BE" (R18); the Dutch calendar lists it as a holiday
    start = bxl(2026, 4, 5, 10)
    assert deadline(_custom("BE"), "P1", "reaction", start) == bxl(2026, 4, 5, 11)
    assert _custom("NL").calendar.closed_reason(date(2026, 4, 5)) is not None
    assert deadline(_custom("NL"), "P1", "reaction", start) == bxl(2026, 4, 12, 1)


@pytest.mark.parametrize("year", sorted(EASTER))
def test_billing_rates_use_the_same_ten_holidays(year: int) -> None:
    # seed 002 art. 6.4: a weekday is billed +200 % exactly when it is a legal holiday
    day, last = date(year, 1, 1), date(year, 12, 31)
    while day <= last:
        if day.weekday() < 5:
            assert (day_class(day) == WEEKEND_HOLIDAY) == (day in legal_ten(year)), day
        day += timedelta(days=1)
