"""One badge per clock state, and the time left in both its meanings (issue #19).

A clock's "remaining" is service-window time (the SLA counts only that, R3-R5); its
deadline is a wall-clock instant. The two agree only while the window is open and the
deadline falls in it, so the badge keeps both: `window_left` (what the SLA counts) and
`deadline` (when, on the wall clock, the target is used up if nothing changes).

Pure: a function of the folded `ClockState` and `now`, like the fold itself. The words
come from `text`/`remaining_text`, which take a gettext so the web translates them and
the API keeps English; the staff queue, both ticket pages, the portal list and the API
all show the same badge.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from .calendar import zone
from .clockstate import ClockState, TicketClocks
from .compiled import compiled
from .instants import from_epoch, to_epoch

Gettext = Callable[[str], str]

# Badge states, most pressing first: the order a ticket's headline badge is chosen by.
STATES: tuple[str, ...] = ("overdue", "due", "paused", "suspended", "pending", "missed",
                           "met", "void", "na")


def _english(message: str) -> str:
    return message


@dataclass(frozen=True)
class Badge:
    """What a clock shows as of `now`.

    state: due (counting now), paused (outside the service window: `until` is the next
    opening), suspended (art. 39.1.3 supplier; `until` the announced resumption, if
    known), overdue (past the deadline, still running), missed (stopped after its
    deadline), met, pending (not started), void (not counted, art. 38.3 / 9.3), na.
    """

    clock: str
    state: str
    now: datetime
    timezone: str
    deadline: datetime | None = None
    window_left: int | None = None  # service-window seconds left (the SLA's counted time)
    counting_until: datetime | None = None  # counting now, without a pause, until then
    until: datetime | None = None  # paused/suspended until
    overdue_seconds: int = 0
    at: datetime | None = None  # met or missed at
    level: str = "unknown"  # ok / warn / danger / over: share of the target used
    cause: str = "supplier"  # suspended for: supplier (art. 39.1.3) or payment (art. 6.9)

    @property
    def counting(self) -> bool:
        return self.counting_until is not None

    @property
    def wall_left(self) -> int | None:
        """Wall-clock seconds to the deadline (negative once past)."""
        if self.deadline is None:
            return None
        return int((self.deadline - self.now).total_seconds())

    @property
    def meanings_agree(self) -> bool:
        """Window time left equals wall-clock time left: counting up to the deadline."""
        return (self.counting_until is not None and self.deadline is not None
                and self.deadline <= self.counting_until)


def _cause(clock: ClockState, now: datetime) -> str:
    """What holds a paused clock at `now`: a non-payment suspension (art. 6.9) or a supplier."""
    at = to_epoch(now, "now")
    for start, end, reason in clock.spans:
        if start <= at and (end is None or at < end) and "non-payment" in reason:
            return "payment"
    return "supplier"


def badge(clock: ClockState, now: datetime) -> Badge:
    """The badge of one folded clock as of `now` (the instant the fold was made for)."""
    base = {"clock": clock.name, "now": now, "timezone": clock.timezone}
    if not clock.applicable:
        return Badge(state="na", **base)
    if clock.state == "void":
        return Badge(state="void", **base)
    if clock.state == "pending" or clock.start is None:
        return Badge(state="pending", **base)
    level = _level(clock)
    if clock.state == "met":
        return Badge(state="met", at=clock.stopped_at, deadline=clock.deadline, level=level,
                     **base)
    if clock.state == "breached":
        if clock.stopped_at is not None:
            return Badge(state="missed", at=clock.stopped_at, deadline=clock.deadline,
                         overdue_seconds=clock.overdue_seconds, level="over", **base)
        return Badge(state="overdue", deadline=clock.deadline, window_left=0,
                     overdue_seconds=clock.overdue_seconds, level="over", **base)
    left = clock.remaining_seconds
    if clock.state == "paused":  # waiting for a supplier (R6), or held for non-payment
        return Badge(state="suspended", deadline=clock.deadline, window_left=left,
                     until=clock.resumes_at, level=level, cause=_cause(clock, now), **base)
    spec = clock.segments[-1][1] if clock.segments else None
    if spec is None:
        return Badge(state="due", deadline=clock.deadline, window_left=left, level=level,
                     **base)
    calendar, at = compiled(spec), to_epoch(now, "now")
    opening = calendar.next_opening(at)
    if opening > at:  # R3: outside the window nothing counts until it opens again
        return Badge(state="paused", deadline=clock.deadline, window_left=left,
                     until=from_epoch(opening), level=level, **base)
    counting_until = from_epoch(calendar.open_until(at))
    if clock.deadline is not None and clock.deadline < counting_until:
        counting_until = clock.deadline
    return Badge(state="due", deadline=clock.deadline, window_left=left,
                 counting_until=counting_until, level=level, **base)


def headline(clocks: TicketClocks) -> Badge | None:
    """The ticket's most pressing badge (overdue first, then the soonest deadline)."""
    return most_pressing(badge(state, clocks.now) for state in clocks.clocks.values())


def most_pressing(badges: Iterable[Badge]) -> Badge | None:
    def rank(b: Badge) -> tuple[int, datetime]:
        far = b.now + timedelta(days=365_000)
        return STATES.index(b.state), b.deadline or far
    shown = [b for b in badges if b.state != "na"]
    return min(shown, key=rank) if shown else None


def _level(clock: ClockState) -> str:
    if not clock.target_seconds:
        return "unknown"
    used = clock.counted_seconds / clock.target_seconds
    return ("over" if used >= 1 else "danger" if used >= 0.75
            else "warn" if used >= 0.5 else "ok")


def span(seconds: int | None) -> str:
    """A span as the badges say it: '3 d 4 h', '2 h 10', '9 min 05 s', '40 s'.

    static/app.js formats the live badges the same way (formatSpan).
    """
    s = max(0, int(seconds or 0))
    days, rest = divmod(s, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes:02d}"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def when(instant: datetime | None, now: datetime, timezone: str) -> str:
    """'Mon 08:45' within the coming week, else 'Mon 2026-11-23 08:45', in the clock's zone."""
    if instant is None:
        return ""
    local = instant.astimezone(zone(timezone))
    if timedelta(0) <= instant - now < timedelta(days=6):
        return local.strftime("%a %H:%M")
    return local.strftime("%a %Y-%m-%d %H:%M")


def text(b: Badge, gettext: Gettext = _english, left: str | None = None) -> str:
    """The badge's words. `left` replaces the span (the live script's placeholder)."""
    _ = gettext
    state = b.state
    if state == "due":
        if b.meanings_agree:
            return _("due in %(left)s") % {"left": left or span(b.wall_left)}
        return remaining_text(b, gettext, left)
    if state == "paused":
        return _("paused until %(when)s (outside service hours)") % {
            "when": when(b.until, b.now, b.timezone)}
    if state == "suspended" and b.cause == "payment":
        return _("suspended: non-payment (art. 6.9)")
    if state == "suspended":
        if b.until is not None:
            return _("suspended: supplier, resumes %(when)s") % {
                "when": when(b.until, b.now, b.timezone)}
        return _("suspended: supplier")
    if state == "overdue":
        return _("overdue %(left)s") % {"left": left or span(b.overdue_seconds)}
    if state == "missed":
        return _("missed by %(late)s") % {"late": span(b.overdue_seconds)}
    if state == "met":
        return _("met")
    if state == "pending":
        return _("not started")
    if state == "void":
        return _("not counted")
    return _("not applicable")


def remaining_text(b: Badge, gettext: Gettext = _english, left: str | None = None) -> str:
    """Both meanings of the time left, where there is any: '2 h 00 of service time left ·
    due Mon 10:45' (or 'due in 2 h 00' while they agree); '' for a clock that is done."""
    _ = gettext
    if b.state not in ("due", "paused", "suspended") or b.window_left is None:
        return ""
    service = _("%(left)s of service time left") % {"left": left or span(b.window_left)}
    if b.state == "due" and b.meanings_agree:
        return _("due in %(left)s") % {"left": left or span(b.wall_left)}
    if b.deadline is None:  # an open supplier suspension holds the deadline (R6)
        return service
    return _("%(service)s · due %(when)s") % {
        "service": service, "when": when(b.deadline, b.now, b.timezone)}


def live(b: Badge, gettext: Gettext = _english) -> dict[str, str]:
    """What static/app.js needs to keep a counting badge live: the instants and the
    texts with a '{left}' placeholder (translated here: the script has no catalogue)."""
    if b.state == "overdue":
        return {"overdue": str(b.overdue_seconds), "text": text(b, gettext, "{left}")}
    if b.state != "due" or b.counting_until is None or b.deadline is None:
        return {}
    values = {"deadline": iso(b.deadline), "counts-until": iso(b.counting_until),
              "left": str(b.window_left or 0), "text": text(b, gettext, "{left}"),
              "remaining": remaining_text(b, gettext, "{left}"),
              "overdue-text": gettext("overdue %(left)s") % {"left": "{left}"}}
    return values


def iso(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
