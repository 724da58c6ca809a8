"""The escalation plan is pure: the same fold and records always give the same plan."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from helpdesk import sla
from helpdesk.escalation.plan import Facts, Settings, plan
from helpdesk.sla import FixRejected, TicketAcknowledged, TicketResolved, TicketSubmitted

# date_free: pure escalation plans on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

TYPE1 = sla.preset("type1")
# Example F: Mon 2026-02-02 13:00 Brussels, type 1 P1 reaction 4 h -> 17:00 (16:00Z).
SUBMITTED = datetime(2026, 2, 2, 12, 0, tzinfo=UTC)
DEADLINE = datetime(2026, 2, 2, 16, 0, tzinfo=UTC)
SETTINGS = Settings()


def plan_at(events, now, recorded=(), facts=None):
    clocks = sla.fold(events, TYPE1, now)
    return plan(TYPE1, clocks, facts or Facts(submitted_at=SUBMITTED), set(recorded),
                SETTINGS, now)


SUBMIT = [TicketSubmitted(at=SUBMITTED, priority="P1")]


def test_before_any_warning_the_plan_wakes_at_75_percent():
    result = plan_at(SUBMIT, SUBMITTED)
    assert result.due == ()
    assert result.next_wake == datetime(2026, 2, 2, 15, 0, tzinfo=UTC)


def test_at_the_deadline_itself_nothing_is_breached_yet_and_it_wakes_a_second_later():
    """R5: at 17:00 the 4 h are used up, not exceeded."""
    recorded = {"warn:reaction:75:2026-02-02T12:00:00Z", "warn:reaction:90:2026-02-02T12:00:00Z"}
    result = plan_at(SUBMIT, DEADLINE, recorded)
    assert result.due == ()
    assert result.next_wake == DEADLINE + timedelta(seconds=1)


def test_after_the_deadline_the_breach_is_due_at_the_deadline_and_tier_2_with_it():
    recorded = {"warn:reaction:75:2026-02-02T12:00:00Z", "warn:reaction:90:2026-02-02T12:00:00Z"}
    result = plan_at(SUBMIT, DEADLINE + timedelta(days=2), recorded)
    assert [(d.kind, d.at, d.key) for d in result.due] == [
        ("breach", DEADLINE, "breach:reaction:2026-02-02T16:00:00Z"),
        ("escalation", DEADLINE, "tier:2"),
    ]


def test_recorded_items_are_never_due_again():
    keys = {"breach:reaction:2026-02-02T16:00:00Z", "tier:2",
            "warn:reaction:75:2026-02-02T12:00:00Z", "warn:reaction:90:2026-02-02T12:00:00Z"}
    assert plan_at(SUBMIT, DEADLINE + timedelta(days=2), keys).due == ()


def test_a_rejected_fix_after_a_breach_makes_tier_3_at_the_rejection():
    """R9: the reaction breach and the rejection count as two."""
    ack = DEADLINE + timedelta(hours=1)
    rejected = ack + timedelta(hours=2)
    events = SUBMIT + [TicketAcknowledged(at=ack), TicketResolved(at=ack + timedelta(hours=1)),
                       FixRejected(at=rejected)]
    result = plan_at(events, rejected, {"breach:reaction:2026-02-02T16:00:00Z", "tier:2"})
    assert [(d.kind, d.at, d.payload.get("tier")) for d in result.due] == [
        ("escalation", rejected, 3)]


def test_confirmation_reminder_waits_for_the_next_working_day():
    """Art. 39.2.2: Mon call -> reminder Tue 08:45 Brussels (07:45Z), then Wed 08:45."""
    facts = Facts(submitted_at=SUBMITTED, confirmation_outstanding=True)
    events = SUBMIT + [TicketAcknowledged(at=SUBMITTED + timedelta(minutes=5))]
    tuesday = datetime(2026, 2, 3, 7, 45, tzinfo=UTC)
    before = plan_at(events, tuesday - timedelta(seconds=1), facts=facts)
    assert before.due == () and before.next_wake == tuesday
    due = plan_at(events, tuesday, facts=facts)
    assert [d.key for d in due.due] == ["remind:confirmation:2026-02-03T07:45:00Z"]
    after = plan_at(events, tuesday, {"remind:confirmation:2026-02-03T07:45:00Z"}, facts)
    assert after.next_wake == datetime(2026, 2, 4, 7, 45, tzinfo=UTC)


def test_supplier_reminder_after_three_working_days():
    """Type 1 working day 8 h 15: suspended Mon 14:00 Brussels -> Thu 14:00 (13:00Z)."""
    suspended = datetime(2026, 2, 2, 13, 0, tzinfo=UTC)
    facts = Facts(submitted_at=SUBMITTED, open_suspension_since=suspended, supplier="Proximus")
    events = SUBMIT + [TicketAcknowledged(at=SUBMITTED + timedelta(minutes=5))]
    thursday = datetime(2026, 2, 5, 13, 0, tzinfo=UTC)
    result = plan_at(events, thursday, facts=facts)
    reminders = [d for d in result.due if d.kind == "reminder"]
    assert [(d.at, d.key) for d in reminders] == [
        (thursday, "remind:supplier:2026-02-02T13:00:00Z")]
    assert "Proximus" in reminders[0].payload["reason"]
