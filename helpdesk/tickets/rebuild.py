"""Rebuild every ticket's derived columns from the event log, in batches.

Reads and writes through the driver's cursor (no ORM objects, no per-row type processing),
folds each ticket once through the same `projection.derive_values` as a single refresh, and
writes back only the columns that changed.
With `workers` > 1 the ticket ids are cut into chunks that forked processes fold in
parallel (the fold is CPU-bound pure Python); each batch is its own transaction, and the
workers take turns writing through a shared lock: one that waited for SQLite's write lock
would sleep in its busy handler's steps of up to 100 ms instead of starting the moment
the other commits.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, Text, bindparam, case, cast, func, select, update

from helpdesk import sla as engine
from helpdesk.escalation.plan import Settings
from helpdesk.extensions import db
from helpdesk.models import Contract, Ticket, TicketEvent
from helpdesk.tickets.projection import (
    COLUMNS,
    READS_PAYLOAD,
    Record,
    derive_values,
    escalation_settings,
)

# Plain table columns: rows come back as tuples, without ORM loading machinery.
_TICKETS = Ticket.__table__.c
_EVENTS = TicketEvent.__table__.c
TICKET_COLUMNS = [_TICKETS.id, _TICKETS.contract_id, _TICKETS.submitted_at] + [
    _TICKETS[name] for name in COLUMNS]
# The payload as text, and only for the events whose payload is read (most are not).
EVENT_COLUMNS = [_EVENTS.ticket_id, _EVENTS.type, _EVENTS.at,
                 case((_EVENTS.type.in_(sorted(READS_PAYLOAD)), cast(_EVENTS.payload, Text))),
                 _EVENTS.channel, _EVENTS.dedup_key]
# The stored instants of a ticket row: converted before they are compared.
_INSTANTS = tuple(index for index, name in enumerate(COLUMNS)
                  if name in ("next_deadline", "next_wake_at", "last_event_at",
                              "earliest_deadline"))
_TITLE = COLUMNS.index("title")
# The changed rows of a batch in one executemany per set of changed columns: the SET
# clause names the keys of the rows. Only the changed columns, because SQLite updates each
# index on a column in SET, and checks the foreign key of assignee_id, whether or not the
# value differs: after a bulk load, that had doubled the cost of the writes.
_UPDATE = update(Ticket.__table__).where(_TICKETS.id == bindparam("ticket_id"))
_INSTANT_COLUMNS = frozenset(COLUMNS[index] for index in _INSTANTS)
CHUNK = 10_000
CHUNKS_PER_WORKER = 8  # so that a worker finishing early takes over part of the rest
_fromisoformat = datetime.fromisoformat


@dataclass(frozen=True)
class RebuildResult:
    tickets: int
    changed: int

    def __add__(self, other: RebuildResult) -> RebuildResult:
        return RebuildResult(self.tickets + other.tickets, self.changed + other.changed)


@dataclass(frozen=True)
class Context:
    """What every batch needs besides its rows: read once, shared by every chunk."""

    slas: dict[int, engine.Sla]
    settings: Settings


def contract_slas() -> dict[int, engine.Sla]:
    return {contract.id: contract.sla() for contract in db.session.scalars(select(Contract))}


def load_context() -> Context:
    slas = contract_slas()
    for sla in slas.values():
        # Compile every calendar now: forked workers then inherit them instead of each
        # building the same decade of windows again.
        for priority in engine.PRIORITIES:
            for clock in sla.clock_names:
                sla.plan(priority, clock)
    return Context(slas, escalation_settings())


def rebuild_range(now: datetime, first_id: int, last_id: int, *, batch: int = 5000,
                  open_only: bool = False, context: Context | None = None) -> RebuildResult:
    """Rebuild tickets with first_id <= id <= last_id, `batch` per transaction."""
    context = context or load_context()
    with _no_cyclic_gc():
        return _rebuild_batches(now, first_id, last_id, batch, open_only, context)


def _rebuild_batches(now: datetime, first_id: int, last_id: int, batch: int, open_only: bool,
                     context: Context) -> RebuildResult:
    total = RebuildResult(0, 0)
    cursor = first_id - 1
    while cursor < last_id:
        query = (select(*TICKET_COLUMNS)
                 .where(_TICKETS.id > cursor, _TICKETS.id <= last_id)
                 .order_by(_TICKETS.id).limit(batch))
        if open_only:
            query = query.where(_TICKETS.status.not_in(("resolved", *engine.VOID_STATUSES)))
        tickets = _fetch(query)
        if not tickets:
            break
        low, cursor = tickets[0][0], tickets[-1][0]
        events = _fetch(select(*EVENT_COLUMNS)
                        .where(_EVENTS.ticket_id.between(low, cursor))
                        .order_by(_EVENTS.ticket_id, _EVENTS.seq))
        updates = _by_columns(_changes(tickets, _records_by_ticket(events), context, now))
        db.session.commit()  # end the read: the write below starts with the turn
        with _write_turn:
            _write(updates)
            db.session.commit()
        total += RebuildResult(len(tickets), sum(map(len, updates.values())))
    return total


@contextmanager
def _no_cyclic_gc() -> Iterator[None]:
    """Pause the cycle collector while batches are folded.

    A batch holds tens of thousands of fresh rows and the fold allocates a few dozen
    objects per ticket, none of them in a reference cycle: the collector's passes over
    them found nothing and cost about 15 % of the rebuild. Plain reference counting still
    frees everything; whatever cycle a library makes is collected once it is back on.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


Change = dict[str, Any]
"""A changed row: the ticket id and the new value of each column that changed."""


def _by_columns(changes: Iterator[Change]) -> dict[tuple[str, ...], list[Change]]:
    """The changed rows grouped by which columns changed: one UPDATE statement each."""
    groups: dict[tuple[str, ...], list[Change]] = {}
    for row in changes:
        groups.setdefault(tuple(row), []).append(row)
    return groups


def _write(changes: dict[tuple[str, ...], list[Change]]) -> None:
    """Each set of changed rows in one executemany on the driver's cursor, as `_fetch` reads.

    SQLAlchemy's per-row bind processing cost as much as SQLite's own update; `_stored`
    converts the instants as UTCDateTime would. The statement is SQLAlchemy's, compiled
    for the keys of the rows as its own executemany would.
    """
    connection = db.session.connection()
    dialect = connection.dialect
    as_text = dialect.name == "sqlite"
    cursor = connection.connection.cursor()
    try:
        for columns, rows in changes.items():
            compiled = _UPDATE.compile(dialect=dialect, column_keys=list(columns))
            if as_text:
                _stored(rows, _INSTANT_COLUMNS.intersection(columns))
            params: list[Any] = rows
            if compiled.positiontup is not None:  # qmark/format drivers take sequences
                order = itemgetter(*compiled.positiontup)
                params = [order(row) for row in rows]
            cursor.executemany(str(compiled), params)
    finally:
        cursor.close()


def _stored(rows: list[Change], instants: frozenset[str]) -> None:
    """The instants of the rows as UTCDateTime stores them in SQLite, in place.

    The text must be the same to the last digit: SQLite compares stored instants as text.
    Many rows share an instant (every ticket with something due wakes `now`).
    """
    text: dict[datetime, str] = {}
    for name in instants:
        for row in rows:
            value = row[name]
            if value is not None:
                known = text.get(value)
                if known is None:
                    if value.utcoffset() is None:
                        raise ValueError(f"naive datetime {value!r}: every instant must be "
                                         "timezone-aware")
                    known = text[value] = (value.astimezone(UTC).replace(tzinfo=None)
                                           .isoformat(" ", "microseconds"))
                row[name] = known


def _changes(tickets: list[Any], by_ticket: dict[int, list[Record]], context: Context,
             now: datetime) -> Iterator[Change]:
    """The changed columns of each ticket whose stored ones differ."""
    slas, settings = context.slas, context.settings
    no_events: list[Record] = []
    for ticket_id, contract_id, submitted_at, *stored in tickets:
        for index in _INSTANTS:
            stored[index] = _utc(stored[index])
        _, values = derive_values(by_ticket.get(ticket_id, no_events), slas[contract_id],
                                  _utc(submitted_at), settings, now)
        if values[_TITLE] is None:  # no title in the events: the stored one stays
            values = values[:_TITLE] + (stored[_TITLE],) + values[_TITLE + 1:]
        if values != tuple(stored):
            row = {"ticket_id": ticket_id}
            for name, value, was in zip(COLUMNS, values, stored, strict=True):
                if value != was:
                    row[name] = value
            yield row


def _records_by_ticket(events: list[Any]) -> dict[int, list[Record]]:
    return {ticket_id: [(kind, _utc(at), payload, channel, key)
                        for _, kind, at, payload, channel, key in rows]
            for ticket_id, rows in groupby(events, itemgetter(0))}


def _fetch(query: Select[Any]) -> list[Any]:
    """The rows of a Core query as the driver returns them.

    SQLAlchemy's Row objects and the UTCDateTime result processing cost more than the
    SQLite read itself (about 3 µs of 5 per event row); `_utc` does the same conversion.
    """
    connection = db.session.connection()
    compiled = query.compile(dialect=connection.dialect,
                             compile_kwargs={"render_postcompile": True})
    params: Any = compiled.params
    if compiled.positiontup is not None:  # qmark/format drivers take a sequence
        params = tuple(params[name] for name in compiled.positiontup)
    cursor = connection.connection.cursor()
    try:
        cursor.execute(str(compiled), params)
        return cursor.fetchall()  # type: ignore[no-any-return]
    finally:
        cursor.close()


def _utc(value: Any) -> datetime | None:
    """A stored instant as UTCDateTime returns it: aware, in UTC.

    SQLite hands back the stored text (UTC without a zone, as UTCDateTime binds it),
    PostgreSQL an aware datetime. Naming the zone in the text is ten times cheaper than
    datetime.replace.
    """
    if value is None:
        return None
    if value.__class__ is str:
        return _fromisoformat(value + "+00:00")
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def rebuild_all(now: datetime, *, batch: int = 5000,
                progress: Callable[[int], None] | None = None,
                open_only: bool = False, workers: int = 1) -> RebuildResult:
    low, high = db.session.execute(select(func.min(Ticket.id), func.max(Ticket.id))).one()
    if low is None:
        return RebuildResult(0, 0)
    context = load_context()
    size = CHUNK
    if workers > 1:  # several chunks per worker, so that they all finish about together
        size = min(CHUNK, -(-(high - low + 1) // (workers * CHUNKS_PER_WORKER)))
    chunks = [(now, start, min(start + size - 1, high), batch, open_only)
              for start in range(low, high + 1, size)]
    if workers <= 1 or len(chunks) == 1:
        results = (_chunk(args, context) for args in chunks)
        return _collect(results, progress)
    # Nothing open may cross the fork: each child opens its own connections.
    db.session.remove()
    db.engine.dispose()
    fork = multiprocessing.get_context("fork")
    # Forked, the children inherit the context (and its compiled calendars) as it is.
    with fork.Pool(workers, initializer=_in_child, initargs=(context, fork.Lock())) as pool:
        return _collect(pool.imap_unordered(_chunk_in_child, chunks), progress)


def default_workers() -> int:
    return max(1, min(4, len(os.sched_getaffinity(0))))


def _collect(results, progress):  # type: ignore[no-untyped-def]
    total = RebuildResult(0, 0)
    for result in results:
        total += result
        if progress is not None:
            progress(result.tickets)
    return total


_child_context: Context | None = None  # set in each forked worker
_write_turn: AbstractContextManager[Any] = nullcontext()  # the workers' shared lock


def _in_child(context: Context, turn: AbstractContextManager[Any]) -> None:
    global _child_context, _write_turn
    _child_context, _write_turn = context, turn
    db.engine.dispose(close=False)


def _chunk_in_child(args: tuple[datetime, int, int, int, bool]) -> RebuildResult:
    return _chunk(args, _child_context)


def _chunk(args: tuple[datetime, int, int, int, bool],
           context: Context | None) -> RebuildResult:
    now, first, last, batch, open_only = args
    return rebuild_range(now, first, last, batch=batch, open_only=open_only, context=context)
