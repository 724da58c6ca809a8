"""Leader election without a database: a fake lock and an injected clock, no sleeping."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal

import pytest

from helpdesk.jobs.leader import FileLock, Leadership, PostgresLock, lock_for

# date_free: the SQLite leader lock (a file lock), no time in it; no clock read, no database.
pytestmark = pytest.mark.date_free


class FakeLock:
    """One shared 'server' holds the lock for at most one owner."""

    description = "fake lock"

    def __init__(self, server: dict, name: str) -> None:
        self.server = server
        self.name = name
        self.attempts = 0

    def acquire(self) -> bool:
        self.attempts += 1
        if self.server.get("owner") in (None, self.name):
            self.server["owner"] = self.name
            return True
        return False

    def held(self) -> bool:
        return self.server.get("owner") == self.name

    def release(self) -> None:
        if self.held():
            self.server["owner"] = None


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def pair(retry: float = 5):
    server: dict = {}
    clock = Clock()
    a = Leadership(FakeLock(server, "a"), retry_seconds=retry, clock=clock)
    b = Leadership(FakeLock(server, "b"), retry_seconds=retry, clock=clock)
    return server, clock, a, b


def test_the_first_to_try_leads_and_the_other_follows():
    _, _, a, b = pair()
    assert a.check() is True and a.role == "leader"
    assert b.check() is False and b.role == "follower"


def test_a_follower_retries_only_every_retry_seconds():
    _, clock, a, b = pair(retry=5)
    a.check()
    b.check()
    clock.now += 4.9
    b.check()
    assert b.lock.attempts == 1  # too early: not asked again
    clock.now += 0.1
    b.check()
    assert b.lock.attempts == 2


def test_a_follower_takes_over_within_one_retry_after_the_leader_dies(caplog):
    server, clock, a, b = pair(retry=5)
    a.check()
    b.check()
    server["owner"] = None  # the leader's session ended: PostgreSQL dropped its lock
    clock.now += 2
    assert b.check() is False  # not yet its turn to try
    clock.now += 3
    with caplog.at_level(logging.INFO, logger="helpdesk.jobs.leader"):
        assert b.check() is True
    assert "took the scheduler leadership" in caplog.text


def test_a_leader_that_lost_its_lock_steps_down_before_running(caplog):
    server, _, a, b = pair()
    a.check()
    server["owner"] = "b"  # e.g. its connection died and another process took the lock
    with caplog.at_level(logging.INFO, logger="helpdesk.jobs.leader"):
        assert a.check() is False
    assert a.role == "follower"
    assert "lost the scheduler leadership" in caplog.text


def test_a_leader_that_lost_its_lock_takes_it_back_at_once_when_free():
    server, _, a, _ = pair()
    a.check()
    server["owner"] = None
    assert a.check() is True  # no retry wait after losing: a fresh connection may get it


def test_the_leader_checks_its_lock_on_every_run_without_waiting():
    _, clock, a, _ = pair(retry=60)
    a.check()
    for _ in range(3):
        assert a.check() is True
    assert a.lock.attempts == 1  # proving the lock is not trying to take it again


def test_resigning_frees_the_lock_for_the_follower():
    _, clock, a, b = pair(retry=5)
    a.check()
    b.check()
    a.resign()
    clock.now += 5
    assert b.check() is True and a.role == "follower"


def test_only_one_file_lock_holder_at_a_time(tmp_path):
    path = tmp_path / "db.sqlite3.scheduler-lock"
    first, second = FileLock(path), FileLock(path)
    assert first.acquire() is True
    assert second.acquire() is False
    first.release()
    assert second.acquire() is True
    assert path.read_text().strip() == str(os.getpid())
    second.release()


def _hold(path: str, ready) -> None:  # in a child process
    FileLock(__import__("pathlib").Path(path)).acquire()
    ready.set()
    signal.pause()


def test_a_killed_process_frees_the_file_lock(tmp_path):
    path = tmp_path / "lock"
    ready = multiprocessing.get_context("fork").Event()
    child = multiprocessing.get_context("fork").Process(target=_hold, args=(str(path), ready))
    child.start()
    try:
        assert ready.wait(10)
        assert FileLock(path).acquire() is False
        os.kill(child.pid, signal.SIGKILL)
        child.join(10)
        mine = FileLock(path)
        assert mine.acquire() is True
        mine.release()
    finally:
        if child.is_alive():
            child.kill()


def test_the_lock_follows_the_database():
    lock = lock_for("postgresql+psycopg://helpdesk:s%40cret@db.example:5433/helpdesk", "/x")
    assert isinstance(lock, PostgresLock)
    assert lock.conninfo == "postgresql://helpdesk:s%40cret@db.example:5433/helpdesk"
    sqlite = lock_for("sqlite:////srv/helpdesk/helpdesk.sqlite3", "/srv/instance")
    assert isinstance(sqlite, FileLock)
    assert str(sqlite.path) == "/srv/helpdesk/helpdesk.sqlite3.scheduler-lock"
