"""Registering a breach (R24): what happened, which data, since when, whom it touches.

Only managers register (the web and API layers check the role; `register_breach` checks it
again, since a breach register entry starts a legal clock). The discovery instant is when the
provider became aware (seed 004 annex 2 art. 6.1 "kennis krijgt"): it may lie in the past,
never in the future.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from helpdesk.breaches.deadline import notification_deadline
from helpdesk.extensions import db
from helpdesk.models import MANAGER_ROLES, Customer, DataBreach, DataBreachCustomer, Staff
from helpdesk.privacy import audit


class BreachRefused(ValueError):
    """The register refuses the entry; `code` names the rule (the web layer translates)."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


def register_breach(*, title: str, description: str, data_categories: str,
                    discovered_at: datetime, customers: Sequence[Customer], by: Staff,
                    now: datetime, consequences: str = "", measures: str = "",
                    contact_point: str = "") -> DataBreach:
    """Stage the breach, its affected customers and the audit entry; the caller commits."""
    if by.role not in MANAGER_ROLES:
        raise BreachRefused("not_a_manager", "only managers register data breaches")
    if not title.strip():
        raise BreachRefused("title", "give the breach a short title")
    if not description.strip():
        raise BreachRefused("description", "describe what happened")
    if not data_categories.strip():
        raise BreachRefused("data_categories", "say which kinds of personal data are affected")
    if discovered_at.tzinfo is None:
        raise ValueError("discovered_at must be timezone-aware")
    if discovered_at > now:
        raise BreachRefused("discovered_in_future", "the discovery cannot lie in the future",
                            at=discovered_at)
    unique = {customer.id: customer for customer in customers}
    if not unique:
        raise BreachRefused("customers", "choose at least one affected customer")
    breach = DataBreach(
        title=title.strip(), description=description.strip(),
        data_categories=data_categories.strip(), consequences=consequences.strip(),
        measures=measures.strip(), contact_point=contact_point.strip(),
        discovered_at=discovered_at, due_at=notification_deadline(discovered_at),
        registered_at=now, registered_by_id=by.id)
    db.session.add(breach)
    db.session.flush()
    for customer_id in sorted(unique):
        db.session.add(DataBreachCustomer(breach_id=breach.id, customer_id=customer_id))
    audit.record("breach_registered", "data_breach", breach.id, actor=by,
                 detail=f"{breach.title}; discovered {discovered_at.isoformat()}; "
                        f"customers {', '.join(str(i) for i in sorted(unique))}")
    db.session.flush()
    return breach
