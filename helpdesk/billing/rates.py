"""Rate classes of time worked (seed 002 art. 6.4, art. 1.18): pure, no Flask, no clock.

"Werkuren" (art. 1.18) are Monday-Friday 08:45-17:00 Brussels time except Belgian public
holidays: work then is billed at the normal rate. Work outside those hours on a working day
is billed +150 %, work on a Saturday, Sunday or public holiday +200 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from helpdesk.sla.legal_holidays import is_legal_holiday

BRUSSELS = ZoneInfo("Europe/Brussels")
WORK_START = time(8, 45)
WORK_END = time(17, 0)

NORMAL = "normal"
OUTSIDE_HOURS = "outside_hours"
WEEKEND_HOLIDAY = "weekend_holiday"
RATE_CLASSES: tuple[str, ...] = (NORMAL, OUTSIDE_HOURS, WEEKEND_HOLIDAY)
SURCHARGE_PERCENT: dict[str, int] = {NORMAL: 0, OUTSIDE_HOURS: 150, WEEKEND_HOLIDAY: 200}


class InvalidTimeEntry(ValueError):
    """The interval cannot be billed: naive instants, or an end not after the start."""


@dataclass(frozen=True)
class RatedSpan:
    start: datetime  # UTC
    end: datetime  # UTC
    rate_class: str

    @property
    def seconds(self) -> int:
        return int((self.end - self.start).total_seconds())


def day_class(day: date) -> str | None:
    """WEEKEND_HOLIDAY for a whole day off; None for a working day (hours decide).

    Art. 6.4 "feestdagen": the same ten legal holidays the SLA clocks skip (R18)."""
    if day.weekday() >= 5 or is_legal_holiday(day):
        return WEEKEND_HOLIDAY
    return None


def _local_instant(day: date, at: time) -> datetime:
    # Build the boundary on the local wall clock, then convert to UTC (DST-safe, STYLE 5).
    return datetime.combine(day, at, tzinfo=BRUSSELS).astimezone(UTC)


def _day_pieces(day: date) -> list[tuple[datetime, datetime, str]]:
    """The local day [00:00, next 00:00) cut into its rate classes, in UTC."""
    begin = _local_instant(day, time(0))
    end = _local_instant(day + timedelta(days=1), time(0))
    whole = day_class(day)
    if whole is not None:
        return [(begin, end, whole)]
    open_, close = _local_instant(day, WORK_START), _local_instant(day, WORK_END)
    return [(begin, open_, OUTSIDE_HOURS), (open_, close, NORMAL), (close, end, OUTSIDE_HOURS)]


def split(start: datetime, end: datetime) -> list[RatedSpan]:
    """Cut [start, end) into consecutive spans of one rate class each."""
    if start.tzinfo is None or end.tzinfo is None:
        raise InvalidTimeEntry("time entries need timezone-aware instants")
    if end <= start:
        raise InvalidTimeEntry("The end of a time entry must be after its start.")
    # Same-zone subtraction in Python is wall-clock arithmetic; real spans need UTC.
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    spans: list[RatedSpan] = []
    day = start.astimezone(BRUSSELS).date()
    while True:
        for lo, hi, rate_class in _day_pieces(day):
            a, b = max(lo, start), min(hi, end)
            if b <= a:
                continue
            if spans and spans[-1].rate_class == rate_class and spans[-1].end == a:
                spans[-1] = RatedSpan(spans[-1].start, b, rate_class)
            else:
                spans.append(RatedSpan(a, b, rate_class))
        if _local_instant(day + timedelta(days=1), time(0)) >= end:
            return spans
        day += timedelta(days=1)


def minutes_per_class(start: datetime, end: datetime) -> dict[str, int]:
    """Whole minutes per rate class (seconds rounded half up per class), all classes present."""
    totals = dict.fromkeys(RATE_CLASSES, 0)
    for span in split(start, end):
        totals[span.rate_class] += span.seconds
    return {name: (seconds + 30) // 60 for name, seconds in totals.items()}
