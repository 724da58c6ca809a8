"""Suspensions: half-open [start, end) spans during which a clock counts nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .errors import InvalidSuspension
from .instants import to_epoch


@dataclass(frozen=True)
class Suspension:
    """A span in which no time counts; `end` None means still suspended (open-ended)."""

    start: datetime
    end: datetime | None
    reason: str = "suspended"


Span = tuple[int, int | None, str]
"""A suspension in epoch seconds: (start, end or None when open, reason)."""

SuspensionLike = Suspension | tuple[datetime, datetime | None]


def normalise(suspensions: Iterable[SuspensionLike]) -> list[Span]:
    """Validate and sort: aware instants, end not before start, no overlap, open one last."""
    spans: list[Span] = []
    for item in suspensions:
        if isinstance(item, Suspension):
            start, end, reason = item.start, item.end, item.reason
        else:
            start, end = item
            reason = "suspended"
        s = to_epoch(start, "suspension start")
        e = None if end is None else to_epoch(end, "suspension end")
        if e is not None and e < s:
            raise InvalidSuspension(
                f"suspension ends ({end.isoformat()}) before it starts ({start.isoformat()})")
        if e != s:  # an empty span suspends nothing
            spans.append((s, e, reason))
    spans.sort(key=lambda span: span[0])
    for (_s1, e1, _), (s2, _e2, _) in zip(spans, spans[1:], strict=False):
        if e1 is None or e1 > s2:
            raise InvalidSuspension("suspensions overlap: one starts before the previous ends")
    return spans
