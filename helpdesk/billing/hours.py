"""The hours statement and its disputes (art. 6.6, R25): the shell over billing/acceptance.

A time entry is a `time_logged` ticket event; a dispute is an `hours_disputed` event and its
resolution an `hours_dispute_resolved` event on the same ticket, each naming the entry by
its event id. Nothing is updated: the state is folded from those events and `now`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from helpdesk.credits.instants import iso_z
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.locales import in_language_of
from helpdesk.models import ContactPerson, Staff, Ticket, TicketEvent
from helpdesk.outbox import enqueue
from helpdesk.privacy.notifiable import may_notify
from helpdesk.tickets import commands
from helpdesk.tickets.actions import ActionRefused
from helpdesk.tickets.actors import Actor
from helpdesk.timefmt import day

from . import acceptance as core

DISPUTED = "hours_disputed"
RESOLVED = "hours_dispute_resolved"
ENTRY = "time_logged"
MAX_REASON = 5000


@dataclass(frozen=True)
class HoursEntry:
    event: TicketEvent
    ticket: Ticket
    status: core.HoursState

    @property
    def minutes(self) -> int:
        return sum((self.event.payload or {}).get("minutes", {}).values())

    @property
    def description(self) -> str:
        return str((self.event.payload or {}).get("description", ""))

    def to_dict(self) -> dict[str, Any]:
        s = self.status
        payload = self.event.payload or {}
        return {
            "id": self.event.id, "ticket": self.ticket.reference,
            "description": self.description,
            "start": iso_z(datetime.fromisoformat(payload["start"])) if payload.get("start")
            else None,
            "end": iso_z(datetime.fromisoformat(payload["end"])) if payload.get("end")
            else None,
            "minutes": self.minutes, "minutes_per_rate_class": dict(payload.get("minutes", {})),
            "made_known_at": iso_z(s.made_known_at), "dispute_until": iso_z(s.deadline),
            "state": s.state, "counted": s.counted,
            "dispute": None if s.dispute is None else {
                "at": iso_z(s.dispute.at), "reason": s.dispute.reason, "by": s.dispute.by},
            "resolution": None if s.resolution is None else {
                "at": iso_z(s.resolution.at), "outcome": s.resolution.outcome,
                "note": s.resolution.note, "by": s.resolution.by},
        }


def _fold(ticket_rows: Iterable[TicketEvent], now: datetime) -> list[tuple[TicketEvent,
                                                                          core.HoursState]]:
    rows = list(ticket_rows)
    disputes: dict[int, list[core.Dispute]] = {}
    resolutions: dict[int, list[core.Resolution]] = {}
    for row in rows:
        entry = (row.payload or {}).get("entry")
        if row.type == DISPUTED:
            disputes.setdefault(entry, []).append(
                core.Dispute(row.at, row.body or "", row.actor_name or None))
        elif row.type == RESOLVED:
            resolutions.setdefault(entry, []).append(core.Resolution(
                row.at, row.payload["outcome"], row.body or "", row.actor_name or None))
    # art. 6.6: made known when recorded, the instant the portal shows it (`recorded_at`
    # would differ only for an entry stored late; the event's own instant is the record).
    return [(row, core.hours_state(row.at, disputes.get(row.id, ()),
                                   resolutions.get(row.id, ()), now))
            for row in rows if row.type == ENTRY and row.at <= now]


def entries(*, now: datetime, customer_id: int | None = None, ticket: Ticket | None = None,
            since: datetime | None = None, until: datetime | None = None) -> list[HoursEntry]:
    """Time entries with their art. 6.6 state, newest first; scoped to a customer or ticket."""
    query = (select(TicketEvent, Ticket).join(Ticket, Ticket.id == TicketEvent.ticket_id)
             .where(TicketEvent.type.in_((ENTRY, DISPUTED, RESOLVED)))
             .order_by(TicketEvent.ticket_id, TicketEvent.seq))
    if customer_id is not None:
        query = query.where(Ticket.customer_id == customer_id)
    if ticket is not None:
        query = query.where(Ticket.id == ticket.id)
    by_ticket: dict[int, tuple[Ticket, list[TicketEvent]]] = {}
    for row, owner in db.session.execute(query):
        by_ticket.setdefault(owner.id, (owner, []))[1].append(row)
    found = [HoursEntry(row, owner, state)
             for owner, rows in by_ticket.values() for row, state in _fold(rows, now)]
    if since is not None:
        found = [e for e in found if e.event.at >= since]
    if until is not None:
        found = [e for e in found if e.event.at < until]
    return sorted(found, key=lambda e: (e.event.at, e.event.id), reverse=True)


def entry(entry_id: int, *, now: datetime, customer_id: int | None = None) -> HoursEntry | None:
    """One entry, or None when it does not exist or belongs to another customer."""
    row = db.session.get(TicketEvent, entry_id)
    if row is None or row.type != ENTRY:
        return None
    if customer_id is not None and row.ticket.customer_id != customer_id:
        return None
    return next((e for e in entries(now=now, ticket=row.ticket) if e.event.id == entry_id),
                None)


def dispute(found: HoursEntry, *, by: ContactPerson, reason: str,
            now: datetime) -> TicketEvent:
    """Art. 6.6: the customer disputes the hours in writing, within the window."""
    reason = (reason or "").strip()
    if not reason:
        raise ActionRefused(_("Say why you dispute these hours."))
    if len(reason) > MAX_REASON:
        raise ActionRefused(_("Keep the reason under %(max)d characters.", max=MAX_REASON))
    if by.customer_id != found.ticket.customer_id:
        raise ActionRefused(_("These hours are not your customer's."))
    refusal = core.dispute_refusal(found.status, now)
    if refusal:
        raise ActionRefused(_dispute_refusal_text(found.status, refusal))
    return commands.record(found.ticket, DISPUTED, at=now, actor=Actor.of(by), now=now,
                           payload={"entry": found.event.id}, body=reason)


def _dispute_refusal_text(state: core.HoursState, refusal: str) -> str:
    """The pure core's refusal in the contact's (page's) language; the core stays English."""
    if state.dispute is not None:
        return _("These hours are already disputed.")
    if refusal.startswith("Hours can be disputed only within"):
        return _("Hours can be disputed only within %(days)d days after they were made known "
                 "(art. 6.6): the last day was %(last)s; these hours are accepted.",
                 days=core.DISPUTE_DAYS, last=day(core.last_day(state.made_known_at)))
    return refusal


def resolve(found: HoursEntry, *, by: Staff, outcome: str, note: str,
            now: datetime) -> TicketEvent:
    """Staff review a dispute: the hours are confirmed or withdrawn; the disputer is told."""
    note = (note or "").strip()
    if not note:
        raise ActionRefused("Explain the outcome to the customer.")
    refusal = core.resolve_refusal(found.status, outcome)
    if refusal:
        raise ActionRefused(refusal)
    event = commands.record(found.ticket, RESOLVED, at=now, actor=Actor.of(by), now=now,
                            payload={"entry": found.event.id, "outcome": outcome}, body=note)
    rows = db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == found.ticket.id, TicketEvent.type == DISPUTED,
        TicketEvent.actor_kind == "contact"))
    row = next((r for r in rows if (r.payload or {}).get("entry") == found.event.id), None)
    disputer = db.session.get(ContactPerson, row.actor_id) if row and row.actor_id else None
    if may_notify(disputer):  # R23: confirmed addresses only
        with in_language_of(disputer):
            verdict = (_("We reviewed your dispute and confirm these hours.")
                       if outcome == core.CONFIRMED
                       else _("We reviewed your dispute and withdrew these hours."))
            subject = _("[%(reference)s] Your dispute of hours",
                        reference=found.ticket.reference)
            minutes = _("%(description)s: %(minutes)d min", description=found.description,
                        minutes=found.minutes)
        enqueue(kind="hours_dispute", to_addr=disputer.email,  # type: ignore[union-attr]
                subject=subject, body_text=f"{verdict}\n\n{minutes}\n\n{note}",
                ticket_id=found.ticket.id)
    return event


def totals(found: Iterable[HoursEntry]) -> dict[str, int]:
    """Minutes per art. 6.6 state, every state present."""
    sums = dict.fromkeys(core.STATES, 0)
    for e in found:
        sums[e.status.state] += e.minutes
    return sums
