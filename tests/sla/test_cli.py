"""`sla deadline` and `sla explain` through click's test runner."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from helpdesk.cli.sla_commands import sla

# date_free: pure SLA arithmetic on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(sla, list(args))
    return result.exit_code, result.output


def test_deadline_prints_one_json_object_in_utc_and_brussels() -> None:
    code, out = run("deadline", "--sla", "type1", "--priority", "P2", "--clock", "reaction",
                    "--start", "2026-02-02T10:00:00+01:00")
    assert code == 0, out
    data = json.loads(out)
    assert data["deadline"] == "2026-02-03T09:00:00Z"  # example A
    assert data["deadline_local"] == "2026-02-03T10:00:00+01:00"
    assert data["target_seconds"] == 8 * 3600 + 15 * 60
    assert (data["sla"], data["priority"], data["clock"]) == ("type1", "P2", "reaction")
    assert data["start"] == "2026-02-02T09:00:00Z"


def test_deadline_with_suspensions_example_e() -> None:
    code, out = run("deadline", "--sla", "type5", "--priority", "P1", "--clock", "resolution",
                    "--start", "2026-03-10T08:00:00Z",
                    "--suspend", "2026-03-10T10:00:00Z/2026-03-13T23:00:00Z")
    assert code == 0, out
    assert json.loads(out)["deadline"] == "2026-03-16T21:00:00Z"


def test_an_na_clock_has_null_deadline_and_target() -> None:
    code, out = run("deadline", "--sla", "type2", "--priority", "P1", "--clock", "resolution",
                    "--start", "2026-02-02T10:00:00Z")
    data = json.loads(out)
    assert code == 0
    assert data["deadline"] is None and data["deadline_local"] is None
    assert data["target_seconds"] is None


def test_a_start_without_offset_is_a_usage_error() -> None:
    code, out = run("deadline", "--sla", "type1", "--priority", "P1", "--clock", "reaction",
                    "--start", "2026-02-02T10:00:00")
    assert code == 2 and "no time zone offset" in out


def test_bad_suspensions_and_clocks_are_usage_errors() -> None:
    base = ["deadline", "--sla", "type1", "--priority", "P1", "--start", "2026-02-02T10:00:00Z"]
    code, out = run(*base, "--clock", "repair")
    assert code == 2 and "reaction" in out
    code, out = run(*base, "--clock", "reaction", "--suspend",
                    "2026-02-02T12:00:00Z/2026-02-02T11:00:00Z")
    assert code == 2 and "ends before it starts" in out
    code, out = run(*base, "--clock", "reaction",
                    "--suspend", "2026-02-02T11:00:00Z/2026-02-02T13:00:00Z",
                    "--suspend", "2026-02-02T12:00:00Z/2026-02-02T14:00:00Z")
    assert code == 2 and "overlap" in out


def test_explain_prints_a_readable_table() -> None:
    code, out = run("explain", "--sla", "type1", "--priority", "P4", "--clock", "reaction",
                    "--start", "2026-04-30T12:00:00+02:00")
    assert code == 0, out
    assert "public holiday: Labor Day" in out and "total counted" in out and "24:45:00" in out


def test_supplier_delivered_on_friday_is_example_e_r6() -> None:
    # EXAMPLES.md E: type 5 P1 resolution acknowledged Tue 2026-03-10 09:00, waiting for a
    # supplier from 11:00, delivered Fri 10:00 → suspended through Friday 24:00 (art. 39.1.3)
    # → Mon 2026-03-16 22:00 CET
    code, out = run("deadline", "--sla", "type5", "--priority", "P1", "--clock", "resolution",
                    "--start", "2026-03-10T09:00:00+01:00",
                    "--supplier", "2026-03-10T11:00:00+01:00/2026-03-13T10:00:00+01:00")
    assert code == 0, out
    data = json.loads(out)
    assert data["deadline"] == "2026-03-16T21:00:00Z"
    assert data["suspensions"] == [["2026-03-10T10:00:00Z", "2026-03-13T23:00:00Z"]]


def test_supplier_delivered_on_saturday_holds_through_monday_example_e_r6() -> None:
    code, out = run("deadline", "--sla", "type5", "--priority", "P1", "--clock", "resolution",
                    "--start", "2026-03-10T09:00:00+01:00",
                    "--supplier", "2026-03-10T11:00:00+01:00/2026-03-14T10:00:00+01:00")
    assert code == 0, out
    assert json.loads(out)["deadline_local"] == "2026-03-17T22:00:00+01:00"


def test_a_supplier_still_awaited_leaves_no_deadline_r6() -> None:
    code, out = run("deadline", "--sla", "type5", "--priority", "P1", "--clock", "resolution",
                    "--start", "2026-03-10T09:00:00+01:00",
                    "--supplier", "2026-03-10T11:00:00+01:00/")
    assert code == 0, out
    assert json.loads(out)["deadline"] is None


def test_the_reaction_clock_is_not_suspended_for_a_supplier_r6() -> None:
    code, out = run("deadline", "--sla", "type5", "--priority", "P1", "--clock", "reaction",
                    "--start", "2026-03-10T09:00:00+01:00",
                    "--supplier", "2026-03-10T10:00:00+01:00/2026-03-13T10:00:00+01:00")
    assert code == 2 and "not suspended for a supplier" in out


def test_extra_closing_days_are_skipped() -> None:
    # closing day Mon 2026-02-02: type 1 P1 from Fri 2026-01-30 16:00 → 1 h Fri, 3 h Tue
    # from 08:45 → Tue 11:45 CET
    code, out = run("deadline", "--sla", "type1", "--priority", "P1", "--clock", "reaction",
                    "--start", "2026-01-30T16:00:00+01:00", "--closing-day", "2026-02-02")
    assert code == 0, out
    data = json.loads(out)
    assert data["deadline"] == "2026-02-03T10:45:00Z"
    assert data["closing_days"] == ["2026-02-02"]
    code, out = run("explain", "--sla", "type1", "--priority", "P1", "--clock", "reaction",
                    "--start", "2026-01-30T16:00:00+01:00", "--closing-day", "2026-02-02")
    assert code == 0, out
    assert "closing day" in out
