"""The fold: a ticket's clocks are a pure function of its events and `now`.

Each event is applied in order by a `singledispatch` mutator on a working state. Before an
event is applied, every running clock whose deadline lies before the event is frozen as
breached, so no later event (priority change, on-site agreement, not an incident aside)
rewrites a breach: events are never rewritten (R12).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import singledispatch
from operator import itemgetter
from typing import Any

from .clockstate import Breach, ClockState, TicketClocks, built
from .definition import Sla
from .events import (
    FixRejected,
    NotAnIncident,
    OnsiteAgreed,
    OutOfScope,
    PaymentResumed,
    PaymentSuspended,
    PriorityChanged,
    ReportAssessed,
    SupplierDelivered,
    SupplierSuspended,
    TicketAcknowledged,
    TicketEvent,
    TicketMerged,
    TicketResolved,
    TicketSubmitted,
    WorkaroundApplied,
)
from .instants import from_epoch, to_epoch
from .running import FoldState

_instant = itemgetter(0)


def fold(events: Sequence[TicketEvent], sla: Sla, now: datetime) -> TicketClocks:
    """Fold a ticket's events (any order; ties keep their order) into its clocks at `now`."""
    at_now = to_epoch(now, "now")
    state = FoldState(sla)
    timed = [(to_epoch(e.at, "event time"), e) for e in events]
    if len(timed) > 1:
        timed.sort(key=_instant)  # stable: events at the same instant keep their order
    for at, event in timed:
        if at > at_now:
            break  # the fold is as of `now`: later events have not happened yet
        if state.priority is None and not isinstance(event, TicketSubmitted):
            continue  # nothing runs before the ticket exists
        if state.void or state.merged_at is not None:
            break  # art. 38.3: not an incident, or merged: no clock runs any more
        if state.priority is not None:  # (before the submission no clock runs)
            state.freeze_breaches(at)
        _handlers.get(event.__class__, apply)(event, state, at)
    state.freeze_breaches(at_now)
    return _result(state, now, at_now)


@singledispatch
def apply(event: TicketEvent, state: FoldState, at: int) -> None:
    """Events the clocks do not react to."""


@apply.register
def _submitted(event: TicketSubmitted, state: FoldState, at: int) -> None:
    if state.priority is not None:
        return  # a ticket is submitted once
    state.priority = event.priority
    state.status = "open"
    state.trigger("submitted", at)


@apply.register
def _acknowledged(event: TicketAcknowledged, state: FoldState, at: int) -> None:
    state.acknowledge(at)


@apply.register
def _assessed(event: ReportAssessed, state: FoldState, at: int) -> None:
    state.stop("assessed", at)
    state.trigger("assessed", at)


@apply.register
def _priority_changed(event: PriorityChanged, state: FoldState, at: int) -> None:
    state.change_priority(event.priority, at)
    state.priority_before_workaround = None  # a staff decision replaces the R8 downgrade


@apply.register
def _supplier_suspended(event: SupplierSuspended, state: FoldState, at: int) -> None:
    state.suspend(at, event.supplier)


@apply.register
def _supplier_delivered(event: SupplierDelivered, state: FoldState, at: int) -> None:
    state.deliver(at)


@apply.register
def _payment_suspended(event: PaymentSuspended, state: FoldState, at: int) -> None:
    state.suspend_for_payment(at, event.reason)


@apply.register
def _payment_resumed(event: PaymentResumed, state: FoldState, at: int) -> None:
    state.resume_after_payment(at)


@apply.register
def _onsite(event: OnsiteAgreed, state: FoldState, at: int) -> None:
    # art. 39.1.3 / 39.3.4 (R7): the resolution deadline moves one working day, once.
    if state.onsite:
        return
    state.onsite = True
    for clock in state.clocks:
        if clock.definition.extends_on_onsite and clock.breached_at is None:
            clock.extend_one_day()


@apply.register
def _workaround(event: WorkaroundApplied, state: FoldState, at: int) -> None:
    # Service restored: the resolution clock stops (met or breached at that moment), and a
    # clock for the permanent fix starts where the contract has one (seed 004 annex 1).
    # art. 39.3.1 (R8, seed 002 only): the priority becomes P3 for the rest of the
    # handling; a reaction clock still running follows R12 like any priority change: P3's
    # target from its start, never earlier than now, unless it is already breached.
    state.acknowledge(at, implied=True)
    state.stop("workaround_applied", at)
    state.trigger("workaround_applied", at)
    state.status = "workaround_applied"
    lowered = state.sla.workaround_priority
    if lowered is not None and state.priority != lowered and state.priority is not None:
        if state.priority_before_workaround is None:
            state.priority_before_workaround = state.priority
        state.change_priority(lowered, at)


@apply.register
def _resolved(event: TicketResolved, state: FoldState, at: int) -> None:
    state.acknowledge(at, implied=True)
    state.stop("resolved", at)
    state.status = "resolved"


@apply.register
def _fix_rejected(event: FixRejected, state: FoldState, at: int) -> None:
    # art. 39.4.1 (R9): the customer finds the fix insufficient. It counts toward the tier,
    # and a stopped resolution clock resumes now with its counted time kept; the time
    # between the fix and the rejection is not counted, since the provider had stopped
    # work in good faith on a fix it believed delivered.
    state.fix_rejections.append(at)
    reopened = [clock for clock in state.clocks if clock.reopen(at)]
    if state.priority_before_workaround is not None:
        # The R8 downgrade rested on service being restored; the customer says it is not.
        previous, state.priority_before_workaround = state.priority_before_workaround, None
        state.change_priority(previous, at)
    if reopened or state.status in ("resolved", "workaround_applied"):
        state.status = "suspended" if state.open_suspension else "acknowledged"


@apply.register
def _not_an_incident(event: NotAnIncident, state: FoldState, at: int) -> None:
    # art. 38.3: not an incident: every clock stops counting, no breach, no credit.
    state.void = True
    state.void_at = at
    state.status = "not_an_incident"


@apply.register
def _out_of_scope(event: OutOfScope, state: FoldState, at: int) -> None:
    # Seed 004 art. 9.3/9.4: out of scope (binding) leaves the objectives as art. 38.3
    # does: every clock stops counting, no miss, no escalation, no credit from then on.
    state.void = True
    state.void_at = at
    state.status = "out_of_scope"


@apply.register
def _merged(event: TicketMerged, state: FoldState, at: int) -> None:
    # Issue #16: a duplicate's clocks stop at the merge; those already breached stay
    # breached (R12: frozen before this event), the others stop without a verdict, shown
    # as void. Unlike art. 38.3 nothing is erased: the report was real, only doubled.
    state.merged_at = at
    for clock in state.clocks:
        clock.stop(at)
    state.status = "merged"


def _result(state: FoldState, now: datetime, at_now: int) -> TicketClocks:
    clocks: dict[str, ClockState] = {}
    breaches: list[Breach] = []
    next_deadline = next_event = earliest = None
    for clock in state.clocks:
        snap = clocks[clock.definition.name] = clock.snapshot(state, at_now)
        status, due, resumes = snap.state, snap.deadline, snap.resumes_at
        if status == "breached" and snap.breached_at is not None:
            breaches.append(Breach(snap.name, snap.breached_at, snap.priority_at_breach or ""))
            # Issue #19: a clock past its deadline and not stopped is overdue; its deadline
            # stays the ticket's most pressing one (the queue sorts it first).
            if snap.stopped_at is None and due is not None \
                    and (earliest is None or due < earliest):
                earliest = due
        elif (status == "running" or status == "paused") and due is not None \
                and (next_deadline is None or due < next_deadline):
            next_deadline = due
            if earliest is None or due < earliest:
                earliest = due
        if resumes is not None and resumes > now and (next_event is None or resumes < next_event):
            next_event = resumes
    if len(breaches) > 1:
        breaches.sort(key=_breach_deadline)  # stable: equal deadlines keep the clocks' order
    rejections: tuple[datetime, ...] = ()
    if state.fix_rejections and not state.void:
        rejections = tuple(from_epoch(at) for at in state.fix_rejections)
    count = len(breaches) + len(rejections)
    # art. 39.4.1 (R9): tier 2 after the first breach or rejection, tier 3 after the second.
    tier = 1 if count == 0 else 2 if count == 1 else 3
    return built(TicketClocks, {
        "now": now, "priority": state.priority, "status": state.status, "clocks": clocks,
        "breaches": tuple(breaches), "fix_rejections": rejections, "tier": tier,
        "next_deadline": next_deadline, "next_event_instant": next_event,
        "earliest_open_deadline": earliest})


def _breach_deadline(breach: Breach) -> datetime:
    return breach.deadline


# Each event class's mutator, looked up once: singledispatch's own dispatch (a wrapper and
# a weak-key cache) costs about as much as applying a typical event. Every mutator is
# registered above, at import; classes not named here fall back to `apply` itself.
_handlers: dict[type, Callable[[Any, FoldState, int], None]] = {
    cls: apply.dispatch(cls) for cls in apply.registry if cls is not object}


def tier(events: Sequence[TicketEvent], sla: Sla, now: datetime) -> int:
    """Art. 39.4.1 escalation tier (1-3) of a ticket as of `now` (R9)."""
    return fold(events, sla, now).tier
