"""Export of all personal data about one person as one JSON document (seed 003: "export of
all personal data on request"; seed 004 annex 2 art. 5.3: exports are controlled and logged).

Only the person's own data: their profile, the tickets they reported, the events they wrote
(with message texts), the mails they sent and were sent, the files they sent, claims on
their tickets, their API tokens (never a secret or its hash), the audit entries about
them or by them, and the complaints and conflict notices they submitted, without other
people's names."""

from __future__ import annotations

import base64
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, func, or_, select

from helpdesk.extensions import db
from helpdesk.models import (
    ApiToken,
    Attachment,
    AuditEntry,
    ContactPerson,
    ContractDuty,
    CreditClaim,
    CreditClaimItem,
    InboundMail,
    OutboxMessage,
    Staff,
    Ticket,
    TicketEvent,
)
from helpdesk.privacy import audit
from helpdesk.timefmt import iso_utc

FORMAT = "helpdesk-personal-data/1"
Person = ContactPerson | Staff


def export(person: Person, *, by: Any, now: datetime) -> dict[str, Any]:
    """The document, and an audit entry for it in the caller's transaction."""
    audit.record("exported", person.kind, person.id, actor=by)
    address = person.email.lower()
    authored = list(db.session.scalars(select(TicketEvent).where(
        TicketEvent.actor_kind == person.kind, TicketEvent.actor_id == person.id)
        .order_by(TicketEvent.ticket_id, TicketEvent.seq)))
    references = _references({e.ticket_id for e in authored})
    return {
        "format": FORMAT,
        "exported_at": iso_utc(now),
        "person": _profile(person),
        "tickets_reported": _reported(person),
        "events_authored": [_event(e, references) for e in authored],
        "mails_sent": _mails_from(address),
        "mails_received": _mails_to(address),
        "attachments_sent": _attachments(authored, address),
        "claims": _claims(person),
        "api_tokens": _tokens(person),
        "audit_entries": _audit(person),
        # R25: the complaints (art. 16.1) and conflict notices (art. 39.4.2) they submitted
        "complaints_and_conflict_notices": _duties(person),
    }


def _duties(person: Person) -> list[dict[str, Any]]:
    if isinstance(person, Staff):
        return []
    rows = db.session.scalars(select(ContractDuty).where(
        ContractDuty.contact_id == person.id).order_by(ContractDuty.received_at))
    return [{"id": d.id, "kind": d.kind, "subject": d.subject, "title": d.title,
             "text": d.text, "received_at": iso_utc(d.received_at), "channel": d.channel,
             "state": d.state, "answer": d.answer or None} for d in rows]


def _profile(person: Person) -> dict[str, Any]:
    common = {"kind": person.kind, "id": person.id, "name": person.name, "email": person.email,
              "active": person.active, "locale": person.locale,  # their language (#17)
              "created_at": iso_utc(person.created_at),
              "erased_at": iso_utc(person.erased_at) if person.erased_at else None}
    if isinstance(person, Staff):
        return {**common, "role": person.role}
    return {**common, "phone": person.phone, "portal_role": person.portal_role,
            "email_confirmed": person.email_confirmed,
            "customer": {"id": person.customer_id, "name": person.customer.name}}


def _references(ticket_ids: set[int]) -> dict[int, str]:
    if not ticket_ids:
        return {}
    rows = db.session.execute(select(Ticket.id, Ticket.reference).where(
        Ticket.id.in_(ticket_ids)))
    return {ticket_id: reference for ticket_id, reference in rows}


def _reported(person: Person) -> list[dict[str, Any]]:
    if not isinstance(person, ContactPerson):
        return []
    tickets = db.session.scalars(select(Ticket).where(Ticket.reporter_id == person.id)
                                 .order_by(Ticket.id))
    return [{"reference": t.reference, "title": t.title, "channel": t.channel,
             "submitted_at": iso_utc(t.submitted_at), "status": t.status,
             "priority": t.priority} for t in tickets]


def _event(event: TicketEvent, references: dict[int, str]) -> dict[str, Any]:
    return {"ticket": references.get(event.ticket_id), "seq": event.seq, "type": event.type,
            "at": iso_utc(event.at), "channel": event.channel, "name": event.actor_name,
            "text": event.body, "payload": _plain(event.payload or {})}


def _mails_from(address: str) -> list[dict[str, Any]]:
    mails = db.session.scalars(select(InboundMail).where(or_(
        func.lower(InboundMail.sender) == address,
        func.lower(InboundMail.envelope_from) == address)).order_by(InboundMail.id))
    return [{"id": m.id, "received_at": iso_utc(m.received_at), "sender": m.sender,
             "envelope_from": m.envelope_from, "subject": m.subject, "state": m.state,
             "raw_base64": base64.b64encode(m.raw).decode("ascii")} for m in mails]


def _mails_to(address: str) -> list[dict[str, Any]]:
    mails = db.session.scalars(select(OutboxMessage).where(
        func.lower(OutboxMessage.to_addr) == address).order_by(OutboxMessage.id))
    return [{"id": m.id, "kind": m.kind, "to": m.to_addr, "subject": m.subject,
             "text": m.body_text, "html": m.body_html, "status": m.status,
             "created_at": iso_utc(m.created_at),
             "sent_at": iso_utc(m.sent_at) if m.sent_at else None} for m in mails]


def _attachments(authored: list[TicketEvent], address: str) -> list[dict[str, Any]]:
    conditions = [Attachment.inbound_mail_id.in_(select(InboundMail.id).where(
        func.lower(InboundMail.sender) == address))]
    if authored:
        conditions.append(Attachment.event_id.in_([e.id for e in authored]))
    files = db.session.scalars(select(Attachment).where(or_(*conditions)).order_by(Attachment.id))
    return [{"filename": a.filename, "content_type": a.content_type, "size": a.size,
             "sha256": a.sha256, "created_at": iso_utc(a.created_at),
             "data_base64": base64.b64encode(a.data).decode("ascii")} for a in files]


def _claims(person: Person) -> list[dict[str, Any]]:
    """A contact's claims are those on tickets they reported; staff's those they recorded."""
    if isinstance(person, ContactPerson):
        query = select(CreditClaim).where(CreditClaim.id.in_(
            select(CreditClaimItem.claim_id).join(Ticket, Ticket.id == CreditClaimItem.ticket_id)
            .where(Ticket.reporter_id == person.id)))
    else:
        query = select(CreditClaim).where(CreditClaim.recorded_by_id == person.id)
    return [{"id": c.id, "kind": c.kind, "channel": c.channel,
             "received_on": c.received_on.isoformat(), "letter_reference": c.letter_reference,
             "note": c.note, "recorded_at": iso_utc(c.recorded_at),
             "items": [{"clock": i.clock, "month": i.month.isoformat() if i.month else None,
                        "ticket_id": i.ticket_id} for i in c.items]}
            for c in db.session.scalars(query.order_by(CreditClaim.id))]


def _tokens(person: Person) -> list[dict[str, Any]]:
    column = ApiToken.staff_id if isinstance(person, Staff) else ApiToken.contact_id
    tokens = db.session.scalars(select(ApiToken).where(column == person.id).order_by(ApiToken.id))
    return [{"name": t.name, "prefix": t.prefix, "created_at": iso_utc(t.created_at),
             "expires_at": iso_utc(t.expires_at) if t.expires_at else None,
             "last_used_at": iso_utc(t.last_used_at) if t.last_used_at else None,
             "revoked_at": iso_utc(t.revoked_at) if t.revoked_at else None} for t in tokens]


def _audit(person: Person) -> list[dict[str, Any]]:
    """Entries about or by the person; other actors are named by kind only."""
    entries = db.session.scalars(select(AuditEntry).where(or_(
        and_(AuditEntry.subject_kind == person.kind, AuditEntry.subject_id == person.id),
        and_(AuditEntry.actor_kind == person.kind, AuditEntry.actor_id == person.id)))
        .order_by(AuditEntry.at, AuditEntry.id))
    result = []
    for e in entries:
        own = e.actor_kind == person.kind and e.actor_id == person.id
        result.append({"at": iso_utc(e.at), "action": e.action, "subject_kind": e.subject_kind,
                       "subject_id": e.subject_id, "actor_kind": e.actor_kind, "by_you": own,
                       "remote_addr": e.remote_addr if own else None})
    return result


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
