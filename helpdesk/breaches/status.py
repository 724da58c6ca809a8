"""What the register shows of a breach: its clock, each customer's clock and who was told.

The breach's clock stops when the last affected customer has been told; each customer's
clock stops when its first notification was queued (R24).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from helpdesk.breaches.deadline import BreachClock, clock
from helpdesk.extensions import db
from helpdesk.models import DataBreach, DataBreachCustomer, DataBreachNotification
from helpdesk.timefmt import iso_utc


@dataclass(frozen=True)
class CustomerStatus:
    affected: DataBreachCustomer
    clock: BreachClock
    notifications: list[DataBreachNotification]


@dataclass(frozen=True)
class BreachStatus:
    breach: DataBreach
    clock: BreachClock
    customers: list[CustomerStatus]

    @property
    def untold(self) -> list[CustomerStatus]:
        return [c for c in self.customers if c.clock.running]

    def to_dict(self) -> dict[str, Any]:
        """The API's JSON (helpdesk/api/breaches.py; schema DataBreach in openapi)."""
        b = self.breach
        return {
            "id": b.id, "title": b.title, "description": b.description,
            "data_categories": b.data_categories, "consequences": b.consequences,
            "measures": b.measures, "contact_point": b.contact_point,
            "discovered_at": iso_utc(b.discovered_at), "due_at": iso_utc(b.due_at),
            "registered_at": iso_utc(b.registered_at),
            "registered_by": b.registered_by.name if b.registered_by else None,
            "state": self.clock.state, "remaining_seconds": self.clock.remaining_seconds,
            "customers": [{
                "id": c.affected.customer_id, "name": c.affected.customer.name,
                "notified_at": iso_utc(c.affected.notified_at) or None,
                "state": c.clock.state, "remaining_seconds": c.clock.remaining_seconds,
                "notifications": [{
                    "contact": n.contact_name, "address": n.address, "channel": n.channel,
                    "at": iso_utc(n.at), "by": n.sent_by.name if n.sent_by else None,
                } for n in c.notifications],
            } for c in self.customers],
            "warnings": [{"level": w.level, "at": iso_utc(w.at)} for w in b.warnings],
        }


def status_of(breach: DataBreach, now: datetime) -> BreachStatus:
    customers = []
    for affected in breach.affected:
        sent = [n for n in breach.notifications if n.customer_id == affected.customer_id]
        customers.append(CustomerStatus(affected, clock(breach.discovered_at,
                                                        affected.notified_at, now), sent))
    stops = [c.affected.notified_at for c in customers]
    # Stopped once every customer is told: at the last of those instants.
    stopped = None if not stops or None in stops else max(s for s in stops if s is not None)
    return BreachStatus(breach, clock(breach.discovered_at, stopped, now), customers)


def register(now: datetime) -> list[BreachStatus]:
    """Every breach, newest discovery first."""
    breaches = db.session.scalars(select(DataBreach).order_by(
        DataBreach.discovered_at.desc(), DataBreach.id.desc()))
    return [status_of(b, now) for b in breaches]


def find(breach_id: int) -> DataBreach | None:
    return db.session.get(DataBreach, breach_id)
