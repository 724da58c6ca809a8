"""Maintenance windows in the availability credit (seed 001 "Maatregelen": no compensation
for announced maintenance and unannounced emergency maintenance; seed 000 part 7: planned
maintenance is announced at least 30 minutes before). Fee EUR 80.00, June 2026 (CEST)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pytest

from helpdesk.credits import (
    AvailabilityMonth,
    MaintenanceWindow,
    Month,
    Outage,
    OutageCause,
    availability_month,
)
from helpdesk.credits.maintenance import (
    ANNOUNCED_TOO_LATE,
    CANCELLED,
    NOT_YET_ANNOUNCED,
    not_excluded_because,
)

from .helpers import bxl, utc

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

FEE = Decimal("80.00")
JUNE = Month(2026, 6)
AFTER_JUNE = utc(2026, 7, 2)
DAY_BEFORE = bxl(2026, 6, 7, 9)  # announced well ahead


def planned(start: datetime, end: datetime, *, announced: datetime = DAY_BEFORE,
            cancelled: datetime | None = None, service: str = "web") -> MaintenanceWindow:
    return MaintenanceWindow(service, "planned", start, end, announced, cancelled, "Upgrade")


def month(outages: list[Outage], windows: list[MaintenanceWindow], *, of: Month = JUNE,
          now: datetime = AFTER_JUNE) -> AvailabilityMonth:
    return availability_month("web", of, outages, FEE, now=now, windows=windows)


def test_an_hour_of_announced_maintenance_inside_a_two_and_a_half_hour_outage():
    """Outage 10:00-12:30 (2 h 30), announced window 11:00-12:00: 90 min counted →
    R11: 20 × floor((90 − 45) / 60) = 20 × 0 = 0 %; 60 min shown as excluded maintenance."""
    result = month([Outage("web", bxl(2026, 6, 8, 10), bxl(2026, 6, 8, 12, 30))],
                   [planned(bxl(2026, 6, 8, 11), bxl(2026, 6, 8, 12))])
    assert result.downtime_seconds == 90 * 60
    assert result.maintenance_excluded_seconds == 60 * 60
    assert (result.full_extra_hours, result.percent, result.amount) == (0, 0, Decimal("0.00"))
    (window,) = result.maintenance
    assert (window.excluded_seconds, window.exclusion) == (3600, "announced maintenance")


@pytest.mark.parametrize(("outage_minutes", "counted", "percent", "amount"), [
    (105, 45, 0, "0.00"),   # 1 h 45 down, 1 h in the window: 45 min → threshold, 0 full hours
    (164, 104, 0, "0.00"),  # 2 h 44 down: 1 h 44 counted → 59 min past 45 → 0 %
    (165, 105, 20, "16.00"),  # 2 h 45 down: 1 h 45 counted → 1 full hour → 20 % of 80.00
])
def test_the_threshold_cases_after_an_hour_of_maintenance(outage_minutes, counted, percent,
                                                          amount):
    """The outage starts at the window's start (10:00); the window 10:00-11:00 takes 60 min."""
    start = bxl(2026, 6, 8, 10)
    result = month([Outage("web", start, start + timedelta(minutes=outage_minutes))],
                   [planned(start, start + timedelta(hours=1))])
    assert result.downtime_seconds == counted * 60
    assert (result.percent, result.amount) == (percent, Decimal(amount))
    assert result.maintenance_excluded_seconds == 3600


def test_threshold_reached_counts_from_the_downtime_left_after_maintenance():
    """Outage 10:00-11:45, window 10:00-11:00: counted 11:00-11:45, so the 45 minutes are
    reached at 11:45 Brussels (09:45Z), not at 10:45."""
    start = bxl(2026, 6, 8, 10)
    result = month([Outage("web", start, bxl(2026, 6, 8, 11, 45))],
                   [planned(start, bxl(2026, 6, 8, 11))])
    assert result.threshold_reached_at == utc(2026, 6, 8, 9, 45)


def test_overlapping_windows_exclude_each_second_once():
    """Outage 10:00-14:00 (4 h); windows 10:30-11:30 and 11:00-12:00 overlap: together
    10:30-12:00 = 90 min excluded (not 120); 150 min counted → floor(105/60) = 1 → 20 %.
    Each window reports its own 60 min."""
    result = month([Outage("web", bxl(2026, 6, 8, 10), bxl(2026, 6, 8, 14))],
                   [planned(bxl(2026, 6, 8, 10, 30), bxl(2026, 6, 8, 11, 30)),
                    planned(bxl(2026, 6, 8, 11), bxl(2026, 6, 8, 12))])
    assert result.maintenance_excluded_seconds == 90 * 60
    assert result.downtime_seconds == 150 * 60
    assert (result.percent, result.amount) == (20, Decimal("16.00"))
    assert [w.excluded_seconds for w in result.maintenance] == [3600, 3600]


def test_a_window_across_the_month_boundary_is_split_at_brussels_midnight():
    """Window Tue 2026-06-30 23:00 → Wed 07-01 01:00 Brussels, outage 22:30 → 01:30.
    June: outage 22:30-24:00 (90 min), window 23:00-24:00 → 30 min counted, 60 excluded.
    July: outage 00:00-01:30 (90 min), window 00:00-01:00 → 30 min counted, 60 excluded."""
    outages = [Outage("web", bxl(2026, 6, 30, 22, 30), bxl(2026, 7, 1, 1, 30))]
    windows = [planned(bxl(2026, 6, 30, 23), bxl(2026, 7, 1, 1))]
    june = month(outages, windows, now=utc(2026, 8, 1))
    july = month(outages, windows, of=Month(2026, 7), now=utc(2026, 8, 1))
    assert (june.downtime_seconds, june.maintenance_excluded_seconds) == (1800, 3600)
    assert (july.downtime_seconds, july.maintenance_excluded_seconds) == (1800, 3600)
    assert june.maintenance[0].end == utc(2026, 6, 30, 22)  # Brussels midnight in CEST
    assert july.maintenance[0].start == utc(2026, 6, 30, 22)


def test_a_window_over_the_autumn_dst_change_excludes_real_elapsed_time():
    """Sun 2026-10-25 01:30 CEST → 03:30 CET is 3 real hours (02:00-03:00 happens twice);
    an outage of exactly that span is excluded entirely: 10,800 s."""
    start, end = bxl(2026, 10, 25, 1, 30), bxl(2026, 10, 25, 3, 30)
    result = month([Outage("web", start, end)],
                   [planned(start, end, announced=bxl(2026, 10, 20, 9))],
                   of=Month(2026, 10), now=utc(2026, 11, 2))
    assert (result.downtime_seconds, result.maintenance_excluded_seconds) == (0, 10_800)


@pytest.mark.parametrize(("notice", "excluded"), [
    (timedelta(minutes=30), True),  # exactly 30 minutes before: announced in time
    (timedelta(minutes=29, seconds=59), False),  # one second short: not announced maintenance
])
def test_planned_maintenance_must_be_announced_thirty_minutes_before(notice, excluded):
    """Seed 000 part 7, 1: "ten minste 30 minuten voor het evenement". A late planned window
    excludes nothing: the whole 1 h 45 outage counts → 20 % = 16.00."""
    start = bxl(2026, 6, 8, 10)
    window = planned(start, start + timedelta(hours=2), announced=start - notice)
    result = month([Outage("web", start, start + timedelta(hours=1, minutes=45))], [window])
    if excluded:
        assert (result.downtime_seconds, result.amount) == (0, Decimal("0.00"))
    else:
        assert (result.downtime_seconds, result.amount) == (6300, Decimal("16.00"))
        assert result.maintenance[0].not_excluded_because == ANNOUNCED_TOO_LATE
        assert result.maintenance[0].exclusion is None


def test_emergency_maintenance_is_excluded_even_when_announced_after_it_started():
    """Seed 001: "onaangekondigd spoedonderhoud" — no notice needed."""
    start = bxl(2026, 6, 8, 10)
    window = MaintenanceWindow("web", "emergency", start, start + timedelta(hours=3),
                               announced_at=start + timedelta(minutes=20), title="Disk swap")
    result = month([Outage("web", start, start + timedelta(hours=2))], [window])
    assert (result.downtime_seconds, result.maintenance_excluded_seconds) == (0, 7200)
    assert result.maintenance[0].exclusion == "emergency maintenance"


def test_a_cancelled_window_excludes_nothing_but_is_listed():
    start = bxl(2026, 6, 8, 10)
    window = planned(start, start + timedelta(hours=2), cancelled=bxl(2026, 6, 8, 8))
    result = month([Outage("web", start, start + timedelta(hours=1, minutes=45))], [window])
    assert (result.downtime_seconds, result.maintenance_excluded_seconds) == (6300, 0)
    assert result.maintenance[0].not_excluded_because == CANCELLED


def test_as_of_an_instant_before_the_cancellation_the_window_still_excludes():
    start = bxl(2026, 6, 8, 10)
    window = planned(start, start + timedelta(hours=2), cancelled=bxl(2026, 6, 20))
    result = month([Outage("web", start, start + timedelta(hours=1, minutes=45))], [window],
                   now=bxl(2026, 6, 10))
    assert result.downtime_seconds == 0


def test_a_window_announced_after_now_does_not_exist_yet():
    start = bxl(2026, 6, 8, 10)
    window = planned(start, start + timedelta(hours=2), announced=bxl(2026, 6, 5))
    assert not_excluded_because(window, bxl(2026, 6, 4)) == NOT_YET_ANNOUNCED
    result = month([Outage("web", start, start + timedelta(hours=2))], [window],
                   now=bxl(2026, 6, 4, 12))
    assert result.maintenance == ()


def test_windows_of_another_service_and_excluded_causes_take_nothing_twice():
    """The other service's window is ignored; an outage already excluded by its cause (force
    majeure) is not reported again as excluded maintenance."""
    start = bxl(2026, 6, 8, 10)
    outages = [Outage("web", start, start + timedelta(hours=1)),
               Outage("web", start + timedelta(hours=2), start + timedelta(hours=3),
                      OutageCause.FORCE_MAJEURE)]
    windows = [planned(start, start + timedelta(hours=1), service="mail"),
               planned(start + timedelta(hours=2), start + timedelta(hours=3))]
    result = month(outages, windows)
    assert (result.downtime_seconds, result.maintenance_excluded_seconds) == (3600, 0)
    assert len(result.maintenance) == 1


def test_a_still_open_outage_inside_a_window_in_progress_counts_until_now():
    """Down since 10:00 and still down at 11:30; window 10:30-12:00: 30 min counted so far."""
    start = bxl(2026, 6, 8, 10)
    result = month([Outage("web", start, None)],
                   [planned(bxl(2026, 6, 8, 10, 30), bxl(2026, 6, 8, 12))],
                   now=bxl(2026, 6, 8, 11, 30))
    assert (result.downtime_seconds, result.maintenance_excluded_seconds) == (1800, 3600)


def test_a_window_must_end_after_it_starts_and_be_planned_or_emergency():
    start = bxl(2026, 6, 8, 10)
    with pytest.raises(ValueError, match="before it starts"):
        planned(start, start)
    with pytest.raises(ValueError, match="planned or emergency"):
        MaintenanceWindow("web", "routine", start, start + timedelta(hours=1), DAY_BEFORE)
    with pytest.raises(ValueError, match="timezone-aware"):
        planned(start.replace(tzinfo=None), start + timedelta(hours=1))
