"""A sound shortcut for statements: tickets that provably cannot have breached need no fold.

A clock counts only time inside its service window (R3, R4) and never counts a suspension
(R6), so its counted time never exceeds the real time elapsed since it started; an on-site
visit (R7) only lengthens the target. A clock breaches when its deadline lies before its
stop, and the deadline lies at least `target` seconds of real time after the start. So a
clock whose real elapsed time, from its start to its stop (or to `now`), is within its target
cannot have breached. Priority changes, workarounds (R8 lowers the priority), fix rejections
and custom triggers are left to the fold. `tests/reports/test_screen.py` checks the shortcut
against the fold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from helpdesk import sla as engine

# Event types whose effect on the clocks the shortcut follows exactly (or bounds from above).
SIMPLE = frozenset({"submitted", "acknowledged", "resolved", "supplier_suspended",
                    "supplier_delivered", "onsite_agreed"})


def cannot_breach(events: Sequence[engine.TicketEvent], sla: engine.Sla, now: datetime) -> bool:
    """True only when no clock of the ticket can have breached by `now` (False: fold it)."""
    happened = sorted((e for e in events if e.at <= now), key=lambda e: e.at)
    if not happened or not isinstance(happened[0], engine.TicketSubmitted):
        return False
    submitted = happened[0]
    acknowledged = resolved = None
    for event in happened[1:]:
        if event.type not in SIMPLE or event.type == "submitted":
            return False
        if event.type == "resolved" and resolved is None:
            resolved = event.at
        if event.type in ("acknowledged", "resolved") and acknowledged is None:
            acknowledged = event.at  # a fix acknowledges implicitly (R1)
    starts = {"submitted": submitted.at, "acknowledged": acknowledged}
    ends = {"acknowledged": acknowledged, "resolved": resolved}
    for clock in sla.clocks:
        plan = sla.plan(submitted.priority, clock.name)
        if plan is None:
            continue  # n.a.: this clock never runs at this priority
        if plan.seconds is None:
            return False  # calendar-day targets: leave to the fold
        start = starts.get(clock.starts_on)
        if start is None:
            continue  # never started
        stops = [ends.get(kind) for kind in clock.stops_on]
        stop = min((t for t in stops if t is not None and t >= start), default=now)
        if stop - start > timedelta(seconds=plan.seconds):
            return False
    return True
