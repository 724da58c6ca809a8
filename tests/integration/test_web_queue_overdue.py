"""A ticket whose running clock is past its deadline says so in the queue."""

from __future__ import annotations

from datetime import timedelta

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from tests.factories import (
    login,
    make_contact,
    make_contract,
    make_customer,
    make_staff,
    make_ticket,
)


def test_a_breached_unacknowledged_ticket_shows_its_deadline_passed(client):
    """Type 1 has no resolution clock: once the reaction deadline passed, no deadline is
    left to count down to, and the row says the deadline passed instead of a dash."""
    customer = make_customer()
    make_contract(customer, sla_preset="type1")
    contact = make_contact(customer)
    staff = make_staff()
    db.session.commit()
    long_ago = utcnow() - timedelta(days=10)
    ticket = make_ticket(contact, at=long_ago, now=utcnow())
    assert ticket.next_deadline is None and ticket.breach_count == 1
    login(client, staff)
    page = client.get("/staff/?show=open").get_data(as_text=True)
    assert ticket.reference in page and "deadline passed" in page
