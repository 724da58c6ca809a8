"""The customer's contract page in the portal: the SLA in force and its history (art. 38.1),
the customer's complaints (art. 16.1) and conflict notices (art. 39.4.2), and the forms to
submit them. Every query is scoped to current_user.customer_id (another's → 404); readers
look but do not act (seed 000 roles)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from helpdesk.clock import utcnow
from helpdesk.credits import Month
from helpdesk.duties import register as duties
from helpdesk.duties.assign import history
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import ContractDuty, Customer
from helpdesk.reports import statement_for
from helpdesk.timefmt import local
from helpdesk.web.access import contact_required, submitter_required
from helpdesk.web.duty_forms import NO_INVOICE, ConflictForm, PortalComplaintForm
from helpdesk.web.portal import bp


def _customer() -> Customer:
    return db.session.get(Customer, current_user.customer_id)  # type: ignore[return-value]


@bp.get("/contract")
@contact_required
def contract():  # type: ignore[no-untyped-def]
    customer = _customer()
    now = utcnow()
    in_force = customer.contract_on(local(now).date())  # type: ignore[union-attr]
    rows = [duties.status(d, now) for d in duties.duties_of(customer.id)]
    # R20 / seed 001: the credits of last month and this month, as a balance only
    this_month = Month.of(now)
    statements = [statement_for(customer.id, m, now)
                  for m in (this_month.previous(), this_month)]
    return render_template("portal/contract.html", contract=in_force,
                           sla_history=[c for k in customer.contracts for c in history(k)],
                           rows=rows, statements=statements)


def _complaint_form() -> PortalComplaintForm:
    form = PortalComplaintForm()
    form.invoice_id.choices = [(NO_INVOICE, _("— choose the invoice —"))] + [
        (i.id, f"{i.number} ({i.invoiced_on}, EUR {i.amount_cents / 100:.2f})")
        for i in duties.customer_invoices(_customer())]
    return form


def _registered(register: Callable[[], ContractDuty], form: Any, template: str,
                done: str) -> Any:
    """Register a complaint or notice the form describes: the refusal of a rule (a late
    window, say) shown on the form with 422 and nothing kept; else saved and shown."""
    try:
        duty = register()
    except duties.DutyRefused as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        return render_template(template, form=form), 422
    db.session.commit()
    flash(done, "success")
    return redirect(url_for("portal.duty", duty_id=duty.id))


@bp.route("/complaints/new", methods=["GET", "POST"])
@submitter_required
def complaint_new():  # type: ignore[no-untyped-def]
    form = _complaint_form()
    if form.validate_on_submit():
        customer = _customer()
        invoice = next((i for i in duties.customer_invoices(customer)
                        if i.id == form.invoice_id.data), None)
        now = utcnow()
        return _registered(lambda: duties.register_complaint(
            customer, subject=form.subject.data, invoice=invoice, title=form.title.data,
            text=form.text.data, noticed_on=form.noticed_on.data, received_at=now,
            channel="portal", now=now, contact=current_user),
            form, "portal/complaint_form.html", _("Your complaint is registered."))
    return render_template("portal/complaint_form.html", form=form), \
        400 if form.is_submitted() else 200


@bp.route("/conflicts/new", methods=["GET", "POST"])
@submitter_required
def conflict_new():  # type: ignore[no-untyped-def]
    form = ConflictForm()
    if form.validate_on_submit():
        now = utcnow()
        return _registered(lambda: duties.register_conflict(
            _customer(), title=form.title.data, text=form.text.data, received_at=now,
            channel="portal", now=now, contact=current_user),
            form, "portal/conflict_form.html", _("Your conflict notice is registered."))
    return render_template("portal/conflict_form.html", form=form), \
        400 if form.is_submitted() else 200


@bp.get("/duties/<int:duty_id>")
@contact_required
def duty(duty_id: int):  # type: ignore[no-untyped-def]
    found: Any = db.session.get(ContractDuty, duty_id)
    if found is None or found.customer_id != current_user.customer_id:
        abort(404)
    return render_template("portal/duty.html", s=duties.status(found, utcnow()))
