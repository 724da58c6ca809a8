"""The 72-hour clock of a data breach (R24): calendar time, every second counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpdesk.breaches.deadline import clock, levels_reached, notification_deadline

# date_free: pure breach-deadline arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

BRUSSELS = ZoneInfo("Europe/Brussels")


def test_a_breach_registered_friday_1700_is_due_monday_1700_every_hour_counts():
    friday = datetime(2026, 11, 20, 17, 0, tzinfo=BRUSSELS)  # a Friday, CET all weekend
    assert friday.strftime("%A") == "Friday"
    due = notification_deadline(friday)
    assert due.tzinfo == UTC
    assert due.astimezone(BRUSSELS) == datetime(2026, 11, 23, 17, 0, tzinfo=BRUSSELS)
    assert due.astimezone(BRUSSELS).strftime("%A %H:%M") == "Monday 17:00"


def test_72_real_hours_across_spring_forward_end_an_hour_later_on_the_wall_clock():
    # Saturday 28 March 2026 12:00 CET = 11:00 UTC; the clocks go forward on Sunday 29th.
    discovered = datetime(2026, 3, 28, 12, 0, tzinfo=BRUSSELS)
    assert discovered.astimezone(UTC) == datetime(2026, 3, 28, 11, 0, tzinfo=UTC)
    due = notification_deadline(discovered)
    # Computed in UTC: 11:00 UTC + 72 h = Tuesday 31 March 11:00 UTC = 13:00 CEST.
    assert due == datetime(2026, 3, 31, 11, 0, tzinfo=UTC)
    assert due.astimezone(BRUSSELS) == datetime(2026, 3, 31, 13, 0, tzinfo=BRUSSELS)
    assert (due - discovered.astimezone(UTC)).total_seconds() == 72 * 3600


def test_72_real_hours_across_fall_back_end_an_hour_earlier_on_the_wall_clock():
    discovered = datetime(2026, 10, 24, 12, 0, tzinfo=BRUSSELS)  # CEST; CET from Sunday 3:00
    assert notification_deadline(discovered).astimezone(BRUSSELS) == datetime(
        2026, 10, 27, 11, 0, tzinfo=BRUSSELS)


def test_naive_instants_are_refused():
    with pytest.raises(ValueError):
        notification_deadline(datetime(2026, 11, 20, 17, 0))


@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1),
                    timezones=st.just(UTC)))
def test_the_deadline_is_exactly_72_hours_of_elapsed_time(discovered):
    assert notification_deadline(discovered) - discovered == timedelta(hours=72)


def test_warning_levels_are_reached_at_54_h_64_h_48_min_and_72_h():
    discovered = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    at = discovered + timedelta(hours=54)
    assert levels_reached(discovered, at - timedelta(seconds=1)) == []
    assert levels_reached(discovered, at) == [("75", at)]
    ninety = discovered + timedelta(hours=64, minutes=48)
    assert [level for level, _ in levels_reached(discovered, ninety)] == ["75", "90"]
    deadline = discovered + timedelta(hours=72)
    assert levels_reached(discovered, deadline)[-1] == ("overdue", deadline)


def test_the_clock_runs_goes_overdue_and_stops_when_the_customer_is_told():
    discovered = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    due = discovered + timedelta(hours=72)
    running = clock(discovered, None, discovered + timedelta(hours=70))
    assert running.state == "running" and running.remaining_seconds == 2 * 3600
    overdue = clock(discovered, None, due + timedelta(minutes=5))
    assert overdue.state == "overdue" and overdue.remaining_seconds == -300
    told = clock(discovered, discovered + timedelta(hours=10), due + timedelta(days=30))
    assert told.state == "met" and told.remaining_seconds == 62 * 3600
    late = clock(discovered, due + timedelta(seconds=1), due + timedelta(days=30))
    assert late.state == "late" and late.remaining_seconds == -1
    assert clock(discovered, due, due).state == "met"  # on the deadline is in time
