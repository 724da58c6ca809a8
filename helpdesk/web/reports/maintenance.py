"""Staff pages for maintenance windows of a customer's services (seed 000 part 7): announce a
window or a series, cancel one (kept, with the reason), list upcoming and past windows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.maintenance import listing, records
from helpdesk.maintenance.schedule import MaintenanceRefused, series
from helpdesk.models import CustomerService, MaintenanceWindow
from helpdesk.timefmt import brussels_short
from helpdesk.web.access import staff_required
from helpdesk.web.reports import bp
from helpdesk.web.reports.maintenance_forms import (
    CancelMaintenanceForm,
    CancelSeriesForm,
    MaintenanceForm,
)
from helpdesk.web.reports.views import customer_or_404

REFUSALS = {
    "planned_too_soon": _l(
        "Planned maintenance must be announced in the portal at least 30 minutes before it "
        "starts (seed 000): this window starts %(start)s, and the earliest start announced "
        "now is %(earliest)s. If it cannot wait, record it as emergency maintenance."),
    "emergency_over": _l(
        "This window ended %(end)s, so it can no longer be announced. Record the downtime "
        "as an outage with the cause “emergency maintenance” instead."),
    "ends_before_start": _l("The window must end after it starts."),
    "nonexistent_time": _l("%(at)s does not exist in Brussels (the clocks go forward that "
                           "night); choose another time."),
    "count": _l("A series has 1 to %(maximum)s windows."),
    "every_weeks": _l("Say every how many weeks the window repeats."),
    "kind": _l("Choose planned or emergency."),
    "title": _l("Give the window a title the customer understands."),
    "cancel_reason": _l("Say why the window is cancelled."),
    "already_cancelled": _l("This window is already cancelled."),
    "cancel_over": _l("This window is over; it stays on record as it was."),
    "no_series": _l("This window is not part of a series."),
    "series_nothing_left": _l("No window of this series from this one on is still to come "
                              "and not cancelled; windows that started or are over stay as "
                              "they were."),
}


def refusal_text(refusal: MaintenanceRefused) -> str:
    template = REFUSALS.get(refusal.code)
    if template is None:
        return str(refusal)
    params = {k: brussels_short(v) if isinstance(v, datetime) and v.tzinfo
              else f"{v:%Y-%m-%d %H:%M}" if isinstance(v, datetime) else v
              for k, v in refusal.params.items()}
    return str(template) % params


def _services(customer_id: int) -> list[CustomerService]:
    return list(db.session.scalars(select(CustomerService).where(
        CustomerService.customer_id == customer_id).order_by(CustomerService.name)))


def _page(customer_id: int, form: MaintenanceForm, status: int = 200) -> Any:
    customer = customer_or_404(customer_id)
    services = _services(customer_id)
    service_id = request.args.get("service", type=int)
    if service_id is not None and all(s.id != service_id for s in services):
        abort(404)
    now = utcnow()
    windows = listing.customer_windows(customer_id, now, service_id=service_id)
    return render_template(
        "reports/maintenance.html", customer=customer, services=services, form=form,
        windows=windows, service_id=service_id, now=now,
        upcoming=listing.grouped(windows.upcoming), past=listing.grouped(windows.past),
        cancel_form=CancelMaintenanceForm(formdata=None),
        cancel_series_form=CancelSeriesForm(formdata=None)), status


@bp.route("/customers/<int:customer_id>/maintenance", methods=["GET", "POST"])
@staff_required
def maintenance(customer_id: int):  # type: ignore[no-untyped-def]
    customer_or_404(customer_id)
    services = _services(customer_id)
    form = MaintenanceForm()
    form.service_id.choices = [(s.id, s.name) for s in services]
    if request.method == "GET":
        form.service_id.data = request.args.get("service", type=int)
        return _page(customer_id, form)
    if not form.validate_on_submit():
        return _page(customer_id, form, 400)
    service = next((s for s in services if s.id == form.service_id.data), None)
    try:
        if service is None:
            raise MaintenanceRefused("service", _("Choose one of the customer's services."))
        occurrences = series(form.start.data, form.end.data,
                             every_weeks=form.every_weeks.data or 0,
                             count=form.count.data or 1)
        windows = records.record_windows(
            service, kind=form.kind.data, occurrences=occurrences, title=form.title.data,
            description=form.description.data or "", by=current_user, now=utcnow())
    except MaintenanceRefused as refusal:
        db.session.rollback()
        form.form_errors.append(refusal_text(refusal))
        return _page(customer_id, form, 400)
    db.session.commit()
    flash(_("%(n)s maintenance window(s) announced for %(service)s; the customer's contact "
            "persons see them in the portal now.", n=len(windows), service=service.name),
          "success")
    return redirect(url_for("reports.maintenance", customer_id=customer_id))


@bp.post("/maintenance/<int:window_id>/cancel")
@staff_required
def maintenance_cancel(window_id: int):  # type: ignore[no-untyped-def]
    def cancel(window: MaintenanceWindow, reason: str) -> str:
        records.cancel_window(window, reason=reason, by=current_user, now=utcnow())
        return _("Maintenance window cancelled; the portal shows it as cancelled.")

    return _cancel(window_id, CancelMaintenanceForm(), "say why the window is cancelled",
                   cancel)


@bp.post("/maintenance/<int:window_id>/cancel-series")
@staff_required
def maintenance_cancel_series(window_id: int):  # type: ignore[no-untyped-def]
    """This window and every later one of its series that has not started: cancelled, kept."""
    def cancel(window: MaintenanceWindow, reason: str) -> str:
        cancelled = records.cancel_series_from(window, reason=reason, by=current_user,
                                               now=utcnow())
        return _("%(n)s maintenance window(s) of the series cancelled, from %(start)s on; the "
                 "portal shows them as cancelled. Windows that started or are over stay as "
                 "they were.", n=len(cancelled), start=brussels_short(cancelled[0].starts_at))

    return _cancel(window_id, CancelSeriesForm(), "say why the windows are cancelled", cancel)


def _cancel(window_id: int, form: Any, missing_reason: str,
            cancel: Callable[[MaintenanceWindow, str], str]):  # type: ignore[no-untyped-def]
    """Cancel (kept, with the reason and by whom) and go back to the customer's windows."""
    window = db.session.get(MaintenanceWindow, window_id)
    if window is None:
        abort(404)
    customer_id = window.service.customer_id
    try:
        if not form.validate_on_submit():
            raise MaintenanceRefused("cancel_reason", missing_reason)
        done = cancel(window, form.reason.data)
    except MaintenanceRefused as refusal:
        db.session.rollback()
        flash(refusal_text(refusal), "error")
    else:
        db.session.commit()
        flash(done, "success")
    return redirect(url_for("reports.maintenance", customer_id=customer_id))
