"""Preventive site visits (seed 002 art. 27.2.2/27.2.3, R25): two weeks' notice in Brussels
calendar days, the Werkuren, and the report's reasonable term."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpdesk.duties import visit_rules as v

# date_free: pure billing rules on literal dates; no clock read, no database.
pytestmark = pytest.mark.date_free


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


NOW = utc(2026, 11, 18, 10, 0)  # Wednesday 18 Nov 2026 11:00 Brussels


def test_two_weeks_is_fourteen_brussels_days_after_the_announcement():
    assert v.earliest_day(NOW).isoformat() == "2026-12-02"
    assert not v.short_notice(NOW, utc(2026, 12, 2, 8, 0))  # Wed 2 Dec 09:00: on time
    assert v.short_notice(NOW, utc(2026, 12, 1, 15, 0))  # Tue 1 Dec 16:00: a day short
    # announced late on 18 Nov Brussels (23:30 UTC is already the 19th there)
    assert v.earliest_day(utc(2026, 11, 18, 23, 30)).isoformat() == "2026-12-03"


def test_short_notice_is_refused_without_the_customers_agreement():
    start, end = utc(2026, 11, 25, 8, 0), utc(2026, 11, 25, 11, 0)
    refusal = v.plan_refusal(starts_at=start, ends_at=end, now=NOW, agreement="")
    assert refusal is not None and "27.2.3" in refusal and "2026-12-02" in refusal
    assert v.plan_refusal(starts_at=start, ends_at=end, now=NOW,
                          agreement="Agreed by phone with Jan on 18 Nov") is None
    assert v.plan_refusal(starts_at=utc(2026, 12, 2, 8), ends_at=utc(2026, 12, 2, 11),
                          now=NOW, agreement="") is None


def test_impossible_plans_are_refused():
    assert v.plan_refusal(starts_at=utc(2026, 12, 2, 8), ends_at=utc(2026, 12, 2, 8),
                          now=NOW, agreement="") == "The visit must end after it starts."
    assert "past" in v.plan_refusal(starts_at=utc(2026, 11, 1, 8),
                                    ends_at=utc(2026, 11, 1, 9), now=NOW, agreement="x")


def test_a_visit_outside_the_werkuren_is_flagged():
    assert not v.outside_working_hours(utc(2026, 12, 2, 7, 45), utc(2026, 12, 2, 16, 0))
    assert v.outside_working_hours(utc(2026, 12, 2, 7, 30), utc(2026, 12, 2, 9, 0))  # 08:30
    assert v.outside_working_hours(utc(2026, 12, 5, 9), utc(2026, 12, 5, 10))  # Saturday


def test_the_report_is_due_within_ten_days_then_overdue():
    start, end = utc(2026, 12, 2, 8), utc(2026, 12, 2, 11)
    # visit on Wed 2 Dec: the 10th day after is Sat 12 Dec; overdue from Sun 13 Dec 00:00
    assert v.report_due(end) == utc(2026, 12, 12, 23, 0)
    common = {"starts_at": start, "ends_at": end, "announced_at": NOW, "cancelled_at": None}
    assert v.visit_state(**common, reported_at=None, now=NOW).state == v.PLANNED
    assert v.visit_state(**common, reported_at=None, now=utc(2026, 12, 2, 9)).state \
        == v.IN_PROGRESS
    assert v.visit_state(**common, reported_at=None, now=utc(2026, 12, 12, 22, 59)).state \
        == v.REPORT_DUE
    late = v.visit_state(**common, reported_at=None, now=utc(2026, 12, 12, 23, 0))
    assert late.state == v.REPORT_OVERDUE and late.report_overdue
    assert v.visit_state(**common, reported_at=utc(2026, 12, 3), now=utc(2026, 12, 20)).state \
        == v.REPORTED


def test_the_report_names_the_three_points_and_comes_after_the_visit():
    start, end = utc(2026, 12, 2, 8), utc(2026, 12, 2, 11)
    state = v.visit_state(starts_at=start, ends_at=end, announced_at=NOW, reported_at=None,
                          cancelled_at=None, now=utc(2026, 12, 3))
    assert "27.2.2" in v.report_refusal(state, defects="UPS battery", open_points="",
                                        follow_up="March")
    assert v.report_refusal(state, defects="none", open_points="none", follow_up="June") is None
    early = v.visit_state(starts_at=start, ends_at=end, announced_at=NOW, reported_at=None,
                          cancelled_at=None, now=NOW)
    assert v.report_refusal(early, defects="a", open_points="b", follow_up="c") \
        == "The report is made after the visit."
