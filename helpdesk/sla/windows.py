"""Window arithmetic for the shells: when a window opens, and window time added to an instant.

Used for R3 notices ("the clock starts at ..."), warnings at a share of a target, and
reminders counted in working days; the same compiled calendars as the deadlines.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .calendar import CalendarSpec
from .clockstate import ClockState
from .compiled import compiled
from .definition import Sla
from .instants import from_epoch, require_aware, to_epoch
from .running import supplier_hold_end
from .suspension import Suspension


def window_opening(sla: Sla, priority: str, at: datetime) -> datetime:
    """R3: the instant a clock started at `at` begins to count (`at` itself inside a window)."""
    require_aware(at, "at")
    return from_epoch(compiled(sla.calendar_for(priority)).next_opening(to_epoch(at)))


def add_window_time(calendar: CalendarSpec, start: datetime, seconds: int) -> datetime:
    """R5: the earliest instant at which `seconds` of window time are counted from `start`."""
    require_aware(start, "start")
    if seconds <= 0:
        return start
    return from_epoch(compiled(calendar).advance(to_epoch(start), seconds))


def next_working_day_start(sla: Sla, at: datetime) -> datetime:
    """The opening of the first working day after the (local) day of `at`."""
    require_aware(at, "at")
    calendar = sla.calendar
    local = at.astimezone(calendar.tz)
    midnight = datetime(local.year, local.month, local.day, tzinfo=calendar.tz) + timedelta(
        days=1)
    return from_epoch(compiled(calendar).next_opening(to_epoch(midnight)))


def supplier_suspension(sla: Sla, waiting: datetime, delivered: datetime | None) -> Suspension:
    """Art. 39.1.3 (R6): waiting for a supplier from `waiting`; once it delivered, the clock
    stays suspended through the end of that day (or of the next working day when that day
    is a weekend day or holiday). `delivered` None: still waiting, open-ended."""
    require_aware(waiting, "waiting")
    end = None
    if delivered is not None:
        require_aware(delivered, "delivered")
        end = from_epoch(supplier_hold_end(sla.calendar, to_epoch(delivered)))
    return Suspension(waiting, end, "waiting for an external supplier (art. 39.1.3, R6)")


def working_days_after(sla: Sla, start: datetime, days: int) -> datetime:
    """`days` working days of the contract's office calendar after `start` (R4 day length)."""
    return add_window_time(sla.calendar, start, days * sla.calendar.day_seconds)


def instant_at_share(sla: Sla, clock: ClockState, share: float, now: datetime) -> datetime | None:
    """When a running clock will have counted `share` of its target, if nothing changes.

    Future events are unknown, so from `now` (or the announced resumption of a paused
    clock) the clock simply counts on through its calendar.
    """
    if clock.target_seconds is None or clock.priority is None:
        return None
    if clock.state not in ("running", "paused"):
        return None
    goal = int(clock.target_seconds * share)
    missing = goal - clock.counted_seconds
    if missing <= 0:
        return now
    if clock.state == "paused":
        if clock.resumes_at is None:
            return None  # waits for the supplier: no instant can be known
        origin = max(clock.resumes_at, now)
    else:
        origin = now
    return add_window_time(sla.calendar_for(clock.priority), origin, missing)
