"""Seed 004 annex 1 and art. 9.3 in the fold.

Annex 1: a workaround may come first; the permanent fix is then aimed at within 2 weeks
(P1, P2), 1 month (P3), or the next maintenance release (P4). Art. 9.3: out of scope.

SPEC section 3: "A workaround may come first; the permanent fix is then aimed at within 2
weeks (P1, P2), 1 month (P3), or the next maintenance release (P4)." R8 (the workaround
turns the ticket into P3) is seed 002 art. 39.3.1 only. Expected values by hand.
"""

from __future__ import annotations

import pytest

from helpdesk.reports.ledger import credits_apply
from helpdesk.sla import (
    FixRejected,
    OutOfScope,
    Sla,
    TicketAcknowledged,
    TicketResolved,
    WorkaroundApplied,
    event_from_record,
    explain,
    fold,
    preset,
)

from .conftest import bxl
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

PLATFORM, TYPE4 = preset("platform"), preset("type4")
DAY = 86400


def test_platform_workaround_stops_resolution_met_and_starts_two_weeks_for_p1() -> None:
    # P1 submitted Mon 2 Feb 2026 10:00; resolution 8 h around the clock -> due 18:00.
    # Workaround at 12:00: resolution met; permanent fix within "twee (2) weken" = 14
    # calendar days -> Mon 16 Feb 2026 12:00 Brussels. The priority stays P1 (no R8).
    events = [submitted(bxl(2026, 2, 2, 10), "P1"), WorkaroundApplied(bxl(2026, 2, 2, 12))]
    ticket = fold(events, PLATFORM, bxl(2026, 2, 3, 9))
    assert ticket.priority == "P1"
    assert ticket.status == "workaround_applied"
    assert ticket.clocks["resolution"].state == "met"
    assert ticket.clocks["resolution"].stopped_at == bxl(2026, 2, 2, 12)
    fix = ticket.clocks["permanent_fix"]
    assert fix.state == "running"
    assert fix.start == bxl(2026, 2, 2, 12)
    assert fix.deadline == bxl(2026, 2, 16, 12)
    assert fix.target_seconds == 14 * DAY
    assert ticket.breaches == ()
    assert ticket.next_deadline == bxl(2026, 2, 16, 12)


def test_platform_workaround_after_the_resolution_objective_records_the_miss() -> None:
    # P2 submitted Mon 2 Feb 2026 10:00, acknowledged 11:00 (response 8 h: met); the
    # resolution objective, 12 h around the clock from submission (R13), is due 22:00.
    # Workaround Tue 3 Feb 09:00: the resolution objective was missed at 22:00 ("met or
    # missed at that moment"); the permanent fix is due 14 days later, Tue 17 Feb 09:00.
    events = [submitted(bxl(2026, 2, 2, 10), "P2"), TicketAcknowledged(bxl(2026, 2, 2, 11)),
              WorkaroundApplied(bxl(2026, 2, 3, 9))]
    ticket = fold(events, PLATFORM, bxl(2026, 2, 4, 9))
    assert ticket.priority == "P2"
    assert ticket.clocks["resolution"].state == "breached"
    assert ticket.clocks["resolution"].breached_at == bxl(2026, 2, 2, 22)
    assert ticket.clocks["permanent_fix"].deadline == bxl(2026, 2, 17, 9)
    assert [b.clock for b in ticket.breaches] == ["resolution"]
    assert ticket.tier == 2  # R13: a miss is escalated internally


def test_platform_p3_permanent_fix_is_one_calendar_month_across_the_dst_change() -> None:
    # P3 workaround Tue 10 Mar 2026 10:00 CET; "binnen één (1) maand" -> Fri 10 Apr 2026
    # 10:00 CEST: 31 days less the hour lost on 29 Mar.
    events = [submitted(bxl(2026, 3, 9, 10), "P3"), WorkaroundApplied(bxl(2026, 3, 10, 10))]
    fix = fold(events, PLATFORM, bxl(2026, 3, 11)).clocks["permanent_fix"]
    assert fix.deadline == bxl(2026, 4, 10, 10)
    assert fix.target_seconds == 31 * DAY - 3600


def test_a_month_after_31_january_is_the_last_day_of_february() -> None:
    # February 2026 has no 31st: the month ends Sat 28 Feb, same clock time.
    events = [submitted(bxl(2026, 1, 30, 10), "P3"), WorkaroundApplied(bxl(2026, 1, 31, 11))]
    fix = fold(events, PLATFORM, bxl(2026, 2, 1)).clocks["permanent_fix"]
    assert fix.deadline == bxl(2026, 2, 28, 11)


def test_platform_p4_has_no_permanent_fix_clock_next_maintenance_release() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P4"), WorkaroundApplied(bxl(2026, 2, 3, 10))]
    ticket = fold(events, PLATFORM, bxl(2026, 6, 1))
    assert ticket.priority == "P4"
    assert ticket.clocks["permanent_fix"].applicable is False
    assert ticket.clocks["permanent_fix"].deadline is None
    assert ticket.breaches == ()


def test_the_permanent_fix_is_met_by_the_resolution_and_missed_after_two_weeks() -> None:
    start = [submitted(bxl(2026, 2, 2, 10), "P1"), WorkaroundApplied(bxl(2026, 2, 2, 12))]
    met = fold([*start, TicketResolved(bxl(2026, 2, 16, 11, 59))], PLATFORM, bxl(2026, 3, 1))
    assert met.clocks["permanent_fix"].state == "met"
    assert met.status == "resolved"
    assert met.tier == 1
    late = fold([*start, TicketResolved(bxl(2026, 2, 16, 12, 0, 1))], PLATFORM,
                bxl(2026, 3, 1))
    assert late.clocks["permanent_fix"].state == "breached"
    assert late.clocks["permanent_fix"].breached_at == bxl(2026, 2, 16, 12)
    assert [b.clock for b in late.breaches] == ["permanent_fix"]
    assert late.tier == 2  # R13: reported and escalated internally ...
    assert credits_apply(PLATFORM) is False  # ... but a miss carries no credit


def test_a_rejected_workaround_reopens_resolution_and_the_permanent_fix_runs_on() -> None:
    # The customer says service is not restored: resolution resumes at P1 (R9); the
    # permanent-fix objective keeps its start (the first workaround).
    events = [submitted(bxl(2026, 2, 2, 10), "P1"), WorkaroundApplied(bxl(2026, 2, 2, 12)),
              FixRejected(bxl(2026, 2, 2, 13))]
    ticket = fold(events, PLATFORM, bxl(2026, 2, 2, 14))
    assert ticket.priority == "P1"
    # 2 h counted before the workaround, 6 h left from 13:00 -> 19:00
    assert ticket.clocks["resolution"].deadline == bxl(2026, 2, 2, 19)
    assert ticket.clocks["permanent_fix"].deadline == bxl(2026, 2, 16, 12)


def test_managed_services_still_turn_a_workaround_into_p3_r8() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P1"), WorkaroundApplied(bxl(2026, 2, 2, 11))]
    ticket = fold(events, TYPE4, bxl(2026, 2, 2, 12))
    assert TYPE4.workaround_priority == "P3"
    assert ticket.priority == "P3"
    assert "permanent_fix" not in ticket.clocks


def test_the_workaround_priority_is_part_of_the_definition() -> None:
    assert PLATFORM.workaround_priority is None
    assert Sla.from_definition(PLATFORM.to_definition()) == PLATFORM
    # a stored custom definition from before the key existed keeps R8, as it had
    legacy = {k: v for k, v in TYPE4.to_definition().items() if k != "workaround_priority"}
    assert Sla.from_definition(legacy).workaround_priority == "P3"
    custom = {**TYPE4.to_definition(), "name": "own", "workaround_priority": None}
    events = [submitted(bxl(2026, 2, 2, 10), "P1"), WorkaroundApplied(bxl(2026, 2, 2, 11))]
    assert fold(events, Sla.from_definition(custom), bxl(2026, 2, 2, 12)).priority == "P1"


def test_the_explanation_of_the_permanent_fix_counts_every_second() -> None:
    explanation = explain(PLATFORM, "P1", "permanent_fix", bxl(2026, 2, 2, 12))
    assert explanation.deadline == bxl(2026, 2, 16, 12)
    assert explanation.counted_seconds == 14 * DAY
    assert explanation.notes == (
        "14 calendar days: same local wall-clock time, every second counts",)
    month = explain(PLATFORM, "P3", "permanent_fix", bxl(2026, 3, 10, 10))
    assert month.notes[0].startswith("1 calendar month: ")
    assert month.deadline == bxl(2026, 4, 10, 10)
    assert "note      1 calendar month: same local wall-clock time" in month.format_table()


def test_out_of_scope_stops_every_objective_and_no_miss_follows_art_9_3() -> None:
    # P1 submitted Mon 2 Feb 2026 10:00: response due 14:00, resolution 18:00. Classified
    # out of scope at 11:00: both clocks stop counting (1 h counted), nothing is missed
    # afterwards, no escalation (tier 1), and the status says so - not "not an incident".
    events = [submitted(bxl(2026, 2, 2, 10), "P1"),
              event_from_record("out_of_scope", bxl(2026, 2, 2, 11), {"reason": "their API"})]
    assert isinstance(events[1], OutOfScope) and events[1].reason == "their API"
    ticket = fold(events, PLATFORM, bxl(2026, 3, 1))
    assert ticket.status == "out_of_scope"
    assert ticket.breaches == () and ticket.tier == 1 and ticket.next_deadline is None
    for name in ("response", "resolution"):
        assert ticket.clocks[name].state == "void"
        assert ticket.clocks[name].counted_seconds == 3600
    # later events do not revive a clock: the classification is binding
    later = fold([*events, WorkaroundApplied(bxl(2026, 2, 2, 12))], PLATFORM, bxl(2026, 3, 1))
    assert later.status == "out_of_scope" and later.clocks["permanent_fix"].state == "void"


def test_a_miss_before_the_classification_no_longer_counts() -> None:
    # Response due Mon 14:00 missed; classified out of scope Tue 09:00: as for art. 38.3,
    # the ticket leaves the objectives, so the fold reports no miss (the log keeps what
    # was recorded and sent at the time: events are never rewritten).
    events = [submitted(bxl(2026, 2, 2, 10), "P1"),
              OutOfScope(bxl(2026, 2, 3, 9), reason="misuse")]
    ticket = fold(events, PLATFORM, bxl(2026, 2, 4))
    assert ticket.status == "out_of_scope" and ticket.breaches == () and ticket.tier == 1
