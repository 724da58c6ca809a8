"""Availability credits of the hosting SLA (seed 001, "Service Level Agreement"; R11) and
EXAMPLES.md's availability table: monthly fee EUR 80.00."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from helpdesk.credits import (
    CLAIMABLE,
    CLAIMED,
    LAPSED,
    NOT_OWED,
    SETTLEMENT,
    AvailabilityMonth,
    Month,
    Outage,
    OutageCause,
    availability_month,
)

from .helpers import bxl, utc

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

FEE = Decimal("80.00")
JUNE = Month(2026, 6)  # 30 days, no DST change: 2,592,000 s
START = bxl(2026, 6, 8, 10, 0)
AFTER_JUNE = utc(2026, 7, 2)


def down_for(duration: timedelta, *, now: datetime = AFTER_JUNE,
             claims_received: Sequence[date] = ()) -> AvailabilityMonth:
    """One counted outage of `duration` from Mon 2026-06-08 10:00 Brussels."""
    outage = Outage("web", START, START + duration)
    return availability_month("web", JUNE, [outage], FEE, now=now,
                              claims_received=claims_received)


@pytest.mark.parametrize(
    ("duration", "hours", "percent", "amount"),
    [
        (timedelta(minutes=44), 0, 0, "0.00"),
        (timedelta(minutes=45), 0, 0, "0.00"),
        (timedelta(hours=1, minutes=44), 0, 0, "0.00"),
        (timedelta(hours=1, minutes=45), 1, 20, "16.00"),
        (timedelta(hours=6), 5, 100, "80.00"),
        (timedelta(hours=6, minutes=30), 5, 100, "80.00"),
        (timedelta(hours=9), 8, 100, "80.00"),
    ],
)
def test_availability_table_credit_is_twenty_percent_per_full_hour_past_45_minutes(
        duration: timedelta, hours: int, percent: int, amount: str) -> None:
    """R11: 20 × floor((downtime − 45 min) / 60 min), at most 100 %, of the EUR 80.00 fee.

    44 min: under 45 → 0. 45 min: 0 full hours → 0. 1 h 44: 59 min past → 0.
    1 h 45: 60 min past → 1 h → 20 % = 16.00. 6 h: 315 min → 5 h → 100 % = 80.00.
    6 h 30: 345 min → 5 h → 100 % = 80.00 (cap). 9 h: 495 min → 8 h → 160 % → 100 % = 80.00.
    """
    result = down_for(duration)
    assert result.downtime_seconds == int(duration.total_seconds())
    assert result.full_extra_hours == hours
    assert result.percent == percent
    assert result.amount == Decimal(amount)


def test_one_second_short_of_a_full_extra_hour_earns_nothing() -> None:
    """1 h 44 min 59 s: 3,599 s past 45 min → 0 full hours (seconds, not rounded minutes)."""
    assert down_for(timedelta(hours=1, minutes=44, seconds=59)).percent == 0


def test_nine_hours_records_the_percent_before_the_cap() -> None:
    result = down_for(timedelta(hours=9))
    assert (result.percent_before_cap, result.percent) == (160, 100)


def test_availability_percent_and_objective() -> None:
    """June: 30 × 86,400 = 2,592,000 s. 1 h 45 = 6,300 s down → 1 − 6,300 / 2,592,000 =
    99.75694…% → shown 99.756 (rounded down); below 99.9 %. 43 min (2,580 s) is ≤ 0.1 %
    (2,592 s): objective met."""
    result = down_for(timedelta(hours=1, minutes=45))
    assert result.month_seconds == 2_592_000
    assert result.availability_percent == Decimal("99.756")
    assert not result.objective_met
    assert down_for(timedelta(minutes=43)).objective_met


def test_overlapping_outages_are_merged_and_never_double_counted() -> None:
    """10:00-11:00 and 10:30-11:45 overlap: union 10:00-11:45 = 1 h 45 → 20 % = 16.00,
    not 2 h 15."""
    outages = [Outage("web", bxl(2026, 6, 8, 10), bxl(2026, 6, 8, 11)),
               Outage("web", bxl(2026, 6, 8, 10, 30), bxl(2026, 6, 8, 11, 45))]
    result = availability_month("web", JUNE, outages, FEE, now=AFTER_JUNE)
    assert result.downtime_seconds == 6300
    assert result.amount == Decimal("16.00")
    assert len(result.outages) == 2


def test_excluded_causes_are_kept_but_not_counted() -> None:
    """2 h of announced maintenance and 3 h of DDoS plus 30 min counted: 30 min → 0.00."""
    outages = [
        Outage("web", bxl(2026, 6, 2, 21), bxl(2026, 6, 2, 23),
               OutageCause.ANNOUNCED_MAINTENANCE),
        Outage("web", bxl(2026, 6, 3, 1), bxl(2026, 6, 3, 4), OutageCause("force_majeure")),
        Outage("web", bxl(2026, 6, 4, 9), bxl(2026, 6, 4, 9, 30)),
    ]
    result = availability_month("web", JUNE, outages, FEE, now=AFTER_JUNE)
    assert result.downtime_seconds == 1800
    assert result.amount == Decimal("0.00")
    assert [o.exclusion for o in result.outages] == [
        "announced maintenance", "force majeure, including DDoS attacks", None]


@pytest.mark.parametrize("cause", [c for c in OutageCause if c is not OutageCause.UNAVAILABLE])
def test_every_excluded_cause_of_seed_001_counts_for_nothing(cause: OutageCause) -> None:
    outage = Outage("web", START, START + timedelta(hours=9), cause)
    result = availability_month("web", JUNE, [outage], FEE, now=AFTER_JUNE)
    assert (result.downtime_seconds, result.amount) == (0, Decimal("0.00"))


def test_excluded_time_wins_where_it_overlaps_a_counted_outage() -> None:
    """Counted 10:00-12:00, emergency maintenance 11:00-13:00: only 10:00-11:00 counts."""
    outages = [Outage("web", bxl(2026, 6, 8, 10), bxl(2026, 6, 8, 12)),
               Outage("web", bxl(2026, 6, 8, 11), bxl(2026, 6, 8, 13),
                      OutageCause.EMERGENCY_MAINTENANCE)]
    result = availability_month("web", JUNE, outages, FEE, now=AFTER_JUNE)
    assert result.downtime_seconds == 3600


def test_an_outage_across_the_month_boundary_is_split_at_brussels_midnight() -> None:
    """Tue 2026-06-30 23:00 → Wed 2026-07-01 01:30 Brussels (CEST): June gets 1 h (23:00 to
    midnight Brussels, 21:00Z-22:00Z), July 1 h 30 min — not split at UTC midnight."""
    outage = Outage("web", bxl(2026, 6, 30, 23), bxl(2026, 7, 1, 1, 30))
    june = availability_month("web", JUNE, [outage], FEE, now=utc(2026, 8, 1))
    july = availability_month("web", Month(2026, 7), [outage], FEE, now=utc(2026, 8, 1))
    assert (june.downtime_seconds, july.downtime_seconds) == (3600, 5400)
    assert june.outages[0].end == utc(2026, 6, 30, 22)
    assert july.amount == Decimal("0.00")  # 1 h 30: 45 min past 45 → 0 full hours


def test_march_2026_in_brussels_is_one_hour_short() -> None:
    """Summer time starts Sun 2026-03-29 02:00 → 03:00: 31 × 86,400 − 3,600 = 2,674,800 s."""
    assert Month(2026, 3).seconds == 2_674_800


def test_october_2026_in_brussels_is_one_hour_long() -> None:
    """Summer time ends Sun 2026-10-25 03:00 → 02:00: 31 × 86,400 + 3,600 = 2,682,000 s."""
    assert Month(2026, 10).seconds == 2_682_000


def test_an_outage_across_the_spring_dst_change_counts_real_time() -> None:
    """Sun 2026-03-29 01:30 CET → 03:30 CEST reads 2 h on the wall but is 1 h (00:30Z-01:30Z).
    1 h down in March: 1 − 3,600 / 2,674,800 = 99.86541…% → 99.865."""
    outage = Outage("web", bxl(2026, 3, 29, 1, 30), bxl(2026, 3, 29, 3, 30))
    result = availability_month("web", Month(2026, 3), [outage], FEE, now=utc(2026, 4, 2))
    assert result.downtime_seconds == 3600
    assert result.month_seconds == 2_674_800
    assert result.availability_percent == Decimal("99.865")


def test_an_outage_across_the_autumn_dst_change_counts_real_time() -> None:
    """Sun 2026-10-25 01:30 CEST → 02:30 CET (after the repeated hour): 2 h real
    (23:30Z-01:30Z) → 75 min past 45 → 1 full hour → 20 % = 16.00."""
    outage = Outage("web", bxl(2026, 10, 25, 1, 30), bxl(2026, 10, 25, 2, 30, 0).replace(fold=1))
    result = availability_month("web", Month(2026, 10), [outage], FEE, now=utc(2026, 11, 2))
    assert result.downtime_seconds == 7200
    assert result.amount == Decimal("16.00")


def test_an_ongoing_outage_counts_until_now() -> None:
    now = START + timedelta(hours=2)
    outage = Outage("web", START, None)
    result = availability_month("web", JUNE, [outage], FEE, now=now)
    assert result.downtime_seconds == 7200
    assert not result.complete


def test_other_services_outages_are_ignored() -> None:
    outage = Outage("mail", START, START + timedelta(hours=9))
    result = availability_month("web", JUNE, [outage], FEE, now=AFTER_JUNE)
    assert result.downtime_seconds == 0
    assert result.claim is None


def test_the_credit_is_only_a_balance_against_future_invoices() -> None:
    assert down_for(timedelta(hours=2)).settlement == SETTLEMENT
    assert "future invoices" in SETTLEMENT and "never paid out" in SETTLEMENT


def test_the_availability_claim_window_is_fifteen_days_from_the_45_minute_mark() -> None:
    """Down from Mon 2026-06-08 10:00 for 2 h: the 45 minutes are reached at 10:45 on
    2026-06-08 → last day 2026-06-23 (8 + 15). E-mail on the 23rd: claimed; the 24th: lapsed."""
    in_time = down_for(timedelta(hours=2), claims_received=[date(2026, 6, 23)])
    assert in_time.threshold_reached_at == bxl(2026, 6, 8, 10, 45)
    assert in_time.claim is not None
    assert in_time.claim.window.last_day == date(2026, 6, 23)
    assert in_time.claim.status == CLAIMED
    late = down_for(timedelta(hours=2), claims_received=[date(2026, 6, 24)])
    assert late.claim is not None and late.claim.status == LAPSED
    open_ = down_for(timedelta(hours=2), now=utc(2026, 6, 20))
    assert open_.claim is not None and open_.claim.status == CLAIMABLE


def test_downtime_past_45_minutes_without_a_full_hour_is_not_owed() -> None:
    result = down_for(timedelta(hours=1))
    assert result.claim is not None and result.claim.status == NOT_OWED


def test_an_outage_may_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Outage("web", START, START - timedelta(seconds=1))


def test_unknown_causes_are_refused() -> None:
    with pytest.raises(ValueError):
        Outage("web", START, START, "bad weather")  # type: ignore[arg-type]
