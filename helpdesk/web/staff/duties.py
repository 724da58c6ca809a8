"""Complaints (art. 16.1) and conflict notices (art. 39.4.2) for staff: the list of every
customer's with their verdicts, registering one, its page and the answer. Routes parse
input, call helpdesk/duties, render."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.duties import register as duties
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import Contract, ContractDuty, Customer, Invoice
from helpdesk.timefmt import local
from helpdesk.web.access import staff_required
from helpdesk.web.duty_forms import AnswerForm, StaffComplaintForm, StaffConflictForm
from helpdesk.web.staff import bp
from helpdesk.web.staff.actions import local_instant


def _customers() -> list[tuple[int, str]]:
    return [(c.id, c.name) for c in db.session.scalars(select(Customer).order_by(Customer.name))]


@bp.get("/duties")
@staff_required
def duties_list():  # type: ignore[no-untyped-def]
    kind = request.args.get("kind") or None
    if kind not in (None, "complaint", "conflict"):
        abort(404)
    now = utcnow()
    rows = [duties.status(d, now) for d in duties.duties_of(None, kind)]
    return render_template("staff/duties.html", rows=rows, kind=kind)


def _new_form(kind: str) -> Any:
    form = StaffComplaintForm() if kind == "complaint" else StaffConflictForm()
    form.customer_id.choices = _customers()
    if not form.is_submitted():
        form.received_at.data = local(utcnow()).replace(  # type: ignore[union-attr]
            tzinfo=None, second=0, microsecond=0)
    return form


def _invoice(customer: Customer, number: str) -> Invoice | None:
    return db.session.scalar(select(Invoice).join(Contract).where(
        Contract.customer_id == customer.id, Invoice.number == number.strip()))


@bp.route("/duties/new/<kind>", methods=["GET", "POST"])
@staff_required
def duty_new(kind: str):  # type: ignore[no-untyped-def]
    if kind not in ("complaint", "conflict"):
        abort(404)
    form = _new_form(kind)
    if form.validate_on_submit():
        customer = db.session.get(Customer, form.customer_id.data)
        now = utcnow()
        try:
            if customer is None:
                raise duties.DutyRefused("Choose the customer.")
            if kind == "complaint":
                invoice = (_invoice(customer, form.invoice_number.data)
                           if form.subject.data == "invoice" and form.invoice_number.data
                           else None)
                duty = duties.register_complaint(
                    customer, subject=form.subject.data, invoice=invoice,
                    title=form.title.data, text=form.text.data,
                    noticed_on=form.noticed_on.data,
                    received_at=local_instant(form.received_at.data),
                    channel=form.channel.data, now=now, by=current_user)
            else:
                duty = duties.register_conflict(
                    customer, title=form.title.data, text=form.text.data,
                    received_at=local_instant(form.received_at.data),
                    channel=form.channel.data, now=now, by=current_user)
        except duties.DutyRefused as refusal:
            db.session.rollback()
            form.form_errors.append(str(refusal))
            return render_template("staff/duty_form.html", form=form, kind=kind), 422
        db.session.commit()
        flash(_("Registered."), "success")
        return redirect(url_for("staff.duty", duty_id=duty.id))
    return render_template("staff/duty_form.html", form=form, kind=kind), \
        400 if form.is_submitted() else 200


def _duty_or_404(duty_id: int) -> ContractDuty:
    duty = db.session.get(ContractDuty, duty_id)
    if duty is None:
        abort(404)
    return duty


@bp.get("/duties/<int:duty_id>")
@staff_required
def duty(duty_id: int):  # type: ignore[no-untyped-def]
    found = duties.status(_duty_or_404(duty_id), utcnow())
    return render_template("staff/duty.html", s=found, form=AnswerForm())


@bp.post("/duties/<int:duty_id>/answer")
@staff_required
def duty_answer(duty_id: int):  # type: ignore[no-untyped-def]
    found = _duty_or_404(duty_id)
    form = AnswerForm()
    now = utcnow()
    if form.validate_on_submit():
        try:
            duties.answer(found, text=form.text.data, by=current_user, now=now,
                          at=local_instant(form.held_at.data) if form.held_at.data else None)
        except duties.DutyRefused as refusal:
            db.session.rollback()
            flash(str(refusal), "error")  # shown whether or not the form still is
        else:
            db.session.commit()
            flash(_("Answer recorded."), "success")
            return redirect(url_for("staff.duty", duty_id=found.id))
    return render_template("staff/duty.html", s=duties.status(found, now), form=form), 422
