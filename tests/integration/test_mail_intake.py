"""E-mail intake: contact persons open tickets, others are held, retries never double."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.models import Attachment, InboundMail, OutboxMessage, Ticket, TicketEvent
from tests.factories import make_contact, make_contract, make_customer, make_ticket


# Mail is stamped with its receipt instant on the project's clock, so processing is "now" too.
def now() -> datetime:
    return utcnow()


def mail(sender: str, subject: str = "Printer broken", body: str = "It does not print.",
         message_id: str | None = "<m1@klant.example>", extra: tuple[str, ...] = ()) -> bytes:
    lines = [f"From: {sender}", "To: helpdesk@helpdesk.test", f"Subject: {subject}"]
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    lines += list(extra) + ["Content-Type: text/plain; charset=utf-8", "", body, ""]
    return "\r\n".join(lines).encode()


def deliver(raw: bytes) -> int:
    return store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=["hd"])


@pytest.fixture
def contact():
    customer = make_customer()
    make_contract(customer, sla_preset="type3")
    person = make_contact(customer, email="jan@klant.example")
    db.session.commit()
    return person


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_mail_from_a_contact_person_opens_a_p3_ticket_flagged_for_confirmation(contact):
    deliver(mail("Jan <JAN@Klant.Example>"))
    assert process_pending(now()) == 1
    ticket = db.session.scalars(select(Ticket)).one()
    assert ticket.reporter_id == contact.id and ticket.channel == "email"
    assert ticket.title == "Printer broken" and ticket.priority == "P3"
    submitted = db.session.scalars(select(TicketEvent)).one()
    assert submitted.payload["priority_unconfirmed"] is True
    receipt = db.session.scalars(select(OutboxMessage)).one()
    assert receipt.automatic and receipt.kind == "receipt"  # R1: does not stop the clock
    assert ticket.status == "open"


def test_blocking_words_raise_the_first_guess(contact):
    deliver(mail(contact.email, subject="Mail server down", body="Nobody can work."))
    process_pending(now())
    assert db.session.scalars(select(Ticket.priority)).one() == "P1"


def test_the_same_message_id_delivered_twice_makes_one_ticket(contact):
    deliver(mail(contact.email))
    deliver(mail(contact.email))
    process_pending(now())
    assert count(Ticket) == 1
    states = sorted(db.session.scalars(select(InboundMail.state)))
    assert states == ["duplicate", "processed"]


def test_without_message_id_the_same_content_is_a_duplicate(contact):
    deliver(mail(contact.email, message_id=None))
    deliver(mail(contact.email, message_id=None))
    process_pending(now())
    assert count(Ticket) == 1


def test_processing_twice_changes_nothing(contact):
    deliver(mail(contact.email))
    process_pending(now())
    assert process_pending(now()) == 0
    assert count(Ticket) == 1 and count(TicketEvent) == 1


def test_unknown_sender_is_held_and_gets_one_polite_answer(contact):
    deliver(mail("stranger@elsewhere.example"))
    process_pending(now())
    held = db.session.scalars(select(InboundMail)).one()
    assert held.state == "held" and held.held_reason == "unknown sender"
    assert count(Ticket) == 0
    answer = db.session.scalars(select(OutboxMessage)).one()
    assert answer.to_addr == "stranger@elsewhere.example" and answer.automatic
    # Nothing about customers or tickets is revealed.
    assert "HD-" not in answer.body_text and contact.customer.name not in answer.body_text


def test_automatic_answers_are_rate_limited_per_address(contact):
    for n in range(6):
        deliver(mail("stranger@elsewhere.example", message_id=f"<s{n}@x>"))
    process_pending(now())
    assert count(OutboxMessage) == 3


@pytest.mark.parametrize("header", [
    "Auto-Submitted: auto-replied",
    "Precedence: bulk",
    "List-Id: <announce.lists.example>",
])
def test_automatic_mail_never_gets_an_answer(contact, header):
    deliver(mail("robot@elsewhere.example", extra=(header,)))
    process_pending(now())
    assert count(OutboxMessage) == 0
    assert db.session.scalars(select(InboundMail.state)).one() == "held"


def test_bounce_from_mailer_daemon_gets_no_answer(contact):
    deliver(mail("MAILER-DAEMON@mx.example", subject="Undelivered Mail"))
    process_pending(now())
    assert count(OutboxMessage) == 0


def test_reply_with_reference_in_subject_becomes_a_customer_message(contact):
    ticket = make_ticket(contact, at=now())
    deliver(mail(contact.email, subject=f"Re: [{ticket.reference}] Mail server down",
                 body="New info.\n\nOn Mon, Helpdesk wrote:\n> old text", message_id="<r1@x>"))
    process_pending(now())
    assert count(Ticket) == 1
    event = db.session.scalars(select(TicketEvent).order_by(TicketEvent.seq.desc())).first()
    assert event.type == "customer_message" and event.body == "New info."


def test_reply_to_our_message_id_threads_even_without_reference(contact):
    ticket = make_ticket(contact, at=now())
    root = f"{ticket.reference.lower()}@helpdesk.test"
    deliver(mail(contact.email, subject="Re: your mail", message_id="<r2@x>",
                 extra=(f"In-Reply-To: <{root}>", f"References: <{root}>")))
    process_pending(now())
    assert count(Ticket) == 1


def test_a_reference_of_another_customer_is_not_threaded(contact):
    other = make_contact(make_customer(), email="x@other.example")
    make_contract(other.customer)
    foreign = make_ticket(other, at=now())
    deliver(mail(contact.email, subject=f"Re: [{foreign.reference}] hello", message_id="<r3@x>"))
    process_pending(now())
    assert count(Ticket) == 2
    assert len(foreign.events) == 1


def test_mail_confirming_a_phone_report_clears_the_flag(contact):
    """Art. 39.2.2: the written confirmation arrives by e-mail."""
    ticket = make_ticket(contact, channel="phone", at=now())
    assert ticket.confirmation_outstanding
    deliver(mail(contact.email, subject=f"[{ticket.reference}] confirming my call",
                 message_id="<c1@x>"))
    process_pending(now())
    db.session.refresh(ticket)
    assert not ticket.confirmation_outstanding


def test_broken_mime_still_becomes_a_ticket_with_a_warning(contact):
    raw = (f"From: {contact.email}\r\nSubject: broken\r\nMessage-ID: <b@x>\r\n"
           "Content-Type: multipart/mixed; boundary=\"zzz\"\r\n\r\n--zzz\r\n"
           "Content-Type: text/plain\r\n\r\nhalf a message").encode()
    deliver(raw)
    process_pending(now())
    stored = db.session.scalars(select(InboundMail)).one()
    assert stored.state == "processed" and stored.raw == raw
    assert count(Ticket) == 1


def test_html_with_scripts_is_sanitised_and_attachments_are_kept(contact):
    raw = (
        f"From: {contact.email}\r\nSubject: screenshot\r\nMessage-ID: <h@x>\r\n"
        "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n"
        "--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        "<p onclick=\"x()\">Hi<script>alert(1)</script></p>\r\n"
        "--b\r\nContent-Type: application/octet-stream\r\n"
        "Content-Disposition: attachment; filename=\"../../etc/passwd\"\r\n\r\nroot:x\r\n--b--\r\n"
    ).encode()
    deliver(raw)
    process_pending(now())
    event = db.session.scalars(select(TicketEvent)).one()
    assert "<script" not in event.payload["html"] and "onclick" not in event.payload["html"]
    attachment = db.session.scalars(select(Attachment)).one()
    assert "/" not in attachment.filename and attachment.ticket_id == event.ticket_id
