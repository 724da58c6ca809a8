"""Suspensions: half-open [start, end) spans during which a clock counts nothing."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from .errors import InvalidSuspension, NaiveDatetime
from .instants import EPOCH, RELIABLE_TZ


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
    in_order = True
    previous = -(1 << 62)
    for item in suspensions:
        if item.__class__ is Suspension:
            start, end, reason = item.start, item.end, item.reason  # type: ignore[union-attr]
        else:
            start, end = item  # type: ignore[misc]
            reason = "suspended"
        # as instants.to_epoch, inlined: this runs for every suspension of every deadline
        tz = start.tzinfo
        if tz is None or (tz.__class__ not in RELIABLE_TZ and start.utcoffset() is None):
            raise NaiveDatetime("suspension start", start)
        delta = start - EPOCH
        s = delta.days * 86400 + delta.seconds
        if s < previous:
            in_order = False
        previous = s
        if end is None:
            spans.append((s, None, reason))
            continue
        tz = end.tzinfo
        if tz is None or (tz.__class__ not in RELIABLE_TZ and end.utcoffset() is None):
            raise NaiveDatetime("suspension end", end)
        delta = end - EPOCH
        e = delta.days * 86400 + delta.seconds
        if e > s:
            spans.append((s, e, reason))
        elif e < s:
            raise InvalidSuspension(
                f"suspension ends ({end.isoformat()}) before it starts ({start.isoformat()})")
    if len(spans) > 1:
        if not in_order:
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
