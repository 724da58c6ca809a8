"""Calendar months in Brussels: fees are per month (R14) and availability is measured per
month (seed 001), so a month knows its real length in seconds, DST included."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from .instants import BRUSSELS, require_aware

_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1-12, got {self.month}")
        if not 1 <= self.year <= 9998:
            raise ValueError(f"year out of range: {self.year}")

    @classmethod
    def parse(cls, text: str) -> Month:
        """'2026-10' → Month(2026, 10), as the `--month` option spells it."""
        found = _PATTERN.match(text.strip())
        if found is None:
            raise ValueError(f"month must look like 2026-10, got {text!r}")
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of_date(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @classmethod
    def of(cls, instant: datetime) -> Month:
        """The Brussels calendar month in which `instant` falls."""
        local = require_aware(instant).astimezone(BRUSSELS)
        return cls(local.year, local.month)

    @property
    def first_day(self) -> date:
        """The key of a fee record: the first day of the month."""
        return date(self.year, self.month, 1)

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def start(self) -> datetime:
        """Midnight Brussels on the first day, in UTC (midnight is never a DST gap here)."""
        return datetime(self.year, self.month, 1, tzinfo=BRUSSELS).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """The start of the next month: months are half-open [start, end)."""
        return self.next().start

    @property
    def seconds(self) -> int:
        """Real elapsed seconds: March loses an hour to summer time, October gains one."""
        return int((self.end - self.start).total_seconds())

    @property
    def label(self) -> str:
        return f"{_NAMES[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"
