"""Suspension of interventions for non-payment (seed 002 art. 6.9; seed 004 art. 14.6; R25).

Art. 6.9: "worden de interventies opgeschort indien geen betaling ... wordt ontvangen binnen
de vijftien (15) dagen na vergeefse aangetekende ingebrekestelling"; seed 004 art. 14.6 lets
the provider suspend its obligations "tot ontvangst van de volledige betaling". Whether the
conditions are met (the registered notice, the 15 days) is a manager's decision outside the
helpdesk: a manager starts the suspension with the reason and stops it when paid.

The clocks of tickets OPENED while it runs hold from their opening until it stops: each such
ticket gets a `payment_suspended` event at its opening and a `payment_resumed` event at the
stop, so its clocks stay a fold of its own log (and `helpdesk rebuild` recomputes them).
Tickets opened before the suspension keep running. The customer is told by mail at the
start and the stop (R23 confirmed addresses, through the outbox); both are audited.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from flask_babel import ngettext
from sqlalchemy import or_, select

from helpdesk.duties.mailing import mail_customer
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import MANAGER_ROLES, Customer, PaymentSuspension, Staff, Ticket, TicketEvent
from helpdesk.privacy import audit
from helpdesk.tickets import commands, log
from helpdesk.tickets.actors import Actor
from helpdesk.timefmt import brussels_short

SUSPENDED, RESUMED = "payment_suspended", "payment_resumed"
ACTOR = Actor.system("non-payment suspension")
MAX_REASON = 2000


class SuspensionRefused(ValueError):
    pass


def current(customer_id: int) -> PaymentSuspension | None:
    """The suspension running now (not stopped), if any."""
    return db.session.scalar(select(PaymentSuspension).where(
        PaymentSuspension.customer_id == customer_id, PaymentSuspension.stopped_at.is_(None)))


def running_at(customer_ids: Iterable[int], at: datetime) -> dict[int, PaymentSuspension]:
    """Per customer, the suspension running at `at` (started by then, not stopped by then)."""
    ids = set(customer_ids)
    if not ids:
        return {}
    found = db.session.scalars(select(PaymentSuspension).where(
        PaymentSuspension.customer_id.in_(ids), PaymentSuspension.started_at <= at,
        or_(PaymentSuspension.stopped_at.is_(None), PaymentSuspension.stopped_at > at)))
    return {s.customer_id: s for s in found}


def history(customer_id: int | None = None) -> list[PaymentSuspension]:
    query = select(PaymentSuspension).order_by(PaymentSuspension.started_at.desc())
    if customer_id is not None:
        query = query.where(PaymentSuspension.customer_id == customer_id)
    return list(db.session.scalars(query))


def overlapping(customer_id: int, start: datetime, end: datetime) -> list[PaymentSuspension]:
    """Suspensions of the customer that ran at some moment of [start, end)."""
    return list(db.session.scalars(select(PaymentSuspension).where(
        PaymentSuspension.customer_id == customer_id, PaymentSuspension.started_at < end,
        or_(PaymentSuspension.stopped_at.is_(None), PaymentSuspension.stopped_at > start))
        .order_by(PaymentSuspension.started_at)))


def affected_tickets(suspension: PaymentSuspension) -> list[Ticket]:
    """The tickets whose clocks the suspension holds (or held): those opened while it ran."""
    rows = db.session.scalars(select(TicketEvent).where(TicketEvent.type == SUSPENDED)
                              .join(Ticket, Ticket.id == TicketEvent.ticket_id)
                              .where(Ticket.customer_id == suspension.customer_id))
    ids = [r.ticket_id for r in rows if (r.payload or {}).get("suspension") == suspension.id]
    if not ids:
        return []
    return list(db.session.scalars(select(Ticket).where(Ticket.id.in_(ids))
                                   .order_by(Ticket.id)))


def holding(rows: Sequence[TicketEvent]) -> PaymentSuspension | None:
    """The suspension whose events the ticket carries (`rows`: its events), if any."""
    row = next((row for row in rows if row.type == SUSPENDED), None)
    if row is None:
        return None
    return db.session.get(PaymentSuspension, (row.payload or {}).get("suspension"))


def _hold(ticket: Ticket, suspension: PaymentSuspension, at: datetime) -> None:
    log.append(ticket, SUSPENDED, at=at, actor=ACTOR,
               payload={"suspension": suspension.id, "reason": suspension.reason})
    if suspension.stopped_at is not None:  # opened during it, but recorded after the stop
        log.append(ticket, RESUMED, at=suspension.stopped_at, actor=ACTOR,
                   payload={"suspension": suspension.id})


def hold_if_suspended(ticket: Ticket, at: datetime) -> bool:
    """A ticket opened at `at`: hold its clocks when the customer's interventions are
    suspended then (the caller refreshes the derived columns)."""
    suspension = running_at([ticket.customer_id], at).get(ticket.customer_id)
    if suspension is None:
        return False
    _hold(ticket, suspension, at)
    return True


def hold_opened(opened: Iterable[tuple[int, int, datetime]], now: datetime) -> None:
    """Tickets written in bulk (mail intake): (ticket id, customer id, opened at)."""
    opened = list(opened)
    for ticket_id, customer_id, at in opened:
        suspension = running_at([customer_id], at).get(customer_id)
        if suspension is not None:
            ticket = db.session.get(Ticket, ticket_id)
            _hold(ticket, suspension, at)  # type: ignore[arg-type]
            commands.refresh(ticket, now)  # type: ignore[arg-type]


def _mail(customer: Customer, write: Callable[[], tuple[str, list[str]]]) -> list[str]:
    return mail_customer(customer, "payment_suspension", write)


def start(customer: Customer, *, by: Staff, reason: str, now: datetime) -> PaymentSuspension:
    """A manager suspends the customer's interventions for non-payment; the caller commits."""
    reason = (reason or "").strip()
    if by.role not in MANAGER_ROLES:
        raise SuspensionRefused("Only managers suspend interventions for non-payment.")
    if not reason:
        raise SuspensionRefused("Give the reason (the unpaid invoices and the notice).")
    if len(reason) > MAX_REASON:
        raise SuspensionRefused(f"Keep the reason under {MAX_REASON} characters.")
    if current(customer.id) is not None:
        raise SuspensionRefused("Interventions for this customer are already suspended.")
    suspension = PaymentSuspension(customer_id=customer.id, started_at=now, started_by_id=by.id,
                                   started_by_name=by.name, reason=reason, stopped_by_name="",
                                   stop_reason="")
    db.session.add(suspension)
    db.session.flush()
    told = _mail(customer, lambda: (_("Interventions suspended for non-payment"), [
        _("As of %(when)s (Brussels time) our interventions are suspended for non-payment "
          "(art. 6.9 of the general terms).", when=brussels_short(now)),
        _("Reason: %(reason)s", reason=reason),
        "",
        _("You can still report incidents; the reaction and resolution times of incidents "
          "reported while the suspension lasts start counting only once it is lifted. Tickets "
          "reported before keep their deadlines. We will tell you as soon as the suspension "
          "is lifted after payment."),
    ]))
    audit.record("payment_suspension_started", "customer", customer.id, actor=by,
                 detail=f"{reason} (mailed: {', '.join(told) or 'nobody: no confirmed address'})")
    return suspension


def stop(suspension: PaymentSuspension, *, by: Staff, reason: str,
         now: datetime) -> list[Ticket]:
    """A manager lifts the suspension; the held tickets count again from now."""
    reason = (reason or "").strip()
    if by.role not in MANAGER_ROLES:
        raise SuspensionRefused("Only managers lift a suspension for non-payment.")
    if suspension.stopped_at is not None:
        raise SuspensionRefused("This suspension was already lifted.")
    if not reason:
        raise SuspensionRefused("Say why the suspension is lifted (e.g. the payment received).")
    if len(reason) > MAX_REASON:
        raise SuspensionRefused(f"Keep the reason under {MAX_REASON} characters.")
    suspension.stopped_at, suspension.stopped_by_id = now, by.id
    suspension.stopped_by_name, suspension.stop_reason = by.name, reason
    tickets = affected_tickets(suspension)
    for ticket in tickets:
        commands.record(ticket, RESUMED, at=now, actor=Actor.of(by), now=now,
                        payload={"suspension": suspension.id})
    customer = suspension.customer
    told = _mail(customer, lambda: (_("Interventions resumed"), [
        _("As of %(when)s (Brussels time) the suspension of our interventions for "
          "non-payment is lifted.", when=brussels_short(now)),
        _("Reason: %(reason)s", reason=reason),
        "",
        ngettext("The clock of the %(num)d incident reported during the suspension counts "
                 "from now.",
                 "The clocks of the %(num)d incidents reported during the suspension count "
                 "from now.", len(tickets)),
    ]))
    audit.record("payment_suspension_stopped", "customer", customer.id, actor=by,
                 detail=f"{reason} ({len(tickets)} ticket(s) resumed; mailed: "
                        f"{', '.join(told) or 'nobody: no confirmed address'})")
    return tickets
