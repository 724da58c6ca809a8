"""Days late (R10): each started 24 h past the deadline counts as a day, in real seconds."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from helpdesk.credits import days_late, started_days

from .helpers import bxl, utc

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

DEADLINE = utc(2026, 11, 3, 9, 0)


@pytest.mark.parametrize(
    ("excess", "days"),
    [
        (timedelta(0), 0),
        (timedelta(seconds=-5), 0),
        (timedelta(microseconds=1), 1),
        (timedelta(seconds=1), 1),
        (timedelta(hours=24), 1),
        (timedelta(hours=24, seconds=1), 2),
        (timedelta(hours=48), 2),
        (timedelta(days=12, hours=3), 13),
    ],
)
def test_each_started_day_past_the_deadline_counts_as_a_day(excess: timedelta,
                                                            days: int) -> None:
    """R10: 1 s → 1 day; exactly 24 h → 1; 24 h + 1 s → 2; 12 d 3 h → 13; none → 0."""
    assert started_days(excess) == days


def test_lateness_is_measured_until_the_clock_stopped() -> None:
    lateness = days_late(DEADLINE, DEADLINE + timedelta(hours=30), now=utc(2026, 12, 1))
    assert lateness.days == 2
    assert lateness.overdue_seconds == 30 * 3600
    assert not lateness.still_running
    assert lateness.measured_until == DEADLINE + timedelta(hours=30)


def test_lateness_of_a_running_clock_is_measured_until_now() -> None:
    now = DEADLINE + timedelta(hours=50)
    lateness = days_late(DEADLINE, None, now)
    assert (lateness.days, lateness.still_running, lateness.measured_until) == (3, True, now)


def test_a_stop_recorded_after_now_is_not_known_yet_so_the_clock_counts_as_running() -> None:
    now = DEADLINE + timedelta(hours=1)
    lateness = days_late(DEADLINE, DEADLINE + timedelta(days=5), now)
    assert (lateness.days, lateness.still_running) == (1, True)


def test_a_clock_stopped_before_its_deadline_is_zero_days_late() -> None:
    lateness = days_late(DEADLINE, DEADLINE - timedelta(minutes=1), utc(2026, 12, 1))
    assert (lateness.days, lateness.overdue_seconds) == (0, 0)


def test_days_are_real_24_hour_periods_across_the_october_dst_change() -> None:
    """Deadline Sat 2026-10-24 12:00 CEST (10:00Z); stop Sun 2026-10-25 11:30 CET (10:30Z).

    The wall clock shows 23 h 30 min, but 24 h 30 min really passed (the night had 25 h):
    2 started days.
    """
    lateness = days_late(bxl(2026, 10, 24, 12, 0), bxl(2026, 10, 25, 11, 30),
                         utc(2026, 11, 1))
    assert lateness.overdue_seconds == 24 * 3600 + 1800
    assert lateness.days == 2


def test_naive_instants_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        days_late(datetime(2026, 11, 3, 9, 0), None, utc(2026, 12, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        days_late(DEADLINE, None, datetime(2026, 12, 1))


def test_a_stretch_from_a_fix_to_its_rejection_is_not_late() -> None:
    """R9/R10: stopped on a fix 2 h past the deadline, rejected 48 h later, stopped for good
    2 h after that: 4 h late, 1 day. Only the part of a stretch past the deadline counts."""
    fix, rejected = DEADLINE + timedelta(hours=2), DEADLINE + timedelta(hours=50)
    lateness = days_late(DEADLINE, DEADLINE + timedelta(hours=52), now=utc(2026, 12, 1),
                         stopped_stretches=[(fix, rejected)])
    assert (lateness.overdue_seconds, lateness.days) == (4 * 3600, 1)
    assert lateness.not_late == ((fix, rejected),)
    before = days_late(DEADLINE, DEADLINE + timedelta(hours=30), now=utc(2026, 12, 1),
                       stopped_stretches=[(DEADLINE - timedelta(hours=5),
                                           DEADLINE + timedelta(hours=1))])
    assert (before.overdue_seconds, before.days) == (29 * 3600, 2)
    assert before.not_late == ((DEADLINE, DEADLINE + timedelta(hours=1)),)
