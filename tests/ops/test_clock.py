"""The project's clock seam: every test starts at TEST_NOW (HELPDESK_TEST_NOW moves it), the
processes a test starts keep its time, and production refuses nothing but is warned."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from helpdesk import clock as project_clock
from helpdesk.config import check_environment
from helpdesk.config_kinds import SettingsError
from tests.conftest import TEST_NOW


def test_each_test_starts_at_the_test_instant_and_its_clock_ticks():
    first = project_clock.utcnow()
    assert timedelta(0) <= first - TEST_NOW < timedelta(seconds=5)
    assert project_clock.utcnow() >= first


def test_the_clock_fixture_stands_still_until_moved(clock):
    assert clock.now() == TEST_NOW
    later = clock.advance(timedelta(hours=3))
    assert project_clock.utcnow() == later == TEST_NOW + timedelta(hours=3)
    clock.set(datetime(2030, 1, 1, tzinfo=UTC))
    assert project_clock.utcnow() == datetime(2030, 1, 1, tzinfo=UTC)


def test_a_process_the_test_starts_shares_its_clock():
    done = subprocess.run(
        [sys.executable, "-c", "from helpdesk.clock import utcnow; print(utcnow().isoformat())"],
        capture_output=True, text=True, timeout=60, check=True)
    seen = datetime.fromisoformat(done.stdout.strip())
    assert abs(seen - project_clock.utcnow()) < timedelta(seconds=30)


def test_a_wake_on_a_moved_clock_is_handed_to_the_scheduler_in_system_time():
    moved = project_clock.ShiftedClock(timedelta(days=400))
    previous = project_clock.install(moved)
    try:
        wake = project_clock.utcnow() + timedelta(minutes=5)
        system = project_clock.to_system_time(wake)
    finally:
        project_clock.install(previous)
    assert abs(system - (datetime.now(UTC) + timedelta(minutes=5))) < timedelta(seconds=5)


def test_the_fixed_clock_refuses_naive_instants():
    with pytest.raises(ValueError, match="timezone-aware"):
        project_clock.FixedClock(datetime(2026, 1, 1))


def test_check_config_warns_that_a_moved_clock_is_for_tests_only():
    (warning,) = check_environment({"HELPDESK_CLOCK_OFFSET": "86400"})
    assert warning.startswith("HELPDESK_CLOCK_OFFSET=86400 moves this process's clock")
    assert "unset it in production" in warning


@pytest.mark.parametrize("raw", ["tomorrow", "nan", "1e12"])
def test_a_malformed_clock_offset_stops_with_one_line(raw):
    with pytest.raises(SettingsError, match="^HELPDESK_CLOCK_OFFSET must be a number of seconds"):
        check_environment({"HELPDESK_CLOCK_OFFSET": raw})
