"""When a maintenance window may be recorded, and series of windows in Brussels wall time.

Seed 000 part 7: planned maintenance happens in fixed windows ("donderdag van 21.00 uur ...
tot ... 22.00 uur", fortnightly) and is announced in the application at least 30 minutes
before; unplanned maintenance is announced as early as possible. Recording a window *is* its
announcement (the portal shows it from that instant), so a planned window must start at least
30 minutes after it is recorded; an emergency window may have started already but not ended.

A series keeps the local wall-clock times: every other Thursday 21:00-22:00 stays 21:00-22:00
in Brussels across the DST changes (STYLE.md 5: calendar arithmetic in the zone, store UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from helpdesk.credits.instants import BRUSSELS, as_utc
from helpdesk.credits.maintenance import EMERGENCY, KINDS, NOTICE, PLANNED

MAX_OCCURRENCES = 52  # a year of weekly windows; more is a typing mistake
MAX_EVERY_WEEKS = 8


class MaintenanceRefused(ValueError):
    """The window cannot be recorded or changed; `code` names the rule, `params` the figures
    the message needs (the web layer translates it)."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Occurrence:
    start: datetime  # UTC
    end: datetime  # UTC


def brussels_instant(wall: datetime) -> datetime:
    """A Brussels wall-clock time (naive, as a datetime-local field sends it) as UTC.

    A time in the spring-forward gap (02:00-03:00 on the last Sunday of March) does not
    exist and is refused; in the autumn an ambiguous time means its first occurrence (CEST).
    """
    if wall.tzinfo is not None:
        return as_utc(wall)
    aware = wall.replace(tzinfo=BRUSSELS, fold=0)
    instant = aware.astimezone(UTC)
    if instant.astimezone(BRUSSELS).replace(tzinfo=None) != wall:
        raise MaintenanceRefused(
            "nonexistent_time", f"{wall:%Y-%m-%d %H:%M} does not exist in Brussels "
            "(the clocks go forward that night); choose another time", at=wall)
    return instant


def series(start: datetime, end: datetime, *, every_weeks: int = 0,
           count: int = 1) -> list[Occurrence]:
    """`count` windows from the wall-clock `start`-`end`, repeated every `every_weeks` weeks
    on the same Brussels wall-clock times. An `end` at or before `start` is refused."""
    if not 1 <= count <= MAX_OCCURRENCES:
        raise MaintenanceRefused("count", f"a series has 1 to {MAX_OCCURRENCES} windows",
                                 maximum=MAX_OCCURRENCES)
    if count > 1 and not 1 <= every_weeks <= MAX_EVERY_WEEKS:
        raise MaintenanceRefused("every_weeks", "say every how many weeks the window repeats "
                                 f"(1 to {MAX_EVERY_WEEKS})", maximum=MAX_EVERY_WEEKS)
    found = []
    for n in range(count):
        step = timedelta(weeks=every_weeks * n)  # naive: moves the wall clock, not UTC
        first, last = brussels_instant(start + step), brussels_instant(end + step)
        if last <= first:
            raise MaintenanceRefused("ends_before_start",
                                     "the window must end after it starts")
        found.append(Occurrence(first, last))
    return found


def check_window(kind: str, start: datetime, end: datetime, *, now: datetime) -> None:
    """May a window of `kind` from `start` to `end` be announced at `now`? Refuses if not."""
    start, end, now = as_utc(start), as_utc(end), as_utc(now)
    if kind not in KINDS:
        raise MaintenanceRefused("kind", f"maintenance is {' or '.join(KINDS)}")
    if end <= start:
        raise MaintenanceRefused("ends_before_start", "the window must end after it starts")
    if kind == PLANNED and start < now + NOTICE:
        raise MaintenanceRefused(
            "planned_too_soon", "planned maintenance must be announced at least 30 minutes "
            "before it starts (seed 000 part 7); record it as emergency maintenance if it "
            "cannot wait", start=start, earliest=now + NOTICE)
    if kind == EMERGENCY and end <= now:
        raise MaintenanceRefused(
            "emergency_over", "this window has already ended: record the downtime as an "
            "outage with the cause 'emergency maintenance' instead", end=end)
