"""The headline clock badge of each ticket on a list page (staff queue, portal list).

The derived columns keep only the next deadline still ahead, so a clock already past its
deadline would show nothing. The badge needs the fold instead: a page's tickets are folded
from their clock events, read in one query along the (ticket, seq) index, so a page costs
the same however long the queue is. The badge itself is the SLA core's
(`helpdesk.sla.badges`), the same one the ticket pages and the API show.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select

from helpdesk import sla as engine
from helpdesk.extensions import db
from helpdesk.models import Ticket, TicketEvent
from helpdesk.sla.badges import Badge, headline

from .projection import Record, scan_records


def headline_badges(tickets: Sequence[Ticket], now: datetime) -> dict[int, Badge]:
    """Each ticket's most pressing clock badge as of `now` (tickets with no clock: none)."""
    wanted = {t.id: t for t in tickets if t.priority is not None}
    if not wanted:
        return {}
    rows = db.session.execute(
        select(TicketEvent.ticket_id, TicketEvent.type, TicketEvent.at, TicketEvent.payload,
               TicketEvent.channel, TicketEvent.dedup_key)
        .where(TicketEvent.ticket_id.in_(wanted),
               TicketEvent.type.in_(engine.EVENT_TYPES))
        .order_by(TicketEvent.ticket_id, TicketEvent.seq))
    records: dict[int, list[Record]] = {}
    for ticket_id, *record in rows:
        records.setdefault(ticket_id, []).append(tuple(record))  # type: ignore[arg-type]
    slas: dict[int, engine.Sla] = {}
    found: dict[int, Badge] = {}
    for ticket_id, ticket in wanted.items():
        if ticket.contract_id not in slas:
            slas[ticket.contract_id] = ticket.contract.sla()
        events = scan_records(records.get(ticket_id, [])).events
        top = headline(engine.fold(events, slas[ticket.contract_id], now))
        if top is not None:
            found[ticket_id] = top
    return found
