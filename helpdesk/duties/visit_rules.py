"""Preventive maintenance on the customer's site (seed 002 art. 27.2, R25): pure, no clock.

- Art. 27.2.3: "De planning wordt, indien mogelijk en in onderling overleg, door de
  Dienstverlener minstens twee (2) weken voorafgaandelijk vastgelegd." Two weeks are 14
  Brussels calendar days between the day the planning is fixed (and announced to the
  customer) and the day of the visit. "Indien mogelijk en in onderling overleg" makes it no
  absolute ban: a visit planned later than that is refused unless staff record the agreement
  with the customer, and it is then flagged contract-late everywhere it is shown.
- Art. 27.2.3 also: visits take place during the Werkuren (art. 1.18, Mon-Fri 08:45-17:00
  Brussels, not on legal holidays); art. 27.2.5 lets a visit outside them happen, billed per
  art. 24.4, so such a visit is flagged, not refused.
- Art. 27.2.2: after every visit a report "binnen een redelijke termijn" with at least the
  defects found, the points still to do and a proposed planning of follow-up visits. The
  contract names no number of days; we take 10 Brussels calendar days after the day of the
  visit (REPORT_DAYS) as the reasonable term after which staff see the report as overdue.
  When it becomes overdue the managers (and whoever announced the visit) are mailed once
  (`reminder_due`); a report made later ends it, a cancelled visit owes none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from helpdesk.billing.rates import NORMAL, split
from helpdesk.credits.instants import BRUSSELS, brussels_date, require_aware

NOTICE_DAYS = 14  # art. 27.2.3: two weeks before
REPORT_DAYS = 10  # art. 27.2.2 "redelijke termijn": our reading, see above
MAX_VISIT = timedelta(hours=24)

PLANNED = "planned"  # announced, not started
IN_PROGRESS = "in_progress"
REPORT_DUE = "report_due"  # over, report not made yet, within the reasonable term
REPORT_OVERDUE = "report_overdue"
REPORTED = "reported"
CANCELLED = "cancelled"
STATES: tuple[str, ...] = (PLANNED, IN_PROGRESS, REPORT_DUE, REPORT_OVERDUE, REPORTED,
                           CANCELLED)


def earliest_day(announced_at: datetime) -> date:
    """The first Brussels date a visit announced at `announced_at` may fall on (art. 27.2.3)."""
    return brussels_date(announced_at, "announced") + timedelta(days=NOTICE_DAYS)


def short_notice(announced_at: datetime, starts_at: datetime) -> bool:
    """Announced less than two weeks before the visit's day (art. 27.2.3)."""
    return brussels_date(starts_at, "visit start") < earliest_day(announced_at)


def outside_working_hours(starts_at: datetime, ends_at: datetime) -> bool:
    """Any part of the visit outside the Werkuren (art. 1.18; art. 27.2.3/27.2.5)."""
    return any(span.rate_class != NORMAL for span in split(starts_at, ends_at))


def report_last_day(ends_at: datetime) -> date:
    """The last Brussels day of the report's reasonable term (art. 27.2.2)."""
    return brussels_date(ends_at, "visit end") + timedelta(days=REPORT_DAYS)


def report_due(ends_at: datetime) -> datetime:
    """When the report becomes overdue: Brussels midnight after the REPORT_DAYS-th day."""
    last = report_last_day(ends_at)
    return datetime.combine(last + timedelta(days=1), time(0), tzinfo=BRUSSELS).astimezone(UTC)


def plan_refusal(*, starts_at: datetime, ends_at: datetime, now: datetime,
                 agreement: str) -> str | None:
    """Why the visit cannot be planned as given (None: it can)."""
    require_aware(now, "now")
    if ends_at <= starts_at:
        return "The visit must end after it starts."
    if ends_at - starts_at > MAX_VISIT:
        return "A visit lasts at most 24 hours; plan several visits."
    if starts_at <= now:
        return "A visit is planned ahead: its start lies in the past."
    if short_notice(now, starts_at) and not agreement.strip():
        return (f"Art. 27.2.3: preventive visits are planned at least {NOTICE_DAYS} days "
                f"ahead; the earliest day now is {earliest_day(now).isoformat()}. Planning "
                f"sooner needs the customer's agreement: say who agreed and when.")
    return None


@dataclass(frozen=True)
class VisitState:
    state: str
    late_notice: bool
    outside_hours: bool
    report_due: datetime

    @property
    def report_overdue(self) -> bool:
        return self.state == REPORT_OVERDUE


def visit_state(*, starts_at: datetime, ends_at: datetime, announced_at: datetime,
                reported_at: datetime | None, cancelled_at: datetime | None,
                now: datetime) -> VisitState:
    due = report_due(ends_at)
    if cancelled_at is not None and cancelled_at <= now:
        state = CANCELLED
    elif reported_at is not None and reported_at <= now:
        state = REPORTED
    elif now < starts_at:
        state = PLANNED
    elif now < ends_at:
        state = IN_PROGRESS
    else:
        state = REPORT_DUE if now < due else REPORT_OVERDUE
    return VisitState(state, short_notice(announced_at, starts_at),
                      outside_working_hours(starts_at, ends_at), due)


def reminder_due(state: VisitState, *, reminded_at: datetime | None) -> bool:
    """Art. 27.2.2: the report is overdue at `now` (the state's instant) and nobody has
    been reminded of it yet: one reminder a visit, never after the report or a cancel."""
    return state.state == REPORT_OVERDUE and reminded_at is None


def report_refusal(state: VisitState, *, defects: str, open_points: str,
                   follow_up: str) -> str | None:
    if state.state in (PLANNED, IN_PROGRESS):
        return "The report is made after the visit."
    if state.state in (REPORTED, CANCELLED):
        return "This visit is already reported." if state.state == REPORTED \
            else "This visit was cancelled."
    if not (defects.strip() and open_points.strip() and follow_up.strip()):
        return ("Art. 27.2.2: the report lists the defects found, the points still to do and "
                "a proposed planning of follow-up visits (write 'none' where there are none).")
    return None
