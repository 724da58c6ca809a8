"""The texts of breach mails: to a customer's contacts (the notification itself) and to the
managers (the escalation). Pure: callers pass the facts and send the result via the outbox.

Seed 001 annex art. 8 and seed 004 annex 2 art. 6.2 say what a notification holds: that
there was a breach, its (suspected) cause, the nature and categories of data, the likely
consequences, the measures taken or proposed, and whom to contact.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.models import DataBreach
from helpdesk.timefmt import brussels, duration

NOT_YET_KNOWN = _l("Not yet known; we will tell you as soon as we know more.")


def level_words(level: str) -> str:
    """'75 % of the 72 hours have passed', or the deadline has."""
    if level == "overdue":
        return _("the 72-hour deadline has passed")
    return _("%(percent)s %% of the 72 hours have passed", percent=level)


@dataclass(frozen=True)
class Notice:
    subject: str
    text: str


def customer_notice(breach: DataBreach, *, customer: str, contact: str) -> Notice:
    """To one contact person of an affected customer, in the language in force (the caller
    forces the contact's)."""
    lines = [
        _("Dear %(name)s,", name=contact),
        "",
        _("We are informing you, as a contact person of %(customer)s, of a personal-data "
          "breach that affects data we process for you (our data-processing terms: "
          "notification within 72 hours).", customer=customer),
        "",
        _("We became aware of it on %(when)s.", when=brussels(breach.discovered_at)),
        "",
        _("What happened:"),
        breach.description,
        "",
        _("Which data are affected (nature and categories):"),
        breach.data_categories,
        "",
        _("Likely consequences:"),
        breach.consequences or str(NOT_YET_KNOWN),
        "",
        _("What we are doing about it:"),
        breach.measures or str(NOT_YET_KNOWN),
        "",
        _("Whom to contact:"),
        breach.contact_point or _("Reply to this message; it reaches our support team."),
        "",
        _("You decide whether the supervisory authority and the people concerned must be "
          "informed; we will help you with that."),
    ]
    return Notice(_("Personal-data breach: %(title)s", title=breach.title), "\n".join(lines))


def manager_notice(breach: DataBreach, *, level: str, at: datetime, untold: list[str],
                   now: datetime, url: str) -> Notice:
    """To the managers: the clock nears or passed its deadline with customers still untold."""
    left = int((breach.due_at - now).total_seconds())
    when = (_("%(duration)s left", duration=duration(left)) if left >= 0
            else _("overdue by %(duration)s", duration=duration(-left)))
    subject = (_("[Data breach %(id)s] ", id=breach.id)
               + (_("Notification deadline passed") if level == "overdue"
                  else _("%(level)s %% of the 72 hours used", level=level))
               + f": {breach.title}")
    lines = [
        _("Data breach %(id)s (%(title)s): %(level)s (at %(when)s), and %(count)s affected "
          "customer(s) are not yet notified.", id=breach.id, title=breach.title,
          level=level_words(level), when=brussels(at), count=len(untold)),
        "",
        _("Discovered: %(when)s", when=brussels(breach.discovered_at)),
        _("Deadline:   %(when)s (%(left)s)", when=brussels(breach.due_at), left=when),
        "",
        _("Not yet notified:"),
        *[f"- {name}" for name in untold],
        "",
        _("Open the register: %(url)s", url=url),
    ]
    return Notice(subject, "\n".join(lines))
