"""R20 by hand from seed 001 'Maatregelen': "20% van de voor de betreffende maand voor de
Diensten betaalde kosten per volledig extra uur ... Indien de Diensten niet per maand worden
betaald, dan worden de kosten naar rato omgerekend naar een maandbedrag." Pure."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from helpdesk.credits import (
    Month,
    Outage,
    OutageCause,
    ServiceFeeRecord,
    availability_month,
    monthly_fee_base,
)
from helpdesk.credits.money import cents
from tests.credits.helpers import bxl

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

MARCH = Month(2026, 3)
LISTED = Decimal("99.00")


def record(starts: date, months: int, invoiced: str, paid: str) -> ServiceFeeRecord:
    return ServiceFeeRecord(starts, months, Decimal(invoiced), Decimal(paid))


def test_a_monthly_fee_paid_is_the_base():
    base = monthly_fee_base([record(date(2026, 3, 1), 1, "80.00", "80.00")], MARCH, LISTED)
    assert base.amount == Decimal("80.00") and "paid for March 2026: 80.00" in base.note


def test_a_quarterly_fee_is_divided_by_3():
    # Q1 2026 EUR 240.00 paid: EUR 80.00 a month for January, February and March
    quarter = [record(date(2026, 1, 1), 3, "240.00", "240.00")]
    for month in (Month(2026, 1), Month(2026, 2), MARCH):
        assert monthly_fee_base(quarter, month, LISTED).amount == Decimal("80.00")
    assert monthly_fee_base(quarter, Month(2026, 4), LISTED).amount == 0
    assert "/ 3 = 80.00 a month (pro rata" in monthly_fee_base(quarter, MARCH, LISTED).note


def test_a_yearly_fee_is_divided_by_12_exactly_and_rounded_only_in_the_credit():
    # EUR 1,000.00 a year: 83.333… a month; 20 % of it is 16.666…, EUR 16.67 (half up, R15)
    year = [record(date(2026, 1, 1), 12, "1000.00", "1000.00")]
    base = monthly_fee_base(year, MARCH, LISTED)
    assert abs(base.amount * 12 - 1000) < Decimal("1e-24")
    assert str(base.amount).startswith("83.3333333")
    assert cents(base.amount * 20 / 100) == Decimal("16.67")
    assert monthly_fee_base(year, Month(2026, 12), LISTED).amount == base.amount
    assert monthly_fee_base(year, Month(2027, 1), LISTED).amount == 0


def test_only_what_was_paid_counts():
    # invoiced 240.00 for the quarter, 120.00 paid: the base is 40.00 a month
    half = monthly_fee_base([record(date(2026, 1, 1), 3, "240.00", "120.00")], MARCH, LISTED)
    assert half.amount == Decimal("40.00") and "of 240.00 invoiced" in half.note
    unpaid = monthly_fee_base([record(date(2026, 3, 1), 1, "80.00", "0.00")], MARCH, LISTED)
    assert unpaid.amount == 0 and "invoiced but not paid" in unpaid.note
    # paying more than invoiced does not raise the base: "betaalde kosten" for the service
    over = monthly_fee_base([record(date(2026, 3, 1), 1, "80.00", "100.00")], MARCH, LISTED)
    assert over.amount == Decimal("80.00")


def test_without_any_recorded_period_the_listed_monthly_fee_stays_the_base_and_is_named():
    base = monthly_fee_base([], MARCH, LISTED)
    assert base.amount == LISTED and "listed monthly fee 99.00" in base.note


def test_a_month_no_recorded_period_covers_has_no_base():
    base = monthly_fee_base([record(date(2026, 1, 1), 1, "80.00", "80.00")], MARCH, LISTED)
    assert base.amount == 0 and "no fee paid for March 2026" in base.note


def test_overlapping_periods_are_refused():
    with pytest.raises(ValueError, match="two fee periods"):
        monthly_fee_base([record(date(2026, 1, 1), 3, "240.00", "240.00"),
                          record(date(2026, 3, 1), 1, "80.00", "80.00")], MARCH, LISTED)


@pytest.mark.parametrize(("starts", "months"), [(date(2026, 3, 2), 1), (date(2026, 3, 1), 6)])
def test_a_period_starts_on_the_first_and_lasts_1_3_or_12_months(starts, months):
    with pytest.raises(ValueError):
        record(starts, months, "1.00", "1.00")


def test_the_credit_on_a_quarterly_fee_by_hand():
    # 1 h 45 min down in March: 1 full extra hour past 45 min, 20 % (R11) of 240.00 / 3
    base = monthly_fee_base([record(date(2026, 1, 1), 3, "240.00", "240.00")], MARCH, LISTED)
    start = bxl(2026, 3, 10, 9)
    outage = Outage("web", start, start + timedelta(hours=1, minutes=45), OutageCause.UNAVAILABLE)
    month = availability_month("web", MARCH, [outage], base.amount, now=bxl(2026, 4, 2),
                               fee_note=base.note)
    assert month.percent == 20 and month.amount == Decimal("16.00")
    assert month.fee_note == base.note
    assert "never paid out" in month.settlement
