"""Ticket actions store one event each and the derived columns follow the SLA core."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import OutboxMessage, TicketEvent
from helpdesk.tickets import actions
from helpdesk.tickets.actions import ActionRefused
from tests.factories import make_contact, make_contract, make_customer, make_staff, make_ticket

# Tue 2026-03-10 09:00 Brussels (CET) = 08:00Z, inside the type 5 window (06:00-24:00).
T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def parties():
    customer = make_customer()
    make_contract(customer, sla_preset="type5")
    contact = make_contact(customer)
    staff = make_staff()
    db.session.commit()
    return contact, staff


def types(ticket):
    return [e.type for e in db.session.scalars(
        select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.seq))]


def test_acknowledging_stops_reaction_and_mails_the_reporter(parties):
    """R1: the human acknowledgement, not the receipt, stops the reaction clock."""
    contact, staff = parties
    ticket = make_ticket(contact, urgency="blocking", impact="all", at=T0)
    assert ticket.priority == "P1" and ticket.status == "open"
    assert ticket.next_deadline == T0 + timedelta(hours=2)  # type 5 P1 reaction 2 h
    actions.acknowledge(ticket, by=staff, now=T0 + timedelta(minutes=30))
    db.session.commit()
    assert ticket.status == "acknowledged"
    # R2/R4: resolution (type 5 P1: 1 day = 18 h of window) runs from the acknowledgement
    # at Tue 09:30: 14 h 30 until 24:00, then 3 h 30 from Wed 06:00 = Wed 09:30 (08:30Z).
    assert ticket.next_deadline == datetime(2026, 3, 11, 8, 30, tzinfo=UTC)
    mail = db.session.scalars(select(OutboxMessage)).one()
    assert mail.to_addr == contact.email and ticket.reference in mail.subject
    assert not mail.automatic
    with pytest.raises(ActionRefused, match="already been acknowledged"):
        actions.acknowledge(ticket, by=staff, now=T0 + timedelta(hours=1))


def test_full_lifecycle_with_supplier_workaround_and_rejected_fix(parties):
    contact, staff = parties
    ticket = make_ticket(contact, urgency="blocking", impact="some", at=T0)
    step = iter(range(1, 100))

    def at():
        return T0 + timedelta(minutes=10 * next(step))

    actions.assign(ticket, to=staff, by=staff, now=at())
    assert ticket.assignee_id == staff.id
    actions.acknowledge(ticket, by=staff, now=at())
    actions.suspend_for_supplier(ticket, supplier="Proximus", by=staff, now=at())
    assert ticket.status == "suspended"
    actions.supplier_delivered(ticket, by=staff, now=at())
    actions.apply_workaround(ticket, by=staff, now=at())
    assert ticket.priority == "P3"  # R8
    actions.resolve(ticket, by=staff, now=at())
    assert ticket.status == "resolved" and ticket.next_deadline is None
    actions.reject_fix(ticket, by=contact, now=at(), reason="Still broken")
    assert ticket.status != "resolved" and ticket.tier == 2  # R9: insufficient fix
    db.session.commit()
    assert types(ticket) == [
        "submitted", "assigned", "acknowledged", "supplier_suspended", "supplier_delivered",
        "workaround_applied", "resolved", "fix_rejected", "escalated",
    ]


def test_priority_change_needs_a_reason_and_follows_the_matrix(parties):
    contact, staff = parties
    ticket = make_ticket(contact, urgency="light", impact="some", at=T0)
    assert ticket.priority == "P4"
    with pytest.raises(ActionRefused, match="why"):
        actions.set_priority(ticket, urgency="blocking", impact="all", reason=" ", by=staff,
                             now=T0)
    actions.set_priority(ticket, urgency="blocking", impact="all", reason="All users down",
                         by=staff, now=T0 + timedelta(minutes=5))
    assert ticket.priority == "P1"


def test_not_an_incident_needs_an_article_38_3_reason(parties):
    contact, staff = parties
    ticket = make_ticket(contact, at=T0)
    with pytest.raises(ActionRefused):
        actions.classify_not_an_incident(ticket, reason="bored", by=staff, now=T0)
    actions.classify_not_an_incident(ticket, reason="caused by the customer", by=staff,
                                     now=T0 + timedelta(minutes=1))
    assert ticket.status == "not_an_incident" and ticket.next_deadline is None


def test_supplier_actions_refuse_the_wrong_state(parties):
    contact, staff = parties
    ticket = make_ticket(contact, at=T0)
    with pytest.raises(ActionRefused, match="acknowledged"):
        actions.suspend_for_supplier(ticket, supplier="X", by=staff, now=T0)
    with pytest.raises(ActionRefused, match="not waiting"):
        actions.supplier_delivered(ticket, by=staff, now=T0)


def test_phone_report_waits_for_written_confirmation(parties):
    """Art. 39.2.2: a phone report shows 'written confirmation outstanding' until it comes."""
    contact, staff = parties
    ticket = make_ticket(contact, channel="phone", at=T0)
    assert ticket.confirmation_outstanding
    actions.customer_message(ticket, by=contact, now=T0 + timedelta(minutes=20),
                             text="Confirming my call", channel="email")
    assert not ticket.confirmation_outstanding
    assert types(ticket)[-2:] == ["customer_message", "written_confirmation"]
