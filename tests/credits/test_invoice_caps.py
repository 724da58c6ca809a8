"""The annual cap's base is everything invoiced (art. 16.3/16.4, R22): invoices of every kind
in the 12 whole calendar months before the breach month, at most EUR 5,000 a year, and at most
the project price where the agreement names one. Amounts computed by hand in the docstrings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from helpdesk.credits import (
    CapItem,
    CapSettings,
    Invoice,
    Month,
    apply_annual_caps,
    cap_arithmetic,
    cap_base,
)
from helpdesk.credits.caps import INVOICES, MONTHLY_FEES

from .helpers import bxl, monthly_fees

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free


def sla_fees(first: str, count: int, amount: str) -> list[Invoice]:
    month, found = Month.parse(first), []
    for _ in range(count):
        found.append(Invoice(f"F-{month}", month.first_day, Decimal(amount), "sla_fee",
                             month.first_day))
        month = month.next()
    return found


# Fourteen months, September 2025 .. October 2026, plus one in the breach month itself.
FOURTEEN_MONTHS = [
    *sla_fees("2025-09", 14, "1000.00"),  # 14 × 1,000.00; only Nov 2025 .. Oct 2026 count
    Invoice("H-1", date(2025, 9, 30), Decimal("800.00"), "hours"),  # before the 12 months
    Invoice("H-2", date(2026, 3, 15), Decimal("1500.00"), "hours", date(2026, 4, 1)),
    Invoice("P-1", date(2025, 11, 1), Decimal("2000.00"), "project"),  # first day counted
    Invoice("L-1", date(2026, 10, 31), Decimal("500.00"), "licence"),  # last day, unpaid
    Invoice("L-2", date(2026, 11, 1), Decimal("9999.00"), "licence"),  # the breach month
]


def novembers(*amounts: str) -> list[CapItem]:
    return [CapItem(bxl(2026, 11, 3 + 7 * i, 10), Decimal(amount))
            for i, amount in enumerate(amounts)]


def test_the_base_is_everything_invoiced_in_the_twelve_whole_months_before_the_breach_month():
    """R22, breach in November 2026: Nov 2025 .. Oct 2026 = 12 SLA fees 12,000.00 + hours
    1,500.00 + project 2,000.00 + licence 500.00 (unpaid counts: "invoiced") = 16,000.00.
    Left out: Sep and Oct 2025 fees, the hours of 30 Sep 2025 and November's licence."""
    base = cap_base(Month(2026, 11), {}, FOURTEEN_MONTHS)
    assert base.amount == Decimal("16000.00")
    assert base.source == INVOICES and base.note is None
    assert base.months[0] == Month(2025, 11) and base.months[-1] == Month(2026, 10)
    assert len(base.months) == 12


def test_a_credit_is_reduced_by_the_twenty_percent_of_everything_invoiced():
    """20 % × 16,000.00 = 3,200.00: 1,250.00 + 1,250.00, then the third is cut to the
    700.00 left (art. 16.3, R22)."""
    results = apply_annual_caps(novembers("1250.00", "1250.00", "1250.00"), {}, CapSettings(),
                                invoices=FOURTEEN_MONTHS)
    assert [r.after for r in results] == [Decimal("1250.00"), Decimal("1250.00"),
                                          Decimal("700.00")]
    assert results[2].cap == "art. 16.3 (20 % of 12 months invoiced)"
    assert results[2].percent_limit == Decimal("3200.00")


def test_the_five_thousand_euro_cap_binds_when_twenty_percent_is_more():
    """12 × 3,000.00 SLA fees + a 6,000.00 project = 42,000.00; 20 % = 8,400.00 > 5,000.00:
    3,000.00, then the 2,000.00 left of EUR 5,000 (art. 16.4)."""
    invoices = [*sla_fees("2025-11", 12, "3000.00"),
                Invoice("P-9", date(2026, 6, 1), Decimal("6000.00"), "project")]
    results = apply_annual_caps(novembers("3000.00", "3000.00"), {}, CapSettings(),
                                invoices=invoices)
    assert results[0].twelve_months_base == Decimal("42000.00")
    assert [r.after for r in results] == [Decimal("3000.00"), Decimal("2000.00")]
    assert results[1].cap == "art. 16.4 (EUR 5,000.00 a year)"


def test_a_project_price_lower_than_both_caps_binds():
    """Project price 1,800.00 < 3,200.00 (20 %) < 5,000.00: 1,250.00, then 550.00 (art. 16.4:
    "beperkt tot de totale prijs van het Project")."""
    settings = CapSettings.from_contract(True, 20, 500_000, 180_000)
    results = apply_annual_caps(novembers("1250.00", "1250.00"), {}, settings,
                                invoices=FOURTEEN_MONTHS)
    assert [r.after for r in results] == [Decimal("1250.00"), Decimal("550.00")]
    assert results[1].cap == "art. 16.4 (project price EUR 1,800.00)"


def test_without_invoices_the_base_falls_back_to_the_monthly_fees_and_says_so():
    """No invoices recorded: 12 × 1,250.00 fees invoiced and received = 15,000.00."""
    base = cap_base(Month(2026, 11), monthly_fees("2025-11", 12, "1250.00"), [])
    assert base.amount == Decimal("15000.00")
    assert base.source == MONTHLY_FEES and "no invoices" in (base.note or "")


def test_the_cap_arithmetic_of_a_month_lists_every_figure():
    """October 2026: 1,000.00 granted (its own base Oct 2025 .. Sep 2026 = 15,500.00, cap
    3,100.00). November: 16,000.00 invoiced, 20 % = 3,200.00, EUR 5,000.00, no project
    price; 3,200.00 binds; 1,000.00 used before, 2,200.00 left; November's 1,250.00 and
    1,250.00 become 1,250.00 and 950.00 (2,200.00 granted), 0.00 left."""
    items = [CapItem(bxl(2026, 10, 10, 10), Decimal("1000.00")),
             *novembers("1250.00", "1250.00")]
    results = apply_annual_caps(items, {}, CapSettings(), invoices=FOURTEEN_MONTHS)
    assert results[0].percent_limit == Decimal("3100.00")
    assert [r.after for r in results] == [Decimal("1000.00"), Decimal("1250.00"),
                                          Decimal("950.00")]
    working = cap_arithmetic(Month(2026, 11), results, {}, FOURTEEN_MONTHS, CapSettings())
    assert working is not None
    assert working.to_dict() == {
        "year": 2026,
        "months": [str(m) for m in cap_base(Month(2026, 11), {}, FOURTEEN_MONTHS).months],
        "months_label": "November 2025 – October 2026",
        "base_source": "invoices",
        "base_note": None,
        "invoiced_total": "16000.00",
        "percent": "20",
        "percent_of_invoiced": "3200.00",
        "amount_limit": "5000.00",
        "project_price": None,
        "binding": "art. 16.3 (20 % of 12 months invoiced)",
        "binding_amount": "3200.00",
        "used_before_this_month": "1000.00",
        "left_before_this_month": "2200.00",
        "used_this_month": "2200.00",
        "left_after_this_month": "0.00",
    }


def test_no_cap_arithmetic_when_the_caps_are_off():
    assert cap_arithmetic(Month(2026, 11), [], {}, FOURTEEN_MONTHS,
                          CapSettings(enabled=False)) is None
