"""Credit records: hosted services and their outages (seed 001), and the customer's claims
(art. 40.4 registered letters, seed 001 e-mails). Amounts are never stored: every credit is
recomputed from these records, the ticket events and the monthly fees (helpdesk/reports).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.customers import Customer, cents_to_euro
from helpdesk.models.types import UTCDateTime

CLAIM_KINDS = ("incident", "availability")
CLAIM_CHANNELS = ("registered_letter", "email")


class CustomerService(db.Model):
    """A hosted service of one customer, measured per calendar month (seed 001, 99.9 %)."""

    __tablename__ = "customer_service"
    __table_args__ = (UniqueConstraint("customer_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Seed 001: the credit is a share of "the month's fee" for the service, in cents.
    monthly_fee_cents: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    customer: Mapped[Customer] = relationship()
    outages: Mapped[list[Outage]] = relationship(back_populates="service",
                                                 order_by="Outage.started_at")

    @property
    def monthly_fee(self):  # -> Decimal euros
        return cents_to_euro(self.monthly_fee_cents)


class Outage(db.Model):
    """A span in which a service was unavailable; excluded causes are kept, not counted."""

    __tablename__ = "outage"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("customer_service.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())  # None: still down
    cause: Mapped[str] = mapped_column(String(32))  # helpdesk.credits.OutageCause
    note: Mapped[str] = mapped_column(String(500), default="")
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    service: Mapped[CustomerService] = relationship(back_populates="outages")


class CreditClaim(db.Model):
    """A claim the customer sent: a registered letter (art. 40.4) or an e-mail (seed 001),
    dated by the day it was received (R17), with the scan of the letter."""

    __tablename__ = "credit_claim"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # incident, availability
    channel: Mapped[str] = mapped_column(String(32))  # registered_letter, email
    received_on: Mapped[date] = mapped_column(Date)
    letter_reference: Mapped[str] = mapped_column(String(200), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    scan_filename: Mapped[str | None] = mapped_column(String(255))
    scan_content_type: Mapped[str | None] = mapped_column(String(127))
    scan_sha256: Mapped[str | None] = mapped_column(String(64))
    scan_data: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    customer: Mapped[Customer] = relationship()
    items: Mapped[list[CreditClaimItem]] = relationship(back_populates="claim",
                                                        order_by="CreditClaimItem.id")


class CreditClaimItem(db.Model):
    """What one claim covers: a ticket's breach (clock None: all of the ticket's breaches),
    or one service's month of unavailability."""

    __tablename__ = "credit_claim_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    claim_id: Mapped[int] = mapped_column(ForeignKey("credit_claim.id"), index=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    clock: Mapped[str | None] = mapped_column(String(40))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("customer_service.id"),
                                                   index=True)
    month: Mapped[date | None] = mapped_column(Date)  # first day of the service's month

    claim: Mapped[CreditClaim] = relationship(back_populates="items")
