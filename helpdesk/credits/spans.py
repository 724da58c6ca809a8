"""Half-open spans of time [start, end) in UTC: merged so no second counts twice, and
subtracted so an excluded second never counts (seed 001 exclusions, maintenance windows)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

Span = tuple[datetime, datetime]


def merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans become one, so no second is counted twice."""
    merged: list[Span] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract(spans: list[Span], holes: list[Span]) -> list[Span]:
    """`spans` minus `holes` (both merged): excluded causes win where they overlap."""
    result: list[Span] = []
    for start, end in spans:
        cursor = start
        for hole_start, hole_end in holes:
            if hole_end <= cursor or hole_start >= end:
                continue
            if hole_start > cursor:
                result.append((cursor, hole_start))
            cursor = max(cursor, hole_end)
        if cursor < end:
            result.append((cursor, end))
    return result


def intersect(spans: list[Span], window: Span) -> list[Span]:
    """The parts of `spans` inside `window`."""
    start, end = window
    return [(max(s, start), min(e, end)) for s, e in spans if s < end and e > start]


def total(spans: Iterable[Span]) -> timedelta:
    return sum((end - start for start, end in spans), timedelta(0))
