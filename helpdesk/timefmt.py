"""Show instants in Europe/Brussels with their zone; store and compute in UTC."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext

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
    """A span in the words people use (issue #19): '1 day 0 h 45 min', '2 h 5 min', '40 s'.

    Seconds show only when there are some, so a target reads '4 h 0 min' and a counted
    span '2 h 54 min 17 s'. In the page's language; in English outside a request."""
    if seconds is None:
        return ""
    sign = "-" if seconds < 0 else ""
    s = int(abs(seconds))
    days, rest = divmod(s, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = []
    if days:  # two plain texts, not ngettext: the catalogue keeps no plural forms
        parts.append(gettext("%(num)d day", num=days) if days == 1
                     else gettext("%(num)d days", num=days))
    if days or hours:
        parts.append(gettext("%(hours)d h", hours=hours))
    if days or hours or minutes or not secs:
        parts.append(gettext("%(minutes)d min", minutes=minutes))
    if secs:
        parts.append(gettext("%(seconds)d s", seconds=secs))
    return sign + " ".join(parts)
