"""Appending to a ticket's event log: the only way a ticket changes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Ticket, TicketEvent
from helpdesk.tickets.actors import Actor


def append(ticket: Ticket, type: str, **fields: Any) -> TicketEvent:
    """Add one event (the fields of `event_values`) after the ticket's last; the caller
    refreshes derived columns and commits."""
    values = event_values(type, **fields)
    if db.session.get_bind().dialect.name == "postgresql":
        # Concurrent appenders (a web action, the deadline sweep, outbox delivery, intake,
        # on several machines) take turns per ticket; without the row lock two of them read
        # the same last seq and the later commit fails. SQLite serialises writers anyway.
        db.session.execute(select(Ticket.id).where(Ticket.id == ticket.id).with_for_update())
    last = db.session.scalar(
        select(func.max(TicketEvent.seq)).where(TicketEvent.ticket_id == ticket.id)
    )
    event = TicketEvent(ticket_id=ticket.id, seq=(last or 0) + 1, **values)
    db.session.add(event)
    db.session.flush()
    return event


def event_values(
    type: str,
    *,
    at: datetime,
    actor: Actor,
    channel: str | None = None,
    payload: dict[str, Any] | None = None,
    body: str | None = None,
    dedup_key: str | None = None,
) -> dict[str, Any]:
    """One event's columns except its ticket and place in the log (for bulk inserts too)."""
    if at.tzinfo is None:
        raise ValueError("event instants must be timezone-aware")
    return {
        "type": type,
        "at": at,
        "recorded_at": utcnow(),
        "actor_kind": actor.kind,
        "actor_id": actor.id,
        "actor_name": actor.name,
        "channel": channel,
        "payload": dict(payload or {}),
        "body": body,
        "dedup_key": dedup_key,
    }


def events_of(ticket: Ticket) -> list[TicketEvent]:
    return list(
        db.session.scalars(
            select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.seq)
        )
    )
