"""Derived ticket columns: a cache of the SLA core's fold of the ticket's events.

Everything here can be recomputed at any time (`helpdesk rebuild`); nothing here is truth.
`derive` works on anything with the event rows' attributes (ORM rows); `derive_values`,
which it calls, on plain tuples as the bulk rebuild reads them, so both derive alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from flask import current_app

from helpdesk import sla as engine
from helpdesk.escalation.plan import Facts, Plan, Settings, plan
from helpdesk.models import Ticket


class EventRow(Protocol):
    type: str
    at: datetime
    payload: Any
    channel: str | None
    dedup_key: str | None


@dataclass(frozen=True)
class Derived:
    clocks: engine.TicketClocks
    priority: str | None
    status: str
    tier: int
    breach_count: int
    next_deadline: datetime | None
    next_wake_at: datetime | None
    assignee_id: int | None
    confirmation_outstanding: bool
    title: str | None
    last_event_at: datetime | None
    earliest_deadline: datetime | None

    def columns(self) -> dict[str, Any]:
        """The columns to write: a title stays as stored when the events name none."""
        values = {name: getattr(self, name) for name in COLUMNS}
        if values["title"] is None:
            del values["title"]
        return values


COLUMNS = ("priority", "status", "tier", "breach_count", "next_deadline", "next_wake_at",
           "assignee_id", "confirmation_outstanding", "title", "last_event_at",
           "earliest_deadline")


def core_events(rows: Sequence[EventRow]) -> list[engine.TicketEvent]:
    """Map stored rows to the core's event values; rows the clocks ignore are skipped."""
    return scan(rows).events


def fold_ticket(ticket: Ticket, rows: Sequence[EventRow], now: datetime) -> engine.TicketClocks:
    return engine.fold(core_events(rows), ticket.contract.sla(), now)


@dataclass
class Scan:
    """Everything the derived columns need from the rows, gathered in one pass."""

    events: list[engine.TicketEvent]
    recorded: set[str]
    assignee_id: int | None = None
    confirmation_outstanding: bool = False
    title: str | None = None
    suspended_since: datetime | None = None
    supplier: str | None = None


Record = tuple[str, datetime, Any, str | None, str | None]
"""An event row as a plain tuple: (type, at, payload, channel, dedup_key). The payload is a
mapping, or its JSON text as the bulk rebuild reads it (decoded only where it is read)."""

# Event types whose payload is read here or by the fold; the others' is never decoded.
READS_PAYLOAD = frozenset({"submitted", "priority_changed", "supplier_suspended",
                           "fix_rejected", "not_an_incident", "out_of_scope", "assigned",
                           "retitled"})
_EMPTY: dict[str, Any] = {}


def records(rows: Sequence[EventRow]) -> list[Record]:
    return [(row.type, row.at, row.payload, row.channel, row.dedup_key) for row in rows]


def scan(rows: Sequence[EventRow]) -> Scan:
    return scan_records(records(rows))


def scan_records(rows: Iterable[Record]) -> Scan:
    result = Scan(events=[], recorded=set())
    events, recorded, event_of = result.events, result.recorded, engine.stored_event
    for kind, at, payload, channel, dedup_key in rows:
        if dedup_key:
            recorded.add(dedup_key)
        if kind not in _READS:
            continue  # most of the log: breaches recorded, escalations, messages...
        payload = _payload(payload) if kind in READS_PAYLOAD else _EMPTY
        event = event_of(kind, at, payload)
        if event is not None:
            events.append(event)
        if kind == "submitted":
            result.title = payload.get("title", result.title)
            # Art. 39.2.2: a phone report waits for the customer's written confirmation.
            result.confirmation_outstanding = channel == "phone"
        elif kind == "written_confirmation":
            result.confirmation_outstanding = False
        elif kind == "assigned":
            result.assignee_id = payload.get("staff_id")
        elif kind == "retitled":
            result.title = payload.get("title", result.title)
        elif kind == "supplier_suspended":
            result.suspended_since, result.supplier = at, payload.get("supplier")
        elif kind in ("supplier_delivered", "resolved", *engine.VOID_STATUSES):
            result.suspended_since = None
    return result


# Every row type scan_records reads beyond its dedup key: the fold's and its own.
_READS = engine.EVENT_TYPES | {"written_confirmation", "assigned", "retitled"}


def _payload(value: Any) -> Mapping[str, Any]:
    if value.__class__ is str:
        return json.loads(value) if value and value != "{}" else _EMPTY  # type: ignore[no-any-return]
    return value or _EMPTY  # type: ignore[no-any-return]


def derive(rows: Sequence[EventRow], sla: engine.Sla, submitted_at: datetime,
           settings: Settings, now: datetime) -> Derived:
    clocks, values = derive_values(records(rows), sla, submitted_at, settings, now)
    return Derived(clocks, *values)


def derive_values(rows: Sequence[Record], sla: engine.Sla, submitted_at: datetime,
                  settings: Settings, now: datetime) -> tuple[engine.TicketClocks, Any]:
    """The fold of the rows and every derived column's value, in the order of COLUMNS.

    A plain tuple, so the bulk rebuild compares it with the stored row as is.
    """
    found = scan_records(rows)
    clocks = engine.fold(found.events, sla, now)
    facts = Facts(submitted_at=submitted_at,
                  confirmation_outstanding=found.confirmation_outstanding,
                  open_suspension_since=found.suspended_since, supplier=found.supplier)
    result = plan(sla, clocks, facts, found.recorded, settings, now)
    return clocks, (
        clocks.priority, clocks.status, clocks.tier, len(clocks.breaches),
        clocks.next_deadline, now if result.due else result.next_wake,
        found.assignee_id, found.confirmation_outstanding, found.title,
        rows[-1][1] if rows else None, clocks.earliest_open_deadline)


def refresh(ticket: Ticket, rows: Sequence[EventRow], now: datetime) -> engine.TicketClocks:
    """Recompute every derived column of one ticket from its events."""
    derived = derive(rows, ticket.contract.sla(), ticket.submitted_at, escalation_settings(),
                     now)
    for name, value in derived.columns().items():
        setattr(ticket, name, value)
    return derived.clocks


def escalation_settings() -> Settings:
    shares = current_app.config.get("HELPDESK_WARNING_SHARES", "0.75,0.90")
    return Settings(
        warning_shares=tuple(float(s) for s in str(shares).split(",") if s.strip()),
        supplier_reminder_working_days=int(
            current_app.config.get("HELPDESK_SUPPLIER_REMINDER_DAYS", 3)),
    )


def plan_for(ticket: Ticket, rows: Sequence[EventRow], clocks: engine.TicketClocks,
             now: datetime) -> Plan:
    """What the scheduler owes the ticket now, and when it must look again."""
    found = scan(rows)
    facts = Facts(submitted_at=ticket.submitted_at,
                  confirmation_outstanding=found.confirmation_outstanding,
                  open_suspension_since=found.suspended_since, supplier=found.supplier)
    return plan(ticket.contract.sla(), clocks, facts, found.recorded, escalation_settings(),
                now)
