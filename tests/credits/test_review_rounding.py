"""R15 at the half cent, and R14/R16/R17 at their boundaries, computed by hand from SPEC.md."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from helpdesk.credits import (
    CLAIMABLE,
    CLAIMED,
    LAPSED,
    BreachKey,
    CapSettings,
    Claim,
    Month,
    incident_credit,
    incident_statement,
)

from .helpers import bxl, fee, fees, make_breach, utc

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

# October 2026 invoiced and paid EUR 1,234.45: 10 % is 123.445, exactly half a cent.
OCTOBER_HALF_CENT = fees(fee("2026-10", "1234.45"))
NOVEMBER = Month(2026, 11)


def test_a_half_cent_rounds_up_not_to_even_r15() -> None:
    # R15: "rounded once per breach to the cent, half up": 123.445 → 123.45 (banker's
    # rounding would give 123.44)
    deadline = bxl(2026, 11, 3, 10)
    credit = incident_credit(make_breach(deadline=deadline, stopped_at=deadline + timedelta(
        seconds=1)), OCTOBER_HALF_CENT, bxl(2026, 11, 4))
    assert credit.days == 1
    assert credit.exact == Decimal("123.445")
    assert credit.amount == Decimal("123.45")


def test_three_days_on_five_cents_round_half_up_to_two_cents_r15() -> None:
    # 30 % × 0.05 = 0.015 → 0.02
    deadline = bxl(2026, 11, 3, 10)
    breach = make_breach(deadline=deadline, stopped_at=deadline + timedelta(days=2, seconds=1))
    credit = incident_credit(breach, fees(fee("2026-10", "0.05")), bxl(2026, 11, 10))
    assert credit.days == 3
    assert credit.amount == Decimal("0.02")


def test_the_total_is_the_sum_of_rounded_lines_not_the_rounded_sum_r15() -> None:
    # Two breaches 1 s late: 123.445 each. Lines 123.45 + 123.45 = 246.90; rounding the
    # exact sum 246.89 once would give 246.89, which R15 rules out.
    first, second = bxl(2026, 11, 3, 10), bxl(2026, 11, 4, 10)
    breaches = [make_breach(reference="T-1", deadline=first,
                            stopped_at=first + timedelta(seconds=1)),
                make_breach(reference="T-2", deadline=second,
                            stopped_at=second + timedelta(seconds=1))]
    statement = incident_statement("ACME", NOVEMBER, breaches, OCTOBER_HALF_CENT, [],
                                   CapSettings(enabled=False), bxl(2026, 11, 5))
    assert [line.amount_after_cap for line in statement.lines] == [Decimal("123.45")] * 2
    assert statement.totals.owed == Decimal("246.90")
    assert statement.to_dict()["totals"]["owed"] == "246.90"


def test_a_breach_at_brussels_midnight_of_the_first_takes_the_previous_month_fee_r14() -> None:
    # type 4 deadline at Sat 2026-10-31 24:00 Brussels (R5) = 2026-10-31 23:00Z: the breach
    # happens in November (Brussels), so the base is October's fee, not September's.
    records = fees(fee("2026-09", "100.00"), fee("2026-10", "1250.00"))
    deadline = utc(2026, 10, 31, 23)
    credit = incident_credit(make_breach(deadline=deadline, stopped_at=deadline + timedelta(
        hours=1)), records, bxl(2026, 11, 2))
    assert credit.base.month == Month(2026, 10)
    assert credit.amount == Decimal("125.00")


def test_claim_window_of_a_breach_at_brussels_midnight_counts_from_the_new_day_r17() -> None:
    # Deadline 2026-11-02 23:00Z = Tue 2026-11-03 00:00 Brussels: first breach on the 3rd,
    # last day to claim Tue 2026-11-10 (in time), Wed 11th lapsed.
    deadline = utc(2026, 11, 2, 23)
    breach = make_breach(reference="T-9", deadline=deadline,
                         stopped_at=deadline + timedelta(hours=2))
    records = fees(fee("2026-10", "1250.00"))

    def status(received: date | None, now_day: int) -> str:
        claims = [] if received is None else [Claim(received, (BreachKey("T-9"),))]
        statement = incident_statement("ACME", NOVEMBER, [breach], records, claims,
                                       CapSettings(), bxl(2026, 11, now_day, 12))
        (line,) = statement.lines
        assert line.claim.window.last_day == date(2026, 11, 10)
        return line.claim.status

    assert status(date(2026, 11, 10), 12) == CLAIMED
    assert status(date(2026, 11, 11), 12) == LAPSED
    assert status(None, 10) == CLAIMABLE  # still claimable all of the last day
    assert status(None, 11) == LAPSED
