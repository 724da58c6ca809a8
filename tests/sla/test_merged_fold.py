"""Issue #16: a duplicate merged into another ticket stops its clocks at the merge.

The rule (helpdesk/workflow/merging.py): nothing counts, breaches or earns credit on the
duplicate after the merge; a breach recorded before it stays (R12, R21's "no quiet erasing
of money"). Type 4, P1: reaction 2 h, resolution 1 day = 18 h, window Mon-Fri 06:00-24:00
Brussels (art. 39.1.2, 35.3).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpdesk.sla import (
    VOID_STATUSES,
    TicketAcknowledged,
    TicketMerged,
    event_from_record,
    fold,
    preset,
    stored_event,
)

from .conftest import bxl
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

TYPE4 = preset("type4")
SUBMITTED = bxl(2026, 2, 2, 10)  # Monday 10:00: the reaction is due 12:00


def test_merged_before_the_reaction_deadline_never_breaches_however_late_it_is() -> None:
    events = [submitted(SUBMITTED, "P1"), TicketMerged(bxl(2026, 2, 2, 11))]
    clocks = fold(events, TYPE4, bxl(2026, 2, 20))  # weeks later
    assert clocks.status == "merged"
    assert clocks.breaches == ()
    assert clocks.next_deadline is None
    assert clocks.tier == 1
    reaction = clocks.clocks["reaction"]
    assert reaction.state == "void"  # stopped by the merge: neither met nor missed
    assert reaction.counted_seconds == 3600  # 10:00-11:00, then nothing more counts
    assert clocks.clocks["resolution"].state == "void"  # never started, never will


def test_a_breach_recorded_before_the_merge_stays_and_its_lateness_ends_at_the_merge() -> None:
    # Reaction due 12:00; merged at 15:00, three hours late; measured until the clock
    # stopped (R10), i.e. the merge, not "now".
    events = [submitted(SUBMITTED, "P1"), TicketMerged(bxl(2026, 2, 2, 15))]
    clocks = fold(events, TYPE4, bxl(2026, 2, 9))
    assert [(b.clock, b.deadline) for b in clocks.breaches] == [("reaction", bxl(2026, 2, 2, 12))]
    reaction = clocks.clocks["reaction"]
    assert reaction.state == "breached"
    assert reaction.overdue_seconds == 3 * 3600
    assert clocks.tier == 2  # the escalation it caused stays (art. 39.4.1)


def test_events_after_the_merge_move_no_clock() -> None:
    merged = [submitted(SUBMITTED, "P1"), TicketMerged(bxl(2026, 2, 2, 11))]
    later = [*merged, TicketAcknowledged(bxl(2026, 2, 2, 11, 30))]
    assert fold(later, TYPE4, bxl(2026, 2, 5)) == fold(merged, TYPE4, bxl(2026, 2, 5))


def test_an_acknowledged_duplicate_keeps_its_met_reaction_and_stops_its_resolution() -> None:
    events = [submitted(SUBMITTED, "P1"), TicketAcknowledged(bxl(2026, 2, 2, 10, 30)),
              TicketMerged(bxl(2026, 2, 2, 12))]
    clocks = fold(events, TYPE4, bxl(2026, 2, 10))
    assert clocks.clocks["reaction"].state == "met"
    resolution = clocks.clocks["resolution"]
    assert resolution.state == "void"
    assert resolution.counted_seconds == int(timedelta(hours=1, minutes=30).total_seconds())
    assert clocks.breaches == ()


def test_the_stored_merged_row_is_the_folds_event_and_a_void_status() -> None:
    at = bxl(2026, 2, 2, 11)
    assert isinstance(event_from_record("merged", at, {"into": "HD-2026-00001"}), TicketMerged)
    assert isinstance(stored_event("merged", at, {"into": "HD-2026-00001"}), TicketMerged)
    assert "merged" in VOID_STATUSES
    assert event_from_record("duplicate_merged", at, {}) is None  # the kept ticket's clocks
