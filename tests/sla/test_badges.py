"""One badge per clock state, and both meanings of "time left" (issue #19 items 2 and 3).

Hand-computed on the type 1 window (Mon-Fri 08:45-17:00 Brussels, "1 day" = 8 h 15, R4)
and type 5 (Mon-Fri 06:00-24:00, "1 day" = 18 h). 2026-11-20 is a Friday.
"""

from __future__ import annotations

import pytest

from helpdesk.sla import (
    NotAnIncident,
    SupplierDelivered,
    SupplierSuspended,
    TicketAcknowledged,
    fold,
    preset,
)
from helpdesk.sla.badges import badge, headline, live, remaining_text, span, text

from .conftest import bxl
from .factories import submitted

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

TYPE1, TYPE5 = preset("type1"), preset("type5")
# A P2 submitted Friday 14:00: 3 h count on Friday, 5 h 15 are left for Monday from
# 08:45, so the reaction deadline is Monday 14:00 (R3-R5).
FRIDAY_P2 = [submitted(bxl(2026, 11, 20, 14), "P2")]


def reaction(events, now, sla=TYPE1):  # type: ignore[no-untyped-def]
    return badge(fold(events, sla, now).clocks["reaction"], now)


def test_a_p2_looked_at_on_saturday_is_paused_until_monday_opening() -> None:
    b = reaction(FRIDAY_P2, bxl(2026, 11, 21, 10))
    assert b.state == "paused"
    assert b.until == bxl(2026, 11, 23, 8, 45)
    assert b.deadline == bxl(2026, 11, 23, 14)
    assert b.window_left == 5 * 3600 + 15 * 60
    assert text(b) == "paused until Mon 08:45 (outside service hours)"
    assert remaining_text(b) == "5 h 15 of service time left · due Mon 14:00"
    assert live(b) == {}  # nothing counts: nothing to keep live


def test_counting_towards_a_deadline_in_todays_window_reads_due_in() -> None:
    b = reaction(FRIDAY_P2, bxl(2026, 11, 23, 10))
    assert b.state == "due" and b.level == "warn"  # 4 h 15 of 8 h 15 used
    assert b.window_left == b.wall_left == 4 * 3600
    assert text(b) == remaining_text(b) == "due in 4 h 00"
    assert live(b)["text"] == "due in {left}"
    assert live(b)["counts-until"] == "2026-11-23T13:00:00Z"  # the deadline, 14:00 CET


def test_counting_with_the_deadline_after_tonight_names_both_meanings() -> None:
    b = reaction(FRIDAY_P2, bxl(2026, 11, 20, 16))
    assert b.state == "due" and b.window_left == 6 * 3600 + 15 * 60
    assert b.counting_until == bxl(2026, 11, 20, 17)  # the window closes first
    assert text(b) == "6 h 15 of service time left · due Mon 14:00"


def test_a_running_clock_past_its_deadline_is_overdue_by_wall_clock_time() -> None:
    b = reaction(FRIDAY_P2, bxl(2026, 11, 26, 18))  # Thursday 18:00: 3 d 4 h after
    assert b.state == "overdue" and b.level == "over"
    assert text(b) == "overdue 3 d 4 h"
    assert live(b) == {"overdue": str(b.overdue_seconds), "text": "overdue {left}"}


def test_a_clock_stopped_in_time_is_met_and_one_stopped_late_is_missed() -> None:
    met = reaction([*FRIDAY_P2, TicketAcknowledged(bxl(2026, 11, 23, 9))], bxl(2026, 11, 24))
    assert (met.state, text(met), remaining_text(met)) == ("met", "met", "")
    missed = reaction([*FRIDAY_P2, TicketAcknowledged(bxl(2026, 11, 23, 16, 10))],
                      bxl(2026, 11, 24))
    assert (missed.state, text(missed)) == ("missed", "missed by 2 h 10")


def test_a_supplier_suspension_says_so_and_when_it_resumes() -> None:
    # type 5 P3: resolution 3 days = 54 h; acknowledged Mon 09:00, suspended at 10:00.
    events = [submitted(bxl(2026, 11, 23, 8), "P3"), TicketAcknowledged(bxl(2026, 11, 23, 9)),
              SupplierSuspended(bxl(2026, 11, 23, 10), supplier="Proximus")]
    now = bxl(2026, 11, 24, 12)
    waiting = badge(fold(events, TYPE5, now).clocks["resolution"], now)
    assert waiting.state == "suspended" and waiting.deadline is None
    assert text(waiting) == "suspended: supplier"
    assert remaining_text(waiting) == "2 d 5 h of service time left"
    # delivered Tuesday 11:00: suspended through Tuesday (R6), resumes Wednesday 06:00;
    # 53 h left: Wed 18 h, Thu 18 h, Fri 06:00 + 17 h = 23:00.
    delivered = [*events, SupplierDelivered(bxl(2026, 11, 24, 11))]
    held = badge(fold(delivered, TYPE5, now).clocks["resolution"], now)
    assert text(held) == "suspended: supplier, resumes Wed 06:00"
    assert remaining_text(held) == "2 d 5 h of service time left · due Fri 23:00"


def test_clocks_not_started_not_counted_or_not_applicable() -> None:
    now = bxl(2026, 11, 23, 10)
    clocks = fold([submitted(bxl(2026, 11, 23, 9), "P3")], TYPE5, now).clocks
    assert text(badge(clocks["resolution"], now)) == "not started"
    void = fold([submitted(bxl(2026, 11, 23, 9), "P3"),
                 NotAnIncident(bxl(2026, 11, 23, 9, 30), reason="customer-caused")],
                TYPE5, now).clocks
    assert text(badge(void["reaction"], now)) == "not counted"
    type1 = fold(FRIDAY_P2, TYPE1, now).clocks
    assert badge(type1["resolution"], now).state == "na"  # type 1 has no resolution clock


def test_the_headline_is_the_most_pressing_clock() -> None:
    # A type 5 P1 acknowledged late: reaction missed, resolution (1 day = 18 h) overdue
    # six days later: the headline is the overdue clock, not a dash.
    events = [submitted(bxl(2026, 11, 16, 8), "P1"), TicketAcknowledged(bxl(2026, 11, 16, 11))]
    clocks = fold(events, TYPE5, bxl(2026, 11, 24, 10))
    assert clocks.tier == 3 and clocks.next_deadline is None
    top = headline(clocks)
    assert top is not None and top.clock == "resolution" and top.state == "overdue"


def test_spans_read_as_the_badges_say_them() -> None:
    assert [span(s) for s in (40, 545, 7800, 3 * 86400 + 4 * 3600 + 59)] == [
        "40 s", "9 min 05 s", "2 h 10", "3 d 4 h"]
