"""The SLA engine: exact, explainable contract clocks (pure: no Flask, no DB, no clock).

Every instant comes in as an aware datetime; deadlines come out in UTC.
"""

from __future__ import annotations

from .calendar import CalendarSpec
from .deadlines import deadline, target_seconds
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
from .presets import PRESET_NAMES, preset
from .suspension import Suspension
from .targets import Target

__all__ = [
    "PRESET_NAMES",
    "PRIORITIES",
    "CalendarExhausted",
    "CalendarSpec",
    "ClockDef",
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
    "preset",
    "target_seconds",
]
