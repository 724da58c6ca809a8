"""The SLAs of SPEC.md as ready presets, written as the JSON definitions custom SLAs use."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from functools import cache, lru_cache
from typing import Any

from .definition import Sla
from .errors import UnknownSla

ZONE = "Europe/Brussels"
HOSTING_AVAILABILITY_OBJECTIVE_PERCENT = "99.9"  # seed 001 "Beschikbaarheid": per month


def _weekdays(*ranges: str) -> dict[str, list[str]]:
    days = ("monday", "tuesday", "wednesday", "thursday", "friday")
    return {day: list(ranges) for day in days}


def _t(amount: int, unit: str) -> dict[str, Any]:
    return {"amount": amount, "unit": unit}


H = "hours"
D = "days"
MONTHS = "calendar_months"

# art. 33.9 (R1): reaction runs from submission to the human acknowledgement.
_REACTION = {"name": "reaction", "label": "Reaction time", "starts_on": "submitted",
             "stops_on": ["acknowledged"]}
# art. 33.10 (R2): resolution runs from the acknowledgement until operational again
# (a workaround counts, art. 39.3.1 / R8); suspendable (R6), extendable (R7).
_RESOLUTION = {"name": "resolution", "label": "Resolution time", "starts_on": "acknowledged",
               "stops_on": ["workaround_applied", "resolved"], "suspendable": True,
               "extends_on_onsite": True, "reopens_on_rejection": True}


def _managed(kind: int) -> dict[str, Any]:
    """Seed 002 art. 35.3 (windows) and art. 39.1.2 (targets) for SLA type 1-5."""
    window = {1: "08:45-17:00", 2: "08:45-17:00", 3: "06:00-18:00"}.get(kind, "06:00-24:00")
    first_reaction = _t(4, H) if kind == 1 else _t(2, H)
    reaction = {"P1": first_reaction, "P2": _t(1, D), "P3": _t(2, D), "P4": _t(3, D)}
    if kind >= 4:
        resolution = {"P1": _t(1, D), "P2": _t(2, D), "P3": _t(3, D), "P4": _t(5, D)}
    else:  # "n.v.t." for types 1-3
        resolution = {"P1": None, "P2": None, "P3": None, "P4": None}
    return {
        "name": f"type{kind}", "label": f"Managed services SLA type {kind}",
        "timezone": ZONE, "holiday_country": "BE", "windows": _weekdays(window),
        "clocks": [_REACTION, _RESOLUTION],
        "targets": {"reaction": reaction, "resolution": resolution},
        # art. 39.2.2: "Incidenten met prioriteitscode KRITIEK of BELANGRIJK kunnen
        # telefonisch worden gemeld"; the others only in writing.
        "phone_priorities": ["P1", "P2"],
    }


# Seed 004 annex 1 and R13: both clocks from submission; P1-P2 around the clock outside
# Belgian holidays, P3-P4 office hours Mon-Fri 09:00-17:00 (a working day = 8 h); P4 has
# no resolution clock ("next maintenance release").
# Annex 1: "In eerste instantie kan een workaround worden aangeboden, waarna binnen twee (2)
# weken [P1, P2] / binnen één (1) maand [P3] een permanente oplossing wordt nagestreefd";
# P4: "in de volgende maintenance release". A workaround stops the resolution objective
# (met or missed then) and starts the permanent fix objective. We read "twee weken" as 14
# calendar days and "één maand" as one calendar month, wall-clock time in Europe/Brussels
# (the annex counts only its response/resolution times in hours or working days); P4's
# maintenance release has no date, so no clock. The priority stays: seed 004 has no R8.
_PLATFORM = {
    "name": "platform", "label": "Platform support objectives (best effort)",
    "timezone": ZONE, "holiday_country": "BE", "windows": _weekdays("09:00-17:00"),
    "around_the_clock_priorities": ["P1", "P2"], "workaround_priority": None,
    "phone_priorities": None,  # seed 004 sets no limit on reporting by phone
    "clocks": [
        {"name": "response", "label": "Response time objective", "starts_on": "submitted",
         "stops_on": ["acknowledged"]},
        # Supplier suspension (R6) and on-site extension (R7) are art. 39.1.3 of seed 002;
        # seed 004 grants neither, so no platform clock is suspendable.
        {"name": "resolution", "label": "Resolution time objective",
         "starts_on": "submitted", "stops_on": ["workaround_applied", "resolved"],
         "reopens_on_rejection": True},
        {"name": "permanent_fix", "label": "Permanent fix objective",
         "starts_on": "workaround_applied", "stops_on": ["resolved"],
         "reopens_on_rejection": True},
    ],
    "targets": {
        "response": {"P1": _t(4, H), "P2": _t(8, H), "P3": _t(2, D), "P4": _t(10, D)},
        "resolution": {"P1": _t(8, H), "P2": _t(12, H), "P3": _t(5, D), "P4": None},
        "permanent_fix": {"P1": _t(14, "calendar_days"), "P2": _t(14, "calendar_days"),
                          "P3": _t(1, MONTHS), "P4": None},
    },
    # R13: objectives, a miss carries no credit. Art. 9.3: only administrators log tickets,
    # and the provider may classify a ticket out of scope (binding; billable, art. 9.4).
    "constants": {"credits": False, "reporters": "administrators", "out_of_scope": True},
}

# Seed 001: support hours Mon-Fri 09:00-16:30; written complaints answered within
# 5 working days, whatever the priority; availability 99.9 % per month is a constant.
_HOSTING = {
    "name": "hosting", "label": "Hosting availability SLA",
    "timezone": ZONE, "holiday_country": "BE", "windows": _weekdays("09:00-16:30"),
    "phone_priorities": None,  # seed 001 sets no limit on reporting by phone
    # seed 001 "Klantenondersteuning": "telefonisch ...; via de online chatfunctie op onze
    # website" — a chat is a conversation staff log, like a call (item 9.3)
    "staff_logged_channels": ["chat", "phone"],
    "clocks": [{"name": "reaction", "label": "Written complaint answered",
                "starts_on": "submitted", "stops_on": ["acknowledged"]}],
    "targets": {"reaction": {p: _t(5, D) for p in ("P1", "P2", "P3", "P4")}},
    "constants": {"availability_objective_percent": HOSTING_AVAILABILITY_OBJECTIVE_PERCENT},
}

# Seed 001 responsible disclosure: receipt within 1 working day, assessment within 3
# working days, fix within 60 (calendar) days, all from the report.
_SECURITY = {
    "name": "security", "label": "Security reports (responsible disclosure)",
    "timezone": ZONE, "holiday_country": "BE", "windows": _weekdays("09:00-16:30"),
    "phone_priorities": None,  # seed 001 (reports come by e-mail) sets no phone limit
    "clocks": [
        {"name": "receipt", "label": "Receipt confirmed", "starts_on": "submitted",
         "stops_on": ["acknowledged"]},
        {"name": "assessment", "label": "Assessment sent", "starts_on": "submitted",
         "stops_on": ["assessed"]},
        {"name": "fix", "label": "Vulnerability fixed", "starts_on": "submitted",
         "stops_on": ["workaround_applied", "resolved"], "suspendable": True,
         "reopens_on_rejection": True},
    ],
    "targets": {
        "receipt": {p: _t(1, D) for p in ("P1", "P2", "P3", "P4")},
        "assessment": {p: _t(3, D) for p in ("P1", "P2", "P3", "P4")},
        "fix": {p: _t(60, "calendar_days") for p in ("P1", "P2", "P3", "P4")},
    },
}

DEFINITIONS: dict[str, dict[str, Any]] = {
    **{f"type{kind}": _managed(kind) for kind in range(1, 6)},
    "platform": _PLATFORM,
    "hosting": _HOSTING,
    "security": _SECURITY,
}
PRESET_NAMES: tuple[str, ...] = tuple(DEFINITIONS)


@cache
def _preset(name: str) -> Sla:
    return Sla.from_definition(DEFINITIONS[name])


def preset(name: str, extra_closing_days: Iterable[date] = ()) -> Sla:
    """A ready SLA by name, optionally with the contract's extra closing days."""
    if name not in DEFINITIONS:
        raise UnknownSla(name, PRESET_NAMES)
    return _with_closing_days(name, frozenset(extra_closing_days))


@lru_cache(maxsize=4096)
def _with_closing_days(name: str, days: frozenset[date]) -> Sla:
    """One Sla object per (preset, closing days): its plans and calendars are built once."""
    return _preset(name).with_closing_days(days)


def contract_sla(preset_name: str | None, definition: Mapping[str, Any] | None,
                 closing_days: Iterable[date] = ()) -> Sla:
    """A contract's SLA: its preset or its own definition, with its extra closing days."""
    if preset_name:
        return preset(preset_name, extra_closing_days=closing_days)
    return _custom(json.dumps(definition or {}, sort_keys=True, default=str),
                   frozenset(closing_days))


@lru_cache(maxsize=1024)
def _custom(definition: str, closing_days: frozenset[date]) -> Sla:
    """One Sla object per (definition, closing days): its plans and calendars are built once.
    Raises InvalidDefinition for a definition the engine cannot use."""
    return Sla.from_definition(json.loads(definition)).with_closing_days(closing_days)
