"""The queue's rows (helpdesk/web/staff/queue_rows.py) read the page's clock events once,
for the badges and the reopened marks alike: that holds only while the rejection and
every answer to it are clock events (art. 39.4.1, R9)."""

from __future__ import annotations

import pytest

from helpdesk.sla import EVENT_TYPES
from helpdesk.tickets.reopening import ANSWERS, REJECTION, is_reopened

pytestmark = pytest.mark.date_free  # reads type names only: no clock, no database


def test_the_rejection_and_its_answers_are_clock_events():
    assert {REJECTION, *ANSWERS} <= EVENT_TYPES


@pytest.mark.parametrize(("types", "reopened"), [
    ((), False),
    (("submitted", "acknowledged"), False),
    (("submitted", "resolved", "fix_rejected"), True),
    (("submitted", "resolved", "fix_rejected", "note_added"), True),
    (("submitted", "resolved", "fix_rejected", "workaround_applied"), False),
    (("submitted", "resolved", "fix_rejected", "resolved"), False),
    (("submitted", "resolved", "fix_rejected", "merged"), False),
    (("fix_rejected", "resolved", "fix_rejected"), True),
])
def test_a_ticket_is_reopened_while_its_last_rejection_is_unanswered(types, reopened):
    assert is_reopened(types) is reopened
