"""Forms that record what credits depend on: claims (with the scanned letter), services and
outages, and attribution marks. Each parses its form, calls helpdesk/reports/records.py,
commits and redirects; bad input re-renders the form with the reason."""

from __future__ import annotations

from datetime import datetime

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpdesk.clock import utcnow
from helpdesk.credits import Month
from helpdesk.credits.instants import BRUSSELS, brussels_date
from helpdesk.extensions import db
from helpdesk.models import CustomerService, ServiceFee, Ticket
from helpdesk.reports import records
from helpdesk.reports.ledger import load
from helpdesk.reports.statements import customer_statement
from helpdesk.web.access import staff_required
from helpdesk.web.reports import bp
from helpdesk.web.reports.forms import (
    AttributionForm,
    ClaimForm,
    OutageForm,
    ServiceFeeForm,
    ServiceForm,
)
from helpdesk.web.reports.views import customer_or_404, report_url


def _services(customer_id: int) -> list[CustomerService]:
    return list(db.session.scalars(select(CustomerService).where(
        CustomerService.customer_id == customer_id).order_by(CustomerService.name)))


def _recent_breaches(customer_id: int) -> list[tuple[str, str]]:
    """Breaches of this month and the last: the claims a letter usually covers."""
    now = utcnow()
    month = Month.of(now)
    ledger = load(since=Month(month.previous().year, 1).start, until=month.end, now=now,
                  customer_ids=[customer_id])
    customer = ledger.customers[customer_id]
    choices = []
    for m in (month.previous(), month):
        for line in customer_statement(customer, m, now).lines:
            b = line.breach
            choices.append((f"{b.reference} {b.clock}",
                            f"{b.reference} {b.clock}: deadline "
                            f"{b.deadline.astimezone(BRUSSELS):%Y-%m-%d %H:%M}, "
                            f"{line.claim.status}, claim by {line.claim.window.last_day}"))
    return choices


def _covers(form: ClaimForm) -> list[records.Covered]:
    if form.kind.data == "availability":
        if not form.service_id.data or not form.month.data:
            return []
        return [records.Covered(service_id=form.service_id.data,
                                month=Month.parse(form.month.data))]
    lines = list(form.breaches.data or []) + (form.references.data or "").splitlines()
    covered = []
    for line in lines:
        parts = line.split()
        if parts:
            covered.append(records.Covered(parts[0], parts[1] if len(parts) > 1 else None))
    return covered


@bp.route("/customers/<int:customer_id>/claims/new", methods=["GET", "POST"])
@staff_required
def claim_new(customer_id: int):  # type: ignore[no-untyped-def]
    customer = customer_or_404(customer_id)
    form = ClaimForm()
    form.breaches.choices = _recent_breaches(customer_id)
    form.service_id.choices = [(0, "—")] + [(s.id, s.name) for s in _services(customer_id)]
    if request.method == "GET":
        form.received_on.data = brussels_date(utcnow())
    status = 200
    if form.validate_on_submit():
        upload = form.scan.data
        scan = None
        if upload is not None and getattr(upload, "filename", ""):
            scan = records.Scan(upload.filename, upload.mimetype or "", upload.read())
        try:
            records.record_claim(
                customer, kind=form.kind.data, channel=form.channel.data,
                received_on=form.received_on.data, covers=_covers(form), by=current_user,
                now=utcnow(), letter_reference=form.letter_reference.data or "",
                note=form.note.data or "", scan=scan)
        except records.RecordRefused as refusal:
            db.session.rollback()
            form.form_errors.append(str(refusal))
            status = 400
        else:
            db.session.commit()
            flash("Claim recorded.", "success")
            month = Month.of_date(form.received_on.data)
            return redirect(report_url(customer_id, month))
    elif request.method == "POST":
        status = 400
    return render_template("reports/claim_form.html", form=form, customer=customer), status


@bp.route("/customers/<int:customer_id>/outages/new", methods=["GET", "POST"])
@staff_required
def outage_new(customer_id: int):  # type: ignore[no-untyped-def]
    customer = customer_or_404(customer_id)
    form = OutageForm()
    services = _services(customer_id)
    form.service_id.choices = [(s.id, s.name) for s in services]
    status = 200
    if form.validate_on_submit():
        service = next((s for s in services if s.id == form.service_id.data), None)
        try:
            if service is None:
                raise records.RecordRefused("Choose one of the customer's services.")
            records.record_outage(service, start=_local(form.start.data),
                                  end=_local(form.end.data) if form.end.data else None,
                                  cause=form.cause.data, note=form.note.data or "",
                                  by=current_user, now=utcnow())
        except records.RecordRefused as refusal:
            db.session.rollback()
            form.form_errors.append(str(refusal))
            status = 400
        else:
            db.session.commit()
            flash("Outage recorded.", "success")
            return redirect(report_url(customer_id, Month.of(_local(form.start.data))))
    elif request.method == "POST":
        status = 400
    fee_form = ServiceFeeForm(formdata=None)
    fee_form.service_id.choices = [(s.id, s.name) for s in services]
    fees = db.session.scalars(select(ServiceFee).where(ServiceFee.service_id.in_(
        [s.id for s in services])).order_by(ServiceFee.service_id, ServiceFee.starts_on)).all()
    return render_template("reports/outage_form.html", form=form, customer=customer,
                           services=services, service_form=ServiceForm(formdata=None),
                           fee_form=fee_form, fees=fees), status


@bp.post("/customers/<int:customer_id>/services")
@staff_required
def service_add(customer_id: int):  # type: ignore[no-untyped-def]
    customer = customer_or_404(customer_id)
    form = ServiceForm()
    if form.validate_on_submit():
        try:
            records.add_service(customer, name=form.name.data,
                                monthly_fee_cents=int(form.monthly_fee.data * 100),
                                now=utcnow())
            db.session.commit()
            flash("Service added.", "success")
        except records.RecordRefused as refusal:
            db.session.rollback()
            flash(f"Service not added: {refusal}", "error")
        except IntegrityError:
            db.session.rollback()
            flash("Service not added: the customer already has a service of that name.",
                  "error")
    else:
        flash("Service not added: give a name and a monthly fee.", "error")
    return redirect(request.referrer or report_url(customer_id, Month.of(utcnow())))


@bp.post("/customers/<int:customer_id>/service-fees")
@staff_required
def service_fee_save(customer_id: int):  # type: ignore[no-untyped-def]
    """R20: the fee a service was invoiced and paid for a month, a quarter or a year."""
    customer_or_404(customer_id)
    services = _services(customer_id)
    form = ServiceFeeForm()
    form.service_id.choices = [(s.id, s.name) for s in services]
    if form.validate_on_submit():
        service = next((s for s in services if s.id == form.service_id.data), None)
        try:
            if service is None:
                raise records.RecordRefused("Choose one of the customer's services.")
            records.record_service_fee(
                service, starts_on=form.starts_on.data, months=form.months.data,
                invoiced_cents=int(form.invoiced.data * 100),
                paid_cents=int((form.paid.data or 0) * 100))
            db.session.commit()
            flash("Fee recorded.", "success")
        except records.RecordRefused as refusal:
            db.session.rollback()
            flash(f"Fee not recorded: {refusal}", "error")
    else:
        flash("Fee not recorded: choose the service and give the first month and the amount "
              "invoiced.", "error")
    return redirect(url_for("reports.outage_new", customer_id=customer_id))


def _local(value: datetime) -> datetime:
    """A datetime-local value is Brussels wall time."""
    return value.replace(tzinfo=BRUSSELS)


@bp.post("/tickets/<reference>/attribution")
@staff_required
def attribution(reference: str):  # type: ignore[no-untyped-def]
    ticket = db.session.scalar(select(Ticket).where(Ticket.reference == reference))
    if ticket is None:
        abort(404)
    form = AttributionForm()
    month = form.month.data or str(Month.of(utcnow()))
    if not form.validate_on_submit():
        flash("Choose a reason.", "error")
        return redirect(report_url(ticket.customer_id, month)), 303
    try:
        deadline = datetime.fromisoformat(form.deadline.data.replace("Z", "+00:00"))
        records.mark_not_attributable(ticket, clock=form.clock.data, deadline=deadline,
                                      reason=form.reason.data, by=current_user, now=utcnow())
    except (ValueError, records.RecordRefused) as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(f"{reference}: breach marked not solely attributable; no credit.", "success")
    return redirect(report_url(ticket.customer_id, month))
