"""What the fold returns: each clock's state and the ticket's clocks as of `now`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from .calendar import CalendarSpec
from .explanation import Explanation, ExplanationRow, build_rows
from .instants import from_epoch, to_epoch
from .suspension import Span

# A calendar-day or -month target (e.g. seed 004 annex 1's permanent fix, "twee (2) weken"):
WALL_CLOCK_NOTE = ("calendar time: the deadline is the same local wall-clock time that many "
                   "days or months after the start; every second counts, nights, weekends "
                   "and holidays included")

_T = TypeVar("_T")
_new, _set = object.__new__, object.__setattr__

STATES: tuple[str, ...] = ("pending", "running", "paused", "met", "breached", "void")
STOPPED_REASON = "stopped: fix delivered, later rejected (not counted, R9)"


def built(cls: type[_T], fields: dict[str, Any]) -> _T:
    """An instance of the frozen dataclass `cls` from a dict holding every field's value.

    The generated __init__ sets each field through object.__setattr__ (20 calls for a
    ClockState), which costs more than the rest of folding a typical ticket, and the
    scheduler folds every open ticket. The result is the object __init__ would build
    (eq, hash and repr are the dataclass's own); tests/sla/test_fold_internals.py checks
    that the fold passes every field.
    """
    instance = _new(cls)
    _set(instance, "__dict__", fields)
    return instance


Segment = tuple[int, CalendarSpec, tuple[int, int] | None]
"""A stretch of a clock counted in one calendar: (start in epoch seconds, calendar, the
stop → rejection gap preceding it or None). A plain tuple, as `Span`: every started clock
of every folded ticket makes one, and a tuple costs a fraction of a frozen dataclass."""


@dataclass(frozen=True)
class ClockState:
    """One clock as of `now`.

    state: pending (not started), running, paused (supplier suspension), met (stopped in
    time), breached (deadline passed, stopped late or still running), void (not an
    incident, or no such clock for this priority: `applicable` tells which).
    """

    name: str
    label: str
    applicable: bool
    state: str
    start: datetime | None = None
    target_seconds: int | None = None
    deadline: datetime | None = None
    counted_seconds: int = 0
    remaining_seconds: int | None = None
    stopped_at: datetime | None = None
    breached_at: datetime | None = None
    overdue_seconds: int = 0
    priority_at_breach: str | None = None
    resumes_at: datetime | None = None
    sla: str = ""
    priority: str | None = None
    segments: tuple[Segment, ...] = ()
    spans: tuple[Span, ...] = ()
    timezone: str = "Europe/Brussels"

    @property
    def breached(self) -> bool:
        return self.breached_at is not None and self.state == "breached"

    @property
    def stopped_stretches(self) -> tuple[tuple[datetime, datetime], ...]:
        """From each fix the customer rejected to the rejection: the clock did not run (R9)."""
        return tuple((from_epoch(gap[0]), from_epoch(gap[1]))
                     for _, _, gap in self.segments if gap is not None)

    def explanation(self, until: datetime | None = None) -> Explanation:
        """Counted intervals and excluded spans from the start to `until`.

        `until` defaults to the stop (or the instant the fold was computed for), so the
        counted seconds of the rows sum to `counted_seconds`.
        """
        if not self.segments or self.start is None:
            return Explanation(self.sla, self.priority or "", self.name, self.applicable,
                               self.start, self.target_seconds, self.deadline, until,
                               self.timezone)
        end = to_epoch(until, "until") if until is not None else self._end
        rows: list[ExplanationRow] = []
        for index, (start, spec, gap_before) in enumerate(self.segments):
            if start >= end:
                break
            if gap_before is not None:
                gap_start, gap_end = gap_before
                rows.append(ExplanationRow(from_epoch(gap_start), from_epoch(gap_end), False,
                                           STOPPED_REASON, spec.timezone))
            following = self.segments[index + 1:]
            stop = end
            if following:
                next_start, _, next_gap = following[0]
                stop = min(end, next_gap[0] if next_gap else next_start)
            rows += build_rows(spec, start, stop, list(self.spans))
        wall_clock = self.segments[-1][1].is_elapsed
        notes = (WALL_CLOCK_NOTE,) if wall_clock else ()
        return Explanation(self.sla, self.priority or "", self.name, self.applicable,
                           self.start, self.target_seconds, self.deadline, until,
                           self.timezone, tuple(rows), notes, wall_clock)

    _end: int = field(default=0, repr=False)


@dataclass(frozen=True)
class Breach:
    clock: str
    deadline: datetime
    priority: str


@dataclass(frozen=True)
class TicketClocks:
    """The fold of a ticket's events as of `now`."""

    now: datetime
    priority: str | None
    status: str
    clocks: dict[str, ClockState]
    breaches: tuple[Breach, ...]
    fix_rejections: tuple[datetime, ...]
    tier: int
    next_deadline: datetime | None
    next_event_instant: datetime | None
    # The earliest deadline of a clock still counting or overdue (not stopped): unlike
    # next_deadline (only deadlines ahead, which the escalation plan wakes for) it keeps a
    # passed deadline, so overdue tickets sort first, the most overdue at the top (#19).
    earliest_open_deadline: datetime | None = None

    @property
    def escalation_count(self) -> int:
        """R9: breaches and insufficient-fix rejections count alike."""
        return len(self.breaches) + len(self.fix_rejections)

