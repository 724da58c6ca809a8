"""Merging a duplicate ticket into the one that is kept (issue #16).

The rule (SPEC is silent on duplicates; decided here and tested in
tests/integration/test_merge_duplicates.py and tests/sla/test_merged_fold.py):

- Both tickets stay, with all their events. The duplicate gets a `merged` event naming the
  kept ticket, the kept one a `duplicate_merged` event naming the duplicate; both pages
  link to each other. Only tickets of the same customer merge (never across customers).
- At the merge the duplicate's clocks stop for good (helpdesk/sla/fold.py `_merged`): the
  one incident is now handled, and its deadlines counted, on the kept ticket. From then on
  the duplicate breaches nothing, escalates nothing and earns no credit of its own.
- A breach the duplicate incurred *before* the merge stays, with its credit (R12: recorded
  breaches are never rewritten; R21: a classification must not quietly erase money): the
  customer did report, and the provider did miss that deadline. A report that was no
  incident at all is classified "not an incident" (art. 38.3, bounded by R21) instead.
- The duplicate's reporter is told by mail through the outbox, only at a confirmed address
  (R23, `notify_reporter`); later mail quoting the duplicate's reference is added to the
  kept ticket (`follow`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import Staff, Ticket, TicketEvent
from helpdesk.tickets import actions, commands
from helpdesk.tickets.actions import ActionRefused
from helpdesk.tickets.actors import Actor

# A duplicate must still be open to be merged; the kept ticket must not be closed.
MERGEABLE = ("open", "acknowledged", "suspended", "workaround_applied")
KEEPABLE = ("open", "acknowledged", "suspended", "workaround_applied")
MAX_CHAIN = 10  # a kept ticket merged again later: follow at most this many links


@dataclass(frozen=True)
class Merged:
    duplicate_event: TicketEvent
    kept_event: TicketEvent
    kept: Ticket


@dataclass
class Links:
    """What a ticket's events say about merges: where it went, what came into it."""

    into: tuple[str, str] | None = None  # (reference, staff name) of the kept ticket
    duplicates: list[str] = field(default_factory=list)


def links(rows: Sequence[Any]) -> Links:
    found = Links()
    for row in rows:
        payload = row.payload or {}
        if row.type == "merged" and found.into is None:
            found.into = (payload.get("into", ""), row.actor_name)
        elif row.type == "duplicate_merged" and payload.get("duplicate"):
            found.duplicates.append(payload["duplicate"])
    return found


def _ticket(reference: str) -> Ticket | None:
    reference = reference.strip().upper()
    return db.session.scalar(select(Ticket).where(Ticket.reference == reference))


def merge(duplicate: Ticket, *, into: str | Ticket, by: Staff, now: datetime,
          reason: str = "") -> Merged:
    """Merge `duplicate` into the ticket `into` (a reference or the ticket)."""
    kept = _ticket(into) if isinstance(into, str) else into
    if kept is None:
        raise ActionRefused(f"There is no ticket {str(into).strip()}.")
    if kept.id == duplicate.id:
        raise ActionRefused("A ticket cannot be merged into itself.")
    if kept.customer_id != duplicate.customer_id:
        # Every query is scoped to the customer: a merge never joins two customers' reports.
        raise ActionRefused("Only tickets of the same customer can be merged.")
    status = commands.refresh(duplicate, now).status
    if status == "merged":
        raise ActionRefused("This ticket is already merged into another one.")
    if status not in MERGEABLE:
        raise ActionRefused("Only an open ticket can be merged as a duplicate.")
    if commands.refresh(kept, now).status not in KEEPABLE:
        raise ActionRefused(f"{kept.reference} is closed or merged itself; merge into an "
                            "open ticket.")
    reason = " ".join(reason.split())[:500]
    actor = Actor.of(by)
    first = commands.record(duplicate, "merged", at=now, actor=actor, now=now,
                            payload={"into": kept.reference, "into_id": kept.id,
                                     "reason": reason})
    second = commands.record(kept, "duplicate_merged", at=now, actor=actor, now=now,
                             payload={"duplicate": duplicate.reference,
                                      "duplicate_id": duplicate.id, "reason": reason})
    actions.notify_reporter(
        duplicate, kind="merged", subject=f"Merged into {kept.reference}: {duplicate.title}",
        text=(f"Your report {duplicate.reference} concerns the same incident as "
              f"{kept.reference} ({kept.title}), so we have merged it into {kept.reference}."
              f"\n{('Why: ' + reason + chr(10)) if reason else ''}"
              f"We continue the handling there, and its deadlines apply; please quote "
              f"{kept.reference} from now on. Messages quoting {duplicate.reference} are "
              f"added to {kept.reference}.\n{by.name}, support team"))
    return Merged(first, second, kept)


def follow(ticket: Ticket) -> Ticket:
    """The ticket a merged duplicate points to (through later merges), else itself."""
    seen = 0
    while ticket.status == "merged" and seen < MAX_CHAIN:
        into = db.session.scalar(
            select(TicketEvent.payload).where(TicketEvent.ticket_id == ticket.id,
                                              TicketEvent.type == "merged")
            .order_by(TicketEvent.seq).limit(1))
        kept = db.session.get(Ticket, (into or {}).get("into_id")) if into else None
        if kept is None or kept.customer_id != ticket.customer_id:
            return ticket
        ticket, seen = kept, seen + 1
    return ticket
