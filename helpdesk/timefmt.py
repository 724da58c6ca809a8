"""Show instants in Europe/Brussels with their zone; store and compute in UTC."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(instant: datetime | None) -> datetime | None:
    if instant is None:
        return None
    return instant.astimezone(BRUSSELS)


def brussels(instant: datetime | None, fmt: str = "%a %Y-%m-%d %H:%M:%S %Z") -> str:
    """Format an aware instant in Brussels time, naming the zone (CET or CEST)."""
    shown = local(instant)
    return "" if shown is None else shown.strftime(fmt)


def brussels_short(instant: datetime | None) -> str:
    return brussels(instant, "%Y-%m-%d %H:%M %Z")


def iso_utc(instant: datetime | None) -> str:
    if instant is None:
        return ""
    return instant.astimezone(ZoneInfo("UTC")).strftime("%Y-%m-%dT%H:%M:%SZ")


def duration(seconds: int | float | None) -> str:
    """A span in days, hours, minutes and seconds, e.g. '1 d 02:15:00'."""
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    s = int(abs(seconds))
    days, rest = divmod(s, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    clock = f"{hours:02d}:{minutes:02d}:{secs:02d}"
    return f"{sign}{days} d {clock}" if days else f"{sign}{clock}"
