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
from multiprocessing.connection import Connection, wait
from multiprocessing.synchronize import Lock
from types import TracebackType
from typing import Any

from flask import Flask

log = logging.getLogger(__name__)

IDLE_SECONDS = 5.0  # also how soon mail stored by another listener is found
TOKEN_PATIENCE = 2.0  # the longest a writer waits for the token before writing anyway
RESPAWN_SECONDS = 1.0
YIELD_SECONDS = 0.0005  # how a worker waits while the listener waits for the token
LIMIT = 200  # messages between two looks at the pipe and the parent
# Messages per batch: read, parsed and looked up before the write transaction, so that
# the listener's next storage commit waits for the writing of one batch at most (~10 ms);
# fewer would cost more (a batch's lookups cost as much for one message as for twenty).
BATCH = 16


class WriteToken:
    """Whose turn it is to write. Reusable; each process holds it from one thread only.

    The listener goes first: it raises a shared flag while it waits, and a worker about to
    take the token lets it pass (a lock has no queue, and workers writing batch after batch
    would otherwise keep a 250 waiting). A holder that died keeps the lock taken: the other
    side then writes after TOKEN_PATIENCE anyway (SQLite's busy timeout still keeps it
    correct) until the listener replaces the lock along with the workers."""

    def __init__(self, lock: Lock | None = None, waiting: Any = None, *,
                 listener: bool = False) -> None:
        self._lock = lock
        self._waiting = waiting  # a shared byte: 1 while the listener waits for its turn
        self._listener = listener
        self._held: Lock | None = None

    def use(self, lock: Lock, waiting: Any) -> None:
        self._lock, self._waiting = lock, waiting

    def __enter__(self) -> None:
        lock, waiting = self._lock, self._waiting
        if lock is None:
            return
        if self._listener:
            waiting.value = 1
        else:
            patience = time.monotonic() + TOKEN_PATIENCE
            while waiting.value and time.monotonic() < patience:
                time.sleep(YIELD_SECONDS)
        try:
            if lock.acquire(timeout=TOKEN_PATIENCE):
                self._held = lock
        finally:
            if self._listener:
                waiting.value = 0

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        held, self._held = self._held, None
        if held is not None:
            held.release()


class IntakeWorker:
    """The listener's side: starts the worker processes, wakes them, restarts them, stops
    them. Each of the `count` workers takes its own share of the stored mail (by id), so
    they never parse the same message; they write in turns through one token."""

    def __init__(self, app: Flask, count: int | None = None) -> None:
        self._context = multiprocessing.get_context("spawn")  # safe beside running threads
        self._config = worker_config(app)
        self.count = count or app.config["HELPDESK_INTAKE_WORKERS"]
        self.token = WriteToken(listener=True)
        self._stopping = threading.Event()
        self._processes: list[Any] = []
        self._wakeups: list[Connection] = []  # the pipes' writing ends
        self._watch = threading.Thread(target=self._supervise, name="intake-worker-watch",
                                       daemon=True)

    @property
    def pids(self) -> list[int]:
        return [process.pid for process in self._processes]

    def start(self) -> IntakeWorker:
        self._spawn()
        self._watch.start()
        return self

    def notify(self) -> None:
        """Mail was stored: the workers take it now rather than at their next idle look."""
        for wakeup in list(self._wakeups):
            # A full pipe already holds a wake-up; a dead reader is being replaced.
            with contextlib.suppress(BlockingIOError, BrokenPipeError, OSError, ValueError):
                os.write(wakeup.fileno(), b"!")

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._end(timeout)
        self._watch.join(timeout)

    def _end(self, timeout: float) -> None:
        wakeups, self._wakeups = self._wakeups, []
        for wakeup in wakeups:
            wakeup.close()  # the worker reads the end of its pipe and stops
        for process in self._processes:
            process.join(timeout)
            if process.is_alive():
                process.terminate()
                process.join(timeout)

    def _spawn(self) -> None:
        # A new token with every generation: a worker killed while holding the old one
        # would keep it taken for good.
        lock, waiting = self._context.Lock(), self._context.RawValue("b", 0)
        self.token.use(lock, waiting)
        processes, wakeups = [], []
        for share in range(self.count):
            reading, writing = self._context.Pipe(duplex=False)
            os.set_blocking(writing.fileno(), False)
            process = self._context.Process(
                target=serve, args=(self._config, lock, waiting, reading, os.getpid(),
                                    (share, self.count)),
                name=f"helpdesk-intake-worker-{share}", daemon=True)
            process.start()
            reading.close()  # the worker's end: only it may hold it, or its end goes unseen
            processes.append(process)
            wakeups.append(writing)
        self._processes, self._wakeups = processes, wakeups

    def _supervise(self) -> None:
        # Runs in the thread that keeps respawning: PR_SET_PDEATHSIG follows the thread
        # that started the child, and this one lives as long as the listener.
        while not self._stopping.is_set():
            wait([process.sentinel for process in self._processes], timeout=0.5)
            ended = [p.exitcode for p in self._processes if p.exitcode is not None]
            if not ended or self._stopping.is_set():
                continue
            log.warning("intake worker exited with %s; starting them all again", ended[0])
            self._end(timeout=10.0)  # the others may wait on a token the dead one held
            if self._stopping.wait(RESPAWN_SECONDS):
                return
            self._spawn()


def worker_config(app: Flask) -> dict[str, Any]:
    """The settings the worker's own app is made with: the listener's, whatever their source."""
    config = {key.removeprefix("HELPDESK_"): value for key, value in app.config.items()
              if key.startswith("HELPDESK_")}
    config["TESTING"] = app.config.get("TESTING", False)
    return config


def serve(config: dict[str, Any], lock: Lock, waiting: Any, wakeup: Connection, parent: int,
          share: tuple[int, int] = (0, 1)) -> None:
    """A worker process: process its share of what is stored, then wait to be woken."""
    _die_with_parent()
    from helpdesk import create_app, logs

    logs.configure_once(config)  # a spawned process starts with no logging set up
    from helpdesk.clock import utcnow
    from helpdesk.extensions import db
    from helpdesk.intake.mail import process_pending

    token = WriteToken(lock, waiting)
    app = create_app(config)
    with app.app_context():
        while os.getppid() == parent:
            if not _drain(wakeup, wait=0):
                return  # the listener stopped
            try:
                handled = _process_share(process_pending, utcnow, token, share)
            except Exception:
                log.exception("processing inbound mail failed")
                db.session.rollback()
                handled = 0
                time.sleep(RESPAWN_SECONDS)
            if not handled and not _drain(wakeup, wait=IDLE_SECONDS):
                return


def _process_share(process_pending: Any, utcnow: Any, token: WriteToken,
                   share: tuple[int, int]) -> int:
    """Up to LIMIT messages of this worker's share, a batch at a time, each batch processed
    as of the clock when it starts (the instant its tickets and records are stamped with)."""
    handled = 0
    while handled < LIMIT:
        done = process_pending(utcnow(), limit=BATCH, batch=BATCH, guard=token, share=share)
        handled += done
        if done < BATCH:
            break
    return handled


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
