"""Suspension for non-payment (seed 002 art. 6.9; seed 004 art. 14.6; R25): the clocks of a
ticket opened while interventions are suspended hold from its opening until the suspension
stops, every clock (not only those a supplier may suspend); the deadlines are computed here
by hand from the SLA's window."""

from __future__ import annotations

import pytest

from helpdesk.sla import (
    PaymentResumed,
    PaymentSuspended,
    SupplierDelivered,
    SupplierSuspended,
    TicketAcknowledged,
    event_from_record,
    fold,
    preset,
)
from helpdesk.sla.badges import badge, text
from helpdesk.sla.running import merged_spans

from .conftest import bxl
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

TYPE4, PLATFORM = preset("type4"), preset("platform")  # type 4: Mon-Fri 06:00-24:00
OPENED = bxl(2026, 2, 2, 10)  # Monday 2 February 2026 10:00 Brussels
RESUMED = bxl(2026, 2, 4, 14)  # Wednesday 14:00: the customer paid, the suspension stops


def held(*more):
    return [submitted(OPENED, "P1"), PaymentSuspended(OPENED, reason="invoice 2026-014"),
            *more]


def test_a_ticket_opened_during_the_suspension_counts_nothing_until_it_stops():
    during = fold(held(), TYPE4, bxl(2026, 2, 3, 12)).clocks["reaction"]
    assert during.state == "paused" and during.deadline is None  # held, no deadline yet
    assert during.counted_seconds == 0
    b = badge(during, bxl(2026, 2, 3, 12))
    assert b.state == "suspended" and b.cause == "payment"
    assert text(b) == "suspended: non-payment (art. 6.9)"
    # P1 reaction 2 h of window time from Wednesday 14:00: 16:00 (not Monday 12:00).
    after = fold(held(PaymentResumed(RESUMED)), TYPE4, bxl(2026, 2, 4, 15)).clocks["reaction"]
    assert after.state == "running" and after.deadline == bxl(2026, 2, 4, 16)
    assert after.counted_seconds == 3600


def test_the_resolution_started_after_the_suspension_counts_normally():
    events = held(PaymentResumed(RESUMED), TicketAcknowledged(bxl(2026, 2, 4, 15)))
    clocks = fold(events, TYPE4, bxl(2026, 2, 4, 16)).clocks
    assert clocks["reaction"].state == "met"
    # 1 day = 18 h of window: Wed 15:00-24:00 is 9 h, Thu 06:00 + 9 h = Thu 15:00.
    assert clocks["resolution"].deadline == bxl(2026, 2, 5, 15)


def test_an_acknowledgement_during_the_suspension_starts_a_held_resolution_clock():
    events = held(TicketAcknowledged(bxl(2026, 2, 2, 11)))
    clocks = fold(events, TYPE4, bxl(2026, 2, 3, 9)).clocks
    assert clocks["reaction"].state == "met" and clocks["reaction"].counted_seconds == 0
    assert clocks["resolution"].state == "paused" and clocks["resolution"].deadline is None
    # Resumed Wednesday 14:00: 18 h from then = Wed 14:00-24:00 (10 h) + Thu 06:00-14:00.
    done = fold([*events, PaymentResumed(RESUMED)], TYPE4, bxl(2026, 2, 4, 15)).clocks
    assert done["resolution"].deadline == bxl(2026, 2, 5, 14)


def test_clocks_no_supplier_may_suspend_are_held_too_seed_004_art_14_6():
    # Platform P1: response 4 h, resolution 8 h, around the clock (R13, R18); suspended
    # from Monday 10:00 until Monday 12:00 Brussels.
    events = [submitted(OPENED, "P1"), PaymentSuspended(OPENED),
              PaymentResumed(bxl(2026, 2, 2, 12))]
    clocks = fold(events, PLATFORM, bxl(2026, 2, 2, 13)).clocks
    assert clocks["response"].deadline == bxl(2026, 2, 2, 16)
    assert clocks["resolution"].deadline == bxl(2026, 2, 2, 20)


def test_a_supplier_suspension_inside_the_non_payment_suspension_is_one_hold():
    events = held(TicketAcknowledged(bxl(2026, 2, 2, 10, 30)),
                  SupplierSuspended(bxl(2026, 2, 2, 11), supplier="Telco"),
                  PaymentResumed(bxl(2026, 2, 3, 9)),
                  SupplierDelivered(bxl(2026, 2, 3, 10)))
    resolution = fold(events, TYPE4, bxl(2026, 2, 4, 7)).clocks["resolution"]
    # Art. 39.1.3 (R6): held through Tuesday, the day the supplier delivered; counting
    # resumes Wednesday 06:00 and 18 h fill the window to its close at 24:00.
    assert resolution.deadline == bxl(2026, 2, 5, 0)
    assert resolution.counted_seconds == 3600  # Wednesday 06:00-07:00


def test_stored_rows_map_to_the_events():
    opened = event_from_record("payment_suspended", OPENED, {"reason": "unpaid"})
    assert isinstance(opened, PaymentSuspended) and opened.reason == "unpaid"
    assert isinstance(event_from_record("payment_resumed", RESUMED, {}), PaymentResumed)


def test_merged_spans_join_overlaps_and_keep_an_open_end():
    assert merged_spans([(10, 20, "a")], [(15, None, "b")]) == [(10, None, "a; b")]
    assert merged_spans([(10, 20, "a")], [(30, 40, "b")]) == [(10, 20, "a"), (30, 40, "b")]
    assert merged_spans([], [(1, 2, "b")]) == [(1, 2, "b")]
