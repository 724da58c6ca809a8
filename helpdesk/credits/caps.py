"""Annual liability caps (art. 16.3, 16.4; R16, R22), configurable per contract, on by default.

Per calendar year of the breach (Brussels), the credits granted together may not exceed
  - art. 16.3: 20 % of *everything invoiced* to the customer under the agreement (SLA fees,
    hours, projects, licences) in the 12 whole calendar months before the breach's month
    (R22, which replaces R16's "invoiced and received before the breach instant"),
  - art. 16.4: EUR 5,000, and the total price of the project where the agreement names one.
An agreement without recorded invoices falls back to the SLA fees invoiced and received
(the monthly fees) and the statement says so, so data from before invoices keeps working.
Credits are granted in the order of their breaches; the one that reaches a cap is reduced to
what is left, and later ones to zero. Only credits still owed consume the cap: a lapsed or
not-owed credit is never paid, so it leaves the room to the next one. Caps are rounded *down*
to the cent, so a year's total never exceeds the exact cap.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .fees import Fee, received_in_months
from .instants import BRUSSELS, as_utc
from .invoices import Invoice, invoiced_in_months
from .money import ZERO, cents_down, money_str, percent_of, require_money
from .months import Month

INVOICES = "invoices"
MONTHLY_FEES = "monthly_fees"
FALLBACK_NOTE = ("no invoices are recorded for this agreement: the 20 % base is the SLA fees "
                 "invoiced and received (monthly fees) instead of everything invoiced (R22)")


@dataclass(frozen=True)
class CapSettings:
    enabled: bool = True
    percent: Decimal = Decimal(20)
    amount: Decimal = Decimal("5000.00")
    project_price: Decimal | None = None  # art. 16.4: only where the agreement names one

    def __post_init__(self) -> None:
        require_money(self.percent, "cap percent")
        require_money(self.amount, "cap amount")
        if self.project_price is not None:
            require_money(self.project_price, "project price")

    @classmethod
    def from_contract(cls, enabled: bool, percent: int, amount_cents: int,
                      project_price_cents: int | None = None) -> CapSettings:
        """From the contract's columns (whole percent, integer cents)."""
        project = None if project_price_cents is None else Decimal(project_price_cents) / 100
        return cls(enabled, Decimal(percent), Decimal(amount_cents) / 100, project)

    def labels(self, source: str = INVOICES) -> tuple[str, str, str]:
        project = ("" if self.project_price is None
                   else f"art. 16.4 (project price EUR {self.project_price:,.2f})")
        base = "invoiced" if source == INVOICES else "invoiced and received"
        return (f"art. 16.3 ({self.percent} % of 12 months {base})",
                f"art. 16.4 (EUR {self.amount:,.2f} a year)", project)


@dataclass(frozen=True)
class CapBase:
    """What the 20 % is taken of: the 12 months counted, oldest first, and their total."""

    months: tuple[Month, ...]
    amount: Decimal
    source: str  # INVOICES, or MONTHLY_FEES when the agreement has no invoices recorded
    note: str | None


@dataclass(frozen=True)
class CapLimits:
    """The three limits of art. 16.3/16.4 for breaches of one month; the lowest binds."""

    base: CapBase
    percent_limit: Decimal
    amount_limit: Decimal
    project_limit: Decimal | None
    labels: tuple[str, str, str]

    @property
    def binding(self) -> Decimal:
        return min(limit for limit, _ in self._named())

    @property
    def binding_label(self) -> str:
        # min() keeps the first of equal limits: 20 %, then EUR 5,000, then the project
        return min(self._named(), key=lambda pair: pair[0])[1]

    def _named(self) -> list[tuple[Decimal, str]]:
        named = [(self.percent_limit, self.labels[0]), (self.amount_limit, self.labels[1])]
        if self.project_limit is not None:
            named.append((self.project_limit, self.labels[2]))
        return named


@dataclass(frozen=True)
class CapItem:
    instant: datetime  # when the breach happened: orders the credits and picks the year
    amount: Decimal  # the credit before the annual cap
    consumes: bool = True  # False for lapsed and not-owed credits


@dataclass(frozen=True)
class CapResult:
    item: CapItem
    year: int
    before: Decimal
    after: Decimal
    cap: str | None  # the cap that reduced this credit, if one did
    used_before: Decimal  # the year's granted total before this credit
    limits: CapLimits | None = None  # None when the caps are off or the credit consumes none

    @property
    def reduction(self) -> Decimal:
        return self.before - self.after

    @property
    def twelve_months_base(self) -> Decimal | None:
        return None if self.limits is None else self.limits.base.amount

    twelve_months_received = twelve_months_base  # the name from before R22

    @property
    def percent_limit(self) -> Decimal | None:
        return None if self.limits is None else self.limits.percent_limit

    @property
    def amount_limit(self) -> Decimal | None:
        return None if self.limits is None else self.limits.amount_limit


def twelve_months_before(instant: datetime) -> list[Month]:
    """The 12 whole calendar months before the breach's month, latest first."""
    month = Month.of(instant)
    months = []
    for _ in range(12):
        month = month.previous()
        months.append(month)
    return months


def cap_base(month: Month, fees: Mapping[date, Fee],
             invoices: Sequence[Invoice] | None = None) -> CapBase:
    """R22: everything invoiced in the 12 whole months before `month` (the breach's)."""
    months = twelve_months_before(month.start)
    counted = tuple(reversed(months))
    if invoices:
        return CapBase(counted, invoiced_in_months(invoices, months), INVOICES, None)
    return CapBase(counted, received_in_months(fees, months), MONTHLY_FEES, FALLBACK_NOTE)


def cap_limits(month: Month, fees: Mapping[date, Fee], invoices: Sequence[Invoice] | None,
               settings: CapSettings) -> CapLimits:
    base = cap_base(month, fees, invoices)
    return CapLimits(base, cents_down(percent_of(settings.percent, base.amount)),
                     settings.amount, settings.project_price, settings.labels(base.source))


def apply_annual_caps(items: Sequence[CapItem], fees: Mapping[date, Fee],
                      settings: CapSettings, *,
                      used: Mapping[int, Decimal] | None = None,
                      invoices: Sequence[Invoice] | None = None) -> list[CapResult]:
    """The capped credits, in the order of `items`; `used` is what was granted earlier per year
    outside `items`; `invoices` are the agreement's (none recorded: the monthly fees)."""
    for item in items:
        as_utc(item.instant, "breach instant")
        require_money(item.amount, "credit")
    totals: dict[int, Decimal] = dict(used or {})
    results: dict[int, CapResult] = {}
    limits_of: dict[Month, CapLimits] = {}
    order = sorted(range(len(items)), key=lambda i: as_utc(items[i].instant))
    for index in order:
        item = items[index]
        year = item.instant.astimezone(BRUSSELS).year
        so_far = totals.get(year, ZERO)
        if not settings.enabled or not item.consumes:
            results[index] = CapResult(item, year, item.amount, item.amount, None, so_far)
            continue
        month = Month.of(item.instant)
        limits = limits_of.get(month)
        if limits is None:
            limits = limits_of[month] = cap_limits(month, fees, invoices, settings)
        after = min(item.amount, max(ZERO, limits.binding - so_far))
        cap = limits.binding_label if after < item.amount else None
        totals[year] = so_far + after
        results[index] = CapResult(item, year, item.amount, after, cap, so_far, limits)
    return [results[i] for i in range(len(items))]


@dataclass(frozen=True)
class CapArithmetic:
    """The cap working for one statement month, line by line (R22): the months counted, the
    invoiced total, 20 % of it, EUR 5,000, the project price, which binds, used, left."""

    month: Month
    limits: CapLimits
    percent: Decimal
    used_before: Decimal  # granted earlier in the calendar year, before this month
    used_this_month: Decimal

    @property
    def left_before(self) -> Decimal:
        return max(ZERO, self.limits.binding - self.used_before)

    @property
    def left_after(self) -> Decimal:
        return max(ZERO, self.limits.binding - self.used_before - self.used_this_month)

    def to_dict(self) -> dict[str, Any]:
        limits, base = self.limits, self.limits.base
        return {
            "year": self.month.year,
            "months": [str(m) for m in base.months],
            "months_label": f"{base.months[0].label} – {base.months[-1].label}",
            "base_source": base.source,
            "base_note": base.note,
            "invoiced_total": money_str(base.amount),
            "percent": str(self.percent),
            "percent_of_invoiced": money_str(limits.percent_limit),
            "amount_limit": money_str(limits.amount_limit),
            "project_price": (None if limits.project_limit is None
                              else money_str(limits.project_limit)),
            "binding": limits.binding_label,
            "binding_amount": money_str(limits.binding),
            "used_before_this_month": money_str(self.used_before),
            "left_before_this_month": money_str(self.left_before),
            "used_this_month": money_str(self.used_this_month),
            "left_after_this_month": money_str(self.left_after),
        }


def cap_arithmetic(month: Month, results: Sequence[CapResult], fees: Mapping[date, Fee],
                   invoices: Sequence[Invoice] | None,
                   settings: CapSettings) -> CapArithmetic | None:
    """The working of `month` from the year's capped credits; None when the caps are off."""
    if not settings.enabled:
        return None
    granted = [r for r in results if r.item.consumes and r.year == month.year]
    before = sum((r.after for r in granted if Month.of(r.item.instant) < month), ZERO)
    during = sum((r.after for r in granted if Month.of(r.item.instant) == month), ZERO)
    return CapArithmetic(month, cap_limits(month, fees, invoices, settings), settings.percent,
                         before, during)
