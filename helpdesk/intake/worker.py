"""The intake worker: a process of its own that turns stored mail into tickets.

The listener stores mail and answers 250; parsing, routing and writing the tickets is CPU
work that in the listener's process would share one core with it (the GIL). In a process
of its own it runs on another core. Both write to one database, so they take turns through
a write token, a lock shared by the two processes: a storage commit gets the token as soon
as the worker's running batch commits, where SQLite's own busy wait would sleep in steps
of up to 100 ms (too coarse for a 250 within 50 ms).

The listener wakes the worker through a pipe, a byte per storage commit; the pipe's end
(the listener stopping or dying) ends the worker, and so does PR_SET_PDEATHSIG in the
middle of a batch. No process-shared condition is used: one whose waiter was killed
blocks whoever notifies it next. The listener starts a new worker when one dies.
Whatever either leaves half done is redone: a batch is one transaction, and processing is
idempotent (mail.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import multiprocessing
import os
import select
import signal
import threading
import time
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Lock
from types import TracebackType
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

IDLE_SECONDS = 5.0  # also how soon mail stored by another listener is found
TOKEN_PATIENCE = 2.0  # the longest a writer waits for the token before writing anyway
RESPAWN_SECONDS = 1.0
LIMIT = 200  # messages between two looks at the pipe and the parent
# Messages per write transaction: the listener's next storage commit waits for at most one
# (a few ms); the reads of a batch happen before its turn, outside the token.
BATCH = 8


class WriteToken:
    """Whose turn it is to write. Reusable; each process holds it from one thread only.

    A holder that died keeps the lock taken: the other side then writes after
    TOKEN_PATIENCE anyway (SQLite's busy timeout still keeps it correct) until the
    listener replaces the lock along with the worker."""

    def __init__(self, lock: Lock | None = None) -> None:
        self._lock = lock
        self._held: Lock | None = None

    def use(self, lock: Lock) -> None:
        self._lock = lock

    def __enter__(self) -> None:
        lock = self._lock
        if lock is not None and lock.acquire(timeout=TOKEN_PATIENCE):
            self._held = lock

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.release()


class IntakeWorker:
    """The listener's side: starts the worker process, wakes it, restarts it, stops it."""

    def __init__(self, app: Flask) -> None:
        self._context = multiprocessing.get_context("spawn")  # safe beside running threads
        self._config = worker_config(app)
        self.token = WriteToken()
        self._stopping = threading.Event()
        self._process: Any = None
        self._wakeup: Connection | None = None  # the pipe's writing end
        self._watch = threading.Thread(target=self._supervise, name="intake-worker-watch",
                                       daemon=True)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def start(self) -> IntakeWorker:
        self._spawn()
        self._watch.start()
        return self

    def notify(self) -> None:
        """Mail was stored: the worker takes it now rather than at its next idle look."""
        wakeup = self._wakeup
        if wakeup is not None:
            # A full pipe already holds a wake-up; a dead reader is being replaced.
            with contextlib.suppress(BlockingIOError, BrokenPipeError, OSError):
                os.write(wakeup.fileno(), b"!")

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        if self._wakeup is not None:
            self._wakeup.close()  # the worker reads the end of the pipe and stops
            self._wakeup = None
        if self._process is not None:
            self._process.join(timeout)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(timeout)
        self._watch.join(timeout)

    def _spawn(self) -> None:
        lock = self._context.Lock()
        reading, writing = self._context.Pipe(duplex=False)
        os.set_blocking(writing.fileno(), False)
        self.token.use(lock)
        self._process = self._context.Process(
            target=serve, args=(self._config, lock, reading, os.getpid()),
            name="helpdesk-intake-worker", daemon=True)
        self._process.start()
        reading.close()  # the worker's end: only it may hold it, or its end goes unseen
        old, self._wakeup = self._wakeup, writing
        if old is not None:
            old.close()

    def _supervise(self) -> None:
        # Runs in the thread that keeps respawning: PR_SET_PDEATHSIG follows the thread
        # that started the child, and this one lives as long as the listener.
        while not self._stopping.is_set():
            self._process.join(timeout=0.5)
            if self._process.exitcode is None or self._stopping.is_set():
                continue
            log.warning("intake worker exited with %s; starting a new one",
                        self._process.exitcode)
            if self._stopping.wait(RESPAWN_SECONDS):
                return
            self._spawn()


def worker_config(app: Flask) -> dict[str, Any]:
    """The settings the worker's own app is made with: the listener's, whatever their source."""
    config = {key.removeprefix("HELPDESK_"): value for key, value in app.config.items()
              if key.startswith("HELPDESK_")}
    config["TESTING"] = app.config.get("TESTING", False)
    return config


def serve(config: dict[str, Any], lock: Lock, wakeup: Connection, parent: int) -> None:
    """The worker process: process what is stored, then wait to be woken."""
    _die_with_parent()
    from helpdesk import create_app, logs

    logs.configure_once(config)  # a spawned process starts with no logging set up
    from helpdesk.clock import utcnow
    from helpdesk.extensions import db
    from helpdesk.intake.mail import process_pending

    token = WriteToken(lock)
    app = create_app(config)
    with app.app_context():
        while os.getppid() == parent:
            if not _drain(wakeup, wait=0):
                return  # the listener stopped
            try:
                handled = process_pending(utcnow(), limit=LIMIT, batch=BATCH, guard=token)
            except Exception:
                log.exception("processing inbound mail failed")
                db.session.rollback()
                handled = 0
                time.sleep(RESPAWN_SECONDS)
            if not handled and not _drain(wakeup, wait=IDLE_SECONDS):
                return


def _drain(wakeup: Connection, *, wait: float) -> bool:
    """Take every wake-up waiting (after up to `wait` s for one); False at the pipe's end."""
    readable, _, _ = select.select([wakeup.fileno()], [], [], wait)
    while readable:
        if not os.read(wakeup.fileno(), 4096):
            return False
        readable, _, _ = select.select([wakeup.fileno()], [], [], 0)
    return True


def _die_with_parent() -> None:
    """Ask Linux to end this process when the listener ends, even by SIGKILL."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the parent check between batches remains
        pass
