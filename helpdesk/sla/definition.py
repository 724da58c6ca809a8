"""An SLA definition: clocks, a calendar per priority and targets per clock and priority.

Custom SLAs are stored on contracts as JSON (`Sla.to_definition()`); the presets are
written in that same form and read with `Sla.from_definition()`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property, lru_cache
from typing import Any

from .calendar import WEEKDAYS, CalendarSpec, format_range, parse_range
from .compiled import CompiledCalendar, compiled
from .errors import InvalidDefinition, UnknownClock, UnknownPriority
from .targets import Target

PRIORITIES: tuple[str, ...] = ("P1", "P2", "P3", "P4")
PHONE_PRIORITIES: frozenset[str] = frozenset({"P1", "P2"})  # seed 002 art. 39.2.2
# The channels staff log on the customer's behalf (a conversation, not a written report):
# every contract names the telephone (seed 002 art. 35.2; seed 001 "Klantenondersteuning";
# seed 004); only the hosting SLA (seed 001) also names "de online chatfunctie".
STAFF_LOGGED_CHANNELS: frozenset[str] = frozenset({"phone"})
STAFF_CHANNELS: tuple[str, ...] = ("phone", "chat")
# "workaround_applied" starts a clock for the permanent fix that follows a workaround
# (seed 004 annex 1: "waarna binnen twee (2) weken een permanente oplossing").
START_TRIGGERS: tuple[str, ...] = ("submitted", "acknowledged", "assessed", "workaround_applied")
STOP_TRIGGERS: tuple[str, ...] = ("acknowledged", "assessed", "workaround_applied", "resolved")


@dataclass(frozen=True)
class ClockDef:
    """One contract clock: what starts it, what stops it, which rules touch it."""

    name: str
    label: str
    starts_on: str
    stops_on: tuple[str, ...]
    suspendable: bool = False  # art. 39.1.3 supplier suspension (R6)
    extends_on_onsite: bool = False  # art. 39.1.3 / 39.3.4 on-site visit (R7)
    reopens_on_rejection: bool = False  # art. 39.4.1 "not resolved" resumes it

    def __post_init__(self) -> None:
        if self.starts_on not in START_TRIGGERS:
            raise InvalidDefinition(f"clock {self.name!r}: unknown start {self.starts_on!r}")
        bad = [stop for stop in self.stops_on if stop not in STOP_TRIGGERS]
        if bad or not self.stops_on:
            raise InvalidDefinition(f"clock {self.name!r}: stops_on must be among "
                                    f"{', '.join(STOP_TRIGGERS)}")

    def to_definition(self) -> dict[str, Any]:
        return {"name": self.name, "label": self.label, "starts_on": self.starts_on,
                "stops_on": list(self.stops_on), "suspendable": self.suspendable,
                "extends_on_onsite": self.extends_on_onsite,
                "reopens_on_rejection": self.reopens_on_rejection}


@dataclass(frozen=True)
class ClockPlan:
    """What a (priority, clock) resolves to: the calendar that counts and the target."""

    spec: CalendarSpec
    calendar: CompiledCalendar
    target: Target
    seconds: int | None  # None for calendar-day targets (they depend on the start)
    day_seconds: int


@dataclass(frozen=True)
class Sla:
    name: str
    label: str
    calendar: CalendarSpec
    clocks: tuple[ClockDef, ...]
    targets: Mapping[str, Mapping[str, Target | None]]
    around_the_clock_priorities: frozenset[str] = frozenset()
    constants: Mapping[str, Any] = field(default_factory=dict)
    # The priority a workaround turns the ticket into for the rest of its handling, or None
    # when the contract says nothing of it. Seed 002 art. 39.3.1 (R8): "P3 – Medium"; a
    # definition without the key keeps that rule, as every contract had it before.
    workaround_priority: str | None = "P3"
    # The priorities that may be reported by phone, or None when the contract sets no limit.
    # Seed 002 art. 39.2.2: only KRITIEK and BELANGRIJK (P1, P2); seeds 001 and 004 set none.
    # A definition without the key keeps that rule, as every contract had it before.
    phone_priorities: frozenset[str] | None = PHONE_PRIORITIES
    # The conversation channels staff may log a report from (item 9.3): "phone" everywhere,
    # "chat" where the contract names a chat channel (seed 001). A definition without the
    # key keeps the telephone only, as every contract had it before.
    staff_logged_channels: frozenset[str] = STAFF_LOGGED_CHANNELS

    def __post_init__(self) -> None:
        names = [clock.name for clock in self.clocks]
        if len(set(names)) != len(names) or not names:
            raise InvalidDefinition(f"SLA {self.name!r}: clock names must be unique, non-empty")
        for clock in names:
            per_priority = self.targets.get(clock, {})
            unknown = set(per_priority) - set(PRIORITIES)
            if unknown:
                raise InvalidDefinition(f"SLA {self.name!r}: unknown priorities {unknown}")
        if set(self.targets) - set(names):
            raise InvalidDefinition(f"SLA {self.name!r}: targets for undefined clocks")
        if set(self.around_the_clock_priorities) - set(PRIORITIES):
            raise InvalidDefinition(f"SLA {self.name!r}: bad around_the_clock_priorities")
        if self.workaround_priority is not None and self.workaround_priority not in PRIORITIES:
            raise InvalidDefinition(f"SLA {self.name!r}: bad workaround_priority "
                                    f"{self.workaround_priority!r}")
        if self.phone_priorities is not None and set(self.phone_priorities) - set(PRIORITIES):
            raise InvalidDefinition(f"SLA {self.name!r}: bad phone_priorities")
        if not self.staff_logged_channels <= set(STAFF_CHANNELS):
            raise InvalidDefinition(f"SLA {self.name!r}: bad staff_logged_channels "
                                    f"(known: {', '.join(STAFF_CHANNELS)})")

    @property
    def clock_names(self) -> tuple[str, ...]:
        return tuple(clock.name for clock in self.clocks)

    @property
    def suspends_for_supplier(self) -> bool:
        """Whether waiting for an external supplier stops any clock (seed 002 art. 39.1.3,
        R6); seed 004 grants no such suspension, so the platform preset has none."""
        return any(clock.suspendable for clock in self.clocks)

    def clock(self, name: str) -> ClockDef:
        for clock in self.clocks:
            if clock.name == name:
                return clock
        raise UnknownClock(name, self.name, self.clock_names)

    def target(self, clock: str, priority: str) -> Target | None:
        self.clock(clock)
        if priority not in PRIORITIES:
            raise UnknownPriority(priority)
        return self.targets.get(clock, {}).get(priority)

    def calendar_for(self, priority: str) -> CalendarSpec:
        if priority in self.around_the_clock_priorities:
            return self.calendar.around_the_clock()
        return self.calendar

    @cached_property
    def _plans(self) -> dict[tuple[str, str], ClockPlan | None]:
        return {}

    @cached_property
    def fold_cache(self) -> dict[tuple[Any, ...], Any]:
        """The fold's states shared by every ticket of this SLA (a clock not started)."""
        return {}

    def plan(self, priority: str, clock: str) -> ClockPlan | None:
        """The calendar and target of one clock at one priority; None when n.a."""
        try:
            return self._plans[(priority, clock)]
        except KeyError:
            pass
        target = self.target(clock, priority)
        result: ClockPlan | None = None
        if target is not None:
            spec = self.calendar_for(priority)
            day = spec.day_seconds
            if target.is_calendar_days:
                spec = spec.elapsed()
            seconds = None if target.is_calendar_days else target.seconds(day)
            result = ClockPlan(spec, compiled(spec), target, seconds, day)
        self._plans[(priority, clock)] = result
        return result

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        # Pickled as its definition (statements computed in forked workers come back so):
        # the receiving process builds each SLA once and compiles its calendars itself.
        return (sla_from_json, (json.dumps(self.to_definition(), sort_keys=True),))

    def with_closing_days(self, days: Iterable[date]) -> Sla:
        """The same SLA with a contract's extra closing days."""
        extra = frozenset(days)
        if not extra:
            return self
        return Sla(self.name, self.label, self.calendar.with_closing_days(extra), self.clocks,
                   self.targets, self.around_the_clock_priorities, self.constants,
                   self.workaround_priority, self.phone_priorities,
                   self.staff_logged_channels)

    def to_definition(self) -> dict[str, Any]:
        cal = self.calendar
        return {
            "name": self.name,
            "label": self.label,
            "timezone": cal.timezone,
            "holiday_country": cal.holiday_country,
            "windows": {day: [format_range(r) for r in ranges]
                        for day, ranges in zip(WEEKDAYS, cal.windows, strict=True)},
            "closing_days": sorted(d.isoformat() for d in cal.closing_days),
            "around_the_clock_priorities": sorted(self.around_the_clock_priorities),
            "clocks": [clock.to_definition() for clock in self.clocks],
            "targets": {clock: {p: (t.to_definition() if (t := per.get(p)) else None)
                                for p in PRIORITIES}
                        for clock, per in self.targets.items()},
            "constants": dict(self.constants),
            "workaround_priority": self.workaround_priority,
            "phone_priorities": (None if self.phone_priorities is None
                                 else sorted(self.phone_priorities)),
            "staff_logged_channels": sorted(self.staff_logged_channels),
        }

    @classmethod
    def from_definition(cls, data: Mapping[str, Any]) -> Sla:
        try:
            windows = data["windows"]
            unknown_days = set(windows) - set(WEEKDAYS)
            if unknown_days:
                raise InvalidDefinition(f"unknown weekdays in windows: {sorted(unknown_days)}")
            spec = CalendarSpec(
                timezone=data.get("timezone", "Europe/Brussels"),
                windows=tuple(tuple(parse_range(text) for text in windows.get(day, ()))
                              for day in WEEKDAYS),
                holiday_country=data.get("holiday_country", "BE"),
                closing_days=frozenset(date.fromisoformat(d)
                                       for d in data.get("closing_days", ())),
            )
            clocks = tuple(
                ClockDef(c["name"], c.get("label", c["name"]), c["starts_on"],
                         tuple(c["stops_on"]), bool(c.get("suspendable", False)),
                         bool(c.get("extends_on_onsite", False)),
                         bool(c.get("reopens_on_rejection", False)))
                for c in data["clocks"])
            targets = {clock: {p: Target.from_definition(per.get(p)) for p in PRIORITIES}
                       for clock, per in data.get("targets", {}).items()}
            return cls(str(data["name"]), str(data.get("label", data["name"])), spec, clocks,
                       targets, frozenset(data.get("around_the_clock_priorities", ())),
                       dict(data.get("constants", {})),
                       data.get("workaround_priority", "P3"),
                       _phone_priorities(data.get("phone_priorities", sorted(PHONE_PRIORITIES))),
                       _channels(data.get("staff_logged_channels",
                                          sorted(STAFF_LOGGED_CHANNELS))))
        except (KeyError, TypeError, AttributeError) as exc:
            raise InvalidDefinition(f"SLA definition is incomplete or malformed: {exc!r}") \
                from exc


def _phone_priorities(value: Any) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):  # a lone "P1" would otherwise read as {"P", "1"}
        raise InvalidDefinition("phone_priorities must be a list of priorities or null")
    return frozenset(value)


def _channels(value: Any) -> frozenset[str]:
    if isinstance(value, str) or value is None:  # "chat" would otherwise read as letters
        raise InvalidDefinition("staff_logged_channels must be a list of channels")
    return frozenset(value)


@lru_cache(maxsize=1024)
def sla_from_json(text: str) -> Sla:
    """One Sla object per JSON definition, so that its compiled plans are shared."""
    return Sla.from_definition(json.loads(text))
