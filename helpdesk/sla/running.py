"""The fold's working state: one running clock, and the ticket around its clocks.

The scheduler folds every open ticket, so this is a hot path: instants stay epoch seconds
until the snapshot, each clock's deadline is computed once per change (not once per event)
and kept until something it depends on moves, and a clock that never started snapshots to
a state shared by every ticket of the same SLA and priority.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from .calendar import CalendarSpec, local_epoch
from .clockstate import ClockState, Segment, built
from .counting import advance_excluding, counted_excluding
from .definition import ClockDef, ClockPlan, Sla
from .errors import CalendarExhausted
from .instants import from_epoch
from .suspension import Span

_fromtimestamp = datetime.fromtimestamp
_STALE: object = object()  # a deadline not computed yet (None is a real answer: held)
_NO_SPANS: list[Span] = []  # never appended to: the spans of a clock no supplier holds


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


def merged_spans(first: list[Span], second: list[Span]) -> list[Span]:
    """Two sorted lists of non-overlapping spans as one: overlapping or touching spans
    become one span (an open end is open), whose reason names both causes."""
    if not second:
        return list(first)
    if not first:
        return list(second)
    merged: list[Span] = []
    for start, end, reason in sorted(first + second, key=lambda span: span[0]):
        if merged:
            last_start, last_end, last_reason = merged[-1]
            if last_end is None or start <= last_end:
                new_end = None if last_end is None or end is None else max(last_end, end)
                why = last_reason if reason == last_reason else f"{last_reason}; {reason}"
                merged[-1] = (last_start, new_end, why)
                continue
        merged.append((start, end, reason))
    return merged


class Clock:
    """A clock being folded: counts from `anchor`, having counted `base` before it.

    `spans` is the ticket's own list of suspensions: for a suspendable clock (art. 39.1.3:
    only the resolution/fix clocks) supplier and non-payment suspensions merged, for any
    other clock the non-payment suspensions only (art. 6.9), so it sees them as they are
    added.
    """

    __slots__ = ("sla", "definition", "spans", "started_at", "plan", "anchor", "base",
                 "target", "extended", "stopped_at", "counted_at_stop", "breached_at",
                 "priority_at_breach", "segments", "gaps", "_due", "reopen_plan")

    def __init__(self, sla: Sla, definition: ClockDef, spans: list[Span],
                 payment_spans: list[Span] | None = None) -> None:
        self.sla, self.definition = sla, definition
        # art. 39.1.3: only a suspendable clock waits for a supplier; art. 6.9 (seed 002) /
        # art. 14.6 (seed 004): a non-payment suspension holds every clock of the ticket.
        if definition.suspendable:
            self.spans = spans
        else:
            self.spans = payment_spans if payment_spans is not None else _NO_SPANS
        self.started_at: int | None = None
        self.plan: ClockPlan | None = None
        self.anchor, self.base = 0, 0
        self.target: int | None = None
        self.extended = False
        self.stopped_at: int | None = None
        self.counted_at_stop = 0
        self.breached_at: int | None = None
        self.priority_at_breach: str | None = None
        self.segments: tuple[Segment, ...] = ()  # tuples: the snapshot shares them as is
        self.gaps: tuple[tuple[int, int], ...] = ()
        self._due: int | None | object = _STALE
        self.reopen_plan: ClockPlan | None = None  # a priority changed while stopped

    def forget_deadline(self) -> None:
        """Something the deadline depends on moved (start, target, plan, base, spans)."""
        self._due = _STALE

    def _target_for(self, plan: ClockPlan) -> int:
        if plan.seconds is not None:
            seconds = plan.seconds
        else:
            start = from_epoch(self.started_at or 0)
            seconds = plan.target.calendar_days_seconds(start, plan.spec.tz)
        return seconds + (plan.day_seconds if self.extended else 0)

    def start(self, priority: str | None, at: int) -> None:
        if self.started_at is not None or priority is None:
            return
        self.started_at, self.anchor, self.base = at, at, 0
        self.plan = plan = self.sla.plan(priority, self.definition.name)
        if plan is not None:
            self.target = self._target_for(plan)  # R7: on-site may be agreed before it starts
            self.segments += ((at, plan.spec, None),)
        self._due = _STALE

    def counted(self, t: int) -> int:
        if self.stopped_at is not None:
            return self.counted_at_stop
        plan = self.plan
        if plan is None or self.started_at is None or t <= self.anchor:
            return self.base
        if not self.spans:
            return self.base + plan.calendar.counted_between(self.anchor, t)
        return self.base + counted_excluding(plan.calendar, self.anchor, t, self.spans)

    def deadline(self) -> int | None:
        """Epoch seconds of the deadline (None: n.a., or held by an open suspension).

        Kept once computed: the fold asks before every event (to freeze breaches) and
        again for the snapshot; whatever moves it sets `_due` back to stale.
        """
        if self.breached_at is not None:
            return self.breached_at
        due = self._due
        if due is not _STALE:
            return due  # type: ignore[return-value]
        plan, target = self.plan, self.target
        if plan is None or target is None or self.started_at is None:
            due = None
        elif self.base >= target:
            due = self.anchor  # R12: never earlier than the change that made it due
        elif not self.spans:
            due = plan.calendar.advance(self.anchor, target - self.base)
        else:
            due = advance_excluding(plan.calendar, self.anchor, target - self.base, self.spans)
        self._due = due
        return due

    def stop(self, at: int) -> None:
        if self.started_at is not None and self.stopped_at is None:  # running
            self.counted_at_stop = self.counted(at)
            self.stopped_at = at

    def reopen(self, at: int) -> bool:
        if (not self.definition.reopens_on_rejection or self.stopped_at is None
                or self.plan is None):
            return False
        if self.reopen_plan is not None:  # counts on at the priority now in force (R12)
            self.plan, self.reopen_plan = self.reopen_plan, None
            self.target = self._target_for(self.plan)
        self.gaps += ((self.stopped_at, at),)
        self.segments += ((at, self.plan.spec, (self.stopped_at, at)),)
        self.anchor, self.base, self.stopped_at = at, self.counted_at_stop, None
        self._due = _STALE
        return True

    def change_priority(self, priority: str, at: int) -> None:
        """R12: the new priority's target, counted from the original start.

        Time counted so far stays counted (the old calendar counted it); the rest is
        counted in the new priority's calendar from the change, so the new deadline is
        never earlier than the change. A breached clock keeps its breach and deadline.
        When the new priority has no such clock (n.a.), the running clock keeps its
        target: a reclassification must not silently erase a running obligation. A
        stopped clock keeps the target it was met against (R8: "met or breached at that
        moment"); it takes the new one only if a rejected fix reopens it.
        """
        new = self.sla.plan(priority, self.definition.name)
        if self.started_at is None or self.breached_at is not None or new is None:
            return
        if self.stopped_at is not None:
            self.reopen_plan = new
            return
        if self.plan is None:  # n.a. until now: count from the original start
            self.base = counted_excluding(new.calendar, self.started_at, at, self.spans)
        else:
            self.base = self.counted(at)
        self.anchor = at
        self.segments += ((at, new.spec, None),)
        self.plan, self.target = new, self._target_for(new)
        self._due = _STALE

    def extend_one_day(self) -> None:
        """R7: one more working day = one window length of this priority's calendar."""
        if not self.extended:
            self.extended = True
            if self.plan is not None and self.target is not None:
                self.target += self.plan.day_seconds
                self._due = _STALE

    def snapshot(self, state: FoldState, now: int) -> ClockState:
        started, plan = self.started_at, self.plan
        if started is None or plan is None:
            return self._idle_snapshot(state)
        stopped, breached, void = self.stopped_at, self.breached_at, state.void
        end = stopped if stopped is not None else now
        if void and state.void_at is not None:
            end = min(end, state.void_at)
        counted = self.counted_at_stop if stopped is not None else self.counted(end)
        due = self.deadline()
        status, resumes_at = "running", None
        if void:
            status = "void"
        elif breached is not None:
            status = "breached"
        elif stopped is not None:
            # stopped by the merge itself (issue #16): neither met nor missed, not counted
            status = "void" if stopped == state.merged_at else "met"
        elif self.spans:
            status, resumes_at = self._suspended_status(now)
        # The fields this SLA, clock and priority share with every ticket, then this
        # ticket's own: copying a dict and setting a few keys is cheaper than building
        # all 20 (or running the frozen dataclass's __init__, one __setattr__ per field).
        values = self._shared(state.priority, True, "pending").__dict__.copy()
        values["state"] = status
        values["start"] = _fromtimestamp(started, UTC)
        values["target_seconds"] = target = self.target
        values["deadline"] = None if due is None else _fromtimestamp(due, UTC)
        values["counted_seconds"] = counted
        values["remaining_seconds"] = max(0, (target or 0) - counted)
        values["segments"] = self.segments
        values["timezone"] = plan.spec.timezone
        values["_end"] = end
        if stopped is not None:
            values["stopped_at"] = _fromtimestamp(stopped, UTC)
        if breached is not None and not void:  # a void ticket breaches nothing (art. 38.3)
            values["breached_at"] = _fromtimestamp(breached, UTC)
            values["priority_at_breach"] = self.priority_at_breach
            values["overdue_seconds"] = end - breached - sum(
                max(0, min(b, end) - max(a, breached)) for a, b in self.gaps)
        if resumes_at is not None:
            values["resumes_at"] = resumes_at
        if self.spans:
            values["spans"] = tuple(self.spans)
        return built(ClockState, values)

    def _idle_snapshot(self, state: FoldState) -> ClockState:
        """Not started, or started while n.a. for its priority: nothing of the ticket in it."""
        priority = state.priority
        if self.started_at is not None or priority is None \
                or self.sla.plan(priority, self.definition.name) is None:
            return self._shared(priority, False, "void")  # no such clock for this priority
        closed = state.void or state.merged_at is not None
        return self._shared(priority, True, "void" if closed else "pending")

    def _shared(self, priority: str | None, applicable: bool, status: str) -> ClockState:
        """The state of this clock that holds nothing of a ticket: built once per SLA."""
        d, sla = self.definition, self.sla
        key = (d.name, priority, applicable, status)
        shared = sla.fold_cache.get(key)
        if shared is None:
            shared = sla.fold_cache[key] = ClockState(
                d.name, d.label, applicable, status, sla=sla.name, priority=priority,
                timezone=sla.calendar.timezone)
        return shared  # type: ignore[no-any-return]

    def _suspended_status(self, now: int) -> tuple[str, datetime | None]:
        """Running or paused as of `now` (R6), and when a paused clock resumes if known."""
        status, resumes_at = "running", None
        for start, stop, _ in self.spans:
            if start <= now and (stop is None or now < stop):
                status = "paused"
                if stop is not None and self.plan is not None:
                    resumes_at = _fromtimestamp(self.plan.calendar.next_opening(stop), UTC)
        return status, resumes_at


class FoldState:
    """A ticket while its events are folded."""

    __slots__ = ("sla", "clocks", "priority", "status", "acknowledged", "spans", "onsite",
                 "fix_rejections", "priority_before_workaround", "void", "void_at",
                 "merged_at", "supplier_spans", "payment_spans")

    def __init__(self, sla: Sla) -> None:
        self.sla = sla
        # `spans` is what a suspendable clock sees: the supplier spans (art. 39.1.3) and the
        # non-payment spans (art. 6.9) merged; other clocks see `payment_spans` only. Both
        # lists are mutated in place, so the clocks holding them see every change.
        self.spans: list[Span] = []
        self.supplier_spans: list[Span] = []
        self.payment_spans: list[Span] = []
        self.clocks = [Clock(sla, definition, self.spans, self.payment_spans)
                       for definition in sla.clocks]
        self.priority: str | None = None
        self.status = "new"
        self.acknowledged = False
        self.onsite = False
        self.fix_rejections: list[int] = []
        self.priority_before_workaround: str | None = None
        self.void = False
        self.void_at: int | None = None
        self.merged_at: int | None = None  # issue #16: merged into another ticket

    @property
    def open_suspension(self) -> bool:
        """Waiting for a supplier (art. 39.1.3) now."""
        return bool(self.supplier_spans) and self.supplier_spans[-1][1] is None

    @property
    def payment_suspended(self) -> bool:
        """Interventions suspended for non-payment (art. 6.9) now."""
        return bool(self.payment_spans) and self.payment_spans[-1][1] is None

    def trigger(self, kind: str, at: int) -> None:
        for clock in self.clocks:
            if clock.definition.starts_on == kind:
                clock.start(self.priority, at)

    def stop(self, kind: str, at: int) -> None:
        for clock in self.clocks:
            if kind in clock.definition.stops_on:
                clock.stop(at)

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
            clock.change_priority(priority, at)
        self.priority = priority

    def suspend(self, at: int, supplier: str | None) -> None:
        if self.open_suspension:
            return
        who = f"supplier {supplier}" if supplier else "an external supplier"
        reason = f"waiting for {who} (art. 39.1.3, R6)"
        spans = self.supplier_spans
        if spans and (spans[-1][1] or 0) > at:
            # suspended again while the previous delivery day still holds: one span
            spans[-1] = (spans[-1][0], None, reason)
        else:
            spans.append((at, None, reason))
        self._spans_changed()
        self.status = "suspended"

    def deliver(self, at: int) -> None:
        if not self.open_suspension:
            return
        start, _, reason = self.supplier_spans[-1]
        self.supplier_spans[-1] = (start, supplier_hold_end(self.sla.calendar, at), reason)
        self._spans_changed()
        if self.status == "suspended":
            self.status = "acknowledged" if self.acknowledged else "open"

    def suspend_for_payment(self, at: int, reason: str | None) -> None:
        """Art. 6.9 (seed 002) / art. 14.6 (seed 004): interventions are suspended for
        non-payment; every clock of a ticket opened meanwhile counts nothing from `at`."""
        if self.payment_suspended:
            return
        why = f"interventions suspended for non-payment (art. 6.9){': ' + reason if reason else ''}"
        self.payment_spans.append((at, None, why))
        self._spans_changed()

    def resume_after_payment(self, at: int) -> None:
        """The suspension for non-payment stopped at `at`: counting resumes from then."""
        if not self.payment_suspended:
            return
        start, _, reason = self.payment_spans[-1]
        self.payment_spans[-1] = (start, at, reason)
        self._spans_changed()

    def _spans_changed(self) -> None:
        # The merged view of a suspendable clock, rebuilt in place (the clocks hold it).
        self.spans[:] = merged_spans(self.supplier_spans, self.payment_spans)
        for clock in self.clocks:
            if clock.spans is self.spans or clock.spans is self.payment_spans:
                clock.forget_deadline()

    def freeze_breaches(self, at: int) -> None:
        """R12: a running clock whose deadline lies before `at` is breached, for good.

        Frozen before each event is applied, so no later event rewrites the breach.
        """
        for clock in self.clocks:
            if clock.started_at is None or clock.stopped_at is not None \
                    or clock.breached_at is not None:
                continue  # not running, or already frozen
            due = clock._due  # the deadline, when known already (as Clock.deadline)
            if due is _STALE:
                due = clock.deadline()
            if due is not None and due < at:  # type: ignore[operator]
                clock.breached_at, clock.priority_at_breach = due, self.priority
