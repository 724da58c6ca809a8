"""Which maintenance windows a ticket may be about (art. 38.3: provider maintenance is not an
incident). A ticket submitted inside a window of one of its customer's services, or shortly
after one ended (people report a little late), gets a hint on the staff ticket page. The hint
only suggests: classifying the ticket as not an incident stays a staff decision, and the
clocks stop only when it is recorded.

Cancelled windows never count: the maintenance did not happen. Every query is scoped to the
ticket's customer."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from helpdesk.credits.instants import as_utc
from helpdesk.extensions import db
from helpdesk.models import CustomerService, MaintenanceWindow
from helpdesk.timefmt import brussels_short

DEFAULT_MARGIN = timedelta(minutes=30)


class Submitted(Protocol):
    id: int
    customer_id: int
    submitted_at: datetime


def covers(window: MaintenanceWindow, instant: datetime, margin: timedelta) -> bool:
    """`instant` falls in [start, end + margin)."""
    instant = as_utc(instant)
    return as_utc(window.starts_at) <= instant < as_utc(window.ends_at) + margin


# Built once on bound parameters: every queue page and ticket page asks, and building the
# statement cost more than the (mostly empty) answer (bench/profile_pages.py).
_CANDIDATES = (select(MaintenanceWindow).join(MaintenanceWindow.service)
               .options(contains_eager(MaintenanceWindow.service))
               .where(CustomerService.customer_id.in_(bindparam("customers", expanding=True)),
                      MaintenanceWindow.cancelled_at.is_(None),
                      MaintenanceWindow.starts_at <= bindparam(
                          "last", type_=MaintenanceWindow.starts_at.type),
                      MaintenanceWindow.ends_at > bindparam(
                          "first", type_=MaintenanceWindow.ends_at.type))
               .order_by(MaintenanceWindow.starts_at, MaintenanceWindow.id))


def _candidates(customer_ids: Iterable[int], first: datetime, last: datetime,
                margin: timedelta) -> list[MaintenanceWindow]:
    """Not cancelled windows of these customers' services overlapping [first - margin, last]."""
    return list(db.session.scalars(_CANDIDATES, {
        "customers": sorted(set(customer_ids)), "last": as_utc(last),
        "first": as_utc(first) - margin}))


def windows_at(customer_id: int, instant: datetime, *,
               margin: timedelta = DEFAULT_MARGIN) -> list[MaintenanceWindow]:
    """The customer's not cancelled windows in progress at `instant` or ended less than
    `margin` before it, earliest first."""
    return _candidates([customer_id], instant, instant, margin)


def tickets_in_windows(tickets: Sequence[Submitted], *,
                       margin: timedelta = DEFAULT_MARGIN) -> dict[int, list[MaintenanceWindow]]:
    """For a page of tickets: ticket id -> the windows its submission falls in, with one
    query for the whole page (each ticket matched only with its own customer's windows)."""
    if not tickets:
        return {}
    found = _candidates([t.customer_id for t in tickets],
                        min(as_utc(t.submitted_at) for t in tickets),
                        max(as_utc(t.submitted_at) for t in tickets), margin)
    hits: dict[int, list[MaintenanceWindow]] = {}
    for ticket in tickets:
        mine = [w for w in found if w.service.customer_id == ticket.customer_id
                and covers(w, ticket.submitted_at, margin)]
        if mine:
            hits[ticket.id] = mine
    return hits


def times(window: MaintenanceWindow) -> str:
    """The window's start and end in Brussels time, e.g. '2026-10-08 21:00 CEST – 22:00 CEST'."""
    start, end = brussels_short(window.starts_at), brussels_short(window.ends_at)
    if start[:10] == end[:10]:
        end = end[11:]
    return f"{start} – {end}"


def not_an_incident_detail(window: MaintenanceWindow) -> str:
    """What the prefilled 'not an incident' reason adds to "provider maintenance"."""
    return f"{window.title} ({times(window)})"
