"""Suspensions of interventions for non-payment (art. 6.9; seed 004 art. 14.6; R25): every
customer's running and past suspensions with the tickets they hold; managers start and lift
them. Rules live in helpdesk/duties/nonpayment.py."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.duties import nonpayment
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import Customer, PaymentSuspension, Ticket, TicketEvent
from helpdesk.web.access import is_manager, staff_required
from helpdesk.web.staff import bp
from helpdesk.web.staff.nonpayment_forms import StartSuspensionForm, StopSuspensionForm


@bp.app_template_global()
def payment_hold(ticket: Ticket, events: Sequence[TicketEvent]) -> dict[str, Any] | None:
    """For a staff ticket page (the ticket and its events): the suspension holding this
    ticket's clocks, or the one running for its customer (a ticket opened before it keeps
    running)."""
    held = nonpayment.holding(events)
    if held is not None:
        return {"suspension": held, "holds_ticket": True}
    running = nonpayment.current(ticket.customer_id)
    return None if running is None else {"suspension": running, "holds_ticket": False}


@bp.app_template_global()
def customer_suspended(customer_id: int) -> PaymentSuspension | None:
    """The suspension for non-payment running now for the customer (staff customer lists)."""
    return nonpayment.current(customer_id)


def _start_form(**kwargs: Any) -> StartSuspensionForm:
    form = StartSuspensionForm(**kwargs)
    form.customer.choices = [(c.id, c.name) for c in db.session.scalars(
        select(Customer).order_by(Customer.name))]
    return form


def _render(status: int = 200, start_form: StartSuspensionForm | None = None):  # type: ignore[no-untyped-def]
    customer_id = request.args.get("customer", type=int)
    suspensions = nonpayment.history(customer_id)
    if start_form is None:
        start_form = _start_form(formdata=None)
        if customer_id:
            start_form.customer.data = customer_id
    return render_template(
        "staff/nonpayment.html", suspensions=suspensions,
        affected={s.id: nonpayment.affected_tickets(s) for s in suspensions},
        start_form=start_form, stop_form=StopSuspensionForm(formdata=None),
        manager=is_manager(current_user), now=utcnow()), status


@bp.get("/non-payment")
@staff_required
def nonpayment_list():  # type: ignore[no-untyped-def]
    return _render()


@bp.post("/non-payment/start")
@staff_required
def nonpayment_start():  # type: ignore[no-untyped-def]
    if not is_manager(current_user):
        abort(403)
    form = _start_form()
    if not form.validate_on_submit():
        return _render(400, form)
    customer = db.session.get(Customer, form.customer.data)
    if customer is None:
        abort(404)
    try:
        nonpayment.start(customer, by=current_user, reason=form.reason.data, now=utcnow())
    except nonpayment.SuspensionRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _render(409, form)
    db.session.commit()
    flash(_("Interventions for %(name)s are suspended for non-payment; the customer is told.",
            name=customer.name), "success")
    return redirect(url_for("staff.nonpayment_list"))


@bp.post("/non-payment/<int:suspension_id>/stop")
@staff_required
def nonpayment_stop(suspension_id: int):  # type: ignore[no-untyped-def]
    if not is_manager(current_user):
        abort(403)
    suspension = db.session.get(PaymentSuspension, suspension_id)
    if suspension is None:
        abort(404)
    form = StopSuspensionForm()
    if not form.validate_on_submit():
        flash(_("Say why the suspension is lifted."), "error")
        return _render(400)
    try:
        tickets = nonpayment.stop(suspension, by=current_user, reason=form.reason.data,
                                  now=utcnow())
    except nonpayment.SuspensionRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _render(409)
    db.session.commit()
    flash(_("The suspension is lifted; the clocks of %(n)s ticket(s) count again.",
            n=len(tickets)), "success")
    return redirect(url_for("staff.nonpayment_list"))
