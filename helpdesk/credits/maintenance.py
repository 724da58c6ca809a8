"""Maintenance windows in the availability credit (seed 001 "Maatregelen"; seed 000 part 7).

Seed 001 owes no compensation for "aangekondigd onderhoud en onaangekondigd spoedonderhoud":
downtime inside a maintenance window of the service is not counted. Seed 000 (part 7, 1)
says when planned maintenance is *announced*: in the application at least 30 minutes before
it starts. A planned window announced later is therefore not announced maintenance and
excludes nothing; emergency (unplanned) maintenance is excluded however late it was announced
(part 7, 3: "zo groot mogelijke vooraankondiging"). A cancelled window excludes nothing.

Everything is judged as of `now`: a window announced or cancelled after `now` did not exist
yet, so a statement computed `--as-of` an earlier instant shows what was known then.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .instants import as_utc
from .spans import Span, intersect, merge, subtract, total

PLANNED = "planned"
EMERGENCY = "emergency"
KINDS = (PLANNED, EMERGENCY)
NOTICE = timedelta(minutes=30)  # seed 000 part 7, 1: "ten minste 30 minuten voor het evenement"
SECOND = timedelta(seconds=1)

CANCELLED = "cancelled"
ANNOUNCED_TOO_LATE = ("planned maintenance announced less than 30 minutes before it started "
                      "(seed 000 part 7): not announced maintenance, so counted")
NOT_YET_ANNOUNCED = "not yet announced at the time of this statement"
EXCLUSION = {PLANNED: "announced maintenance", EMERGENCY: "emergency maintenance"}


@dataclass(frozen=True)
class MaintenanceWindow:
    service: str
    kind: str  # KINDS
    start: datetime
    end: datetime
    announced_at: datetime
    cancelled_at: datetime | None = None
    title: str = ""
    id: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"maintenance is planned or emergency, not {self.kind!r}")
        if as_utc(self.end, "window end") <= as_utc(self.start, "window start"):
            raise ValueError(f"maintenance window ends {self.end} before it starts "
                             f"{self.start}")
        as_utc(self.announced_at, "announced at")
        if self.cancelled_at is not None:
            as_utc(self.cancelled_at, "cancelled at")

    @property
    def announced_in_time(self) -> bool:
        """Planned: announced at least 30 minutes before the start (seed 000 part 7, 1)."""
        return as_utc(self.announced_at) <= as_utc(self.start) - NOTICE


def not_excluded_because(window: MaintenanceWindow, now: datetime) -> str | None:
    """Why the window excludes no downtime as of `now`, or None when it does."""
    now = as_utc(now, "now")
    if window.cancelled_at is not None and as_utc(window.cancelled_at) <= now:
        return CANCELLED
    if as_utc(window.announced_at) > now:
        return NOT_YET_ANNOUNCED
    if window.kind == PLANNED and not window.announced_in_time:
        return ANNOUNCED_TOO_LATE
    return None


@dataclass(frozen=True)
class WindowInMonth:
    """A window as far as it falls in the month, with the downtime it took out of the count."""

    window: MaintenanceWindow
    start: datetime
    end: datetime
    excluded_seconds: int  # downtime inside this window (overlapping windows share seconds)
    not_excluded_because: str | None

    @property
    def exclusion(self) -> str | None:
        return None if self.not_excluded_because else EXCLUSION[self.window.kind]


@dataclass(frozen=True)
class MaintenanceExclusion:
    remaining: list[Span]  # downtime still counted
    windows: tuple[WindowInMonth, ...]
    excluded_seconds: int  # downtime taken out by all windows together, each second once


def exclude_maintenance(downtime: list[Span], windows: Sequence[MaintenanceWindow], *,
                        service: str, start: datetime, until: datetime,
                        now: datetime) -> MaintenanceExclusion:
    """`downtime` (merged UTC spans inside [start, until)) minus the service's windows."""
    kept: list[WindowInMonth] = []
    holes: list[Span] = []
    for window in windows:
        if window.service != service:
            continue
        span = (max(as_utc(window.start), start), min(as_utc(window.end), until))
        if span[1] <= span[0] or as_utc(window.announced_at) > as_utc(now):
            continue  # outside the month so far, or unknown as of `now`
        reason = not_excluded_because(window, now)
        inside = total(intersect(downtime, span)) // SECOND if reason is None else 0
        kept.append(WindowInMonth(window, span[0], span[1], inside, reason))
        if reason is None:
            holes.append(span)
    remaining = subtract(downtime, merge(holes))
    excluded = (total(downtime) - total(remaining)) // SECOND
    return MaintenanceExclusion(remaining, tuple(sorted(kept, key=lambda w: (w.start, w.end))),
                                excluded)
