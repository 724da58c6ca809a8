"""Demo contract duties (R25, R20): a complaint in time and one late (art. 16.1), a conflict
notice in its 15 days of consultation (art. 39.4.2) and the webshop's fee paid per quarter,
so each page shows its state from the start (the SLA history holds each contract's first
assignment, art. 38.1)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from helpdesk.duties import register as duties
from helpdesk.extensions import db
from helpdesk.models import Customer, CustomerService, Staff
from helpdesk.reports import records
from helpdesk.timefmt import local


def load_duties(customers: list[Customer], by: Staff, now: datetime) -> None:
    first, second = customers[0], customers[1]
    today = local(now).date()  # type: ignore[union-attr]
    contact = next(c for c in first.contacts if c.may_submit)
    # in time: noticed five working days ago
    duties.register_complaint(
        first, subject="service", invoice=None, title="Backup report missing",
        text="The weekly backup report did not arrive last week.",
        noticed_on=today - timedelta(days=3), received_at=now - timedelta(hours=2),
        channel="portal", now=now, contact=contact)
    # late: noticed six weeks ago, received by letter yesterday
    duties.register_complaint(
        second, subject="service", invoice=None, title="Slow helpdesk in the summer",
        text="Several calls in the summer were answered late.",
        noticed_on=today - timedelta(days=42), received_at=now - timedelta(days=1),
        channel="letter", now=now, by=by)
    duties.register_conflict(
        second, title="Dispute about the credit of last month",
        text="We do not agree with the credit statement; we ask for a consultation.",
        received_at=now - timedelta(days=3), channel="registered_letter", now=now, by=by)
    # R20: the webshop's hosting is billed per quarter (EUR 240.00, paid)
    service = db.session.scalar(select(CustomerService).where(
        CustomerService.customer_id == first.id).order_by(CustomerService.id))
    if service is not None:
        quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        records.record_service_fee(service, starts_on=quarter, months=3,
                                   invoiced_cents=24_000, paid_cents=24_000)

