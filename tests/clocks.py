"""Clock helpers for factories and helpers that have no fixtures (tests use `clock`)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from helpdesk import clock as project_clock


@contextmanager
def clock_at(instant: datetime) -> Iterator[project_clock.FixedClock]:
    """The project's clock stands at `instant` inside the block."""
    fixed = project_clock.FixedClock(instant)
    previous = project_clock.install(fixed)
    try:
        yield fixed
    finally:
        project_clock.install(previous)


def older_for_the_database(age: timedelta) -> datetime:
    """An instant `age` before now on the project's clock *and* on the database's.

    The audit log's delete guard (migration 0006) asks the database server's own clock, on
    purpose: an application whose clock is moved must not open it. A test that purges old
    entries therefore makes them old by both clocks, whatever HELPDESK_TEST_NOW says.
    """
    return min(project_clock.utcnow(), datetime.now(UTC)) - age
