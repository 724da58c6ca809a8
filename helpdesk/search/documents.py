"""One searchable document per ticket, built from what is stored now: the ticket's events
(the truth), its attachments' names, its customer and reporter. Erased data reads
REDACTED there, so a rebuilt document no longer holds it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from helpdesk.models import Attachment, ContactPerson, Customer, Ticket, TicketEvent
from helpdesk.search.words import stem_text

# A document column never grows past this (a PostgreSQL tsvector holds at most 1 MB; a
# mail thread beyond it is found by its first 100,000 characters of each kind).
MAX_COLUMN_CHARS = 100_000
REDACTED = "[redacted]"  # helpdesk.privacy.redaction.REDACTED, never indexed
# Payload keys that name people (addresses of mail events) or carry a subject line.
PEOPLE_KEYS = ("from", "to")
TEXT_KEYS = ("subject",)


def public_events() -> frozenset[str]:
    # The portal's own list (imported late: the portal's views import the search).
    from helpdesk.web.portal import PUBLIC_EVENTS

    return frozenset(PUBLIC_EVENTS)


def _join(parts: Iterable[str]) -> str:
    seen = dict.fromkeys(p.strip() for p in parts if p and p.strip() and p != REDACTED)
    return "\n".join(seen)[:MAX_COLUMN_CHARS]


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [v for v in value if isinstance(v, str)]
    return []


def build(ticket_ids: Iterable[int], session: Session) -> list[dict[str, Any]]:
    """The documents of these tickets (a ticket that does not exist has none)."""
    ids = sorted(set(ticket_ids))
    if not ids:
        return []
    shown = public_events()
    tickets = session.execute(
        select(Ticket.id, Ticket.customer_id, Ticket.reference, Ticket.title, Customer.name,
               ContactPerson.name, ContactPerson.email)
        .join(Customer, Customer.id == Ticket.customer_id)
        .outerjoin(ContactPerson, ContactPerson.id == Ticket.reporter_id)
        .where(Ticket.id.in_(ids))).all()
    parts: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    public_ids: set[int] = set()
    for row in session.execute(
            select(TicketEvent.id, TicketEvent.ticket_id, TicketEvent.type,
                   TicketEvent.actor_kind, TicketEvent.actor_name, TicketEvent.body,
                   TicketEvent.payload)
            .where(TicketEvent.ticket_id.in_(ids)).order_by(TicketEvent.ticket_id,
                                                            TicketEvent.seq)):
        side = "public" if row.type in shown else "internal"
        if side == "public":
            public_ids.add(row.id)
        doc = parts[row.ticket_id]
        payload = row.payload or {}
        if row.actor_kind != "system":
            doc["people" if side == "public" else "internal_text"].append(row.actor_name)
        for key in PEOPLE_KEYS:
            doc["people" if side == "public" else "internal_text"].extend(
                _strings(payload.get(key)))
        for key in TEXT_KEYS:
            doc[f"{side}_text"].extend(_strings(payload.get(key)))
        if row.body:
            doc[f"{side}_text"].append(row.body)
    for ticket_id, event_id, filename in session.execute(
            select(Attachment.ticket_id, Attachment.event_id, Attachment.filename)
            .where(Attachment.ticket_id.in_(ids)).order_by(Attachment.id)):
        side = "public" if event_id in public_ids else "internal"
        parts[ticket_id][f"{side}_files"].append(filename)
    documents = []
    for tid, customer_id, reference, title, customer, name, email in tickets:
        doc = parts[tid]
        values = {
            "ticket_id": tid, "customer_id": customer_id, "reference": reference,
            # The subject's stems beside it: a stemmed match in the subject ranks as one
            # (the ranking's first tier is the reference and subject columns alone).
            "title": _join([title or "", stem_text(title or "")]),
            "people": _join([customer, name or "", email or "", *doc["people"]]),
            "public_text": _join(doc["public_text"]),
            "public_files": _join(doc["public_files"]),
            "internal_text": _join(doc["internal_text"]),
            "internal_files": _join(doc["internal_files"]),
        }
        public = " ".join(values[k] for k in ("title", "people", "public_text", "public_files"))
        internal = " ".join(values[k] for k in ("internal_text", "internal_files"))
        values["public_stems"] = stem_text(public)[:MAX_COLUMN_CHARS]
        values["internal_stems"] = stem_text(internal)[:MAX_COLUMN_CHARS]
        documents.append(values)
    return documents
