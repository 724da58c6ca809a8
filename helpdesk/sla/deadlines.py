"""The public deadline questions: target length and deadline of one clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from .counting import advance_excluding
from .definition import ClockPlan, Sla
from .errors import NaiveDatetime
from .explanation import Explanation, build_rows
from .instants import EPOCH, RELIABLE_TZ, from_epoch, require_aware, to_epoch
from .suspension import SuspensionLike, normalise

_UNKNOWN: Any = object()
_fromtimestamp = datetime.fromtimestamp


def plan_seconds(plan: ClockPlan, start: datetime) -> int:
    """Target seconds of a plan; calendar-day targets are measured from the start (DST)."""
    if plan.seconds is not None:
        return plan.seconds
    return plan.target.calendar_days_seconds(start, plan.spec.tz)


def target_seconds(sla: Sla, priority: str, clock: str,
                   start: datetime | None = None) -> int | None:
    """Window seconds to count (R4: days are service-window lengths); None when n.a.

    Calendar-day targets need `start`: their length is the real time to the same local
    wall-clock time N days later, which differs by an hour across a DST change.
    """
    plan = sla.plan(priority, clock)
    if plan is None:
        return None
    if plan.seconds is not None:
        return plan.seconds
    if start is None:
        raise ValueError(f"clock {clock!r} of SLA {sla.name!r} is in calendar days: "
                         "its length depends on the start; pass start")
    return plan_seconds(plan, require_aware(start, "start"))


def deadline(sla: Sla, priority: str, clock: str, start: datetime,
             suspensions: Iterable[SuspensionLike] = ()) -> datetime | None:
    """R5: the earliest instant (UTC) at which counted time reaches the target.

    None when the clock does not exist for this priority (n.a.) or when an open-ended
    suspension holds it before the target is reached.
    """
    tz = start.tzinfo
    if tz is None or (tz.__class__ not in RELIABLE_TZ and start.utcoffset() is None):
        raise NaiveDatetime("start", start)
    delta = start - EPOCH
    t = delta.days * 86400 + delta.seconds  # whole epoch seconds, as instants.to_epoch
    plan = sla._plans.get((priority, clock), _UNKNOWN)
    if plan is _UNKNOWN:
        plan = sla.plan(priority, clock)
    if plan is None:
        return None
    amount = plan.seconds
    if amount is None:
        amount = plan_seconds(plan, start)
    if suspensions:
        spans = normalise(suspensions)
        if spans:
            result = advance_excluding(plan.calendar, t, amount, spans)
            return None if result is None else _fromtimestamp(result, UTC)
    return _fromtimestamp(plan.calendar.advance(t, amount), UTC)


def explain(sla: Sla, priority: str, clock: str, start: datetime,
            suspensions: Iterable[SuspensionLike] = (),
            until: datetime | None = None) -> Explanation:
    """The counted intervals and excluded spans from start to the deadline (or `until`)."""
    t = to_epoch(start, "start")
    stop = None if until is None else to_epoch(until, "until")
    plan = sla.plan(priority, clock)
    tz_name = sla.calendar_for(priority).timezone
    if plan is None:
        return Explanation(sla.name, priority, clock, False, start, None, None, until, tz_name)
    amount = plan_seconds(plan, start)
    spans = normalise(suspensions)
    due = advance_excluding(plan.calendar, t, amount, spans)
    end = stop if stop is not None else due
    notes: list[str] = []
    if plan.target.is_calendar_days:
        notes.append(f"{plan.target.label}: same local wall-clock time, every second counts")
    if due is None:
        notes.append("an open-ended suspension holds the clock: no deadline yet")
    rows = build_rows(plan.spec, t, end, spans)
    return Explanation(sla.name, priority, clock, True, start, amount,
                       None if due is None else from_epoch(due), until, tz_name,
                       tuple(rows), tuple(notes), plan.target.is_calendar_days)
