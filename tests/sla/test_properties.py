"""Property-based tests: the engine against the minute-by-minute oracle (tests/sla/oracle.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk.sla import Sla, Suspension, deadline, explain, preset
from helpdesk.sla.calendar import WEEKDAYS, format_range

from .oracle import OracleCalendar

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

SETTINGS = settings(max_examples=120, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

PRESET_WINDOWS = {
    "type1": (525, 1020), "type3": (360, 1080), "type4": (360, 1440),
    "platform": (540, 1020), "hosting": (540, 990),
}

# Instants on whole minutes in 2026-2027, with DST days and holidays well represented.
SPECIAL_DAYS = [datetime(2026, 3, 27), datetime(2026, 3, 28), datetime(2026, 10, 23),
                datetime(2026, 10, 24), datetime(2026, 4, 30), datetime(2026, 5, 13),
                datetime(2026, 12, 24), datetime(2027, 3, 26), datetime(2027, 10, 29),
                datetime(2026, 12, 31), datetime(2027, 5, 14)]


@st.composite
def instants(draw: st.DrawFn) -> datetime:
    if draw(st.booleans()):
        day = draw(st.sampled_from(SPECIAL_DAYS)).replace(tzinfo=UTC)
    else:
        day = datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=draw(st.integers(0, 720)))
    return day + timedelta(minutes=draw(st.integers(0, 1439)))


@st.composite
def suspensions(draw: st.DrawFn, start: datetime) -> list[tuple[datetime, datetime]]:
    spans, cursor = [], start - timedelta(hours=draw(st.integers(0, 30)))
    for _ in range(draw(st.integers(0, 3))):
        begin = cursor + timedelta(minutes=draw(st.integers(0, 3000)))
        end = begin + timedelta(minutes=draw(st.integers(0, 4000)))
        spans.append((begin, end))
        cursor = end
    return spans


# Boundaries on a 15-minute grid, never strictly inside the 02:00-03:00 DST hour.
BOUNDARIES = [m for m in range(0, 1441, 15) if not 120 < m < 180]


@st.composite
def custom_windows(draw: st.DrawFn) -> list[list[tuple[int, int]]]:
    week: list[list[tuple[int, int]]] = []
    for _ in range(7):
        points = sorted(set(draw(st.lists(st.sampled_from(BOUNDARIES), max_size=4))))
        pairs = [(points[i], points[i + 1]) for i in range(0, len(points) - 1, 2)]
        week.append(pairs)
    if not any(week):
        week[draw(st.integers(0, 6))] = [(0, 1440)]
    return week


def _custom_sla(week: list[list[tuple[int, int]]]) -> Sla:
    return Sla.from_definition({
        "name": "custom", "timezone": "Europe/Brussels", "holiday_country": "BE",
        "windows": {day: [format_range(r) for r in ranges]
                    for day, ranges in zip(WEEKDAYS, week, strict=True)},
        "clocks": [{"name": "reaction", "starts_on": "submitted", "stops_on": ["acknowledged"]}],
        "targets": {"reaction": {"P1": {"amount": 1, "unit": "minutes"}}},
    })


@SETTINGS
@given(name=st.sampled_from(sorted(PRESET_WINDOWS)), start=instants(),
       minutes=st.integers(1, 3 * 18 * 60), data=st.data())
def test_preset_deadlines_match_the_minute_by_minute_oracle(
        name: str, start: datetime, minutes: int, data: st.DataObject) -> None:
    spans = data.draw(suspensions(start))
    lo, hi = PRESET_WINDOWS[name]
    oracle = OracleCalendar([[(lo, hi)]] * 5 + [[], []])
    sla = Sla.from_definition({**preset(name).to_definition(), "targets": {
        preset(name).clocks[0].name: {"P3": {"amount": minutes, "unit": "minutes"}}}})
    got = deadline(sla, "P3", sla.clocks[0].name, start, spans)
    assert got == oracle.deadline(start, minutes, spans)


@SETTINGS
@given(week=custom_windows(), start=instants(), minutes=st.integers(1, 2000))
def test_custom_calendar_deadlines_match_the_oracle_across_dst(
        week: list[list[tuple[int, int]]], start: datetime, minutes: int) -> None:
    sla = _custom_sla(week)
    sla = Sla.from_definition({**sla.to_definition(), "targets": {
        "reaction": {"P1": {"amount": minutes, "unit": "minutes"}}}})
    got = deadline(sla, "P1", "reaction", start)
    assert got == OracleCalendar(week).deadline(start, minutes, limit_days=4000)


@SETTINGS
@given(name=st.sampled_from(["type1", "type3", "type5", "platform", "hosting"]),
       priority=st.sampled_from(["P1", "P2", "P3", "P4"]), start=instants(), data=st.data())
def test_explanation_counts_exactly_the_target_and_covers_start_to_deadline(
        name: str, priority: str, start: datetime, data: st.DataObject) -> None:
    sla = preset(name)
    clock = sla.clocks[-1].name if priority != "P4" or name != "platform" else "response"
    spans = [Suspension(s, e, "supplier") for s, e in data.draw(suspensions(start))]
    result = explain(sla, priority, clock, start, spans)
    if not result.applicable:
        return
    assert result.deadline == deadline(sla, priority, clock, start, spans)
    assert result.counted_seconds == result.target_seconds
    rows = result.rows
    assert rows[0].start == start and rows[-1].end == result.deadline
    assert all(a.end == b.start for a, b in zip(rows, rows[1:], strict=False))


@SETTINGS
@given(start=instants(), later=st.integers(0, 5000), minutes=st.integers(1, 5000))
def test_a_later_start_never_gives_an_earlier_deadline(start: datetime, later: int,
                                                       minutes: int) -> None:
    sla = Sla.from_definition({**preset("type1").to_definition(), "targets": {
        "reaction": {"P2": {"amount": minutes, "unit": "minutes"}}}})
    first = deadline(sla, "P2", "reaction", start)
    second = deadline(sla, "P2", "reaction", start + timedelta(minutes=later))
    assert first is not None and second is not None and first <= second
