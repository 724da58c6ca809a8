"""Who of the staff has a ticket open right now, and whether they are writing a reply.

One row per ticket and staff member, refreshed by the ticket page's short poll; a row older
than `helpdesk.workflow.presence.TTL` no longer counts (the page was closed or the laptop
slept). A table, not process memory: several web workers serve the same staff.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.extensions import db
from helpdesk.models.types import UTCDateTime


class TicketPresence(db.Model):
    __tablename__ = "ticket_presence"
    __table_args__ = (Index("ix_ticket_presence_ticket_seen", "ticket_id", "seen_at"),)

    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), primary_key=True)
    activity: Mapped[str] = mapped_column(String(16))  # viewing, replying
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime())
