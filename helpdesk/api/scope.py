"""What a token's account may see: the same scoping as the pages.

Staff see every customer's tickets and every event (the staff queue and ticket page); a
contact person sees only their own customer's tickets (portal/views.py `customer_ticket`)
and only the events the portal shows (`PUBLIC_EVENTS`). Another customer's ticket is 404,
never 403, so a reference reveals nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select

from helpdesk.auth.api_tokens import Principal
from helpdesk.extensions import db
from helpdesk.models import Ticket, TicketEvent
from helpdesk.web.portal import PUBLIC_EVENTS

from .problems import Problem

REFERENCE = re.compile(r"[A-Za-z0-9-]{1,32}")  # HD-2026-00042; the column holds 32
# What the portal prints of a public event's payload (templates/portal/ticket.html).
PUBLIC_DETAILS: dict[str, tuple[str, ...]] = {
    "priority_changed": ("priority",),
    "supplier_suspended": ("supplier",),
    "not_an_incident": ("reason",),
    "out_of_scope": ("reason",),
    "fix_rejected": ("reason",),
    "merged": ("into",),
    "duplicate_merged": ("duplicate",),
}


def visible_tickets(account: Principal) -> Select[tuple[Ticket]]:
    query = select(Ticket)
    if not account.is_staff:
        query = query.where(Ticket.customer_id == account.customer_id)
    return query


def ticket_for(account: Principal, reference: str) -> Ticket:
    found = None
    if REFERENCE.fullmatch(reference):  # anything else names no ticket (and no NUL reaches SQL)
        found = db.session.scalar(visible_tickets(account).where(Ticket.reference == reference))
    if found is None:
        raise Problem(404, "Not Found", f"No ticket {reference} is visible to this token.")
    return found


def visible_events(account: Principal, rows: Sequence[TicketEvent]) -> list[TicketEvent]:
    if account.is_staff:
        return list(rows)
    return [row for row in rows if row.type in PUBLIC_EVENTS]


def event_details(account: Principal, event: TicketEvent) -> dict[str, Any]:
    payload = dict(event.payload or {})
    if account.is_staff:
        return payload
    return {key: payload[key] for key in PUBLIC_DETAILS.get(event.type, ()) if key in payload}
