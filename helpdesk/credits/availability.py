"""Availability credits of the hosting SLA (seed 001, "Service Level Agreement"; R11).

Availability is guaranteed at 99.9 % per calendar month per service. When a service was
unavailable for at least 45 minutes in a month, the credit is 20 % of that month's fee per
*full* extra hour, at most 100 % (R11 literal: 20 × floor((downtime − 45 min) / 60 min)).
Downtime is counted exactly in seconds; whole minutes would only hide the seconds.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

from .claims import ClaimAssessment, assess_claim, availability_claim_window
from .instants import as_utc, brussels_date
from .maintenance import MaintenanceWindow, WindowInMonth, exclude_maintenance
from .money import HUNDRED, ZERO, cents, percent_of, require_money
from .months import Month
from .spans import Span, intersect, merge, subtract

THRESHOLD = timedelta(minutes=45)  # "ten minste 45 minuten onbeschikbaar"
HOUR = timedelta(hours=1)
SECOND = timedelta(seconds=1)
PERCENT_PER_HOUR = 20  # "20% ... per volledig extra uur onbeschikbaarheid"
PERCENT_CAP = 100  # "met een maximum van 100%"
SETTLEMENT = ("credit against future invoices only: never paid out, never set against "
              "open invoices (seed 001, SLA 'Maatregelen')")


class OutageCause(StrEnum):
    UNAVAILABLE = "unavailable"  # no exclusion applies: counted
    ANNOUNCED_MAINTENANCE = "announced_maintenance"
    EMERGENCY_MAINTENANCE = "emergency_maintenance"
    CUSTOMER_SOFTWARE = "customer_software"
    OUTSIDE_SLA = "outside_sla"
    BREACH_OF_TERMS = "breach_of_terms"
    FORCE_MAJEURE = "force_majeure"
    GOVERNMENT_MEASURE = "government_measure"
    FIREWALL_BLOCK = "firewall_block"
    OPEN_INVOICES = "open_invoices"


# Seed 001, SLA "Maatregelen": situations in which no compensation is due.
EXCLUSIONS: dict[OutageCause, str] = {
    OutageCause.ANNOUNCED_MAINTENANCE: "announced maintenance",
    OutageCause.EMERGENCY_MAINTENANCE: "unannounced emergency maintenance",
    OutageCause.CUSTOMER_SOFTWARE: "error in software the customer installed or uses",
    OutageCause.OUTSIDE_SLA: "error in products or services outside this SLA",
    OutageCause.BREACH_OF_TERMS: "customer acted against the general terms",
    OutageCause.FORCE_MAJEURE: "force majeure, including DDoS attacks",
    OutageCause.GOVERNMENT_MEASURE: "measures imposed by government or authorities",
    OutageCause.FIREWALL_BLOCK: "IP address blocked by a firewall for security reasons",
    OutageCause.OPEN_INVOICES: "customer had open invoices at the time",
}


@dataclass(frozen=True)
class Outage:
    service: str
    start: datetime
    end: datetime | None  # None while the service is still down
    cause: OutageCause = OutageCause.UNAVAILABLE

    def __post_init__(self) -> None:
        start = as_utc(self.start, "outage start")
        if self.end is not None and as_utc(self.end, "outage end") < start:
            raise ValueError(f"outage ends {self.end} before it starts {self.start}")
        object.__setattr__(self, "cause", OutageCause(self.cause))

    @property
    def exclusion(self) -> str | None:
        return EXCLUSIONS.get(self.cause)


@dataclass(frozen=True)
class OutageInMonth:
    """An outage as far as it falls in the month (split at the Brussels month boundary)."""

    outage: Outage
    start: datetime
    end: datetime
    seconds: int
    exclusion: str | None  # kept and shown, but not counted


@dataclass(frozen=True)
class AvailabilityMonth:
    service: str
    month: Month
    month_seconds: int
    complete: bool  # False while `now` is still inside the month
    outages: tuple[OutageInMonth, ...]
    downtime_seconds: int  # counted: merged, excluded time taken out
    availability_percent: Decimal  # rounded down to 0.001 for display
    objective_met: bool  # at least 99.9 %, compared exactly
    full_extra_hours: int
    percent_before_cap: int
    percent: int
    fee: Decimal
    amount: Decimal
    threshold_reached_at: datetime | None  # when counted downtime reached 45 minutes
    claim: ClaimAssessment | None
    settlement: str = SETTLEMENT
    # Seed 001: downtime inside announced or emergency maintenance windows is not counted.
    maintenance: tuple[WindowInMonth, ...] = ()
    maintenance_excluded_seconds: int = 0
    # R20: how the month's fee base was found (paid, pro rata); None when given bare
    fee_note: str | None = None


def credit_percent(downtime: timedelta) -> tuple[int, int, int]:
    """(full extra hours, percent before cap, percent) for a month's counted downtime (R11)."""
    if downtime < THRESHOLD:
        return 0, 0, 0
    hours = (downtime - THRESHOLD) // HOUR
    before = PERCENT_PER_HOUR * hours
    return hours, before, min(before, PERCENT_CAP)


def _threshold_instant(spans: list[Span]) -> datetime | None:
    left = THRESHOLD
    for start, end in spans:
        if end - start >= left:
            return start + left
        left -= end - start
    return None


def _last_counted_end(kept: Sequence[OutageInMonth], spans: list[Span],
                      ) -> datetime | None:
    """R19: when the month's last counted outage ended; None while one still goes on.

    An outage is counted when some of its seconds in the month are left after exclusions
    and maintenance. Its end is the outage's own end, not the month's: one running past
    midnight on the last day "occurred" until it ended (and until then keeps the window
    open), although only its part inside the month counts towards this month's credit.
    """
    ends: list[datetime] = []
    for part in kept:
        if part.exclusion or not intersect(spans, (part.start, part.end)):
            continue
        if part.outage.end is None:
            return None
        ends.append(as_utc(part.outage.end))
    return max(ends)


def availability_month(service: str, month: Month, outages: Sequence[Outage], fee: Decimal,
                       *, now: datetime, claims_received: Iterable[date] = (),
                       windows: Sequence[MaintenanceWindow] = (),
                       fee_note: str | None = None) -> AvailabilityMonth:
    """One service's availability and credit for one Brussels month, as of `now`.

    `fee` is that month's fee for the service (seed 001: "de voor de betreffende maand
    betaalde kosten"; R20: the paid fee, pro rata for a quarter or a year, from
    helpdesk.credits.service_fees, which also gives `fee_note`). The claim window opens on
    the Brussels date on which the month's counted downtime reached the 45-minute threshold
    and closes 15 days after the month's last counted outage ended (R19); one claim covers
    the whole month. Downtime inside the service's maintenance `windows` is taken out
    (helpdesk/credits/maintenance.py).
    """
    now = as_utc(now, "now")
    require_money(fee, "fee")
    until = min(month.end, now)
    kept: list[OutageInMonth] = []
    counted: list[Span] = []
    excluded: list[Span] = []
    for outage in outages:
        if outage.service != service:
            continue
        # all in UTC: Python subtracts datetimes sharing a tzinfo by wall clock
        start = max(as_utc(outage.start), month.start)
        end = min(now if outage.end is None else as_utc(outage.end), until)
        if end <= start:
            continue
        kept.append(OutageInMonth(outage, start, end, (end - start) // SECOND, outage.exclusion))
        (excluded if outage.exclusion else counted).append((start, end))
    maintenance = exclude_maintenance(subtract(merge(counted), merge(excluded)), windows,
                                      service=service, start=month.start, until=until, now=now)
    spans = maintenance.remaining
    downtime = sum((end - start for start, end in spans), timedelta(0))
    down_seconds = downtime // SECOND
    hours, before, percent = credit_percent(downtime)
    amount = cents(percent_of(percent, fee))
    reached = _threshold_instant(spans)
    claim = None
    if reached is not None:
        window = availability_claim_window(reached, _last_counted_end(kept, spans))
        claim = assess_claim(window, owed=amount > 0, received=claims_received,
                             today=brussels_date(now, "now"))
    available = (1 - Decimal(down_seconds) / Decimal(month.seconds)) * HUNDRED
    return AvailabilityMonth(
        service=service,
        month=month,
        month_seconds=month.seconds,
        complete=now >= month.end,
        outages=tuple(sorted(kept, key=lambda o: (o.start, o.end))),
        downtime_seconds=down_seconds,
        availability_percent=available.quantize(Decimal("0.001"), rounding=ROUND_DOWN),
        objective_met=down_seconds * 1000 <= month.seconds,
        full_extra_hours=hours,
        percent_before_cap=before,
        percent=percent,
        fee=fee,
        amount=amount if amount > 0 else ZERO,
        threshold_reached_at=reached,
        claim=claim,
        maintenance=maintenance.windows,
        maintenance_excluded_seconds=maintenance.excluded_seconds,
        fee_note=fee_note,
    )
