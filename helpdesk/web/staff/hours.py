"""Hours and their disputes for staff (art. 6.6, R25): every time entry with its state,
disputed ones first to review, and the resolve action. Rules live in helpdesk/billing."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user

from helpdesk.billing import acceptance, hours
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import Customer, Ticket
from helpdesk.tickets.actions import ActionRefused
from helpdesk.web.access import staff_required
from helpdesk.web.hours_labels import hours_state_label
from helpdesk.web.pagination import Page, page_number
from helpdesk.web.staff import bp
from helpdesk.web.staff.hours_forms import ResolveDisputeForm

bp.add_app_template_filter(hours_state_label, "hours_state_label")


@bp.app_template_global()
def hours_states(ticket: Ticket) -> dict[int, acceptance.HoursState]:
    """The ticket page's time entries' art. 6.6 states, by event id (computed once a page)."""
    cache = g.setdefault("_hours_states", {})
    if ticket.id not in cache:
        cache[ticket.id] = {e.event.id: e.status
                            for e in hours.entries(now=utcnow(), ticket=ticket)}
    return cache[ticket.id]  # type: ignore[no-any-return]


def _page(items: list[hours.HoursEntry], size: int) -> Page:
    number = page_number()
    return Page(items[(number - 1) * size:number * size], number, len(items) > number * size)


@bp.get("/hours")
@staff_required
def hours_list():  # type: ignore[no-untyped-def]
    now = utcnow()
    state = request.args.get("state", "")
    customer_id = request.args.get("customer", type=int)
    found = hours.entries(now=now, customer_id=customer_id)
    totals = hours.totals(found)
    if state in acceptance.STATES:
        found = [e for e in found if e.status.state == state]
    # Open disputes first: they wait for someone to review them.
    found.sort(key=lambda e: e.status.state != acceptance.DISPUTED)
    return render_template(
        "staff/hours.html", page=_page(found, 50), totals=totals, state=state,
        states=acceptance.STATES, customer=db.session.get(Customer, customer_id)
        if customer_id else None, form=ResolveDisputeForm(formdata=None), now=now)


@bp.post("/hours/<int:entry_id>/resolve")
@staff_required
def hours_resolve(entry_id: int):  # type: ignore[no-untyped-def]
    now = utcnow()
    found = hours.entry(entry_id, now=now)
    if found is None:
        abort(404)
    form = ResolveDisputeForm()
    if not form.validate_on_submit():
        flash(_("Choose an outcome and explain it to the customer."), "error")
        return redirect(url_for("staff.hours_list", state="disputed"))
    try:
        hours.resolve(found, by=current_user, outcome=form.outcome.data,
                      note=form.note.data, now=now)
    except ActionRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return redirect(url_for("staff.hours_list", state="disputed")), 303
    db.session.commit()
    flash(_("The dispute of %(ref)s is resolved.", ref=found.ticket.reference), "success")
    return redirect(url_for("staff.hours_list", state="disputed"))
