"""The monthly report's contract duties beside incidents (R25, seed 002): the hours made
known in the month with their art. 6.6 state. Read from the records as of `now`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.billing import hours
from helpdesk.credits.months import Month


@dataclass(frozen=True)
class Duties:
    month: Month
    hours: list[hours.HoursEntry]
    hours_minutes: dict[str, int]  # per art. 6.6 state

    @property
    def accepted_minutes(self) -> int:
        """Accepted hours (art. 6.6): not disputed in time, or confirmed after a dispute."""
        return self.hours_minutes["accepted"] + self.hours_minutes["confirmed"]


def contract_duties(customer_id: int, month: Month, now: datetime) -> Duties:
    found = hours.entries(now=now, customer_id=customer_id, since=month.start,
                          until=month.end)
    return Duties(month=month, hours=sorted(found, key=lambda e: e.event.at),
                  hours_minutes=hours.totals(found))
