"""An independent, deliberately simple oracle: walk time minute by minute.

It shares no code with helpdesk.sla. A minute counts when its first second lies, in local
wall-clock time, inside one of that weekday's windows on a date that is neither a public
holiday nor a closing day, and outside every suspension. Instants are on whole minutes.
(Window boundaries strictly inside a DST transition hour are left to explicit tests.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays

MINUTE = timedelta(minutes=1)


class OracleCalendar:
    def __init__(self, windows: Sequence[Sequence[tuple[int, int]]], zone: str = "Europe/Brussels",
                 holiday_country: str | None = "BE", closing_days: Sequence[date] = ()) -> None:
        self.windows = [list(day) for day in windows]
        self.tz = ZoneInfo(zone)
        self.closed: set[date] = set(closing_days)
        if holiday_country:
            listed = holidays.country_holidays(holiday_country, years=range(2020, 2036),
                                               language="en_US")
            # R18: Belgium's legal holidays are ten; Easter and Whit Sunday are only Sundays.
            sundays = {"Easter Sunday", "Pentecost"} if holiday_country == "BE" else set()
            self.closed |= {day for day, name in listed.items() if name not in sundays}

    def counts(self, instant: datetime, suspensions: Sequence[tuple[datetime, datetime]]) -> bool:
        local = instant.astimezone(self.tz)
        if local.date() in self.closed:
            return False
        minute = local.hour * 60 + local.minute
        if not any(lo <= minute < hi for lo, hi in self.windows[local.weekday()]):
            return False
        return not any(s <= instant < e for s, e in suspensions)

    def deadline(self, start: datetime, target_minutes: int,
                 suspensions: Sequence[tuple[datetime, datetime]] = (),
                 limit_days: int = 400) -> datetime:
        t = start.astimezone(UTC)
        counted = 0
        end = t + timedelta(days=limit_days)
        while t < end:
            if self.counts(t, suspensions):
                counted += 1
                if counted == target_minutes:
                    return t + MINUTE
            t += MINUTE
        raise AssertionError("oracle found no deadline")

    def counted_minutes(self, start: datetime, until: datetime,
                        suspensions: Sequence[tuple[datetime, datetime]] = ()) -> int:
        t, total = start.astimezone(UTC), 0
        while t < until:
            total += self.counts(t, suspensions)
            t += MINUTE
        return total
