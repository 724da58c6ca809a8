"""IMAP mailboxes the helpdesk reads mail from (issue #17), beside the SMTP listener.

The secret (a password or an OAuth2 access token) is stored sealed (helpdesk/imap/secrets.py)
and never shown again. `uidvalidity` and `last_uid` say how far the mailbox is stored: every
message of the folder with a UID up to `last_uid` (under that UIDVALIDITY) is in
inbound_mail. They advance in the same transaction that stores the messages, and only from
the value the writer read, so a crash, a restart or a second reader neither skips a message
nor stores one twice.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.extensions import db
from helpdesk.models.types import UTCDateTime

SECURITY_MODES = ("tls", "starttls", "none")  # none: loopback only (helpdesk/imap/connect.py)
# xoauth2: an access token as given; oauth2: a refresh token the helpdesk renews it from
AUTH_METHODS = ("password", "xoauth2", "oauth2")
AFTER_STORING = ("move", "seen")  # move to the processed folder, or flag \Seen


class Mailbox(db.Model):
    __tablename__ = "imap_mailbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    host: Mapped[str] = mapped_column(String(255))
    port: Mapped[int] = mapped_column(Integer)
    security: Mapped[str] = mapped_column(String(16))
    username: Mapped[str] = mapped_column(String(320))
    auth_method: Mapped[str] = mapped_column(String(16))
    secret_sealed: Mapped[str] = mapped_column(Text)
    # oauth2: the provider's token endpoint and the app registration (the secret sealed);
    # `secret_sealed` then holds the refresh token.
    oauth_token_url: Mapped[str] = mapped_column(String(500), default="")
    oauth_client_id: Mapped[str] = mapped_column(String(300), default="")
    oauth_client_secret_sealed: Mapped[str] = mapped_column(Text, default="")
    oauth_scope: Mapped[str] = mapped_column(String(500), default="")
    folder: Mapped[str] = mapped_column(String(200), default="INBOX")
    after_storing: Mapped[str] = mapped_column(String(16), default="seen")
    processed_folder: Mapped[str] = mapped_column(String(200), default="")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    uidvalidity: Mapped[int | None] = mapped_column(BigInteger)
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    # Read from the start (a new mailbox, a new UIDVALIDITY) with "seen" chosen: messages
    # below this UID were in the folder already, and only the unread ones among them are
    # new mail (the read ones were handled before, by the helpdesk or by people).
    unseen_only_below: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # What the reader last saw, for the administration page.
    last_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
