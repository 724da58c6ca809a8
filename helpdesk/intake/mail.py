"""Turn stored inbound mail into tickets, customer messages or held mail.

Called after the SMTP listener has committed the raw message (so nothing is lost), by the
scheduler and on start-up. Each message is processed in one transaction, claimed with a
conditional update, and its identity (Message-ID, else content hash per day) is recorded
in a unique row: a retried delivery never becomes a second ticket or message.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError, OperationalError

from helpdesk.extensions import db
from helpdesk.intake.attachments import MAX_ATTACHMENT_BYTES, store_attachments
from helpdesk.intake.triage import guess_urgency_and_impact
from helpdesk.mail import (
    ParsedMail,
    is_automatic,
    may_auto_reply,
    normalise_address,
    parse_message,
    referenced_message_ids,
    strip_quoted_reply,
    ticket_reference_in,
)
from helpdesk.models import (
    ContactPerson,
    InboundMail,
    OutboxMessage,
    ProcessedMailKey,
    Ticket,
)
from helpdesk.outbox import enqueue
from helpdesk.tickets import actions, commands
from helpdesk.tickets.actors import Actor
from helpdesk.tickets.commands import NoContract

log = logging.getLogger(__name__)

HOLD_ANSWER = (
    "Thank you for your message.\n\n"
    "We could not match it to a registered contact person, so it has been passed to our "
    "staff for review. If you report incidents on behalf of a customer, please write from "
    "the address registered with us, or use the customer portal.\n\n"
    "This is an automatic message."
)


@dataclass(frozen=True)
class Outcome:
    state: str  # processed, held, duplicate
    ticket_id: int | None = None
    note: str = ""


def process_pending(now: datetime, *, limit: int = 200) -> int:
    """Process stored messages oldest first; returns how many were handled."""
    ids = db.session.scalars(
        select(InboundMail.id).where(InboundMail.state == "received")
        .order_by(InboundMail.id).limit(limit)
    ).all()
    handled = 0
    for mail_id in ids:
        try:
            handled += process_one(mail_id, now) is not None
        except OperationalError:  # the database is busy: the mail stays queued, try later
            db.session.rollback()
            log.warning("inbound mail %s: database busy, will retry", mail_id)
            break
        except Exception:  # keep the raw mail; mark it failed so staff see it
            db.session.rollback()
            log.exception("inbound mail %s could not be processed", mail_id)
            db.session.execute(
                update(InboundMail).where(InboundMail.id == mail_id)
                .values(state="failed", note="processing failed; raw message kept")
            )
            db.session.commit()
    return handled


def process_one(mail_id: int, now: datetime) -> Outcome | None:
    raw = db.session.scalar(select(InboundMail.raw).where(
        InboundMail.id == mail_id, InboundMail.state == "received"))
    if raw is None:
        return None
    # Parse before claiming: the CPU work happens outside the write transaction.
    parsed = parse_message(raw, max_attachment_bytes=MAX_ATTACHMENT_BYTES)
    claimed = db.session.execute(
        update(InboundMail)
        .where(InboundMail.id == mail_id, InboundMail.state == "received")
        .values(state="processing")
    )
    if claimed.rowcount != 1:
        db.session.rollback()
        return None  # someone else has it, or it is done
    mail = db.session.get(InboundMail, mail_id)
    assert mail is not None
    try:
        with db.session.begin_nested():
            db.session.add(ProcessedMailKey(dedup_key=mail.dedup_key, inbound_mail_id=mail.id))
    except IntegrityError:
        outcome = Outcome("duplicate", note="same message delivered again; ignored")
    else:
        mail.sender = normalise_address(parsed.from_address) or normalise_address(
            mail.envelope_from)
        mail.subject = parsed.subject[:400]
        mail.warnings = "\n".join(parsed.warnings) or None
        outcome = _route(mail, parsed, now)
    mail.state, mail.ticket_id, mail.processed_at = outcome.state, outcome.ticket_id, now
    mail.note = outcome.note or mail.note
    db.session.commit()
    return outcome


def _route(mail: InboundMail, parsed: ParsedMail, now: datetime) -> Outcome:
    automatic = is_automatic(parsed)
    contact = _contact(mail.sender)
    if contact is None:
        # Art. 33.2/35.2: only registered contact persons report; others are reviewed.
        return _hold(mail, parsed, now, reason="unknown sender", automatic=automatic)
    ticket = _threaded_ticket(parsed, contact)
    if ticket is not None:
        text = strip_quoted_reply(parsed.text).strip() or parsed.text.strip() or "(empty)"
        event = actions.customer_message(
            ticket, by=contact, now=now, at=mail.received_at, text=text, channel="email",
            dedup_key=f"mail:{mail.dedup_key}"[:200],
        )
        store_attachments(parsed.attachments, now=now, ticket_id=ticket.id, event_id=event.id,
                          inbound_mail_id=mail.id)
        return Outcome("processed", ticket.id, "added to the ticket as a customer message")
    if automatic:
        return _hold(mail, parsed, now, reason=f"automatic message ({automatic})",
                     automatic=automatic)
    try:
        ticket = _open_ticket(mail, parsed, contact, now)
    except NoContract as problem:
        return _hold(mail, parsed, now, reason=str(problem), automatic="no answer needed")
    return Outcome("processed", ticket.id, "new ticket")


def _contact(sender: str | None) -> ContactPerson | None:
    if not sender:
        return None
    return db.session.scalar(
        select(ContactPerson).where(func.lower(ContactPerson.email) == sender.lower(),
                                    ContactPerson.active.is_(True))
    )


def _threaded_ticket(parsed: ParsedMail, contact: ContactPerson) -> Ticket | None:
    """A reply to our mail (References) or a subject with the reference, of this customer."""
    domain = current_app.config["HELPDESK_MAIL_DOMAIN"].lower()
    references: list[str] = []
    for message_id in referenced_message_ids(parsed):
        local, _, host = message_id.lower().partition("@")
        if host == domain and local.startswith("hd-"):
            references.append(local.upper())
    sent = db.session.scalars(
        select(OutboxMessage.ticket_id).where(
            OutboxMessage.message_id.in_(referenced_message_ids(parsed)),
            OutboxMessage.ticket_id.is_not(None))
    ).first()
    subject_reference = ticket_reference_in(parsed.subject)
    if subject_reference:
        references.append(subject_reference)
    query = select(Ticket).where(Ticket.customer_id == contact.customer_id)
    for reference in references:
        ticket = db.session.scalar(query.where(Ticket.reference == reference))
        if ticket is not None:
            return ticket
    if sent is not None:
        return db.session.scalar(query.where(Ticket.id == sent))
    return None


def _open_ticket(mail: InboundMail, parsed: ParsedMail, contact: ContactPerson,
                 now: datetime) -> Ticket:
    urgency, impact = guess_urgency_and_impact(parsed.subject, parsed.text)
    ticket = commands.submit(
        reporter=contact,
        title=parsed.subject or "(no subject)",
        description=parsed.text or "(no text)",
        urgency=urgency,
        impact=impact,
        channel="email",
        at=mail.received_at,  # our receipt, not the sender's Date header (R1: submission)
        actor=Actor.of(contact),
        now=now,
        extra={
            "priority_unconfirmed": True,
            "inbound_mail_id": mail.id,
            "message_id": parsed.message_id,
            "parse_warnings": parsed.warnings,
            "html": parsed.html,
        },
    )
    submitted = ticket.events[0] if ticket.events else None
    store_attachments(parsed.attachments, now=now, ticket_id=ticket.id,
                      event_id=submitted.id if submitted else None, inbound_mail_id=mail.id)
    _auto_answer(
        contact.email, now, kind="receipt",
        subject=f"[{ticket.reference}] Received: {ticket.title}",
        text=(
            f"We received your report and registered it as {ticket.reference}.\n"
            "A member of our support team will confirm when it is being handled.\n\n"
            "Reply to this message to add information; keep the reference in the subject.\n"
            "This is an automatic message."
        ),
        ticket=ticket,
    )
    return ticket


def _hold(mail: InboundMail, parsed: ParsedMail, now: datetime, *, reason: str,
          automatic: str | None) -> Outcome:
    mail.held_reason = reason[:200]
    store_attachments(parsed.attachments, now=now, inbound_mail_id=mail.id)
    if automatic is None and mail.sender:
        _auto_answer(mail.sender, now, kind="held_answer",
                     subject=f"Re: {parsed.subject}"[:300] if parsed.subject else "Your message",
                     text=HOLD_ANSWER, in_reply_to=parsed.message_id)
    return Outcome("held", note=f"held for review: {reason}")


def _auto_answer(to_addr: str, now: datetime, *, kind: str, subject: str, text: str,
                 ticket: Ticket | None = None, in_reply_to: str | None = None) -> None:
    """RFC 3834: automatic answers are marked and rate-limited per address."""
    recent = db.session.scalars(
        select(OutboxMessage.created_at).where(
            func.lower(OutboxMessage.to_addr) == to_addr.lower(),
            OutboxMessage.automatic.is_(True),
            OutboxMessage.created_at > now - timedelta(hours=1))
    ).all()
    if not may_auto_reply(recent, now):
        return
    references = [actions.thread_root(ticket)] if ticket else []
    if in_reply_to:
        references.append(in_reply_to)
    enqueue(kind=kind, to_addr=to_addr, subject=subject, body_text=text,
            ticket_id=ticket.id if ticket else None, automatic=True,
            in_reply_to=in_reply_to or (references[0] if references else None),
            references=references)
