"""The statement shortcut (helpdesk/reports/screen.py) is sound: whenever it says a ticket
cannot have breached, the fold finds no breach. Pure: no database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from helpdesk import sla as engine
from helpdesk.reports.screen import cannot_breach

START = datetime(2026, 1, 1, tzinfo=UTC)
KINDS = {
    "acknowledged": engine.TicketAcknowledged,
    "resolved": engine.TicketResolved,
    "supplier_suspended": engine.SupplierSuspended,
    "supplier_delivered": engine.SupplierDelivered,
    "onsite_agreed": engine.OnsiteAgreed,
    "workaround_applied": engine.WorkaroundApplied,
    "fix_rejected": engine.FixRejected,
}


@st.composite
def tickets(draw):
    sla = engine.preset(draw(st.sampled_from(engine.PRESET_NAMES)))
    at = START + timedelta(seconds=draw(st.integers(0, 365 * 86400)))
    events: list[engine.TicketEvent] = [
        engine.TicketSubmitted(at=at, priority=draw(st.sampled_from(engine.PRIORITIES)))]
    for _ in range(draw(st.integers(0, 4))):
        at += timedelta(seconds=draw(st.integers(0, 4 * 86400)))
        kind = draw(st.sampled_from(sorted(KINDS) + ["priority_changed"]))
        if kind == "priority_changed":
            events.append(engine.PriorityChanged(
                at=at, priority=draw(st.sampled_from(engine.PRIORITIES))))
        else:
            events.append(KINDS[kind](at=at))
    now = at + timedelta(seconds=draw(st.integers(-86400, 10 * 86400)))
    return events, sla, now


@settings(max_examples=400, deadline=None)
@given(tickets())
def test_cannot_breach_implies_the_fold_finds_no_breach(case):
    events, sla, now = case
    if cannot_breach(events, sla, now):
        assert engine.fold(events, sla, now).breaches == ()


def test_a_quick_acknowledgement_and_fix_is_screened_out():
    sla = engine.preset("type4")
    at = datetime(2026, 11, 2, 8, tzinfo=UTC)
    events = [engine.TicketSubmitted(at=at, priority="P1"),
              engine.TicketAcknowledged(at=at + timedelta(minutes=30)),
              engine.TicketResolved(at=at + timedelta(hours=5))]
    assert cannot_breach(events, sla, at + timedelta(days=30))
    late = [*events[:2], engine.TicketResolved(at=at + timedelta(days=2))]
    assert not cannot_breach(late, sla, at + timedelta(days=30))  # 2 d > 18 h: fold it
