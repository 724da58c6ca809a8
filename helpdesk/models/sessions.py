"""Log-in sessions kept on the server, so that each one can be revoked (#18).

The browser's signed cookie holds only a random key; the row says whose session it is, when
it began and was last seen, and whether it was ended (log-out, a password change or reset,
an erasure, "log out everywhere"). A cookie saved before any of these opens nothing.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.extensions import db
from helpdesk.models.types import UTCDateTime


class AccountSession(db.Model):
    __tablename__ = "account_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_sha256: Mapped[str] = mapped_column(String(64), unique=True)  # never the key itself
    account: Mapped[str] = mapped_column(String(32), index=True)  # "staff:7", "contact:12"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_because: Mapped[str | None] = mapped_column(String(40))
