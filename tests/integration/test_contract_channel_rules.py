"""Channel and suspension rules that belong to the contract, not to the helpdesk:

- the phone limit to P1/P2 is seed 002 art. 39.2.2 (types 1-5); seeds 001 and 004 set none;
- supplier suspension (seed 002 art. 39.1.3, R6) does not exist under the platform
  objectives: seed 004 grants none.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.phone import PhoneReportRefused, log_phone_report
from helpdesk.models import TicketEvent
from helpdesk.tickets import actions
from tests.factories import make_contact, make_contract, make_customer, make_staff, make_ticket


def caller(preset: str):
    customer = make_customer(name=f"Customer on {preset}")
    make_contract(customer, sla_preset=preset)
    db.session.refresh(customer)
    # an administrator, so that the platform's reporter rule (seed 004 art. 9.3) is met
    contact = make_contact(customer, portal_role="administrator")
    db.session.commit()
    return contact


def call(contact, urgency: str, impact: str):
    staff = make_staff()
    now = utcnow()
    return log_phone_report(contact, title="Slow reports", description="Reported by phone",
                            urgency=urgency, impact=impact,
                            called_at=now - timedelta(minutes=5), by=staff, now=now)


@pytest.mark.parametrize("preset", ["type1", "type2", "type3", "type4", "type5"])
def test_managed_services_take_only_p1_and_p2_by_phone(preset):
    # seed 002 art. 39.2.2: "Incidenten met een andere prioriteitscode kunnen uitsluitend
    # schriftelijk ... worden gemeld"
    contact = caller(preset)
    with pytest.raises(PhoneReportRefused, match=r"P3 .*art\. 39\.2\.2: only P1 and P2"):
        call(contact, "light", "all")
    db.session.rollback()
    assert call(contact, "blocking", "some").priority == "P2"


@pytest.mark.parametrize(("preset", "urgency", "impact", "priority"), [
    ("platform", "light", "all", "P3"),  # seed 004 sets no phone limit
    ("platform", "light", "some", "P4"),
    ("hosting", "light", "some", "P4"),  # seed 001 neither
])
def test_platform_and_hosting_contracts_take_any_priority_by_phone(preset, urgency, impact,
                                                                   priority):
    ticket = call(caller(preset), urgency, impact)
    assert ticket.channel == "phone" and ticket.priority == priority


def test_platform_tickets_cannot_wait_for_a_supplier():
    # seed 004 grants no supplier suspension: refused with the reason, nothing recorded
    contact = caller("platform")
    staff = make_staff()
    ticket = make_ticket(contact, at=utcnow() - timedelta(minutes=30))
    actions.acknowledge(ticket, by=staff, now=utcnow())
    db.session.commit()
    with pytest.raises(actions.ActionRefused, match="grants no suspension for an external"):
        actions.suspend_for_supplier(ticket, supplier="Telco", by=staff, now=utcnow())
    assert not db.session.query(TicketEvent).filter_by(
        ticket_id=ticket.id, type="supplier_suspended").count()


def test_managed_services_tickets_still_wait_for_a_supplier():
    contact = caller("type4")
    staff = make_staff()
    ticket = make_ticket(contact, at=utcnow() - timedelta(minutes=30))
    actions.acknowledge(ticket, by=staff, now=utcnow())
    event = actions.suspend_for_supplier(ticket, supplier="Telco", by=staff, now=utcnow())
    assert event.type == "supplier_suspended"


def chat(contact, urgency: str, impact: str):
    staff = make_staff()
    now = utcnow()
    return log_phone_report(contact, title="Site down", description="Said in the chat",
                            urgency=urgency, impact=impact, channel="chat",
                            called_at=now - timedelta(minutes=5), by=staff, now=now)


def test_the_hosting_sla_takes_a_chat_logged_by_staff_without_written_confirmation():
    # seed 001 "Klantenondersteuning": "via de online chatfunctie op onze website" (item 9.3);
    # the chat is the customer's own writing, so no confirmation is outstanding (39.2.2 is
    # about calls)
    ticket = chat(caller("hosting"), "light", "some")
    db.session.commit()
    assert ticket.channel == "chat" and ticket.priority == "P4"
    assert ticket.confirmation_outstanding is False


@pytest.mark.parametrize("preset", ["type1", "type4", "platform"])
def test_contracts_without_a_chat_channel_refuse_a_chat(preset):
    contact = caller(preset)
    with pytest.raises(PhoneReportRefused, match="names no chat channel"):
        chat(contact, "blocking", "all")
    db.session.rollback()
    assert not db.session.query(TicketEvent).filter_by(channel="chat").count()


def test_a_call_under_the_hosting_sla_still_awaits_written_confirmation():
    ticket = call(caller("hosting"), "light", "some")
    db.session.commit()
    assert ticket.channel == "phone" and ticket.confirmation_outstanding is True
