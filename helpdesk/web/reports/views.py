"""Report pages: parse the URL, build the report in helpdesk/reports, render it."""

from __future__ import annotations

from collections import Counter
from typing import Any

from flask import Response, abort, render_template, request, url_for
from flask_babel import force_locale
from flask_login import current_user
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.credits import Month
from helpdesk.duties import register as duties
from helpdesk.extensions import db
from helpdesk.locales import supported
from helpdesk.models import Contract, CreditClaim, Customer, CustomerService, SlaChange
from helpdesk.models.people import PortalRole
from helpdesk.reports import export
from helpdesk.reports.chart import met_breached_svg
from helpdesk.reports.duties import Duties, contract_duties
from helpdesk.reports.duty_rows import duty_rows
from helpdesk.reports.overview import overview as build_overview
from helpdesk.reports.report import MonthlyReport, monthly_report
from helpdesk.reports.whatif import what_if
from helpdesk.timefmt import current_locale
from helpdesk.web.access import is_manager, managers_required, staff_required
from helpdesk.web.reports import bp
from helpdesk.web.reports.forms import AttributionForm, WhatIfForm


def parse_month(text: str | None) -> Month:
    if not text:
        return Month.of(utcnow()).previous()
    try:
        return Month.parse(text)
    except ValueError:
        abort(404)


def customer_or_404(customer_id: int) -> Customer:
    customer = db.session.get(Customer, customer_id)
    if customer is None:
        abort(404)
    return customer


@bp.get("/")
@staff_required
def index():  # type: ignore[no-untyped-def]
    month = parse_month(request.args.get("month"))
    customers = db.session.scalars(select(Customer).order_by(Customer.name)).all()
    return render_template("reports/index.html", customers=customers, month=month,
                           previous=month.previous(), following=month.next(),
                           manager=is_manager(current_user))


def _report(customer_id: int, month_text: str) -> MonthlyReport:
    customer_or_404(customer_id)
    return monthly_report(customer_id, parse_month(month_text), utcnow())


def _context(report: MonthlyReport, customer_id: int) -> dict[str, Any]:
    claims = db.session.scalars(select(CreditClaim).where(
        CreditClaim.customer_id == customer_id).order_by(CreditClaim.received_on.desc())).all()
    month = report.month
    notices, site_duties = _duties(report, customer_id)
    return {"report": report, "customer_id": customer_id, "chart": met_breached_svg(
        report.chart, f"Clocks met and breached, {report.chart[0].month} to {report.month}"),
        "claims": claims, "totals": report.statement.to_dict()["totals"],
        # R25: the month's complaints and conflict notices, and its SLA changes (art. 38.1)
        "duties": notices,
        "sla_changes": db.session.scalars(select(SlaChange).join(Contract).where(
            Contract.customer_id == customer_id, SlaChange.at >= month.start,
            SlaChange.at < month.end).order_by(SlaChange.at, SlaChange.id)).all(),
        "site_duties": site_duties}


def _duties(report: MonthlyReport,
            customer_id: int) -> tuple[list[duties.DutyStatus], Duties]:
    """R25: the month's complaints and conflict notices (art. 16.1, 39.4.2), and its hours
    (art. 6.6), non-payment suspensions (art. 6.9) and site visits (art. 27.2)."""
    month, now = report.month, report.statement.now
    return ([duties.status(d, now) for d in duties.in_month(customer_id, month.start,
                                                             month.end)],
            contract_duties(customer_id, month, now))


@bp.get("/customers/<int:customer_id>/<month>")
@staff_required
def customer_report(customer_id: int, month: str):  # type: ignore[no-untyped-def]
    report = _report(customer_id, month)
    services = db.session.scalars(select(CustomerService).where(
        CustomerService.customer_id == customer_id)).all()
    return render_template("reports/monthly.html", **_context(report, customer_id),
                           attribution=AttributionForm(formdata=None), services=services,
                           previous=report.month.previous(), following=report.month.next())


@bp.get("/customers/<int:customer_id>/<month>/pdf")
@staff_required
def customer_report_pdf(customer_id: int, month: str):  # type: ignore[no-untyped-def]
    report = _report(customer_id, month)
    # Issue #17: the PDF goes to the customer, so it is in the customer's language.
    with force_locale(pdf_language(customer_id)):
        html = render_template("reports/monthly_pdf.html", **_context(report, customer_id))
    pdf = export.report_pdf(html, base_url=request.url_root)
    name = f"sla-report-{_slug(report.customer)}-{report.month}.pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.get("/customers/<int:customer_id>/<month>/csv")
@staff_required
def customer_report_csv(customer_id: int, month: str):  # type: ignore[no-untyped-def]
    report = _report(customer_id, month)
    rows = duty_rows(*_duties(report, customer_id), report.statement.now)  # R25, as shown
    name = f"sla-report-{_slug(report.customer)}-{report.month}.csv"
    return Response(export.report_csv(report, rows), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def pdf_language(customer_id: int) -> str:
    """?lang= when staff ask for one; else the language the customer's administrators (or,
    without any, its contacts) chose, the most chosen first; else the page's."""
    asked = supported(request.args.get("lang"))
    if asked:
        return asked
    customer = db.session.get(Customer, customer_id)
    contacts = [c for c in (customer.contacts if customer else []) if c.active]
    for group in ([c for c in contacts if c.portal_role == PortalRole.ADMINISTRATOR],
                  contacts):
        chosen = Counter(supported(c.locale) for c in group if supported(c.locale))
        if chosen:
            return chosen.most_common(1)[0][0]
    return current_locale()


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")[:60] or "x"


@bp.get("/overview")
@managers_required
def overview():  # type: ignore[no-untyped-def]
    month = parse_month(request.args.get("month"))
    result = build_overview(month, utcnow())
    return render_template("reports/overview.html", overview=result, month=month,
                           previous=month.previous(), following=month.next())


@bp.get("/what-if")
@staff_required
def whatif():  # type: ignore[no-untyped-def]
    form = WhatIfForm(request.args)
    form.customer_id.choices = [(c.id, c.name) for c in db.session.scalars(
        select(Customer).order_by(Customer.name))]
    result = None
    if request.args and form.validate():
        customer_or_404(form.customer_id.data)
        first, last = Month.parse(form.first.data), Month.parse(form.last.data)
        if last < first:
            form.last.errors = [*form.last.errors, "The period ends before it starts."]
        else:
            result = what_if(form.customer_id.data, first, last, form.preset.data, utcnow())
    elif not request.args:
        month = Month.of(utcnow()).previous()
        form.first.data, form.last.data = str(Month(month.year, 1)), str(month)
    return render_template("reports/whatif.html", form=form, result=result)


@bp.get("/claims/<int:claim_id>/scan")
@staff_required
def claim_scan(claim_id: int):  # type: ignore[no-untyped-def]
    claim = db.session.get(CreditClaim, claim_id)
    if claim is None or claim.scan_data is None:
        abort(404)
    safe = "".join(ch for ch in (claim.scan_filename or "scan") if ch.isalnum() or ch in "._-")
    return Response(claim.scan_data, mimetype="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{safe or "scan"}"',
        "X-Content-Type-Options": "nosniff"})


def report_url(customer_id: int, month: Month | str) -> str:
    return url_for("reports.customer_report", customer_id=customer_id, month=str(month))
