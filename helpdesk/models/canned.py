"""Canned replies: staff-managed reply templates, one text per language (issue #16).

A template is a name and up to one variant per language; the text may hold the placeholders
of `helpdesk.workflow.canned.PLACEHOLDERS`, which are checked when it is saved. What an agent
picks is only a starting text: it is edited and sent through the ordinary reply path.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.people import Staff
from helpdesk.models.types import UTCDateTime


class CannedReply(db.Model):
    __tablename__ = "canned_reply"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    updated_by: Mapped[Staff | None] = relationship()
    variants: Mapped[list[CannedReplyVariant]] = relationship(
        back_populates="reply", cascade="all, delete-orphan",
        order_by="CannedReplyVariant.language")

    def variant(self, language: str) -> CannedReplyVariant | None:
        return next((v for v in self.variants if v.language == language), None)


class CannedReplyVariant(db.Model):
    __tablename__ = "canned_reply_variant"
    __table_args__ = (UniqueConstraint("canned_reply_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    canned_reply_id: Mapped[int] = mapped_column(ForeignKey("canned_reply.id"))
    language: Mapped[str] = mapped_column(String(8))  # nl, en, fr, de
    body: Mapped[str] = mapped_column(Text)

    reply: Mapped[CannedReply] = relationship(back_populates="variants")
