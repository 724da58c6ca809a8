"""What routing a batch of mail reads from the database, read once for the whole batch.

Message by message this was a query for the sender, lazy loads of the customer's contracts
and closing days, an SLA built from them and a scan of the outbox for the rate limit; for a
batch it is one query each. Answers the batch queues itself are counted as they are queued.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from helpdesk import sla as engine
from helpdesk.escalation.plan import Settings
from helpdesk.extensions import db
from helpdesk.mail import may_auto_reply
from helpdesk.models import ContactPerson, Contract, Customer, OutboxMessage
from helpdesk.tickets.projection import escalation_settings

RATE_WINDOW = timedelta(hours=1)  # the window may_auto_reply counts in


class Lookups:
    def __init__(self, now: datetime, senders: Iterable[str]) -> None:
        addresses = {sender.lower() for sender in senders}
        self.now = now
        self.settings: Settings = escalation_settings()
        self._contacts = _active_contacts(addresses)
        self._answers = _automatic_answers(addresses, now)
        self._slas: dict[int, engine.Sla] = {}

    def contact(self, sender: str | None) -> ContactPerson | None:
        """The active contact person registered with this address (art. 33.2, 35.2)."""
        return self._contacts.get(sender.lower()) if sender else None

    def sla(self, contract: Contract) -> engine.Sla:
        if contract.id not in self._slas:
            self._slas[contract.id] = contract.sla()
        return self._slas[contract.id]

    def may_answer(self, address: str) -> bool:
        """RFC 3834: automatic answers to one address are rate-limited."""
        return may_auto_reply(self._answers_to(address), self.now)

    def answered(self, address: str, at: datetime) -> None:
        # Counted even if the message's savepoint is rolled back later: one answer fewer
        # in this batch at worst, never one too many.
        self._answers_to(address).append(at)

    def _answers_to(self, address: str) -> list[datetime]:
        key = address.lower()
        if key not in self._answers:  # not a sender of this batch: look it up alone
            self._answers.update(_automatic_answers({key}, self.now))
        return self._answers[key]


def _active_contacts(addresses: set[str]) -> dict[str, ContactPerson]:
    if not addresses:
        return {}
    contacts = db.session.scalars(
        select(ContactPerson)
        .where(func.lower(ContactPerson.email).in_(addresses), ContactPerson.active.is_(True))
        .order_by(ContactPerson.id)
        .options(joinedload(ContactPerson.customer).selectinload(Customer.contracts)
                 .selectinload(Contract.closing_days))
    )
    found: dict[str, ContactPerson] = {}
    for contact in contacts:
        found.setdefault(contact.email.lower(), contact)
    return found


def _automatic_answers(addresses: set[str], now: datetime) -> dict[str, list[datetime]]:
    answers: dict[str, list[datetime]] = {address: [] for address in addresses}
    if addresses:
        address = func.lower(OutboxMessage.to_addr)
        rows = db.session.execute(
            select(address, OutboxMessage.created_at).where(
                address.in_(addresses), OutboxMessage.automatic.is_(True),
                OutboxMessage.created_at > now - RATE_WINDOW)
        )
        for to_addr, created_at in rows:
            answers[to_addr].append(created_at)
    return answers
