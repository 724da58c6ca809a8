"""Days late (R10): each started 24 h past the deadline counts as a day, in real elapsed
time from the deadline until the clock stopped, or until `now` while it still runs.

A clock that stopped on a fix the customer later rejected (R9) was stopped from the fix to
the rejection: that stretch is not late, as the fold does not count it either (the provider
had stopped work in good faith on a fix it believed delivered, and how long the customer
took to reject it is not attributable to the provider, art. 40.3). The ticket's clock and
its credit therefore show the same overdue time."""

from __future__ import annotations

from collections.abc import Iterable
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
    # The stopped stretches (fix -> rejection) left out of the lateness, clipped to it.
    not_late: tuple[tuple[datetime, datetime], ...] = ()


def started_days(excess: timedelta) -> int:
    """1 s → 1, exactly 24 h → 1, 24 h + 1 s → 2; nothing or negative → 0 (R10)."""
    if excess <= timedelta(0):
        return 0
    return -(-excess // DAY)


def days_late(deadline: datetime, stopped_at: datetime | None, now: datetime,
              stopped_stretches: Iterable[tuple[datetime, datetime]] = ()) -> Lateness:
    """Lateness of one clock as of `now`.

    A stop recorded after `now` is not known yet at `now`, so the clock counts as running.
    Everything is subtracted in UTC, so a DST change never adds or loses an hour.
    `stopped_stretches`: from a fix to its rejection, when the clock did not run (R9).
    """
    deadline = as_utc(deadline, "deadline")
    now = as_utc(now, "now")
    if stopped_at is not None:
        stopped_at = as_utc(stopped_at, "stopped_at")
    running = stopped_at is None or stopped_at > now
    until = now if running or stopped_at is None else stopped_at
    not_late = []
    for start, end in stopped_stretches:
        start = max(as_utc(start, "stopped stretch"), deadline)
        end = min(as_utc(end, "stopped stretch"), until)
        if start < end:
            not_late.append((start, end))
    excess = until - deadline - sum((end - start for start, end in not_late), timedelta(0))
    return Lateness(
        deadline=deadline,
        measured_until=until,
        still_running=running,
        overdue_seconds=max(0, excess // SECOND),
        days=started_days(excess),
        not_late=tuple(not_late),
    )
