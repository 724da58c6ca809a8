"""Rebuild every ticket's derived columns from the event log, in batches.

Reads with Core (no ORM objects per event), folds each ticket once through the same
`projection.derive` as a single refresh, and writes back only the rows that changed.
With `workers` > 1 the ticket ids are cut into chunks that forked processes fold in
parallel (the fold is CPU-bound pure Python); each chunk is its own transaction.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Text, cast, func, select, update

from helpdesk import sla as engine
from helpdesk.extensions import db
from helpdesk.models import Contract, Ticket, TicketEvent
from helpdesk.tickets.projection import COLUMNS, derive, escalation_settings

# Plain table columns: rows come back as tuples, without ORM loading machinery.
_TICKETS = Ticket.__table__.c
_EVENTS = TicketEvent.__table__.c
TICKET_COLUMNS = [_TICKETS.id, _TICKETS.contract_id, _TICKETS.submitted_at] + [
    _TICKETS[name] for name in COLUMNS]
# The payload as text, decoded only for the events whose payload is read (most are not).
EVENT_COLUMNS = [_EVENTS.ticket_id, _EVENTS.type, _EVENTS.at, cast(_EVENTS.payload, Text),
                 _EVENTS.channel, _EVENTS.dedup_key]
CHUNK = 10_000


class EventRow:
    """An event row for `projection.derive`, with the JSON payload decoded on first use."""

    __slots__ = ("type", "at", "_raw", "_payload", "channel", "dedup_key")

    def __init__(self, row: Any) -> None:
        _, self.type, self.at, self._raw, self.channel, self.dedup_key = row
        self._payload: dict[str, Any] | None = None

    @property
    def payload(self) -> dict[str, Any]:
        if self._payload is None:
            self._payload = json.loads(self._raw) if self._raw and self._raw != "{}" else {}
        return self._payload


@dataclass(frozen=True)
class RebuildResult:
    tickets: int
    changed: int

    def __add__(self, other: RebuildResult) -> RebuildResult:
        return RebuildResult(self.tickets + other.tickets, self.changed + other.changed)


def contract_slas() -> dict[int, engine.Sla]:
    return {contract.id: contract.sla() for contract in db.session.scalars(select(Contract))}


def rebuild_range(now: datetime, first_id: int, last_id: int, *, batch: int = 5000,
                  open_only: bool = False) -> RebuildResult:
    """Rebuild tickets with first_id <= id <= last_id, `batch` per transaction."""
    slas = contract_slas()
    settings = escalation_settings()
    total = RebuildResult(0, 0)
    cursor = first_id - 1
    while cursor < last_id:
        query = (select(*TICKET_COLUMNS)
                 .where(_TICKETS.id > cursor, _TICKETS.id <= last_id)
                 .order_by(_TICKETS.id).limit(batch))
        if open_only:
            query = query.where(_TICKETS.status.not_in(("resolved", "not_an_incident")))
        tickets = db.session.execute(query).all()
        if not tickets:
            break
        low, cursor = tickets[0].id, tickets[-1].id
        events = db.session.execute(
            select(*EVENT_COLUMNS)
            .where(_EVENTS.ticket_id.between(low, cursor))
            .order_by(_EVENTS.ticket_id, _EVENTS.seq)
        ).all()
        by_ticket = {tid: [EventRow(row) for row in rows]
                     for tid, rows in groupby(events, itemgetter(0))}
        updates = []
        for ticket in tickets:
            values = derive(by_ticket.get(ticket.id, []), slas[ticket.contract_id],
                            ticket.submitted_at, settings, now).columns()
            current = dict(zip(COLUMNS, ticket[3:], strict=True))
            if any(current[name] != value for name, value in values.items()):
                updates.append({"id": ticket.id, **values})
        if updates:
            db.session.execute(update(Ticket), updates)
        db.session.commit()
        total += RebuildResult(len(tickets), len(updates))
    return total


def rebuild_all(now: datetime, *, batch: int = 5000,
                progress: Callable[[int], None] | None = None,
                open_only: bool = False, workers: int = 1) -> RebuildResult:
    low, high = db.session.execute(select(func.min(Ticket.id), func.max(Ticket.id))).one()
    if low is None:
        return RebuildResult(0, 0)
    chunks = [(now, start, min(start + CHUNK - 1, high), batch, open_only)
              for start in range(low, high + 1, CHUNK)]
    if workers <= 1 or len(chunks) == 1:
        results = (_chunk(args) for args in chunks)
        return _collect(results, progress)
    # Nothing open may cross the fork: each child opens its own connections.
    db.session.remove()
    db.engine.dispose()
    context = multiprocessing.get_context("fork")
    with context.Pool(workers, initializer=_in_child) as pool:
        return _collect(pool.imap_unordered(_chunk, chunks), progress)


def default_workers() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0))))


def _collect(results, progress):  # type: ignore[no-untyped-def]
    total = RebuildResult(0, 0)
    for result in results:
        total += result
        if progress is not None:
            progress(result.tickets)
    return total


def _in_child() -> None:
    db.engine.dispose(close=False)


def _chunk(args: tuple[datetime, int, int, int, bool]) -> RebuildResult:
    now, first, last, batch, open_only = args
    return rebuild_range(now, first, last, batch=batch, open_only=open_only)
