"""The one narrow path that may change recorded data: replacing personal data by a marker.

Ticket events are append-only; the database triggers (migration 0006) accept an UPDATE of
`ticket_event` only when the contract columns and every payload key but PERSONAL_KEYS are
unchanged and the personal columns become REDACTED. The ORM guard on TicketEvent still
refuses every change made through the session, so this module writes Core UPDATE
statements, one row at a time, and nothing else in the code base does. Mail, outbox and
attachment rows are ordinary rows; they are redacted here too so one place knows what
"personal" means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select, update

from helpdesk.extensions import db
from helpdesk.models import Attachment, AuditEntry, InboundMail, OutboxMessage, TicketEvent
from helpdesk.search import index as search_index

REDACTED = "[redacted]"
# Payload keys that may hold a person's address, name or message text; never a key the
# SLA fold or the projection reads (priority, urgency, impact, channel, supplier, reason,
# staff_id, title), so clocks and money cannot change (migration 0006 freezes the same list).
PERSONAL_KEYS = ("from", "to", "html", "subject", "staff_name", "logged_by")
ADDRESS_KEYS = ("from", "to")
# Events whose text was mailed to the ticket's reporter (tickets.actions.acknowledge, reply,
# and the notes of resolve and apply_workaround): a message to the person, redacted with
# the mail itself.
MAILED_TO_REPORTER = ("acknowledged", "staff_reply", "resolved", "workaround_applied")


@dataclass
class Redacted:
    """How many rows of each kind one redaction changed (for the audit entry and the CLI)."""

    events: int = 0
    inbound_mails: int = 0
    outbox_messages: int = 0
    attachments: int = 0
    audit_entries: int = 0
    event_ids: list[int] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"events {self.events}, inbound mails {self.inbound_mails}, outbox messages "
                f"{self.outbox_messages}, attachments {self.attachments}, audit entries "
                f"{self.audit_entries}")


def mentions(value: Any, address: str) -> bool:
    """Whether a payload value (a string or a list of them) names the address."""
    if isinstance(value, str):
        return address in value.lower()
    if isinstance(value, list | tuple):
        return any(mentions(item, address) for item in value)
    return False


def redacted_payload(payload: Mapping[str, Any], keys: Iterable[str]) -> dict[str, Any]:
    """The payload with the given personal keys replaced; other keys keep their values."""
    result = dict(payload)
    for key in keys:
        if key in PERSONAL_KEYS and result.get(key) not in (None, REDACTED):
            result[key] = REDACTED
    return result


def redact_event(row: Any, *, author: bool, keys: Iterable[str], text: bool | None = None) -> bool:
    """Redact one event: its author's name, text and personal keys when `author`, else the
    given payload keys (and the text when `text`). Returns whether anything changed (an
    already redacted event is left alone)."""
    values: dict[str, Any] = {}
    if author and row.actor_name != REDACTED:
        values["actor_name"] = REDACTED
    if (author if text is None else text) and row.body is not None and row.body != REDACTED:
        values["body"] = REDACTED
    payload = dict(row.payload or {})
    redacted = redacted_payload(payload, list(PERSONAL_KEYS) if author else keys)
    if redacted != payload:
        values["payload"] = redacted
    if not values:
        return False
    db.session.execute(update(TicketEvent).where(TicketEvent.id == row.id).values(**values),
                       execution_options={"synchronize_session": False})
    search_index.touch([row.ticket_id])  # its search document forgets the text at commit
    return True


def event_rows(*conditions: Any) -> list[Any]:
    columns = (TicketEvent.id, TicketEvent.ticket_id, TicketEvent.actor_kind,
               TicketEvent.actor_id, TicketEvent.actor_name, TicketEvent.body,
               TicketEvent.payload, TicketEvent.type)
    return list(db.session.execute(select(*columns).where(*conditions)
                                   .order_by(TicketEvent.id)))


def redact_inbound(condition: Any, done: Redacted) -> list[int]:
    """Raw message, sender and subject of the matching stored mails; returns their ids."""
    ids = list(db.session.scalars(select(InboundMail.id).where(condition)))
    if ids:
        marker = REDACTED.encode()
        db.session.execute(update(InboundMail).where(InboundMail.id.in_(ids)).values(
            raw=marker, size=len(marker), sender=REDACTED, envelope_from=REDACTED,
            subject=REDACTED, review_reason=None), execution_options={"synchronize_session": False})
    done.inbound_mails += len(ids)
    return ids


def redact_outbox(condition: Any, done: Redacted, *, address: str = REDACTED) -> None:
    """Recipient, subject and text of the matching outgoing mail; unsent mail is not sent."""
    ids = list(db.session.scalars(select(OutboxMessage.id).where(condition)))
    if not ids:
        return
    options = {"synchronize_session": False}
    db.session.execute(update(OutboxMessage).where(OutboxMessage.id.in_(ids)).values(
        to_addr=address, subject=REDACTED, body_text=REDACTED, body_html=None),
        execution_options=options)
    db.session.execute(update(OutboxMessage).where(
        OutboxMessage.id.in_(ids), OutboxMessage.status == "pending").values(
        status="failed", last_error="recipient's personal data erased"),
        execution_options=options)
    done.outbox_messages += len(ids)


def redact_attachments(event_ids: list[int], mail_ids: list[int], done: Redacted,
                       *extra: Any) -> None:
    """The files themselves: content, name and hash (a hash identifies a known file)."""
    conditions = [*extra]
    if event_ids:
        conditions.append(Attachment.event_id.in_(event_ids))
    if mail_ids:
        conditions.append(Attachment.inbound_mail_id.in_(mail_ids))
    if not conditions:
        return
    ids = list(db.session.scalars(select(Attachment.id).where(
        or_(*conditions), Attachment.filename != REDACTED)))
    search_index.touch(db.session.scalars(select(Attachment.ticket_id).where(
        Attachment.id.in_(ids), Attachment.ticket_id.is_not(None))))
    if ids:
        db.session.execute(update(Attachment).where(Attachment.id.in_(ids)).values(
            data=b"", size=0, sha256="", filename=REDACTED, content_id=None),
            execution_options={"synchronize_session": False})
    done.attachments += len(ids)


def redact_audit_actor(kind: str, person_id: int, done: Redacted) -> None:
    """The audit log keeps what was done, but no longer the erased actor's name or address."""
    result = db.session.execute(update(AuditEntry).where(
        AuditEntry.actor_kind == kind, AuditEntry.actor_id == person_id,
        AuditEntry.actor_name != REDACTED).values(actor_name=REDACTED, remote_addr=None),
        execution_options={"synchronize_session": False})
    done.audit_entries += result.rowcount or 0
