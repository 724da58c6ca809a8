"""The fold of ticket events into clocks: rulings R1-R12 (seed 002 Part III, seed 004)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from helpdesk.sla import (
    FixRejected,
    NotAnIncident,
    OnsiteAgreed,
    PriorityChanged,
    ReportAssessed,
    SupplierDelivered,
    SupplierSuspended,
    TicketAcknowledged,
    TicketResolved,
    WorkaroundApplied,
    event_from_record,
    fold,
    preset,
    tier,
)

from .conftest import bxl, utc
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

TYPE4, TYPE5, TYPE1 = preset("type4"), preset("type5"), preset("type1")


def test_reaction_runs_from_submission_until_a_human_acknowledges_r1() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P1")]
    # art. 33.9: an automatic receipt is not an event of the fold
    assert event_from_record("auto_receipt_sent", utc(2026, 2, 2, 9, 1), {}) is None
    clocks = fold(events, TYPE4, bxl(2026, 2, 2, 11)).clocks
    assert clocks["reaction"].state == "running"
    assert clocks["reaction"].deadline == bxl(2026, 2, 2, 12)
    assert clocks["reaction"].counted_seconds == 3600
    assert clocks["reaction"].remaining_seconds == 3600
    done = fold([*events, TicketAcknowledged(bxl(2026, 2, 2, 11, 30))], TYPE4, bxl(2026, 2, 3))
    assert done.clocks["reaction"].state == "met"
    assert done.clocks["reaction"].stopped_at == bxl(2026, 2, 2, 11, 30)


def test_resolution_starts_at_the_acknowledgement_not_at_submission_r2() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 11))]
    before = fold(events[:1], TYPE4, bxl(2026, 2, 2, 10, 30)).clocks["resolution"]
    assert before.state == "pending" and before.deadline is None
    after = fold(events, TYPE4, bxl(2026, 2, 2, 12)).clocks["resolution"]
    assert after.start == bxl(2026, 2, 2, 11)
    assert after.deadline == bxl(2026, 2, 3, 11)  # 1 day = 18 h of 06:00-24:00 (R4)


def test_platform_clocks_both_run_from_submission_r13() -> None:
    clocks = fold([submitted(bxl(2026, 2, 2, 10), "P1")], preset("platform"),
                  bxl(2026, 2, 2, 10)).clocks
    assert clocks["response"].deadline == bxl(2026, 2, 2, 14)
    assert clocks["resolution"].deadline == bxl(2026, 2, 2, 18)


def test_platform_p4_has_no_resolution_clock_r13() -> None:
    clocks = fold([submitted(bxl(2026, 2, 2, 10), "P4")], preset("platform"),
                  bxl(2026, 2, 2, 10)).clocks
    assert not clocks["resolution"].applicable and clocks["resolution"].state == "void"
    assert clocks["response"].applicable


def test_security_report_has_three_clocks_from_submission_and_assessment_stops_one() -> None:
    sla, start = preset("security"), bxl(2026, 2, 2, 10)
    events = [submitted(start, "P2"), TicketAcknowledged(bxl(2026, 2, 2, 15)),
              ReportAssessed(bxl(2026, 2, 4, 10))]
    clocks = fold(events, sla, bxl(2026, 2, 5)).clocks
    assert clocks["receipt"].state == "met"
    assert clocks["assessment"].state == "met"
    assert clocks["fix"].state == "running"
    assert clocks["fix"].deadline == bxl(2026, 4, 3, 10)  # 60 calendar days, CEST by then


def test_a_ticket_submitted_on_saturday_starts_counting_at_monday_opening_r3() -> None:
    clock = fold([submitted(bxl(2026, 2, 7, 11), "P1")], TYPE1, bxl(2026, 2, 9, 9)).clocks[
        "reaction"]
    assert clock.deadline == bxl(2026, 2, 9, 12, 45)
    assert clock.counted_seconds == 15 * 60


def test_stopping_exactly_at_the_deadline_is_met_and_one_second_later_is_breached_r5() -> None:
    start = bxl(2026, 2, 2, 13)
    on_time = fold([submitted(start), TicketAcknowledged(bxl(2026, 2, 2, 17))], TYPE1,
                   bxl(2026, 2, 3)).clocks["reaction"]
    assert on_time.state == "met" and on_time.deadline == bxl(2026, 2, 2, 17)
    late = fold([submitted(start), TicketAcknowledged(bxl(2026, 2, 2, 17, 0, 1))], TYPE1,
                bxl(2026, 2, 3)).clocks["reaction"]
    assert late.state == "breached" and late.overdue_seconds == 1
    assert late.breached_at == bxl(2026, 2, 2, 17) and late.priority_at_breach == "P1"


def _example_e(delivered_day: int) -> list:
    return [submitted(bxl(2026, 3, 10, 8, 30), "P1"), TicketAcknowledged(bxl(2026, 3, 10, 9)),
            SupplierSuspended(bxl(2026, 3, 10, 11), supplier="Acme"),
            SupplierDelivered(bxl(2026, 3, delivered_day, 10))]


def test_supplier_suspension_holds_through_the_delivery_day_example_e_r6() -> None:
    # art. 39.1.3: "geschorst tot en met de dag dat de Externe Leverancier ... verleend"
    result = fold(_example_e(13), TYPE5, bxl(2026, 3, 13, 15))
    clock = result.clocks["resolution"]
    assert clock.state == "paused"
    assert clock.resumes_at == bxl(2026, 3, 16, 6)
    assert clock.deadline == bxl(2026, 3, 16, 22) == utc(2026, 3, 16, 21)
    assert result.next_event_instant == bxl(2026, 3, 16, 6)
    reasons = {row.reason for row in clock.explanation().excluded}
    assert "waiting for supplier Acme (art. 39.1.3, R6)" in reasons


def test_supplier_delivery_on_saturday_holds_through_monday_example_e_saturday_r6() -> None:
    clock = fold(_example_e(14), TYPE5, bxl(2026, 3, 16, 12)).clocks["resolution"]
    assert clock.state == "paused" and clock.resumes_at == bxl(2026, 3, 17, 6)
    assert clock.deadline == bxl(2026, 3, 17, 22)


def test_an_open_supplier_suspension_pauses_resolution_without_a_deadline_r6() -> None:
    result = fold(_example_e(13)[:3], TYPE5, bxl(2026, 3, 12, 12))
    clock = result.clocks["resolution"]
    assert clock.state == "paused" and clock.deadline is None
    assert clock.counted_seconds == 2 * 3600
    assert result.status == "suspended" and result.next_deadline is None


def test_supplier_suspension_does_not_touch_the_reaction_clock_r6() -> None:
    events = [submitted(bxl(2026, 3, 10, 8), "P1"),
              SupplierSuspended(bxl(2026, 3, 10, 8, 30), supplier="Acme")]
    clock = fold(events, TYPE5, bxl(2026, 3, 10, 9)).clocks["reaction"]
    assert clock.state == "running" and clock.deadline == bxl(2026, 3, 10, 10)


def test_onsite_intervention_extends_the_resolution_by_one_working_day_r7() -> None:
    events = [submitted(bxl(2026, 2, 2, 9), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 10)),
              OnsiteAgreed(bxl(2026, 2, 2, 15))]
    clock = fold(events, TYPE4, bxl(2026, 2, 2, 16)).clocks["resolution"]
    assert clock.deadline == bxl(2026, 2, 4, 10)  # Tue 10:00 + one 18 h day
    assert clock.target_seconds == 2 * 18 * 3600


def test_a_workaround_stops_resolution_and_makes_the_ticket_p3_r8() -> None:
    events = [submitted(bxl(2026, 2, 2, 9), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 10)),
              WorkaroundApplied(bxl(2026, 2, 2, 20))]
    result = fold(events, TYPE4, bxl(2026, 2, 5))
    assert result.clocks["resolution"].state == "met"
    assert result.clocks["resolution"].stopped_at == bxl(2026, 2, 2, 20)
    assert result.priority == "P3" and result.status == "workaround_applied"


def test_a_late_workaround_is_a_breach_at_p1_r8() -> None:
    events = [submitted(bxl(2026, 2, 2, 9), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 10)),
              WorkaroundApplied(bxl(2026, 2, 3, 12))]
    result = fold(events, TYPE4, bxl(2026, 2, 5))
    clock = result.clocks["resolution"]
    assert clock.state == "breached" and clock.priority_at_breach == "P1"
    assert clock.overdue_seconds == 2 * 3600
    assert [(b.clock, b.priority) for b in result.breaches] == [("resolution", "P1")]


def test_a_workaround_before_any_acknowledgement_acknowledges_implicitly_r1_r8() -> None:
    events = [submitted(bxl(2026, 2, 2, 9), "P1"), WorkaroundApplied(bxl(2026, 2, 2, 10))]
    clocks = fold(events, TYPE4, bxl(2026, 2, 5)).clocks
    assert clocks["reaction"].state == "met"
    assert clocks["resolution"].state == "met" and clocks["resolution"].counted_seconds == 0


def test_not_an_incident_voids_every_clock_and_erases_breaches_art_38_3() -> None:
    events = [submitted(bxl(2026, 2, 2, 9), "P1"),
              NotAnIncident(bxl(2026, 2, 3, 9), reason="customer-caused outage")]
    breached = fold(events[:1], TYPE4, bxl(2026, 2, 3, 8))
    assert breached.tier == 2 and breached.breaches
    result = fold(events, TYPE4, bxl(2026, 2, 4))
    assert {c.state for c in result.clocks.values()} == {"void"}
    assert result.breaches == () and result.tier == 1 and result.next_deadline is None
    assert result.status == "not_an_incident"


def test_upgrading_priority_takes_the_new_target_from_the_original_start_r12() -> None:
    # type 4: P3 reaction 2 days; after 1 h counted the ticket becomes P1 (2 h)
    events = [submitted(bxl(2026, 2, 2, 10), "P3"),
              PriorityChanged(bxl(2026, 2, 2, 11), priority="P1", reason="all users down")]
    clock = fold(events, TYPE4, bxl(2026, 2, 2, 11, 30)).clocks["reaction"]
    assert clock.deadline == bxl(2026, 2, 2, 12)
    assert clock.target_seconds == 2 * 3600 and clock.counted_seconds == 5400


def test_an_upgrade_never_puts_the_deadline_before_the_change_r12() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P3"),
              PriorityChanged(bxl(2026, 2, 2, 14), priority="P1")]
    result = fold(events, TYPE4, bxl(2026, 2, 2, 14))
    assert result.clocks["reaction"].deadline == bxl(2026, 2, 2, 14)
    assert result.clocks["reaction"].state == "running"
    later = fold(events, TYPE4, bxl(2026, 2, 2, 14, 0, 1)).clocks["reaction"]
    assert later.state == "breached" and later.priority_at_breach == "P1"


def test_a_breach_before_a_priority_change_keeps_its_deadline_and_priority_r12() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P1"),
              PriorityChanged(bxl(2026, 2, 2, 13), priority="P4")]
    clock = fold(events, TYPE4, bxl(2026, 2, 2, 14)).clocks["reaction"]
    assert clock.state == "breached"
    assert clock.deadline == clock.breached_at == bxl(2026, 2, 2, 12)
    assert clock.priority_at_breach == "P1"


def test_a_priority_change_moves_platform_from_office_hours_to_around_the_clock_r12() -> None:
    # P3 (office hours, 2 working days) → P2 (8 h around the clock) at Friday 17:00
    events = [submitted(bxl(2026, 2, 6, 16), "P3"),
              PriorityChanged(bxl(2026, 2, 6, 17), priority="P2")]
    clock = fold(events, preset("platform"), bxl(2026, 2, 6, 18)).clocks["response"]
    assert clock.deadline == bxl(2026, 2, 7, 0)  # 1 h counted Friday, 7 h more from 17:00


def test_a_downgrade_to_a_priority_without_that_clock_keeps_the_running_target_r12() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P3"),
              PriorityChanged(bxl(2026, 2, 2, 11), priority="P4")]
    clock = fold(events, preset("platform"), bxl(2026, 2, 2, 12)).clocks["resolution"]
    assert clock.applicable and clock.target_seconds == 5 * 8 * 3600


def test_a_rejected_fix_resumes_resolution_with_its_counted_time_r9() -> None:
    events = [submitted(bxl(2026, 2, 2, 9), "P2"), TicketAcknowledged(bxl(2026, 2, 2, 10)),
              TicketResolved(bxl(2026, 2, 2, 12)),
              FixRejected(bxl(2026, 2, 2, 20), reason="still down")]
    result = fold(events, TYPE4, bxl(2026, 2, 2, 21))
    clock = result.clocks["resolution"]
    assert clock.state == "running" and clock.counted_seconds == 3 * 3600
    # 2 days = 36 h; 2 h before the fix, 34 h more from the rejection at 20:00
    assert clock.deadline == bxl(2026, 2, 4, 18)
    assert result.fix_rejections == (bxl(2026, 2, 2, 20),) and result.tier == 2
    excluded = clock.explanation().excluded
    assert any(row.reason.startswith("stopped: fix delivered") for row in excluded)
    again = fold([*events, TicketResolved(bxl(2026, 2, 3, 9))], TYPE4, bxl(2026, 2, 4))
    assert again.clocks["resolution"].state == "met" and again.status == "resolved"


def test_a_rejected_workaround_restores_the_priority_before_it_r8_r9() -> None:
    events = [submitted(bxl(2026, 2, 2, 9), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 10)),
              WorkaroundApplied(bxl(2026, 2, 2, 12)), FixRejected(bxl(2026, 2, 2, 13))]
    result = fold(events, TYPE4, bxl(2026, 2, 2, 14))
    assert result.priority == "P1"
    assert result.clocks["resolution"].deadline == bxl(2026, 2, 3, 11)


def test_a_reaction_breach_and_a_resolution_breach_make_tier_3_r9() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 13))]
    assert tier(events, TYPE4, bxl(2026, 2, 2, 11)) == 1
    assert tier(events, TYPE4, bxl(2026, 2, 2, 13)) == 2
    result = fold(events, TYPE4, bxl(2026, 2, 3, 14))
    assert [b.clock for b in result.breaches] == ["reaction", "resolution"]
    assert result.tier == 3


def test_one_breach_and_one_rejected_fix_make_tier_3_r9() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 13)),
              TicketResolved(bxl(2026, 2, 2, 14)), FixRejected(bxl(2026, 2, 2, 15))]
    assert fold(events, TYPE4, bxl(2026, 2, 2, 16)).tier == 3


def test_next_deadline_is_the_earliest_deadline_of_a_running_unbreached_clock() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 11))]
    assert fold(events, TYPE4, bxl(2026, 2, 2, 12)).next_deadline == bxl(2026, 2, 3, 11)
    assert fold(events[:1], TYPE4, bxl(2026, 2, 2, 10)).next_deadline == bxl(2026, 2, 2, 12)


def test_the_fold_ignores_event_order_and_events_after_now() -> None:
    events = [submitted(bxl(2026, 2, 2, 9), "P2"), TicketAcknowledged(bxl(2026, 2, 2, 10)),
              OnsiteAgreed(bxl(2026, 2, 2, 11)), TicketResolved(bxl(2026, 2, 5, 12))]
    shuffled = events[:]
    random.Random(4).shuffle(shuffled)
    now = bxl(2026, 2, 3, 12)
    assert fold(shuffled, TYPE4, now) == fold(events, TYPE4, now)
    assert fold(events, TYPE4, now).clocks["resolution"].state == "running"


def test_explanation_of_a_folded_clock_sums_to_its_counted_time() -> None:
    events = [*_example_e(13), TicketResolved(bxl(2026, 3, 16, 20))]
    clock = fold(events, TYPE5, bxl(2026, 3, 20)).clocks["resolution"]
    assert clock.state == "met"
    assert clock.explanation().counted_seconds == clock.counted_seconds == 16 * 3600
    assert "waiting for supplier Acme" in clock.explanation().format_table()


def test_event_from_record_reads_every_fold_event_and_ignores_the_rest() -> None:
    at = utc(2026, 2, 2, 9)
    rows = {
        "submitted": {"priority": "P2", "urgency": "blocking", "impact": "some",
                      "channel": "email"},
        "acknowledged": {}, "priority_changed": {"priority": "P1", "reason": "all down"},
        "supplier_suspended": {"supplier": "Acme"}, "supplier_delivered": {},
        "onsite_agreed": {}, "workaround_applied": {}, "resolved": {},
        "fix_rejected": {"reason": "no"}, "not_an_incident": {"reason": "maintenance"},
        "assessed": {},
    }
    for kind, payload in rows.items():
        event = event_from_record(kind, at, payload)
        assert event is not None and event.type == kind and event.at == at
    for ignored in ("message", "note", "assigned", "escalated", "breach_recorded",
                    "time_entry"):
        assert event_from_record(ignored, at, {}) is None
    assert event_from_record("supplier_suspended", at, {"supplier": "Acme"}).supplier == "Acme"


def test_overdue_grows_while_a_breached_clock_still_runs_r10() -> None:
    events = [submitted(bxl(2026, 2, 2, 10), "P1")]
    clock = fold(events, TYPE4, bxl(2026, 2, 3, 12)).clocks["reaction"]
    assert clock.state == "breached"
    assert clock.overdue_seconds == int(timedelta(days=1).total_seconds())
