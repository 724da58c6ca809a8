"""EXAMPLES.md, "Credits (art. 40.3, R10, R14, R15)": examples H to L.

Contract type 4; SLA fee for October 2026 invoiced EUR 1,250.00 and paid EUR 1,250.00. Every
breach happens in November 2026, so the base is October's fee (R14). The resolution deadline
used is Tue 2026-11-03 10:00 Brussels (09:00Z).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal

import pytest

from helpdesk.credits import Fee, IncidentCredit, incident_credit

from .helpers import OCTOBER_PAID, bxl, fee, fees, make_breach, utc

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

DEADLINE = bxl(2026, 11, 3, 10, 0)
NOW = utc(2026, 12, 1)


def credit_for(late: timedelta,
               fee_records: Mapping[date, Fee] = OCTOBER_PAID) -> IncidentCredit:
    breach = make_breach(deadline=DEADLINE, stopped_at=DEADLINE + late)
    return incident_credit(breach, fee_records, NOW)


def test_example_h_one_second_late_is_one_day_and_ten_percent() -> None:
    """H: 1 s late → 1 day (R10); 10 % × 1,250.00 = 125.00 (art. 40.3)."""
    credit = credit_for(timedelta(seconds=1))
    assert credit.days == 1
    assert credit.percent == Decimal(10)
    assert credit.base.amount == Decimal("1250.00")
    assert str(credit.base.month) == "2026-10"
    assert credit.amount == Decimal("125.00")
    assert credit.reason is None


def test_example_i_exactly_24_hours_late_is_still_one_day() -> None:
    """I: 24 h 0 min 0 s late → 1 started day → 10 % × 1,250.00 = 125.00."""
    credit = credit_for(timedelta(hours=24))
    assert (credit.days, credit.amount) == (1, Decimal("125.00"))


def test_example_j_24_hours_and_one_second_late_is_two_days() -> None:
    """J: 24 h 0 min 1 s late → 2 started days → 20 % × 1,250.00 = 250.00."""
    credit = credit_for(timedelta(hours=24, seconds=1))
    assert (credit.days, credit.percent, credit.amount) == (2, Decimal(20), Decimal("250.00"))


def test_example_k_twelve_days_three_hours_late_is_capped_at_the_whole_fee() -> None:
    """K: 12 d 3 h late → 13 days → 130 %, capped at 100 % per breach (art. 40.3) = 1,250.00."""
    credit = credit_for(timedelta(days=12, hours=3))
    assert credit.days == 13
    assert credit.percent_before_cap == Decimal(130)
    assert credit.percent == Decimal(100)
    assert credit.capped_per_breach
    assert credit.amount == Decimal("1250.00")


def test_example_l_a_short_payment_lowers_the_base_and_rounds_once_half_up() -> None:
    """L: October invoiced 1,250.00, paid 999.99: base 999.99 (R14);
    10 % × 999.99 = 99.999 exactly, rounded once half up → 100.00 (R15)."""
    credit = credit_for(timedelta(seconds=1), fees(fee("2026-10", "1250.00", "999.99")))
    assert credit.base.amount == Decimal("999.99")
    assert credit.exact == Decimal("99.999")
    assert credit.amount == Decimal("100.00")
    assert credit.base.reason == (
        "the October 2026 fee was invoiced 1250.00 but only 999.99 paid (R14)"
    )


def test_a_still_running_clock_earns_credit_until_now() -> None:
    """Deadline 2026-11-03 09:00Z, still open at 2026-11-05 09:00:01Z: 48 h 1 s → 3 days →
    30 % × 1,250.00 = 375.00."""
    breach = make_breach(deadline=DEADLINE, stopped_at=None)
    credit = incident_credit(breach, OCTOBER_PAID, utc(2026, 11, 5, 9, 0, 1))
    assert credit.lateness.still_running
    assert (credit.days, credit.amount) == (3, Decimal("375.00"))
