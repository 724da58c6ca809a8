"""The data-breach register for managers (R24): the list with each breach's 72-hour clock,
registering a breach, its page (who was told when, by which channel) and the notify action.

Routes parse input, call helpdesk/breaches, render; the rules live there."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from helpdesk.breaches import notify, status
from helpdesk.breaches.register import BreachRefused, register_breach
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.maintenance.schedule import MaintenanceRefused, brussels_instant
from helpdesk.models import Customer
from helpdesk.privacy import audit
from helpdesk.timefmt import brussels_short
from helpdesk.web.access import is_manager, managers_required
from helpdesk.web.staff import bp
from helpdesk.web.staff.breach_forms import BreachForm, NotifyForm

REFUSALS = {
    "discovered_in_future": _l("The discovery (%(at)s) cannot lie in the future."),
    "nonexistent_time": _l("That time does not exist in Brussels (the clocks go forward "
                           "that night); choose another time."),
    "customers": _l("Choose at least one affected customer."),
    "title": _l("Give the breach a short title."),
    "description": _l("Describe what happened."),
    "data_categories": _l("Say which kinds of personal data are affected."),
    "not_a_manager": _l("Only managers register data breaches."),
}


@bp.app_context_processor
def _manager_check() -> dict[str, Any]:
    """base.html shows the register's link to managers only."""
    return {"is_manager": is_manager}


def _refusal_text(refusal: BreachRefused | MaintenanceRefused) -> str:
    template = REFUSALS.get(refusal.code)
    if template is None:
        return str(refusal)
    at = refusal.params.get("at")
    return str(template) % {"at": brussels_short(at) if getattr(at, "tzinfo", None) else at}


def _breach_or_404(breach_id: int) -> Any:
    breach = status.find(breach_id)
    if breach is None:
        abort(404)
    return breach


@bp.get("/data-breaches")
@managers_required
def breaches():  # type: ignore[no-untyped-def]
    return render_template("staff/breaches.html", register=status.register(utcnow()))


def _form_page(form: BreachForm, code: int = 200) -> Any:
    return render_template("staff/breach_form.html", form=form), code


@bp.route("/data-breaches/new", methods=["GET", "POST"])
@managers_required
def breach_new():  # type: ignore[no-untyped-def]
    form = BreachForm()
    customers = db.session.scalars(select(Customer).order_by(Customer.name)).all()
    form.customers.choices = [(c.id, c.name) for c in customers]
    if not form.is_submitted():
        return _form_page(form)
    if not form.validate():
        return _form_page(form, 400)
    chosen = [c for c in customers if c.id in set(form.customers.data or ())]
    now = utcnow()
    try:
        breach = register_breach(
            title=form.title.data or "", description=form.description.data or "",
            data_categories=form.data_categories.data or "",
            consequences=form.consequences.data or "", measures=form.measures.data or "",
            contact_point=form.contact_point.data or "",
            discovered_at=brussels_instant(form.discovered.data), customers=chosen,
            by=current_user, now=now)
    except (BreachRefused, MaintenanceRefused) as refusal:
        db.session.rollback()
        form.form_errors.append(_refusal_text(refusal))
        return _form_page(form, 400)
    db.session.commit()
    flash(_("Breach registered. Every affected customer must be notified by %(due)s.",
            due=brussels_short(breach.due_at)), "success")
    return redirect(url_for("staff.breach", breach_id=breach.id))


@bp.get("/data-breaches/<int:breach_id>")
@managers_required
def breach(breach_id: int):  # type: ignore[no-untyped-def]
    found = _breach_or_404(breach_id)
    shown = status.status_of(found, utcnow())
    recipients = {c.affected.customer_id: notify.recipients(c.affected.customer)
                  for c in shown.untold}
    audit.viewed("data_breach", found.id)  # the page lists contact persons and addresses
    return render_template("staff/breach.html", shown=shown, recipients=recipients,
                           notify_form=NotifyForm(formdata=None))


@bp.post("/data-breaches/<int:breach_id>/notify")
@managers_required
def breach_notify(breach_id: int):  # type: ignore[no-untyped-def]
    found = _breach_or_404(breach_id)
    if not NotifyForm().validate_on_submit():
        abort(400)
    outcome = notify.notify_affected(found, by=current_user, now=utcnow())
    db.session.commit()
    if outcome.notified:
        flash(_("%(mails)s notification mail(s) queued for %(customers)s.",
                mails=len(outcome.notifications),
                customers=", ".join(c.name for c in outcome.notified)), "success")
    if outcome.unreachable:
        flash(_("Not notified, no confirmed contact address: %(customers)s. Reach them "
                "another way; their clock keeps running.",
                customers=", ".join(c.name for c in outcome.unreachable)), "error")
    if not outcome.notified and not outcome.unreachable:
        flash(_("Every affected customer was already notified."), "success")
    return redirect(url_for("staff.breach", breach_id=found.id))
