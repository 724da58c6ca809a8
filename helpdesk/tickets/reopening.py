"""A rejected fix reopens the ticket (art. 39.4.1, R9): which rejection a ticket is open by.

The customer's "not resolved" stays the ticket's news until staff deliver the next fix (a
resolution or a workaround) or close it otherwise; the ticket page shows it as a banner and
the queue as a "reopened" badge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import TicketEvent
from helpdesk.sla import VOID_STATUSES

REJECTION = "fix_rejected"
# What answers a rejection: a new fix, or the ticket leaving the objectives (art. 38.3, 9.3).
ANSWERS = ("resolved", "workaround_applied", *VOID_STATUSES)


class Row(Protocol):
    type: str


R = TypeVar("R", bound=Row)


def open_rejection(rows: Sequence[R]) -> R | None:
    """The customer's last rejection when no fix or closing followed it, else None."""
    found = None
    for row in rows:
        if row.type == REJECTION:
            found = row
        elif row.type in ANSWERS:
            found = None
    return found


def reopened_tickets(ticket_ids: Iterable[int]) -> set[int]:
    """Which of the tickets (a queue page's) are reopened, in one query on their events.

    Only the rejection and answer rows of those tickets are read, along the (ticket, seq)
    unique index, so a page costs the same however long the queue is.
    """
    wanted = set(ticket_ids)
    if not wanted:
        return set()
    rows = db.session.execute(
        select(TicketEvent.ticket_id, TicketEvent.type)
        .where(TicketEvent.ticket_id.in_(wanted),
               TicketEvent.type.in_((REJECTION, *ANSWERS)))
        .order_by(TicketEvent.ticket_id, TicketEvent.seq))
    last: dict[int, str] = {}
    for ticket_id, kind in rows:
        last[ticket_id] = kind
    return {ticket_id for ticket_id, kind in last.items() if kind == REJECTION}
