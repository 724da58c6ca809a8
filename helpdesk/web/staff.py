"""Staff dashboard: the ticket queue sorted by next deadline, and each ticket's history."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Ticket
from helpdesk.tickets import log, projection
from helpdesk.web.access import staff_required

bp = Blueprint("staff", __name__)

PAGE_SIZE = 100


@bp.get("/")
@staff_required
def queue():  # type: ignore[no-untyped-def]
    show = request.args.get("show", "open")
    query = select(Ticket).options(joinedload(Ticket.customer), joinedload(Ticket.assignee))
    if show == "open":
        query = query.where(Ticket.status.not_in(("resolved", "not_an_incident")))
    # Tickets with a running deadline first, soonest first; the rest by recency.
    query = query.order_by(
        Ticket.next_deadline.is_(None), Ticket.next_deadline, Ticket.submitted_at.desc()
    ).limit(PAGE_SIZE)
    tickets = db.session.scalars(query).all()
    return render_template("staff/queue.html", tickets=tickets, show=show, now=utcnow())


@bp.get("/tickets/<reference>")
@staff_required
def ticket(reference: str):  # type: ignore[no-untyped-def]
    found = db.session.scalar(select(Ticket).where(Ticket.reference == reference))
    if found is None:
        abort(404)
    rows = log.events_of(found)
    now = utcnow()
    clocks = projection.fold_ticket(found, rows, now)
    return render_template("staff/ticket.html", ticket=found, events=rows, clocks=clocks, now=now)
