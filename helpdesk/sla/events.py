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

from .clockstate import built
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
class OutOfScope(TicketEvent):
    """Seed 004 art. 9.3/9.4: the provider's binding classification as out of scope."""

    reason: str | None = None
    type = "out_of_scope"


@dataclass(frozen=True)
class TicketMerged(TicketEvent):
    """Issue #16: the ticket was merged, as a duplicate, into another ticket of the same
    customer. Its clocks stop for good at this instant: the kept ticket's clocks carry on
    for the one incident, so nothing counts, breaches or earns credit here afterwards; a
    breach recorded before the merge stays (R12)."""

    type = "merged"


@dataclass(frozen=True)
class ReportAssessed(TicketEvent):
    type = "assessed"


@dataclass(frozen=True)
class PaymentSuspended(TicketEvent):
    """Art. 6.9 (seed 002) / art. 14.6 (seed 004): the ticket was opened while the
    customer's interventions were suspended for non-payment; its clocks hold from `at`."""

    reason: str | None = None
    type = "payment_suspended"


@dataclass(frozen=True)
class PaymentResumed(TicketEvent):
    """The suspension for non-payment stopped: the ticket's clocks count again from `at`."""

    type = "payment_resumed"


_SIMPLE: dict[str, type[TicketEvent]] = {
    "acknowledged": TicketAcknowledged,
    "supplier_delivered": SupplierDelivered,
    "onsite_agreed": OnsiteAgreed,
    "workaround_applied": WorkaroundApplied,
    "resolved": TicketResolved,
    "assessed": ReportAssessed,
    "merged": TicketMerged,
    "payment_resumed": PaymentResumed,
}
_WITH_FIELDS = frozenset({"submitted", "priority_changed", "supplier_suspended", "fix_rejected",
                          "not_an_incident", "out_of_scope", "payment_suspended"})
# Statuses in which no clock counts any more: art. 38.3 (seed 002), art. 9.3 (seed 004),
# and a duplicate merged into another ticket (issue #16). Each is also its event's type.
VOID_STATUSES: tuple[str, ...] = ("not_an_incident", "out_of_scope", "merged")
_PRIORITIES = frozenset(PRIORITIES)
EVENT_TYPES = frozenset(_SIMPLE) | _WITH_FIELDS
"""The stored row types the fold reads; `event_from_record` maps every other to None."""


def event_from_record(type: str, at: datetime, payload: Mapping[str, Any],
                      by: str | None = None) -> TicketEvent | None:
    """The fold's event for a stored row, or None when the clocks do not care about it."""
    found = _fields(type, payload)
    if found is None:
        return None
    cls, fields = found
    return cls(at=at, by=by, **fields)


def stored_event(type: str, at: datetime, payload: Mapping[str, Any]) -> TicketEvent | None:
    """`event_from_record` for a row the database shell read, whose `at` is UTC-aware.

    The rebuild maps every stored event of every ticket, and the generated __init__ (one
    object.__setattr__ per field, then the aware check of __post_init__) costs more than
    folding the event. The database type guarantees the zone, and the fold's `to_epoch`
    refuses a naive instant anyway; the priority is still checked, as __post_init__ does.
    """
    simple = _SIMPLE.get(type)
    if simple is not None:
        return built(simple, {"at": at, "by": None})
    if type not in _WITH_FIELDS:
        return None  # most stored rows: messages, breaches recorded, escalations...
    cls, fields = _fields(type, payload)  # type: ignore[misc]
    if "priority" in fields and fields["priority"] not in _PRIORITIES:
        raise UnknownPriority(fields["priority"])
    return built(cls, {"at": at, "by": None, **fields})


def _fields(type: str, payload: Mapping[str, Any]) -> tuple[type[TicketEvent],
                                                           dict[str, Any]] | None:
    """The event class of a row's type and its fields beyond `at` and `by` (None: ignored)."""
    if type in _SIMPLE:
        return _SIMPLE[type], {}
    if type == "submitted":
        return TicketSubmitted, {"priority": payload["priority"],
                                 "urgency": payload.get("urgency"),
                                 "impact": payload.get("impact"),
                                 "channel": payload.get("channel")}
    if type == "priority_changed":
        return PriorityChanged, {"priority": payload["priority"],
                                 "urgency": payload.get("urgency"),
                                 "impact": payload.get("impact"),
                                 "reason": payload.get("reason")}
    if type == "supplier_suspended":
        return SupplierSuspended, {"supplier": payload.get("supplier")}
    if type == "fix_rejected":
        return FixRejected, {"reason": payload.get("reason")}
    if type == "not_an_incident":
        return NotAnIncident, {"reason": payload.get("reason")}
    if type == "out_of_scope":
        return OutOfScope, {"reason": payload.get("reason")}
    if type == "payment_suspended":
        return PaymentSuspended, {"reason": payload.get("reason")}
    return None
