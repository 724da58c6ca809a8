"""Customer portal: a contact person sees only their own customer's tickets."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Ticket
from helpdesk.tickets import log, projection
from helpdesk.web.access import contact_required

bp = Blueprint("portal", __name__)

# Events a customer sees; internal notes and staff bookkeeping stay inside.
PUBLIC_EVENTS = {
    "submitted", "acknowledged", "priority_changed", "supplier_suspended",
    "supplier_delivered", "onsite_agreed", "workaround_applied", "resolved", "fix_rejected",
    "not_an_incident", "customer_message", "staff_reply", "written_confirmation",
}


def customer_ticket(reference: str) -> Ticket:
    """The ticket if it belongs to the current contact's customer, else 404 (never 403)."""
    found = db.session.scalar(
        select(Ticket).where(
            Ticket.reference == reference, Ticket.customer_id == current_user.customer_id
        )
    )
    if found is None:
        abort(404)
    return found


@bp.get("/")
@contact_required
def tickets():  # type: ignore[no-untyped-def]
    rows = db.session.scalars(
        select(Ticket)
        .where(Ticket.customer_id == current_user.customer_id)
        .order_by(Ticket.submitted_at.desc())
        .limit(200)
    ).all()
    return render_template("portal/tickets.html", tickets=rows)


@bp.get("/tickets/<reference>")
@contact_required
def ticket(reference: str):  # type: ignore[no-untyped-def]
    found = customer_ticket(reference)
    rows = log.events_of(found)
    now = utcnow()
    clocks = projection.fold_ticket(found, rows, now)
    visible = [r for r in rows if r.type in PUBLIC_EVENTS]
    return render_template(
        "portal/ticket.html", ticket=found, events=visible, clocks=clocks, now=now
    )
