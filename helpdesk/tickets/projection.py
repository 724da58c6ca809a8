"""Derived ticket columns: a cache of the SLA core's fold of the ticket's events.

Everything here can be recomputed at any time (`helpdesk rebuild`); nothing here is truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from helpdesk import sla as engine
from helpdesk.models import Ticket, TicketEvent


def core_events(rows: Sequence[TicketEvent]) -> list[engine.TicketEvent]:
    """Map stored rows to the core's event values; rows the clocks ignore are skipped."""
    mapped = (engine.event_from_record(row.type, row.at, row.payload or {}) for row in rows)
    return [e for e in mapped if e is not None]


def fold_ticket(ticket: Ticket, rows: Sequence[TicketEvent], now: datetime) -> engine.TicketClocks:
    return engine.fold(core_events(rows), ticket.contract.sla(), now)


def refresh(ticket: Ticket, rows: Sequence[TicketEvent], now: datetime) -> engine.TicketClocks:
    """Recompute every derived column of one ticket from its events."""
    clocks = fold_ticket(ticket, rows, now)
    ticket.priority = clocks.priority
    ticket.status = clocks.status
    ticket.tier = clocks.tier
    ticket.breach_count = len(clocks.breaches)
    ticket.next_deadline = clocks.next_deadline
    ticket.assignee_id = _assignee(rows)
    ticket.confirmation_outstanding = _confirmation_outstanding(rows)
    ticket.title = _title(rows) or ticket.title
    ticket.last_event_at = rows[-1].at if rows else None
    return clocks


def _assignee(rows: Sequence[TicketEvent]) -> int | None:
    assignee = None
    for row in rows:
        if row.type == "assigned":
            assignee = (row.payload or {}).get("staff_id")
    return assignee


def _confirmation_outstanding(rows: Sequence[TicketEvent]) -> bool:
    """Art. 39.2.2: a phone report waits for the customer's written confirmation."""
    outstanding = False
    for row in rows:
        if row.type == "submitted" and row.channel == "phone":
            outstanding = True
        elif row.type == "written_confirmation":
            outstanding = False
    return outstanding


def _title(rows: Sequence[TicketEvent]) -> str | None:
    title = None
    for row in rows:
        if row.type in ("submitted", "retitled"):
            title = (row.payload or {}).get("title", title)
    return title
