"""Customers and their contracts: the SLA, its fees, closing days and escalation people."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.people import ContactPerson, Staff
from helpdesk.models.types import UTCDateTime


def cents_to_euro(cents: int) -> Decimal:
    return (Decimal(cents) / 100).quantize(Decimal("0.01"))


class Customer(db.Model):
    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    contacts: Mapped[list[ContactPerson]] = relationship(
        back_populates="customer", order_by="ContactPerson.name"
    )
    contracts: Mapped[list[Contract]] = relationship(
        back_populates="customer", order_by="Contract.starts_on"
    )

    def contract_on(self, day: date) -> Contract | None:
        """The contract in force on a day (the latest that started, if terms overlap)."""
        current = [c for c in self.contracts if c.covers(day)]
        return current[-1] if current else None


class Contract(db.Model):
    __tablename__ = "contract"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # A preset name (type1..type5, platform, hosting, security) or None with a custom definition.
    sla_preset: Mapped[str | None] = mapped_column(String(32))
    sla_definition: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # Art. 16.3/16.4 liability caps, on by default: 20 % of 12 months invoiced, EUR 5,000.
    annual_cap_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    annual_cap_percent: Mapped[int] = mapped_column(Integer, default=20)
    annual_cap_cents: Mapped[int] = mapped_column(Integer, default=500_000)
    # Art. 16.4: credits never exceed the project's total price where the agreement names one.
    project_price_cents: Mapped[int | None] = mapped_column(Integer)

    customer: Mapped[Customer] = relationship(back_populates="contracts")
    fees: Mapped[list[MonthlyFee]] = relationship(
        back_populates="contract", order_by="MonthlyFee.month"
    )
    closing_days: Mapped[list[ClosingDay]] = relationship(
        back_populates="contract", order_by="ClosingDay.day"
    )
    escalation_contacts: Mapped[list[EscalationContact]] = relationship(
        back_populates="contract", order_by="EscalationContact.tier"
    )

    def covers(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    @property
    def sla_label(self) -> str:
        return self.sla_preset or (self.sla_definition or {}).get("name", "custom")

    def sla(self):  # -> helpdesk.sla.Sla; imported late so models load without the engine
        from helpdesk import sla as engine

        return engine.contract_sla(self.sla_preset, self.sla_definition,
                                   [c.day for c in self.closing_days])

    def escalation_staff(self, tier: int) -> list[Staff]:
        return [e.staff for e in self.escalation_contacts if e.tier == tier]


class MonthlyFee(db.Model):
    """The SLA fee of one month: invoiced and paid amounts differ (R14), so both are kept."""

    __tablename__ = "monthly_fee"
    __table_args__ = (UniqueConstraint("contract_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    month: Mapped[date] = mapped_column(Date)  # first day of the month
    invoiced_cents: Mapped[int] = mapped_column(Integer, default=0)
    paid_cents: Mapped[int] = mapped_column(Integer, default=0)

    contract: Mapped[Contract] = relationship(back_populates="fees")

    @property
    def invoiced(self) -> Decimal:
        return cents_to_euro(self.invoiced_cents)

    @property
    def paid(self) -> Decimal:
        return cents_to_euro(self.paid_cents)


class ClosingDay(db.Model):
    """A day the contract adds to the Belgian public holidays (outside every window)."""

    __tablename__ = "closing_day"
    __table_args__ = (UniqueConstraint("contract_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(200), default="")

    contract: Mapped[Contract] = relationship(back_populates="closing_days")


class EscalationContact(db.Model):
    """The named people notified when a ticket reaches a tier (art. 39.4.1)."""

    __tablename__ = "escalation_contact"
    __table_args__ = (UniqueConstraint("contract_id", "tier", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    tier: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))

    contract: Mapped[Contract] = relationship(back_populates="escalation_contacts")
    staff: Mapped[Staff] = relationship()
