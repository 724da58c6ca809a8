"""Find an open ticket by its reference or title: staff attach held mail to one (art. 33.2)."""

from __future__ import annotations

from sqlalchemy import or_, select

from helpdesk.extensions import db
from helpdesk.models import Ticket
from helpdesk.tickets.not_incident import OPEN_STATUSES

LIMIT = 20


def _like(text: str) -> str:
    """A LIKE pattern for `text` anywhere, with the user's % and _ taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def open_tickets_matching(text: str, limit: int = LIMIT) -> list[Ticket]:
    """Open tickets whose reference or title holds `text` (any case), newest first."""
    text = text.strip()
    if not text:
        return []
    pattern = _like(text)
    query = (select(Ticket).where(Ticket.status.in_(OPEN_STATUSES))
             .where(or_(Ticket.reference.ilike(pattern, escape="\\"),
                        Ticket.title.ilike(pattern, escape="\\")))
             .order_by(Ticket.submitted_at.desc(), Ticket.id.desc()).limit(limit))
    return list(db.session.scalars(query))
