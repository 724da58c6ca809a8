"""The texts of the mails a fix causes: to the customer when staff resolve or work around a
ticket, to staff when the customer rejects the fix. Pure: the callers pass in the facts and
the links, and send the result through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.timefmt import brussels

# No clause limits how long a customer may reject a fix: art. 39.4.1 (R9) names none and
# the portal offers "not resolved" for as long as the ticket is resolved. So the mail says
# how to reject, and names no period.
REJECT_HOW = _l('Not solved after all? Open the ticket in the portal and choose '
                '"Not resolved? Tell us":')


@dataclass(frozen=True)
class Notice:
    subject: str
    text: str


def fix_notice(*, kind: str, reference: str, title: str, note: str, by: str,
               priority: str | None, portal_url: str) -> Notice:
    """To the reporter: what was done (the staff member's note) and how to reject it.

    `kind` is the event: "resolved", or "workaround_applied" (art. 39.3.1: service restored
    by a workaround; the permanent fix continues, under R8 at P3). In the language in force
    (the caller forces the reporter's).
    """
    if kind == "workaround_applied":
        subject = _("Service restored by a workaround: %(title)s", title=title)
        if priority:
            opening = _("We restored the service of your report %(reference)s with a "
                        "workaround; we continue to work on a permanent fix (the ticket is "
                        "now %(priority)s).", reference=reference, priority=priority)
        else:
            opening = _("We restored the service of your report %(reference)s with a "
                        "workaround; we continue to work on a permanent fix.",
                        reference=reference)
    else:
        subject = _("Resolved: %(title)s", title=title)
        opening = _("We resolved your report %(reference)s.", reference=reference)
    lines = [opening, ""]
    if note.strip():
        lines += [note.strip(), ""]
    lines += [str(REJECT_HOW), portal_url,
              _("The ticket then reopens and is escalated (art. 39.4.1)."), "",
              _("%(name)s, support team", name=by)]
    return Notice(subject, "\n".join(lines))


def rejection_notice(*, reference: str, title: str, customer: str, contact: str,
                     at: datetime, reason: str, tier: int, priority: str | None,
                     assignee: str | None, staff_url: str) -> Notice:
    """To the assignee and the tier's people: the customer says the fix did not work."""
    lines = [
        _("%(contact)s (%(customer)s) rejected the fix of %(reference)s at %(when)s: the "
          "ticket is reopened, at tier %(tier)s (art. 39.4.1).", contact=contact,
          customer=customer, reference=reference, when=brussels(at), tier=tier),
        "",
        _("What is still not working, in the customer's words:"),
        reason.strip(),
        "",
        _("Title: %(title)s", title=title),
        _("Priority: %(priority)s", priority=priority or "-"),
        _("Assignee: %(name)s", name=assignee or _("nobody (unassigned)")),
        "",
        _("Open the ticket: %(url)s", url=staff_url),
    ]
    return Notice(f"[{reference}] " + _("Fix rejected by the customer: %(title)s", title=title),
                  "\n".join(lines))
