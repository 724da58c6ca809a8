"""R19: the availability claim window never closes before the outage (seed 001, SLA
"Maatregelen": "binnen uiterlijk 15 dagen na de opgetreden onbeschikbaarheid").

Fee EUR 80.00 a month; March 2026 (summer time starts on the 29th).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal

import pytest

from helpdesk.credits import (
    CLAIMABLE,
    CLAIMED,
    LAPSED,
    AvailabilityMonth,
    Month,
    Outage,
    OutageCause,
    availability_month,
)
from helpdesk.credits.claims import OPEN_NOTE

from .helpers import bxl

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

FEE = Decimal("80.00")
MARCH = Month(2026, 3)
# The SPEC example: 2 March 50 min, 25 March 5 h ending 15:00 (Brussels)
EXAMPLE = (Outage("web", bxl(2026, 3, 2, 10), bxl(2026, 3, 2, 10, 50)),
           Outage("web", bxl(2026, 3, 25, 10), bxl(2026, 3, 25, 15)))


def march(outages: Sequence[Outage], now: datetime,
          received: Sequence[date] = ()) -> AvailabilityMonth:
    return availability_month("web", MARCH, outages, FEE, now=now, claims_received=received)


def test_a_claim_the_day_after_the_last_outage_is_in_time_for_the_whole_month() -> None:
    # 5 h 50 min counted: 5 full hours past 45 min = 100 % = EUR 80.00. The 45 minutes were
    # reached on 2 March, but the window runs to 25 March + 15 = 9 April (R19), not 17 March.
    result = march(EXAMPLE, bxl(2026, 4, 20), [date(2026, 3, 26)])
    assert result.amount == Decimal("80.00")
    assert result.threshold_reached_at == bxl(2026, 3, 2, 10, 45)
    assert result.claim is not None
    assert result.claim.window.last_day == date(2026, 4, 9)
    assert result.claim.status == CLAIMED and result.claim.received_on == date(2026, 3, 26)


def test_the_window_closes_at_the_end_of_the_fifteenth_day_after_the_last_outage() -> None:
    on_the_day = march(EXAMPLE, bxl(2026, 4, 20), [date(2026, 4, 9)]).claim
    day_after = march(EXAMPLE, bxl(2026, 4, 20), [date(2026, 4, 10)]).claim
    still_open = march(EXAMPLE, bxl(2026, 4, 9, 23, 59)).claim
    too_late = march(EXAMPLE, bxl(2026, 4, 10, 0, 0)).claim
    assert on_the_day is not None and on_the_day.status == CLAIMED
    assert day_after is not None and day_after.status == LAPSED
    assert still_open is not None and still_open.status == CLAIMABLE
    assert too_late is not None and too_late.status == LAPSED


def test_an_excluded_outage_does_not_move_the_window() -> None:
    # announced maintenance on 28 March is not counted (seed 001), so not the last outage
    maintenance = Outage("web", bxl(2026, 3, 28, 10), bxl(2026, 3, 28, 12),
                         OutageCause.ANNOUNCED_MAINTENANCE)
    result = march((*EXAMPLE, maintenance), bxl(2026, 4, 20))
    assert result.claim is not None and result.claim.window.last_day == date(2026, 4, 9)


def test_an_outage_still_going_on_at_month_end_keeps_the_window_open() -> None:
    # down since Tue 31 March 20:00 CEST, still down on 2 April: March counts 4 h (3 full
    # hours past 45 min = 60 % = EUR 48.00), and no last day exists yet
    ongoing = Outage("web", bxl(2026, 3, 31, 20), None)
    result = march([ongoing], bxl(2026, 4, 20, 12))
    assert result.downtime_seconds == 4 * 3600 and result.amount == Decimal("48.00")
    assert result.claim is not None
    assert result.claim.window.last_day is None and result.claim.window.notice_deadline is None
    assert result.claim.status == CLAIMABLE and result.claim.note == OPEN_NOTE
    claimed = march([ongoing], bxl(2026, 4, 20, 12), [date(2026, 4, 20)]).claim
    assert claimed is not None and claimed.status == CLAIMED


def test_an_outage_across_month_end_counts_its_window_from_its_own_end() -> None:
    # the same outage ended Fri 3 April 10:00: March's window runs to 3 + 15 = 18 April, not
    # from the month's end (1 April + 15 = 16 April): the outage occurred until it ended
    ended = Outage("web", bxl(2026, 3, 31, 20), bxl(2026, 4, 3, 10))
    result = march([ended], bxl(2026, 4, 30))
    assert result.downtime_seconds == 4 * 3600
    assert result.claim is not None and result.claim.window.last_day == date(2026, 4, 18)
