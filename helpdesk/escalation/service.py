"""The escalation shell: record what the plan says is due, notify people, set the wake.

Runs in the scheduler for tickets whose wake instant has come, and right after a web
action that may escalate (a rejected fix). Every record carries the plan's key as its
dedup key: when two scheduler processes race, the database keeps exactly one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpdesk.escalation.plan import Due
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.locales import in_language_of
from helpdesk.logs import event
from helpdesk.models import Staff, StaffRole, Ticket, TicketEvent
from helpdesk.outbox import enqueue
from helpdesk.sla import TicketClocks
from helpdesk.tickets import links, log, notices, projection, reopening
from helpdesk.tickets.actors import Actor
from helpdesk.tickets.reasons import clock_label
from helpdesk.timefmt import brussels, duration

logger = logging.getLogger(__name__)

EVENT_TYPES = {"breach": "breach_recorded", "escalation": "escalated",
               "warning": "warning_sent", "reminder": "reminder_sent"}
SCHEDULER = Actor.system("scheduler")
_OWN_FIELDS = {"ticket", "key", "at", "late_seconds", "level"}


def settle(ticket: Ticket, now: datetime) -> int:
    """Record everything due on one ticket; returns how many records were made.

    The caller commits. A concurrent process that recorded the same key first wins: this
    one rolls back to its savepoint and leaves that item alone.
    """
    rows = log.events_of(ticket)
    clocks = projection.refresh(ticket, rows, now)
    made = 0
    for item in projection.plan_for(ticket, rows, clocks, now).due:
        try:
            with db.session.begin_nested():
                _record(ticket, item, clocks, rows)
            made += 1
            # Logged once recorded; the caller's commit follows (a failed one is logged there).
            event(logger, f"ticket.{item.kind}", ticket=ticket.reference, key=item.key,
                  at=item.at, late_seconds=round((now - item.at).total_seconds()),
                  **{k: v for k, v in item.payload.items()
                     if isinstance(v, str | int) and k not in _OWN_FIELDS})
        except IntegrityError:
            logger.info("%s on %s was recorded by another process", item.key, ticket.reference)
    if made:
        projection.refresh(ticket, log.events_of(ticket), now)
    return made


def _record(ticket: Ticket, item: Due, clocks: TicketClocks, rows: Sequence[TicketEvent]) -> None:
    log.append(ticket, EVENT_TYPES[item.kind], at=item.at, actor=SCHEDULER,
               payload=item.payload, dedup_key=item.key)
    if item.kind == "escalation":
        _notify_tier(ticket, item, clocks, rows)
    elif item.kind in ("warning", "reminder"):
        _notify_handlers(ticket, item)


def tier_people(ticket: Ticket, tier: int) -> list[Staff]:
    """Art. 39.4.1: the contract's escalation contacts for the tier, else the staff whose
    role the tier names (escalation managers for tier 2, senior managers for tier 3)."""
    return ticket.contract.escalation_staff(tier) or _staff_with_role(
        StaffRole.ESCALATION_MANAGER if tier == 2 else StaffRole.SENIOR_MANAGER)


def _notify_tier(ticket: Ticket, item: Due, clocks: TicketClocks,
                 rows: Sequence[TicketEvent]) -> None:
    """Art. 39.4.1: the tier's named people hear of it by mail, with the clock's working."""
    tier = item.payload["tier"]
    rejection = reopening.open_rejection(rows)
    for person in tier_people(ticket, tier):
        with in_language_of(person):  # issue #17: each in their own language
            enqueue(kind="escalation", to_addr=person.email, ticket_id=ticket.id,
                    automatic=True,
                    subject=f"[{ticket.reference}] " + _(
                        "Escalated to tier %(tier)s: %(title)s", tier=tier, title=ticket.title),
                    body_text=_escalation_text(ticket, item, clocks, rejection))


def _escalation_text(ticket: Ticket, item: Due, clocks: TicketClocks,
                     rejection: TicketEvent | None) -> str:
    tier = item.payload["tier"]
    lines = [_("%(reference)s (%(customer)s, %(sla)s) is escalated to tier %(tier)s: "
               "%(cause)s at %(when)s.", reference=ticket.reference,
               customer=ticket.customer.name, sla=ticket.contract.sla_label, tier=tier,
               cause=item.payload["cause"], when=brussels(item.at)),
             _("Title: %(title)s", title=ticket.title),
             _("Priority: %(priority)s", priority=clocks.priority or "-"), ""]
    if rejection is not None:  # the customer's words say more than "rejected the fix"
        lines += [_("The customer rejected the fix at %(when)s:", when=brussels(rejection.at)),
                  (rejection.body or (rejection.payload or {}).get("reason") or "").strip(),
                  ""]
    for clock in clocks.clocks.values():
        if clock.breached_at is not None:
            lines += [_("%(clock)s: deadline %(deadline)s, overdue %(overdue)s",
                        clock=clock_label(clock.label), deadline=brussels(clock.deadline),
                        overdue=duration(clock.overdue_seconds)),
                      clock.explanation().format_table(), ""]
    lines.append(_("Open the ticket: %(url)s", url=links.staff_ticket_url(ticket.reference)))
    return "\n".join(lines)


def _notify_handlers(ticket: Ticket, item: Due) -> None:
    people = [ticket.assignee] if ticket.assignee else _staff_with_role(StaffRole.AGENT)
    for person in people:
        if person is not None and person.active:
            with in_language_of(person):
                subject, text = _handler_notice(ticket, item)
                enqueue(kind=item.kind, to_addr=person.email, ticket_id=ticket.id,
                        automatic=True, subject=subject, body_text=text)


def _handler_notice(ticket: Ticket, item: Due) -> tuple[str, str]:
    if item.kind == "warning":
        clock = clock_label(item.payload["clock"])
        subject = f"[{ticket.reference}] " + _(
            "%(percent)s %% of the %(clock)s time used", percent=item.payload["percent"],
            clock=clock)
        text = (_("%(reference)s (%(customer)s): %(percent)s %% of the %(clock)s target is "
                  "used; the deadline is %(deadline)s (UTC).", reference=ticket.reference,
                  customer=ticket.customer.name, percent=item.payload["percent"],
                  clock=clock, deadline=item.payload["deadline"])
                + "\n" + _("Title: %(title)s", title=ticket.title))
    else:
        subject = f"[{ticket.reference}] " + _("Reminder: %(reason)s",
                                               reason=item.payload["reason"])
        text = f"{ticket.reference} ({ticket.customer.name}): {item.payload['reason']}."
    text += "\n" + _("Open the ticket: %(url)s", url=links.staff_ticket_url(ticket.reference))
    return subject, text


def notify_fix_rejected(ticket: Ticket, rejection: TicketEvent, *, escalated: bool) -> None:
    """Art. 39.4.1: a rejected fix is news for the assignee and the tier's people.

    When the rejection itself raised the tier, the tier's people have just had the
    escalation mail, which carries the customer's words and the link; they get no second
    one. Each address hears of it once, in their own language.
    """
    people: list[Staff | None] = [ticket.assignee]
    if not escalated:
        people += tier_people(ticket, ticket.tier)
    sent: set[str] = set()
    for person in people:
        if person is None or not person.active or person.email.lower() in sent:
            continue
        sent.add(person.email.lower())
        with in_language_of(person):
            notice = notices.rejection_notice(
                reference=ticket.reference, title=ticket.title, customer=ticket.customer.name,
                contact=rejection.actor_name, at=rejection.at,
                reason=rejection.body or (rejection.payload or {}).get("reason") or "",
                tier=ticket.tier, priority=ticket.priority,
                assignee=ticket.assignee.name if ticket.assignee else None,
                staff_url=links.staff_ticket_url(ticket.reference))
            enqueue(kind="fix_rejected", to_addr=person.email, ticket_id=ticket.id,
                    automatic=True, subject=notice.subject, body_text=notice.text)


def _staff_with_role(role: str) -> list[Staff]:
    return list(db.session.scalars(
        select(Staff).where(Staff.role == role, Staff.active.is_(True))))
