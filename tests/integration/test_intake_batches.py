"""Mail processed in batches: one transaction per batch, one savepoint per message."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake import routing
from helpdesk.intake.mail import process_one, process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.models import InboundMail, OutboxMessage, ProcessedMailKey, Ticket, TicketEvent
from helpdesk.tickets import commands
from tests.factories import make_contact, make_contract, make_customer


def now() -> datetime:
    return utcnow()


def mail(sender: str, subject: str, message_id: str) -> bytes:
    return (f"From: {sender}\r\nTo: helpdesk@helpdesk.test\r\nSubject: {subject}\r\n"
            f"Message-ID: <{message_id}>\r\nContent-Type: text/plain\r\n\r\n"
            "The printer does not print.\r\n").encode()


def deliver(raw: bytes) -> int:
    return store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=["hd"])


@pytest.fixture
def contact():
    customer = make_customer()
    make_contract(customer, sla_preset="type3")
    person = make_contact(customer, email="jan@klant.example")
    db.session.commit()
    return person


def fail_receipts_about(monkeypatch, subject: str) -> None:
    """The receipt is written last, after the ticket and its reference number."""
    receipt = routing._receipt

    def receipt_or_fail(address, ticket, *more):
        if subject in ticket.title:
            raise RuntimeError("outbox broken")
        return receipt(address, ticket, *more)

    monkeypatch.setattr(routing, "_receipt", receipt_or_fail)


def states() -> dict[int, str]:
    return dict(db.session.execute(select(InboundMail.id, InboundMail.state)).all())


def test_a_message_that_fails_is_marked_failed_and_the_rest_of_the_batch_goes_on(
        contact, monkeypatch):
    first = deliver(mail(contact.email, "Printer", "a@x"))
    bad = deliver(mail(contact.email, "Scanner", "b@x"))
    last = deliver(mail(contact.email, "Screen", "c@x"))
    fail_receipts_about(monkeypatch, "Scanner")
    assert process_pending(now()) == 3
    assert states() == {first: "processed", bad: "failed", last: "processed"}
    failed = db.session.get(InboundMail, bad)
    assert failed.raw and failed.note == "processing failed; raw message kept"
    # Nothing of the failed message remains: no ticket, and its identity is not taken.
    titles = db.session.scalars(select(Ticket.title).order_by(Ticket.id)).all()
    assert titles == ["Printer", "Screen"]
    assert db.session.scalar(select(ProcessedMailKey).where(
        ProcessedMailKey.inbound_mail_id == bad)) is None


def test_references_stay_without_gaps_when_a_message_fails_after_taking_one(
        contact, monkeypatch):
    for n, subject in enumerate(["Printer", "Scanner", "Screen"]):
        deliver(mail(contact.email, subject, f"{n}@x"))
    fail_receipts_about(monkeypatch, "Scanner")
    process_pending(now())
    references = db.session.scalars(select(Ticket.reference).order_by(Ticket.id)).all()
    numbers = [int(reference.rsplit("-", 1)[1]) for reference in references]
    assert numbers == [1, 2]


def test_the_same_message_twice_in_one_batch_makes_one_ticket(contact):
    deliver(mail(contact.email, "Printer", "same@x"))
    deliver(mail(contact.email, "Printer", "same@x"))
    assert process_pending(now()) == 2
    assert sorted(states().values()) == ["duplicate", "processed"]
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 1


def test_a_mailed_ticket_has_the_columns_its_events_give(contact):
    """The new ticket's columns come from the one event inserted; a refresh changes none."""
    deliver(mail(contact.email, "Mail server down", "down@x"))
    processed_at = now()
    process_pending(processed_at)
    ticket = db.session.scalars(select(Ticket)).one()
    stored = {name: getattr(ticket, name) for name in (
        "title", "status", "priority", "tier", "breach_count", "next_deadline", "next_wake_at",
        "assignee_id", "confirmation_outstanding", "last_event_at")}
    commands.refresh(ticket, processed_at)
    assert stored == {name: getattr(ticket, name) for name in stored}
    assert ticket.priority == "P1" and ticket.reference.endswith("-00001")
    event = db.session.scalars(select(TicketEvent)).one()
    assert (event.seq, event.type, event.actor_id) == (1, "submitted", contact.id)


def test_mail_stored_after_the_clock_was_read_still_gets_its_deadlines(contact):
    """A worker reads the clock, then finds mail stored a moment later: processing is never
    before receipt, or the ticket would be folded as not yet submitted (no priority, no
    deadline, no wake instant: never escalated)."""
    read_clock = now()
    deliver(mail(contact.email, "Mail server down", "late@x"))
    process_pending(read_clock)
    ticket = db.session.scalars(select(Ticket)).one()
    assert (ticket.status, ticket.priority) == ("open", "P1")
    assert ticket.next_deadline is not None and ticket.next_wake_at is not None
    processed = db.session.scalars(select(InboundMail)).one()
    assert processed.processed_at >= processed.received_at


def test_a_contact_without_a_contract_in_force_is_held_without_an_answer():
    customer = make_customer()
    make_contract(customer, starts_on=datetime(2020, 1, 1).date(),
                  ends_on=datetime(2020, 12, 31).date())
    make_contact(customer, email="piet@klant.example")
    db.session.commit()
    deliver(mail("piet@klant.example", "Printer", "old@x"))
    process_pending(now())
    held = db.session.scalars(select(InboundMail)).one()
    assert held.state == "held" and "no contract in force" in held.held_reason
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_one_message_can_be_processed_by_its_id(contact):
    first = deliver(mail(contact.email, "Printer", "one@x"))
    second = deliver(mail(contact.email, "Scanner", "two@x"))
    outcome = process_one(second, now())
    assert outcome is not None and outcome.state == "processed"
    assert states() == {first: "received", second: "processed"}
    assert process_one(second, now()) is None  # already done


def test_answers_queued_earlier_in_the_batch_count_for_the_rate_limit(contact):
    for n in range(5):
        deliver(mail(contact.email, f"Printer {n}", f"r{n}@x"))
    process_pending(now())
    assert db.session.scalar(select(func.count()).select_from(Ticket)) == 5
    receipts = db.session.scalar(select(func.count()).select_from(OutboxMessage).where(
        OutboxMessage.kind == "receipt"))
    assert receipts == 3  # RFC 3834: at most three automatic answers an hour per address
