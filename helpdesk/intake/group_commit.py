"""Group commit for inbound mail: many messages per transaction (and per fsync).

The SMTP handler hands each message to the committer and waits; the committer thread
takes whatever has queued up, inserts it in one statement and commits, and only then
releases the waiting handlers, which answer 250. Nothing is acknowledged before it is on
disk, and under load the cost of one fsync is shared by the whole batch.

The same thread turns stored mail into tickets, a batch at a time. Storing goes first:
while senders keep it busy, processing waits, but never lets stored mail wait longer than
LAG_SECONDS (the promise is a ticket within 2 s); when storing is quiet it processes at
once. One writer thread means storing never waits for SQLite's write lock held by the
processing. Only storage commits are synced to disk on SQLite (synchronous=FULL):
processing is idempotent and is redone from the stored mail should a power cut lose it.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import AbstractContextManager, contextmanager, nullcontext
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
LAG_SECONDS = 0.5  # how long stored mail may wait for processing while storing is busy
QUIET_SECONDS = 0.02  # storing is busy when it committed more recently than this
PROCESS_BATCH = 10  # messages per processing round: storing waits at most one round

_STORE = insert(InboundMail).returning(InboundMail.id, sort_by_parameter_order=True)


@dataclass
class Pending:
    raw: bytes
    peer: str
    envelope_from: str
    envelope_to: list[str]
    done: Future[int]


class GroupCommitter:
    def __init__(self, app: Flask, process: Callable[[int], int] | None = None, *,
                 write_guard: AbstractContextManager[object] | None = None,
                 after_store: Callable[[], None] | None = None) -> None:
        """`process(limit)` turns up to `limit` stored messages into tickets; returns how many.

        Without it, processing is someone else's: the intake worker process (worker.py),
        whose write token is `write_guard` and which `after_store` wakes."""
        self.app = app
        self.process = process
        self._write_guard = write_guard or nullcontext()
        self._after_store = after_store
        self._queue: queue.Queue[Pending | None] = queue.Queue()
        self._thread = threading.Thread(target=self._loop, name="intake-commit", daemon=True)
        self._unprocessed = Unprocessed()
        self._stored_at = 0.0  # monotonic instant of the last storage commit

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
                batch = self._take(timeout=self._patience(backlog))
                if batch is None:
                    return
                if batch:
                    self._store(batch)
                    backlog = self.process is not None
                if self.process is not None and not (batch and self._may_wait()):
                    backlog = self._process()

    def _patience(self, backlog: bool) -> float:
        """How long to wait for mail to store before turning to the processing."""
        if not backlog:
            return IDLE_SECONDS
        busy = time.monotonic() - self._stored_at < QUIET_SECONDS
        return QUIET_SECONDS if busy and self._may_wait() else 0.0

    def _may_wait(self) -> bool:
        return self._unprocessed.waited(time.monotonic()) < LAG_SECONDS

    def _take(self, *, timeout: float) -> list[Pending] | None:
        """Everything waiting to be stored (perhaps nothing), or None when told to stop."""
        try:
            first = self._queue.get(timeout=timeout) if timeout else self._queue.get_nowait()
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
            handled = self.process(PROCESS_BATCH)
        except Exception:
            log.exception("processing inbound mail failed")
            db.session.rollback()
            return False
        self._unprocessed.processed(handled, more=handled == PROCESS_BATCH)
        return handled == PROCESS_BATCH

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
            with db.engine.connect() as connection, _synced(connection), self._write_guard:
                ids = connection.execute(_STORE, rows).scalars().all()
                connection.commit()
        except Exception as problem:
            log.exception("could not store a batch of %d messages", len(batch))
            for item in batch:
                item.done.set_exception(problem)
            return
        self._stored_at = time.monotonic()
        self._unprocessed.stored(len(ids), at=self._stored_at)
        for item, mail_id in zip(batch, ids, strict=True):
            item.done.set_result(mail_id)
        if self._after_store is not None:
            self._after_store()


class Unprocessed:
    """The storage commits whose mail processing has not reached yet, oldest first.

    Processing takes stored mail oldest first, so it consumes these in order. Mail stored
    before a restart or by another listener is not counted here: it is taken first all the
    same, and whatever is left is found when storing is quiet.
    """

    def __init__(self) -> None:
        self._commits: deque[list[float]] = deque()  # [monotonic instant, messages left]

    def stored(self, count: int, *, at: float) -> None:
        self._commits.append([at, count])

    def processed(self, count: int, *, more: bool) -> None:
        if not more:
            self._commits.clear()
        while count and self._commits:
            taken = min(count, int(self._commits[0][1]))
            self._commits[0][1] -= taken
            count -= taken
            if not self._commits[0][1]:
                self._commits.popleft()

    def waited(self, now: float) -> float:
        """How long the oldest unprocessed mail has waited (0 when there is none)."""
        return now - self._commits[0][0] if self._commits else 0.0


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
