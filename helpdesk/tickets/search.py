"""Find an open ticket by its reference or words: staff attach held mail to one (art. 33.2,
issue #19 item 10). The full-text search of issue #16 (helpdesk/search/), open tickets only."""

from __future__ import annotations

from helpdesk.models import Ticket
from helpdesk.search.query import Hit, search
from helpdesk.search.words import QueryRefused

LIMIT = 20


def open_ticket_hits(text: str, limit: int = LIMIT) -> list[Hit]:
    """Open tickets matching the reference or words, best first; raises QueryRefused."""
    return search(text, open_only=True, limit=limit)


def open_tickets_matching(text: str, limit: int = LIMIT) -> list[Ticket]:
    """The tickets of `open_ticket_hits`; nothing for a query that cannot be searched."""
    try:
        return [hit.ticket for hit in open_ticket_hits(text, limit)]
    except QueryRefused:
        return []
