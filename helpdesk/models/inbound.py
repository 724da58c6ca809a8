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
