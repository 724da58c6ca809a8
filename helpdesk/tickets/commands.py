"""Ticket commands: each stores one event and refreshes the derived columns from the log."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from helpdesk import sla as engine
from helpdesk.extensions import db
from helpdesk.models import ContactPerson, Contract, Ticket, TicketEvent
from helpdesk.tickets import log, projection, reporters
from helpdesk.tickets.actors import Actor
from helpdesk.tickets.references import next_reference
from helpdesk.timefmt import local


class NoContract(ValueError):
    """The customer has no contract in force on the day of the report."""


def submit(
    *,
    reporter: ContactPerson,
    title: str,
    description: str,
    urgency: str,
    impact: str,
    channel: str,
    at: datetime,
    actor: Actor,
    now: datetime,
    extra: dict[str, Any] | None = None,
) -> Ticket:
    """Open a ticket: the reporter's urgency and impact set the first priority (art. 39.1.1).

    Raises NoContract, or reporters.ReporterNotAllowed when the contract does not let this
    contact person log tickets (seed 004 art. 9.3)."""
    day = submission_day(at)
    contract = contract_for(reporter, day)
    reporters.check(reporter, contract)
    ticket = Ticket(
        reference=next_reference(day.year),
        customer_id=reporter.customer_id,
        contract_id=contract.id,
        reporter_id=reporter.id,
        channel=channel,
        submitted_at=at,
        title=title[:300],
    )
    db.session.add(ticket)
    db.session.flush()
    payload = submitted_payload(title=title, urgency=urgency, impact=impact, channel=channel,
                                extra=extra)
    log.append(
        ticket, "submitted", at=at, actor=actor, channel=channel, payload=payload,
        body=description,
    )
    # Art. 6.9 (R25): opened while interventions are suspended for non-payment, its clocks
    # hold until the suspension stops (imported here: that module records through this one).
    from helpdesk.duties import nonpayment

    nonpayment.hold_if_suspended(ticket, at)
    refresh(ticket, now)
    return ticket


def submission_day(at: datetime) -> date:
    """The contract and the reference number go by the Brussels day of the submission."""
    return local(at).date()  # type: ignore[union-attr]


def contract_for(reporter: ContactPerson, day: date) -> Contract:
    contract = reporter.customer.contract_on(day)
    if contract is None:
        raise NoContract(f"{reporter.customer.name} has no contract in force on {day}")
    return contract


def submitted_payload(*, title: str, urgency: str, impact: str, channel: str,
                      extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "title": title[:300],
        "urgency": urgency,
        "impact": impact,
        "priority": engine.priority_for(urgency, impact),
        "channel": channel,
        **(extra or {}),
    }


def record(
    ticket: Ticket,
    type: str,
    *,
    at: datetime,
    actor: Actor,
    now: datetime,
    channel: str | None = None,
    payload: dict[str, Any] | None = None,
    body: str | None = None,
    dedup_key: str | None = None,
) -> TicketEvent:
    event = log.append(
        ticket, type, at=at, actor=actor, channel=channel, payload=payload, body=body,
        dedup_key=dedup_key,
    )
    refresh(ticket, now)
    return event


def refresh(ticket: Ticket, now: datetime) -> engine.TicketClocks:
    return projection.refresh(ticket, log.events_of(ticket), now)
