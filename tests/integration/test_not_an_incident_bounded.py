"""Ruling R21 (art. 38.3, seed 002): "not an incident is bounded". The classification voids
the call's objectives, but it is allowed only while the ticket is open or within 7 calendar
days (Brussels dates, as R17 counts) after its resolution; once a credit claim names the
ticket only a manager may classify it and the customer is told; recorded breaches stay,
shown as voided; the statement lists the ticket under "excluded: not an incident"."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from helpdesk.credits import Month
from helpdesk.escalation.service import settle
from helpdesk.extensions import db
from helpdesk.models import CreditClaim, CreditClaimItem, OutboxMessage, TicketEvent
from helpdesk.reports import statement_for
from helpdesk.tickets import actions
from helpdesk.tickets.actions import ActionRefused
from tests.factories import login, make_contact, make_customer, make_staff, make_ticket
from tests.integration.test_web_helpers import page

REASON = "caused by the customer"


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# November 2026 is CET (UTC+1). Type 4 (the default contract), window Mon-Fri 06:00-24:00.
SUBMITTED = utc(2026, 11, 2, 8, 0)   # Monday 2 Nov 09:00 Brussels, P1 (blocking, all)
REACTION_DUE = utc(2026, 11, 2, 10, 0)  # + 2 h window time: 11:00 Brussels
ACKNOWLEDGED = utc(2026, 11, 2, 11, 0)  # 12:00 Brussels: the reaction is breached
RESOLVED = utc(2026, 11, 2, 22, 30)  # Monday 23:30 Brussels (1 day = 18 h: met)


@pytest.fixture
def w(clock):
    clock.set(SUBMITTED)
    customer = make_customer(name="Bakery")
    reporter = make_contact(customer, name="Rita", portal_role="administrator")
    agent = make_staff(name="Alex")
    manager = make_staff(name="Mona", role="escalation_manager")
    db.session.commit()
    return customer, reporter, agent, manager


def breached_and_resolved(clock, reporter, agent):
    ticket = make_ticket(reporter, urgency="blocking", impact="all", at=SUBMITTED)
    clock.set(ACKNOWLEDGED)
    actions.acknowledge(ticket, by=agent, now=ACKNOWLEDGED)
    settle(ticket, ACKNOWLEDGED)  # records the reaction breach and the tier 2 escalation
    clock.set(RESOLVED)
    actions.resolve(ticket, by=agent, now=RESOLVED, note="Relay replaced.")
    db.session.commit()
    return ticket


def types(ticket):
    return [e.type for e in db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.seq))]


def test_refused_on_the_eighth_brussels_day_after_the_resolution(w, clock):
    customer, reporter, agent, manager = w
    ticket = breached_and_resolved(clock, reporter, agent)
    # Resolved Monday 2 Nov (Brussels); the last day is Monday 9 Nov. Tuesday 10 Nov 00:30
    # Brussels is still 9 Nov in UTC: counting UTC dates would wrongly allow it.
    late = utc(2026, 11, 9, 23, 30)
    clock.set(late)
    with pytest.raises(ActionRefused, match="7 calendar days.*2026-11-09"):
        actions.classify_not_an_incident(ticket, reason=REASON, by=manager, now=late)
    assert "not_an_incident" not in types(ticket)


def test_allowed_on_the_seventh_brussels_day_after_the_resolution(w, clock):
    customer, reporter, agent, manager = w
    ticket = breached_and_resolved(clock, reporter, agent)
    last = utc(2026, 11, 9, 22, 30)  # Monday 9 Nov 23:30 Brussels: day 7
    clock.set(last)
    actions.classify_not_an_incident(ticket, reason=REASON, by=agent, now=last)
    db.session.commit()
    assert ticket.status == "not_an_incident"
    # R12/R21: the breach and the escalation recorded before stay in the history.
    assert {"breach_recorded", "escalated"} <= set(types(ticket))
    # No claim named it: the customer is not sent the R21 notice.
    assert db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "not_an_incident")).all() == []


def claim(customer, ticket, received_on=date(2026, 11, 5)):
    found = CreditClaim(customer_id=customer.id, kind="incident", channel="registered_letter",
                        received_on=received_on, recorded_at=utc(2026, 11, 5, 9, 0))
    db.session.add(found)
    db.session.flush()
    db.session.add(CreditClaimItem(claim_id=found.id, ticket_id=ticket.id, clock=None))
    db.session.commit()


def test_a_claimed_ticket_needs_a_manager_and_the_customer_is_told(w, clock):
    customer, reporter, agent, manager = w
    ticket = breached_and_resolved(clock, reporter, agent)
    claim(customer, ticket)
    when = utc(2026, 11, 6, 9, 0)  # Friday 6 Nov: within the 7 days
    clock.set(when)
    with pytest.raises(ActionRefused, match="only a manager"):
        actions.classify_not_an_incident(ticket, reason=REASON, by=agent, now=when)
    actions.classify_not_an_incident(ticket, reason=REASON, by=manager, now=when)
    db.session.commit()
    (mail,) = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "not_an_incident")).all()
    assert mail.to_addr == reporter.email
    assert "after your credit claim" in mail.body_text.lower() and REASON in mail.body_text
    assert ticket.reference in mail.subject


def test_the_statement_lists_the_ticket_as_excluded_with_who_when_why(w, clock):
    customer, reporter, agent, manager = w
    ticket = breached_and_resolved(clock, reporter, agent)
    claim(customer, ticket)
    when = utc(2026, 11, 6, 9, 0)
    clock.set(when)
    actions.classify_not_an_incident(ticket, reason=REASON, by=manager, now=when)
    db.session.commit()
    as_of = utc(2026, 11, 20, 9, 0)
    statement = statement_for(customer.id, Month(2026, 11), as_of).to_dict()
    (part,) = statement["contracts"]
    assert part["statement"]["lines"] == []  # art. 38.3: no credit
    assert part["excluded_not_an_incident"] == [{
        "reference": ticket.reference, "title": ticket.title, "by": "Mona",
        "at": "2026-11-06T09:00:00Z", "reason": REASON, "after_claim": True,
        "voided_breaches": [{"clock": "reaction", "priority_at_breach": "P1",
                             "deadline": "2026-11-02T10:00:00Z"}]}]
    # Not in October's statement: the breach and the classification are in November.
    october = statement_for(customer.id, Month(2026, 10), as_of).to_dict()
    assert all(not p["excluded_not_an_incident"] for p in october["contracts"])


def test_the_voided_breach_is_shown_on_the_staff_page_and_the_portal(w, clock, client):
    customer, reporter, agent, manager = w
    ticket = breached_and_resolved(clock, reporter, agent)
    when = utc(2026, 11, 3, 9, 0)
    clock.set(when)
    actions.classify_not_an_incident(ticket, reason=REASON, by=agent, now=when)
    db.session.commit()
    login(client, agent)
    html = page(client.get(f"/staff/tickets/{ticket.reference}"))
    assert html.count("voided: not an incident") == 2  # the breach and the escalation
    assert REASON in html
    client2 = client.application.test_client()  # the customer, in a browser of their own
    login(client2, reporter)
    html = page(client2.get(f"/portal/tickets/{ticket.reference}"))
    assert "Deadline breached" in html and "voided: not an incident" in html
    assert REASON in html
