"""The 72-hour clock of a personal-data breach, as pure functions of instants.

Seed 003 and seed 004 annex 2 art. 6.1: "binnen 72 uur". R24: calendar time, every second
counts: no service windows, no holidays, no closing days. The hours are real (elapsed) hours,
so they are added in UTC: a breach discovered at 12:00 Brussels on the Saturday before the
spring-forward night is due at 13:00 Brussels on the Tuesday (STYLE.md 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

NOTIFY_WITHIN = timedelta(hours=72)
# Like a P1's warnings (SPEC escalation): at 75 % and 90 % of the time, then at the deadline.
LEVELS: tuple[tuple[str, float], ...] = (("75", 0.75), ("90", 0.90), ("overdue", 1.0))


def _utc(instant: datetime) -> datetime:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError(f"naive datetime {instant!r}: the breach clock needs aware instants")
    return instant.astimezone(UTC)


def notification_deadline(discovered_at: datetime) -> datetime:
    """When every affected customer must have been told: discovery + 72 real hours (UTC)."""
    return _utc(discovered_at) + NOTIFY_WITHIN


def level_instant(discovered_at: datetime, fraction: float) -> datetime:
    """The instant `fraction` of the 72 hours has passed (0.75 -> 54 h after discovery)."""
    return _utc(discovered_at) + NOTIFY_WITHIN * fraction


def levels_reached(discovered_at: datetime, now: datetime) -> list[tuple[str, datetime]]:
    """The escalation levels reached by `now`, each with the instant it was reached."""
    reached = []
    for level, fraction in LEVELS:
        at = level_instant(discovered_at, fraction)
        if at <= _utc(now):
            reached.append((level, at))
    return reached


@dataclass(frozen=True)
class BreachClock:
    """One customer's clock (or the breach's, taking the last customer told)."""

    discovered_at: datetime
    due_at: datetime
    stopped_at: datetime | None  # when the customer was told; None while running
    now: datetime

    @property
    def running(self) -> bool:
        return self.stopped_at is None

    @property
    def end(self) -> datetime:
        return self.now if self.stopped_at is None else self.stopped_at

    @property
    def remaining_seconds(self) -> int:
        """Seconds left (negative once overdue), as of the stop or now."""
        return int((self.due_at - self.end).total_seconds())

    @property
    def late(self) -> bool:
        return self.end > self.due_at

    @property
    def state(self) -> str:
        """running, overdue (running past the deadline), met or late (stopped)."""
        if self.running:
            return "overdue" if self.late else "running"
        return "late" if self.late else "met"

    @property
    def used_fraction(self) -> float:
        total = (self.due_at - self.discovered_at).total_seconds()
        return (self.end - self.discovered_at).total_seconds() / total


def clock(discovered_at: datetime, stopped_at: datetime | None, now: datetime) -> BreachClock:
    return BreachClock(discovered_at=_utc(discovered_at),
                       due_at=notification_deadline(discovered_at),
                       stopped_at=None if stopped_at is None else _utc(stopped_at),
                       now=_utc(now))
