"""Recording what the credits depend on: staff's attribution marks (as ticket events), the
customer's claims (with the scan of the letter) and service outages. Each function checks its
input, stores one record, and leaves the commit to the caller."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from helpdesk import credits
from helpdesk.credits.instants import iso_z
from helpdesk.extensions import db
from helpdesk.models import (
    FEE_PERIOD_MONTHS,
    CreditClaim,
    CreditClaimItem,
    Customer,
    CustomerService,
    Outage,
    ServiceFee,
    Staff,
    Ticket,
    TicketEvent,
    cents_to_euro,
)
from helpdesk.models.credits import CLAIM_CHANNELS, CLAIM_KINDS
from helpdesk.tickets import commands, log, projection
from helpdesk.tickets.actors import Actor

MAX_SCAN_BYTES = 20 * 1024 * 1024


class RecordRefused(ValueError):
    """The input does not describe something that can be recorded; the message says why."""


def mark_not_attributable(ticket: Ticket, *, clock: str, deadline: datetime, reason: str,
                          by: Staff, now: datetime) -> TicketEvent:
    """Art. 40.3/40.1/36: this breach is not solely attributable to the provider: no credit.

    Recorded as a ticket event (events are the truth); the statement reads it back by the
    breach's clock and deadline. One mark per breach.
    """
    reason = reason.strip()
    if not reason:
        raise RecordRefused("Give the reason the breach is not solely attributable "
                            "to the provider (art. 40.3).")
    clocks = projection.fold_ticket(ticket, log.events_of(ticket), now)
    breach = next((b for b in clocks.breaches
                   if b.clock == clock and b.deadline == deadline), None)
    if breach is None:
        raise RecordRefused(f"{ticket.reference} has no breach of its {clock} clock "
                            f"with deadline {iso_z(deadline)}.")
    key = f"attribution:{clock}:{iso_z(deadline)}"
    exists = db.session.scalar(select(TicketEvent.id).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.dedup_key == key))
    if exists is not None:
        raise RecordRefused("This breach is already marked as not solely attributable.")
    return commands.record(ticket, "breach_not_attributable", at=now, actor=Actor.of(by),
                           now=now, dedup_key=key,
                           payload={"clock": clock, "deadline": iso_z(deadline),
                                    "reason": reason})


@dataclass(frozen=True)
class Scan:
    filename: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Covered:
    """What a claim covers: `reference` (+ `clock`, None for all) or `service_id` + `month`."""

    reference: str | None = None
    clock: str | None = None
    service_id: int | None = None
    month: credits.Month | None = None


def record_claim(customer: Customer, *, kind: str, channel: str, received_on: date,
                 covers: Sequence[Covered], by: Staff | None, now: datetime,
                 letter_reference: str = "", note: str = "",
                 scan: Scan | None = None) -> CreditClaim:
    """A claim received on `received_on` (a Brussels date, R17) covering breaches or months."""
    if kind not in CLAIM_KINDS:
        raise RecordRefused(f"Unknown kind of claim {kind!r}.")
    if channel not in CLAIM_CHANNELS:
        raise RecordRefused(f"Unknown channel {channel!r}.")
    if not covers:
        raise RecordRefused("Say which breaches or service months the claim covers.")
    if scan is not None and len(scan.data) > MAX_SCAN_BYTES:
        raise RecordRefused("The scan is larger than 20 MB.")
    items = [_item(customer, kind, c) for c in covers]
    claim = CreditClaim(
        customer_id=customer.id, kind=kind, channel=channel, received_on=received_on,
        letter_reference=letter_reference.strip()[:200], note=note.strip(),
        recorded_at=now, recorded_by_id=by.id if by else None, items=items)
    if scan is not None and scan.data:
        claim.scan_filename = scan.filename[-255:] or "scan"
        claim.scan_content_type = scan.content_type or "application/octet-stream"
        claim.scan_data = scan.data
        claim.scan_sha256 = hashlib.sha256(scan.data).hexdigest()
    db.session.add(claim)
    db.session.flush()
    return claim


def _item(customer: Customer, kind: str, covered: Covered) -> CreditClaimItem:
    if kind == "incident":
        ticket = db.session.scalar(select(Ticket).where(
            Ticket.reference == (covered.reference or "").strip(),
            Ticket.customer_id == customer.id))
        if ticket is None:
            raise RecordRefused(f"{customer.name} has no ticket {covered.reference!r}.")
        return CreditClaimItem(ticket_id=ticket.id, clock=covered.clock or None)
    service = db.session.get(CustomerService, covered.service_id or 0)
    if service is None or service.customer_id != customer.id or covered.month is None:
        raise RecordRefused("Name one of the customer's services and a month.")
    return CreditClaimItem(service_id=service.id, month=covered.month.first_day)


def record_outage(service: CustomerService, *, start: datetime, end: datetime | None,
                  cause: str, note: str, by: Staff | None, now: datetime) -> Outage:
    """Seed 001: a span of unavailability; an excluded cause is kept but not counted."""
    try:
        credits.Outage(service.name, start, end, credits.OutageCause(cause))
    except ValueError as problem:
        raise RecordRefused(str(problem)) from None
    outage = Outage(service_id=service.id, started_at=start, ended_at=end, cause=cause,
                    note=note.strip()[:500], recorded_at=now,
                    recorded_by_id=by.id if by else None)
    db.session.add(outage)
    db.session.flush()
    return outage


def add_service(customer: Customer, *, name: str, monthly_fee_cents: int,
                now: datetime) -> CustomerService:
    if not name.strip():
        raise RecordRefused("A service needs a name.")
    if monthly_fee_cents < 0:
        raise RecordRefused("A fee cannot be negative.")
    service = CustomerService(customer_id=customer.id, name=name.strip()[:200],
                              monthly_fee_cents=monthly_fee_cents, created_at=now)
    db.session.add(service)
    db.session.flush()
    return service


def record_service_fee(service: CustomerService, *, starts_on: date, months: int,
                       invoiced_cents: int, paid_cents: int) -> ServiceFee:
    """R20: the fee invoiced and paid for one billing period of a service. Recording the same
    first month again corrects it; a period overlapping another is refused."""
    if months not in FEE_PERIOD_MONTHS:
        raise RecordRefused("A fee is billed monthly, quarterly or yearly.")
    if invoiced_cents < 0 or paid_cents < 0:
        raise RecordRefused("A fee cannot be negative.")
    starts_on = starts_on.replace(day=1)
    new = credits.ServiceFeeRecord(starts_on, months, cents_to_euro(invoiced_cents),
                                   cents_to_euro(paid_cents))
    existing = db.session.scalars(select(ServiceFee).where(
        ServiceFee.service_id == service.id)).all()
    for other in existing:
        if other.starts_on == starts_on:
            continue
        theirs = credits.ServiceFeeRecord(other.starts_on, other.months, other.invoiced,
                                          other.paid)
        if set(theirs.months_covered()) & set(new.months_covered()):
            raise RecordRefused(f"The period overlaps the fee recorded from "
                                f"{theirs.first.label} ({other.months} months).")
    fee = next((o for o in existing if o.starts_on == starts_on), None)
    if fee is None:
        fee = ServiceFee(service_id=service.id, starts_on=starts_on)
        db.session.add(fee)
    fee.months, fee.invoiced_cents, fee.paid_cents = months, invoiced_cents, paid_cents
    db.session.flush()
    return fee

