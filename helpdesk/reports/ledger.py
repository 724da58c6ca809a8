"""What a customer's credits are computed from, loaded in a few queries and folded once.

A `Ledger` holds, per customer, the contracts (SLA, caps, fees), the tickets that can have an
outcome in the period with their events, staff's attribution marks, the claims received, and
the hosted services with their outages. Every breach comes from folding the ticket's events
with the SLA engine as of `now`; nothing here reads a stored figure. Statements for any month
of the period are then pure computations on the ledger (helpdesk/reports/statements.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Integer,
    String,
    case,
    cast,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import selectinload

from helpdesk import credits
from helpdesk import sla as engine
from helpdesk.credits.instants import iso_z
from helpdesk.extensions import db
from helpdesk.models import (
    ClosingDay,
    Contract,
    CreditClaim,
    CreditClaimItem,
    Customer,
    CustomerService,
    Invoice,
    MaintenanceWindow,
    MonthlyFee,
    ServiceFee,
    Ticket,
    TicketEvent,
    cents_to_euro,
)
from helpdesk.reports.screen import cannot_breach_raw

ATTRIBUTION = "breach_not_attributable"
CORE_TYPES = ("submitted", "acknowledged", "priority_changed", "supplier_suspended",
              "supplier_delivered", "onsite_agreed", "workaround_applied", "resolved",
              "fix_rejected", "not_an_incident", "out_of_scope", "assessed", "merged",
              "payment_suspended", "payment_resumed")
CLOSED = ("resolved", *engine.VOID_STATUSES)
# Seed 001 has no per-day credit for the hosting complaint clock or the security-report
# clocks: its compensation is the availability credit. Managed services (seed 002) and
# custom SLAs carry art. 40.3 credits unless their constants say {"credits": false} (R13).
NO_INCIDENT_CREDIT_PRESETS = frozenset({"hosting", "security"})


def credits_apply(sla: engine.Sla) -> bool:
    explicit = sla.constants.get("credits")
    if explicit is not None:
        return bool(explicit)
    return sla.name not in NO_INCIDENT_CREDIT_PRESETS


def mark_key(clock: str, deadline: datetime | str) -> str:
    """How an attribution mark names its breach: the clock and the deadline, ISO Z."""
    text = deadline if isinstance(deadline, str) else iso_z(deadline)
    return f"{clock}@{text}"


@dataclass
class ContractBook:
    id: int
    name: str
    sla_label: str
    starts_on: date
    ends_on: date | None
    sla: engine.Sla
    credits_apply: bool
    caps: credits.CapSettings
    fees: dict[date, credits.Fee]
    # R22: everything invoiced under the agreement, the annual cap's base; none recorded:
    # the cap falls back to the monthly fees and the statement says so.
    invoices: tuple[credits.Invoice, ...] = ()


# One stored event as the ledger reads it: type, epoch seconds, priority, supplier, reason
RawEvent = tuple[str, int, str | None, str | None, str | None]


@dataclass
class TicketRecord:
    id: int
    reference: str
    contract_id: int
    channel: str
    title: str
    submitted_at: datetime
    raw: list[RawEvent] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)  # mark_key -> reason
    clocks: engine.TicketClocks | None = None  # the fold, when it was needed
    # R21: the art. 38.3 classification as stored: (at, by, reason, after_claim)
    classified: tuple[datetime, str, str | None, bool] | None = None
    _events: list[engine.TicketEvent] | None = None

    @property
    def events(self) -> list[engine.TicketEvent]:
        """The engine's events, built on first use (screened tickets never need them)."""
        if self._events is None:
            # Instants made here from epoch seconds are UTC-aware: the trusted path applies.
            built = (engine.stored_event(kind, datetime.fromtimestamp(at, UTC),
                                         {"priority": p, "supplier": s, "reason": r})
                     for kind, at, p, s, r in self.raw)
            self._events = [e for e in built if e is not None]
        return self._events


@dataclass(frozen=True)
class NotAnIncident:
    """R21: a ticket classified not an incident (art. 38.3), who, when and why, with the
    breaches it would have had in the period: they carry no credit and stay recorded."""

    reference: str
    title: str
    by: str
    at: datetime
    reason: str | None
    after_claim: bool
    voided: tuple[credits.BreachInput, ...]

    def in_month(self, month: credits.Month) -> bool:
        """Listed in the months of its voided breaches, else in the month it was classified."""
        if self.voided:
            return any(month.start <= b.deadline < month.end for b in self.voided)
        return month.start <= self.at < month.end

    def to_dict(self) -> dict[str, object]:
        return {"reference": self.reference, "title": self.title, "by": self.by,
                "at": iso_z(self.at), "reason": self.reason, "after_claim": self.after_claim,
                "voided_breaches": [
                    {"clock": b.clock, "priority_at_breach": b.priority,
                     "deadline": iso_z(b.deadline)} for b in self.voided]}


@dataclass
class ServiceBook:
    id: int
    name: str
    fee: Decimal  # euros, the service's monthly fee
    outages: list[credits.Outage]
    claims: dict[date, list[date]]  # month's first day -> dates availability claims arrived
    windows: list[credits.MaintenanceWindow] = field(default_factory=list)  # seed 001
    # R20: the fee invoiced and paid per billing period; none: the listed monthly fee
    fee_records: list[credits.ServiceFeeRecord] = field(default_factory=list)


@dataclass
class CustomerLedger:
    id: int
    name: str
    contracts: dict[int, ContractBook] = field(default_factory=dict)
    tickets: list[TicketRecord] = field(default_factory=list)
    breaches: dict[int, list[credits.BreachInput]] = field(default_factory=dict)
    not_incidents: dict[int, list[NotAnIncident]] = field(default_factory=dict)  # R21
    claims: list[credits.Claim] = field(default_factory=list)
    services: list[ServiceBook] = field(default_factory=list)

    def ticket(self, reference: str) -> TicketRecord | None:
        return next((t for t in self.tickets if t.reference == reference), None)


@dataclass
class Ledger:
    since: datetime
    until: datetime
    now: datetime
    customers: dict[int, CustomerLedger]


def load(*, since: datetime, until: datetime, now: datetime,
         customer_ids: Iterable[int] | None = None, fold_all: bool = False,
         sla_override: engine.Sla | None = None) -> Ledger:
    """Everything needed for outcomes in [since, until) as of `now`.

    Tickets are candidates when submitted before `until` and either submitted or changed
    since `since`, or not closed according to the ticket row (the row's derived columns only
    narrow the query here; every figure comes from the events). With `fold_all` every
    candidate is folded (reports need each clock); otherwise tickets that provably cannot have
    breached are skipped (helpdesk/reports/screen.py). `sla_override` folds every ticket under
    another SLA (the what-if), keeping each contract's closing days.
    """
    ids = None if customer_ids is None else sorted(set(customer_ids))
    ledger = Ledger(since, until, now, {})
    query = select(Customer.id, Customer.name).order_by(Customer.name)
    if ids is not None:
        query = query.where(Customer.id.in_(ids))
    for cid, name in db.session.execute(query):
        ledger.customers[cid] = CustomerLedger(cid, name)
    if not ledger.customers:
        return ledger
    _load_contracts(ledger, ids, sla_override)
    _load_tickets(ledger, ids)
    _load_services(ledger, ids, _load_claims(ledger, ids))
    _fold(ledger, fold_all)
    return ledger


def _scoped(query, column, ids):  # type: ignore[no-untyped-def]
    return query if ids is None else query.where(column.in_(ids))


def _instant(value: datetime | str) -> datetime:
    """An instant read raw: SQLite hands back its stored UTC text, which `fromisoformat`
    parses far faster than the generic column processor; PostgreSQL hands back datetimes."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)


def _raw(column):  # type: ignore[no-untyped-def]
    return type_coerce(column, String)


def _epoch(column):  # type: ignore[no-untyped-def]
    """Whole epoch seconds of a stored instant, computed by the database."""
    if db.session.get_bind().dialect.name == "sqlite":
        return cast(func.strftime("%s", column), Integer)
    return cast(func.floor(func.extract("epoch", column)), BigInteger)


def _load_contracts(ledger: Ledger, ids: list[int] | None,
                    sla_override: engine.Sla | None) -> None:
    slas: dict[tuple[object, ...], engine.Sla] = {}
    fees: dict[int, list[credits.Fee]] = defaultdict(list)
    for contract_id, month, invoiced, paid in db.session.execute(_scoped(
            select(MonthlyFee.contract_id, MonthlyFee.month, MonthlyFee.invoiced_cents,
                   MonthlyFee.paid_cents).join(Contract), Contract.customer_id, ids)):
        fees[contract_id].append(credits.Fee(month, cents_to_euro(invoiced),
                                             cents_to_euro(paid)))
    invoices: dict[int, list[credits.Invoice]] = defaultdict(list)
    for contract_id, number, invoiced_on, amount, what_for, paid_on in db.session.execute(
            _scoped(select(Invoice.contract_id, Invoice.number, Invoice.invoiced_on,
                           Invoice.amount_cents, Invoice.what_for, Invoice.paid_on)
                    .join(Contract).order_by(Invoice.invoiced_on, Invoice.number),
                    Contract.customer_id, ids)):
        invoices[contract_id].append(credits.Invoice(number, invoiced_on, cents_to_euro(amount),
                                                     what_for, paid_on))
    closing: dict[int, list[date]] = defaultdict(list)
    for contract_id, day in db.session.execute(_scoped(
            select(ClosingDay.contract_id, ClosingDay.day).join(Contract), Contract.customer_id,
            ids)):
        closing[contract_id].append(day)
    for contract in db.session.scalars(_scoped(select(Contract), Contract.customer_id, ids)):
        days = tuple(sorted(closing.get(contract.id, ())))
        key = (contract.sla_preset, repr(contract.sla_definition), days)
        sla = slas.get(key)
        if sla is None:
            sla = slas[key] = _sla(contract, days)
        if sla_override is not None:
            sla = sla_override.with_closing_days(days)
        caps = credits.CapSettings.from_contract(contract.annual_cap_enabled,
                                                 contract.annual_cap_percent,
                                                 contract.annual_cap_cents,
                                                 contract.project_price_cents)
        book = ContractBook(contract.id, contract.name,
                            sla.name if sla_override is not None else contract.sla_label,
                            contract.starts_on, contract.ends_on, sla, credits_apply(sla), caps,
                            credits.fees_by_month(fees.get(contract.id, ())),
                            tuple(invoices.get(contract.id, ())))
        ledger.customers[contract.customer_id].contracts[contract.id] = book


def _sla(contract: Contract, closing: tuple[date, ...]) -> engine.Sla:
    """The contract's SLA with its closing days (as `Contract.sla()`, without lazy loads)."""
    return engine.contract_sla(contract.sla_preset, contract.sla_definition, closing)


def _candidates(ledger: Ledger, ids: list[int] | None):  # type: ignore[no-untyped-def]
    changed = select(TicketEvent.ticket_id).where(TicketEvent.at >= ledger.since)
    query = select(Ticket.id).where(
        Ticket.submitted_at < ledger.until,
        or_(Ticket.submitted_at >= ledger.since, Ticket.status.not_in(CLOSED),
            Ticket.next_deadline.is_not(None), Ticket.id.in_(changed)))
    return _scoped(query, Ticket.customer_id, ids)


def _load_tickets(ledger: Ledger, ids: list[int] | None) -> None:
    candidates = _candidates(ledger, ids).subquery()
    # Plain table columns: tuples back, without the ORM's per-row loading machinery.
    t, e = Ticket.__table__.c, TicketEvent.__table__.c
    rows = db.session.execute(
        select(t.id, t.reference, t.customer_id, t.contract_id, t.channel, t.title,
               _raw(t.submitted_at))
        .where(t.id.in_(select(candidates.c.id))).order_by(t.submitted_at, t.id))
    records: dict[int, TicketRecord] = {}
    for tid, ref, cid, contract_id, channel, title, submitted in rows:
        record = TicketRecord(tid, ref, contract_id, channel, title, _instant(submitted))
        records[tid] = record
        ledger.customers[cid].tickets.append(record)
    # Only the payload fields the clocks and marks read, so most rows need no JSON decoding;
    # instants as whole epoch seconds (the engine counts whole seconds, R5).
    fields = [case((e.type.in_(types), e.payload[name].as_string()), else_=None)
              for name, types in (("priority", ("submitted", "priority_changed")),
                                  ("supplier", ("supplier_suspended",)),
                                  ("reason", ("fix_rejected", *engine.VOID_STATUSES,
                                              ATTRIBUTION)),
                                  ("clock", (ATTRIBUTION,)), ("deadline", (ATTRIBUTION,)))]
    events = db.session.execute(
        select(e.ticket_id, e.type, _epoch(e.at), *fields)
        .where(e.ticket_id.in_(select(candidates.c.id)),
               e.type.in_((*CORE_TYPES, ATTRIBUTION)))
        .order_by(e.ticket_id, e.seq))
    for tid, kind, at, priority, supplier, reason, clock, deadline in events:
        record = records[tid]
        if kind == ATTRIBUTION:
            record.marks[mark_key(clock, deadline)] = reason
        else:
            record.raw.append((kind, int(at), priority, supplier, reason))
    # R21: who classified a ticket as not an incident, when, and whether after a claim.
    for tid, at, by, payload in db.session.execute(
            select(e.ticket_id, e.at, e.actor_name, e.payload)
            .where(e.ticket_id.in_(select(candidates.c.id)), e.type == "not_an_incident")
            .order_by(e.ticket_id, e.seq)):
        if records[tid].classified is None:
            records[tid].classified = (_instant(at), by or "", (payload or {}).get("reason"),
                                       bool((payload or {}).get("after_claim")))


def _load_claims(ledger: Ledger, ids: list[int] | None,
                 ) -> dict[int, dict[date, list[date]]]:
    """Incident claims onto the customers; availability claim dates per service and month."""
    items: dict[int, list[tuple[str | None, str | None, int | None, date | None]]] = \
        defaultdict(list)
    for claim_id, reference, clock, service_id, month in db.session.execute(_scoped(
            select(CreditClaimItem.claim_id, Ticket.reference, CreditClaimItem.clock,
                   CreditClaimItem.service_id, CreditClaimItem.month)
            .join(CreditClaim).outerjoin(Ticket, Ticket.id == CreditClaimItem.ticket_id),
            CreditClaim.customer_id, ids)):
        items[claim_id].append((reference, clock, service_id, month))
    services: dict[int, dict[date, list[date]]] = defaultdict(lambda: defaultdict(list))
    for claim_id, customer_id, received_on in db.session.execute(_scoped(
            select(CreditClaim.id, CreditClaim.customer_id, CreditClaim.received_on),
            CreditClaim.customer_id, ids)):
        covered = items.get(claim_id, [])
        keys = tuple(credits.BreachKey(ref, clock) for ref, clock, _, _ in covered if ref)
        if keys:
            ledger.customers[customer_id].claims.append(credits.Claim(received_on, keys))
        for _, _, service_id, month in covered:
            if service_id is not None and month is not None:
                services[service_id][month].append(received_on)
    return services


def _load_services(ledger: Ledger, ids: list[int] | None,
                   claims: dict[int, dict[date, list[date]]]) -> None:
    query = _scoped(select(CustomerService), CustomerService.customer_id, ids).order_by(
        CustomerService.name).options(selectinload(CustomerService.outages))
    windows = _load_windows(ledger, ids)
    fees = _load_service_fees(ids)
    for service in db.session.scalars(query):
        outages = [credits.Outage(service.name, o.started_at, o.ended_at,
                                  credits.OutageCause(o.cause))
                   for o in service.outages if o.started_at < ledger.until]
        ledger.customers[service.customer_id].services.append(ServiceBook(
            service.id, service.name, service.monthly_fee, outages,
            dict(claims.get(service.id, {})), windows.get(service.id, []),
            fees.get(service.id, [])))


def _load_service_fees(ids: list[int] | None) -> dict[int, list[credits.ServiceFeeRecord]]:
    found: dict[int, list[credits.ServiceFeeRecord]] = defaultdict(list)
    query = _scoped(select(ServiceFee).join(
        CustomerService, CustomerService.id == ServiceFee.service_id),
        CustomerService.customer_id, ids).order_by(ServiceFee.starts_on)
    for fee in db.session.scalars(query):
        found[fee.service_id].append(credits.ServiceFeeRecord(
            fee.starts_on, fee.months, cents_to_euro(fee.invoiced_cents),
            cents_to_euro(fee.paid_cents)))
    return found


def _load_windows(ledger: Ledger, ids: list[int] | None,
                  ) -> dict[int, list[credits.MaintenanceWindow]]:
    """Maintenance windows touching the period, cancelled ones too (the statement lists them)."""
    found: dict[int, list[credits.MaintenanceWindow]] = defaultdict(list)
    query = _scoped(select(MaintenanceWindow, CustomerService.name).join(
        CustomerService, CustomerService.id == MaintenanceWindow.service_id),
        CustomerService.customer_id, ids).where(
        MaintenanceWindow.starts_at < ledger.until, MaintenanceWindow.ends_at > ledger.since
    ).order_by(MaintenanceWindow.starts_at, MaintenanceWindow.id)
    for window, name in db.session.execute(query):
        found[window.service_id].append(credits.MaintenanceWindow(
            name, window.kind, window.starts_at, window.ends_at, window.announced_at,
            window.cancelled_at, window.title, window.id))
    return found


def _fold(ledger: Ledger, fold_all: bool) -> None:
    now = ledger.now
    at_now = int(now.timestamp())
    for customer in ledger.customers.values():
        found: dict[int, list[credits.BreachInput]] = defaultdict(list)
        excluded: dict[int, list[NotAnIncident]] = defaultdict(list)
        for record in customer.tickets:
            book = customer.contracts[record.contract_id]
            if not fold_all and cannot_breach_raw(record.raw, book.sla, at_now):
                continue
            clocks = engine.fold(record.events, book.sla, now)
            record.clocks = clocks
            found[record.contract_id].extend(_breaches(ledger, record, clocks))
            if record.classified is not None and clocks.status == "not_an_incident":
                excluded[record.contract_id].append(_not_an_incident(ledger, record, book))
        customer.breaches = {cid: sorted(items, key=lambda b: (b.deadline, b.reference))
                             for cid, items in found.items()}
        customer.not_incidents = dict(excluded)


def _breaches(ledger: Ledger, record: TicketRecord,
              clocks: engine.TicketClocks) -> list[credits.BreachInput]:
    found = []
    for breach in clocks.breaches:
        if not ledger.since <= breach.deadline < ledger.until:
            continue
        state = clocks.clocks[breach.clock]
        found.append(credits.BreachInput(
            reference=record.reference, clock=breach.clock, priority=breach.priority,
            deadline=breach.deadline, stopped_at=state.stopped_at,
            stopped_stretches=state.stopped_stretches,
            not_attributable_reason=record.marks.get(mark_key(breach.clock, breach.deadline))))
    return found


def _not_an_incident(ledger: Ledger, record: TicketRecord, book: ContractBook) -> NotAnIncident:
    """R21: the breaches the classification voided are those the ticket had when it was
    classified: the fold without the classification, as of its instant (the recorded events
    stay as they are; a clock that would have run out later never breached)."""
    at, by, reason, after_claim = record.classified  # type: ignore[misc]
    kept = [e for e in record.events if not isinstance(e, engine.NotAnIncident)]
    as_of = min(at, ledger.now)
    voided = tuple(_breaches(ledger, record, engine.fold(kept, book.sla, as_of)))
    return NotAnIncident(record.reference, record.title, by, at, reason, after_claim, voided)


def customer_named(text: str) -> Customer | None:
    """A customer by id or exact name (the CLI's --customer)."""
    text = text.strip()
    if text.isdigit():
        found = db.session.get(Customer, int(text))
        if found is not None:
            return found
    return db.session.scalar(select(Customer).where(Customer.name == text))


__all__ = ["ATTRIBUTION", "ContractBook", "CustomerLedger", "Ledger", "NotAnIncident",
           "ServiceBook",
           "TicketRecord", "credits_apply", "customer_named", "load", "mark_key"]
