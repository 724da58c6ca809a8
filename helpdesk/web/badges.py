"""The clock badge in templates: the SLA core's badge, its words in the user's language.

templates/_clocks.html renders it (macros `clock_badge` and `clock_remaining`) the same on
every page; static/app.js keeps the counting ones live.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from flask_babel import gettext

from helpdesk.sla import ClockState, TicketClocks
from helpdesk.sla import badges as core


def clock_badge(clock: ClockState, now: datetime) -> core.Badge:
    return core.badge(clock, now)


def headline_badge(clocks: TicketClocks) -> core.Badge | None:
    return core.headline(clocks)


def badge_text(badge: core.Badge) -> str:
    return core.text(badge, gettext)


def badge_remaining(badge: core.Badge) -> str:
    return core.remaining_text(badge, gettext)


def badge_live(badge: core.Badge) -> dict[str, str]:
    values = core.live(badge, gettext)
    if values:
        values["now"] = core.iso(badge.now)
    return values


def register(app: Flask) -> None:
    app.jinja_env.globals["clock_badge"] = clock_badge
    app.jinja_env.globals["headline_badge"] = headline_badge
    app.jinja_env.filters["badge_text"] = badge_text
    app.jinja_env.filters["badge_remaining"] = badge_remaining
    app.jinja_env.filters["badge_live"] = badge_live
