"""The windows of art. 16.1 (complaints, 15 working days) and art. 39.4.2 (15 days of
consultation), counted by hand from the contract text. Pure: instants are arguments."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from helpdesk.duties.windows import (
    add_working_days,
    complaint_window,
    consultation_period,
    is_working_day,
)
from tests.sla.conftest import bxl

# date_free: pure duty rules on literal dates; no clock read, no database.
pytestmark = pytest.mark.date_free


def test_working_days_skip_weekends_and_the_ten_legal_holidays_only():
    assert not is_working_day(date(2026, 5, 1))  # 1 May, a Friday (R18)
    assert not is_working_day(date(2026, 5, 14))  # Ascension
    assert not is_working_day(date(2026, 5, 9))  # a Saturday
    assert is_working_day(date(2026, 12, 24))  # Christmas Eve is no legal holiday


def test_a_complaint_window_counts_15_working_days_past_1_may_and_ascension():
    # noticed Wed 22 April 2026: 23, 24, 27, 28, 29, 30 April (6), 1 May skipped,
    # 4-8 May (11), 11, 12, 13 May (14), Ascension 14 May skipped, Fri 15 May (15)
    assert add_working_days(date(2026, 4, 22), 15) == date(2026, 5, 15)
    late_evening = complaint_window(date(2026, 4, 22), bxl(2026, 5, 15, 23, 30))
    assert late_evening.in_time and late_evening.last_day == date(2026, 5, 15)
    assert late_evening.working_days_used == 15
    assert late_evening.reason.startswith("In time: received on 2026-05-15, working day 15")
    assert "ended at the end of 2026-05-15" in late_evening.reason
    assert late_evening.ends_at == datetime(2026, 5, 15, 22, 0, tzinfo=UTC)  # 24:00 CEST


def test_a_complaint_received_after_the_15th_working_day_is_late_and_says_why():
    late = complaint_window(date(2026, 4, 22), bxl(2026, 5, 18, 0, 10))  # Monday
    assert not late.in_time and late.working_days_used == 16
    assert late.reason.startswith("Late: received on 2026-05-18")
    assert "window of 15 working days (art. 16.1" in late.reason
    assert "ended at the end of 2026-05-15" in late.reason
    assert "no longer claim" in late.reason


def test_the_brussels_day_of_receipt_decides_not_the_utc_day():
    # Fri 15 May 2026 23:30 Brussels is 21:30 UTC; Sat 00:30 Brussels is Fri 22:30 UTC
    assert complaint_window(date(2026, 4, 22), datetime(2026, 5, 15, 21, 30, tzinfo=UTC)).in_time
    assert not complaint_window(date(2026, 4, 22),
                                datetime(2026, 5, 15, 22, 30, tzinfo=UTC)).in_time


def test_11_november_is_skipped_in_november():
    # noticed Fri 30 Oct 2026: 2-6 Nov (5), 9, 10 (7), Wed 11 Nov skipped, 12, 13 (9),
    # 16-20 (14), Mon 23 Nov (15)
    assert complaint_window(date(2026, 10, 30), bxl(2026, 11, 23, 9)).last_day == \
        date(2026, 11, 23)


def test_a_conflict_notice_gives_15_calendar_days_ending_at_brussels_midnight():
    # received Tue 17 March 2026: day 15 is Wed 1 April; 24:00 CEST is 22:00 UTC (DST began
    # on 29 March)
    period = consultation_period(bxl(2026, 3, 17, 10), consulted_at=None,
                                 now=bxl(2026, 3, 20, 9))
    assert period.last_day == date(2026, 4, 1) and period.state == "running"
    assert period.ends_at == datetime(2026, 4, 1, 22, 0, tzinfo=UTC)
    assert "the day of receipt does not count" in period.reason
    assert period.seconds_left(datetime(2026, 4, 1, 21, 0, tzinfo=UTC)) == 3600


def test_the_consultation_period_ends_after_the_15th_day_whole():
    received = bxl(2026, 10, 20, 16)  # day 15: Wed 4 Nov, after DST ended on 25 Oct
    on_the_last_evening = consultation_period(received, consulted_at=None,
                                              now=bxl(2026, 11, 4, 23, 59))
    assert on_the_last_evening.state == "running"
    ended = consultation_period(received, consulted_at=None, now=bxl(2026, 11, 5, 0, 0))
    assert ended.state == "ended" and ended.ends_at == datetime(2026, 11, 4, 23, 0, tzinfo=UTC)
    assert ended.reason.startswith("The consultation period has ended without")


def test_a_consultation_within_the_period_settles_it_and_a_late_one_is_named():
    received = bxl(2026, 3, 17, 10)
    held = consultation_period(received, consulted_at=bxl(2026, 3, 30, 14),
                               now=bxl(2026, 5, 1))
    assert held.state == "consulted" and "2026-03-30" in held.reason
    late = consultation_period(received, consulted_at=bxl(2026, 4, 2, 9), now=bxl(2026, 5, 1))
    assert late.state == "ended" and "held late, on 2026-04-02" in late.reason
