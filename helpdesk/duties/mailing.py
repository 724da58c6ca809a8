"""One mail to each of a customer's notifiable contacts, in each one's language: the
non-payment suspension (art. 6.9) and the site-visit (art. 27.2) mails go out this way."""

from __future__ import annotations

from collections.abc import Callable

from helpdesk.breaches.notify import recipients
from helpdesk.i18n import gettext as _
from helpdesk.locales import in_language_of
from helpdesk.models import Customer
from helpdesk.outbox import enqueue


def mail_customer(customer: Customer, kind: str,
                  write: Callable[[], tuple[str, list[str]]]) -> list[str]:
    """Mail every confirmed contact in their own language: `write` builds the subject and
    the lines after the greeting inside `in_language_of(contact)`. Returns who was told."""
    told = []
    for contact in recipients(customer):  # R23: confirmed addresses only
        with in_language_of(contact):
            subject, lines = write()
            greeting = _("Dear %(name)s,", name=customer.name)
        enqueue(kind=kind, to_addr=contact.email, subject=subject,
                body_text="\n".join([greeting, "", *lines]))
        told.append(contact.email)
    return told
