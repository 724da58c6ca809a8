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
from helpdesk.sla.definition import ClockDef, ClockPlan
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


def _plans(sla: engine.Sla, priority: str) -> list[tuple[ClockDef, ClockPlan | None]]:
    key = (id(sla), priority)
    found = _PLANS.get(key)
    if found is None or found[0] is not sla:
        found = _PLANS[key] = (sla, [(c, sla.plan(priority, c.name)) for c in sla.clocks])
    return found[1]


_PLANS: dict[tuple[int, str], tuple[engine.Sla, list[tuple[ClockDef, ClockPlan | None]]]] = {}


def _within(plan: ClockPlan, start: int, stop: int) -> bool:
    """Provably not late: real time within the target, or window time strictly below it
    (counted time equal to the target may be reached before a stop outside the window)."""
    if stop - start <= plan.seconds:  # type: ignore[operator]
        return True
    return counted_excluding(plan.calendar, start, stop, ()) < plan.seconds  # type: ignore[operator]


def cannot_breach_raw(events: Sequence[Raw], sla: engine.Sla, now: int) -> bool:
    """`cannot_breach` on (type, epoch seconds, priority, ...) in the order recorded: the shell
    calls this before it builds any event object, so screened tickets cost next to nothing.
    Seconds are whole, as the engine counts them."""
    happened = [e for e in events if e[1] <= now]
    if any(a[1] > b[1] for a, b in zip(happened, happened[1:], strict=False)):
        happened.sort(key=lambda e: e[1])
    if not happened or happened[0][0] != "submitted" or happened[0][2] is None:
        return False
    submitted, priority = happened[0][1], happened[0][2]
    first: dict[str, int] = {}
    for event in happened[1:]:
        kind, at = event[0], event[1]
        if kind not in SIMPLE or kind == "submitted":
            return False
        first.setdefault(kind, at)
        if kind in FIXES:
            first.setdefault("acknowledged", at)  # a fix acknowledges implicitly (R1)
    spans: list[tuple[int, int]] = []
    for clock, plan in _plans(sla, priority):
        start = submitted if clock.starts_on == "submitted" else first.get(clock.starts_on)
        if start is None:
            continue  # never started
        stops = [first[kind] for kind in clock.stops_on if kind in first and first[kind] >= start]
        stop = min(stops, default=now)
        spans.append((start, stop))
        if plan is None:
            continue  # n.a.: this clock never runs at this priority
        if plan.seconds is None or not _within(plan, start, stop):
            return False  # calendar-day targets, or possibly late: leave to the fold
    # R8: a workaround lowers the priority to P3, which would retarget a clock still running
    # then (R12); the shortcut only holds when every started clock had stopped by then.
    workaround = first.get("workaround_applied")
    return workaround is None or not any(a <= workaround < b for a, b in spans)
