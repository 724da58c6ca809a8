"""Server-side log-in sessions: begun at log-in, checked on every request, ended on demand.

Flask's cookie is signed, not revocable: a copy saved before a log-out or a password reset
stayed valid (#18). The cookie now carries a random key whose row must be open, seen within
the idle lifetime (8 h for staff by default) and begun within the absolute one (31 days).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, update

from helpdesk.extensions import db
from helpdesk.models import AccountSession

# Last-seen is written at most this often: a page load costs a read, not a write.
TOUCH_EVERY = timedelta(minutes=1)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def begin(account_id: str, now: datetime) -> str:
    """A new session of `account_id`; returns the key for the cookie (stored hashed)."""
    key = secrets.token_urlsafe(32)
    db.session.add(AccountSession(key_sha256=_digest(key), account=account_id, created_at=now,
                                  last_seen_at=now))
    return key


def with_session(query: Select[Any], key: str) -> Select[Any]:
    """`query` (of one account) with the cookie's session row beside it, or None there: the
    account and its session in one round trip (every request asks for both)."""
    return query.add_columns(AccountSession).outerjoin(
        AccountSession, AccountSession.key_sha256 == _digest(key))


def still_open(row: AccountSession | None, account_id: str, now: datetime, *,
               idle: timedelta, absolute: timedelta) -> bool:
    """Whether the session row (the cookie's, None: no such row) is still good for
    `account_id`; ends it when it has timed out."""
    if row is None or row.account != account_id or row.ended_at is not None:
        return False
    if now - row.last_seen_at > idle or now - row.created_at > absolute:
        row.ended_at, row.ended_because = now, "timed out"
        db.session.commit()
        return False
    if now - row.last_seen_at >= TOUCH_EVERY:
        row.last_seen_at = now
        db.session.commit()
    return True


def end(key: str | None, now: datetime, because: str) -> None:
    if key:
        db.session.execute(update(AccountSession).where(
            AccountSession.key_sha256 == _digest(key), AccountSession.ended_at.is_(None))
            .values(ended_at=now, ended_because=because))


def end_all(account_id: str, now: datetime, because: str) -> int:
    """End every open session of the account (password change or reset, erasure, "log out
    everywhere"); returns how many were open."""
    done = db.session.execute(update(AccountSession).where(
        AccountSession.account == account_id, AccountSession.ended_at.is_(None))
        .values(ended_at=now, ended_because=because))
    return done.rowcount or 0
