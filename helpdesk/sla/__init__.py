"""The SLA engine: exact, explainable contract clocks (pure: no Flask, no DB, no clock).

Every instant comes in as an aware datetime; deadlines come out in UTC.
"""

from __future__ import annotations

from .calendar import CalendarSpec
from .clockstate import STATES, Breach, ClockState, TicketClocks
from .deadlines import deadline, explain, target_seconds
from .definition import PRIORITIES, ClockDef, Sla
from .errors import (
    CalendarExhausted,
    InvalidCalendar,
    InvalidDefinition,
    InvalidSuspension,
    InvalidTarget,
    NaiveDatetime,
    SlaError,
    UnknownClock,
    UnknownPriority,
    UnknownSla,
)
from .events import (
    EVENT_TYPES,
    VOID_STATUSES,
    FixRejected,
    NotAnIncident,
    OnsiteAgreed,
    OutOfScope,
    PaymentResumed,
    PaymentSuspended,
    PriorityChanged,
    ReportAssessed,
    SupplierDelivered,
    SupplierSuspended,
    TicketAcknowledged,
    TicketEvent,
    TicketMerged,
    TicketResolved,
    TicketSubmitted,
    WorkaroundApplied,
    event_from_record,
    stored_event,
)
from .explanation import Explanation, ExplanationRow
from .fold import fold, tier
from .presets import PRESET_NAMES, contract_sla, preset
from .priority import priority_for
from .suspension import Suspension
from .targets import Target

__all__ = [
    "EVENT_TYPES",
    "VOID_STATUSES",
    "PRESET_NAMES",
    "PRIORITIES",
    "STATES",
    "Breach",
    "CalendarExhausted",
    "CalendarSpec",
    "ClockDef",
    "ClockState",
    "Explanation",
    "ExplanationRow",
    "FixRejected",
    "NotAnIncident",
    "OutOfScope",
    "OnsiteAgreed",
    "PriorityChanged",
    "PaymentResumed",
    "PaymentSuspended",
    "ReportAssessed",
    "SupplierDelivered",
    "SupplierSuspended",
    "TicketAcknowledged",
    "TicketClocks",
    "TicketEvent",
    "TicketMerged",
    "TicketResolved",
    "TicketSubmitted",
    "WorkaroundApplied",
    "InvalidCalendar",
    "InvalidDefinition",
    "InvalidSuspension",
    "InvalidTarget",
    "NaiveDatetime",
    "Sla",
    "SlaError",
    "Suspension",
    "Target",
    "UnknownClock",
    "UnknownPriority",
    "UnknownSla",
    "deadline",
    "event_from_record",
    "explain",
    "fold",
    "contract_sla",
    "preset",
    "stored_event",
    "priority_for",
    "target_seconds",
    "tier",
]
