"""Invoices to a customer under an agreement: the base of the 20 % annual cap (art. 16.3,
R22). Entered by managers or imported as CSV (helpdesk/reports/invoices.py); an invoice
number is recorded once per contract, so a re-import never duplicates."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.customers import Contract, cents_to_euro
from helpdesk.models.people import Staff
from helpdesk.models.types import UTCDateTime


class Invoice(db.Model):
    __tablename__ = "invoice"
    __table_args__ = (UniqueConstraint("contract_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    number: Mapped[str] = mapped_column(String(64))
    invoiced_on: Mapped[date] = mapped_column(Date, index=True)
    amount_cents: Mapped[int] = mapped_column(Integer)
    what_for: Mapped[str] = mapped_column(String(16))  # helpdesk.credits.WHAT_FOR
    paid_on: Mapped[date | None] = mapped_column(Date)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))

    contract: Mapped[Contract] = relationship()
    recorded_by: Mapped[Staff | None] = relationship()

    @property
    def amount(self) -> Decimal:
        return cents_to_euro(self.amount_cents)
