"""Belgian public holidays 2026-2027 (art. 1.18, 39.1.3) and both DST changes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from helpdesk.sla import Sla, deadline, explain, preset, target_seconds
from helpdesk.sla.calendar import WEEKDAYS

from .conftest import BRUSSELS, bxl, utc

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

# The Belgian legal holidays of 2026-2027, written out by hand.
HOLIDAYS = {
    date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 14),
    date(2026, 5, 25), date(2026, 7, 21), date(2026, 8, 15), date(2026, 11, 1),
    date(2026, 11, 11), date(2026, 12, 25), date(2027, 1, 1), date(2027, 3, 29),
    date(2027, 5, 1), date(2027, 5, 6), date(2027, 5, 17), date(2027, 7, 21),
    date(2027, 8, 15), date(2027, 11, 1), date(2027, 11, 11), date(2027, 12, 25),
    # R18: Easter Sunday and Whit Sunday are not among them (tests/sla/test_legal_holidays.py)
}
WEEKDAY_HOLIDAYS = sorted(d for d in HOLIDAYS if d.weekday() < 5)


def working(day: date, step: int) -> date:
    day += timedelta(days=step)
    while day.weekday() >= 5 or day in HOLIDAYS:
        day += timedelta(days=step)
    return day


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


@pytest.mark.parametrize("holiday", WEEKDAY_HOLIDAYS, ids=str)
def test_one_day_before_a_holiday_lands_on_the_next_working_day_after_it(holiday: date) -> None:
    before, after = working(holiday, -1), working(holiday, 1)
    assert deadline(preset("type1"), "P2", "reaction", at(before, 10)) == at(after, 10)
    assert deadline(preset("type4"), "P1", "resolution", at(before, 23)) == at(after, 23)


@pytest.mark.parametrize("holiday", WEEKDAY_HOLIDAYS, ids=str)
def test_a_ticket_submitted_on_a_holiday_starts_at_the_next_opening(holiday: date) -> None:
    after = working(holiday, 1)
    assert deadline(preset("type1"), "P1", "reaction", at(holiday, 10)) == at(after, 12, 45)
    assert deadline(preset("type3"), "P1", "reaction", at(holiday, 10)) == at(after, 8)


@pytest.mark.parametrize("holiday", WEEKDAY_HOLIDAYS, ids=str)
def test_platform_p1_counts_around_the_clock_but_not_on_holidays(holiday: date) -> None:
    # seed 004 annex 1: "gelden niet tijdens Belgische feestdagen"
    eve = at(holiday, 0) - timedelta(hours=2)
    counted_on_eve = 0 if holiday - timedelta(days=1) in HOLIDAYS else 2
    resume = holiday + timedelta(days=1)
    while resume in HOLIDAYS:
        resume += timedelta(days=1)
    expected = at(resume, 8 - counted_on_eve)
    assert deadline(preset("platform"), "P1", "resolution", eve) == expected


def test_the_explanation_names_the_holiday() -> None:
    rows = explain(preset("type1"), "P4", "reaction", bxl(2026, 4, 30, 12)).excluded
    assert any(row.reason == "public holiday: Labor Day" for row in rows)


def test_contract_closing_days_are_skipped_and_named() -> None:
    sla = preset("type1", extra_closing_days=[date(2026, 2, 3)])
    assert deadline(sla, "P2", "reaction", bxl(2026, 2, 2, 10)) == bxl(2026, 2, 4, 10)
    reasons = {row.reason for row in explain(sla, "P2", "reaction", bxl(2026, 2, 2, 10)).rows}
    assert "contract closing day" in reasons
    assert deadline(preset("type1"), "P2", "reaction", bxl(2026, 2, 2, 10)) == bxl(2026, 2, 3, 10)


def test_around_the_clock_counts_the_real_hours_when_summer_time_starts() -> None:
    # Sat 28 March 2026 22:00 CET + 8 real hours = Sun 29 March 07:00 CEST
    got = deadline(preset("platform"), "P1", "resolution", bxl(2026, 3, 28, 22))
    assert got == utc(2026, 3, 29, 5) == bxl(2026, 3, 29, 7)


def test_around_the_clock_counts_the_real_hours_when_summer_time_ends() -> None:
    got = deadline(preset("platform"), "P1", "resolution", bxl(2026, 10, 24, 22))
    assert got == utc(2026, 10, 25, 4) == bxl(2026, 10, 25, 5)


def _sunday_sla(window: str, target: dict[str, object]) -> Sla:
    return Sla.from_definition({
        "name": "sundays", "windows": {"sunday": [window]},
        "clocks": [{"name": "reaction", "starts_on": "submitted", "stops_on": ["acknowledged"]}],
        "targets": {"reaction": {"P1": target}},
    })


@pytest.mark.parametrize(("day", "hours"), [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25),
                                            (date(2026, 6, 7), 24)])
def test_a_whole_sunday_window_counts_23_or_25_hours_on_dst_days(day: date, hours: int) -> None:
    sla = _sunday_sla("00:00-24:00", {"amount": 1, "unit": "hours"})
    result = explain(sla, "P1", "reaction", at(day, 0), until=at(day + timedelta(days=1), 0))
    assert result.counted_seconds == hours * 3600


@pytest.mark.parametrize(("day", "hours"), [(date(2026, 3, 29), 18), (date(2026, 10, 25), 18)])
def test_a_06_to_24_window_on_dst_sunday_counts_18_hours(day: date, hours: int) -> None:
    sla = _sunday_sla("06:00-24:00", {"amount": 1, "unit": "hours"})
    result = explain(sla, "P1", "reaction", at(day, 0), until=at(day + timedelta(days=1), 0))
    assert result.counted_seconds == hours * 3600


def test_a_window_holding_the_skipped_hour_counts_what_elapsed() -> None:
    sla = _sunday_sla("01:00-04:00", {"amount": 3, "unit": "hours"})
    # 29 March: 01:00-04:00 lasts 2 real hours; the third is counted the next Sunday,
    # 5 April 2026: Easter Sunday is no legal holiday (R18)
    assert deadline(sla, "P1", "reaction", bxl(2026, 3, 29)) == bxl(2026, 4, 5, 2)
    # 25 October: 01:00-04:00 lasts 4 real hours, 3 are used by 03:00 CET
    assert deadline(sla, "P1", "reaction", bxl(2026, 10, 25)) == utc(2026, 10, 25, 2)


def test_a_window_boundary_in_the_repeated_hour_is_its_first_occurrence() -> None:
    sla = _sunday_sla("01:00-02:30", {"amount": 90, "unit": "minutes"})
    # 25 October: 01:00 CEST (23:00Z) to the first 02:30 (00:30Z)
    assert deadline(sla, "P1", "reaction", bxl(2026, 10, 25)) == utc(2026, 10, 25, 0, 30)


def test_security_fix_is_sixty_calendar_days_to_the_same_wall_clock_time_across_dst() -> None:
    sla, start = preset("security"), bxl(2026, 3, 10, 9)
    assert deadline(sla, "P1", "fix", start) == bxl(2026, 5, 9, 9)
    assert target_seconds(sla, "P1", "fix", start) == 60 * 86400 - 3600
    assert deadline(sla, "P1", "fix", bxl(2026, 9, 30, 9)) == bxl(2026, 11, 29, 9)
    with pytest.raises(ValueError, match="calendar days"):
        target_seconds(sla, "P1", "fix")


def test_all_weekdays_are_named_in_definitions() -> None:
    assert set(preset("type4").to_definition()["windows"]) == set(WEEKDAYS)
