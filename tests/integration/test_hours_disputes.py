"""Art. 6.6 (seed 002, R25): a time entry is shown to the customer the instant it is
recorded; a contact may dispute it in writing within 7 calendar days (Brussels) after that
day; after that it is accepted and a dispute is refused. Staff see the state and resolve a
dispute (confirmed or withdrawn), and the disputer is told through the outbox."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from helpdesk.billing import hours
from helpdesk.extensions import db
from helpdesk.models import OutboxMessage
from helpdesk.web import services
from tests.factories import login, make_contact, make_customer, make_ticket
from tests.integration.test_web_helpers import events, page, world


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


LOGGED = utc(2026, 11, 4, 15, 30)  # Wednesday 16:30 Brussels: made known
LAST_MINUTE = utc(2026, 11, 11, 22, 59)  # Wednesday 11 Nov 23:59 Brussels: day 7
CLOSED = utc(2026, 11, 11, 23, 0)  # Thursday 12 Nov 00:00 Brussels


@pytest.fixture
def entry(clock):
    w = world()
    clock.set(utc(2026, 11, 4, 9, 0))
    ticket = make_ticket(w.contact, at=utc(2026, 11, 4, 9, 0))
    clock.set(LOGGED)
    event = services.log_time(ticket, by=w.staff, start=utc(2026, 11, 4, 13, 0),
                              end=utc(2026, 11, 4, 15, 0), description="Replaced the switch",
                              now=LOGGED)
    db.session.commit()
    return w, ticket, event


def dispute(client, event, reason="Only one hour was worked."):
    return client.post(f"/portal/hours/{event.id}/dispute", data={"reason": reason})


def test_the_portal_shows_the_entry_with_the_last_day_to_dispute(client, clock, entry):
    w, ticket, event = entry
    login(client, w.contact)
    html = page(client.get("/portal/hours"))
    assert "Replaced the switch" in html and ticket.reference in html
    assert "2026-11-12 00:00" in html  # dispute until: Brussels midnight after day 7
    assert "open for dispute" in html


def test_a_dispute_on_the_seventh_day_is_registered_and_shown_to_staff(client, clock, entry):
    w, ticket, event = entry
    clock.set(LAST_MINUTE)
    login(client, w.contact)
    assert dispute(client, event).status_code == 302
    assert events(ticket)[-1] == "hours_disputed"
    found = hours.entry(event.id, now=LAST_MINUTE)
    assert found.status.state == "disputed" and found.status.dispute.by == "Jan"
    client.post("/logout")
    login(client, w.staff)
    html = page(client.get("/staff/hours?state=disputed"))
    assert "Only one hour was worked." in html and "Resolve the dispute" in html
    # the ticket page marks the entry too
    assert 'badge warning" href="/staff/hours' in page(client.get(
        f"/staff/tickets/{ticket.reference}"))


def test_a_dispute_after_the_seventh_day_is_refused_and_the_hours_are_accepted(client, clock,
                                                                                entry):
    w, ticket, event = entry
    clock.set(CLOSED)
    login(client, w.contact)
    refused = dispute(client, event)
    assert refused.status_code == 409
    assert "within 7 days" in page(refused) and "2026-11-11" in page(refused)
    assert "hours_disputed" not in events(ticket)
    assert hours.entry(event.id, now=CLOSED).status.state == "accepted"


def test_staff_withdraw_disputed_hours_and_the_disputer_is_mailed(client, clock, entry):
    w, ticket, event = entry
    clock.set(utc(2026, 11, 6, 10, 0))
    login(client, w.contact)
    dispute(client, event)
    client.post("/logout")
    login(client, w.staff)
    clock.set(utc(2026, 11, 20, 10, 0))
    answer = client.post(f"/staff/hours/{event.id}/resolve",
                         data={"outcome": "withdrawn", "note": "Agreed: one hour, re-logged."})
    assert answer.status_code == 302
    found = hours.entry(event.id, now=utc(2026, 11, 20, 10, 0))
    assert found.status.state == "withdrawn" and not found.status.counted
    mail = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "hours_dispute")).one()
    assert mail.to_addr == "jan@kroon.example" and "withdrew" in mail.body_text
    # resolved once: a second resolution is refused
    again = client.post(f"/staff/hours/{event.id}/resolve",
                        data={"outcome": "confirmed", "note": "no"})
    assert again.status_code == 303


def test_another_customers_contact_gets_404_for_the_entry(client, clock, entry):
    w, ticket, event = entry
    other = make_contact(make_customer(name="Other"), email="eve@other.example")
    db.session.commit()
    login(client, other)
    assert dispute(client, event).status_code == 404
    assert "Replaced the switch" not in page(client.get("/portal/hours"))


def test_a_reader_sees_the_hours_but_may_not_dispute(client, clock, entry):
    w, ticket, event = entry
    reader = make_contact(w.customer, email="rea@kroon.example", portal_role="reader")
    db.session.commit()
    login(client, reader)
    assert "Replaced the switch" in page(client.get("/portal/hours"))
    assert dispute(client, event).status_code == 403


def test_the_monthly_report_counts_only_accepted_hours(client, clock, entry):
    w, ticket, event = entry
    clock.set(utc(2026, 11, 4, 16, 0))
    second = services.log_time(ticket, by=w.staff, start=utc(2026, 11, 4, 15, 0),
                               end=utc(2026, 11, 4, 15, 30), description="Cabling",
                               now=utc(2026, 11, 4, 16, 0))
    db.session.commit()
    clock.set(utc(2026, 11, 6, 10, 0))
    login(client, w.contact)
    dispute(client, second, "Not ordered.")
    client.post("/logout")
    login(client, w.staff)
    clock.set(utc(2026, 11, 20, 10, 0))  # the first entry's window closed on 11 Nov
    html = page(client.get(f"/staff/reports/customers/{w.customer.id}/2026-11"))
    assert "Hours made known in November 2026 (art. 6.6)" in html
    assert 'data-figure="hours_accepted">120 min' in html  # 13:00-15:00, accepted by silence
    assert 'data-figure="hours_disputed">30 min' in html
    assert "Not ordered." in html
    assert client.get(f"/staff/reports/customers/{w.customer.id}/2026-11/pdf").status_code == 200
