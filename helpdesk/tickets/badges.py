"""The headline clock badge of each ticket on a list page (staff queue, portal list).

The derived columns keep only the next deadline still ahead, so a clock already past its
deadline would show nothing. The badge needs the fold instead: a page's tickets are folded
from their clock events, read in one query along the (ticket, seq) index, so a page costs
the same however long the queue is. The badge itself is the SLA core's
(`helpdesk.sla.badges`), the same one the ticket pages and the API show.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, select

from helpdesk import sla as engine
from helpdesk.extensions import db
from helpdesk.models import TicketEvent
from helpdesk.sla.badges import Badge, headline

from .projection import Record, scan_records

# Built once: building the statement cost about as much as running it for a page.
_CLOCK_EVENTS = (select(TicketEvent.ticket_id, TicketEvent.type, TicketEvent.at,
                        TicketEvent.payload, TicketEvent.channel, TicketEvent.dedup_key)
                 .where(TicketEvent.ticket_id.in_(bindparam("ids", expanding=True)),
                        TicketEvent.type.in_(sorted(engine.EVENT_TYPES)))
                 .order_by(TicketEvent.ticket_id, TicketEvent.seq))


def clock_records(ticket_ids: Iterable[int]) -> dict[int, list[Record]]:
    """The clock events of these tickets (every type the fold reads), in log order."""
    wanted = sorted(set(ticket_ids))
    records: dict[int, list[Record]] = {ticket_id: [] for ticket_id in wanted}
    if wanted:
        for ticket_id, *record in db.session.execute(_CLOCK_EVENTS, {"ids": wanted}):
            records[ticket_id].append(tuple(record))  # type: ignore[arg-type]
    return records


def headline_badges(tickets: Sequence[Any], now: datetime, *,
                    records: Mapping[int, list[Record]] | None = None,
                    slas: Mapping[int, engine.Sla] | None = None) -> dict[int, Badge]:
    """Each ticket's most pressing clock badge as of `now` (tickets with no clock: none).

    A ticket is anything with an id, a priority and a contract_id; `records` (from
    `clock_records`) and `slas` (contract id -> SLA) when the caller read them already,
    else they are read here (the SLA from each ticket's `contract`)."""
    wanted = [t for t in tickets if t.priority is not None]  # no priority: no clock runs
    if not wanted:
        return {}
    records = clock_records(t.id for t in wanted) if records is None else records
    known: dict[int, engine.Sla] = dict(slas or {})
    found: dict[int, Badge] = {}
    for ticket in wanted:
        if ticket.contract_id not in known:
            known[ticket.contract_id] = ticket.contract.sla()
        events = scan_records(records.get(ticket.id, [])).events
        top = headline(engine.fold(events, known[ticket.contract_id], now))
        if top is not None:
            found[ticket.id] = top
    return found
