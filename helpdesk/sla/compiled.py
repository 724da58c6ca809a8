"""A calendar precomputed as epoch-second windows with a running sum of counted seconds.

Every question (how much counted between two instants, when is N seconds reached) is
answered by bisection over these arrays: no per-day loop and no zone conversion on the hot
path. Windows are built in local time with zoneinfo and converted to UTC once, so DST days
count the seconds that really elapsed. The range grows lazily, a decade at a time.
"""

from __future__ import annotations

from bisect import bisect_left
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache

from .calendar import CalendarSpec, local_epoch
from .errors import CalendarExhausted

FIRST_YEAR = 1900
LAST_YEAR = 2400
_INITIAL = (2024, 2033)
_STEP = 10


class CompiledCalendar:
    """Windows [starts[i], ends[i]) in epoch seconds; cum_end[i] = counted up to ends[i]."""

    __slots__ = ("spec", "first_year", "last_year", "lo", "hi",
                 "starts", "ends", "cum_start", "cum_end", "day_base", "day_index")

    def __init__(self, spec: CalendarSpec) -> None:
        self.spec = spec
        self._build(*_INITIAL)

    def _build(self, first_year: int, last_year: int) -> None:
        tz = self.spec.tz
        starts: list[int] = []
        ends: list[int] = []
        day = date(first_year, 1, 1)
        stop = date(last_year + 1, 1, 1)
        one = timedelta(days=1)
        while day < stop:
            for start_min, end_min in self.spec.day_ranges(day):
                start, end = local_epoch(tz, day, start_min), local_epoch(tz, day, end_min)
                if end <= start:  # a window wholly inside a skipped DST hour
                    continue
                if ends and ends[-1] >= start:  # contiguous (e.g. around the clock): merge
                    ends[-1] = max(ends[-1], end)
                else:
                    starts.append(start)
                    ends.append(end)
            day += one
        cum_start: list[int] = []
        cum_end: list[int] = []
        total = 0
        for start, end in zip(starts, ends, strict=True):
            cum_start.append(total)
            total += end - start
            cum_end.append(total)
        lo, hi = local_epoch(tz, date(first_year, 1, 1), 0), local_epoch(tz, stop, 0)
        # day_index[k]: how many windows start before UTC day (day_base + k) begins, so the
        # window holding an instant is found in a step or two instead of a bisection.
        day_base = lo // 86400
        day_index: list[int] = []
        j, count = 0, len(starts)
        for k in range(hi // 86400 - day_base + 2):
            boundary = (day_base + k) * 86400
            while j < count and starts[j] < boundary:
                j += 1
            day_index.append(j)
        # Assign together so a reader never sees arrays from two different builds.
        (self.first_year, self.last_year, self.lo, self.hi, self.starts, self.ends,
         self.cum_start, self.cum_end, self.day_base, self.day_index) = (
            first_year, last_year, lo, hi, starts, ends, cum_start, cum_end, day_base,
            day_index)

    def ensure(self, low: int, high: int) -> None:
        """Grow (or move) the precomputed range until it covers [low, high].

        Near the current range it grows a decade at a time; far away (a start decades
        off) the range is rebuilt around the request, so no query builds centuries.
        """
        if low >= self.lo and high < self.hi:
            return
        want_first, want_last = _year(low) - 1, _year(high) + 1
        first = min(self.first_year, want_first)
        last = max(self.last_year, want_last + (_STEP if high >= self.hi else 0))
        if last - first > 6 * _STEP:
            first, last = want_first, want_last + _STEP
        first, last = max(first, FIRST_YEAR), min(last, LAST_YEAR)
        if want_first < FIRST_YEAR - 1 or want_last > LAST_YEAR + 1 or first > last:
            raise CalendarExhausted(
                f"the SLA engine computes within the years {FIRST_YEAR}-{LAST_YEAR} only")
        self._build(first, last)
        if low < self.lo or high >= self.hi:
            raise CalendarExhausted(
                f"the SLA engine computes within the years {FIRST_YEAR}-{LAST_YEAR} only")

    def window_at(self, t: int) -> int:
        """Index of the last window starting at or before t (-1: none); t in range."""
        starts = self.starts
        i = self.day_index[t // 86400 - self.day_base + 1] - 1
        while i >= 0 and starts[i] > t:
            i -= 1
        return i

    def counted(self, t: int) -> int:
        """Counted seconds from the start of the range up to instant t (t in range)."""
        starts = self.starts  # window_at, inlined: the SLA fold asks this for every clock
        i = self.day_index[t // 86400 - self.day_base + 1] - 1
        while i >= 0 and starts[i] > t:
            i -= 1
        if i < 0:
            return 0
        value = self.cum_start[i] + t - starts[i]
        cap = self.cum_end[i]
        return value if value < cap else cap

    def reach(self, goal: int, hint: int) -> int:
        """Index of the window in which the counted total reaches `goal` (len: beyond).

        `hint` is a window index known to be at or before it: gallop, then bisect.
        """
        cum_end = self.cum_end
        low = hint if hint > 0 else 0
        high = low + 16
        if high < len(cum_end) and cum_end[high] >= goal:
            return bisect_left(cum_end, goal, low, high + 1)
        return bisect_left(cum_end, goal, low)

    def counted_between(self, a: int, b: int) -> int:
        if a >= b:
            return 0
        if a < self.lo or b >= self.hi:
            self.ensure(a, b)
        # counted(b) - counted(a), inlined: the fold asks this for every clock it stops
        starts, cum_start, cum_end = self.starts, self.cum_start, self.cum_end
        day_index, day_base = self.day_index, self.day_base - 1
        i = day_index[b // 86400 - day_base] - 1
        while i >= 0 and starts[i] > b:
            i -= 1
        if i < 0:
            return 0  # nothing counts up to b, so nothing between a and b
        value = cum_start[i] + b - starts[i]
        total = value if value < cum_end[i] else cum_end[i]
        i = day_index[a // 86400 - day_base] - 1
        while i >= 0 and starts[i] > a:
            i -= 1
        if i < 0:
            return total
        value = cum_start[i] + a - starts[i]
        return total - (value if value < cum_end[i] else cum_end[i])

    def advance(self, t: int, amount: int) -> int:
        """R5: the earliest instant at which `amount` (> 0) seconds are counted from t.

        R3 falls out: from outside a window the first counted second is the next opening.
        """
        while True:
            if t < self.lo or t >= self.hi:
                self.ensure(t, t)
            starts = self.starts  # window_at, inlined: every deadline and fold asks this
            i = self.day_index[t // 86400 - self.day_base + 1] - 1
            while i >= 0 and starts[i] > t:
                i -= 1
            if i < 0:
                goal = amount
            else:
                value, cap = self.cum_start[i] + t - starts[i], self.cum_end[i]
                goal = (value if value < cap else cap) + amount
            cum_end = self.cum_end
            j = self.reach(goal, i)
            if j < len(cum_end):
                return self.ends[j] - (cum_end[j] - goal)
            if self.last_year >= LAST_YEAR:
                raise CalendarExhausted(
                    f"no service window after {datetime.fromtimestamp(t, UTC):%Y-%m-%d} "
                    f"within the years up to {LAST_YEAR}")
            self.ensure(t, self.hi + 1)

    def next_opening(self, t: int) -> int:
        """The first instant >= t that counts (t itself when inside a window)."""
        return self.advance(t, 1) - 1

    def open_until(self, t: int) -> int:
        """The end of the window t lies in (t itself when outside every window)."""
        if t < self.lo or t >= self.hi:
            self.ensure(t, t)
        i = self.window_at(t)
        return self.ends[i] if i >= 0 and t < self.ends[i] else t


def _year(t: int) -> int:
    """The UTC year of epoch seconds, clamped to a range datetime can represent."""
    return datetime.fromtimestamp(min(max(t, -50_000_000_000), 250_000_000_000), UTC).year


@lru_cache(maxsize=256)
def compiled(spec: CalendarSpec) -> CompiledCalendar:
    """One precomputation per calendar definition (+ closing days), shared by every ticket."""
    return CompiledCalendar(spec)
