"""The texts of breach mails: to a customer's contacts (the notification itself) and to the
managers (the escalation). Pure: callers pass the facts and send the result via the outbox.

Seed 001 annex art. 8 and seed 004 annex 2 art. 6.2 say what a notification holds: that
there was a breach, its (suspected) cause, the nature and categories of data, the likely
consequences, the measures taken or proposed, and whom to contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.models import DataBreach
from helpdesk.timefmt import brussels, duration

NOT_YET_KNOWN = "Not yet known; we will tell you as soon as we know more."
LEVEL_WORDS = {"75": "75 % of the 72 hours have passed",
               "90": "90 % of the 72 hours have passed",
               "overdue": "the 72-hour deadline has passed"}


@dataclass(frozen=True)
class Notice:
    subject: str
    text: str


def customer_notice(breach: DataBreach, *, customer: str, contact: str) -> Notice:
    """To one contact person of an affected customer."""
    lines = [
        f"Dear {contact},",
        "",
        f"We are informing you, as a contact person of {customer}, of a personal-data breach "
        "that affects data we process for you (our data-processing terms: notification "
        "within 72 hours).",
        "",
        f"We became aware of it on {brussels(breach.discovered_at)}.",
        "",
        "What happened:",
        breach.description,
        "",
        "Which data are affected (nature and categories):",
        breach.data_categories,
        "",
        "Likely consequences:",
        breach.consequences or NOT_YET_KNOWN,
        "",
        "What we are doing about it:",
        breach.measures or NOT_YET_KNOWN,
        "",
        "Whom to contact:",
        breach.contact_point or "Reply to this message; it reaches our support team.",
        "",
        "You decide whether the supervisory authority and the people concerned must be "
        "informed; we will help you with that.",
    ]
    return Notice(f"Personal-data breach: {breach.title}", "\n".join(lines))


def manager_notice(breach: DataBreach, *, level: str, at: datetime, untold: list[str],
                   now: datetime, url: str) -> Notice:
    """To the managers: the clock nears or passed its deadline with customers still untold."""
    left = int((breach.due_at - now).total_seconds())
    when = (f"{duration(left)} left" if left >= 0 else f"overdue by {duration(-left)}")
    subject = (f"[Data breach {breach.id}] "
               + ("Notification deadline passed" if level == "overdue"
                  else f"{level} % of the 72 hours used")
               + f": {breach.title}")
    lines = [
        f"Data breach {breach.id} ({breach.title}): {LEVEL_WORDS[level]} "
        f"(at {brussels(at)}), and {len(untold)} affected customer(s) are not yet notified.",
        "",
        f"Discovered: {brussels(breach.discovered_at)}",
        f"Deadline:   {brussels(breach.due_at)} ({when})",
        "",
        "Not yet notified:",
        *[f"- {name}" for name in untold],
        "",
        f"Open the register: {url}",
    ]
    return Notice(subject, "\n".join(lines))
