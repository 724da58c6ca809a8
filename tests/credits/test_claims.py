"""Claim windows (art. 40.4, art. 16.7, seed 001; R17), counted in Brussels calendar days."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from helpdesk.credits import (
    AVAILABILITY_CLAIM_DAYS,
    CLAIMABLE,
    CLAIMED,
    LAPSED,
    NOT_OWED,
    BreachKey,
    CapSettings,
    Claim,
    Month,
    assess_claim,
    claim_window,
    incident_statement,
)
from helpdesk.credits.claims import add_months

from .helpers import OCTOBER_PAID, bxl, make_breach, utc

# date_free: pure credit arithmetic on literal instants and months; no clock read, no database.
pytestmark = pytest.mark.date_free

FIRST_BREACH = bxl(2026, 11, 2, 14, 10)  # EXAMPLES.md, claim-window example


def test_claim_window_example_last_day_is_seven_calendar_days_after_the_first_breach() -> None:
    """First breach Mon 2026-11-02 14:10 → last day to claim Mon 2026-11-09 (2 + 7)."""
    window = claim_window(FIRST_BREACH)
    assert window.breach_date == date(2026, 11, 2)
    assert window.last_day == date(2026, 11, 9)


def test_claim_window_example_a_letter_received_on_day_seven_is_in_time() -> None:
    """Received Mon 2026-11-09 (any hour: letters are dated by day) → claimed."""
    window = claim_window(FIRST_BREACH)
    result = assess_claim(window, owed=True, received=[date(2026, 11, 9)],
                          today=date(2026, 11, 20))
    assert (result.status, result.received_on) == (CLAIMED, date(2026, 11, 9))


def test_claim_window_example_a_letter_received_on_day_eight_is_too_late() -> None:
    """Received Tue 2026-11-10, one day after the last day → the credit has lapsed."""
    window = claim_window(FIRST_BREACH)
    result = assess_claim(window, owed=True, received=[date(2026, 11, 10)],
                          today=date(2026, 11, 20))
    assert result.status == LAPSED
    assert result.note == "claim received 2026-11-10, after the last day 2026-11-09"


def test_an_unclaimed_credit_is_claimable_through_the_last_day_and_lapsed_after() -> None:
    window = claim_window(FIRST_BREACH)
    on_last_day = assess_claim(window, owed=True, received=[], today=date(2026, 11, 9))
    day_after = assess_claim(window, owed=True, received=[], today=date(2026, 11, 10))
    assert (on_last_day.status, day_after.status) == (CLAIMABLE, LAPSED)


def test_a_credit_of_zero_is_not_owed_whatever_was_claimed() -> None:
    window = claim_window(FIRST_BREACH)
    result = assess_claim(window, owed=False, received=[date(2026, 11, 3)],
                          today=date(2026, 11, 4))
    assert result.status == NOT_OWED


def test_the_window_counts_in_brussels_dates_not_utc() -> None:
    """Mon 2026-11-02 00:30 CET is Sun 2026-11-01 23:30Z; the Brussels date (the 2nd) counts:
    last day Mon 2026-11-09."""
    window = claim_window(bxl(2026, 11, 2, 0, 30))
    assert window.last_day == date(2026, 11, 9)


def test_a_letter_dated_before_the_breach_is_not_counted() -> None:
    window = claim_window(FIRST_BREACH)
    result = assess_claim(window, owed=True, received=[date(2026, 10, 30)],
                          today=date(2026, 11, 3))
    assert result.status == CLAIMABLE
    assert result.note is not None and "before the breach" in result.note


def test_the_six_month_prescription_of_art_16_7_bites_when_the_customer_knew_earlier() -> None:
    """Knew on 2026-05-31: 16.7 ends 2026-11-30 (no 31 November); the 7-day notice from a
    breach dated 2026-11-28 would end 2026-12-05: the earlier, 2026-11-30, wins."""
    window = claim_window(bxl(2026, 11, 28, 9), known_on=date(2026, 5, 31))
    assert window.notice_deadline == date(2026, 12, 5)
    assert window.prescription_deadline == date(2026, 11, 30)
    assert window.last_day == date(2026, 11, 30)
    assert window.bound_by.startswith("art. 16.7")


def test_by_default_the_seven_day_notice_ends_before_the_six_months() -> None:
    window = claim_window(FIRST_BREACH)
    assert window.prescription_deadline == date(2027, 5, 2)
    assert window.last_day == window.notice_deadline


def test_availability_claims_have_fifteen_days() -> None:
    """Seed 001: within 15 days: 2026-11-02 + 15 = 2026-11-17."""
    window = claim_window(FIRST_BREACH, days=AVAILABILITY_CLAIM_DAYS)
    assert window.last_day == date(2026, 11, 17)


def test_adding_months_clamps_to_the_end_of_shorter_months() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)


def test_each_breach_of_a_ticket_has_its_own_window() -> None:
    """Reaction breached Mon 2026-11-02 14:10 (last day 11-09); resolution breached
    Wed 2026-11-11 10:00 (last day 11-18). One letter on 2026-11-12 naming the ticket is
    too late for the reaction breach but in time for the resolution breach."""
    reaction = make_breach(clock="reaction", deadline=FIRST_BREACH,
                           stopped_at=bxl(2026, 11, 2, 15))
    resolution = make_breach(clock="resolution", deadline=bxl(2026, 11, 11, 10),
                             stopped_at=bxl(2026, 11, 11, 12))
    letter = Claim(date(2026, 11, 12), (BreachKey("T-1001"),))
    statement = incident_statement("Acme", Month(2026, 11), [reaction, resolution],
                                   OCTOBER_PAID, [letter], CapSettings(), utc(2026, 11, 20))
    statuses = {line.breach.clock: line.claim.status for line in statement.lines}
    assert statuses == {"reaction": LAPSED, "resolution": CLAIMED}
    assert statement.totals.claimed == Decimal("125.00")
    assert statement.totals.lapsed == Decimal("125.00")


def test_a_claim_naming_one_clock_does_not_cover_the_other() -> None:
    key = BreachKey("T-1001", "reaction")
    letter = Claim(date(2026, 11, 3), (key,))
    assert letter.covers(BreachKey("T-1001", "reaction"))
    assert not letter.covers(BreachKey("T-1001", "resolution"))
    assert not letter.covers(BreachKey("T-1002", "reaction"))
