"""Targets: an amount in minutes, hours, service days (R4), calendar days or months."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .errors import InvalidTarget

UNITS: tuple[str, ...] = ("minutes", "hours", "days", "calendar_days", "calendar_months")
_FIXED = {"minutes": 60, "hours": 3600}


@dataclass(frozen=True)
class Target:
    """A clock's target. "days" are service days (R4); "calendar_days" and "calendar_months"
    are wall-clock lengths (every second counts), measured from the clock's start."""

    amount: int
    unit: str

    def __post_init__(self) -> None:
        if self.unit not in UNITS:
            raise InvalidTarget(f"unknown target unit {self.unit!r}; valid: {', '.join(UNITS)}")
        if isinstance(self.amount, bool) or not isinstance(self.amount, int):
            raise InvalidTarget(f"target amount must be a whole number, got {self.amount!r}")
        if self.amount <= 0:
            raise InvalidTarget(f"a target of {self.amount} {self.unit} is not a positive length")

    @property
    def is_calendar_days(self) -> bool:
        """A wall-clock target (calendar days or months): its length depends on the start."""
        return self.unit in ("calendar_days", "calendar_months")

    def seconds(self, day_seconds: int) -> int:
        """Window seconds to count; "days" use the calendar's window length (R4).

        Calendar-day targets depend on the start (DST): use `calendar_days_seconds`.
        """
        if self.unit == "days":
            return self.amount * day_seconds
        if self.is_calendar_days:
            raise InvalidTarget("a calendar-day or -month target depends on its start instant")
        return self.amount * _FIXED[self.unit]

    def calendar_days_seconds(self, start: datetime, tz: Any) -> int:
        """Real seconds from start to the same local wall-clock time N days (or months)
        later. A month later is the same day of the month, or the month's last day when it
        has no such day (31 January + 1 month = 28/29 February)."""
        local = start.astimezone(tz)
        wall = local.replace(tzinfo=None)
        if self.unit == "calendar_months":
            month0 = wall.month - 1 + self.amount
            year, month = wall.year + month0 // 12, month0 % 12 + 1
            day = min(wall.day, calendar.monthrange(year, month)[1])
            later_wall = wall.replace(year=year, month=month, day=day)
        else:
            later_wall = wall + timedelta(days=self.amount)
        later = later_wall.replace(tzinfo=tz)
        return int(later.timestamp() - local.timestamp())

    @property
    def label(self) -> str:
        unit = {"minutes": "min", "hours": "h", "days": "day", "calendar_days": "calendar day",
                "calendar_months": "calendar month"}
        word = unit[self.unit]
        if self.unit != "minutes" and self.unit != "hours" and self.amount != 1:
            word += "s"
        return f"{self.amount} {word}"

    def to_definition(self) -> dict[str, Any]:
        return {"amount": self.amount, "unit": self.unit}

    @classmethod
    def from_definition(cls, data: Any) -> Target | None:
        if data is None:
            return None
        if not isinstance(data, dict) or set(data) != {"amount", "unit"}:
            raise InvalidTarget(f"a target is {{'amount': N, 'unit': U}} or null, got {data!r}")
        return cls(data["amount"], data["unit"])
