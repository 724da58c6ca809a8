"""A new ticket from a mailed report, written with plain inserts: the intake's hot path.

It is `commands.submit` without the ORM: the same contract, payload, reference and event
columns (`commands.contract_for`, `submitted_payload`, `next_reference`, `log.event_values`),
and the derived columns are `projection.derive` of the one submitted event being inserted,
so nothing is read back. A new ticket's first event is number 1.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import SimpleNamespace

from sqlalchemy import insert

from helpdesk.extensions import db
from helpdesk.intake.attachments import store_attachments
from helpdesk.intake.lookups import Lookups
from helpdesk.intake.triage import guess_urgency_and_impact
from helpdesk.mail import ParsedMail
from helpdesk.models import ContactPerson, Ticket, TicketEvent
from helpdesk.tickets import commands, log, projection
from helpdesk.tickets.actors import Actor
from helpdesk.tickets.references import next_reference

_INSERT_TICKET = insert(Ticket)
_INSERT_EVENT = insert(TicketEvent)


@dataclass(frozen=True)
class OpenedTicket:
    id: int
    reference: str
    title: str


def open_ticket(parsed: ParsedMail, contact: ContactPerson, lookups: Lookups, *,
                mail_id: int, received_at: datetime, now: datetime) -> OpenedTicket:
    """Raises NoContract when the customer has no contract in force that day."""
    at = received_at  # our receipt, not the sender's Date header (R1: submission)
    day = commands.submission_day(at)
    contract = commands.contract_for(contact, day)
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
        },
    )
    event = log.event_values("submitted", at=at, actor=Actor.of(contact), channel="email",
                             payload=payload, body=parsed.text or "(no text)")
    derived = projection.derive([SimpleNamespace(**event)], lookups.sla(contract), at,
                                lookups.settings, now)
    reference = next_reference(day.year)
    connection = db.session.connection()
    ticket_id = connection.execute(_INSERT_TICKET, {
        "reference": reference, "customer_id": contact.customer_id,
        "contract_id": contract.id, "reporter_id": contact.id, "channel": "email",
        "submitted_at": at, **derived.columns(),
    }).inserted_primary_key[0]
    event_id = connection.execute(
        _INSERT_EVENT, {"ticket_id": ticket_id, "seq": 1, **event}).inserted_primary_key[0]
    if parsed.attachments:
        store_attachments(parsed.attachments, now=now, ticket_id=ticket_id, event_id=event_id,
                          inbound_mail_id=mail_id)
    return OpenedTicket(ticket_id, reference, payload["title"])
