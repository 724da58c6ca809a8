"""The base of a credit (art. 40.3, R14): the fee invoiced and paid for the month *before*
the month of the breach, in Brussels dates; a zero base says why."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from helpdesk.credits import Fee, fee_base, fees_by_month, incident_credit

from .helpers import bxl, fee, fees, make_breach, utc

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free


def test_the_base_is_the_fee_of_the_month_before_the_breach() -> None:
    records = fees(fee("2026-09", "900.00"), fee("2026-10", "1250.00"))
    base = fee_base(records, bxl(2026, 11, 3, 10))
    assert (str(base.month), base.amount, base.reason) == ("2026-10", Decimal("1250.00"), None)


def test_a_breach_just_after_midnight_brussels_on_the_first_belongs_to_the_new_month() -> None:
    """Sun 2026-11-01 00:30 CET is 2026-10-31 23:30Z: the breach month is November in
    Brussels dates, so the base is October, not September."""
    records = fees(fee("2026-09", "900.00"), fee("2026-10", "1250.00"))
    base = fee_base(records, bxl(2026, 11, 1, 0, 30))
    assert base.amount == Decimal("1250.00")


def test_a_january_breach_takes_the_december_fee_of_the_year_before() -> None:
    base = fee_base(fees(fee("2025-12", "700.00")), bxl(2026, 1, 5, 9))
    assert (str(base.month), base.amount) == ("2025-12", Decimal("700.00"))


def test_no_fee_record_gives_a_zero_base_with_the_reason() -> None:
    base = fee_base({}, bxl(2026, 11, 3, 10))
    assert base.amount == Decimal("0.00")
    assert base.reason == "no SLA fee was invoiced for October 2026"


def test_an_unpaid_fee_gives_a_zero_base_with_the_reason() -> None:
    base = fee_base(fees(fee("2026-10", "1250.00", "0.00")), bxl(2026, 11, 3, 10))
    assert base.amount == Decimal("0.00")
    assert base.reason == "the October 2026 fee was invoiced but not paid"


def test_a_zero_base_yields_no_credit_and_the_statement_says_why() -> None:
    breach = make_breach(stopped_at=bxl(2026, 11, 5, 10))
    credit = incident_credit(breach, {}, utc(2026, 12, 1))
    assert (credit.days, credit.amount, credit.owed) == (2, Decimal("0.00"), False)
    assert credit.reason == "no SLA fee was invoiced for October 2026"


def test_an_overpayment_does_not_raise_the_base_above_the_invoiced_fee() -> None:
    base = fee_base(fees(fee("2026-10", "1250.00", "1300.00")), bxl(2026, 11, 3, 10))
    assert base.amount == Decimal("1250.00")


def test_fees_must_be_decimal_never_float() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        Fee(date(2026, 10, 1), 1250.0, Decimal("1250.00"))  # type: ignore[arg-type]


def test_a_fee_month_is_the_first_day_of_the_month() -> None:
    with pytest.raises(ValueError, match="first day"):
        Fee(date(2026, 10, 15), Decimal("1"), Decimal("1"))


def test_negative_fees_are_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        Fee(date(2026, 10, 1), Decimal("-1"), Decimal("0"))


def test_two_fee_records_for_one_month_are_refused() -> None:
    with pytest.raises(ValueError, match="October 2026"):
        fees_by_month([fee("2026-10", "1"), fee("2026-10", "2")])
