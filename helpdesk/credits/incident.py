"""The credit for one breached reaction or resolution time (art. 40.3, R10, R14, R15)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from .fees import Fee, FeeBase, fee_base
from .instants import brussels_date, require_aware
from .lateness import Lateness, days_late
from .money import HUNDRED, ZERO, cents, percent_of

PERCENT_PER_DAY = Decimal(10)  # art. 40.3: "tien procent (10%) ... per overschreden dag"
PERCENT_CAP = HUNDRED  # art. 40.3: "nooit meer ... dan honderd procent (100%)"

# Art. 40.1/36, 39.1.3 and force majeure: the grounds on which a breach is not *solely*
# attributable to the provider. Staff may also write their own reason; these are the usual.
NOT_ATTRIBUTABLE_REASONS: dict[str, str] = {
    "customer_cooperation": "customer cooperation lacking (art. 36, 40.1)",
    "external_supplier": "waiting for an external supplier (art. 39.1.3)",
    "force_majeure": "force majeure",
}


@dataclass(frozen=True)
class BreachKey:
    """Which breach a claim is about; `clock=None` covers every breach of the ticket."""

    reference: str
    clock: str | None = None

    def covers(self, reference: str, clock: str) -> bool:
        return self.reference == reference and self.clock in (None, clock)


@dataclass(frozen=True)
class BreachInput:
    """One breached clock as the SLA engine reports it, with staff's attribution mark."""

    reference: str  # the ticket reference
    clock: str  # "reaction" or "resolution"
    priority: str  # priority in force when the breach happened (R12)
    deadline: datetime
    stopped_at: datetime | None = None
    not_attributable_reason: str | None = None
    # From each fix the customer rejected to the rejection (R9): the clock did not run.
    stopped_stretches: tuple[tuple[datetime, datetime], ...] = ()

    def __post_init__(self) -> None:
        require_aware(self.deadline, "deadline")
        if self.stopped_at is not None:
            require_aware(self.stopped_at, "stopped_at")
        if self.not_attributable_reason is not None and not self.not_attributable_reason.strip():
            raise ValueError("a breach marked not solely attributable needs a reason (art. 40.3)")

    @property
    def key(self) -> BreachKey:
        return BreachKey(self.reference, self.clock)

    @property
    def breach_date(self) -> date:
        """Brussels date on which the deadline was first exceeded."""
        return brussels_date(self.deadline, "deadline")


@dataclass(frozen=True)
class IncidentCredit:
    """Every figure of the working, so a statement can show how the amount came about."""

    breach: BreachInput
    lateness: Lateness
    base: FeeBase
    percent_before_cap: Decimal  # 10 % × days
    percent: Decimal  # after the 100 % cap per breach
    capped_per_breach: bool
    exact: Decimal  # percent × base, not rounded
    amount: Decimal  # rounded once, half up, to the cent (R15); zero when not owed
    not_attributable_reason: str | None

    @property
    def days(self) -> int:
        return self.lateness.days

    @property
    def owed(self) -> bool:
        return self.amount > 0

    @property
    def reason(self) -> str | None:
        """Why nothing (or less than the invoiced fee) is owed, in words for the statement."""
        if self.not_attributable_reason is not None:
            return f"not solely attributable to the provider: {self.not_attributable_reason}"
        if self.lateness.days == 0:
            return "the deadline was not exceeded"
        return self.base.reason


def incident_credit(breach: BreachInput, fees: Mapping[date, Fee], now: datetime) -> IncidentCredit:
    """Art. 40.3: 10 % of the base per day late, at most 100 % of it, rounded once."""
    lateness = days_late(breach.deadline, breach.stopped_at, now, breach.stopped_stretches)
    base = fee_base(fees, breach.deadline)
    before = PERCENT_PER_DAY * lateness.days
    percent = min(before, PERCENT_CAP)
    exact = percent_of(percent, base.amount)
    reason = breach.not_attributable_reason
    if reason is not None:
        reason = NOT_ATTRIBUTABLE_REASONS.get(reason, reason)
    amount = ZERO if reason is not None else cents(exact)
    return IncidentCredit(
        breach=breach,
        lateness=lateness,
        base=base,
        percent_before_cap=before,
        percent=percent,
        capped_per_breach=before > PERCENT_CAP,
        exact=exact,
        amount=amount,
        not_attributable_reason=reason,
    )
