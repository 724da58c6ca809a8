"""EXAMPLES.md A-G: the contract computed by hand (seed 002 art. 35.3 and 39.1.2)."""

from __future__ import annotations

import pytest

from helpdesk.sla import deadline, preset, target_seconds
from helpdesk.sla.suspension import Suspension

from .conftest import bxl, utc

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free


def test_example_a_one_day_is_one_window_length_so_monday_10_becomes_tuesday_10() -> None:
    # art. 39.1.2 type 1 P2 reaction "1 dag" = 8 h 15 (R4): 7 h Monday, 1 h 15 Tuesday
    assert target_seconds(preset("type1"), "P2", "reaction") == 8 * 3600 + 15 * 60
    assert deadline(preset("type1"), "P2", "reaction", bxl(2026, 2, 2, 10)) == utc(2026, 2, 3, 9)


def test_example_b_type4_three_days_is_54_hours_across_a_weekend() -> None:
    # art. 39.1.2 type 4 P3 resolution "3 dagen" = 3 × 18 h: 1 Wed, 18 Thu, 18 Fri, 17 Mon
    assert target_seconds(preset("type4"), "P3", "resolution") == 54 * 3600
    got = deadline(preset("type4"), "P3", "resolution", bxl(2026, 9, 16, 23))
    assert got == utc(2026, 9, 21, 21)


def test_example_c_submitted_before_the_window_counts_from_the_opening_r3() -> None:
    got = deadline(preset("type3"), "P1", "reaction", bxl(2026, 1, 5, 5, 30))
    assert got == utc(2026, 1, 5, 7)


def test_example_d_labour_day_is_skipped() -> None:
    # art. 1.18: "met uitzondering van wettelijke feestdagen"; 1 May 2026 is a Friday
    got = deadline(preset("type1"), "P4", "reaction", bxl(2026, 4, 30, 12))
    assert got == utc(2026, 5, 6, 10)


def test_example_e_supplier_suspension_runs_through_the_delivery_day_r6() -> None:
    # art. 39.1.3: suspended at Tue 11:00, supplier delivered Fri 10:00 → through Friday 24:00
    suspended = Suspension(bxl(2026, 3, 10, 11), bxl(2026, 3, 14), "supplier")
    got = deadline(preset("type5"), "P1", "resolution", bxl(2026, 3, 10, 9), [suspended])
    assert got == utc(2026, 3, 16, 21)


def test_example_e_saturday_delivery_holds_through_the_next_working_day_r6() -> None:
    # art. 39.1.3: "wanneer deze dag in het weekend ... valt, de eerstvolgende werkdag"
    suspended = Suspension(bxl(2026, 3, 10, 11), bxl(2026, 3, 17), "supplier")
    got = deadline(preset("type5"), "P1", "resolution", bxl(2026, 3, 10, 9), [suspended])
    assert got == bxl(2026, 3, 17, 22)


def test_example_f_target_used_up_at_the_close_falls_at_the_close_r5() -> None:
    got = deadline(preset("type1"), "P1", "reaction", bxl(2026, 2, 2, 13))
    assert got == utc(2026, 2, 2, 16)
    assert got != bxl(2026, 2, 3, 8, 45)


@pytest.mark.parametrize("sla", ["type1", "type2", "type3"])
@pytest.mark.parametrize("priority", ["P1", "P2", "P3", "P4"])
def test_example_g_types_1_to_3_have_no_resolution_clock(sla: str, priority: str) -> None:
    # art. 39.1.2: "n.v.t."
    assert deadline(preset(sla), priority, "resolution", bxl(2026, 2, 2, 10)) is None
    assert target_seconds(preset(sla), priority, "resolution") is None
