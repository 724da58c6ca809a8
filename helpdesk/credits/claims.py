"""Claim windows (art. 40.4, art. 16.7, seed 001; R17, R19): when a credit must be claimed,
and whether it was.

Reading of "binnen de zeven (7) dagen vanaf de eerste overschrijding" (art. 40.4): the window
is counted *per breach*, from the first day the deadline was exceeded (the deadline's Brussels
date), not from the day the overrun ended: a late clock goes on "exceeding" day after day, and
the notice is due seven days after the first of them. A ticket's later resolution breach opens
its own window; reading "first breach" per ticket would let that second credit lapse before it
arose, which no customer could meet.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .incident import BreachKey
from .instants import brussels_date

INCIDENT_CLAIM_DAYS = 7  # art. 40.4: registered letter within 7 days
AVAILABILITY_CLAIM_DAYS = 15  # seed 001, SLA "Maatregelen": e-mail within 15 days
PRESCRIPTION_MONTHS = 6  # art. 16.7: every claim lapses 6 months after the customer knew

CLAIMABLE = "claimable"
CLAIMED = "claimed"
LAPSED = "lapsed"
NOT_OWED = "not owed"
STATUSES: tuple[str, ...] = (CLAIMABLE, CLAIMED, LAPSED, NOT_OWED)
OPEN_NOTE = ("an outage is still going on: the claim window closes 15 days after it ends "
             "(R19)")


@dataclass(frozen=True)
class Claim:
    """A registered letter (or, for availability, an e-mail) received on a Brussels date."""

    received_on: date
    keys: tuple[BreachKey, ...]

    def __post_init__(self) -> None:
        if not isinstance(self.received_on, date) or isinstance(self.received_on, datetime):
            raise TypeError(f"Claim.received_on must be a date, got {self.received_on!r}")
        if not self.keys:
            raise ValueError("a claim must name at least one breach (ticket reference)")

    def covers(self, key: BreachKey) -> bool:
        return any(own.covers(key.reference, key.clock or "") for own in self.keys)


@dataclass(frozen=True)
class ClaimWindow:
    breach_date: date  # the first day a claim can be about
    # Breach date + 7 (art. 40.4); for availability the last counted outage's end + 15 (R19),
    # None while that outage goes on: the window cannot close before the outage has.
    notice_deadline: date | None
    prescription_deadline: date  # day the customer knew + 6 months: art. 16.7
    # The earlier of the two; a claim received that day is in time (R17). None: still open.
    last_day: date | None

    @property
    def bound_by(self) -> str:
        if self.notice_deadline is None:
            return "open while an outage goes on (R19)"
        if self.prescription_deadline < self.notice_deadline:
            return "art. 16.7 (6 months after the customer knew)"
        return "notice period from the first breach"


@dataclass(frozen=True)
class ClaimAssessment:
    window: ClaimWindow
    status: str
    received_on: date | None  # the claim that counts (the earliest in time), if any
    note: str | None = None


def add_months(day: date, months: int) -> date:
    """Same day `months` later, or the month's last day when it has no such day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def claim_window(breach_instant: datetime, *, days: int = INCIDENT_CLAIM_DAYS,
                 known_on: date | None = None) -> ClaimWindow:
    """R17: calendar days on Brussels dates: the last day is the breach date plus `days`.

    `known_on` is the day the customer knew or could have known (art. 16.7); it defaults to
    the breach date, when the 7- or 15-day notice always ends first.
    """
    if days < 0:
        raise ValueError(f"a claim window cannot be negative, got {days} days")
    first = brussels_date(breach_instant, "breach instant")
    notice = first + timedelta(days=days)
    prescription = add_months(known_on or first, PRESCRIPTION_MONTHS)
    return ClaimWindow(first, notice, prescription, min(notice, prescription))


def availability_claim_window(reached: datetime, last_outage_end: datetime | None,
                              ) -> ClaimWindow:
    """R19, seed 001 "binnen uiterlijk 15 dagen na de opgetreden onbeschikbaarheid": a month's
    credit may be claimed from the day its downtime reached 45 minutes until the 15th
    calendar day (Brussels) after the end of the month's last counted outage; `None` for an
    outage still going on, which keeps the window open.
    """
    first = brussels_date(reached, "threshold instant")
    prescription = add_months(first, PRESCRIPTION_MONTHS)
    if last_outage_end is None:
        return ClaimWindow(first, None, prescription, None)
    notice = brussels_date(last_outage_end, "outage end") + timedelta(
        days=AVAILABILITY_CLAIM_DAYS)
    return ClaimWindow(first, notice, prescription, min(notice, prescription))


def assess_claim(window: ClaimWindow, *, owed: bool, received: Iterable[date],
                 today: date) -> ClaimAssessment:
    """The status of one credit on Brussels date `today`.

    A letter received on or before the last day is in time, whatever the hour; one received
    later does not revive a lapsed credit. A letter dated before the breach cannot be about
    it and is not counted.
    """
    dates = sorted(received)
    last = date.max if window.last_day is None else window.last_day  # None: open (R19)
    early = [d for d in dates if d < window.breach_date]
    timely = [d for d in dates if window.breach_date <= d <= last]
    late = [d for d in dates if d > last]
    note = None
    if early and not timely:
        note = f"claim received {early[0].isoformat()}, before the breach: not counted"
    if not owed:
        return ClaimAssessment(window, NOT_OWED, timely[0] if timely else None, note)
    if timely:
        return ClaimAssessment(window, CLAIMED, timely[0], None)
    if late:
        return ClaimAssessment(window, LAPSED, late[0],
                               f"claim received {late[0].isoformat()}, after the last day "
                               f"{last.isoformat()}")
    if window.last_day is None:
        return ClaimAssessment(window, CLAIMABLE, None, note or OPEN_NOTE)
    if today <= last:
        return ClaimAssessment(window, CLAIMABLE, None, note)
    return ClaimAssessment(window, LAPSED, None, note or "no claim received in time")


def received_dates(claims: Iterable[Claim], key: BreachKey) -> list[date]:
    return [claim.received_on for claim in claims if claim.covers(key)]
