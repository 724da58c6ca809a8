"""Counting window time around suspensions, in epoch seconds (the hot path)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from .compiled import CompiledCalendar
from .suspension import Span


def advance_excluding(cal: CompiledCalendar, t: int, amount: int,
                      spans: Sequence[Span]) -> int | None:
    """Earliest instant at which `amount` seconds are counted from t outside the spans.

    None while an open-ended suspension holds the clock before the amount is reached.
    """
    if not spans:
        return cal.advance(t, amount)
    last = spans[-1][1] or spans[-1][0]
    if cal.lo <= t and last < cal.hi:
        # Hot path: everything inside the precomputed range, one counted() per boundary.
        counted, cum_end = cal.counted, cal.cum_end
        position, base, remaining = t, counted(t), amount
        for start, end, _reason in spans:
            if end is not None and end <= position:
                continue
            if start > position:
                available = counted(start) - base
                if available >= remaining:
                    goal = base + remaining
                    j = bisect_left(cum_end, goal)
                    return cal.ends[j] - (cum_end[j] - goal)
                remaining -= available
            if end is None:
                return None
            position, base = end, counted(end)
        goal = base + remaining
        j = bisect_left(cum_end, goal)
        if j < len(cum_end):
            return cal.ends[j] - (cum_end[j] - goal)
        return cal.advance(position, remaining)
    return _advance_excluding_slow(cal, t, amount, spans)


def _advance_excluding_slow(cal: CompiledCalendar, t: int, amount: int,
                            spans: Sequence[Span]) -> int | None:
    """The same walk, letting the calendar grow between steps."""
    position, remaining = t, amount
    for start, end, _reason in spans:
        if end is not None and end <= position:
            continue
        if start > position:
            available = cal.counted_between(position, start)
            if available >= remaining:
                return cal.advance(position, remaining)
            remaining -= available
        if end is None:
            return None
        if end > position:
            position = end
    return cal.advance(position, remaining)


def counted_excluding(cal: CompiledCalendar, a: int, b: int, spans: Sequence[Span]) -> int:
    """Counted seconds in [a, b) outside the spans."""
    total, position = 0, a
    for start, end, _reason in spans:
        if start >= b:
            break
        if end is not None and end <= position:
            continue
        if start > position:
            total += cal.counted_between(position, start)
        if end is None or end >= b:
            return total
        position = max(position, end)
    return total + cal.counted_between(position, b)
