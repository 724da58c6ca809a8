"""Every row of art. 39.1.2 (seed 002) and annex 1 (seed 004), with window edges and days."""

from __future__ import annotations

from datetime import datetime

import pytest

from helpdesk.sla import deadline, preset, target_seconds

from .conftest import bxl

H, M = 3600, 60
T12, T3, T45 = 8 * H + 15 * M, 12 * H, 18 * H  # R4: one day per SLA type
MON = (2026, 2, 2)  # an ordinary week: Mon 2 Feb - Fri 6 Feb 2026, no holiday


def at(day_offset: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return bxl(2026, 2, 2 + day_offset, hour, minute, second)


# (sla, priority, clock, target seconds, deadline for a Monday 10:00 start)
ART_39_1_2 = [
    ("type1", "P1", "reaction", 4 * H, at(0, 14)),
    ("type1", "P2", "reaction", T12, at(1, 10)),
    ("type1", "P3", "reaction", 2 * T12, at(2, 10)),
    ("type1", "P4", "reaction", 3 * T12, at(3, 10)),
    *[(f"type{n}", "P1", "reaction", 2 * H, at(0, 12)) for n in (2, 3, 4, 5)],
    ("type2", "P2", "reaction", T12, at(1, 10)),
    ("type2", "P3", "reaction", 2 * T12, at(2, 10)),
    ("type2", "P4", "reaction", 3 * T12, at(3, 10)),
    ("type3", "P2", "reaction", T3, at(1, 10)),
    ("type3", "P3", "reaction", 2 * T3, at(2, 10)),
    ("type3", "P4", "reaction", 3 * T3, at(3, 10)),
    *[(f"type{n}", "P2", "reaction", T45, at(1, 10)) for n in (4, 5)],
    *[(f"type{n}", "P3", "reaction", 2 * T45, at(2, 10)) for n in (4, 5)],
    *[(f"type{n}", "P4", "reaction", 3 * T45, at(3, 10)) for n in (4, 5)],
    *[(f"type{n}", "P1", "resolution", T45, at(1, 10)) for n in (4, 5)],
    *[(f"type{n}", "P2", "resolution", 2 * T45, at(2, 10)) for n in (4, 5)],
    *[(f"type{n}", "P3", "resolution", 3 * T45, at(3, 10)) for n in (4, 5)],
    *[(f"type{n}", "P4", "resolution", 5 * T45, at(7, 10)) for n in (4, 5)],
    *[(f"type{n}", p, "resolution", None, None)
      for n in (1, 2, 3) for p in ("P1", "P2", "P3", "P4")],
    # seed 004 annex 1 (R13): P1-P2 around the clock, P3-P4 office hours (a day = 8 h)
    ("platform", "P1", "response", 4 * H, at(0, 14)),
    ("platform", "P1", "resolution", 8 * H, at(0, 18)),
    ("platform", "P2", "response", 8 * H, at(0, 18)),
    ("platform", "P2", "resolution", 12 * H, at(0, 22)),
    ("platform", "P3", "response", 16 * H, at(2, 10)),
    ("platform", "P3", "resolution", 40 * H, at(7, 10)),
    ("platform", "P4", "response", 80 * H, at(14, 10)),
    ("platform", "P4", "resolution", None, None),
    # seed 001: complaints answered within 5 working days of 09:00-16:30
    *[("hosting", p, "reaction", 5 * (7 * H + 30 * M), at(7, 10)) for p in ("P1", "P4")],
    ("security", "P2", "receipt", 7 * H + 30 * M, at(1, 10)),
    ("security", "P2", "assessment", 3 * (7 * H + 30 * M), at(3, 10)),
]


@pytest.mark.parametrize(("sla", "priority", "clock", "seconds", "expected"), ART_39_1_2)
def test_contract_table_row(sla: str, priority: str, clock: str, seconds: int | None,
                            expected: datetime | None) -> None:
    assert target_seconds(preset(sla), priority, clock) == seconds
    assert deadline(preset(sla), priority, clock, at(0, 10)) == expected


# Window edges of type 1 (08:45-17:00), P1 reaction 4 h (art. 35.3, R3, R5)
EDGES = [
    (at(0, 8, 44, 59), at(0, 12, 45)),
    (at(0, 8, 45, 0), at(0, 12, 45)),
    (at(0, 8, 45, 1), at(0, 12, 45, 1)),
    (at(0, 13, 0, 0), at(0, 17, 0)),  # R5: used up exactly at the close
    (at(0, 16, 59, 59), at(1, 12, 44, 59)),
    (at(0, 17, 0, 0), at(1, 12, 45)),
    (at(4, 16, 59, 59), at(7, 12, 44, 59)),  # Friday: the weekend does not count
    (at(4, 17, 0, 0), at(7, 12, 45)),
    (at(5, 11, 0, 0), at(7, 12, 45)),  # submitted on Saturday (R3)
    (at(4, 13, 0, 0), at(4, 17, 0)),  # Friday close, not Monday 08:45
]


@pytest.mark.parametrize(("start", "expected"), EDGES)
def test_type1_reaction_at_the_window_edges(start: datetime, expected: datetime) -> None:
    assert deadline(preset("type1"), "P1", "reaction", start) == expected


def test_one_day_on_friday_afternoon_is_monday_same_time_r4() -> None:
    assert deadline(preset("type1"), "P2", "reaction", at(4, 16)) == at(7, 16)
    assert deadline(preset("type4"), "P2", "reaction", at(4, 23)) == at(7, 23)


def test_type4_window_ends_at_midnight_and_a_deadline_can_fall_at_24_00_r5() -> None:
    assert deadline(preset("type4"), "P1", "reaction", at(0, 22)) == at(1, 0)


def test_deadlines_come_back_in_utc() -> None:
    got = deadline(preset("type1"), "P1", "reaction", at(0, 10))
    assert got is not None and got.utcoffset() is not None and got.utcoffset().total_seconds() == 0
