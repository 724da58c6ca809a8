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
    if not spans:
        return cal.advance(t, amount)
    last = spans[-1][1] or spans[-1][0]
    if cal.lo <= t and last < cal.hi:
        # Hot path: everything inside the precomputed range; counted(x) is inlined as
        # cum_start[i] + (x - starts[i]) capped at cum_end[i], i the window at or before x.
        starts, ends, cum_start, cum_end = cal.starts, cal.ends, cal.cum_start, cal.cum_end
        reach, day_index, day_base = cal.reach, cal.day_index, cal.day_base - 1
        # cal.window_at inlined: the window holding x is the last starting at or before x.
        i = day_index[t // 86400 - day_base] - 1
        while i >= 0 and starts[i] > t:
            i -= 1
        base = 0 if i < 0 else cum_start[i] + t - starts[i]
        if i >= 0 and base > cum_end[i]:
            base = cum_end[i]
        position, remaining = t, amount
        for start, end, _reason in spans:
            if end is not None and end <= position:
                continue
            if start > position:
                k = day_index[start // 86400 - day_base] - 1
                while k >= 0 and starts[k] > start:
                    k -= 1
                reached = 0 if k < 0 else cum_start[k] + start - starts[k]
                if k >= 0 and reached > cum_end[k]:
                    reached = cum_end[k]
                if reached - base >= remaining:
                    goal = base + remaining
                    j = reach(goal, i)
                    return ends[j] - (cum_end[j] - goal)
                remaining -= reached - base
            if end is None:
                return None
            i = day_index[end // 86400 - day_base] - 1
            while i >= 0 and starts[i] > end:
                i -= 1
            base = 0 if i < 0 else cum_start[i] + end - starts[i]
            if i >= 0 and base > cum_end[i]:
                base = cum_end[i]
            position = end
        goal = base + remaining
        j = reach(goal, i)
        if j < len(cum_end):
            return ends[j] - (cum_end[j] - goal)
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
