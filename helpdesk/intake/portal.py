"""Portal intake: a logged-in contact person reports an incident (art. 35.2, web form)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from helpdesk.i18n import gettext as _
from helpdesk.intake.attachments import MAX_ATTACHMENT_BYTES, store_attachments
from helpdesk.locales import in_language_of
from helpdesk.mail import Attachment as Upload
from helpdesk.models import ContactPerson, Contract, Ticket
from helpdesk.sla.windows import window_opening
from helpdesk.tickets import actions, commands
from helpdesk.tickets.actors import Actor
from helpdesk.tickets.reporters import ReporterNotAllowed
from helpdesk.timefmt import brussels, day, local
from helpdesk.web.labels import priority_label

MAX_FILES = 10


class SubmissionRefused(ValueError):
    """The report cannot be accepted; the message tells the contact person why."""


def clock_start(contract: Contract, priority: str, at: datetime) -> datetime:
    """R3: a report outside the service window starts counting when the window next opens."""
    return window_opening(contract.sla(), priority, at)


def start_notice(contract: Contract, priority: str, at: datetime) -> str | None:
    """What the form says when a report would arrive outside the reporting window."""
    opens = clock_start(contract, priority, at)
    if opens <= at:
        return None
    # The service-window notice (#19 item 7): in the reader's words, with their day name.
    return _("We are outside the service window of your contract: the clock for this report "
             "starts at %(when)s.", when=brussels(opens))


def submit_from_portal(
    contact: ContactPerson,
    *,
    title: str,
    description: str,
    urgency: str,
    impact: str,
    uploads: Sequence[Upload] = (),
    now: datetime,
) -> Ticket:
    if not contact.may_submit:
        raise SubmissionRefused(_("Your portal role may read tickets but not report incidents."))
    if len(uploads) > MAX_FILES:
        raise SubmissionRefused(_("Attach at most %(count)s files.", count=MAX_FILES))
    for upload in uploads:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise SubmissionRefused(_("%(file)s is larger than %(size)s MB.", file=upload.filename,
                                      size=MAX_ATTACHMENT_BYTES // (1024 * 1024)))
    try:
        ticket = commands.submit(
            reporter=contact, title=title.strip(), description=description.strip(),
            urgency=urgency, impact=impact, channel="portal", at=now,
            actor=Actor.of(contact), now=now,
        )
    except commands.NoContract as problem:
        raise SubmissionRefused(_(
            "No support contract is in force for %(customer)s on %(day)s; please contact us "
            "by phone.", customer=contact.customer.name,
            day=day(local(now)))) from problem
    except ReporterNotAllowed as problem:
        raise SubmissionRefused(str(problem)) from problem
    submitted = ticket.events[0]
    store_attachments(uploads, now=now, ticket_id=ticket.id, event_id=submitted.id)
    with in_language_of(contact):  # issue #17: the receipt in the reporter's language
        actions.notify_reporter(
            ticket, kind="receipt", automatic=True,
            subject=_("Received: %(title)s", title=ticket.title),
            text="\n".join((
                _("We received your report %(reference)s (%(priority)s) on %(when)s.",
                  reference=ticket.reference, priority=priority_label(ticket.priority),
                  when=brussels(ticket.submitted_at)),
                _("A member of our support team will confirm when it is being handled."),
                _("This is an automatic message."))),
        )
    return ticket
