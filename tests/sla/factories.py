"""Small factories for ticket event histories."""

from __future__ import annotations

from datetime import datetime

from helpdesk.sla import TicketEvent, TicketSubmitted


def submitted(at: datetime, priority: str = "P1", **overrides: object) -> TicketEvent:
    return TicketSubmitted(at=at, priority=priority, **overrides)  # type: ignore[arg-type]
