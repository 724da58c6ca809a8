"""Phone reports, logged by staff and confirmed in writing later (art. 39.2.2).

Which priorities may come by phone is the contract's: seed 002 (types 1-5) allows only P1
and P2, seeds 001 and 004 set no limit (`Sla.phone_priorities`).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from helpdesk import sla as engine
from helpdesk.models import ContactPerson, Staff, Ticket
from helpdesk.tickets import commands
from helpdesk.tickets.actors import Actor
from helpdesk.tickets.reporters import ReporterNotAllowed


class PhoneReportRefused(ValueError):
    pass


def log_phone_report(
    contact: ContactPerson,
    *,
    title: str,
    description: str,
    urgency: str,
    impact: str,
    called_at: datetime,
    by: Staff,
    now: datetime,
) -> Ticket:
    """Open a ticket for a call; it shows 'written confirmation outstanding' until it comes."""
    try:
        contract = commands.contract_for(contact, commands.submission_day(called_at))
    except commands.NoContract as problem:
        raise PhoneReportRefused(str(problem)) from problem
    allowed = contract.sla().phone_priorities
    priority = engine.priority_for(urgency, impact)
    if allowed is not None and priority not in allowed:
        raise PhoneReportRefused(
            f"A {priority} incident may not be reported by phone under {contract.name} "
            f"(art. 39.2.2: only {' and '.join(sorted(allowed))}). Ask the caller to report "
            "it by e-mail or in the customer portal.")
    if called_at > now + timedelta(minutes=1):
        raise PhoneReportRefused("The call cannot be in the future.")
    if called_at < now - timedelta(days=7):
        raise PhoneReportRefused("The call is more than a week ago; check the date.")
    if not contact.active:
        raise PhoneReportRefused("This contact person is no longer active.")
    try:
        return commands.submit(
            reporter=contact, title=title.strip(), description=description.strip(),
            urgency=urgency, impact=impact, channel="phone", at=called_at,
            actor=Actor.of(by), now=now, extra={"logged_by": by.name},
        )
    except commands.NoContract as problem:
        raise PhoneReportRefused(str(problem)) from problem
    except ReporterNotAllowed:
        # seed 004 art. 9.3: the caller must be one of the customer's administrators
        raise PhoneReportRefused(
            f"{contact.name} is not an administrator of {contact.customer.name}: under "
            "their contract only administrators may log tickets (platform terms art. 9.3). "
            "Ask the caller to have an administrator report it.") from None
