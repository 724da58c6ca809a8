"""The monthly report's contract duties beside incidents (R25, seed 002): the hours made
known in the month with their art. 6.6 state, and the suspensions for non-payment that ran
in the month with the tickets they held (art. 6.9), and the preventive site visits of the
month with their notice and report (art. 27.2.2/27.2.3). Read from the records as of `now`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.billing import hours
from helpdesk.credits.months import Month
from helpdesk.duties import nonpayment, visits
from helpdesk.models import PaymentSuspension, Ticket


@dataclass(frozen=True)
class Duties:
    month: Month
    hours: list[hours.HoursEntry]
    hours_minutes: dict[str, int]  # per art. 6.6 state
    suspensions: list[tuple[PaymentSuspension, list[Ticket]]]  # art. 6.9, with held tickets
    visits: list[visits.Visit]  # art. 27.2, starting in the month

    @property
    def accepted_minutes(self) -> int:
        """Accepted hours (art. 6.6): not disputed in time, or confirmed after a dispute."""
        return self.hours_minutes["accepted"] + self.hours_minutes["confirmed"]


def contract_duties(customer_id: int, month: Month, now: datetime) -> Duties:
    found = hours.entries(now=now, customer_id=customer_id, since=month.start,
                          until=month.end)
    suspensions = [(s, nonpayment.affected_tickets(s))
                   for s in nonpayment.overlapping(customer_id, month.start, month.end)
                   if s.started_at <= now]
    return Duties(month=month, hours=sorted(found, key=lambda e: e.event.at),
                  hours_minutes=hours.totals(found), suspensions=suspensions,
                  visits=sorted(visits.listing(now=now, customer_id=customer_id,
                                               since=month.start, until=month.end),
                                key=lambda v: v.visit.starts_at))
