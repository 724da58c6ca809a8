"""Rate classes of time entries (seed 002 art. 6.4, 'Werkuren' art. 1.18)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpdesk.billing.rates import (
    BRUSSELS,
    NORMAL,
    OUTSIDE_HOURS,
    WEEKEND_HOLIDAY,
    InvalidTimeEntry,
    minutes_per_class,
    split,
)

# date_free: pure billing rules on literal dates; no clock read, no database.
pytestmark = pytest.mark.date_free


def bxl(*args: int) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def test_an_entry_inside_working_hours_is_billed_at_the_normal_rate():
    assert minutes_per_class(bxl(2026, 2, 3, 9, 0), bxl(2026, 2, 3, 10, 30)) == {
        NORMAL: 90, OUTSIDE_HOURS: 0, WEEKEND_HOLIDAY: 0}


def test_an_entry_across_the_end_of_the_working_day_is_split_at_17_00():
    assert minutes_per_class(bxl(2026, 2, 3, 16, 30), bxl(2026, 2, 3, 18, 0)) == {
        NORMAL: 30, OUTSIDE_HOURS: 60, WEEKEND_HOLIDAY: 0}


def test_the_working_day_starts_at_08_45():
    assert minutes_per_class(bxl(2026, 2, 3, 8, 0), bxl(2026, 2, 3, 9, 0)) == {
        NORMAL: 15, OUTSIDE_HOURS: 45, WEEKEND_HOLIDAY: 0}


def test_a_friday_night_into_saturday_is_outside_hours_then_weekend():
    spans = split(bxl(2026, 2, 6, 23, 0), bxl(2026, 2, 7, 1, 0))
    assert [(s.rate_class, s.seconds // 60) for s in spans] == [
        (OUTSIDE_HOURS, 60), (WEEKEND_HOLIDAY, 60)]


def test_a_belgian_public_holiday_is_billed_as_a_weekend_day():
    # 2026-05-01 (Labour Day) is a Friday.
    assert minutes_per_class(bxl(2026, 5, 1, 10, 0), bxl(2026, 5, 1, 12, 0)) == {
        NORMAL: 0, OUTSIDE_HOURS: 0, WEEKEND_HOLIDAY: 120}


def test_the_night_summer_time_starts_counts_real_minutes():
    # 2026-03-29 is a Sunday: 01:00-04:00 local holds only two real hours.
    assert minutes_per_class(bxl(2026, 3, 29, 1, 0), bxl(2026, 3, 29, 4, 0)) == {
        NORMAL: 0, OUTSIDE_HOURS: 0, WEEKEND_HOLIDAY: 120}


def test_working_hours_are_brussels_hours_in_summer_too():
    # 06:45 UTC is 08:45 CEST.
    start = datetime(2026, 7, 1, 6, 0, tzinfo=UTC)
    assert minutes_per_class(start, start + timedelta(hours=1)) == {
        NORMAL: 15, OUTSIDE_HOURS: 45, WEEKEND_HOLIDAY: 0}


def test_an_end_before_the_start_is_refused():
    with pytest.raises(InvalidTimeEntry):
        split(bxl(2026, 2, 3, 10, 0), bxl(2026, 2, 3, 9, 0))


def test_naive_instants_are_refused():
    with pytest.raises(InvalidTimeEntry):
        split(datetime(2026, 2, 3, 9, 0), datetime(2026, 2, 3, 10, 0))


@given(
    start=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)),
    minutes=st.integers(min_value=1, max_value=5 * 24 * 60),
)
def test_spans_are_contiguous_and_add_up_to_the_whole_entry(start, minutes):
    begin = start.replace(tzinfo=UTC, second=0, microsecond=0)
    end = begin + timedelta(minutes=minutes)
    spans = split(begin, end)
    assert spans[0].start == begin and spans[-1].end == end
    assert all(a.end == b.start and a.rate_class != b.rate_class
               for a, b in zip(spans, spans[1:], strict=False))
    assert sum(minutes_per_class(begin, end).values()) == minutes
