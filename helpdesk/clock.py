"""The one place the shells read the clock; the SLA core never does (time is an argument).

Every shell asks `utcnow()`. What it answers comes from one replaceable source: the system
clock in production; in the test suite a clock that starts at a chosen instant (so no test
depends on the day it runs) or one that stands still. `HELPDESK_CLOCK_OFFSET` moves the
clock of a whole process by a number of seconds, so that the processes a test starts (the
SMTP listener, a scheduler, the CLI) keep the test's time; `check-config` refuses it in
production.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from typing import Protocol

OFFSET_VARIABLE = "HELPDESK_CLOCK_OFFSET"


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class ShiftedClock:
    """The system clock moved by a fixed offset: it ticks as the system clock does."""

    def __init__(self, offset: timedelta) -> None:
        self.offset = offset

    @classmethod
    def starting_at(cls, instant: datetime) -> ShiftedClock:
        return cls(_aware(instant) - datetime.now(UTC))

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset


class FixedClock:
    """A clock that shows one instant until it is set or advanced (tests)."""

    def __init__(self, instant: datetime) -> None:
        self.instant = _aware(instant)

    def set(self, instant: datetime) -> None:
        self.instant = _aware(instant)

    def advance(self, delta: timedelta) -> datetime:
        self.instant += delta
        return self.instant

    def now(self) -> datetime:
        return self.instant


def _from_environment() -> Clock:
    value = os.environ.get(OFFSET_VARIABLE, "").strip()
    try:
        return ShiftedClock(timedelta(seconds=float(value))) if value else SystemClock()
    except (ValueError, OverflowError):
        # The settings check (config_kinds.seconds) stops every entry point with one line.
        return SystemClock()


_source: Clock = _from_environment()


def utcnow() -> datetime:
    return _source.now()


def install(clock: Clock) -> Clock:
    """Make `clock` the process's clock; returns the one it replaces."""
    global _source
    previous, _source = _source, clock
    return previous


def current() -> Clock:
    return _source


def offset() -> timedelta:
    """How far this process's clock is from the system clock (zero in production)."""
    return utcnow() - datetime.now(UTC)


def to_system_time(instant: datetime) -> datetime:
    """The system-clock instant at which this clock will show `instant`.

    APScheduler's date triggers wait on the system clock, so a wake planned on a moved
    clock is handed to them in system time.
    """
    return instant - offset()


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("the clock keeps timezone-aware instants")
    return instant.astimezone(UTC)
