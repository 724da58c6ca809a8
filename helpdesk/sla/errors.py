"""Errors of the SLA engine: every one is a ValueError naming the problem."""

from __future__ import annotations

from collections.abc import Iterable


class SlaError(ValueError):
    """Base class: a request the SLA engine cannot answer as asked."""


class UnknownSla(SlaError):
    def __init__(self, name: str, valid: Iterable[str]) -> None:
        self.name = name
        self.valid = tuple(valid)
        super().__init__(f"unknown SLA {name!r}; valid names: {', '.join(self.valid)}")


class UnknownPriority(SlaError):
    def __init__(self, priority: object, valid: Iterable[str] = ("P1", "P2", "P3", "P4")) -> None:
        self.priority = priority
        super().__init__(f"unknown priority {priority!r}; valid: {', '.join(valid)}")


class UnknownClock(SlaError):
    def __init__(self, clock: str, sla: str, valid: Iterable[str]) -> None:
        self.clock = clock
        super().__init__(
            f"SLA {sla!r} has no clock {clock!r}; its clocks: {', '.join(valid)}"
        )


class NaiveDatetime(SlaError):
    def __init__(self, what: str, value: object) -> None:
        super().__init__(
            f"{what} must be a timezone-aware datetime (got naive {value!r}); "
            "attach a zone, e.g. datetime(..., tzinfo=UTC)"
        )


class InvalidSuspension(SlaError):
    """A suspension interval that ends before it starts, or overlaps another."""


class InvalidCalendar(SlaError):
    """A calendar with no service window, a malformed range or an unknown zone."""


class CalendarExhausted(SlaError):
    """No service window left in the range the engine is willing to compute."""


class InvalidTarget(SlaError):
    """A target of zero or negative length, or in an unknown unit."""


class InvalidDefinition(SlaError):
    """A custom SLA definition (JSON) that cannot be read."""
