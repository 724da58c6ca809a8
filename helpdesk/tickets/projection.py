"""Derived ticket columns: a cache of the SLA core's fold of the ticket's events.

Everything here can be recomputed at any time (`helpdesk rebuild`); nothing here is truth.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import current_app

from helpdesk import sla as engine
from helpdesk.escalation.plan import Facts, Plan, Settings, plan
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
    ticket.confirmation_outstanding = confirmation_outstanding(rows)
    ticket.title = _title(rows) or ticket.title
    ticket.last_event_at = rows[-1].at if rows else None
    result = plan_for(ticket, rows, clocks, now)
    ticket.next_wake_at = now if result.due else result.next_wake
    return clocks


def escalation_settings() -> Settings:
    shares = current_app.config.get("HELPDESK_WARNING_SHARES", "0.75,0.90")
    return Settings(
        warning_shares=tuple(float(s) for s in str(shares).split(",") if s.strip()),
        supplier_reminder_working_days=int(
            current_app.config.get("HELPDESK_SUPPLIER_REMINDER_DAYS", 3)),
    )


def facts(ticket: Ticket, rows: Sequence[TicketEvent]) -> Facts:
    suspended_since, supplier = None, None
    for row in rows:
        if row.type == "supplier_suspended":
            suspended_since, supplier = row.at, (row.payload or {}).get("supplier")
        elif row.type in ("supplier_delivered", "resolved", "not_an_incident"):
            suspended_since = None
    return Facts(submitted_at=ticket.submitted_at,
                 confirmation_outstanding=confirmation_outstanding(rows),
                 open_suspension_since=suspended_since, supplier=supplier)


def plan_for(ticket: Ticket, rows: Sequence[TicketEvent], clocks: engine.TicketClocks,
             now: datetime) -> Plan:
    """What the scheduler owes the ticket now, and when it must look again."""
    recorded = {row.dedup_key for row in rows if row.dedup_key}
    return plan(ticket.contract.sla(), clocks, facts(ticket, rows), recorded,
                escalation_settings(), now)


def _assignee(rows: Sequence[TicketEvent]) -> int | None:
    assignee = None
    for row in rows:
        if row.type == "assigned":
            assignee = (row.payload or {}).get("staff_id")
    return assignee


def confirmation_outstanding(rows: Sequence[TicketEvent]) -> bool:
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
