"""Presence on a ticket: which other staff members have it open, and who is replying.

The ticket page polls every POLL seconds, saying what its user is doing ("viewing", or
"replying" while the reply or note form has text); each poll refreshes one row and reads
the others. A row not refreshed for TTL seconds no longer counts, so a closed tab, a
crashed browser or a sleeping laptop disappears by itself; a page that is left says so
("left") and its row goes at once. Staff only: contacts never see or cause presence.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select

from helpdesk.extensions import db
from helpdesk.models import Staff, Ticket, TicketPresence

POLL = timedelta(seconds=10)
TTL = timedelta(seconds=30)  # three missed polls
ACTIVITIES = ("viewing", "replying")


@dataclass(frozen=True)
class Present:
    staff_id: int
    name: str
    activity: str
    seen_at: datetime


def touch(ticket: Ticket, staff: Staff, *, activity: str, now: datetime) -> None:
    """Record that `staff` is on the ticket now, doing `activity` (or has left it)."""
    if activity == "left":
        db.session.execute(delete(TicketPresence).where(
            TicketPresence.ticket_id == ticket.id, TicketPresence.staff_id == staff.id))
        return
    if activity not in ACTIVITIES:
        raise ValueError(f"unknown activity {activity!r}")
    row = db.session.get(TicketPresence, (ticket.id, staff.id))
    if row is None:
        db.session.add(TicketPresence(ticket_id=ticket.id, staff_id=staff.id,
                                      activity=activity, seen_at=now))
    else:
        row.activity, row.seen_at = activity, now
    # Expired rows of this ticket are of no use to anyone: remove them while here.
    db.session.execute(delete(TicketPresence).where(
        TicketPresence.ticket_id == ticket.id, TicketPresence.seen_at < now - TTL))


def others(ticket: Ticket, *, me: Staff, now: datetime) -> list[Present]:
    """The other staff members on the ticket as of `now`, those replying first."""
    rows = db.session.execute(
        select(TicketPresence.staff_id, Staff.name, TicketPresence.activity,
               TicketPresence.seen_at)
        .join(Staff, Staff.id == TicketPresence.staff_id)
        .where(TicketPresence.ticket_id == ticket.id, TicketPresence.staff_id != me.id,
               TicketPresence.seen_at >= now - TTL)
        .order_by(Staff.name))
    found = [Present(*row) for row in rows]
    return sorted(found, key=lambda p: p.activity != "replying")
