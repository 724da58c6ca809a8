"""Shared set-up for the web tests (no tests here): a customer on SLA type 4, people, mail."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.models import InboundMail, OutboxMessage, Ticket, TicketEvent
from tests.factories import make_contact, make_contract, make_customer, make_staff


@dataclass
class World:
    customer: object
    contact: object
    staff: object
    admin: object


def world() -> World:
    customer = make_customer(name="Kroon")
    make_contract(customer, sla_preset="type4")
    db.session.refresh(customer)
    contact = make_contact(customer, email="jan@kroon.example", name="Jan")
    staff = make_staff(name="Tom")
    admin = make_staff(name="Ada", role="administrator")
    db.session.commit()
    return World(customer, contact, staff, admin)


def events(ticket: Ticket) -> list[str]:
    return list(db.session.scalars(select(TicketEvent.type).where(
        TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.seq)))


def outbox_kinds() -> list[str]:
    return list(db.session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def held_mail(sender: str = "colleague@kroon.example", html: str | None = None) -> InboundMail:
    body = (b"--b\r\nContent-Type: text/plain\r\n\r\nThe printer is broken.\r\n"
            b"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; "
            b"filename=log.txt\r\n\r\nerror 42\r\n")
    if html:
        body += b"--b\r\nContent-Type: text/html\r\n\r\n" + html.encode() + b"\r\n"
    raw = (f"From: {sender}\r\nSubject: Printer\r\nMessage-ID: <h1@x>\r\n".encode()
           + b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
           + body + b"--b--\r\n")
    store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=[])
    process_pending(utcnow())
    return db.session.scalars(select(InboundMail)).one()


def page(response) -> str:
    return response.get_data(as_text=True)
