"""The clock badge in templates: the SLA core's badge, its words in the user's language.

templates/_clocks.html renders it (macros `show_badge`, which writes `badge_html`, and
`show_remaining`) the same on every page; static/app.js keeps the counting ones live.
"""

from __future__ import annotations

from datetime import datetime

from flask import Flask
from markupsafe import Markup, escape

from helpdesk.i18n import gettext  # the request's catalogue: 25 badges a page
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


def badge_html(badge: core.Badge | None) -> Markup:
    """The badge as one <span> (or "—"), written here rather than in a macro: the queue and
    the portal list show 25 of them a page, and one Python call costs less than a template
    loop over the attributes (bench/profile_pages.py)."""
    if badge is None:
        return Markup("—")
    live = badge_live(badge)
    classes = f"clock-badge badge-{badge.state} level-{badge.level}"
    attributes = [f' data-badge="{escape(badge.state)}"']
    if badge.deadline is not None and "deadline" not in live:
        attributes.append(f' data-deadline="{core.iso(badge.deadline)}"')
    attributes += [f' data-{key}="{escape(value)}"' for key, value in live.items()]
    # Escaped piece by piece rather than with Markup.format, whose formatter is Python.
    return Markup(f'<span class="{escape(classes)}{" countdown" if live else ""}"'
                  f'{"".join(attributes)}>{escape(badge_text(badge))}</span>')


def register(app: Flask) -> None:
    app.jinja_env.globals["clock_badge"] = clock_badge
    app.jinja_env.globals["headline_badge"] = headline_badge
    app.jinja_env.filters["badge_text"] = badge_text
    app.jinja_env.filters["badge_remaining"] = badge_remaining
    app.jinja_env.filters["badge_live"] = badge_live
    app.jinja_env.filters["badge_html"] = badge_html
