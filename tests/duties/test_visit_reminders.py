"""Art. 27.2.2: a site-visit report not made within the reasonable term (REPORT_DAYS Brussels
days after the visit's day) is due for one reminder; the report or a cancel ends it. Pure:
the instants are arguments."""

from __future__ import annotations

from datetime import UTC, datetime

from helpdesk.duties import visit_rules as v


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


ANNOUNCED = utc(2026, 11, 18, 10, 0)
START, END = utc(2026, 12, 2, 8), utc(2026, 12, 2, 11)  # Wed 2 Dec; overdue Sun 13 Dec 00:00


def state(now: datetime, *, reported_at: datetime | None = None,
          cancelled_at: datetime | None = None) -> v.VisitState:
    return v.visit_state(starts_at=START, ends_at=END, announced_at=ANNOUNCED,
                         reported_at=reported_at, cancelled_at=cancelled_at, now=now)


def test_no_reminder_while_the_report_is_within_its_reasonable_term():
    assert not v.reminder_due(state(utc(2026, 12, 2, 9)), reminded_at=None)  # during it
    assert not v.reminder_due(state(utc(2026, 12, 12, 22, 59)), reminded_at=None)


def test_a_reminder_is_due_at_brussels_midnight_after_the_tenth_day():
    assert v.report_last_day(END).isoformat() == "2026-12-12"  # Sat, 10 days after Wed 2 Dec
    assert v.reminder_due(state(utc(2026, 12, 12, 23, 0)), reminded_at=None)
    assert v.reminder_due(state(utc(2027, 1, 20)), reminded_at=None)  # after downtime too


def test_one_reminder_a_visit():
    assert not v.reminder_due(state(utc(2026, 12, 14)), reminded_at=utc(2026, 12, 12, 23, 0))


def test_the_report_made_ends_it_and_a_cancelled_visit_owes_none():
    assert not v.reminder_due(state(utc(2026, 12, 14), reported_at=utc(2026, 12, 13, 9)),
                              reminded_at=None)
    assert not v.reminder_due(state(utc(2026, 12, 14), cancelled_at=utc(2026, 11, 30)),
                              reminded_at=None)
    # a report made on the last day of the term: never overdue, never reminded
    assert not v.reminder_due(state(utc(2026, 12, 20), reported_at=utc(2026, 12, 12, 22)),
                              reminded_at=None)
