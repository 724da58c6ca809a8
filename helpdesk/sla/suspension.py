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
        if item.__class__ is Suspension:
            start, end, reason = item.start, item.end, item.reason  # type: ignore[union-attr]
        else:
            start, end = item  # type: ignore[misc]
            reason = "suspended"
        s = to_epoch(start, "suspension start")
        if end is None:
            spans.append((s, None, reason))
            continue
        e = to_epoch(end, "suspension end")
        if e > s:
            spans.append((s, e, reason))
        elif e < s:
            raise InvalidSuspension(
                f"suspension ends ({end.isoformat()}) before it starts ({start.isoformat()})")
    if len(spans) > 1:
        spans.sort(key=_first)
        previous_end = spans[0][1]
        for s, e, _ in spans[1:]:
            if previous_end is None or previous_end > s:
                raise InvalidSuspension(
                    "suspensions overlap: one starts before the previous ends")
            previous_end = e
    return spans


def _first(span: Span) -> int:
    return span[0]
