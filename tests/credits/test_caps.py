"""Annual caps (art. 16.3, 16.4; R16): per calendar year of the breach, at most 20 % of what
was invoiced and received in the 12 months before, and at most EUR 5,000; granted in breach
order, the credit that reaches a cap is reduced to what is left."""

from __future__ import annotations

from decimal import Decimal

import pytest

from helpdesk.credits import CapItem, CapSettings, apply_annual_caps

from .helpers import bxl, fee, fees, monthly_fees

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

# 2025-11 .. 2026-10: 12 × 1,250.00 = 15,000.00 received; 20 % = 3,000.00.
TWELVE_MONTHS_1250 = monthly_fees("2025-11", 12, "1250.00")
# 12 × 3,000.00 = 36,000.00; 20 % = 7,200.00, so EUR 5,000 is the lower cap.
TWELVE_MONTHS_3000 = monthly_fees("2025-11", 12, "3000.00")


def items(*amounts: str) -> list[CapItem]:
    """One credit a week in November 2026: the 3rd, 10th, 17th, 24th at 10:00 Brussels."""
    return [CapItem(bxl(2026, 11, 3 + 7 * i, 10), Decimal(amount))
            for i, amount in enumerate(amounts)]


def test_the_twenty_percent_cap_reduces_the_credit_that_reaches_it_and_zeroes_the_next() -> None:
    """Cap 20 % × 15,000.00 = 3,000.00. Granted 1,250.00, 1,250.00 (2,500.00 used), then
    the third 1,250.00 is cut to the 500.00 left, and the fourth to 0.00 (art. 16.3)."""
    results = apply_annual_caps(items("1250.00", "1250.00", "1250.00", "1250.00"),
                                TWELVE_MONTHS_1250, CapSettings())
    assert [r.after for r in results] == [Decimal("1250.00"), Decimal("1250.00"),
                                          Decimal("500.00"), Decimal("0.00")]
    assert [r.before for r in results] == [Decimal("1250.00")] * 4
    assert results[0].cap is None and results[1].cap is None
    assert results[2].cap is not None and results[2].cap.startswith("art. 16.3")
    assert results[2].twelve_months_received == Decimal("15000.00")
    assert results[2].percent_limit == Decimal("3000.00")
    assert results[2].used_before == Decimal("2500.00")
    assert results[3].reduction == Decimal("1250.00")


def test_the_five_thousand_euro_cap_bites_when_it_is_the_lower() -> None:
    """20 % × 36,000.00 = 7,200.00 > 5,000.00. Credits 3,000.00 each: 3,000.00, then the
    2,000.00 left of EUR 5,000 (art. 16.4), then 0.00."""
    results = apply_annual_caps(items("3000.00", "3000.00", "3000.00"),
                                TWELVE_MONTHS_3000, CapSettings())
    assert [r.after for r in results] == [Decimal("3000.00"), Decimal("2000.00"),
                                          Decimal("0.00")]
    assert results[1].cap == "art. 16.4 (EUR 5,000.00 a year)"
    assert results[2].cap == "art. 16.4 (EUR 5,000.00 a year)"


def test_credits_are_granted_in_the_order_of_their_breaches_not_of_the_input() -> None:
    """Given latest first, the 1,250.00 of 2026-11-24 is still the one cut to zero."""
    ordered = items("1250.00", "1250.00", "1250.00", "1250.00")
    results = apply_annual_caps(list(reversed(ordered)), TWELVE_MONTHS_1250, CapSettings())
    assert [r.after for r in results] == [Decimal("0.00"), Decimal("500.00"),
                                          Decimal("1250.00"), Decimal("1250.00")]


def test_lapsed_and_not_owed_credits_leave_the_room_to_later_ones() -> None:
    """The first 1,250.00 lapsed (consumes nothing): the next three fit in 3,000.00 as
    1,250.00 + 1,250.00 + 500.00."""
    raw = items("1250.00", "1250.00", "1250.00", "1250.00")
    raw[0] = CapItem(raw[0].instant, raw[0].amount, consumes=False)
    results = apply_annual_caps(raw, TWELVE_MONTHS_1250, CapSettings())
    assert [r.after for r in results][1:] == [Decimal("1250.00"), Decimal("1250.00"),
                                              Decimal("500.00")]
    assert results[0].cap is None


def test_the_caps_can_be_switched_off_per_contract() -> None:
    results = apply_annual_caps(items("3000.00", "3000.00", "3000.00"), TWELVE_MONTHS_3000,
                                CapSettings(enabled=False))
    assert [r.after for r in results] == [Decimal("3000.00")] * 3


def test_a_new_calendar_year_starts_with_an_empty_cap() -> None:
    """Dec 2026 uses the whole 3,000.00 of 2026; a Jan 2027 breach starts 2027 afresh
    (its own 12 months, 2026-01 .. 2026-12: 12 × 1,250.00, 20 % = 3,000.00)."""
    records = monthly_fees("2025-11", 14, "1250.00")
    raw = [CapItem(bxl(2026, 12, 1, 10), Decimal("3000.00")),
           CapItem(bxl(2026, 12, 31, 23, 30), Decimal("100.00")),
           CapItem(bxl(2027, 1, 1, 0, 30), Decimal("1250.00"))]
    results = apply_annual_caps(raw, records, CapSettings())
    assert [r.year for r in results] == [2026, 2026, 2027]
    assert [r.after for r in results] == [Decimal("3000.00"), Decimal("0.00"),
                                          Decimal("1250.00")]


def test_the_twenty_percent_base_counts_only_what_was_received() -> None:
    """Only 2026-09 (1,000.00 invoiced, 600.00 paid) and 2026-10 (1,000.00) are known:
    received 1,600.00 → cap 320.00; a 500.00 credit is cut to 320.00."""
    records = fees(fee("2026-09", "1000.00", "600.00"), fee("2026-10", "1000.00"))
    (result,) = apply_annual_caps(items("500.00"), records, CapSettings())
    assert result.twelve_months_received == Decimal("1600.00")
    assert result.after == Decimal("320.00")


def test_the_twenty_percent_cap_is_rounded_down_to_the_cent() -> None:
    """Received 0.99 → 20 % = 0.198 → cap 0.19, never 0.20."""
    (result,) = apply_annual_caps(items("5.00"), fees(fee("2026-10", "0.99")), CapSettings())
    assert result.after == Decimal("0.19")


def test_credits_granted_earlier_in_the_year_are_taken_into_account() -> None:
    results = apply_annual_caps(items("1250.00"), TWELVE_MONTHS_1250, CapSettings(),
                                used={2026: Decimal("2900.00")})
    assert results[0].after == Decimal("100.00")


def test_settings_come_from_the_contract_columns() -> None:
    assert CapSettings.from_contract(True, 20, 500_000) == CapSettings()
