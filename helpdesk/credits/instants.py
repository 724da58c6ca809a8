"""Instants in, dates out: aware datetimes only; calendar dates are Brussels dates (R17)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def require_aware(value: object, what: str = "instant") -> datetime:
    """The instant itself, or an error: a naive datetime has no place in contract arithmetic."""
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(
            f"{what} must be a timezone-aware datetime (got naive {value!r}); "
            "attach a zone, e.g. datetime(..., tzinfo=UTC)"
        )
    return value


def as_utc(instant: datetime, what: str = "instant") -> datetime:
    """The same instant in UTC. Python subtracts two datetimes sharing one tzinfo by wall
    clock (a DST night would lose or gain an hour), so all arithmetic happens in UTC."""
    return require_aware(instant, what).astimezone(UTC)


def brussels_date(instant: datetime, what: str = "instant") -> date:
    """The calendar date in Brussels on which `instant` falls."""
    return require_aware(instant, what).astimezone(BRUSSELS).date()


def iso_z(instant: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, to the second: '2026-11-02T13:10:00Z'."""
    if instant is None:
        return None
    return require_aware(instant).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
