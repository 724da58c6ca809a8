"""The texts of the mails a fix causes: to the customer when staff resolve or work around a
ticket, to staff when the customer rejects the fix. Pure: the callers pass in the facts and
the links, and send the result through the outbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.timefmt import brussels

# No clause limits how long a customer may reject a fix: art. 39.4.1 (R9) names none and
# the portal offers "not resolved" for as long as the ticket is resolved. So the mail says
# how to reject, and names no period.
REJECT_HOW = ('Not solved after all? Open the ticket in the portal and choose '
              '"Not resolved? Tell us":')


@dataclass(frozen=True)
class Notice:
    subject: str
    text: str


def fix_notice(*, kind: str, reference: str, title: str, note: str, by: str,
               priority: str | None, portal_url: str) -> Notice:
    """To the reporter: what was done (the staff member's note) and how to reject it.

    `kind` is the event: "resolved", or "workaround_applied" (art. 39.3.1: service restored
    by a workaround; the permanent fix continues, under R8 at P3).
    """
    if kind == "workaround_applied":
        subject = f"Service restored by a workaround: {title}"
        opening = (f"We restored the service of your report {reference} with a workaround; "
                   "we continue to work on a permanent fix"
                   + (f" (the ticket is now {priority})." if priority else "."))
    else:
        subject = f"Resolved: {title}"
        opening = f"We resolved your report {reference}."
    lines = [opening, ""]
    if note.strip():
        lines += [note.strip(), ""]
    lines += [REJECT_HOW, portal_url,
              "The ticket then reopens and is escalated (art. 39.4.1).", "", f"{by}, support team"]
    return Notice(subject, "\n".join(lines))


def rejection_notice(*, reference: str, title: str, customer: str, contact: str,
                     at: datetime, reason: str, tier: int, priority: str | None,
                     assignee: str | None, staff_url: str) -> Notice:
    """To the assignee and the tier's people: the customer says the fix did not work."""
    lines = [
        f"{contact} ({customer}) rejected the fix of {reference} at {brussels(at)}: "
        f"the ticket is reopened, at tier {tier} (art. 39.4.1).",
        "",
        "What is still not working, in the customer's words:",
        reason.strip(),
        "",
        f"Title: {title}",
        f"Priority: {priority or '-'}",
        f"Assignee: {assignee or 'nobody (unassigned)'}",
        "",
        f"Open the ticket: {staff_url}",
    ]
    return Notice(f"[{reference}] Fix rejected by the customer: {title}", "\n".join(lines))
