"""Scheduler leader election: of all scheduler processes on one database, one leads.

On PostgreSQL the leader holds a session advisory lock on a connection of its own for as
long as it leads; PostgreSQL drops the lock the moment that session ends (a killed process's
socket is closed by its kernel; a vanished machine is noticed by TCP keepalives within about
half a minute). On SQLite, which lives on one machine, an exclusive flock on a file beside
the database gives the same property: the kernel releases it when the process dies.

Followers try again every HELPDESK_LEADER_RETRY_SECONDS; the leader proves its lock alive
before each run and steps down when it cannot. Leading is an economy, not the guarantee:
for a moment two processes may both believe they lead (a partitioned leader that has not
noticed yet), and then the dedup keys and FOR UPDATE SKIP LOCKED in the deadline sweep still
record every breach and escalation exactly once.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from flask import Flask
from sqlalchemy.engine import make_url

log = logging.getLogger(__name__)

# One fixed key per database ("HDSK"); advisory locks are local to the database, so several
# helpdesk databases on one server elect their leaders independently.
LOCK_KEY = int.from_bytes(b"HDSK", "big")
TIMEOUT_SECONDS = 5


class Lock(Protocol):
    description: str

    def acquire(self) -> bool: ...

    def held(self) -> bool: ...

    def release(self) -> None: ...


class PostgresLock:
    """pg_try_advisory_lock on a dedicated autocommit connection, kept open while leading."""

    def __init__(self, conninfo: str, *, key: int = LOCK_KEY,
                 timeout_seconds: int = TIMEOUT_SECONDS) -> None:
        self.conninfo = conninfo
        self.key = key
        self.timeout = timeout_seconds
        self.description = f"PostgreSQL advisory lock {key}"
        self._conn = None  # type: ignore[var-annotated]

    def _connect(self):  # type: ignore[no-untyped-def]
        import psycopg

        # Client side: a dead server or network fails our checks within seconds instead of
        # hanging on TCP retransmissions (tcp_user_timeout), and idle sockets are probed.
        conn = psycopg.connect(
            self.conninfo, autocommit=True, connect_timeout=self.timeout,
            application_name=f"helpdesk scheduler pid={os.getpid()}",
            keepalives=1, keepalives_idle=10, keepalives_interval=5, keepalives_count=3,
            tcp_user_timeout=self.timeout * 1000)
        # Server side: probe our socket so a vanished machine's lock is released in ~25 s;
        # never end this idle session for being idle; bound the liveness query.
        for statement in ("SET tcp_keepalives_idle = 10", "SET tcp_keepalives_interval = 5",
                          "SET tcp_keepalives_count = 3", "SET idle_session_timeout = 0",
                          "SET idle_in_transaction_session_timeout = 0",
                          f"SET statement_timeout = {self.timeout * 1000}"):
            conn.execute(statement)
        return conn

    def acquire(self) -> bool:
        import psycopg

        try:
            if self._conn is None or self._conn.closed:
                self._conn = self._connect()
            row = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
            return bool(row and row[0])
        except psycopg.Error as problem:
            log.warning("could not try the scheduler lock: %s", problem)
            self._close()
            return False

    def held(self) -> bool:
        """The session is alive and still holds the lock (session locks end only with it)."""
        import psycopg

        if self._conn is None or self._conn.closed:
            return False
        try:
            row = self._conn.execute(
                "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory'"
                " AND pid = pg_backend_pid() AND granted AND classid = %s AND objid = %s)",
                (self.key >> 32, self.key & 0xFFFFFFFF)).fetchone()
        except psycopg.Error as problem:
            log.warning("the scheduler lock connection failed: %s", problem)
            self._close()
            return False
        return bool(row and row[0])

    def release(self) -> None:
        """Unlock first: the session's end releases the lock too, but only once its backend
        has exited, a moment after we close; a follower should not wait for that."""
        if self._conn is not None and not self._conn.closed:
            with contextlib.suppress(Exception):
                self._conn.execute("SELECT pg_advisory_unlock(%s)", (self.key,))
        self._close()

    def _close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # already broken: nothing left to release
                self._conn.close()
        self._conn = None


class FileLock:
    """An exclusive flock: one holder per file, released by the kernel when a process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.description = f"lock file {path}"
        self._fd: int | None = None

    def acquire(self) -> bool:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())  # for the operator: who leads
        self._fd = fd
        return True

    def held(self) -> bool:
        return self._fd is not None  # a flock cannot be lost while the process lives

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


class Leadership:
    """Whether this process leads, asked before every timed run; the clock is injectable."""

    def __init__(self, lock: Lock, *, retry_seconds: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.lock = lock
        self.retry_seconds = retry_seconds
        self.clock = clock
        self.leading = False
        self._next_try = float("-inf")
        self._resigned = False
        self._mutex = threading.Lock()  # the scheduler's jobs ask from several threads

    @property
    def role(self) -> str:
        return "leader" if self.leading else "follower"

    def check(self) -> bool:
        """The leader proves its lock alive; a follower tries to take it, at most every
        retry_seconds. Returns whether this process leads now."""
        with self._mutex:
            if self._resigned:  # a job still running during shutdown must not take it back
                return False
            now = self.clock()
            if self.leading:
                if self.lock.held():
                    return True
                self.leading = False
                self._next_try = now  # a fresh connection may get the lock back at once
                log.warning("lost the scheduler leadership (%s); stepping down",
                            self.lock.description)
            if now < self._next_try:
                return False
            self._next_try = now + self.retry_seconds
            if self.lock.acquire():
                self.leading = True
                log.info("took the scheduler leadership (%s), pid %s",
                            self.lock.description, os.getpid())
            return self.leading

    def resign(self) -> None:
        with self._mutex:
            if self.leading:
                log.info("gave up the scheduler leadership (%s)", self.lock.description)
            self.leading = False
            self._resigned = True
            self.lock.release()


def lock_for(database_uri: str, instance_path: str) -> Lock:
    url = make_url(database_uri)
    if url.get_backend_name() == "postgresql":
        conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
        return PostgresLock(conninfo)
    # Beside the database file, so every process on that file (whatever its instance
    # folder) contends for the same lock; an in-memory database has only this process.
    database = url.database or ""
    if database and database != ":memory:":
        return FileLock(Path(database).with_name(Path(database).name + ".scheduler-lock"))
    Path(instance_path).mkdir(parents=True, exist_ok=True)
    return FileLock(Path(instance_path) / "scheduler.lock")


def leadership_for(app: Flask) -> Leadership:
    return Leadership(lock_for(app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path),
                      retry_seconds=app.config["HELPDESK_LEADER_RETRY_SECONDS"])


# This process's election, for /health ("leader", "follower", or "none": no scheduler here).
_current: Leadership | None = None


def register(leadership: Leadership) -> None:
    global _current
    _current = leadership


def unregister(leadership: Leadership) -> None:
    global _current
    if _current is leadership:
        _current = None


def role() -> str:
    return _current.role if _current is not None else "none"
