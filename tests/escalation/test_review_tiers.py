"""R9 (art. 39.4.1) tiers on type 4, computed by hand: breaches of the same ticket and
insufficient-fix rejections count alike; the escalation is due the moment a deadline passes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpdesk import sla
from helpdesk.escalation.plan import Facts, Settings, plan
from helpdesk.sla import (
    FixRejected,
    NotAnIncident,
    TicketAcknowledged,
    TicketResolved,
    TicketSubmitted,
)

# date_free: pure escalation plans on literal instants; no clock read, no database.
pytestmark = pytest.mark.date_free

TYPE4 = sla.preset("type4")
BRUSSELS = ZoneInfo("Europe/Brussels")
# Mon 2026-03-02 06:00 CET; P1 reaction 2 h → 08:00 CET (07:00Z)
SUBMITTED = datetime(2026, 3, 2, 6, tzinfo=BRUSSELS)
REACTION_DUE = datetime(2026, 3, 2, 7, tzinfo=UTC)


def due(events: list[sla.TicketEvent], now: datetime) -> list[tuple[str, datetime, object]]:
    clocks = sla.fold(events, TYPE4, now)
    result = plan(TYPE4, clocks, Facts(submitted_at=SUBMITTED), set(), Settings(), now)
    return [(d.kind, d.at, d.payload.get("tier")) for d in result.due if d.kind != "warning"]


def test_a_reaction_breach_then_a_resolution_breach_reach_tier_3_at_the_second_deadline() -> None:
    # Acknowledged late at 09:00 (reaction breached at 08:00); resolution 1 day = 18 h from
    # Mon 09:00: 15 h Mon, 3 h Tue → Tue 09:00 CET (08:00Z), still open at Tue 12:00.
    resolution_due = datetime(2026, 3, 3, 8, tzinfo=UTC)
    events = [TicketSubmitted(at=SUBMITTED, priority="P1"),
              TicketAcknowledged(at=datetime(2026, 3, 2, 9, tzinfo=BRUSSELS))]
    assert due(events, datetime(2026, 3, 3, 12, tzinfo=BRUSSELS)) == [
        ("breach", REACTION_DUE, None), ("breach", resolution_due, None),
        ("escalation", REACTION_DUE, 2), ("escalation", resolution_due, 3)]
    # at the resolution deadline itself (R5: used up, not yet exceeded): tier 2 only
    assert [item for item in due(events, resolution_due) if item[0] == "escalation"] == [
        ("escalation", REACTION_DUE, 2)]


def test_two_rejected_fixes_without_a_breach_reach_tier_3() -> None:
    # acknowledged 06:30, resolved 07:00 and 09:00, rejected 08:00 and 10:00: no deadline
    # passed (resolution 18 h), two insufficient fixes
    at = [datetime(2026, 3, 2, 6, 30, tzinfo=BRUSSELS), datetime(2026, 3, 2, 7, tzinfo=BRUSSELS),
          datetime(2026, 3, 2, 8, tzinfo=BRUSSELS), datetime(2026, 3, 2, 9, tzinfo=BRUSSELS),
          datetime(2026, 3, 2, 10, tzinfo=BRUSSELS)]
    events = [TicketSubmitted(at=SUBMITTED, priority="P1"), TicketAcknowledged(at=at[0]),
              TicketResolved(at=at[1]), FixRejected(at=at[2]), TicketResolved(at=at[3]),
              FixRejected(at=at[4])]
    assert due(events, at[4] + timedelta(minutes=1)) == [
        ("escalation", at[2], 2), ("escalation", at[4], 3)]


def test_not_an_incident_after_a_breach_escalates_nothing_art_38_3() -> None:
    events = [TicketSubmitted(at=SUBMITTED, priority="P1"),
              NotAnIncident(at=datetime(2026, 3, 2, 9, tzinfo=BRUSSELS))]
    assert due(events, datetime(2026, 3, 2, 10, tzinfo=BRUSSELS)) == []
