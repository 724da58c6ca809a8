"""Service calendars: weekly windows in a named zone, minus public holidays and closing days.

A calendar says, for each local date, which wall-clock ranges count. Turning those ranges
into instants (and DST-exact lengths) is done once per calendar in `compiled.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import holidays

from .errors import InvalidCalendar
from .legal_holidays import COUNTRY as LEGAL_COUNTRY
from .legal_holidays import belgian_legal_holidays

Range = tuple[int, int]
"""A wall-clock range in minutes after local midnight, end exclusive; 24:00 is 1440."""

WeekWindows = tuple[tuple[Range, ...], ...]
"""Seven entries, Monday first, each a sorted tuple of non-overlapping ranges."""

WEEKDAYS: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)

AROUND_THE_CLOCK: WeekWindows = (((0, 1440),),) * 7


def parse_range(text: str) -> Range:
    """'08:45-17:00' → (525, 1020); '06:00-24:00' → (360, 1440)."""
    try:
        left, right = (part.strip() for part in text.split("-"))
        start, end = _minutes(left), _minutes(right)
    except ValueError as exc:
        raise InvalidCalendar(f"window {text!r} is not of the form 'HH:MM-HH:MM'") from exc
    if not 0 <= start < end <= 1440:
        raise InvalidCalendar(f"window {text!r} must start before it ends, within 00:00-24:00")
    return start, end


def _minutes(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    if len(minutes) != 2 or not 0 <= int(minutes) < 60 or not 0 <= int(hours) <= 24:
        raise ValueError(hhmm)
    total = int(hours) * 60 + int(minutes)
    if total > 1440:
        raise ValueError(hhmm)
    return total


def format_range(window: Range) -> str:
    (h1, m1), (h2, m2) = divmod(window[0], 60), divmod(window[1], 60)
    return f"{h1:02d}:{m1:02d}-{h2:02d}:{m2:02d}"


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidCalendar(f"unknown time zone {name!r}") from exc


@lru_cache(maxsize=1024)
def public_holidays(country: str, year: int) -> dict[date, str]:
    """The country's public holidays of one year with their English names.

    Belgium ("BE", every preset) is its ten legal holidays (R18), without the Sundays the
    package adds; another country keeps the package's list as it is.
    """
    if country == LEGAL_COUNTRY:
        return belgian_legal_holidays(year)
    try:
        found = holidays.country_holidays(country, years=year, language="en_US")
    except NotImplementedError as exc:
        raise InvalidCalendar(f"no holiday calendar for country {country!r}") from exc
    return dict(found)


def local_epoch(tz: ZoneInfo, day: date, minutes: int) -> int:
    """The first instant at which the local wall clock reaches a time on a date.

    24:00 is the next midnight. A time repeated when DST ends is its first occurrence; a
    time skipped when DST starts is reached at the jump itself (e.g. 02:30 on the last
    Sunday of March is reached at 03:00 CEST), so a window counts what really elapsed.
    """
    if minutes == 1440:
        day, minutes = day + timedelta(days=1), 0
    hours, mins = divmod(minutes, 60)
    naive = datetime(day.year, day.month, day.day, hours, mins)
    seconds = int(naive.replace(tzinfo=tz).timestamp())
    if datetime.fromtimestamp(seconds, tz).replace(tzinfo=None) == naive:
        return seconds
    return _jump_before(tz, seconds)


def _jump_before(tz: ZoneInfo, seconds: int) -> int:
    """The DST jump at or before `seconds` (a gap is at most a day wide)."""
    low, high = seconds - 86400, seconds
    offset = datetime.fromtimestamp(high, tz).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == offset:
            high = middle
        else:
            low = middle
    return high


@dataclass(frozen=True)
class CalendarSpec:
    """What counts: weekly windows in `timezone`, minus holidays and extra closing days."""

    timezone: str
    windows: WeekWindows
    holiday_country: str | None = "BE"
    closing_days: frozenset[date] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        zone(self.timezone)
        if len(self.windows) != 7:
            raise InvalidCalendar("a calendar needs window ranges for 7 weekdays (Monday first)")
        for name, ranges in zip(WEEKDAYS, self.windows, strict=True):
            previous_end = -1
            for start, end in ranges:
                if not 0 <= start < end <= 1440:
                    raise InvalidCalendar(f"{name}: window {start}-{end} is not within the day")
                if start < previous_end:
                    raise InvalidCalendar(f"{name}: windows overlap or are not in order")
                previous_end = end
        if not any(self.windows):
            raise InvalidCalendar("a calendar with no service window at all never counts")
        if self.holiday_country is not None:
            public_holidays(self.holiday_country, 2026)

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.timezone)

    @cached_property
    def day_seconds(self) -> int:
        """R4: one "day" is one full service-window length (the longest weekday's)."""
        return max(sum(end - start for start, end in ranges) for ranges in self.windows) * 60

    def closed_reason(self, day: date) -> str | None:
        """Why a date is closed although its weekday may have windows, or None."""
        if self.holiday_country is not None:
            name = public_holidays(self.holiday_country, day.year).get(day)
            if name is not None:
                return f"public holiday: {name}"
        if day in self.closing_days:
            return "contract closing day"
        return None

    def day_ranges(self, day: date) -> tuple[Range, ...]:
        if not self.windows[day.weekday()] or self.closed_reason(day) is not None:
            return ()
        return self.windows[day.weekday()]

    def is_working_day(self, day: date) -> bool:
        return bool(self.day_ranges(day))

    def no_window_reason(self, day: date) -> str:
        """Why a whole date counts nothing (holiday name, closing day, weekend)."""
        reason = self.closed_reason(day)
        if reason is not None:
            return reason
        if day.weekday() >= 5:
            return "weekend"
        return f"no service window on {WEEKDAYS[day.weekday()].capitalize()}"

    def around_the_clock(self) -> CalendarSpec:
        """Seed 004 annex 1: P1-P2 count around the clock, outside holidays only."""
        return CalendarSpec(self.timezone, AROUND_THE_CLOCK, self.holiday_country,
                            self.closing_days)

    def elapsed(self) -> CalendarSpec:
        """Plain elapsed time (calendar-day targets): every second counts."""
        return CalendarSpec(self.timezone, AROUND_THE_CLOCK, None, frozenset())

    @property
    def is_elapsed(self) -> bool:
        """Every second counts: no window, no holiday (what `elapsed()` builds)."""
        return (self.windows == AROUND_THE_CLOCK and self.holiday_country is None
                and not self.closing_days)

    def with_closing_days(self, days: frozenset[date]) -> CalendarSpec:
        return CalendarSpec(self.timezone, self.windows, self.holiday_country,
                            self.closing_days | days)
