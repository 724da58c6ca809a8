"""A clock past its deadline says so wherever the ticket is listed (issue #19 item 2).

Hand-computed on type 4 (Mon-Fri 06:00-24:00 Brussels; P1 reaction 2 h, resolution
"1 day" = 18 h of window time, R4). 2026-11-09 is a Monday; 11 November is a holiday but
falls after the deadline.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.tickets import actions
from tests.factories import (
    login,
    make_contact,
    make_contract,
    make_customer,
    make_staff,
    make_ticket,
)

BXL = ZoneInfo("Europe/Brussels")
SUBMITTED = datetime(2026, 11, 9, 8, 0, tzinfo=BXL)
ACKNOWLEDGED = datetime(2026, 11, 9, 9, 0, tzinfo=BXL)  # reaction met (due 10:00)
# resolution from 09:00: 15 h on Monday to 24:00, 3 h on Tuesday from 06:00 → Tue 09:00
RESOLUTION_DUE = datetime(2026, 11, 10, 9, 0, tzinfo=BXL)
SIX_DAYS_LATER = RESOLUTION_DUE + timedelta(days=6)


def _world(preset: str = "type4"):  # type: ignore[no-untyped-def]
    customer = make_customer()
    make_contract(customer, sla_preset=preset)
    contact = make_contact(customer)
    staff = make_staff()
    db.session.commit()
    return contact, staff


def test_a_breached_unacknowledged_ticket_is_overdue_in_the_queue(client):
    """Type 1 has no resolution clock: once the reaction deadline passed, nothing is
    left to count down to; the row says how long it is overdue instead of a dash."""
    contact, staff = _world("type1")
    ticket = make_ticket(contact, at=utcnow() - timedelta(days=10), now=utcnow())
    assert ticket.next_deadline is None and ticket.breach_count == 1
    login(client, staff)
    page = client.get("/staff/?show=open").get_data(as_text=True)
    assert ticket.reference in page and 'data-badge="overdue"' in page
    assert "overdue " in page


def _p1_breached_six_days_ago(clock):
    """A P1 acknowledged at once whose resolution deadline passed six days ago (tier 2)."""
    contact, staff = _world()
    clock.set(SUBMITTED)
    ticket = make_ticket(contact, urgency="blocking", impact="all", at=SUBMITTED)
    actions.acknowledge(ticket, by=staff, now=ACKNOWLEDGED)
    db.session.commit()
    clock.set(SIX_DAYS_LATER)
    return contact, staff, ticket


def test_a_p1_at_tier_2_whose_resolution_breached_six_days_ago_reads_overdue(client, clock):
    contact, staff, ticket = _p1_breached_six_days_ago(clock)
    login(client, staff)
    queue = client.get("/staff/?show=breached").get_data(as_text=True)
    assert ticket.reference in queue
    assert "overdue 6 d 0 h" in queue  # wall-clock time past the deadline
    assert 'data-overdue="518400"' in queue  # kept live by static/app.js
    page = client.get(f"/staff/tickets/{ticket.reference}").get_data(as_text=True)
    assert "overdue 6 d 0 h" in page and "tier 2" in page


def test_the_portal_lists_the_same_badge(client, clock):
    contact, staff, ticket = _p1_breached_six_days_ago(clock)
    login(client, contact)
    listing = client.get("/portal/").get_data(as_text=True)
    assert ticket.reference in listing and "overdue 6 d 0 h" in listing
    page = client.get(f"/portal/tickets/{ticket.reference}").get_data(as_text=True)
    assert "overdue 6 d 0 h" in page


def test_the_ticket_page_names_both_meanings_while_the_window_is_closed(client, clock):
    """Item 3: a P1 submitted Monday 22:30 counts 1 h 30 of its 2 h until the window
    closes at 24:00; at 01:00 nothing counts, and 30 min are left for Tuesday from 06:00:
    due at 06:30, five and a half hours of wall-clock time away."""
    contact, staff = _world()
    submitted = datetime(2026, 11, 9, 22, 30, tzinfo=BXL)
    clock.set(submitted)
    ticket = make_ticket(contact, urgency="blocking", impact="all", at=submitted)
    clock.set(datetime(2026, 11, 10, 1, 0, tzinfo=BXL))  # Tuesday 01:00: window closed
    login(client, staff)
    page = client.get(f"/staff/tickets/{ticket.reference}").get_data(as_text=True)
    assert "paused until Tue 06:00 (outside service hours)" in page
    assert "30 min 00 s of service time left · due Tue 06:30" in page
