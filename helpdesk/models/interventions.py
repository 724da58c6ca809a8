"""Contract duties beside incidents (R25, seed 002): suspensions of interventions for
non-payment (art. 6.9; seed 004 art. 14.6) and preventive maintenance visits on the
customer's site (art. 27.2)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.customers import Customer
from helpdesk.models.types import UTCDateTime


class PaymentSuspension(db.Model):
    """Interventions suspended for non-payment, from `started_at` until `stopped_at`.

    The tickets opened meanwhile carry the suspension as events (payment_suspended at their
    opening, payment_resumed at the stop), so their clocks are a fold of their own log."""

    __tablename__ = "payment_suspension"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    started_by_name: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(Text)
    stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    stopped_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    stopped_by_name: Mapped[str] = mapped_column(String(200), default="")
    stop_reason: Mapped[str] = mapped_column(Text, default="")

    customer: Mapped[Customer] = relationship()


class SiteVisit(db.Model):
    """A preventive maintenance visit on the customer's site (art. 27.2.1), planned and
    announced at least two weeks ahead (art. 27.2.3) and reported after (art. 27.2.2)."""

    __tablename__ = "site_visit"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime())
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    # When the planning was fixed and announced to the customer (art. 27.2.3 counts from it).
    announced_at: Mapped[datetime] = mapped_column(UTCDateTime())
    announced_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Less than two weeks ahead: allowed only "in onderling overleg", with the agreement noted.
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    late_agreement: Mapped[str] = mapped_column(Text, default="")
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    cancel_reason: Mapped[str] = mapped_column(Text, default="")
    # Art. 27.2.2: the report's three points.
    defects: Mapped[str] = mapped_column(Text, default="")
    open_points: Mapped[str] = mapped_column(Text, default="")
    follow_up: Mapped[str] = mapped_column(Text, default="")
    reported_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Art. 27.2.2: when the managers were told the report is overdue (claimed once, 0020).
    report_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    customer: Mapped[Customer] = relationship()
