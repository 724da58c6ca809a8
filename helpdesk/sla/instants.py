"""Instants at the API: aware datetimes in, epoch seconds inside, UTC datetimes out.

The core never reads the clock: every instant comes in as an argument.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from .errors import NaiveDatetime

# tzinfo classes that always give an offset: no need to ask utcoffset() on the hot path
RELIABLE_TZ = (type(UTC), ZoneInfo)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def require_aware(value: datetime, what: str = "instant") -> datetime:
    if not isinstance(value, datetime):
        raise TypeError(f"{what} must be a datetime, got {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise NaiveDatetime(what, value)
    return value


def to_epoch(value: datetime, what: str = "instant") -> int:
    """Whole epoch seconds (UTC) of an aware datetime; clocks are exact to the second.

    Sub-second parts are truncated towards the past, so a clock never starts late.
    """
    tz = value.tzinfo
    if tz is None or (tz.__class__ not in RELIABLE_TZ and value.utcoffset() is None):
        raise NaiveDatetime(what, value)
    delta = value - EPOCH
    return delta.days * 86400 + delta.seconds


def from_epoch(seconds: int) -> datetime:
    """An aware UTC datetime for epoch seconds."""
    return datetime.fromtimestamp(seconds, UTC)
