"""Demo tickets that show every clock badge (issue #19): a live countdown, one breaching
soon, one overdue at tier 2, one waiting for a supplier, one met, one missed, and one
submitted moments ago that is paused when the service window is closed at load time.

They are placed relative to `now`; which badge a ticket shows is the fold's answer at
that instant (a window may be closed when the demo is loaded), so `load_clock_showcase`
reports the badge states it produced.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from helpdesk.models import Customer, Staff, Ticket
from helpdesk.sla.badges import headline
from helpdesk.tickets import commands, log, projection
from helpdesk.tickets.actors import Actor

# title, customer index (0: type 1, 1: type 3, 2: type 5), urgency, impact, submitted
# this long before now, then (event, after the submission, payload) steps.
SHOWCASE: list[tuple[str, int, str, str, timedelta, list[tuple[str, timedelta, dict]]]] = [
    # P1 reaction 2 h (type 5, 06:00-24:00): a live countdown while the window is open
    ("Core switch down in the data centre", 2, "blocking", "all", timedelta(minutes=20), []),
    # P1 reaction 2 h (type 3, 06:00-18:00): 1 h 40 counted, 20 min left: breaching soon
    ("ERP unreachable for every employee", 1, "blocking", "all",
     timedelta(hours=1, minutes=40), []),
    # P1 acknowledged in time, resolution (1 day) long past: overdue, tier 2
    ("Storage array failed", 2, "blocking", "all", timedelta(days=7),
     [("acknowledged", timedelta(minutes=30), {})]),
    # art. 39.1.3 (R6): the resolution clock waits for the supplier
    ("Leased line down at the branch office", 2, "blocking", "some", timedelta(days=2),
     [("acknowledged", timedelta(hours=1), {}),
      ("supplier_suspended", timedelta(hours=2), {"supplier": "Proximus"})]),
    # type 1 P3 reaction (2 days) answered within the hour: met
    ("Password reset page shows an old logo", 0, "light", "all", timedelta(days=3),
     [("acknowledged", timedelta(hours=1), {})]),
    # type 1 P1 reaction (4 h) answered three days later: missed
    ("Backup NAS not reachable", 0, "blocking", "all", timedelta(days=5),
     [("acknowledged", timedelta(days=3), {})]),
    # type 1 (08:45-17:00) P4: paused until the next opening when loaded after hours
    ("Scanner on floor 1 jams", 0, "light", "some", timedelta(minutes=5), []),
]


def load_clock_showcase(customers: list[Customer], agent: Staff, now: datetime,
                        limit: int) -> tuple[list[Ticket], set[str]]:
    """Up to `limit` showcase tickets and the badge states they show at `now`."""
    made: list[Ticket] = []
    shown: set[str] = set()
    for title, index, urgency, impact, ago, steps in SHOWCASE[:max(0, limit)]:
        customer = customers[index]
        reporter = customer.contacts[0]
        start = now - ago
        ticket = commands.submit(
            reporter=reporter, title=title,
            description="Demo report: shows one of the clock badges.",
            urgency=urgency, impact=impact, channel="portal", at=start,
            actor=Actor.of(reporter), now=now)
        for kind, after, payload in steps:
            commands.record(ticket, kind, at=start + after, actor=Actor.of(agent), now=now,
                            payload=payload, channel="web")
        top = headline(projection.fold_ticket(ticket, log.events_of(ticket), now))
        if top is not None:
            shown.add(top.state)
        made.append(ticket)
    return made, shown
