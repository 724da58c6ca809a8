"""Escalation (art. 39.4.1, R9): breaches recorded at the deadline, tiers, exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from helpdesk.extensions import db
from helpdesk.jobs.deadlines import process_due
from helpdesk.models import EscalationContact, OutboxMessage, Ticket, TicketEvent
from helpdesk.tickets import actions
from tests.factories import make_contact, make_contract, make_customer, make_staff, make_ticket

# Mon 2026-02-02 13:00 Brussels (12:00Z): example F, type 1 P1 reaction 4 h -> 17:00 (16:00Z).
SUBMITTED = datetime(2026, 2, 2, 12, 0, tzinfo=UTC)
REACTION_DEADLINE = datetime(2026, 2, 2, 16, 0, tzinfo=UTC)


@pytest.fixture
def setup():
    customer = make_customer()
    contract = make_contract(customer, sla_preset="type1")
    contact = make_contact(customer)
    agent = make_staff(name="Agent")
    manager = make_staff(name="Eva", role="escalation_manager", email="eva@provider.example")
    senior = make_staff(name="Simon", role="senior_manager", email="simon@provider.example")
    db.session.add_all([
        EscalationContact(contract_id=contract.id, tier=2, staff_id=manager.id),
        EscalationContact(contract_id=contract.id, tier=3, staff_id=senior.id),
    ])
    db.session.commit()
    ticket = make_ticket(contact, urgency="blocking", impact="all", at=SUBMITTED)
    return ticket, contact, agent


def events(ticket, type_):
    return db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.type == type_)).all()


def test_the_wake_instant_is_the_reaction_deadline_or_an_earlier_warning(setup):
    ticket, *_ = setup
    # 75 % of 4 h counted from 13:00 = 16:00 Brussels = 15:00Z.
    assert ticket.next_deadline == REACTION_DEADLINE
    assert ticket.next_wake_at == datetime(2026, 2, 2, 15, 0, tzinfo=UTC)


def test_nothing_happens_before_the_deadline(setup):
    ticket, *_ = setup
    process_due(REACTION_DEADLINE - timedelta(seconds=1))
    assert events(ticket, "breach_recorded") == []


def test_a_breach_found_late_is_recorded_at_the_deadline_and_escalates_to_tier_2(setup):
    """Catch-up after downtime: the breach instant is the deadline, not when noticed."""
    ticket, *_ = setup
    process_due(REACTION_DEADLINE + timedelta(hours=20))
    breach = events(ticket, "breach_recorded")
    assert [(b.at, b.payload["clock"], b.payload["priority"]) for b in breach] == [
        (REACTION_DEADLINE, "reaction", "P1")]
    escalated = events(ticket, "escalated")
    assert [(e.at, e.payload["tier"]) for e in escalated] == [(REACTION_DEADLINE, 2)]
    db.session.refresh(ticket)
    assert ticket.tier == 2 and ticket.breach_count == 1
    mails = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "escalation"))
    [mail] = list(mails)
    assert mail.to_addr == "eva@provider.example"
    assert "tier 2" in mail.subject and "Counted" in mail.body_text or "counted" in mail.body_text


def test_running_the_sweep_again_records_nothing_twice(setup):
    ticket, *_ = setup
    late = REACTION_DEADLINE + timedelta(hours=1)
    process_due(late)
    process_due(late)
    process_due(late + timedelta(minutes=5))
    assert len(events(ticket, "breach_recorded")) == 1
    assert len(events(ticket, "escalated")) == 1


def test_warnings_at_75_and_90_percent_go_out_once_each(setup):
    ticket, _, agent = setup
    actions.assign(ticket, to=agent, by=agent, now=SUBMITTED + timedelta(minutes=1))
    db.session.commit()
    process_due(datetime(2026, 2, 2, 15, 0, tzinfo=UTC))  # 75 % at 16:00 Brussels
    process_due(datetime(2026, 2, 2, 15, 36, tzinfo=UTC))  # 90 % (3 h 36) at 16:36 Brussels
    process_due(datetime(2026, 2, 2, 15, 40, tzinfo=UTC))
    warnings = events(ticket, "warning_sent")
    assert [(w.payload["percent"], w.at) for w in warnings] == [
        (75, datetime(2026, 2, 2, 15, 0, tzinfo=UTC)),
        (90, datetime(2026, 2, 2, 15, 36, tzinfo=UTC)),
    ]
    to = {m.to_addr for m in db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.kind == "warning"))}
    assert to == {agent.email}


def test_second_breach_raises_tier_3(setup):
    """R9: a reaction breach plus a rejected fix count as two: tier 3."""
    ticket, contact, agent = setup
    process_due(REACTION_DEADLINE + timedelta(minutes=1))
    ack = REACTION_DEADLINE + timedelta(minutes=2)
    actions.acknowledge(ticket, by=agent, now=ack)
    actions.resolve(ticket, by=agent, now=ack + timedelta(minutes=5))
    actions.reject_fix(ticket, by=contact, now=ack + timedelta(minutes=10), reason="No")
    db.session.commit()
    assert [e.payload["tier"] for e in events(ticket, "escalated")] == [2, 3]
    assert ticket.tier == 3
    senior_mail = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_addr == "simon@provider.example")).one()
    assert "tier 3" in senior_mail.subject


def test_not_an_incident_stops_escalation(setup):
    ticket, _, agent = setup
    actions.classify_not_an_incident(ticket, reason="force majeure", by=agent,
                                     now=SUBMITTED + timedelta(hours=1))
    db.session.commit()
    assert ticket.next_wake_at is None
    process_due(REACTION_DEADLINE + timedelta(days=3))
    assert events(ticket, "breach_recorded") == []


def test_phone_report_reminder_at_the_start_of_the_next_working_day(setup):
    """Art. 39.2.2: confirmation outstanding -> reminder Tue 08:45 Brussels (07:45Z)."""
    ticket, contact, agent = setup
    phone = make_ticket(contact, channel="phone", urgency="blocking", impact="some",
                        at=SUBMITTED)
    actions.acknowledge(phone, by=agent, now=SUBMITTED + timedelta(minutes=5))
    db.session.commit()
    process_due(datetime(2026, 2, 3, 7, 44, 59, tzinfo=UTC))
    assert events(phone, "reminder_sent") == []
    process_due(datetime(2026, 2, 3, 7, 45, tzinfo=UTC))
    [reminder] = events(phone, "reminder_sent")
    assert reminder.at == datetime(2026, 2, 3, 7, 45, tzinfo=UTC)
    assert "written confirmation" in reminder.payload["reason"]


def test_dst_night_deadline_fires_once_at_the_right_instant():
    """Platform P1 response 4 h around the clock: Sat 2026-10-24 22:30 CEST (20:30Z) ->
    Sun 00:30Z = 02:30 CEST, the first of the two 02:30s of that night."""
    customer = make_customer()
    make_contract(customer, sla_preset="platform")
    contact = make_contact(customer, portal_role="administrator")  # art. 9.3: they log
    db.session.commit()
    start = datetime(2026, 10, 24, 20, 30, tzinfo=UTC)
    ticket = make_ticket(contact, urgency="blocking", impact="all", at=start)
    assert ticket.next_deadline == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    process_due(datetime(2026, 10, 25, 0, 29, 59, tzinfo=UTC))
    assert events(ticket, "breach_recorded") == []
    process_due(datetime(2026, 10, 25, 0, 30, tzinfo=UTC))
    process_due(datetime(2026, 10, 25, 1, 30, tzinfo=UTC))  # the second 02:30 (CET)
    breaches = events(ticket, "breach_recorded")
    assert [(b.at, b.payload["clock"]) for b in breaches] == [
        (datetime(2026, 10, 25, 0, 30, tzinfo=UTC), "response")]


def test_the_sweep_uses_the_wake_index_and_leaves_other_tickets_alone(setup):
    ticket, contact, _ = setup
    later = make_ticket(contact, urgency="light", impact="some",
                        at=SUBMITTED + timedelta(days=1))
    process_due(REACTION_DEADLINE + timedelta(seconds=1))
    assert events(later, "breach_recorded") == []
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 2



def test_a_late_acknowledgement_before_the_sweep_still_gets_its_breach_recorded(setup):
    """The reaction deadline passes, staff acknowledge a minute later, and only then does
    the scheduler wake: the clock stopped late, so the breach is still owed (art. 39.4.1)."""
    ticket, _, agent = setup
    actions.acknowledge(ticket, by=agent, now=REACTION_DEADLINE + timedelta(minutes=1))
    db.session.commit()
    assert ticket.next_wake_at is not None
    assert ticket.next_wake_at <= REACTION_DEADLINE + timedelta(minutes=1)
    process_due(REACTION_DEADLINE + timedelta(minutes=2))
    (breach,) = events(ticket, "breach_recorded")
    assert breach.at == REACTION_DEADLINE
    assert len(events(ticket, "escalated")) == 1
