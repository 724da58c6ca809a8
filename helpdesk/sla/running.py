"""The fold's working state: one running clock, and the ticket around its clocks."""

from __future__ import annotations

from datetime import timedelta

from .calendar import CalendarSpec, local_epoch
from .clockstate import ClockState, Segment
from .counting import advance_excluding, counted_excluding
from .definition import ClockDef, ClockPlan, Sla
from .errors import CalendarExhausted
from .instants import from_epoch
from .suspension import Span


def supplier_hold_end(spec: CalendarSpec, delivered: int) -> int:
    """Art. 39.1.3 (R6): suspended "tot en met de dag" the supplier delivered.

    Through the end of that local day; when that day is a weekend day, holiday or
    closing day, through the end of the next working day. Counting then resumes at the
    next window opening (which the calendar does by itself).
    """
    day = from_epoch(delivered).astimezone(spec.tz).date()
    for _ in range(3700):
        if spec.is_working_day(day):
            return local_epoch(spec.tz, day, 1440)
        day += timedelta(days=1)
    raise CalendarExhausted("no working day within ten years after the supplier delivered")


class Clock:
    """A clock being folded: counts from `anchor`, having counted `base` before it."""

    def __init__(self, sla: Sla, definition: ClockDef) -> None:
        self.sla, self.definition = sla, definition
        self.started_at: int | None = None
        self.plan: ClockPlan | None = None
        self.anchor, self.base = 0, 0
        self.target: int | None = None
        self.extended = False
        self.stopped_at: int | None = None
        self.counted_at_stop = 0
        self.breached_at: int | None = None
        self.priority_at_breach: str | None = None
        self.segments: list[Segment] = []
        self.gaps: list[tuple[int, int]] = []

    @property
    def running(self) -> bool:
        return self.started_at is not None and self.stopped_at is None

    def spans(self, state: FoldState) -> list[Span]:
        # art. 39.1.3: only the resolution (fix) clocks are suspended for a supplier
        return state.spans if self.definition.suspendable else []

    def _target_for(self, plan: ClockPlan) -> int:
        if plan.seconds is not None:
            seconds = plan.seconds
        else:
            start = from_epoch(self.started_at or 0)
            seconds = plan.target.calendar_days_seconds(start, plan.spec.tz)
        return seconds + (plan.day_seconds if self.extended else 0)

    def start(self, state: FoldState, at: int) -> None:
        if self.started_at is not None or state.priority is None:
            return
        self.started_at, self.anchor, self.base = at, at, 0
        self.plan = self.sla.plan(state.priority, self.definition.name)
        if self.plan is not None:
            self.target = self._target_for(self.plan)
            self.segments.append(Segment(at, self.plan.spec))

    def counted(self, state: FoldState, t: int) -> int:
        if self.stopped_at is not None:
            return self.counted_at_stop
        if self.plan is None or self.started_at is None or t <= self.anchor:
            return self.base
        return self.base + counted_excluding(self.plan.calendar, self.anchor, t,
                                             self.spans(state))

    def deadline(self, state: FoldState) -> int | None:
        if self.breached_at is not None:
            return self.breached_at
        if self.plan is None or self.target is None or self.started_at is None:
            return None
        if self.base >= self.target:
            return self.anchor  # R12: never earlier than the change that made it due
        return advance_excluding(self.plan.calendar, self.anchor, self.target - self.base,
                                 self.spans(state))

    def freeze_if_breached(self, state: FoldState, at: int) -> None:
        if not self.running or self.breached_at is not None:
            return
        due = self.deadline(state)
        if due is not None and due < at:
            self.breached_at, self.priority_at_breach = due, state.priority

    def stop(self, state: FoldState, at: int) -> None:
        if self.running:
            self.counted_at_stop = self.counted(state, at)
            self.stopped_at = at

    def reopen(self, at: int) -> bool:
        if (not self.definition.reopens_on_rejection or self.stopped_at is None
                or self.plan is None):
            return False
        self.gaps.append((self.stopped_at, at))
        self.segments.append(Segment(at, self.plan.spec, (self.stopped_at, at)))
        self.anchor, self.base, self.stopped_at = at, self.counted_at_stop, None
        return True

    def change_priority(self, state: FoldState, priority: str, at: int) -> None:
        """R12: the new priority's target, counted from the original start.

        Time counted so far stays counted (the old calendar counted it); the rest is
        counted in the new priority's calendar from the change, so the new deadline is
        never earlier than the change. A breached clock keeps its breach and deadline.
        When the new priority has no such clock (n.a.), the running clock keeps its
        target: a reclassification must not silently erase a running obligation.
        """
        new = self.sla.plan(priority, self.definition.name)
        if self.started_at is None or self.breached_at is not None or new is None:
            return
        if self.stopped_at is None:
            if self.plan is None:  # n.a. until now: count from the original start
                self.base = counted_excluding(new.calendar, self.started_at, at,
                                              self.spans(state))
            else:
                self.base = self.counted(state, at)
            self.anchor = at
            self.segments.append(Segment(at, new.spec))
        self.plan, self.target = new, self._target_for(new)

    def extend_one_day(self) -> None:
        """R7: one more working day = one window length of this priority's calendar."""
        if not self.extended:
            self.extended = True
            if self.plan is not None and self.target is not None:
                self.target += self.plan.day_seconds

    def snapshot(self, state: FoldState, now: int) -> ClockState:
        d = self.definition
        tz = (self.plan.spec if self.plan else self.sla.calendar).timezone
        common = {"sla": self.sla.name, "priority": state.priority, "timezone": tz}
        current = self.sla.plan(state.priority, d.name) if state.priority else None
        if self.plan is None and (self.started_at is not None or current is None):
            return ClockState(d.name, d.label, False, "void", **common)
        if self.started_at is None:
            return ClockState(d.name, d.label, True, "void" if state.void else "pending",
                              **common)
        end = self.stopped_at if self.stopped_at is not None else now
        if state.void and state.void_at is not None:
            end = min(end, state.void_at)
        counted = (self.counted_at_stop if self.stopped_at is not None and end == self.stopped_at
                   else self.counted(state, end))
        due = self.deadline(state)
        spans = self.spans(state)
        resumes_at = None
        if state.void:
            status = "void"
        elif self.breached_at is not None:
            status = "breached"
        elif self.stopped_at is not None:
            status = "met"
        else:
            status = "running"
            for start, stop, _ in spans:
                if start <= now and (stop is None or now < stop):
                    status = "paused"
                    if stop is not None and self.plan is not None:
                        resumes_at = from_epoch(self.plan.calendar.next_opening(stop))
        overdue = 0
        if self.breached_at is not None and not state.void:
            overdue = end - self.breached_at - sum(
                max(0, min(b, end) - max(a, self.breached_at)) for a, b in self.gaps)
        target = self.target or 0
        return ClockState(
            d.name, d.label, True, status, from_epoch(self.started_at), self.target,
            None if due is None else from_epoch(due), counted, max(0, target - counted),
            None if self.stopped_at is None else from_epoch(self.stopped_at),
            None if self.breached_at is None or state.void else from_epoch(self.breached_at),
            overdue, None if state.void else self.priority_at_breach, resumes_at,
            segments=tuple(self.segments), spans=tuple(spans), _end=end, **common)


class FoldState:
    """A ticket while its events are folded."""

    def __init__(self, sla: Sla, clocks: list[Clock]) -> None:
        self.sla, self.clocks = sla, clocks
        self.priority: str | None = None
        self.status = "new"
        self.acknowledged = False
        self.spans: list[Span] = []
        self.onsite = False
        self.fix_rejections: list[int] = []
        self.priority_before_workaround: str | None = None
        self.void = False
        self.void_at: int | None = None

    @property
    def open_suspension(self) -> bool:
        return bool(self.spans) and self.spans[-1][1] is None

    def trigger(self, kind: str, at: int) -> None:
        for clock in self.clocks:
            if clock.definition.starts_on == kind:
                clock.start(self, at)

    def stop(self, kind: str, at: int) -> None:
        for clock in self.clocks:
            if kind in clock.definition.stops_on:
                clock.stop(self, at)

    def acknowledge(self, at: int, implied: bool = False) -> None:
        # R1: the human acknowledgement stops reaction and starts resolution (R2). A fix
        # or workaround sent before any acknowledgement informs the customer as well,
        # so it acknowledges implicitly at the same instant.
        if self.acknowledged:
            return
        self.acknowledged = True
        self.stop("acknowledged", at)
        self.trigger("acknowledged", at)
        if self.status == "open":
            self.status = "acknowledged"

    def change_priority(self, priority: str, at: int) -> None:
        for clock in self.clocks:
            clock.change_priority(self, priority, at)
        self.priority = priority

    def suspend(self, at: int, supplier: str | None) -> None:
        if self.open_suspension:
            return
        who = f"supplier {supplier}" if supplier else "an external supplier"
        reason = f"waiting for {who} (art. 39.1.3, R6)"
        if self.spans and (self.spans[-1][1] or 0) > at:
            # suspended again while the previous delivery day still holds: one span
            self.spans[-1] = (self.spans[-1][0], None, reason)
        else:
            self.spans.append((at, None, reason))
        self.status = "suspended"

    def deliver(self, at: int) -> None:
        if not self.open_suspension:
            return
        start, _, reason = self.spans[-1]
        self.spans[-1] = (start, supplier_hold_end(self.sla.calendar, at), reason)
        if self.status == "suspended":
            self.status = "acknowledged" if self.acknowledged else "open"

    def freeze_breaches(self, at: int) -> None:
        for clock in self.clocks:
            clock.freeze_if_breached(self, at)
