"""Raw inbound mail, stored durably before the SMTP listener answers 250."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.extensions import db
from helpdesk.models.types import UTCDateTime


class InboundMail(db.Model):
    __tablename__ = "inbound_mail"
    __table_args__ = (Index("ix_inbound_mail_state", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    peer: Mapped[str] = mapped_column(String(100), default="")
    envelope_from: Mapped[str] = mapped_column(String(320), default="")
    envelope_to: Mapped[str] = mapped_column(Text, default="")
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    # Idempotency: Message-ID if present, else a content hash (same content within a day).
    dedup_key: Mapped[str] = mapped_column(String(300), index=True)
    # received -> processed | held | duplicate | failed
    state: Mapped[str] = mapped_column(String(16), default="received")
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"))
    note: Mapped[str | None] = mapped_column(Text)
    processed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What parsing found, kept for the held-mail queue and the ticket's parse warnings.
    sender: Mapped[str | None] = mapped_column(String(320), index=True)
    subject: Mapped[str | None] = mapped_column(String(400))
    warnings: Mapped[str | None] = mapped_column(Text)
    # Held mail (unknown sender, art. 33.2): staff review it once, with a reason.
    held_reason: Mapped[str | None] = mapped_column(String(200))
    review_action: Mapped[str | None] = mapped_column(String(32))  # attached, ticket, discarded
    review_reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ProcessedMailKey(db.Model):
    """One row per message identity: a retried delivery cannot become a second ticket."""

    __tablename__ = "processed_mail_key"

    dedup_key: Mapped[str] = mapped_column(String(300), primary_key=True)
    inbound_mail_id: Mapped[int] = mapped_column(ForeignKey("inbound_mail.id"))
