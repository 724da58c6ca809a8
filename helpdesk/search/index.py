"""Keeping the search documents current: the one place they are written.

Whatever changes a ticket's searchable text marks the ticket; just before the transaction
commits, the marked tickets' documents are rebuilt from what is stored, inside the same
transaction (a ticket is never committed without its document, nor a document without its
ticket). ORM writes mark themselves (new events and attachments, a changed title, a
renamed customer or contact person); the Core paths mark explicitly with `touch`: the bulk
insert of mailed tickets (intake/opening.py) and the redaction of erased data
(privacy/redaction.py), so an erased person is no longer findable once the erasure commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import delete, event, insert, inspect, select, text
from sqlalchemy.orm import Session

from helpdesk.extensions import db
from helpdesk.models import Attachment, ContactPerson, Customer, SearchDocument, Ticket, TicketEvent
from helpdesk.search import documents
from helpdesk.search.words import WORD, fold

_TICKETS, _CONTACTS, _CUSTOMERS = "search_tickets", "search_contacts", "search_customers"
BATCH = 500
TEXT_COLUMNS = ("reference", "title", "people", "public_text", "public_files",
                "public_stems", "internal_text", "internal_files", "internal_stems")
PG_CONFIGS = ("dutch", "french", "english")


def touch(ticket_ids: Iterable[int], session: Session | None = None) -> None:
    """Rebuild these tickets' documents when the transaction commits."""
    (session or db.session).info.setdefault(_TICKETS, set()).update(ticket_ids)


def _vector(name: str, weight: str) -> str:
    """PostgreSQL: one column's lexemes under every configuration: `simple` as written and
    split into plain words without diacritics (café finds cafe, jan@x.example finds jan),
    then the Dutch, French and English stems."""
    parts = [f"to_tsvector('simple', :{name})", f"to_tsvector('simple', :{name}_folded)"]
    parts += [f"to_tsvector('{config}', :{name})" for config in PG_CONFIGS]
    return f"setweight({' || '.join(parts)}, '{weight}')"


_PUBLIC = " || ".join([_vector("heading", "A"), _vector("people", "B"),
                       _vector("public_files", "C"), _vector("public_text", "D")])
_INTERNAL = " || ".join([_vector("internal_files", "C"), _vector("internal_text", "D")])
_PG_UPSERT = text(f"""
    INSERT INTO search_document (ticket_id, customer_id, {', '.join(TEXT_COLUMNS)},
                                 public_vector, staff_vector)
    SELECT :ticket_id, :customer_id, {', '.join(':' + c for c in TEXT_COLUMNS)},
           v.public, v.public || v.internal
    FROM (SELECT {_PUBLIC} AS public, {_INTERNAL} AS internal) AS v
    ON CONFLICT (ticket_id) DO UPDATE SET
        customer_id = excluded.customer_id,
        {', '.join(f'{c} = excluded.{c}' for c in TEXT_COLUMNS)},
        public_vector = excluded.public_vector, staff_vector = excluded.staff_vector""")


def _pg_parameters(doc: dict[str, Any]) -> dict[str, Any]:
    values = dict(doc, public_stems="", internal_stems="")  # tsvector stems for itself
    values["heading"] = f"{doc['reference']} {doc['title']}"
    for name in ("heading", "people", "public_files", "public_text", "internal_files",
                 "internal_text"):
        # Split as the query is (words.WORD): PostgreSQL's parser keeps an address, a file
        # name or a URL whole, which the query's words would never match.
        values[f"{name}_folded"] = " ".join(WORD.findall(fold(values[name])))
    return values


def write(docs: list[dict[str, Any]], connection: Any) -> None:
    """Replace these tickets' documents (SQLite's triggers keep FTS5 in step)."""
    if not docs:
        return
    if connection.dialect.name == "postgresql":
        connection.execute(_PG_UPSERT, [_pg_parameters(d) for d in docs])
        return
    ids = [d["ticket_id"] for d in docs]
    connection.execute(delete(SearchDocument).where(SearchDocument.ticket_id.in_(ids)))
    connection.execute(insert(SearchDocument), docs)


def refresh(ticket_ids: Iterable[int]) -> int:
    """Rebuild the documents of these tickets now; returns how many were written."""
    ids = sorted(set(ticket_ids))
    written = 0
    for start in range(0, len(ids), BATCH):
        docs = documents.build(ids[start:start + BATCH], db.session)
        write(docs, db.session.connection())
        written += len(docs)
    return written


def rebuild_all() -> int:
    """Every ticket's document (the backfill; `helpdesk search reindex`)."""
    ids = list(db.session.scalars(select(Ticket.id).order_by(Ticket.id)))
    return refresh(ids)


@event.listens_for(Session, "before_flush")
def _mark_changes(session: Session, flush_context: Any, instances: Any) -> None:
    for obj in session.new:
        if isinstance(obj, TicketEvent | Attachment) and obj.ticket_id is not None:
            touch([obj.ticket_id], session)
    for obj in session.dirty:
        if isinstance(obj, Ticket) and _changed(obj, "title", "reporter_id", "customer_id"):
            touch([obj.id], session)
        elif isinstance(obj, Attachment) and obj.ticket_id is not None:
            touch([obj.ticket_id], session)
        elif isinstance(obj, ContactPerson) and _changed(obj, "name", "email"):
            session.info.setdefault(_CONTACTS, set()).add(obj.id)
        elif isinstance(obj, Customer) and _changed(obj, "name"):
            session.info.setdefault(_CUSTOMERS, set()).add(obj.id)


def _changed(obj: Any, *names: str) -> bool:
    """Whether one of these searchable columns changed (not status, deadlines, wake-ups)."""
    attrs = inspect(obj).attrs
    return any(attrs[name].history.has_changes() for name in names)


@event.listens_for(Session, "before_commit")
def _refresh_marked(session: Session) -> None:
    session.flush()  # the last changes mark their tickets too
    tickets = set(session.info.pop(_TICKETS, ()))
    contacts = session.info.pop(_CONTACTS, set())
    customers = session.info.pop(_CUSTOMERS, set())
    if contacts:
        tickets.update(session.scalars(select(Ticket.id).where(
            Ticket.reporter_id.in_(contacts))))
    if customers:
        tickets.update(session.scalars(select(Ticket.id).where(
            Ticket.customer_id.in_(customers))))
    ids = sorted(tickets)
    for start in range(0, len(ids), BATCH):
        write(documents.build(ids[start:start + BATCH], session), session.connection())


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    for key in (_TICKETS, _CONTACTS, _CUSTOMERS):
        session.info.pop(key, None)

