"""Counting window time around suspensions, in epoch seconds (the hot path)."""

from __future__ import annotations

from collections.abc import Sequence

from .compiled import CompiledCalendar
from .suspension import Span


def advance_excluding(cal: CompiledCalendar, t: int, amount: int,
                      spans: Sequence[Span]) -> int | None:
    """Earliest instant at which `amount` seconds are counted from t outside the spans.

    None while an open-ended suspension holds the clock before the amount is reached.
    """
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
