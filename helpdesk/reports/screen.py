"""A sound shortcut for statements: tickets that provably cannot have breached need no fold.

A clock counts only time inside its service window (R3, R4) and never counts a suspension
(R6), so its counted time is at most the window time between its start and its stop (or
`now`), which is at most the real time; an on-site visit (R7) only lengthens the target. A
clock breaches when its deadline lies before its stop. So a clock whose real elapsed time is
within its target, or whose window time (suspensions ignored) stays below it, cannot have
breached. Priority changes, fix rejections and custom triggers are left to the
fold; a workaround (R8 lowers the priority) is followed only when no clock runs on past it.
`tests/reports/test_screen.py` checks the shortcut against the fold.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from helpdesk import sla as engine
from helpdesk.sla.counting import counted_excluding
from helpdesk.sla.definition import ClockPlan
from helpdesk.sla.instants import to_epoch

# Event types whose effect on the clocks the shortcut follows exactly (or bounds from above).
SIMPLE = frozenset({"submitted", "acknowledged", "resolved", "workaround_applied",
                    "supplier_suspended", "supplier_delivered", "onsite_agreed"})
FIXES = ("resolved", "workaround_applied")

# (type, epoch seconds, priority of a submission): what the shortcut reads of an event
Raw = tuple[str, int, str | None] | tuple[str, int, str | None, str | None, str | None]


def cannot_breach(events: Sequence[engine.TicketEvent], sla: engine.Sla, now: datetime) -> bool:
    """True only when no clock of the ticket can have breached by `now` (False: fold it)."""
    raw = [(e.type, to_epoch(e.at), getattr(e, "priority", None)) for e in events]
    return cannot_breach_raw(raw, sla, to_epoch(now))


# per clock: what starts it, what stops it, its plan (None: n.a. at this priority)
Compiled = list[tuple[str, tuple[str, ...], ClockPlan | None]]
_PLANS: dict[tuple[int, str], tuple[engine.Sla, Compiled]] = {}


def _plans(sla: engine.Sla, priority: str) -> Compiled:
    key = (id(sla), priority)
    found = _PLANS.get(key)
    if found is None or found[0] is not sla:
        found = _PLANS[key] = (sla, [(c.starts_on, c.stops_on, sla.plan(priority, c.name))
                                     for c in sla.clocks])
    return found[1]


def _within(plan: ClockPlan, start: int, stop: int) -> bool:
    """Provably not late: real time within the target, or window time strictly below it
    (counted time equal to the target may be reached before a stop outside the window)."""
    if plan.seconds is None:
        return False  # calendar-day targets: leave to the fold
    if stop - start <= plan.seconds:
        return True
    return counted_excluding(plan.calendar, start, stop, ()) < plan.seconds


def cannot_breach_raw(events: Sequence[Raw], sla: engine.Sla, now: int) -> bool:
    """`cannot_breach` on (type, epoch seconds, priority, ...) in the order recorded: the shell
    calls this before it builds any event object, so screened tickets cost next to nothing.
    Seconds are whole, as the engine counts them."""
    previous = -1
    for event in events:
        if event[1] < previous:
            events = sorted(events, key=lambda e: e[1])  # stable, as the fold orders them
            break
        previous = event[1]
    if not events:
        return False
    kind, submitted, priority = events[0][0], events[0][1], events[0][2]
    if kind != "submitted" or priority is None or submitted > now:
        return False
    first: dict[str, int] = {}
    for event in events[1:]:
        kind, at = event[0], event[1]
        if at > now:
            break  # not happened yet as of `now`
        if kind not in SIMPLE or kind == "submitted":
            return False
        if kind not in first:
            first[kind] = at
        if kind in FIXES and "acknowledged" not in first:
            first["acknowledged"] = at  # a fix acknowledges implicitly (R1)
    workaround = first.get("workaround_applied")
    for starts_on, stops_on, plan in _plans(sla, priority):
        start = submitted if starts_on == "submitted" else first.get(starts_on)
        if start is None:
            continue  # never started
        stop = now
        for kind in stops_on:
            at = first.get(kind)
            if at is not None and start <= at < stop:
                stop = at
        if plan is not None and not _within(plan, start, stop):
            return False  # possibly late: leave to the fold
        # R8: a workaround lowers the priority to P3, which would retarget a clock still
        # running then (R12); the shortcut only holds when no clock runs on past it.
        if workaround is not None and start <= workaround < stop:
            return False
    return True
