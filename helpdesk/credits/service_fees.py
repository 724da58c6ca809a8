"""The base of a hosted service's availability credit (seed 001, R20).

Seed 001 'Maatregelen': "20% van de voor de betreffende maand voor de Diensten betaalde
kosten ... Indien de Diensten niet per maand worden betaald, dan worden de kosten naar rato
omgerekend naar een maandbedrag." So the base is what was *paid* for the service for the
month: per recorded billing period (a month, a quarter or a year), the paid amount — never
more than was invoiced for it — divided by the period's months (a quarterly fee / 3, a
yearly fee / 12). Pure and exact: the base is not rounded (a yearly EUR 1,000.00 gives
EUR 83.333…); the credit computed from it is rounded once, half up (R15). With 28
significant digits a quotient by 3 or 12 never lies close enough to a half cent to round
the wrong way.

A service without any recorded period keeps its listed monthly fee, and the statement says
so (as the annual cap falls back to the monthly SLA fees without invoices, R22).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .money import ZERO, require_money
from .months import Month

PERIOD_MONTHS = {1: "monthly", 3: "quarterly", 12: "yearly"}


@dataclass(frozen=True)
class ServiceFeeRecord:
    """What was invoiced and paid for one billing period starting on `starts_on`."""

    starts_on: date  # the first day of a month
    months: int  # 1, 3 or 12
    invoiced: Decimal
    paid: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.starts_on, date) or isinstance(self.starts_on, datetime) \
                or self.starts_on.day != 1:
            raise ValueError(f"a fee period starts on the first day of a month, "
                             f"got {self.starts_on!r}")
        if self.months not in PERIOD_MONTHS:
            raise ValueError(f"a fee period is 1, 3 or 12 months, got {self.months!r}")
        require_money(self.invoiced, "invoiced")
        require_money(self.paid, "paid")

    @property
    def first(self) -> Month:
        return Month.of_date(self.starts_on)

    def months_covered(self) -> list[Month]:
        found = [self.first]
        while len(found) < self.months:
            found.append(found[-1].next())
        return found

    def covers(self, month: Month) -> bool:
        return month in self.months_covered()


@dataclass(frozen=True)
class MonthlyFeeBase:
    month: Month
    amount: Decimal  # exact, not rounded
    record: ServiceFeeRecord | None
    note: str


def _span(record: ServiceFeeRecord) -> str:
    covered = record.months_covered()
    if record.months == 1:
        return covered[0].label
    return f"{covered[0].label} – {covered[-1].label}"


def monthly_fee_base(records: Iterable[ServiceFeeRecord], month: Month,
                     listed_fee: Decimal) -> MonthlyFeeBase:
    """R20: the month's share of the fee paid for the service."""
    found = list(records)
    if not found:
        return MonthlyFeeBase(month, listed_fee, None,
                              f"no fee payment recorded for this service: the listed monthly "
                              f"fee {listed_fee:.2f} is the base")
    covering = [r for r in found if r.covers(month)]
    if len(covering) > 1:
        raise ValueError(f"two fee periods cover {month.label}")
    if not covering:
        return MonthlyFeeBase(month, ZERO, None, f"no fee paid for {month.label} (R20)")
    record = covering[0]
    paid = min(record.paid, record.invoiced)
    kind = PERIOD_MONTHS[record.months]
    if paid == 0:
        return MonthlyFeeBase(month, ZERO, record,
                              f"the {kind} fee for {_span(record)} ({record.invoiced:.2f}) "
                              "was invoiced but not paid: no base (R20 'betaalde kosten')")
    amount = paid / record.months
    short = ("" if paid == record.invoiced else
             f", of {record.invoiced:.2f} invoiced")
    if record.months == 1:
        note = f"the fee paid for {month.label}: {paid:.2f}{short}"
    else:
        note = (f"the {kind} fee paid for {_span(record)}: {paid:.2f}{short}, / "
                f"{record.months} = {amount:.2f} a month (pro rata, seed 001)")
    return MonthlyFeeBase(month, amount, record, note)
