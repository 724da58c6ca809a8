"""The personal-data breach register (R24; seed 003, seed 004 annex 2 art. 6, seed 001 annex
art. 8): each breach with its discovery instant, the customers it touches, every notification
sent about it and every escalation warning the 72-hour clock raised.

Notifications and warnings are history: rows are added, never changed. The per-customer
`notified_at` is a cache of the first notification (the instant that customer's clock stopped).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.customers import Customer
from helpdesk.models.people import ContactPerson, Staff
from helpdesk.models.types import UTCDateTime

BREACH_CHANNELS = ("email",)
# The escalation levels of the 72-hour clock, like a P1's warnings and breach (R24).
BREACH_WARNING_LEVELS = ("75", "90", "overdue")


class DataBreach(db.Model):
    __tablename__ = "data_breach"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    # Seed 004 annex 2 art. 6.2 a-c / seed 001 annex art. 8: what happened (and its cause),
    # the nature and categories of data, the likely consequences, what is done about it.
    description: Mapped[str] = mapped_column(Text)
    data_categories: Mapped[str] = mapped_column(Text)
    consequences: Mapped[str] = mapped_column(Text, default="")
    measures: Mapped[str] = mapped_column(Text, default="")
    contact_point: Mapped[str] = mapped_column(Text, default="")
    # The instant the provider became aware: the 72 hours run from here (UTC).
    discovered_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    # discovered_at + 72 h, stored so the register and the sweep can query it.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    registered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    registered_by: Mapped[Staff | None] = relationship()
    affected: Mapped[list[DataBreachCustomer]] = relationship(
        back_populates="breach", order_by="DataBreachCustomer.id")
    notifications: Mapped[list[DataBreachNotification]] = relationship(
        back_populates="breach", order_by="DataBreachNotification.id")
    warnings: Mapped[list[DataBreachWarning]] = relationship(
        back_populates="breach", order_by="DataBreachWarning.at")


class DataBreachCustomer(db.Model):
    """One affected customer; its clock stops at `notified_at`."""

    __tablename__ = "data_breach_customer"
    __table_args__ = (UniqueConstraint("breach_id", "customer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("data_breach.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    breach: Mapped[DataBreach] = relationship(back_populates="affected")
    customer: Mapped[Customer] = relationship()


class DataBreachNotification(db.Model):
    """Who was told, when, at which address, by which channel, and by whom (R24)."""

    __tablename__ = "data_breach_notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("data_breach.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_person.id"))
    contact_name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(320))
    channel: Mapped[str] = mapped_column(String(16))  # BREACH_CHANNELS
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    outbox_message_id: Mapped[int | None] = mapped_column(ForeignKey("outbox_message.id"))

    breach: Mapped[DataBreach] = relationship(back_populates="notifications")
    customer: Mapped[Customer] = relationship()
    contact: Mapped[ContactPerson | None] = relationship()
    sent_by: Mapped[Staff | None] = relationship()


class DataBreachWarning(db.Model):
    """An escalation of the 72-hour clock, recorded once per level (the unique pair)."""

    __tablename__ = "data_breach_warning"
    __table_args__ = (UniqueConstraint("breach_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    breach_id: Mapped[int] = mapped_column(ForeignKey("data_breach.id"), index=True)
    level: Mapped[str] = mapped_column(String(16))  # BREACH_WARNING_LEVELS
    # The instant the level was reached (not when the sweep noticed it).
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # How many customers were still untold when it was raised.
    untold: Mapped[int] = mapped_column(default=0)

    breach: Mapped[DataBreach] = relationship(back_populates="warnings")
