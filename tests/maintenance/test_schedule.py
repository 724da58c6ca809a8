"""When a window may be announced (seed 000 part 7: planned at least 30 minutes ahead;
emergency as early as possible) and series in Brussels wall time across DST. Pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from helpdesk.maintenance.schedule import (
    MAX_OCCURRENCES,
    MaintenanceRefused,
    brussels_instant,
    check_window,
    series,
)

# date_free: pure maintenance schedules on literal dates; no clock read, no database.
pytestmark = pytest.mark.date_free

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Mon 10:00 CET


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


def refusal(call, *args, **kwargs) -> MaintenanceRefused:
    with pytest.raises(MaintenanceRefused) as caught:
        call(*args, **kwargs)
    return caught.value


def test_a_weekly_series_keeps_21_00_brussels_over_the_spring_change():
    """Thursdays 21:00-22:00 from 2026-03-19: CET (20:00Z) until the clocks go forward on
    Sun 2026-03-29, then CEST (19:00Z); every window lasts exactly one hour."""
    found = series(datetime(2026, 3, 19, 21), datetime(2026, 3, 19, 22), every_weeks=1,
                   count=3)
    assert [(o.start, o.end) for o in found] == [
        (utc(2026, 3, 19, 20), utc(2026, 3, 19, 21)),
        (utc(2026, 3, 26, 20), utc(2026, 3, 26, 21)),
        (utc(2026, 4, 2, 19), utc(2026, 4, 2, 20))]


def test_a_window_across_midnight_and_the_autumn_change_lasts_its_real_length():
    """Sat 2026-10-24 23:00 CEST → Sun 03:00 CET: 5 real hours (02:00-03:00 twice)."""
    (only,) = series(datetime(2026, 10, 24, 23), datetime(2026, 10, 25, 3))
    assert only.end - only.start == timedelta(hours=5)


def test_an_ambiguous_autumn_time_means_its_first_occurrence():
    assert brussels_instant(datetime(2026, 10, 25, 2, 30)) == utc(2026, 10, 25, 0, 30)


def test_a_time_in_the_spring_gap_is_refused():
    refused = refusal(series, datetime(2026, 3, 29, 2, 30), datetime(2026, 3, 29, 4))
    assert refused.code == "nonexistent_time"
    refused = refusal(series, datetime(2026, 3, 22, 2, 30), datetime(2026, 3, 22, 4),
                      every_weeks=1, count=2)  # the second one falls in the gap
    assert refused.code == "nonexistent_time"


@pytest.mark.parametrize(("every_weeks", "count", "code"), [
    (2, 0, "count"), (2, MAX_OCCURRENCES + 1, "count"), (0, 2, "every_weeks"),
    (9, 2, "every_weeks")])
def test_a_series_needs_a_sensible_length_and_interval(every_weeks, count, code):
    refused = refusal(series, datetime(2026, 4, 2, 21), datetime(2026, 4, 2, 22),
                      every_weeks=every_weeks, count=count)
    assert refused.code == code


def test_a_window_must_end_after_it_starts():
    assert refusal(series, datetime(2026, 4, 2, 22), datetime(2026, 4, 2, 22)).code == \
        "ends_before_start"
    assert refusal(check_window, "planned", NOW + timedelta(hours=2), NOW + timedelta(hours=1),
                   now=NOW).code == "ends_before_start"


@pytest.mark.parametrize(("lead", "allowed"), [
    (timedelta(minutes=30), True), (timedelta(minutes=29, seconds=59), False),
    (timedelta(0), False), (timedelta(days=14), True)])
def test_planned_maintenance_starts_at_least_30_minutes_after_it_is_announced(lead, allowed):
    start = NOW + lead
    if allowed:
        check_window("planned", start, start + timedelta(hours=1), now=NOW)
    else:
        refused = refusal(check_window, "planned", start, start + timedelta(hours=1), now=NOW)
        assert refused.code == "planned_too_soon"
        assert refused.params["earliest"] == NOW + timedelta(minutes=30)
        assert "emergency maintenance" in str(refused)


def test_emergency_maintenance_may_have_started_but_must_not_be_over():
    check_window("emergency", NOW - timedelta(hours=1), NOW + timedelta(seconds=1), now=NOW)
    check_window("emergency", NOW, NOW + timedelta(hours=1), now=NOW)
    refused = refusal(check_window, "emergency", NOW - timedelta(hours=2), NOW, now=NOW)
    assert refused.code == "emergency_over"


def test_only_planned_or_emergency():
    assert refusal(check_window, "routine", NOW + timedelta(hours=1),
                   NOW + timedelta(hours=2), now=NOW).code == "kind"
