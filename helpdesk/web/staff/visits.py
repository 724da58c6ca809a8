"""Preventive site visits for staff (art. 27.2.2/27.2.3, R25): every planned visit with its
state, overdue reports first; planning (announced by mail at once), the report after the
visit, cancelling. Rules live in helpdesk/duties/visit_rules.py."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.duties import visits
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.maintenance.schedule import MaintenanceRefused, brussels_instant
from helpdesk.models import Customer
from helpdesk.web.access import staff_required
from helpdesk.web.staff import bp
from helpdesk.web.staff.visit_forms import CancelVisitForm, PlanVisitForm, VisitReportForm
from helpdesk.web.visit_labels import visit_state_label

bp.add_app_template_filter(visit_state_label, "visit_state_label")


def _plan_form(**kwargs: Any) -> PlanVisitForm:
    form = PlanVisitForm(**kwargs)
    form.customer.choices = [(c.id, c.name) for c in db.session.scalars(
        select(Customer).order_by(Customer.name))]
    return form


def _render(status: int = 200, plan_form: PlanVisitForm | None = None,
            report_form: VisitReportForm | None = None, failed: int | None = None):  # type: ignore[no-untyped-def]
    now = utcnow()
    customer_id = request.args.get("customer", type=int)
    found = visits.listing(now=now, customer_id=customer_id)
    if plan_form is None:
        plan_form = _plan_form(formdata=None)
        if customer_id:
            plan_form.customer.data = customer_id
    return render_template(
        "staff/visits.html", visits=found, plan_form=plan_form,
        report_form=report_form or VisitReportForm(formdata=None),
        cancel_form=CancelVisitForm(formdata=None), failed=failed, now=now,
        overdue=sum(1 for v in found if v.status.report_overdue)), status


@bp.get("/site-visits")
@staff_required
def visits_list():  # type: ignore[no-untyped-def]
    return _render()


@bp.post("/site-visits")
@staff_required
def visit_plan():  # type: ignore[no-untyped-def]
    form = _plan_form()
    if not form.validate_on_submit():
        return _render(400, form)
    customer = db.session.get(Customer, form.customer.data)
    if customer is None:
        abort(404)
    try:
        visits.plan(customer, by=current_user, starts_at=brussels_instant(form.start.data),
                    ends_at=brussels_instant(form.end.data), title=form.title.data,
                    description=form.description.data or "",
                    agreement=form.agreement.data or "", now=utcnow())
    except (visits.VisitRefused, MaintenanceRefused) as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        return _render(409, form)
    db.session.commit()
    flash(_("The visit is planned and announced to %(name)s.", name=customer.name), "success")
    return redirect(url_for("staff.visits_list"))


def _visit_or_404(visit_id: int) -> Any:
    visit = visits.find(visit_id)
    if visit is None:
        abort(404)
    return visit


@bp.post("/site-visits/<int:visit_id>/report")
@staff_required
def visit_report(visit_id: int):  # type: ignore[no-untyped-def]
    visit = _visit_or_404(visit_id)
    form = VisitReportForm()
    if not form.validate_on_submit():
        return _render(400, report_form=form, failed=visit_id)
    try:
        visits.report(visit, by=current_user, defects=form.defects.data,
                      open_points=form.open_points.data, follow_up=form.follow_up.data,
                      now=utcnow())
    except visits.VisitRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _render(409, report_form=form, failed=visit_id)
    db.session.commit()
    flash(_("The report is sent to %(name)s.", name=visit.customer.name), "success")
    return redirect(url_for("staff.visits_list"))


@bp.post("/site-visits/<int:visit_id>/cancel")
@staff_required
def visit_cancel(visit_id: int):  # type: ignore[no-untyped-def]
    visit = _visit_or_404(visit_id)
    form = CancelVisitForm()
    if not form.validate_on_submit():
        flash(_("Say why the visit is cancelled."), "error")
        return _render(400)
    try:
        visits.cancel(visit, by=current_user, reason=form.reason.data, now=utcnow())
    except visits.VisitRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _render(409)
    db.session.commit()
    flash(_("The visit is cancelled; the customer is told."), "success")
    return redirect(url_for("staff.visits_list"))
