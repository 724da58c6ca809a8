"""Targets: an amount in minutes, hours, service days (R4) or calendar days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .errors import InvalidTarget

UNITS: tuple[str, ...] = ("minutes", "hours", "days", "calendar_days")
_FIXED = {"minutes": 60, "hours": 3600}


@dataclass(frozen=True)
class Target:
    """A clock's target. "days" are service days (R4); "calendar_days" are wall-clock days."""

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
        return self.unit == "calendar_days"

    def seconds(self, day_seconds: int) -> int:
        """Window seconds to count; "days" use the calendar's window length (R4).

        Calendar-day targets depend on the start (DST): use `calendar_days_seconds`.
        """
        if self.unit == "days":
            return self.amount * day_seconds
        if self.unit == "calendar_days":
            raise InvalidTarget("a calendar-day target depends on its start instant")
        return self.amount * _FIXED[self.unit]

    def calendar_days_seconds(self, start: datetime, tz: Any) -> int:
        """Real seconds from start to the same local wall-clock time N days later."""
        local = start.astimezone(tz)
        later = (local.replace(tzinfo=None) + timedelta(days=self.amount)).replace(tzinfo=tz)
        return int(later.timestamp() - local.timestamp())

    @property
    def label(self) -> str:
        unit = {"minutes": "min", "hours": "h", "days": "day", "calendar_days": "calendar day"}
        word = unit[self.unit]
        if self.unit in ("days", "calendar_days") and self.amount != 1:
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
