"""The sender is the From header's addr-spec, never decoded text (#18, finding 5): an RFC
2047 display name that decodes to another customer's address made the mail hers."""

from __future__ import annotations

import base64

import pytest
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.mail.parse import parse_message
from helpdesk.models import InboundMail, OutboxMessage, TicketEvent
from tests.factories import make_contact, make_contract, make_customer, make_ticket


def encoded(text: bytes) -> str:
    return f"=?utf-8?b?{base64.b64encode(text).decode()}?="


def mail(from_header: str, subject: str = "Printer broken") -> bytes:
    return (f"From: {from_header}\r\nTo: helpdesk@helpdesk.test\r\nSubject: {subject}\r\n"
            "Message-ID: <spoof-1@evil.example>\r\n\r\nIt does not print.\r\n").encode()


@pytest.mark.parametrize("from_header", [
    f"{encoded(b'an@zonnedorp.example>' + chr(13).encode() + chr(10).encode())} "
    "<attacker@evil.example>",
    f"{encoded(b'An Janssens <an@zonnedorp.example>,')} <attacker@evil.example>",
    "an@zonnedorp.example, attacker@evil.example",
])
def test_an_ambiguous_from_is_never_read_as_the_named_contact(from_header):
    parsed = parse_message(mail(from_header))
    assert parsed.from_problem is not None  # held for staff, whichever address comes first
    if "evil.example>" in from_header:
        assert parsed.from_address == "attacker@evil.example"


def test_a_display_name_that_is_the_senders_own_address_is_fine():
    parsed = parse_message(mail('"an@zonnedorp.example" <an@zonnedorp.example>'))
    assert parsed.from_address == "an@zonnedorp.example" and parsed.from_problem is None


def test_a_spoofed_reply_is_held_and_never_threaded_into_her_ticket():
    customer = make_customer(name="Zonnedorp")
    make_contract(customer)
    an = make_contact(customer, name="An Janssens", email="an@zonnedorp.example")
    ticket = make_ticket(an, title="Printer broken")
    db.session.commit()
    name = encoded(b"an@zonnedorp.example>\r\n")
    store_raw_message(mail(f"{name} <attacker@evil.example>",
                           subject=f"Re: [{ticket.reference}] Printer broken"),
                      peer="127.0.0.1", envelope_from="attacker@evil.example",
                      envelope_to=["helpdesk@helpdesk.test"])
    process_pending(utcnow())
    held = db.session.scalars(select(InboundMail)).one()
    assert held.state == "held" and "ambiguous sender" in (held.note or "")
    events = db.session.scalars(select(TicketEvent.type).where(
        TicketEvent.ticket_id == ticket.id)).all()
    assert "customer_message" not in events
    assert db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_addr == "attacker@evil.example")).all() == []
