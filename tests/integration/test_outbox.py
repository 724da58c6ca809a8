"""Outgoing mail: through the outbox, over real SMTP, retried with back-off, never lost."""

from __future__ import annotations

import socket
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import OutboxMessage, TicketEvent
from helpdesk.outbox.delivery import MAX_ATTEMPTS, deliver_due
from helpdesk.tickets import actions
from tests.factories import make_contact, make_contract, make_customer, make_staff, make_ticket


class Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def relay(app):
    collector = Collector()
    controller = Controller(collector, hostname="127.0.0.1", port=free_port())
    controller.start()
    app.config["HELPDESK_SMTP_RELAY"] = f"127.0.0.1:{controller.port}"
    yield collector
    controller.stop()


@pytest.fixture
def acknowledged():
    customer = make_customer()
    make_contract(customer)
    contact = make_contact(customer, email="jan@klant.example")
    ticket = make_ticket(contact)
    actions.acknowledge(ticket, by=make_staff(), now=utcnow())
    db.session.commit()
    return ticket


def test_the_acknowledgement_reaches_the_relay_threaded_under_the_ticket(relay, acknowledged):
    assert deliver_due(utcnow()) == 1
    [(to, raw)] = relay.messages
    assert to == ["jan@klant.example"]
    mime = message_from_bytes(raw, policy=policy.default)
    outbox = db.session.scalars(select(OutboxMessage)).one()
    assert mime["Message-ID"] == f"<{outbox.message_id}>"
    root = f"<{acknowledged.reference.lower()}@helpdesk.test>"
    assert root in mime["References"] and mime["In-Reply-To"] == root
    assert acknowledged.reference in mime["Subject"]
    assert mime["Auto-Submitted"] is None  # a person's acknowledgement, not automatic
    assert outbox.status == "sent"
    event = db.session.scalars(select(TicketEvent).where(
        TicketEvent.type == "mail_delivered")).one()
    assert event.payload["to"] == "jan@klant.example"
    assert deliver_due(utcnow()) == 0  # sent once


def test_an_unreachable_relay_is_retried_with_back_off_then_recorded_as_failed(app,
                                                                               acknowledged):
    app.config["HELPDESK_SMTP_RELAY"] = f"127.0.0.1:{free_port()}"  # nobody listens
    now = utcnow()
    deliver_due(now)
    message = db.session.scalars(select(OutboxMessage)).one()
    assert message.status == "pending" and message.attempts == 1
    assert message.next_attempt_at == now + timedelta(minutes=1)
    assert "ConnectionRefused" in message.last_error
    assert deliver_due(now + timedelta(seconds=30)) == 0 and message.attempts == 1
    for _ in range(MAX_ATTEMPTS):
        deliver_due(message.next_attempt_at)
        db.session.refresh(message)
    assert message.status == "failed" and message.attempts == MAX_ATTEMPTS
    failed = db.session.scalars(select(TicketEvent).where(
        TicketEvent.type == "mail_failed")).one()
    assert failed.payload["error"]


def test_without_a_relay_mail_lands_in_the_local_sink(app, acknowledged):
    app.config["HELPDESK_SMTP_RELAY"] = ""
    assert deliver_due(utcnow()) == 1
    assert db.session.scalars(select(OutboxMessage.status)).one() == "sink"


def test_automatic_mail_is_marked_auto_submitted(relay):
    customer = make_customer()
    make_contract(customer)
    contact = make_contact(customer)
    ticket = make_ticket(contact)
    actions.notify_reporter(ticket, kind="receipt", subject="Received", text="Thanks",
                            automatic=True)
    db.session.commit()
    deliver_due(utcnow())
    mime = message_from_bytes(relay.messages[0][1], policy=policy.default)
    assert mime["Auto-Submitted"] == "auto-generated"
