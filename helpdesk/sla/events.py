"""Ticket events the SLA fold cares about: frozen, past tense, each with its instant.

The database shell stores events as rows (type, UTC instant, actor, payload);
`event_from_record` turns a row into one of these, or None for rows the clocks ignore
(messages, notes, assignment, escalations, time entries...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .definition import PRIORITIES
from .errors import UnknownPriority
from .instants import require_aware


@dataclass(frozen=True)
class TicketEvent:
    at: datetime
    by: str | None = None

    type = "event"

    def __post_init__(self) -> None:
        require_aware(self.at, f"{type(self).__name__}.at")


@dataclass(frozen=True)
class TicketSubmitted(TicketEvent):
    priority: str = "P4"
    urgency: str | None = None
    impact: str | None = None
    channel: str | None = None
    type = "submitted"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.priority not in PRIORITIES:
            raise UnknownPriority(self.priority)


@dataclass(frozen=True)
class TicketAcknowledged(TicketEvent):
    type = "acknowledged"


@dataclass(frozen=True)
class PriorityChanged(TicketEvent):
    priority: str = "P4"
    urgency: str | None = None
    impact: str | None = None
    reason: str | None = None
    type = "priority_changed"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.priority not in PRIORITIES:
            raise UnknownPriority(self.priority)


@dataclass(frozen=True)
class SupplierSuspended(TicketEvent):
    supplier: str | None = None
    type = "supplier_suspended"


@dataclass(frozen=True)
class SupplierDelivered(TicketEvent):
    type = "supplier_delivered"


@dataclass(frozen=True)
class OnsiteAgreed(TicketEvent):
    type = "onsite_agreed"


@dataclass(frozen=True)
class WorkaroundApplied(TicketEvent):
    type = "workaround_applied"


@dataclass(frozen=True)
class TicketResolved(TicketEvent):
    type = "resolved"


@dataclass(frozen=True)
class FixRejected(TicketEvent):
    reason: str | None = None
    type = "fix_rejected"


@dataclass(frozen=True)
class NotAnIncident(TicketEvent):
    reason: str | None = None
    type = "not_an_incident"


@dataclass(frozen=True)
class ReportAssessed(TicketEvent):
    type = "assessed"


_SIMPLE: dict[str, type[TicketEvent]] = {
    "acknowledged": TicketAcknowledged,
    "supplier_delivered": SupplierDelivered,
    "onsite_agreed": OnsiteAgreed,
    "workaround_applied": WorkaroundApplied,
    "resolved": TicketResolved,
    "assessed": ReportAssessed,
}


def event_from_record(type: str, at: datetime, payload: Mapping[str, Any],
                      by: str | None = None) -> TicketEvent | None:
    """The fold's event for a stored row, or None when the clocks do not care about it."""
    if type in _SIMPLE:
        return _SIMPLE[type](at=at, by=by)
    if type == "submitted":
        return TicketSubmitted(at=at, by=by, priority=payload["priority"],
                               urgency=payload.get("urgency"), impact=payload.get("impact"),
                               channel=payload.get("channel"))
    if type == "priority_changed":
        return PriorityChanged(at=at, by=by, priority=payload["priority"],
                               urgency=payload.get("urgency"), impact=payload.get("impact"),
                               reason=payload.get("reason"))
    if type == "supplier_suspended":
        return SupplierSuspended(at=at, by=by, supplier=payload.get("supplier"))
    if type == "fix_rejected":
        return FixRejected(at=at, by=by, reason=payload.get("reason"))
    if type == "not_an_incident":
        return NotAnIncident(at=at, by=by, reason=payload.get("reason"))
    return None
