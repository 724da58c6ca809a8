"""What the scheduler owes a ticket: pure, from the fold of its events and what is recorded.

Every item has a key; the shell stores it as the event's dedup key, so each breach,
escalation, warning and reminder is recorded exactly once whoever processes the ticket.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from helpdesk.sla import VOID_STATUSES, Sla, TicketClocks
from helpdesk.sla.windows import instant_at_share, next_working_day_start, working_days_after

MAX_REMINDER_DAYS = 400
ONE_SECOND = timedelta(seconds=1)  # bounds the walk over working days for a very old phone report


@dataclass(frozen=True)
class Facts:
    """What the plan needs beyond the clocks, read from the event rows by the shell."""

    submitted_at: datetime
    confirmation_outstanding: bool = False
    open_suspension_since: datetime | None = None
    supplier: str | None = None


@dataclass(frozen=True)
class Settings:
    warning_shares: Sequence[float] = (0.75, 0.90)
    supplier_reminder_working_days: int = 3


@dataclass(frozen=True)
class Due:
    kind: str  # breach, escalation, warning, reminder
    key: str
    at: datetime
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    due: tuple[Due, ...]
    next_wake: datetime | None


def _iso(instant: datetime) -> str:
    """UTC to the second, e.g. 2026-02-02T16:00:00Z (isoformat is much cheaper than strftime)."""
    return instant.isoformat(timespec="seconds")[:19] + "Z"


def plan(sla: Sla, clocks: TicketClocks, facts: Facts, recorded: Collection[str],
         settings: Settings, now: datetime) -> Plan:
    due: list[Due] = []
    future: list[datetime] = []

    def offer(kind: str, at: datetime, key: Callable[[], str],
              payload: Callable[[], dict[str, Any]]) -> None:
        """Due now unless recorded; later, only a wake instant (its key is checked then)."""
        if at > now:
            future.append(at)
        elif (name := key()) not in recorded:
            due.append(Due(kind, name, at, payload()))

    # Art. 39.4.1: a breach is recorded at the deadline itself, however late we notice.
    for b in clocks.breaches:
        offer("breach", b.deadline, lambda b=b: f"breach:{b.clock}:{_iso(b.deadline)}",
              lambda b=b: {"clock": b.clock, "deadline": _iso(b.deadline),
                           "priority": b.priority})
    # R9: breaches and insufficient-fix rejections, in order, raise the tier.
    if clocks.tier > 1:
        causes = sorted(
            [(b.deadline, f"{b.clock} deadline missed") for b in clocks.breaches]
            + [(at, "customer rejected the fix") for at in clocks.fix_rejections]
        )
        for tier in range(2, clocks.tier + 1):
            at, cause = causes[tier - 2]
            offer("escalation", at, lambda tier=tier: f"tier:{tier}",
                  lambda tier=tier, cause=cause: {"tier": tier, "cause": cause})
    if clocks.status not in VOID_STATUSES:
        _warnings(sla, clocks, settings, now, offer)
        _reminders(sla, facts, settings, now, offer)
    if clocks.next_deadline is not None:
        # At the deadline itself the target is just used up; a second later it is exceeded
        # and the fold reports the breach (recorded at the deadline).
        future.append(clocks.next_deadline + ONE_SECOND)
    return Plan(tuple(due), min(future) if future else None)


_COUNTING = ("running", "paused")


def _warnings(sla: Sla, clocks: TicketClocks, settings: Settings, now: datetime,
              offer: Any) -> None:
    for clock in clocks.clocks.values():
        if not clock.applicable or clock.start is None or clock.breached_at is not None \
                or clock.state not in _COUNTING:
            continue  # (instant_at_share has no instant for a clock that does not count)
        for share in settings.warning_shares:
            at = instant_at_share(sla, clock, share, now)
            if at is None or (clock.deadline is not None and at >= clock.deadline):
                continue
            percent = round(share * 100)
            offer("warning", at,
                  lambda c=clock, p=percent: f"warn:{c.name}:{p}:{_iso(c.start)}",
                  lambda c=clock, p=percent: {
                      "clock": c.name, "percent": p,
                      "deadline": _iso(c.deadline) if c.deadline else None})


def _reminders(sla: Sla, facts: Facts, settings: Settings, now: datetime, offer: Any) -> None:
    if facts.confirmation_outstanding:
        # Art. 39.2.2: remind staff at the start of each working day until it arrives.
        at = next_working_day_start(sla, facts.submitted_at)
        following = next_working_day_start(sla, at)
        for _ in range(MAX_REMINDER_DAYS):
            if following > now:
                break
            at, following = following, next_working_day_start(sla, following)
        for instant in (at, following):  # today's (if missed) and the next one
            offer("reminder", instant, lambda i=instant: f"remind:confirmation:{_iso(i)}",
                  lambda: {"reason": "written confirmation of a phone report outstanding"})
    if facts.open_suspension_since is not None:
        days = settings.supplier_reminder_working_days
        since = facts.open_suspension_since
        offer("reminder", working_days_after(sla, since, days),
              lambda: f"remind:supplier:{_iso(since)}",
              lambda: {"reason": f"waiting for {facts.supplier or 'a supplier'} for more "
                                 f"than {days} working days"})
