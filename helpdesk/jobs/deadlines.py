"""The deadline sweep: settle every ticket whose wake instant has come (indexed query).

Each ticket is settled in its own transaction. On PostgreSQL the row is taken with
FOR UPDATE SKIP LOCKED, so parallel schedulers share the work; everywhere, the unique
dedup keys make every breach and escalation exactly-once.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError

from helpdesk.escalation.service import settle
from helpdesk.extensions import db
from helpdesk.logs import event
from helpdesk.models import Ticket

log = logging.getLogger(__name__)


def next_wake() -> datetime | None:
    return db.session.scalar(select(func.min(Ticket.next_wake_at)))


def process_due(now: datetime, *, limit: int = 1000) -> int:
    """Settle up to `limit` due tickets; returns how many records (breaches...) were made."""
    started = time.perf_counter()
    due_ids = db.session.scalars(
        select(Ticket.id).where(Ticket.next_wake_at <= now)
        .order_by(Ticket.next_wake_at).limit(limit)
    ).all()
    db.session.commit()  # end the read transaction before per-ticket writes
    skip_locked = db.engine.dialect.name == "postgresql"
    made = 0
    for ticket_id in due_ids:
        query = select(Ticket).where(Ticket.id == ticket_id, Ticket.next_wake_at <= now)
        if skip_locked:
            query = query.with_for_update(skip_locked=True)
        try:
            ticket = db.session.scalar(query)
            if ticket is None:  # settled meanwhile, or another scheduler holds it
                db.session.rollback()
                continue
            made += settle(ticket, now)
            db.session.commit()
        except OperationalError:  # SQLite: another writer won; the ticket stays due
            db.session.rollback()
            log.info("ticket %s is busy; it stays due for the next run", ticket_id)
    # Quiet runs (nothing due) are the common case every minute; they log at debug only.
    event(log, "scheduler.wake", level=logging.INFO if due_ids else logging.DEBUG,
          due_tickets=len(due_ids), records=made,
          duration_ms=round((time.perf_counter() - started) * 1000, 1))
    return made
