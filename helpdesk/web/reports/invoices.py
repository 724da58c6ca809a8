"""The invoices of a customer (R22, art. 16.3/16.4): staff see them, managers record one,
import a CSV file (all rows or none) and set an agreement's project price. Each route parses
its form, calls helpdesk/reports/invoices.py, commits and redirects."""

from __future__ import annotations

from decimal import Decimal

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from helpdesk.clock import utcnow
from helpdesk.credits import Month
from helpdesk.credits.instants import brussels_date
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import Contract, Customer
from helpdesk.reports import invoices
from helpdesk.reports.records import RecordRefused
from helpdesk.web.access import is_manager, managers_required, staff_required
from helpdesk.web.reports import bp
from helpdesk.web.reports.invoice_forms import InvoiceForm, InvoiceImportForm, ProjectPriceForm
from helpdesk.web.reports.views import customer_or_404


def _contracts(customer: Customer) -> list[Contract]:
    return list(customer.contracts)


def _choose(form: InvoiceForm | InvoiceImportForm, customer: Customer) -> None:
    contracts = _contracts(customer)
    form.contract_id.choices = [(c.id, c.name) for c in contracts]
    if form.contract_id.data is None:
        current = customer.contract_on(brussels_date(utcnow()))
        form.contract_id.data = current.id if current else (contracts[-1].id if contracts
                                                            else None)


def _contract(customer: Customer, contract_id: int | None) -> Contract:
    found = next((c for c in _contracts(customer) if c.id == contract_id), None)
    if found is None:
        raise RecordRefused(_("Choose one of the customer's agreements."))
    return found


def _cents(value: Decimal) -> int:
    return int((value * 100).to_integral_exact())


def _page(customer: Customer, *, form: InvoiceForm | None = None,
          upload: InvoiceImportForm | None = None, errors: list[str] | None = None,
          status: int = 200):  # type: ignore[no-untyped-def]
    form = form or InvoiceForm(formdata=None)
    upload = upload or InvoiceImportForm(formdata=None)
    _choose(form, customer)
    _choose(upload, customer)
    contracts = _contracts(customer)
    prices = {c.id: ProjectPriceForm(formdata=None, prefix=f"c{c.id}",
                                     price=(None if c.project_price_cents is None
                                            else Decimal(c.project_price_cents) / 100))
              for c in contracts}
    return render_template(
        "reports/invoices.html", customer=customer, contracts=contracts,
        invoices=invoices.invoices_of([c.id for c in contracts]), form=form, upload=upload,
        prices=prices, errors=errors or [], manager=is_manager(current_user),
        columns=invoices.COLUMNS, month=Month.of(utcnow()).previous()), status


@bp.get("/customers/<int:customer_id>/invoices")
@staff_required
def invoice_list(customer_id: int):  # type: ignore[no-untyped-def]
    return _page(customer_or_404(customer_id))


@bp.post("/customers/<int:customer_id>/invoices")
@managers_required
def invoice_new(customer_id: int):  # type: ignore[no-untyped-def]
    customer = customer_or_404(customer_id)
    form = InvoiceForm()
    if not form.validate_on_submit():
        return _page(customer, form=form, status=400)
    try:
        invoices.record_invoice(
            _contract(customer, form.contract_id.data), number=form.number.data,
            invoiced_on=form.invoiced_on.data, amount_cents=_cents(form.amount.data),
            what_for=form.what_for.data, paid_on=form.paid_on.data, by=current_user,
            now=utcnow())
    except RecordRefused as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        return _page(customer, form=form, status=400)
    db.session.commit()
    flash(_("Invoice %(number)s recorded.", number=form.number.data.strip()), "success")
    return redirect(url_for("reports.invoice_list", customer_id=customer_id))


@bp.post("/customers/<int:customer_id>/invoices/import")
@managers_required
def invoice_import(customer_id: int):  # type: ignore[no-untyped-def]
    customer = customer_or_404(customer_id)
    upload = InvoiceImportForm()
    if not upload.validate_on_submit():
        return _page(customer, upload=upload, status=400)
    try:
        contract = _contract(customer, upload.contract_id.data)
        try:
            text = upload.file.data.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise invoices.ImportRefused([_("The file is not UTF-8 text.")]) from None
        result = invoices.import_invoices(contract, text, by=current_user, now=utcnow())
    except invoices.ImportRefused as refusal:
        db.session.rollback()
        return _page(customer, upload=upload, errors=refusal.errors, status=400)
    except RecordRefused as refusal:
        db.session.rollback()
        upload.form_errors.append(str(refusal))
        return _page(customer, upload=upload, status=400)
    db.session.commit()
    flash(_("Imported: %(added)s added, %(paid)s marked paid, %(same)s already on record.",
            added=len(result.added), paid=len(result.paid_on_filled),
            same=len(result.unchanged)), "success")
    return redirect(url_for("reports.invoice_list", customer_id=customer_id))


@bp.post("/customers/<int:customer_id>/contracts/<int:contract_id>/project-price")
@managers_required
def project_price(customer_id: int, contract_id: int):  # type: ignore[no-untyped-def]
    customer = customer_or_404(customer_id)
    form = ProjectPriceForm(prefix=f"c{contract_id}")
    try:
        contract = _contract(customer, contract_id)
        if not form.validate_on_submit():
            raise RecordRefused(_("Give the project price in euros, or leave it empty."))
        invoices.set_project_price(
            contract, None if form.price.data is None else _cents(form.price.data))
    except RecordRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
    else:
        db.session.commit()
        flash(_("Project price saved."), "success")
    return redirect(url_for("reports.invoice_list", customer_id=customer_id))
