"""Contract duties beside incidents (R25, seed 002): the SLA's history (art. 38.1), written
complaints (art. 16.1) and conflict notices (art. 39.4.2); and the fee a hosted service is
billed per period (seed 001, R20)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.credits import CustomerService
from helpdesk.models.customers import Contract, Customer, cents_to_euro
from helpdesk.models.invoices import Invoice
from helpdesk.models.people import ContactPerson, Staff
from helpdesk.models.types import UTCDateTime

DUTY_KINDS = ("complaint", "conflict")  # art. 16.1, art. 39.4.2
DUTY_SUBJECTS = ("invoice", "service")  # art. 16.1: "klachten ... inzake de Diensten"
DUTY_CHANNELS = ("portal", "api", "email", "registered_letter", "letter")  # in writing (16.1)
DUTY_STATES = ("open", "answered")
FEE_PERIOD_MONTHS = (1, 3, 12)  # seed 001: monthly, or converted pro rata (R20)


class SlaChange(db.Model):
    """One assignment of a contract's SLA: who, when, from which to which, and why it was
    allowed (art. 38.1: raised; lowered only after the term or by written agreement)."""

    __tablename__ = "sla_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    from_sla: Mapped[str | None] = mapped_column(String(64))  # None: the first assignment
    to_sla: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # helpdesk.contracts.level.CHANGE_KINDS
    agreement: Mapped[str] = mapped_column(String(500), default="")

    contract: Mapped[Contract] = relationship()
    by: Mapped[Staff | None] = relationship()


class ContractDuty(db.Model):
    """A written complaint (art. 16.1) or a conflict notice (art. 39.4.2) of one customer.

    The window verdict is not stored: it is recomputed from `received_at` and `noticed_on`
    by helpdesk.duties (time is an argument), so a corrected holiday calendar corrects it.
    """

    __tablename__ = "contract_duty"

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # DUTY_KINDS
    subject: Mapped[str] = mapped_column(String(16))  # DUTY_SUBJECTS
    invoice_id: Mapped[int | None] = mapped_column(ForeignKey("invoice.id"))
    title: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text)
    # art. 16.1: the day the defect "had moeten vaststellen"; complaints only
    noticed_on: Mapped[date | None] = mapped_column(Date)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    channel: Mapped[str] = mapped_column(String(32))  # DUTY_CHANNELS
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_person.id"))
    registered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    state: Mapped[str] = mapped_column(String(16), default="open")  # DUTY_STATES
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # art. 39.4.2: when the managers were told the consultation period ended (exactly once)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    customer: Mapped[Customer] = relationship()
    invoice: Mapped[Invoice | None] = relationship()
    contact: Mapped[ContactPerson | None] = relationship()
    registered_by: Mapped[Staff | None] = relationship(foreign_keys=[registered_by_id])
    answered_by: Mapped[Staff | None] = relationship(foreign_keys=[answered_by_id])


class ServiceFee(db.Model):
    """What a hosted service was invoiced and paid for one billing period (R20): a month,
    a quarter or a year starting on `starts_on` (the first day of a month)."""

    __tablename__ = "service_fee"
    __table_args__ = (UniqueConstraint("service_id", "starts_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("customer_service.id"), index=True)
    starts_on: Mapped[date] = mapped_column(Date)
    months: Mapped[int] = mapped_column(Integer)  # FEE_PERIOD_MONTHS
    invoiced_cents: Mapped[int] = mapped_column(Integer)
    paid_cents: Mapped[int] = mapped_column(Integer, default=0)

    service: Mapped[CustomerService] = relationship()

    @property
    def invoiced(self):  # -> Decimal euros
        return cents_to_euro(self.invoiced_cents)

    @property
    def paid(self):  # -> Decimal euros
        return cents_to_euro(self.paid_cents)
