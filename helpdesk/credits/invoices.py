"""Invoices as the annual cap's base (art. 16.3, R22): *everything* invoiced to the customer
under the agreement (SLA fees, hours, projects, licences), counted by invoice date over the
12 whole calendar months (Brussels) before the month of the breach.

The per-breach base stays the SLA fee of the month before (art. 40.3, R14: helpdesk/credits/
fees.py); only the 20 % annual cap reads these records.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .money import ZERO, require_money
from .months import Month

# What an invoice was for: R22 names SLA fees, hours, projects and licences.
WHAT_FOR = ("sla_fee", "hours", "project", "licence", "other")


@dataclass(frozen=True)
class Invoice:
    """One invoice to the customer: euros, exact; `paid_on` None while unpaid."""

    number: str
    invoiced_on: date
    amount: Decimal
    what_for: str
    paid_on: date | None = None

    def __post_init__(self) -> None:
        for name in ("invoiced_on", "paid_on"):
            value = getattr(self, name)
            if value is not None and (not isinstance(value, date)
                                      or isinstance(value, datetime)):
                raise TypeError(f"Invoice.{name} must be a date, got {value!r}")
        if not self.number.strip():
            raise ValueError("an invoice needs a number")
        if self.what_for not in WHAT_FOR:
            raise ValueError(f"what_for must be one of {', '.join(WHAT_FOR)}, "
                             f"got {self.what_for!r}")
        require_money(self.amount, "invoice amount")

    @property
    def month(self) -> Month:
        return Month.of_date(self.invoiced_on)


def invoiced_in_months(invoices: Iterable[Invoice], months: Iterable[Month]) -> Decimal:
    """R22: the total invoiced (paid or not) with an invoice date in one of `months`."""
    counted = set(months)
    return sum((i.amount for i in invoices if i.month in counted), ZERO)
