"""Ruling R21: classifying a ticket as not an incident (art. 38.3) is bounded.

Art. 38.3 voids a call's objectives, but a classification must not quietly erase money: it
is allowed while the ticket is open or within 7 calendar days (Brussels dates, counted as
R17 counts claim windows) after its resolution; once a credit claim names the ticket only a
manager may classify it, and the customer is told. Breaches and escalations already
recorded stay in the history (R12); `voided_by` says which classification voids them.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from sqlalchemy import select

from helpdesk.credits.instants import brussels_date
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import MANAGER_ROLES, CreditClaimItem, Staff, Ticket, TicketEvent
from helpdesk.timefmt import day

# R21: calendar days after the resolution's Brussels date during which it is still allowed.
DAYS_AFTER_RESOLUTION = 7
# Stored records the classification voids: they stay, shown as voided (R12, R21).
VOIDABLE = ("breach_recorded", "escalated")
OPEN_STATUSES = ("open", "acknowledged", "suspended", "workaround_applied")


def last_day(resolved_at: datetime) -> date:
    """The last Brussels date on which a resolved ticket may still be classified."""
    return brussels_date(resolved_at, "resolution") + timedelta(days=DAYS_AFTER_RESOLUTION)


def claimed(ticket: Ticket) -> bool:
    """Whether a credit claim names the ticket (any of its breaches)."""
    return db.session.scalar(select(CreditClaimItem.id).where(
        CreditClaimItem.ticket_id == ticket.id).limit(1)) is not None


def is_manager(staff: Staff) -> bool:
    return staff.role in MANAGER_ROLES


def refusal(ticket: Ticket, *, status: str, rows: Sequence[TicketEvent], by: Staff,
            now: datetime) -> str | None:
    """Why `by` may not classify the ticket now (None: allowed). `status` is the fold's."""
    if status not in OPEN_STATUSES:
        if status != "resolved":
            return _("The ticket is already closed.")
        resolved = [row.at for row in rows if row.type == "resolved" and row.at <= now]
        last = last_day(max(resolved))
        if brussels_date(now, "now") > last:
            return _("A resolved ticket can be classified as not an incident only within "
                     "%(days)s calendar days of its resolution (R21): the last day was "
                     "%(last)s.", days=DAYS_AFTER_RESOLUTION, last=day(last))
    if claimed(ticket) and not is_manager(by):
        return _("A credit claim names this ticket: only a manager may classify it as not "
                 "an incident (R21).")
    return None


def allowed(ticket: Ticket, *, status: str, rows: Sequence[TicketEvent], by: Staff,
            now: datetime) -> bool:
    """Whether the staff page offers the action (the same rule as the action itself)."""
    return refusal(ticket, status=status, rows=rows, by=by, now=now) is None


def voided_by(rows: Sequence[TicketEvent]) -> TicketEvent | None:
    """The classification that voids the ticket's recorded breaches and escalations."""
    return next((row for row in rows if row.type == "not_an_incident"), None)
