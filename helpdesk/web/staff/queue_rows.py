"""A queue page's rows: what one row shows, read for a whole page in few statements.

A row is a plain record, not a Ticket: the page shows a dozen columns of each ticket and
the names of its customer, SLA and assignee, so one SELECT joins them and reads the last
event's seq (the bulk checkbox's staleness mark) with them. Loading Ticket objects and their
relationships cost a third of the queue's time (bench/profile_pages.py), for attributes the
page never read. The clock badges and the reopened marks come from one read of the page's
clock events (`marks`), folded by the SLA core as on every other page."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select

from helpdesk import sla as engine
from helpdesk.extensions import db
from helpdesk.models import ClosingDay, Contract, Customer, Staff, Ticket, TicketEvent
from helpdesk.sla.badges import Badge
from helpdesk.tickets import badges, reopening


@dataclass(frozen=True, slots=True)
class QueueRow:
    """One ticket as a queue row shows it (and the maintenance hint reads it)."""

    id: int
    reference: str
    title: str
    status: str
    priority: str | None
    tier: int
    confirmation_outstanding: bool
    customer_id: int
    contract_id: int
    submitted_at: datetime
    customer_name: str
    sla_preset: str | None  # with sla_definition: what the `sla_name` filter reads
    sla_definition: dict[str, Any] | None
    assignee_name: str | None
    seq: int  # the last event's: a selection made on this row is refused once it moved


_LAST_SEQ = (select(func.coalesce(func.max(TicketEvent.seq), 0))
             .where(TicketEvent.ticket_id == Ticket.id).correlate(Ticket).scalar_subquery())
# Built once: building a statement cost more than running it (bench/profile_pages.py).
_ROWS = (select(Ticket.id, Ticket.reference, Ticket.title, Ticket.status, Ticket.priority,
                Ticket.tier, Ticket.confirmation_outstanding, Ticket.customer_id,
                Ticket.contract_id, Ticket.submitted_at, Customer.name, Contract.sla_preset,
                Contract.sla_definition, Staff.name, _LAST_SEQ)
         .join(Customer, Customer.id == Ticket.customer_id)
         .join(Contract, Contract.id == Ticket.contract_id)
         .outerjoin(Staff, Staff.id == Ticket.assignee_id)
         .where(Ticket.id.in_(bindparam("ids", expanding=True))))


def read_rows(chosen: Select[Any], order: tuple[Any, ...], limit: int,
              offset: int) -> list[QueueRow]:
    """The rows of the tickets `chosen` selects (a SELECT of ticket ids, filtered), in
    `order` (ticket columns), `limit` from `offset`. The page's ids are picked on the
    ticket indexes first; the names and the last seq are then read for those ids only.
    (Joined to the filtered tickets, they were computed for every matching ticket before
    the database kept the page's few: 29 ms instead of 0.2 at 10,000 open tickets.)"""
    ids = list(db.session.scalars(chosen.order_by(*order).limit(limit).offset(offset)))
    if not ids:
        return []
    found = {row[0]: QueueRow(*row) for row in db.session.execute(_ROWS, {"ids": ids})}
    return [found[ticket_id] for ticket_id in ids if ticket_id in found]


@dataclass(frozen=True)
class Marks:
    """What a page's events add to its rows: each ticket's headline clock badge, and which
    tickets the customer reopened (art. 39.4.1)."""

    badges: dict[int, Badge]
    reopened: set[int]


_CLOSING_DAYS = (select(ClosingDay.contract_id, ClosingDay.day)
                 .where(ClosingDay.contract_id.in_(bindparam("ids", expanding=True))))


def marks(rows: Sequence[QueueRow], now: datetime) -> Marks:
    """The page's clock events in one query along the (ticket, seq) index; the rejection
    and its answers are clock events too (tests/sla/test_reopening_marks.py checks it),
    so the reopened marks need no read of their own."""
    if not rows:
        return Marks({}, set())
    records = badges.clock_records(row.id for row in rows)
    reopened = {row.id for row in rows
                if reopening.is_reopened(record[0] for record in records[row.id])}
    timed = [row for row in rows if row.priority is not None]  # no priority: no clock
    return Marks(badges.headline_badges(timed, now, records=records,
                                        slas=contract_slas(timed)), reopened)


def contract_slas(rows: Sequence[QueueRow]) -> dict[int, engine.Sla]:
    """Each row's contract SLA (preset or definition, with its closing days: one query for
    the page; the core caches the built SLA itself)."""
    wanted = {row.contract_id: row for row in rows}
    days: dict[int, list[Any]] = {}
    for contract_id, day in db.session.execute(_CLOSING_DAYS, {"ids": sorted(wanted)}):
        days.setdefault(contract_id, []).append(day)
    return {contract_id: engine.contract_sla(row.sla_preset, row.sla_definition,
                                             days.get(contract_id, ()))
            for contract_id, row in wanted.items()}
