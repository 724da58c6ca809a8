"""Maintenance windows of a customer's hosted service (seed 000 section 4; seed 002 art. 34.4).

A planned window is announced in the portal at least 30 minutes before it starts; unplanned
(emergency) maintenance is announced as early as possible. Both are excluded from the
availability credit of seed 001."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.credits import CustomerService
from helpdesk.models.types import UTCDateTime

MAINTENANCE_KINDS = ("planned", "emergency")


class MaintenanceWindow(db.Model):
    __tablename__ = "maintenance_window"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("customer_service.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # MAINTENANCE_KINDS
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(String(200))
    # Windows announced together as one recurring series share this (a uuid4 hex); a window
    # announced alone, and every window from before series were remembered, has none.
    series_id: Mapped[str | None] = mapped_column(String(32), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    # When the window became visible in the portal: the instant the 30 minutes count from.
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # A cancelled window is kept (the portal showed it), with why and by whom.
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    service: Mapped[CustomerService] = relationship()
