"""Who may be mailed about tickets, deadlines and credits: the one rule (R23, seed 003).

"Notifications go only to contacts confirmed by their holders." Every path that mails a
contact person about their tickets asks `may_notify`: the reporter's notices
(helpdesk/tickets/actions.py `notify_reporter`, which the portal receipt and the deadline
explanation use), the mail-intake receipt and answers (helpdesk/intake/routing.py) and the
data-breach notice (helpdesk/breaches/notify.py). An unconfirmed contact may still report;
the ticket is made, nothing is mailed, and staff see why.
"""

from __future__ import annotations

from helpdesk.models import ContactPerson

NOT_MAILED = "not mailed: address unconfirmed"


def may_notify(contact: ContactPerson | None) -> bool:
    return (contact is not None and contact.active and contact.erased_at is None
            and contact.email_confirmed and bool(contact.email))
