"""Boundary cases of SPEC.md section 1-3, each computed by hand from the SPEC text.

Window edges (R3, R5), holidays and extra closing days (art. 1.18, 39.1.3), DST nights,
suspensions across weekends and holidays (R6), on-site extension (R7), priority changes
around a deadline (R12) and the platform, hosting and security presets (R13).
"""

from __future__ import annotations

from datetime import date

import pytest

from helpdesk.sla import (
    FixRejected,
    NotAnIncident,
    OnsiteAgreed,
    PriorityChanged,
    SupplierDelivered,
    SupplierSuspended,
    TicketAcknowledged,
    TicketResolved,
    WorkaroundApplied,
    deadline,
    fold,
    preset,
)

from .conftest import bxl, utc
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

TYPE1, TYPE2, TYPE4, TYPE5 = preset("type1"), preset("type2"), preset("type4"), preset("type5")
PLATFORM, HOSTING, SECURITY = preset("platform"), preset("hosting"), preset("security")


# --- R3 / R5: the window is [open, close) --------------------------------------------------

def test_submitted_exactly_at_the_opening_counts_from_that_second_r3() -> None:
    # type 1 window Mon-Fri 08:45-17:00 (art. 35.3); P1 reaction 4 h: 08:45 + 4 h = 12:45 CET
    assert deadline(TYPE1, "P1", "reaction", bxl(2026, 2, 2, 8, 45)) == utc(2026, 2, 2, 11, 45)


def test_submitted_exactly_at_the_close_counts_from_the_next_opening_r3() -> None:
    # 17:00:00 is outside [08:45, 17:00): Tue 08:45 + 4 h = Tue 12:45 CET
    assert deadline(TYPE1, "P1", "reaction", bxl(2026, 2, 2, 17)) == utc(2026, 2, 3, 11, 45)


def test_submitted_one_second_before_the_close_counts_that_second_r3() -> None:
    # 1 s Monday, 3 h 59 min 59 s Tuesday from 08:45 → Tue 12:44:59 CET
    got = deadline(TYPE1, "P1", "reaction", bxl(2026, 2, 2, 16, 59, 59))
    assert got == utc(2026, 2, 3, 11, 44, 59)


def test_submitted_on_sunday_counts_from_monday_opening_type2_r3() -> None:
    # type 2 P1 reaction 2 h: Mon 2026-02-02 08:45 + 2 h = 10:45 CET
    assert deadline(TYPE2, "P1", "reaction", bxl(2026, 2, 1, 14)) == utc(2026, 2, 2, 9, 45)


def test_a_type4_target_used_up_at_midnight_falls_at_24_00_not_monday_r5() -> None:
    # type 4 window 06:00-24:00; P1 reaction 2 h from Fri 22:00 → Fri 24:00 = Sat 00:00 CET
    got = deadline(TYPE4, "P1", "reaction", bxl(2026, 3, 6, 22))
    assert got == utc(2026, 3, 6, 23)


def test_hosting_five_working_days_used_up_at_friday_close_r5() -> None:
    # seed 001: 5 working days of 09:00-16:30 (7 h 30) = 37 h 30 from Mon 09:00 → Fri 16:30
    assert deadline(HOSTING, "P3", "reaction", bxl(2026, 2, 2, 9)) == utc(2026, 2, 6, 15, 30)


# --- holidays (art. 1.18, 39.1.3) and extra closing days ----------------------------------

def test_christmas_and_the_weekend_are_skipped_type1() -> None:
    # Thu 2026-12-24 15:00: 2 h Thu; Fri 25 Dec holiday; weekend; Mon 28 08:45 + 2 h = 10:45
    assert deadline(TYPE1, "P1", "reaction", bxl(2026, 12, 24, 15)) == utc(2026, 12, 28, 9, 45)


def test_a_target_used_up_at_the_close_before_a_holiday_stays_at_the_close_r5() -> None:
    # Thu 2026-12-24 13:00 + 4 h = Thu 17:00 CET, not Mon 28 08:45
    assert deadline(TYPE1, "P1", "reaction", bxl(2026, 12, 24, 13)) == utc(2026, 12, 24, 16)


def test_easter_monday_is_skipped_type4_resolution() -> None:
    # type 4 P2 resolution 2 days = 36 h from Thu 2026-04-02 10:00: 14 h Thu, 18 h Fri
    # (Good Friday is no Belgian legal holiday), Easter Monday 6 April closed, 4 h Tue →
    # Tue 2026-04-07 10:00 CEST
    got = deadline(TYPE4, "P2", "resolution", bxl(2026, 4, 2, 10))
    assert got == utc(2026, 4, 7, 8)


def test_a_contract_closing_day_is_skipped_like_a_holiday() -> None:
    # SPEC: "a contract may add extra closing days". Closing day Mon 2026-02-02; type 1 P1
    # from Fri 2026-01-30 16:00: 1 h Fri, Monday closed, 3 h Tue from 08:45 → Tue 11:45 CET
    sla = preset("type1", extra_closing_days=[date(2026, 2, 2)])
    assert deadline(sla, "P1", "reaction", bxl(2026, 1, 30, 16)) == utc(2026, 2, 3, 10, 45)
    # the preset itself is unchanged: without the closing day → Mon 11:45 CET
    assert deadline(TYPE1, "P1", "reaction", bxl(2026, 1, 30, 16)) == utc(2026, 2, 2, 10, 45)


# --- DST (Europe/Brussels): "h" is elapsed time --------------------------------------------

def test_platform_p1_counts_real_hours_over_the_spring_dst_night() -> None:
    # seed 004: P1 around the clock; 2026-03-29 02:00 CET → 03:00 CEST.
    # Sat 2026-03-28 23:00 CET (22:00Z) + 4 h real = 02:00Z = 04:00 CEST; + 8 h = 08:00 CEST
    clocks = fold([submitted(bxl(2026, 3, 28, 23), "P1")], PLATFORM, utc(2026, 3, 29)).clocks
    assert clocks["response"].deadline == utc(2026, 3, 29, 2)
    assert clocks["resolution"].deadline == utc(2026, 3, 29, 6)


def test_platform_p2_counts_real_hours_over_the_autumn_dst_night() -> None:
    # 2026-10-25 03:00 CEST → 02:00 CET. Sat 2026-10-24 22:00 CEST (20:00Z) + 8 h real
    # = 04:00Z = 05:00 CET (the wall clock shows 7 h later); + 12 h = 08:00Z = 09:00 CET
    clocks = fold([submitted(bxl(2026, 10, 24, 22), "P2")], PLATFORM, utc(2026, 10, 25)).clocks
    assert clocks["response"].deadline == utc(2026, 10, 25, 4)
    assert clocks["resolution"].deadline == utc(2026, 10, 25, 8)


# --- platform, hosting, security presets (seed 004 annex 1, R13; seed 001) ------------------

def test_platform_p3_counts_office_hours_from_submission_r13() -> None:
    # P3 response 2 working days = 16 h of 09:00-17:00 from Fri 2026-02-06 16:00:
    # 1 h Fri, 8 h Mon, 7 h Tue → Tue 16:00 CET. Resolution 5 days = 40 h: 1 + 8 × 4 + 7
    # → Fri 2026-02-13 16:00 CET. Both from submission, not from the acknowledgement.
    events = [submitted(bxl(2026, 2, 6, 16), "P3"), TicketAcknowledged(bxl(2026, 2, 9, 10))]
    clocks = fold(events, PLATFORM, bxl(2026, 2, 9, 11)).clocks
    assert clocks["response"].state == "met"
    assert clocks["resolution"].start == utc(2026, 2, 6, 15)
    assert clocks["resolution"].deadline == utc(2026, 2, 13, 15)
    assert deadline(PLATFORM, "P3", "response", bxl(2026, 2, 6, 16)) == utc(2026, 2, 10, 15)


def test_platform_p4_response_is_ten_working_days() -> None:
    # 80 h of 09:00-17:00 from Fri 2026-02-06 16:00: 1 h + 40 h (9-13 Feb) + 32 h (16-19)
    # = 73 h, 7 h on Fri 20 → Fri 2026-02-20 16:00 CET
    assert deadline(PLATFORM, "P4", "response", bxl(2026, 2, 6, 16)) == utc(2026, 2, 20, 15)


def test_security_report_clocks_in_working_days_of_the_support_hours() -> None:
    # seed 001: receipt 1 working day (7 h 30 of 09:00-16:30), assessment 3 (22 h 30),
    # fix 60 calendar days. From Fri 2026-02-06 12:00 CET: receipt 4 h 30 Fri + 3 h Mon
    # → Mon 12:00 CET; assessment 4 h 30 + 7 h 30 + 7 h 30 + 3 h → Wed 12:00 CET; fix
    # Tue 2026-04-07 12:00 CEST (calendar days: Easter Monday and DST do not matter).
    clocks = fold([submitted(bxl(2026, 2, 6, 12), "P2")], SECURITY, bxl(2026, 2, 6, 13)).clocks
    assert clocks["receipt"].deadline == utc(2026, 2, 9, 11)
    assert clocks["assessment"].deadline == utc(2026, 2, 11, 11)
    assert clocks["fix"].deadline == utc(2026, 4, 7, 10)


# --- R6: supplier suspension ---------------------------------------------------------------

def _suspended_type4_p2(delivered_at: object) -> object:
    # type 4 P2 resolution 36 h; acknowledged Thu 2026-03-05 10:00 (14 h Thu), suspended
    # Fri 2026-03-06 12:00 (6 h Fri: 20 h counted, 16 h left)
    events = [submitted(bxl(2026, 3, 5, 9, 50), "P2"), TicketAcknowledged(bxl(2026, 3, 5, 10)),
              SupplierSuspended(bxl(2026, 3, 6, 12)), SupplierDelivered(delivered_at)]  # type: ignore[arg-type]
    return fold(events, TYPE4, bxl(2026, 3, 10, 6)).clocks["resolution"]


def test_delivery_on_sunday_holds_through_monday_and_resumes_tuesday_r6() -> None:
    # delivered Sun 2026-03-08: suspended through Mon 9 24:00, resumes Tue 06:00, 16 h → 22:00
    clock = _suspended_type4_p2(bxl(2026, 3, 8, 15))
    assert clock.deadline == utc(2026, 3, 10, 21)  # type: ignore[attr-defined]


def test_delivery_on_monday_morning_holds_through_monday_r6() -> None:
    # delivered Mon 2026-03-09 09:00: through Monday 24:00 → the same Tue 22:00
    clock = _suspended_type4_p2(bxl(2026, 3, 9, 9))
    assert clock.deadline == utc(2026, 3, 10, 21)  # type: ignore[attr-defined]
    assert clock.counted_seconds == 20 * 3600  # type: ignore[attr-defined]


def test_delivery_on_a_holiday_holds_through_the_next_working_day_r6() -> None:
    # type 5 P1 resolution 18 h; ack Thu 2026-04-02 06:00, suspended 10:00 (4 h counted);
    # delivered Easter Monday 2026-04-06 → through Tue 7 April 24:00 → resumes Wed 06:00,
    # 14 h → Wed 2026-04-08 20:00 CEST
    events = [submitted(bxl(2026, 4, 2, 5), "P1"), TicketAcknowledged(bxl(2026, 4, 2, 6)),
              SupplierSuspended(bxl(2026, 4, 2, 10)), SupplierDelivered(bxl(2026, 4, 6, 11))]
    clock = fold(events, TYPE5, bxl(2026, 4, 8, 7)).clocks["resolution"]
    assert clock.deadline == utc(2026, 4, 8, 18)
    assert clock.state == "running"


def test_delivery_on_the_eve_of_a_holiday_resumes_after_the_holiday_r6() -> None:
    # type 4 P1 resolution 18 h; ack Wed 2026-12-23 06:00, suspended 16:00 (10 h counted);
    # delivered Thu 24 Dec (a working day) → through Thu 24:00; Fri 25 holiday, weekend →
    # resumes Mon 28 06:00, 8 h → Mon 14:00 CET
    events = [submitted(bxl(2026, 12, 23, 5), "P1"), TicketAcknowledged(bxl(2026, 12, 23, 6)),
              SupplierSuspended(bxl(2026, 12, 23, 16)),
              SupplierDelivered(bxl(2026, 12, 24, 9))]
    clock = fold(events, TYPE4, bxl(2026, 12, 24, 10)).clocks["resolution"]
    assert clock.state == "paused"
    assert clock.resumes_at == utc(2026, 12, 28, 5)
    assert clock.deadline == utc(2026, 12, 28, 13)


# --- R7: on-site visit ---------------------------------------------------------------------

def test_onsite_extension_crosses_the_weekend_r7() -> None:
    # type 4 P2 resolution 36 h from Wed 2026-03-04 10:00: 14 h Wed, 18 h Thu, 4 h Fri →
    # Fri 10:00; one working day more → Mon 2026-03-09 10:00 CET
    events = [submitted(bxl(2026, 3, 4, 9), "P2"), TicketAcknowledged(bxl(2026, 3, 4, 10)),
              OnsiteAgreed(bxl(2026, 3, 5, 9))]
    clock = fold(events, TYPE4, bxl(2026, 3, 5, 10)).clocks["resolution"]
    assert clock.deadline == utc(2026, 3, 9, 9)


def test_onsite_extension_skips_a_holiday_r7() -> None:
    # type 4 P2 resolution from Thu 2026-04-02 10:00 → Tue 2026-04-07 10:00 (see above);
    # one working day more → Wed 2026-04-08 10:00 CEST
    events = [submitted(bxl(2026, 4, 2, 9), "P2"), TicketAcknowledged(bxl(2026, 4, 2, 10)),
              OnsiteAgreed(bxl(2026, 4, 3, 9))]
    clock = fold(events, TYPE4, bxl(2026, 4, 3, 10)).clocks["resolution"]
    assert clock.deadline == utc(2026, 4, 8, 8)


def test_onsite_agreed_twice_extends_once_r7() -> None:
    events = [submitted(bxl(2026, 3, 4, 9), "P2"), TicketAcknowledged(bxl(2026, 3, 4, 10)),
              OnsiteAgreed(bxl(2026, 3, 5, 9)), OnsiteAgreed(bxl(2026, 3, 5, 11))]
    clock = fold(events, TYPE4, bxl(2026, 3, 5, 12)).clocks["resolution"]
    assert clock.deadline == utc(2026, 3, 9, 9)


# --- R12: priority changes around a deadline -----------------------------------------------

def test_a_downgrade_after_a_breach_keeps_the_breach_at_the_old_priority_r12() -> None:
    # type 4 P1 reaction 2 h from Mon 2026-03-02 06:00 → 08:00 CET. Staff lower the ticket
    # to P4 at 09:00 (P4's 3 days would not be exceeded): the breach stays recorded at P1.
    events = [submitted(bxl(2026, 3, 2, 6), "P1"),
              PriorityChanged(bxl(2026, 3, 2, 9), priority="P4"),
              TicketAcknowledged(bxl(2026, 3, 2, 9, 30))]
    result = fold(events, TYPE4, bxl(2026, 3, 2, 10))
    reaction = result.clocks["reaction"]
    assert reaction.state == "breached"
    assert reaction.deadline == utc(2026, 3, 2, 7)
    assert [(b.clock, b.deadline, b.priority) for b in result.breaches] == [
        ("reaction", utc(2026, 3, 2, 7), "P1")]
    assert result.priority == "P4"
    assert result.tier == 2


def test_a_downgrade_before_the_deadline_takes_the_longer_target_from_the_start_r12() -> None:
    # type 4 P1 reaction from Mon 2026-03-02 06:00; at 07:00 → P2 (1 day = 18 h from the
    # original start) → Mon 24:00 = 23:00Z
    events = [submitted(bxl(2026, 3, 2, 6), "P1"),
              PriorityChanged(bxl(2026, 3, 2, 7), priority="P2")]
    result = fold(events, TYPE4, bxl(2026, 3, 2, 9))
    assert result.clocks["reaction"].deadline == utc(2026, 3, 2, 23)
    assert result.breaches == ()


def test_an_upgrade_past_the_new_target_is_due_at_the_change_and_breached_after_r12() -> None:
    # type 4 P3 reaction from Mon 2026-03-02 06:00; at Tue 10:00 (22 h counted) → P1 (2 h):
    # already used up, so due at the change itself, Tue 10:00 CET; breached a second later
    # at P1, the priority in force when the breach happened.
    events = [submitted(bxl(2026, 3, 2, 6), "P3"),
              PriorityChanged(bxl(2026, 3, 3, 10), priority="P1")]
    at_change = fold(events, TYPE4, bxl(2026, 3, 3, 10)).clocks["reaction"]
    assert at_change.deadline == utc(2026, 3, 3, 9)
    assert at_change.state == "running"
    later = fold(events, TYPE4, bxl(2026, 3, 3, 10, 0, 1))
    assert [(b.deadline, b.priority) for b in later.breaches] == [(utc(2026, 3, 3, 9), "P1")]


def test_a_change_at_the_deadline_itself_is_not_after_a_breach_r5_r12() -> None:
    # R5: at the deadline the target is reached, not exceeded. type 4 P1 reaction from
    # Mon 2026-03-02 06:00 → 08:00; a change to P2 at exactly 08:00 gives Mon 24:00.
    events = [submitted(bxl(2026, 3, 2, 6), "P1"),
              PriorityChanged(bxl(2026, 3, 2, 8), priority="P2")]
    result = fold(events, TYPE4, bxl(2026, 3, 2, 9))
    assert result.breaches == ()
    assert result.clocks["reaction"].deadline == utc(2026, 3, 2, 23)


def test_acknowledged_one_second_late_is_a_breach_at_the_deadline_r5() -> None:
    # type 1 P1 reaction from Mon 2026-02-02 13:00 → 17:00 (example F)
    on_time = [submitted(bxl(2026, 2, 2, 13), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 17))]
    late = [submitted(bxl(2026, 2, 2, 13), "P1"), TicketAcknowledged(bxl(2026, 2, 2, 17, 0, 1))]
    assert fold(on_time, TYPE1, bxl(2026, 2, 3)).clocks["reaction"].state == "met"
    clock = fold(late, TYPE1, bxl(2026, 2, 3)).clocks["reaction"]
    assert clock.state == "breached"
    assert clock.breached_at == utc(2026, 2, 2, 16)
    assert clock.overdue_seconds == 1


# --- R8 and art. 38.3 ----------------------------------------------------------------------

def test_a_workaround_on_a_p4_ticket_makes_it_p3_r8() -> None:
    # art. 39.3.1 / R8: "the ticket's priority becomes P3 – Medium"
    events = [submitted(bxl(2026, 3, 2, 6), "P4"), TicketAcknowledged(bxl(2026, 3, 2, 7)),
              WorkaroundApplied(bxl(2026, 3, 2, 9))]
    result = fold(events, TYPE4, bxl(2026, 3, 2, 10))
    assert result.priority == "P3"
    assert result.clocks["resolution"].state == "met"


def test_not_an_incident_while_suspended_leaves_no_deadline_or_breach_art_38_3() -> None:
    events = [submitted(bxl(2026, 3, 2, 6), "P1"), TicketAcknowledged(bxl(2026, 3, 2, 7)),
              SupplierSuspended(bxl(2026, 3, 2, 8)), NotAnIncident(bxl(2026, 3, 2, 9))]
    result = fold(events, TYPE4, bxl(2026, 3, 20))
    assert result.breaches == ()
    assert result.tier == 1
    assert {c.state for c in result.clocks.values()} == {"void"}
    assert result.next_deadline is None


# --- R8 / R12: a stopped clock keeps the target it was met against -------------------------

def test_a_workaround_does_not_rewrite_the_deadlines_the_clocks_were_met_against_r8_r12() -> None:
    # R12 changes a *running* clock's target; R8: the resolution clock stops "met or breached
    # at that moment". type 4 P1 from Mon 2026-03-02 06:00: reaction 2 h → 08:00, met at
    # 07:00; resolution 1 day = 18 h from 07:00 → Tue 07:00 CET, met by the workaround at
    # 09:00. The ticket becomes P3, but both clocks keep their P1 targets and deadlines.
    events = [submitted(bxl(2026, 3, 2, 6), "P1"), TicketAcknowledged(bxl(2026, 3, 2, 7)),
              WorkaroundApplied(bxl(2026, 3, 2, 9))]
    result = fold(events, TYPE4, bxl(2026, 3, 2, 10))
    assert result.priority == "P3"
    reaction, resolution = result.clocks["reaction"], result.clocks["resolution"]
    assert (reaction.state, reaction.deadline, reaction.target_seconds) == (
        "met", utc(2026, 3, 2, 7), 2 * 3600)
    assert reaction.remaining_seconds == 3600
    assert (resolution.state, resolution.deadline, resolution.target_seconds) == (
        "met", utc(2026, 3, 3, 6), 18 * 3600)


def test_a_priority_change_after_the_acknowledgement_leaves_the_met_reaction_alone_r12() -> None:
    # type 4 P1 reaction met at 07:00 against 08:00; staff lower the ticket to P4 at 09:00:
    # the running resolution clock takes P4's 5 days from its start (R12), the met reaction
    # clock keeps its 2 h and 08:00.
    events = [submitted(bxl(2026, 3, 2, 6), "P1"), TicketAcknowledged(bxl(2026, 3, 2, 7)),
              PriorityChanged(bxl(2026, 3, 2, 9), priority="P4")]
    result = fold(events, TYPE4, bxl(2026, 3, 2, 10))
    assert result.clocks["reaction"].deadline == utc(2026, 3, 2, 7)
    assert result.clocks["reaction"].target_seconds == 2 * 3600
    # 5 days = 90 h from Mon 07:00: 17 h Mon, 18 × 4 (Tue-Fri) = 89 h, 1 h Mon 9 → 07:00
    assert result.clocks["resolution"].deadline == utc(2026, 3, 9, 6)


def test_a_fix_rejected_after_a_priority_change_resumes_with_the_new_target_r9_r12() -> None:
    # type 4 P2 resolution (36 h) acknowledged Mon 2026-03-02 06:00, resolved 10:00 (4 h
    # counted); staff raise it to P1 at 11:00 while stopped (the met clock keeps P2's
    # 36 h); the customer rejects the fix Tue 06:00: the clock resumes with P1's 18 h,
    # 14 h left → Tue 20:00 CET.
    events = [submitted(bxl(2026, 3, 2, 5), "P2"), TicketAcknowledged(bxl(2026, 3, 2, 6)),
              TicketResolved(bxl(2026, 3, 2, 10)),
              PriorityChanged(bxl(2026, 3, 2, 11), priority="P1")]
    stopped = fold(events, TYPE4, bxl(2026, 3, 2, 12)).clocks["resolution"]
    assert (stopped.state, stopped.target_seconds) == ("met", 36 * 3600)
    reopened = fold([*events, FixRejected(bxl(2026, 3, 3, 6))], TYPE4,
                    bxl(2026, 3, 3, 7)).clocks["resolution"]
    assert reopened.state == "running"
    assert reopened.target_seconds == 18 * 3600
    assert reopened.deadline == utc(2026, 3, 3, 19)
