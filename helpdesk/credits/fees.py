"""The fee a credit is computed on (art. 40.3, R14): the SLA fee invoiced *and paid* for the
calendar month before the month of the breach; where less was paid, the paid amount."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .money import ZERO, require_money
from .months import Month


@dataclass(frozen=True)
class Fee:
    """One month's SLA fee: `month` is the first day of that month; euros, exact."""

    month: date
    invoiced: Decimal
    paid: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.month, date) or isinstance(self.month, datetime):
            raise TypeError(f"Fee.month must be a date, got {self.month!r}")
        if self.month.day != 1:
            raise ValueError(f"Fee.month must be the first day of a month, got {self.month}")
        require_money(self.invoiced, "invoiced")
        require_money(self.paid, "paid")

    @property
    def invoiced_and_paid(self) -> Decimal:
        """'gefactureerde en door de Klant betaalde' (art. 40.3): both, so the smaller."""
        return min(self.invoiced, self.paid)


@dataclass(frozen=True)
class FeeBase:
    """The base of one breach's credit, with the month it came from and why it is zero."""

    month: Month
    amount: Decimal
    invoiced: Decimal | None
    paid: Decimal | None
    reason: str | None  # set when the base is less than invoiced (or zero)


def fees_by_month(fees: Iterable[Fee]) -> dict[date, Fee]:
    """Index fee records by their month, refusing two records for one month."""
    index: dict[date, Fee] = {}
    for fee in fees:
        if fee.month in index:
            raise ValueError(f"two fee records for {Month.of_date(fee.month).label}")
        index[fee.month] = fee
    return index


def fee_base(fees: Mapping[date, Fee], breach_instant: datetime) -> FeeBase:
    """R14: the fee of the Brussels month *before* the month in which the breach occurred."""
    month = Month.of(breach_instant).previous()
    fee = fees.get(month.first_day)
    if fee is None or fee.invoiced == 0:
        return FeeBase(month, ZERO, None if fee is None else fee.invoiced,
                       None if fee is None else fee.paid,
                       f"no SLA fee was invoiced for {month.label}")
    if fee.paid == 0:
        return FeeBase(month, ZERO, fee.invoiced, fee.paid,
                       f"the {month.label} fee was invoiced but not paid")
    if fee.paid < fee.invoiced:
        return FeeBase(month, fee.paid, fee.invoiced, fee.paid,
                       f"the {month.label} fee was invoiced {fee.invoiced:.2f} "
                       f"but only {fee.paid:.2f} paid (R14)")
    return FeeBase(month, fee.invoiced, fee.invoiced, fee.paid, None)


def received_in_months(fees: Mapping[date, Fee], months: Iterable[Month]) -> Decimal:
    """What was invoiced and received over `months` (art. 16.3's 20 % base)."""
    total = ZERO
    for month in months:
        fee = fees.get(month.first_day)
        if fee is not None:
            total += fee.invoiced_and_paid
    return total
