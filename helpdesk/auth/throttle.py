"""Seed 000: after repeated failed log-ins the address is locked for 30 seconds.

The same table counts failures per client address (key `client:<ip>`, any account), so
that one client spraying passwords over many accounts, or locking others out, is stopped
too (#18)."""

from __future__ import annotations

from datetime import datetime, timedelta

from helpdesk.extensions import db
from helpdesk.models import LoginThrottle


def locked_until(email: str, now: datetime) -> datetime | None:
    row = db.session.get(LoginThrottle, email)
    if row and row.locked_until and row.locked_until > now:
        return row.locked_until
    return None


def record_failure(email: str, now: datetime, *, max_failures: int, lock_seconds: int) -> None:
    row = db.session.get(LoginThrottle, email)
    if row is None:
        row = LoginThrottle(email=email, failures=0)
        db.session.add(row)
    row.failures += 1
    if row.failures >= max_failures:
        row.locked_until = now + timedelta(seconds=lock_seconds)
        row.failures = 0
    db.session.commit()


def record_success(email: str) -> None:
    row = db.session.get(LoginThrottle, email)
    if row is not None:
        db.session.delete(row)
        db.session.commit()


def client_key(remote_addr: str | None) -> str:
    return f"client:{remote_addr or 'unknown'}"
