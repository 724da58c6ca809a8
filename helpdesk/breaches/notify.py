"""Telling the affected customers (R24): one mail per contact, through the outbox, each
recorded in the register; a customer's clock stops the moment its first mail is queued.

Who hears of it: the customer's portal administrators (seed 000 roles), or every active
contact person where it has none. R23 applies on top: only addresses their holders confirmed;
a customer without a confirmed address is left untold and the register says so, so a manager
can reach it another way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.breaches.notice import customer_notice
from helpdesk.extensions import db
from helpdesk.locales import in_language_of
from helpdesk.models import (
    ContactPerson,
    Customer,
    DataBreach,
    DataBreachNotification,
    PortalRole,
    Staff,
)
from helpdesk.outbox import enqueue
from helpdesk.privacy import audit
from helpdesk.privacy.notifiable import may_notify


def recipients(customer: Customer) -> list[ContactPerson]:
    """The contacts a notification for `customer` goes to (may be empty: none confirmed)."""
    reachable = [c for c in customer.contacts if may_notify(c)]
    administrators = [c for c in reachable if c.portal_role == PortalRole.ADMINISTRATOR]
    return administrators or reachable


@dataclass(frozen=True)
class NotifyOutcome:
    notified: list[Customer]  # customers told now
    unreachable: list[Customer]  # affected, untold, and without a confirmed address
    notifications: list[DataBreachNotification]


def notify_affected(breach: DataBreach, *, by: Staff, now: datetime) -> NotifyOutcome:
    """Queue the notification to every affected customer not yet told; the caller commits.

    Customers told before are left alone, so pressing the button twice sends nothing twice.
    """
    notified: list[Customer] = []
    unreachable: list[Customer] = []
    made: list[DataBreachNotification] = []
    for affected in breach.affected:
        if affected.notified_at is not None:
            continue
        people = recipients(affected.customer)
        if not people:
            unreachable.append(affected.customer)
            continue
        for person in people:
            with in_language_of(person):  # issue #17: in the contact's language
                notice = customer_notice(breach, customer=affected.customer.name,
                                         contact=person.name)
            message = enqueue(kind="data_breach", to_addr=person.email,
                              subject=notice.subject, body_text=notice.text)
            db.session.flush()  # the message's id, for the register
            row = DataBreachNotification(
                breach_id=breach.id, customer_id=affected.customer_id, contact_id=person.id,
                contact_name=person.name, address=person.email, channel="email", at=now,
                sent_by_id=by.id, outbox_message_id=message.id)
            db.session.add(row)
            made.append(row)
        affected.notified_at = now
        notified.append(affected.customer)
    if made:
        audit.record("breach_notified", "data_breach", breach.id, actor=by,
                     detail=f"{len(made)} mail(s) to {len(notified)} customer(s): "
                            + ", ".join(f"{n.address} (customer {n.customer_id})"
                                        for n in made))
    db.session.flush()
    return NotifyOutcome(notified, unreachable, made)
