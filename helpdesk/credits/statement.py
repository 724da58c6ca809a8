"""A customer's penalty-credit statement for one month: one line per breach that occurred in
that month (Brussels), with the full working, and totals that are sums of the rounded line
amounts (R15).

Pass every breach of the calendar year up to the statement's month, not only the month's: the
annual caps (art. 16.3/16.4, R16, R22) are consumed in breach order from January on, so
earlier breaches decide how much room is left for this month's. The statement shows the cap
working of its month line by line (`annual_cap`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from .caps import (
    CapArithmetic,
    CapItem,
    CapResult,
    CapSettings,
    apply_annual_caps,
    cap_arithmetic,
)
from .claims import (
    CLAIMABLE,
    CLAIMED,
    LAPSED,
    Claim,
    ClaimAssessment,
    assess_claim,
    claim_window,
    received_dates,
)
from .fees import Fee
from .incident import BreachInput, IncidentCredit, incident_credit
from .instants import as_utc, brussels_date, iso_z, require_aware
from .invoices import Invoice
from .money import ZERO, money_str
from .months import Month


@dataclass(frozen=True)
class StatementLine:
    credit: IncidentCredit
    claim: ClaimAssessment
    cap: CapResult

    @property
    def breach(self) -> BreachInput:
        return self.credit.breach

    @property
    def amount_before_cap(self) -> Decimal:
        return self.credit.amount

    @property
    def amount_after_cap(self) -> Decimal:
        return self.cap.after

    @property
    def payable(self) -> Decimal:
        """What the provider owes for this line now: nothing once lapsed or not owed."""
        return self.cap.after if self.claim.status in (CLAIMABLE, CLAIMED) else ZERO

    def to_dict(self) -> dict[str, Any]:
        credit, lateness, base = self.credit, self.credit.lateness, self.credit.base
        window = self.claim.window
        return {
            "reference": self.breach.reference,
            "clock": self.breach.clock,
            "priority_at_breach": self.breach.priority,
            "deadline": iso_z(self.breach.deadline),
            "stopped_at": iso_z(None if lateness.still_running else lateness.measured_until),
            "measured_until": iso_z(lateness.measured_until),
            "still_running": lateness.still_running,
            "overdue_seconds": lateness.overdue_seconds,
            # Stopped from a fix to its rejection (R9): left out of the overdue time.
            "not_late": [{"from": iso_z(start), "to": iso_z(end)}
                         for start, end in lateness.not_late],
            "days": lateness.days,
            "percent_before_cap": str(credit.percent_before_cap),
            "percent": str(credit.percent),
            "capped_per_breach": credit.capped_per_breach,
            "base": {
                "month": str(base.month),
                "amount": money_str(base.amount),
                "invoiced": None if base.invoiced is None else money_str(base.invoiced),
                "paid": None if base.paid is None else money_str(base.paid),
                "reason": base.reason,
            },
            "exact": str(credit.exact),
            "amount_before_cap": money_str(self.amount_before_cap),
            "amount_after_cap": money_str(self.amount_after_cap),
            "annual_cap": self.cap.cap,
            "year_used_before": money_str(self.cap.used_before),
            "payable": money_str(self.payable),
            "claim_deadline": window.last_day.isoformat(),
            "claim_status": self.claim.status,
            "claim_received_on": (None if self.claim.received_on is None
                                  else self.claim.received_on.isoformat()),
            "claim_note": self.claim.note,
            "not_attributable_reason": credit.not_attributable_reason,
            "reason": credit.reason,
        }


@dataclass(frozen=True)
class Totals:
    owed: Decimal  # claimable + claimed, after the annual caps
    claimed: Decimal
    claimable: Decimal
    lapsed: Decimal  # what lapsed, before any cap
    capped: Decimal  # taken off by the annual caps

    def to_dict(self) -> dict[str, str]:
        return {name: money_str(getattr(self, name))
                for name in ("owed", "claimed", "claimable", "lapsed", "capped")}


@dataclass(frozen=True)
class Statement:
    customer: str
    month: Month
    now: datetime
    caps: CapSettings
    lines: tuple[StatementLine, ...]
    annual_cap: CapArithmetic | None = None  # None when the caps are off
    totals: Totals = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "totals", _totals(self.lines))

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly: amounts as strings '125.00', instants ISO 8601 UTC with Z."""
        return {
            "customer": self.customer,
            "month": str(self.month),
            "as_of": iso_z(self.now),
            "caps": {"enabled": self.caps.enabled, "percent": str(self.caps.percent),
                     "amount": money_str(self.caps.amount),
                     "project_price": (None if self.caps.project_price is None
                                       else money_str(self.caps.project_price))},
            "annual_cap": None if self.annual_cap is None else self.annual_cap.to_dict(),
            "lines": [line.to_dict() for line in self.lines],
            "totals": self.totals.to_dict(),
        }


def _totals(lines: Iterable[StatementLine]) -> Totals:
    owed = claimed = claimable = lapsed = capped = ZERO
    for line in lines:
        status = line.claim.status
        owed += line.payable
        if status == CLAIMED:
            claimed += line.amount_after_cap
        elif status == CLAIMABLE:
            claimable += line.amount_after_cap
        elif status == LAPSED:
            lapsed += line.amount_before_cap
        capped += line.cap.reduction
    return Totals(owed, claimed, claimable, lapsed, capped)


def assess_breach(breach: BreachInput, fees: Mapping[date, Fee], claims: Sequence[Claim],
                  now: datetime) -> tuple[IncidentCredit, ClaimAssessment]:
    """One breach's credit and claim status, before the annual caps."""
    credit = incident_credit(breach, fees, now)
    window = claim_window(breach.deadline)
    claim = assess_claim(window, owed=credit.owed, received=received_dates(claims, breach.key),
                         today=brussels_date(now, "now"))
    return credit, claim


def incident_statement(customer_label: str, month: Month, breaches: Sequence[BreachInput],
                       fees: Mapping[date, Fee], claims: Sequence[Claim], caps: CapSettings,
                       now: datetime, *, invoices: Sequence[Invoice] | None = None) -> Statement:
    """The month's statement as of `now`; lines in breach order. `invoices` are the
    agreement's, the annual cap's base (R22); without any, the monthly fees are."""
    require_aware(now, "now")
    assessed = [assess_breach(breach, fees, claims, now) for breach in breaches]
    items = [CapItem(credit.breach.deadline, credit.amount,
                     consumes=claim.status in (CLAIMABLE, CLAIMED))
             for credit, claim in assessed]
    capped = apply_annual_caps(items, fees, caps, invoices=invoices)
    lines = [StatementLine(credit, claim, cap)
             for (credit, claim), cap in zip(assessed, capped, strict=True)
             if Month.of(credit.breach.deadline) == month]
    lines.sort(key=lambda line: (as_utc(line.breach.deadline), line.breach.reference,
                                 line.breach.clock))
    return Statement(customer_label, month, now, caps, tuple(lines),
                     cap_arithmetic(month, capped, fees, invoices, caps))
