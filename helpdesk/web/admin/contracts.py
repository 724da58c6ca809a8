"""Customers and their contracts: SLA (preset or custom JSON), fees, closing days, escalation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from helpdesk.clock import utcnow
from helpdesk.duties.assign import SlaLoweringRefused, assign_sla, history
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import (
    ClosingDay,
    Contract,
    Customer,
    EscalationContact,
    MonthlyFee,
    Staff,
    cents_to_euro,
)
from helpdesk.web.access import administrator_required
from helpdesk.web.admin import bp
from helpdesk.web.admin import forms as f


def _get(model: Any, ident: int) -> Any:
    found = db.session.get(model, ident)
    if found is None:
        abort(404)
    return found


@bp.get("/")
@administrator_required
def index():  # type: ignore[no-untyped-def]
    customers = db.session.scalars(select(Customer).order_by(Customer.name)).all()
    return render_template("admin/index.html", customers=customers)


@bp.route("/customers/new", methods=["GET", "POST"])
@administrator_required
def customer_new():  # type: ignore[no-untyped-def]
    form = f.CustomerForm()
    if form.validate_on_submit():
        name = form.name.data.strip()
        if db.session.scalar(select(Customer).where(Customer.name == name)):
            form.name.errors.append(_("A customer with this name exists."))
        else:
            customer = Customer(name=name, created_at=utcnow())
            db.session.add(customer)
            db.session.commit()
            flash(_("Customer created. Add a contract next."), "success")
            return redirect(url_for("admin.customer", customer_id=customer.id))
    return render_template("admin/customer_form.html", form=form), \
        400 if form.is_submitted() else 200


@bp.route("/customers/<int:customer_id>", methods=["GET", "POST"])
@administrator_required
def customer(customer_id: int):  # type: ignore[no-untyped-def]
    found = _get(Customer, customer_id)
    form = f.CustomerForm(obj=found)
    if form.validate_on_submit():
        found.name = form.name.data.strip()
        try:
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            form.name.errors.append(_("A customer with this name exists."))
            return render_template("admin/customer.html", customer=found, form=form), 400
        flash(_("Saved."), "success")
        return redirect(url_for("admin.customer", customer_id=found.id))
    return render_template("admin/customer.html", customer=found, form=form), \
        400 if form.is_submitted() else 200


def _refusal_text(refusal: SlaLoweringRefused) -> str:
    """Art. 38.1 in the reader's language, then the engine's exact reason."""
    return _("During the term the service level may only be raised (art. 38.1).") + " " \
        + str(refusal)


def _apply_contract(form: f.ContractForm, contract: Contract) -> None:
    """Raises SlaLoweringRefused (art. 38.1) before anything of the contract is changed."""
    custom = form.sla_preset.data == f.CUSTOM
    preset, definition = (None, form.definition) if custom else (form.sla_preset.data, None)
    agreement = form.sla_agreement.data or ""
    if contract.id is not None:  # judged on the term as it stood: a new end date opens no door
        assign_sla(contract, preset=preset, definition=definition, by=current_user,
                   now=utcnow(), agreement=agreement)
    contract.name = form.name.data.strip()
    contract.starts_on, contract.ends_on = form.starts_on.data, form.ends_on.data
    contract.annual_cap_enabled = form.annual_cap_enabled.data
    contract.annual_cap_percent = form.annual_cap_percent.data
    contract.annual_cap_cents = f.cents(form.annual_cap_euro.data)
    if contract.id is None:  # a new contract is judged against the one in force on its start
        assign_sla(contract, preset=preset, definition=definition, by=current_user,
                   now=utcnow(), agreement=agreement)


@bp.route("/customers/<int:customer_id>/contracts/new", methods=["GET", "POST"])
@administrator_required
def contract_new(customer_id: int):  # type: ignore[no-untyped-def]
    owner = _get(Customer, customer_id)
    form = f.ContractForm()
    if form.validate_on_submit():
        contract = Contract(customer_id=owner.id)
        try:
            _apply_contract(form, contract)
        except SlaLoweringRefused as refusal:
            db.session.rollback()
            form.sla_preset.errors.append(_refusal_text(refusal))
            return render_template("admin/contract_form.html", form=form, customer=owner,
                                   contract=None), 422
        db.session.add(contract)
        db.session.commit()
        flash(_("Contract created."), "success")
        return redirect(url_for("admin.contract", contract_id=contract.id))
    return render_template("admin/contract_form.html", form=form, customer=owner,
                           contract=None), 400 if form.is_submitted() else 200


def render_contract(contract: Contract, status: int = 200, **forms: Any):  # type: ignore[no-untyped-def]
    form = forms.get("main")
    if form is None:
        form = f.ContractForm(formdata=None, obj=contract,
                              sla_preset=contract.sla_preset or f.CUSTOM,
                              annual_cap_euro=cents_to_euro(contract.annual_cap_cents))
        if contract.sla_definition:
            import json

            form.sla_definition.data = json.dumps(contract.sla_definition, indent=2)
    escalation = forms.get("escalation") or f.EscalationForm(formdata=None)
    escalation.staff_id.choices = [(s.id, f"{s.name} ({s.role})") for s in db.session.scalars(
        select(Staff).where(Staff.active.is_(True)).order_by(Staff.name))]
    return render_template(
        "admin/contract.html", contract=contract, form=form,
        fee_form=forms.get("fee") or f.FeeForm(formdata=None),
        day_form=forms.get("day") or f.ClosingDayForm(formdata=None),
        escalation_form=escalation, delete_form=f.DeleteForm(formdata=None),
        sla_history=history(contract)), status


@bp.route("/contracts/<int:contract_id>", methods=["GET", "POST"])
@administrator_required
def contract(contract_id: int):  # type: ignore[no-untyped-def]
    found = _get(Contract, contract_id)
    form = f.ContractForm()
    if form.validate_on_submit():
        try:
            _apply_contract(form, found)
        except SlaLoweringRefused as refusal:
            db.session.rollback()
            form.sla_preset.errors.append(_refusal_text(refusal))
            return render_contract(found, 422, main=form)
        db.session.commit()
        flash(_("Contract saved."), "success")
        return redirect(url_for("admin.contract", contract_id=found.id))
    if form.is_submitted():
        return render_contract(found, 400, main=form)
    return render_contract(found)


@bp.post("/contracts/<int:contract_id>/fees")
@administrator_required
def fee_save(contract_id: int):  # type: ignore[no-untyped-def]
    """One row per month: saving a month again corrects it (invoiced and paid, R14)."""
    found = _get(Contract, contract_id)
    form = f.FeeForm()
    if not form.validate_on_submit():
        return render_contract(found, 400, fee=form)
    month = form.month.data.replace(day=1)
    fee = db.session.scalar(select(MonthlyFee).where(MonthlyFee.contract_id == found.id,
                                                     MonthlyFee.month == month))
    if fee is None:
        fee = MonthlyFee(contract_id=found.id, month=month)
        db.session.add(fee)
    fee.invoiced_cents = f.cents(form.invoiced.data)
    fee.paid_cents = f.cents(form.paid.data if form.paid.data is not None else Decimal(0))
    db.session.commit()
    flash(_("Fee for %(month)s saved.", month=month.strftime("%Y-%m")), "success")
    return redirect(url_for("admin.contract", contract_id=found.id))


@bp.post("/contracts/<int:contract_id>/closing-days")
@administrator_required
def closing_day_add(contract_id: int):  # type: ignore[no-untyped-def]
    found = _get(Contract, contract_id)
    form = f.ClosingDayForm()
    if not form.validate_on_submit():
        return render_contract(found, 400, day=form)
    if any(d.day == form.day.data for d in found.closing_days):
        form.day.errors.append(_("This day is already a closing day."))
        return render_contract(found, 400, day=form)
    db.session.add(ClosingDay(contract_id=found.id, day=form.day.data,
                              reason=(form.reason.data or "").strip()))
    db.session.commit()
    flash(_("Closing day added."), "success")
    return redirect(url_for("admin.contract", contract_id=found.id))


@bp.post("/contracts/<int:contract_id>/closing-days/<int:day_id>/delete")
@administrator_required
def closing_day_delete(contract_id: int, day_id: int):  # type: ignore[no-untyped-def]
    day = _get(ClosingDay, day_id)
    if day.contract_id != contract_id or not f.DeleteForm().validate_on_submit():
        abort(404)
    db.session.delete(day)
    db.session.commit()
    flash(_("Closing day removed."), "success")
    return redirect(url_for("admin.contract", contract_id=contract_id))


@bp.post("/contracts/<int:contract_id>/escalation")
@administrator_required
def escalation_add(contract_id: int):  # type: ignore[no-untyped-def]
    found = _get(Contract, contract_id)
    form = f.EscalationForm()
    form.staff_id.choices = [(s.id, s.name) for s in db.session.scalars(select(Staff))]
    if not form.validate_on_submit():
        return render_contract(found, 400, escalation=form)
    if any(e.tier == form.tier.data and e.staff_id == form.staff_id.data
           for e in found.escalation_contacts):
        form.staff_id.errors.append(_("This person is already named for this tier."))
        return render_contract(found, 400, escalation=form)
    db.session.add(EscalationContact(contract_id=found.id, tier=form.tier.data,
                                     staff_id=form.staff_id.data))
    db.session.commit()
    flash(_("Escalation contact added."), "success")
    return redirect(url_for("admin.contract", contract_id=found.id))


@bp.post("/contracts/<int:contract_id>/escalation/<int:entry_id>/delete")
@administrator_required
def escalation_delete(contract_id: int, entry_id: int):  # type: ignore[no-untyped-def]
    entry = _get(EscalationContact, entry_id)
    if entry.contract_id != contract_id or not f.DeleteForm().validate_on_submit():
        abort(404)
    db.session.delete(entry)
    db.session.commit()
    flash(_("Escalation contact removed."), "success")
    return redirect(url_for("admin.contract", contract_id=contract_id))
