"""The fold's fast paths build the same results as the plain dataclasses would.

The fold fills ClockState and TicketClocks without their generated __init__, shares the
state of a clock that never started, and keeps each clock's deadline until something it
depends on moves (bench/fold_speed.py): none of that may show in what it returns.
"""

from __future__ import annotations

import random
from dataclasses import fields
from datetime import datetime, timedelta

import pytest

from helpdesk.sla import (
    PRIORITIES,
    ClockState,
    FixRejected,
    NotAnIncident,
    OnsiteAgreed,
    PriorityChanged,
    SupplierDelivered,
    SupplierSuspended,
    TicketAcknowledged,
    TicketClocks,
    TicketEvent,
    TicketResolved,
    UnknownPriority,
    WorkaroundApplied,
    event_from_record,
    fold,
    preset,
    stored_event,
)

from .conftest import utc
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

NOW = utc(2026, 3, 18, 14, 37)
LATER = (TicketAcknowledged, SupplierSuspended, SupplierDelivered, OnsiteAgreed,
         WorkaroundApplied, TicketResolved, FixRejected, NotAnIncident, PriorityChanged)


def random_history(rng: random.Random) -> list[TicketEvent]:
    at = NOW - timedelta(days=rng.randint(0, 30), seconds=rng.randrange(86400))
    events: list[TicketEvent] = [submitted(at, rng.choice(PRIORITIES))]
    for _ in range(rng.randint(0, 6)):
        at += timedelta(seconds=rng.randrange(3 * 86400))
        kind = rng.choice(LATER)
        if kind is PriorityChanged:
            events.append(PriorityChanged(at=at, priority=rng.choice(PRIORITIES)))
        else:
            events.append(kind(at=at))
    return events


def assert_as_built_by_init(value: object) -> None:
    assert set(vars(value)) == {f.name for f in fields(value)}  # type: ignore[arg-type]
    rebuilt = type(value)(**vars(value))
    assert rebuilt == value
    assert repr(rebuilt) == repr(value)


def test_every_clock_state_and_ticket_clocks_has_exactly_its_fields() -> None:
    rng = random.Random(20260318)
    for _ in range(400):
        sla = preset(rng.choice(("type1", "type3", "type5", "platform", "security")))
        result = fold(random_history(rng), sla, NOW)
        assert isinstance(result, TicketClocks)
        assert_as_built_by_init(result)
        for state in result.clocks.values():
            assert_as_built_by_init(state)
            assert hash(state) == hash(ClockState(**vars(state)))


def test_a_shared_pending_state_equals_a_fresh_one_and_stays_frozen() -> None:
    sla = preset("type5")
    first = fold([submitted(NOW - timedelta(hours=1), "P2")], sla, NOW)
    second = fold([submitted(NOW - timedelta(hours=2), "P2")], sla, NOW)
    pending = first.clocks["resolution"]
    assert pending.state == "pending" and pending == second.clocks["resolution"]
    assert pending == ClockState("resolution", "Resolution time", True, "pending",
                                 sla="type5", priority="P2", timezone="Europe/Brussels")


def test_a_suspension_after_the_deadline_was_known_moves_it() -> None:
    # The fold computes the running resolution clock's deadline before each event (to
    # freeze breaches); a supplier suspension and delivery must move it afterwards.
    sla, start = preset("type5"), utc(2026, 3, 9, 9, 0)  # a Monday
    events: list[TicketEvent] = [submitted(start, "P3"),
                                 TicketAcknowledged(at=start + timedelta(minutes=10))]
    plain = fold(events, sla, NOW).clocks["resolution"].deadline
    held = events + [SupplierSuspended(at=start + timedelta(hours=1)),
                     SupplierDelivered(at=start + timedelta(days=1, hours=3))]
    moved = fold(held, sla, start + timedelta(hours=2)).clocks["resolution"]
    assert moved.state == "paused"
    assert moved.deadline is None  # still held: no deadline while suspended
    resumed = fold(held, sla, NOW).clocks["resolution"].deadline
    assert isinstance(plain, datetime) and isinstance(resumed, datetime)
    assert resumed > plain


def test_a_stored_event_is_the_event_built_from_the_record() -> None:
    # stored_event skips the generated __init__ for rows the database shell read.
    at = utc(2026, 2, 2, 9)
    rows = {
        "submitted": {"priority": "P2", "urgency": "blocking", "impact": "some",
                      "channel": "email"},
        "acknowledged": {}, "priority_changed": {"priority": "P1", "reason": "all down"},
        "supplier_suspended": {"supplier": "Acme"}, "supplier_delivered": {},
        "onsite_agreed": {}, "workaround_applied": {}, "resolved": {},
        "fix_rejected": {"reason": "no"}, "not_an_incident": {"reason": "maintenance"},
        "assessed": {}, "message": {}, "breach_recorded": {},
    }
    for kind, payload in rows.items():
        stored = stored_event(kind, at, payload)
        assert stored == event_from_record(kind, at, payload)
        if stored is not None:
            assert_as_built_by_init(stored)
            assert list(vars(stored)) == [f.name for f in fields(stored)]


def test_a_stored_event_still_refuses_an_unknown_priority() -> None:
    for kind in ("submitted", "priority_changed"):
        with pytest.raises(UnknownPriority):
            stored_event(kind, utc(2026, 2, 2, 9), {"priority": "P9"})
