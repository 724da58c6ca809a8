"""Demo contract duties (R25): hours on a ticket (one accepted by silence, one disputed, one
still open for dispute) and preventive site visits (one whose report is overdue, one planned
three weeks ahead), so a new user sees the hours statement, the dispute review, the site
visits and the monthly report's sections."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from helpdesk.billing import hours
from helpdesk.credits.instants import BRUSSELS
from helpdesk.duties import visits
from helpdesk.models import Customer, Staff, Ticket
from helpdesk.web import services


def _working_day(day: date, step: int = 1) -> date:
    """The day itself if a weekday, else the nearest one in the direction of `step`."""
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=BRUSSELS)


def load_hours_and_visits(customer: Customer, ticket: Ticket, agent: Staff, now: datetime) -> None:
    """The caller commits. `ticket` is one of `customer`'s, reported before now - 10 days."""
    entries = []
    for days_ago, description in ((10, "Replaced the switch in the server room"),
                                  (3, "Reconfigured the backup job"),
                                  (1, "Checked the firewall rules")):
        logged = now - timedelta(days=days_ago)
        entries.append(services.log_time(
            ticket, by=agent, start=logged - timedelta(hours=2), end=logged - timedelta(hours=1),
            description=description, now=logged))
    reporter = next(c for c in customer.contacts if c.may_submit)
    disputed = hours.entry(entries[1].id, now=now)
    if disputed is not None:
        hours.dispute(disputed, by=reporter, now=now,
                      reason="We did not ask for the backup job to be changed.")
    # at least 12 days ago, so its report (due within 10 days) is overdue on any weekday
    past = _working_day((now - timedelta(days=12)).astimezone(BRUSSELS).date(), step=-1)
    visits.plan(customer, by=agent, starts_at=_at(past, 9), ends_at=_at(past, 12),
                title="Quarterly check of the server room",
                now=_at(past, 9) - timedelta(days=20))  # announced 20 days ahead
    coming = _working_day((now + timedelta(days=21)).astimezone(BRUSSELS).date())
    visits.plan(customer, by=agent, starts_at=_at(coming, 9), ends_at=_at(coming, 12),
                title="Preventive check of the UPS and the cooling",
                description="We replace the UPS batteries if needed.", now=now)
