"""Held mail (art. 33.2): staff attach it to a ticket, open a ticket from it, or discard it.

Each review is recorded once on the stored mail, with who, when and why; the raw message
is never deleted.
"""

from __future__ import annotations

from datetime import datetime

from helpdesk.extensions import db
from helpdesk.mail import parse_message
from helpdesk.models import Attachment, ContactPerson, InboundMail, Staff, Ticket
from helpdesk.tickets import commands
from helpdesk.tickets.actors import Actor


class ReviewRefused(ValueError):
    pass


def _open_for_review(mail: InboundMail) -> None:
    if mail.state != "held" or mail.review_action is not None:
        raise ReviewRefused("This mail has already been reviewed.")


def _reviewed(mail: InboundMail, action: str, reason: str, by: Staff, now: datetime,
              ticket: Ticket | None = None) -> None:
    mail.review_action, mail.review_reason = action, reason.strip() or None
    mail.reviewed_by_id, mail.reviewed_at = by.id, now
    mail.state = "processed" if ticket else "discarded"
    mail.ticket_id = ticket.id if ticket else None


def _move_attachments(mail: InboundMail, ticket: Ticket, event_id: int) -> None:
    for attachment in db.session.query(Attachment).filter_by(inbound_mail_id=mail.id):
        attachment.ticket_id, attachment.event_id = ticket.id, event_id


def attach_to_ticket(mail: InboundMail, ticket: Ticket, *, by: Staff, now: datetime,
                     reason: str = "") -> None:
    """Add the held mail to an existing ticket as a message (e.g. a colleague of a contact)."""
    _open_for_review(mail)
    parsed = parse_message(mail.raw)
    event = commands.record(
        ticket, "held_mail_attached", at=mail.received_at, actor=Actor.of(by), now=now,
        channel="email", body=parsed.text or "(no text)",
        payload={"from": mail.sender, "subject": mail.subject, "inbound_mail_id": mail.id},
        dedup_key=f"held:{mail.id}",
    )
    _move_attachments(mail, ticket, event.id)
    _reviewed(mail, "attached", reason or f"attached to {ticket.reference}", by, now, ticket)


def open_ticket(mail: InboundMail, reporter: ContactPerson, *, urgency: str, impact: str,
                by: Staff, now: datetime, reason: str = "") -> Ticket:
    """Open a ticket for a registered contact person from a held mail.

    The submission instant is when the mail reached us: the contact's report started then.
    """
    _open_for_review(mail)
    parsed = parse_message(mail.raw)
    ticket = commands.submit(
        reporter=reporter, title=parsed.subject or "(no subject)",
        description=parsed.text or "(no text)", urgency=urgency, impact=impact,
        channel="email", at=mail.received_at, actor=Actor.of(by), now=now,
        extra={"inbound_mail_id": mail.id, "from_held_mail": True, "html": parsed.html},
    )
    _move_attachments(mail, ticket, ticket.events[0].id)
    _reviewed(mail, "ticket", reason or f"ticket {ticket.reference} opened", by, now, ticket)
    return ticket


def discard(mail: InboundMail, *, reason: str, by: Staff, now: datetime) -> None:
    _open_for_review(mail)
    if not reason.strip():
        raise ReviewRefused("Say why the mail is discarded.")
    _reviewed(mail, "discarded", reason, by, now)
