"""Leader election on the real database: advisory lock (PostgreSQL) or flock (SQLite)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from helpdesk.extensions import db
from helpdesk.jobs.leader import Leadership, PostgresLock, lock_for
from helpdesk.jobs.scheduler import DeadlineScheduler


def is_postgres(app) -> bool:
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql")


def test_of_two_schedulers_on_one_database_one_leads(app, client):
    first = DeadlineScheduler(app).start()
    second = DeadlineScheduler(app).start()
    try:
        assert first.leadership.role == "leader"
        assert second.leadership.role == "follower"
        assert client.get("/health").get_json()["scheduler"] == "follower"  # this process's
        first.shutdown()
        second.leadership._next_try = 0  # do not wait out the retry interval in a test
        second._elect()
        assert second.leadership.role == "leader"
        assert client.get("/health").get_json()["scheduler"] == "leader"
    finally:
        second.shutdown()
        if first.scheduler.running:
            first.shutdown()
    assert client.get("/health").get_json()["scheduler"] == "none"


def test_a_leader_whose_session_is_terminated_steps_down_and_the_other_takes_over(app):
    if not is_postgres(app):
        pytest.skip("advisory locks are PostgreSQL's; SQLite's flock is in tests/jobs")
    uri, folder = app.config["SQLALCHEMY_DATABASE_URI"], app.instance_path
    clock = [0.0]
    a = Leadership(lock_for(uri, folder), retry_seconds=5, clock=lambda: clock[0])
    b = Leadership(lock_for(uri, folder), retry_seconds=5, clock=lambda: clock[0])
    try:
        assert a.check() and not b.check()
        assert isinstance(a.lock, PostgresLock)
        backend = a.lock._conn.info.backend_pid
        holders = db.session.execute(text(
            "SELECT application_name FROM pg_stat_activity a JOIN pg_locks l USING (pid)"
            " WHERE l.locktype = 'advisory' AND l.granted AND l.database ="
            " (SELECT oid FROM pg_database WHERE datname = current_database())"  # ours only
        )).scalars().all()
        assert holders == [a.lock._conn.info.parameter_status("application_name")]
        # As when the leader's machine vanishes and PostgreSQL's keepalives give up on it.
        db.session.execute(text("SELECT pg_terminate_backend(:pid, 5000)"), {"pid": backend})
        db.session.commit()
        clock[0] += 5
        assert b.check() is True  # PostgreSQL released the lock with the session
        assert a.check() is False and a.role == "follower"  # a notices and steps down
    finally:
        a.resign()
        b.resign()
