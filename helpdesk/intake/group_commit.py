"""Group commit for inbound mail: many messages per transaction (and per fsync).

The SMTP handler hands each message to the committer and waits; the committer thread
takes whatever has queued up, inserts it in one transaction and commits, and only then
releases the waiting handlers, which answer 250. Nothing is acknowledged before it is on
disk, and under load the cost of one fsync is shared by the whole batch.

When no message waits, the same thread turns stored mail into tickets, one message at a
time. One writer thread means storing never waits for SQLite's write lock held by the
processing, and storing always goes first.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import insert, text

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.store import dedup_key_for
from helpdesk.models import InboundMail

log = logging.getLogger(__name__)

MAX_BATCH = 200
IDLE_SECONDS = 5.0  # how often an idle listener looks for mail stored by someone else


@dataclass
class Pending:
    raw: bytes
    peer: str
    envelope_from: str
    envelope_to: list[str]
    done: Future[int]


class GroupCommitter:
    def __init__(self, app: Flask, process_one: Callable[[], bool] | None = None) -> None:
        self.app = app
        self.process_one = process_one
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
            backlog = self.process_one is not None  # mail stored before a restart
            while True:
                try:
                    first = self._queue.get(timeout=0 if backlog else IDLE_SECONDS)
                except queue.Empty:
                    backlog = self._process_one()
                    continue
                if first is None:
                    return
                batch = [first]
                while len(batch) < MAX_BATCH:
                    try:
                        item = self._queue.get_nowait()
                    except queue.Empty:
                        break
                    if item is None:
                        self._queue.put(None)
                        break
                    batch.append(item)
                self._commit(batch)
                backlog = self.process_one is not None

    def _process_one(self) -> bool:
        if self.process_one is None:
            return False
        try:
            return self.process_one()
        except Exception:
            log.exception("processing inbound mail failed")
            db.session.rollback()
            return False

    def _commit(self, batch: list[Pending]) -> None:
        now = utcnow()
        day = now.date().isoformat()
        try:
            with db.engine.begin() as connection:
                if connection.dialect.name == "sqlite":
                    # Durable means on disk: fsync the WAL at this commit.
                    connection.execute(text("PRAGMA synchronous=FULL"))
                ids = []
                for item in batch:
                    result = connection.execute(insert(InboundMail).values(
                        received_at=now, peer=item.peer[:100],
                        envelope_from=item.envelope_from[:320],
                        envelope_to=", ".join(item.envelope_to), raw=item.raw,
                        size=len(item.raw), dedup_key=dedup_key_for(item.raw, day=day),
                        state="received",
                    ))
                    ids.append(result.inserted_primary_key[0])
        except Exception as problem:
            log.exception("could not store a batch of %d messages", len(batch))
            for item in batch:
                item.done.set_exception(problem)
            return
        for item, mail_id in zip(batch, ids, strict=True):
            item.done.set_result(mail_id)
