"""Issue #19 leftover: the fold names the earliest deadline of a clock still open, a passed
one included, so the queues sort overdue tickets first; next_deadline (what the escalation
plan wakes for) keeps only the deadlines ahead.

Type 4: Mon-Fri 06:00-24:00 Brussels; P1 reaction 2 h, resolution "1 day" = 18 h (R4).
"""

from __future__ import annotations

import pytest

from helpdesk.sla import SupplierSuspended, TicketAcknowledged, TicketResolved, fold, preset

from .conftest import bxl
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

TYPE4 = preset("type4")
MONDAY_10 = bxl(2026, 2, 2, 10)  # reaction due 12:00


def test_a_running_clock_names_its_deadline_both_ways() -> None:
    clocks = fold([submitted(MONDAY_10, "P1")], TYPE4, bxl(2026, 2, 2, 11))
    assert clocks.next_deadline == clocks.earliest_open_deadline == bxl(2026, 2, 2, 12)


def test_an_overdue_clock_keeps_its_passed_deadline_as_the_earliest() -> None:
    clocks = fold([submitted(MONDAY_10, "P1")], TYPE4, bxl(2026, 2, 2, 15))
    assert clocks.clocks["reaction"].state == "breached"
    assert clocks.next_deadline is None  # nothing ahead to wake for
    assert clocks.earliest_open_deadline == bxl(2026, 2, 2, 12)


def test_a_late_acknowledgement_stops_the_overdue_clock_the_resolution_runs_on() -> None:
    events = [submitted(MONDAY_10, "P1"), TicketAcknowledged(bxl(2026, 2, 2, 13))]
    clocks = fold(events, TYPE4, bxl(2026, 2, 2, 14))
    # resolution from 13:00: 11 h to 24:00 Monday, 7 h on Tuesday from 06:00 → Tue 13:00
    assert clocks.earliest_open_deadline == clocks.next_deadline == bxl(2026, 2, 3, 13)


def test_an_overdue_resolution_stays_earliest_while_waiting_for_a_supplier() -> None:
    events = [submitted(MONDAY_10, "P1"), TicketAcknowledged(bxl(2026, 2, 2, 11)),
              SupplierSuspended(bxl(2026, 2, 4, 9), "Proximus")]
    clocks = fold(events, TYPE4, bxl(2026, 2, 4, 10))
    # breached Tue 11:00 (18 h of window time from Mon 11:00), before the suspension
    assert clocks.clocks["resolution"].breached_at == bxl(2026, 2, 3, 11)
    assert clocks.earliest_open_deadline == bxl(2026, 2, 3, 11)


def test_a_resolved_ticket_has_no_open_deadline() -> None:
    events = [submitted(MONDAY_10, "P1"), TicketAcknowledged(bxl(2026, 2, 2, 11)),
              TicketResolved(bxl(2026, 2, 2, 12))]
    clocks = fold(events, TYPE4, bxl(2026, 2, 5))
    assert clocks.earliest_open_deadline is None and clocks.next_deadline is None
