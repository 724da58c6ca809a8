"""Phone (and chat) reports, logged by staff; a call is confirmed in writing later
(art. 39.2.2).

Which priorities may come by phone is the contract's: seed 002 (types 1-5) allows only P1
and P2, seeds 001 and 004 set no limit (`Sla.phone_priorities`). Which conversation
channels staff may log is the contract's too (`Sla.staff_logged_channels`, item 9.3): the
telephone everywhere, the chat only under the hosting SLA, whose seed 001 names "de online
chatfunctie". A chat is already written by the customer, so it needs no written
confirmation; a call does (art. 39.2.2).
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
    channel: str = "phone",
) -> Ticket:
    """Open a ticket for a call (it shows 'written confirmation outstanding' until it comes)
    or for a chat the contract names as a channel."""
    try:
        contract = commands.contract_for(contact, commands.submission_day(called_at))
    except commands.NoContract as problem:
        raise PhoneReportRefused(str(problem)) from problem
    sla = contract.sla()
    if channel not in sla.staff_logged_channels:
        raise PhoneReportRefused(
            f"{contract.name} names no {channel} channel (seed 002 art. 35.2: e-mail, web "
            "form and telephone; only the hosting SLA, seed 001, names a chat). Ask the "
            "customer to report it by e-mail, in the portal or by phone.")
    allowed = sla.phone_priorities if channel == "phone" else None
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
            urgency=urgency, impact=impact, channel=channel, at=called_at,
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
