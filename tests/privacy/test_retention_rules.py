"""The retention rules and the erasure deadline, as pure functions (seeds 000, 003)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from helpdesk.privacy.erasure import erasure_deadline
from helpdesk.privacy.retention import (
    accounts_due_on,
    backups_due,
    paid_period_end,
    ticket_data_due_on,
)
from tests.reports.helpers import bxl


def test_accounts_are_due_30_days_after_the_last_contract_ended():
    assert accounts_due_on([date(2026, 9, 30)]) == date(2026, 10, 30)
    assert accounts_due_on([date(2025, 1, 31), date(2026, 9, 30)]) == date(2026, 10, 30)


def test_accounts_stay_while_a_contract_is_open_or_there_is_none():
    assert accounts_due_on([date(2026, 9, 30), None]) is None
    assert accounts_due_on([]) is None


def test_the_paid_period_ends_after_the_last_paid_month():
    assert paid_period_end([date(2025, 12, 1), date(2026, 10, 1)]) == date(2026, 11, 1)
    assert paid_period_end([date(2026, 12, 1)]) == date(2027, 1, 1)
    assert paid_period_end([]) is None


def test_ticket_data_is_due_two_years_after_the_paid_period():
    assert ticket_data_due_on([date(2024, 9, 1)]) == date(2026, 10, 1)
    assert ticket_data_due_on([date(2027, 12, 1)]) == date(2030, 1, 1)
    assert ticket_data_due_on([]) is None


def test_backups_older_than_90_days_are_due():
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    files = [(Path("old.gz"), now - timedelta(days=90, seconds=1)),
             (Path("edge.gz"), now - timedelta(days=90)),
             (Path("new.gz"), now - timedelta(days=1))]
    assert backups_due(files, now) == [Path("old.gz")]


def test_an_erasure_request_is_due_at_the_end_of_the_fifth_working_day():
    # Friday 2026-11-20: Mon 23 .. Fri 27 are the five working days.
    assert erasure_deadline(bxl(2026, 11, 20, 10, 0)) == bxl(2026, 11, 28, 0, 0)
    # A request late on Friday evening counts from the same Friday (Brussels date).
    assert erasure_deadline(bxl(2026, 11, 20, 23, 30)) == bxl(2026, 11, 28, 0, 0)


def test_public_holidays_and_weekends_do_not_count():
    # Thu 24 Dec 2026: Christmas (Fri 25) and New Year (Fri 1 Jan) are skipped:
    # Mon 28, Tue 29, Wed 30, Thu 31, Mon 4 January.
    assert erasure_deadline(bxl(2026, 12, 24, 9, 0)) == bxl(2027, 1, 5, 0, 0)
