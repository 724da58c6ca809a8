"""What the fold returns: each clock's state and the ticket's clocks as of `now`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .calendar import CalendarSpec
from .explanation import Explanation, ExplanationRow, build_rows
from .instants import from_epoch, to_epoch
from .suspension import Span

STATES: tuple[str, ...] = ("pending", "running", "paused", "met", "breached", "void")
STOPPED_REASON = "stopped: fix delivered, later rejected (not counted, R9)"


@dataclass(frozen=True)
class Segment:
    """A stretch of a clock counted in one calendar, from `start` (epoch seconds)."""

    start: int
    spec: CalendarSpec
    gap_before: tuple[int, int] | None = None  # a stop → rejection gap preceding it


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
        for index, segment in enumerate(self.segments):
            if segment.start >= end:
                break
            if segment.gap_before is not None:
                gap_start, gap_end = segment.gap_before
                rows.append(ExplanationRow(from_epoch(gap_start), from_epoch(gap_end), False,
                                           STOPPED_REASON, segment.spec.timezone))
            following = self.segments[index + 1:]
            stop = end
            if following:
                nxt = following[0]
                stop = min(end, nxt.gap_before[0] if nxt.gap_before else nxt.start)
            rows += build_rows(segment.spec, segment.start, stop, list(self.spans))
        return Explanation(self.sla, self.priority or "", self.name, self.applicable,
                           self.start, self.target_seconds, self.deadline, until,
                           self.timezone, tuple(rows))

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

    @property
    def escalation_count(self) -> int:
        """R9: breaches and insufficient-fix rejections count alike."""
        return len(self.breaches) + len(self.fix_rejections)
