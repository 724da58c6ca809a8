"""Days late (R10): each started 24 h past the deadline counts as a day, in real elapsed
time from the deadline until the clock stopped, or until `now` while it still runs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .instants import as_utc

DAY = timedelta(hours=24)
SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class Lateness:
    deadline: datetime
    measured_until: datetime  # the stop, or `now` while the clock still runs
    still_running: bool
    overdue_seconds: int  # whole seconds, for display; `days` uses the exact excess
    days: int


def started_days(excess: timedelta) -> int:
    """1 s → 1, exactly 24 h → 1, 24 h + 1 s → 2; nothing or negative → 0 (R10)."""
    if excess <= timedelta(0):
        return 0
    return -(-excess // DAY)


def days_late(deadline: datetime, stopped_at: datetime | None, now: datetime) -> Lateness:
    """Lateness of one clock as of `now`.

    A stop recorded after `now` is not known yet at `now`, so the clock counts as running.
    Everything is subtracted in UTC, so a DST change never adds or loses an hour.
    """
    deadline = as_utc(deadline, "deadline")
    now = as_utc(now, "now")
    if stopped_at is not None:
        stopped_at = as_utc(stopped_at, "stopped_at")
    running = stopped_at is None or stopped_at > now
    until = now if running or stopped_at is None else stopped_at
    excess = until - deadline
    return Lateness(
        deadline=deadline,
        measured_until=until,
        still_running=running,
        overdue_seconds=max(0, excess // SECOND),
        days=started_days(excess),
    )
