"""A customer's credit statement for one month: incident credits per contract (art. 40.3,
caps art. 16.3/16.4) and availability credits per hosted service (seed 001), as of `now`.

Pure over a loaded `CustomerLedger`: the annual caps are consumed from January on, so every
breach of the year up to the month goes into the pure `incident_statement`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from helpdesk import credits
from helpdesk.credits.instants import iso_z
from helpdesk.credits.money import ZERO, money_str
from helpdesk.reports.ledger import ContractBook, CustomerLedger, NotAnIncident, ServiceBook

OBJECTIVES_NOTE = ("objectives (best effort): a miss is reported and escalated internally "
                   "but carries no credit (R13)")
NO_CREDIT_NOTE = "this SLA carries no per-day credit (seed 001: availability credits only)"
OWING = (credits.CLAIMABLE, credits.CLAIMED)


@dataclass(frozen=True)
class ContractStatement:
    contract: ContractBook
    statement: credits.Statement | None  # None when the SLA carries no credit
    objectives_missed: tuple[credits.BreachInput, ...]  # breaches without credit (R13)
    # R21: "excluded: not an incident" (art. 38.3), with who, when and why
    not_an_incident: tuple[NotAnIncident, ...] = ()

    @property
    def note(self) -> str | None:
        if self.statement is not None:
            return None
        if self.contract.sla.constants.get("credits") is False:
            return OBJECTIVES_NOTE
        return NO_CREDIT_NOTE

    def to_dict(self) -> dict[str, Any]:
        book = self.contract
        return {
            "contract": {"id": book.id, "name": book.name, "sla": book.sla_label},
            "credits_apply": self.statement is not None,
            "note": self.note,
            "statement": None if self.statement is None else self.statement.to_dict(),
            "objectives_missed": [
                {"reference": b.reference, "clock": b.clock, "priority_at_breach": b.priority,
                 "deadline": iso_z(b.deadline), "stopped_at": iso_z(b.stopped_at)}
                for b in self.objectives_missed],
            "excluded_not_an_incident": [item.to_dict() for item in self.not_an_incident],
        }


@dataclass(frozen=True)
class CustomerStatement:
    customer_id: int
    customer: str
    month: credits.Month
    now: datetime
    contracts: tuple[ContractStatement, ...]
    availability: tuple[credits.AvailabilityMonth, ...]

    @property
    def lines(self) -> list[credits.StatementLine]:
        return [line for c in self.contracts if c.statement for line in c.statement.lines]

    def totals(self) -> dict[str, Decimal]:
        sums = dict.fromkeys(("owed", "claimed", "claimable", "lapsed", "capped"), ZERO)
        for part in self.contracts:
            if part.statement is not None:
                for name in sums:
                    sums[name] += getattr(part.statement.totals, name)
        credit = owed = lapsed = ZERO
        for month in self.availability:
            credit += month.amount
            status = month.claim.status if month.claim else None
            if status in OWING:
                owed += month.amount
            elif status == credits.LAPSED:
                lapsed += month.amount
        return {**{f"incident_{k}": v for k, v in sums.items()},
                "availability_credit": credit, "availability_owed": owed,
                "availability_lapsed": lapsed}

    def to_dict(self) -> dict[str, Any]:
        return {
            "customer": {"id": self.customer_id, "name": self.customer},
            "month": str(self.month),
            "as_of": iso_z(self.now),
            "contracts": [part.to_dict() for part in self.contracts],
            "availability": [availability_dict(m) for m in self.availability],
            "totals": {name: money_str(value) for name, value in self.totals().items()},
        }


def availability_dict(month: credits.AvailabilityMonth) -> dict[str, Any]:
    claim = month.claim
    return {
        "service": month.service,
        "month": str(month.month),
        "complete": month.complete,
        "downtime_seconds": month.downtime_seconds,
        "availability_percent": str(month.availability_percent),
        "objective_met": month.objective_met,
        "full_extra_hours": month.full_extra_hours,
        "percent_before_cap": month.percent_before_cap,
        "percent": month.percent,
        "fee": money_str(month.fee),
        "fee_basis": month.fee_note,  # R20: the fee paid for the month, pro rata
        "amount": money_str(month.amount),
        "threshold_reached_at": iso_z(month.threshold_reached_at),
        # None while an outage of the month goes on: the window is still open (R19)
        "claim_deadline": (None if claim is None or claim.window.last_day is None
                           else claim.window.last_day.isoformat()),
        "claim_status": None if claim is None else claim.status,
        "claim_received_on": (None if claim is None or claim.received_on is None
                              else claim.received_on.isoformat()),
        "claim_note": None if claim is None else claim.note,
        "settlement": month.settlement,
        "maintenance_excluded_seconds": month.maintenance_excluded_seconds,
        "maintenance_windows": [
            {"id": w.window.id, "kind": w.window.kind, "title": w.window.title,
             "start": iso_z(w.window.start), "end": iso_z(w.window.end),
             "announced_at": iso_z(w.window.announced_at),
             "cancelled_at": iso_z(w.window.cancelled_at),
             "in_month_start": iso_z(w.start), "in_month_end": iso_z(w.end),
             "excluded_seconds": w.excluded_seconds, "excluded_because": w.exclusion,
             "not_excluded_because": w.not_excluded_because}
            for w in month.maintenance],
        "outages": [
            {"start": iso_z(o.start), "end": iso_z(o.end), "seconds": o.seconds,
             "cause": str(o.outage.cause), "excluded_because": o.exclusion}
            for o in month.outages],
    }


def _in_force(book: ContractBook, month: credits.Month) -> bool:
    last = month.next().first_day
    return book.starts_on < last and (book.ends_on is None or book.ends_on >= month.first_day)


def _availability(service: ServiceBook, month: credits.Month,
                  now: datetime) -> credits.AvailabilityMonth:
    """R20: the credit's base is the fee paid for the service for the month, pro rata."""
    base = credits.monthly_fee_base(service.fee_records, month, service.fee)
    return credits.availability_month(service.name, month, service.outages, base.amount,
                                      now=now, claims_received=service.claims.get(
                                          month.first_day, ()), windows=service.windows,
                                      fee_note=base.note)


def customer_statement(customer: CustomerLedger, month: credits.Month,
                       now: datetime) -> CustomerStatement:
    year_start = credits.Month(month.year, 1).start
    parts: list[ContractStatement] = []
    for book in customer.contracts.values():
        breaches = [b for b in customer.breaches.get(book.id, ())
                    if year_start <= b.deadline < month.end]
        in_month = tuple(b for b in breaches if month.start <= b.deadline)
        excluded = tuple(x for x in customer.not_incidents.get(book.id, ()) if x.in_month(month))
        if not in_month and not excluded and not _in_force(book, month):
            continue
        if not book.credits_apply:
            parts.append(ContractStatement(book, None, in_month, excluded))
            continue
        statement = credits.incident_statement(customer.name, month, breaches, book.fees,
                                               customer.claims, book.caps, now,
                                               invoices=book.invoices)
        parts.append(ContractStatement(book, statement, (), excluded))
    availability = tuple(_availability(service, month, now) for service in customer.services)
    return CustomerStatement(customer.id, customer.name, month, now, tuple(parts), availability)
