"""Demo hosting: a hosted service with an outage partly inside a past maintenance window, and
a fortnightly series of announced Thursday windows (seed 000 part 7: 21:00-22:00 Brussels),
so a new user sees the portal notice, the staff maintenance page and the excluded minutes
in the monthly report."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from helpdesk.credits.instants import BRUSSELS
from helpdesk.maintenance import records as maintenance
from helpdesk.maintenance.schedule import Occurrence, brussels_instant, series
from helpdesk.models import Customer, Staff
from helpdesk.reports import records

THURSDAY = 3


def _thursday_on_or_after(day: date) -> date:
    return day + timedelta(days=(THURSDAY - day.weekday()) % 7)


def _wall(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute))


def _fortnightly_from(today: date, now: datetime) -> list[Occurrence]:
    """Three fortnightly Thursday 21:00-22:00 windows, the first one less than a week away
    (so the portal announces it, listing.NOTICE_HORIZON) and announced at least 30 minutes
    ahead (seed 000): tonight's when it is Thursday before 20:30."""
    day = _thursday_on_or_after(today)
    if brussels_instant(_wall(day, 21)) - timedelta(minutes=30) < now:
        day += timedelta(days=7)
    return series(_wall(day, 21), _wall(day, 22), every_weeks=2, count=3)


def load_hosting(customer: Customer, by: Staff, now: datetime) -> None:
    """A webshop for `customer`: last Thursday's window (an outage 21:05-22:30 of which the
    55 minutes inside the window are not counted) and the next three fortnightly windows."""
    service = records.add_service(customer, name="Webshop hosting", monthly_fee_cents=8000,
                                  now=now - timedelta(days=60))
    today = now.astimezone(BRUSSELS).date()
    past_day = _thursday_on_or_after(today - timedelta(days=13))  # 7 to 13 days ago
    (past,) = series(_wall(past_day, 21), _wall(past_day, 22))
    (down,) = series(_wall(past_day, 21, 5), _wall(past_day, 22, 30))
    maintenance.record_windows(
        service, kind="planned", occurrences=[past], title="Database upgrade",
        description="The webshop may be unavailable for up to an hour.", by=by,
        now=past.start - timedelta(days=3))
    records.record_outage(service, start=down.start, end=down.end, cause="unavailable",
                          note="The database upgrade took longer", by=by, now=now)
    upcoming = _fortnightly_from(today, now)
    maintenance.record_windows(
        service, kind="planned", occurrences=upcoming, title="Fortnightly maintenance",
        description="Security updates; the webshop may be briefly unavailable.", by=by,
        now=now)
