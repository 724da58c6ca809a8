"""Why a deadline is where it is: counted intervals and excluded spans with their reason.

The rows are plain dataclasses for the web page and credit statements; `format_table()`
renders them for people. Counted seconds of the rows sum exactly to the target (when the
explanation runs to the deadline) or to the counted time (when it runs to `until`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from .calendar import CalendarSpec, local_epoch, zone
from .instants import from_epoch
from .suspension import Span

COUNTED = "counted"
OUTSIDE = "outside service window"


@dataclass(frozen=True)
class ExplanationRow:
    """One span of time: counted, or excluded for `reason`. Instants are UTC."""

    start: datetime
    end: datetime | None  # None: an open-ended suspension
    counted: bool
    reason: str
    timezone: str

    @property
    def seconds(self) -> int:
        """Counted seconds for a counted row, real elapsed seconds for an excluded one."""
        if self.end is None:
            return 0
        return int((self.end - self.start).total_seconds())

    @property
    def start_local(self) -> datetime:
        return self.start.astimezone(zone(self.timezone))

    @property
    def end_local(self) -> datetime | None:
        return None if self.end is None else self.end.astimezone(zone(self.timezone))


@dataclass(frozen=True)
class Explanation:
    sla: str
    priority: str
    clock: str
    applicable: bool
    start: datetime | None
    target_seconds: int | None
    deadline: datetime | None
    until: datetime | None
    timezone: str
    rows: tuple[ExplanationRow, ...] = ()
    notes: tuple[str, ...] = ()
    wall_clock: bool = False  # a calendar-day/month target: elapsed time, not window time

    @property
    def counted(self) -> tuple[ExplanationRow, ...]:
        return tuple(row for row in self.rows if row.counted)

    @property
    def excluded(self) -> tuple[ExplanationRow, ...]:
        return tuple(row for row in self.rows if not row.counted)

    @property
    def counted_seconds(self) -> int:
        return sum(row.seconds for row in self.counted)

    def format_table(self) -> str:
        head = f"SLA {self.sla} · {self.priority} · {self.clock}"
        if not self.applicable:
            return f"{head}: no such clock for this priority (n.a.)"
        tz = zone(self.timezone)
        lines = [head,
                 f"  target    {_hms(self.target_seconds)}",
                 f"  start     {_both(self.start, tz)}",
                 f"  deadline  {_both(self.deadline, tz)}"]
        if self.until is not None:
            lines.append(f"  until     {_both(self.until, tz)}")
        lines += [f"  note      {note}" for note in self.notes]
        lines.append("")
        lines.append(f"  {'from (' + self.timezone + ')':<28} {'to':<28} {'UTC from':<17} "
                     f"{'UTC to':<17} {'counted':>10}  excluded because")
        for row in self.rows:
            end_local = "(open)" if row.end_local is None else _local(row.end_local)
            end_utc = "(open)" if row.end is None else f"{row.end:%Y-%m-%d %H:%M}Z"
            counted = _hms(row.seconds) if row.counted else ""
            why = "" if row.counted else f"{row.reason} ({_hms(row.seconds)})"
            lines.append(f"  {_local(row.start_local):<28} {end_local:<28} "
                         f"{row.start:%Y-%m-%d %H:%M}Z {end_utc:<17} {counted:>10}  {why}")
        lines.append(f"  {'total counted':<93} {_hms(self.counted_seconds):>10}")
        return "\n".join(lines)


def _hms(seconds: int | None) -> str:
    if seconds is None:
        return "n.a."
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}"


def _local(value: datetime) -> str:
    return f"{value:%a %Y-%m-%d %H:%M:%S%z}"


def _both(value: datetime | None, tz: ZoneInfo) -> str:
    if value is None:
        return "none"
    return f"{_local(value.astimezone(tz))} ({value.astimezone(UTC):%Y-%m-%d %H:%M:%S}Z)"


def build_rows(spec: CalendarSpec, a: int, b: int | None,
               spans: list[Span]) -> list[ExplanationRow]:
    """Rows for [a, b): a suspension covers whatever lies under it; the rest day by day."""
    raw: list[tuple[int, int | None, bool, str]] = []
    position: int | None = a
    for s, e, reason in spans:
        if b is not None and s >= b:
            break
        if e is not None and e <= position:
            continue
        if s > position:
            raw += _days(spec, position, s)
            position = s
        stop = e if b is None or (e is not None and e < b) else b
        raw.append((position, stop, False, reason))
        position = stop
        if position is None:
            break
    if position is not None and b is not None and position < b:
        raw += _days(spec, position, b)
    merged: list[tuple[int, int | None, bool, str]] = []
    for row in raw:
        if merged and merged[-1][1] == row[0] and merged[-1][2:] == row[2:]:
            merged[-1] = (merged[-1][0], row[1], row[2], row[3])
        elif row[1] is None or row[1] > row[0]:
            merged.append(row)
    return [ExplanationRow(from_epoch(s), None if e is None else from_epoch(e), counted,
                           reason, spec.timezone) for s, e, counted, reason in merged]


def _days(spec: CalendarSpec, a: int, b: int) -> list[tuple[int, int | None, bool, str]]:
    """Counted windows and the gaps between them, local day by local day, within [a, b)."""
    tz = spec.tz
    rows: list[tuple[int, int | None, bool, str]] = []
    day: date = from_epoch(a).astimezone(tz).date()
    while True:
        day_start, day_end = local_epoch(tz, day, 0), local_epoch(tz, day, 1440)
        if day_start >= b:
            return rows
        ranges = spec.day_ranges(day)
        gap_reason = OUTSIDE if ranges else spec.no_window_reason(day)
        cursor = day_start
        for lo, hi in ranges:
            start, stop = local_epoch(tz, day, lo), local_epoch(tz, day, hi)
            if stop <= start:
                continue
            _clip(rows, cursor, start, False, gap_reason, a, b)
            _clip(rows, start, stop, True, COUNTED, a, b)
            cursor = stop
        _clip(rows, cursor, day_end, False, gap_reason, a, b)
        day += timedelta(days=1)


def _clip(rows: list[tuple[int, int | None, bool, str]], start: int, stop: int, counted: bool,
          reason: str, a: int, b: int) -> None:
    start, stop = max(start, a), min(stop, b)
    if stop > start:
        rows.append((start, stop, counted, reason))
