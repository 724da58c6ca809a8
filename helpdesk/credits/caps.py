"""Annual liability caps (art. 16.3, 16.4; R16), configurable per contract, on by default.

Per calendar year of the breach (Brussels), the credits granted together may not exceed
  - art. 16.3: 20 % of what was invoiced *and received* in the 12 months before the breach,
    read as the 12 calendar months before the breach's month (fees are known per month), and
  - art. 16.4: EUR 5,000.
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

from .fees import Fee, received_in_months
from .instants import BRUSSELS, as_utc
from .money import ZERO, cents_down, percent_of, require_money
from .months import Month


@dataclass(frozen=True)
class CapSettings:
    enabled: bool = True
    percent: Decimal = Decimal(20)
    amount: Decimal = Decimal("5000.00")

    def __post_init__(self) -> None:
        require_money(self.percent, "cap percent")
        require_money(self.amount, "cap amount")

    @classmethod
    def from_contract(cls, enabled: bool, percent: int, amount_cents: int) -> CapSettings:
        """From the contract's columns (whole percent, integer cents)."""
        return cls(enabled, Decimal(percent), Decimal(amount_cents) / 100)

    def labels(self) -> tuple[str, str]:
        return (f"art. 16.3 ({self.percent} % of 12 months invoiced and received)",
                f"art. 16.4 (EUR {self.amount:,.2f} a year)")


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
    twelve_months_received: Decimal | None
    percent_limit: Decimal | None
    amount_limit: Decimal | None

    @property
    def reduction(self) -> Decimal:
        return self.before - self.after


def twelve_months_before(instant: datetime) -> list[Month]:
    month = Month.of(instant)
    months = []
    for _ in range(12):
        month = month.previous()
        months.append(month)
    return months


def apply_annual_caps(items: Sequence[CapItem], fees: Mapping[date, Fee],
                      settings: CapSettings, *,
                      used: Mapping[int, Decimal] | None = None) -> list[CapResult]:
    """The capped credits, in the order of `items`; `used` is what was granted earlier per year
    outside `items`."""
    for item in items:
        as_utc(item.instant, "breach instant")
        require_money(item.amount, "credit")
    totals: dict[int, Decimal] = dict(used or {})
    results: dict[int, CapResult] = {}
    order = sorted(range(len(items)), key=lambda i: as_utc(items[i].instant))
    for index in order:
        item = items[index]
        year = item.instant.astimezone(BRUSSELS).year
        so_far = totals.get(year, ZERO)
        if not settings.enabled or not item.consumes:
            results[index] = CapResult(item, year, item.amount, item.amount, None, so_far,
                                       None, None, None)
            continue
        received = received_in_months(fees, twelve_months_before(item.instant))
        percent_limit = cents_down(percent_of(settings.percent, received))
        percent_left = max(ZERO, percent_limit - so_far)
        amount_left = max(ZERO, settings.amount - so_far)
        after = min(item.amount, percent_left, amount_left)
        cap = None
        if after < item.amount:
            labels = settings.labels()
            cap = labels[0] if percent_left <= amount_left else labels[1]
        totals[year] = so_far + after
        results[index] = CapResult(item, year, item.amount, after, cap, so_far, received,
                                   percent_limit, settings.amount)
    return [results[i] for i in range(len(items))]
