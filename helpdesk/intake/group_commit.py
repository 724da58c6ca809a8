"""Group commit for inbound mail: many messages per transaction (and per fsync).

The SMTP handler hands each message to the committer and waits; the committer thread
takes whatever has queued up, inserts it in one statement and commits, and only then
releases the waiting handlers, which answer 250. Nothing is acknowledged before it is on
disk, and under load the cost of one fsync is shared by the whole batch.

After every storage commit (and when idle) the same thread turns one small batch of stored
mail into tickets, so during a burst both progress and a message waits at most one short
processing batch to be stored. One writer thread means storing never waits for SQLite's
write lock held by the processing. Only storage commits are synced to disk on SQLite
(synchronous=FULL): processing is idempotent and is redone from the stored mail should a
power cut lose it.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import Connection, insert

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.store import dedup_key_for
from helpdesk.models import InboundMail

log = logging.getLogger(__name__)

MAX_BATCH = 200
IDLE_SECONDS = 5.0  # how often an idle listener looks for mail stored by someone else

_STORE = insert(InboundMail).returning(InboundMail.id, sort_by_parameter_order=True)


@dataclass
class Pending:
    raw: bytes
    peer: str
    envelope_from: str
    envelope_to: list[str]
    done: Future[int]


class GroupCommitter:
    def __init__(self, app: Flask, process: Callable[[], int] | None = None) -> None:
        """`process` turns one batch of stored mail into tickets and says how many."""
        self.app = app
        self.process = process
        self._queue: queue.Queue[Pending | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="intake-commit", daemon=True)

    def start(self) -> GroupCommitter:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=10)

    def submit(self, raw: bytes, *, peer: str, envelope_from: str,
               envelope_to: list[str]) -> Future[int]:
        done: Future[int] = Future()
        self._queue.put(Pending(raw, peer, envelope_from, envelope_to, done))
        return done

    def _loop(self) -> None:
        with self.app.app_context():
            backlog = self.process is not None  # mail stored before a restart
            while True:
                batch = self._take(wait=not backlog)
                if batch is None:
                    return
                if batch:
                    self._store(batch)
                if self.process is not None:
                    backlog = self._process()

    def _take(self, *, wait: bool) -> list[Pending] | None:
        """Everything waiting to be stored (perhaps nothing), or None when told to stop."""
        try:
            first = self._queue.get(timeout=IDLE_SECONDS) if wait else self._queue.get_nowait()
        except queue.Empty:
            return []
        if first is None:
            return None
        batch = [first]
        while len(batch) < MAX_BATCH:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                break
            if item is None:
                self._queue.put(None)  # stop once what came before is stored
                break
            batch.append(item)
        return batch

    def _process(self) -> bool:
        """One batch; True when there may be more."""
        assert self.process is not None
        try:
            return self.process() > 0
        except Exception:
            log.exception("processing inbound mail failed")
            db.session.rollback()
            return False

    def _store(self, batch: list[Pending]) -> None:
        now = utcnow()
        day = now.date().isoformat()
        rows = [
            {"received_at": now, "peer": item.peer[:100],
             "envelope_from": item.envelope_from[:320],
             "envelope_to": ", ".join(item.envelope_to), "raw": item.raw,
             "size": len(item.raw), "dedup_key": dedup_key_for(item.raw, day=day),
             "state": "received"}
            for item in batch
        ]
        try:
            with db.engine.connect() as connection, _synced(connection):
                ids = connection.execute(_STORE, rows).scalars().all()
                connection.commit()
        except Exception as problem:
            log.exception("could not store a batch of %d messages", len(batch))
            for item in batch:
                item.done.set_exception(problem)
            return
        for item, mail_id in zip(batch, ids, strict=True):
            item.done.set_result(mail_id)


@contextmanager
def _synced(connection: Connection) -> Iterator[None]:
    """Durable means on disk: on SQLite, fsync the WAL at this connection's commits."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA synchronous=FULL")
    try:
        yield
    finally:  # the pooled connection goes back to others, who need no fsync per commit
        connection.exec_driver_sql("PRAGMA synchronous=NORMAL")
