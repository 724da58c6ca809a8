"""New tickets from mailed reports, written with plain inserts: the intake's hot path.

It is `commands.submit` without the ORM: the same contract, payload, reference and event
columns (`commands.contract_for`, `submitted_payload`, `next_references`,
`log.event_values`), and the derived columns are `projection.derive` of the one submitted
event being inserted, so nothing is read back. A new ticket's first event is number 1.

`plan_ticket` works a ticket out without writing (the intake worker does so before its turn
to write); `write_tickets` numbers and inserts a batch of them in a few statements.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sqlalchemy import insert, or_, select

from helpdesk.duties import nonpayment
from helpdesk.extensions import db
from helpdesk.intake.attachments import store_attachments
from helpdesk.intake.lookups import Lookups
from helpdesk.intake.triage import guess_urgency_and_impact
from helpdesk.mail import ParsedMail
from helpdesk.models import ContactPerson, PaymentSuspension, Ticket, TicketEvent
from helpdesk.search import index as search_index
from helpdesk.tickets import commands, log, projection, reporters
from helpdesk.tickets.actors import Actor
from helpdesk.tickets.references import next_references

_INSERT_TICKETS = insert(Ticket).returning(Ticket.id, sort_by_parameter_order=True)
_INSERT_EVENTS = insert(TicketEvent).returning(TicketEvent.id, sort_by_parameter_order=True)


@dataclass(frozen=True)
class OpenedTicket:
    id: int
    reference: str
    title: str


@dataclass(frozen=True)
class PlannedTicket:
    """A new ticket's rows, all but its number and id."""

    year: int
    ticket: dict[str, Any]
    event: dict[str, Any]
    title: str
    mail_id: int
    parsed: ParsedMail


def open_ticket(parsed: ParsedMail, contact: ContactPerson, lookups: Lookups, *,
                mail_id: int, received_at: datetime, now: datetime) -> OpenedTicket:
    """Raises NoContract when the customer has no contract in force that day."""
    planned = plan_ticket(parsed, contact, lookups, mail_id=mail_id, received_at=received_at,
                          now=now)
    return write_tickets([planned], now)[0]


def plan_ticket(parsed: ParsedMail, contact: ContactPerson, lookups: Lookups, *,
                mail_id: int, received_at: datetime, now: datetime,
                authentication: dict[str, str] | None = None) -> PlannedTicket:
    """Raises NoContract when the customer has no contract in force that day, and
    ReporterNotAllowed when the contract does not let this contact log tickets."""
    at = received_at  # our receipt, not the sender's Date header (R1: submission)
    day = commands.submission_day(at)
    contract = commands.contract_for(contact, day)
    reporters.check(contact, contract)
    urgency, impact = guess_urgency_and_impact(parsed.subject, parsed.text)
    payload = commands.submitted_payload(
        title=parsed.subject or "(no subject)", urgency=urgency, impact=impact,
        channel="email",
        extra={
            "priority_unconfirmed": True,  # staff confirm the guess (art. 39.1.1)
            "inbound_mail_id": mail_id,
            "message_id": parsed.message_id,
            "parse_warnings": parsed.warnings,
            "html": parsed.html,
            **({"authentication": authentication} if authentication else {}),
            **({"dropped_attachments": parsed.dropped} if parsed.dropped else {}),
        },
    )
    event = log.event_values("submitted", at=at, actor=Actor.of(contact), channel="email",
                             payload=payload, body=parsed.text or "(no text)")
    derived = projection.derive([SimpleNamespace(**event)], lookups.sla(contract), at,
                                lookups.settings, now)
    ticket = {"customer_id": contact.customer_id, "contract_id": contract.id,
              "reporter_id": contact.id, "channel": "email", "submitted_at": at,
              **derived.columns()}
    return PlannedTicket(day.year, ticket, event, payload["title"], mail_id, parsed)


def write_tickets(planned: list[PlannedTicket], now: datetime) -> list[OpenedTicket]:
    """Number and insert the tickets, in their order: one statement each for the numbers
    (per year), the tickets and their first events."""
    if not planned:
        return []
    references: list[str] = []
    for year in sorted({p.year for p in planned}):
        numbers = iter(next_references(year, sum(1 for p in planned if p.year == year)))
        references.extend(next(numbers) for p in planned if p.year == year)
    by_year = sorted(range(len(planned)), key=lambda i: planned[i].year)  # stable
    reference_of = dict(zip(by_year, references, strict=True))
    connection = db.session.connection()
    ticket_ids = connection.execute(_INSERT_TICKETS, [
        {"reference": reference_of[i], **p.ticket} for i, p in enumerate(planned)
    ]).scalars().all()
    event_ids = connection.execute(_INSERT_EVENTS, [
        {"ticket_id": ticket_id, "seq": 1, **p.event}
        for ticket_id, p in zip(ticket_ids, planned, strict=True)
    ]).scalars().all()
    search_index.touch(ticket_ids)  # Core inserts: the session's hooks cannot see them
    for ticket_id, event_id, p in zip(ticket_ids, event_ids, planned, strict=True):
        if p.parsed.attachments:
            store_attachments(p.parsed.attachments, now=now, ticket_id=ticket_id,
                              event_id=event_id, inbound_mail_id=p.mail_id)
    # Art. 6.9 (R25): tickets opened while their customer's interventions are suspended
    # for non-payment hold their clocks (one query per ticket only when any is suspended).
    earliest = min(p.ticket["submitted_at"] for p in planned)
    if db.session.scalar(select(PaymentSuspension.id).where(or_(
            PaymentSuspension.stopped_at.is_(None), PaymentSuspension.stopped_at > earliest))
            .limit(1)) is not None:
        nonpayment.hold_opened([(ticket_id, p.ticket["customer_id"], p.ticket["submitted_at"])
                                for ticket_id, p in zip(ticket_ids, planned, strict=True)], now)
    return [OpenedTicket(ticket_id, reference_of[i], p.title)
            for i, (ticket_id, p) in enumerate(zip(ticket_ids, planned, strict=True))]
