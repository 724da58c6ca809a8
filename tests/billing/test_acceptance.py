"""Art. 6.6 (seed 002, R25): hours not disputed in writing within 7 days after they were made
known are accepted. The window: seven Brussels calendar days after the day they were made
known (that day itself not counted), closing at Brussels midnight after the 7th day."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpdesk.billing import acceptance as a

# date_free: pure billing rules on literal dates; no clock read, no database.
pytestmark = pytest.mark.date_free


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Wednesday 4 November 2026 16:30 Brussels (CET, UTC+1): made known.
KNOWN = utc(2026, 11, 4, 15, 30)
# 4 Nov + 7 days = Wednesday 11 Nov; closes Thursday 12 Nov 00:00 Brussels = 11 Nov 23:00 UTC.
CLOSES = utc(2026, 11, 11, 23, 0)


def test_the_window_closes_at_brussels_midnight_after_the_seventh_day():
    assert a.last_day(KNOWN).isoformat() == "2026-11-11"
    assert a.dispute_deadline(KNOWN) == CLOSES


def test_made_known_late_in_the_brussels_evening_counts_from_the_brussels_date():
    # 23:30 Brussels on 4 Nov is still 22:30 UTC on the 4th; 00:30 Brussels on 5 Nov is
    # 23:30 UTC on the 4th: the Brussels date decides, so the second gets a day more.
    assert a.last_day(utc(2026, 11, 4, 22, 30)).isoformat() == "2026-11-11"
    assert a.last_day(utc(2026, 11, 4, 23, 30)).isoformat() == "2026-11-12"


def test_the_window_across_the_autumn_clock_change_ends_at_local_midnight():
    # Made known Friday 23 Oct 2026 (CEST); last day Friday 30 Oct (CET since 25 Oct):
    # closes Saturday 31 Oct 00:00 CET = 30 Oct 23:00 UTC.
    assert a.dispute_deadline(utc(2026, 10, 23, 10, 0)) == utc(2026, 10, 30, 23, 0)


def test_undisputed_hours_await_then_are_accepted_the_second_the_window_closes():
    just_before = utc(2026, 11, 11, 22, 59, 59)
    assert a.hours_state(KNOWN, (), (), just_before).state == a.AWAITING
    assert not a.hours_state(KNOWN, (), (), just_before).counted
    accepted = a.hours_state(KNOWN, (), (), CLOSES)
    assert accepted.state == a.ACCEPTED and accepted.counted


def test_a_dispute_in_time_holds_the_hours_until_staff_resolve_it():
    dispute = a.Dispute(utc(2026, 11, 10, 9, 0), "Only one hour was worked.")
    state = a.hours_state(KNOWN, [dispute], (), utc(2026, 12, 1, 9, 0))
    assert state.state == a.DISPUTED and not state.counted  # not accepted by silence
    withdrawn = a.Resolution(utc(2026, 12, 2, 9, 0), a.WITHDRAWN, "Agreed, one hour.")
    assert a.hours_state(KNOWN, [dispute], [withdrawn], utc(2026, 12, 3)).state == a.WITHDRAWN
    assert not a.hours_state(KNOWN, [dispute], [withdrawn], utc(2026, 12, 3)).counted
    confirmed = a.Resolution(utc(2026, 12, 2, 9, 0), a.CONFIRMED, "The log shows two hours.")
    assert a.hours_state(KNOWN, [dispute], [confirmed], utc(2026, 12, 3)).counted
    # as of before the resolution, it was still disputed
    assert a.hours_state(KNOWN, [dispute], [confirmed], utc(2026, 12, 1)).state == a.DISPUTED


def test_a_dispute_after_the_window_is_refused_with_the_last_day():
    state = a.hours_state(KNOWN, (), (), CLOSES)
    refusal = a.dispute_refusal(state, CLOSES)
    assert refusal is not None and "7 days" in refusal and "2026-11-11" in refusal
    assert a.dispute_refusal(a.hours_state(KNOWN, (), (), utc(2026, 11, 11, 22, 0)),
                             utc(2026, 11, 11, 22, 0)) is None


def test_a_late_dispute_recorded_anyway_does_not_undo_the_acceptance():
    late = a.Dispute(CLOSES, "too late")
    assert a.hours_state(KNOWN, [late], (), utc(2026, 12, 1)).state == a.ACCEPTED


def test_only_an_open_dispute_can_be_resolved_and_only_two_ways():
    disputed = a.hours_state(KNOWN, [a.Dispute(utc(2026, 11, 5), "x")], (), utc(2026, 11, 6))
    assert a.resolve_refusal(disputed, a.CONFIRMED) is None
    assert a.resolve_refusal(disputed, "accepted") is not None
    assert a.resolve_refusal(a.hours_state(KNOWN, (), (), utc(2026, 11, 6)),
                             a.WITHDRAWN) == "These hours have no open dispute."


def test_naive_instants_are_refused():
    with pytest.raises(ValueError):
        a.dispute_deadline(datetime(2026, 11, 4, 15, 30))
