"""The customer's hours statement (art. 6.6, R25): every time entry on the customer's
tickets with the date until which it may be disputed, and the dispute form. Another
customer's entry is 404; after the 7 days the dispute is refused with the reason."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from helpdesk.billing import hours
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.tickets.actions import ActionRefused
from helpdesk.web.access import contact_required, submitter_required
from helpdesk.web.portal import bp
from helpdesk.web.staff.hours_forms import DisputeHoursForm


def _render(status: int = 200, form: DisputeHoursForm | None = None,
            failed: int | None = None):  # type: ignore[no-untyped-def]
    now = utcnow()
    found = hours.entries(now=now, customer_id=current_user.customer_id)
    return render_template("portal/hours.html", entries=found, totals=hours.totals(found),
                           form=form or DisputeHoursForm(formdata=None), failed=failed,
                           now=now), status


@bp.get("/hours")
@contact_required
def hours_statement():  # type: ignore[no-untyped-def]
    return _render()


@bp.post("/hours/<int:entry_id>/dispute")
@submitter_required
def hours_dispute(entry_id: int):  # type: ignore[no-untyped-def]
    now = utcnow()
    found = hours.entry(entry_id, now=now, customer_id=current_user.customer_id)
    if found is None:
        abort(404)
    form = DisputeHoursForm()
    if not form.validate_on_submit():
        return _render(400, form, entry_id)
    try:
        hours.dispute(found, by=current_user, reason=form.reason.data, now=now)
    except ActionRefused as refusal:
        db.session.rollback()
        flash(str(refusal), "error")
        return _render(409, form, entry_id)
    db.session.commit()
    flash(_("Your dispute of these hours on %(ref)s is registered; we will review it.",
            ref=found.ticket.reference), "success")
    return redirect(url_for("portal.hours_statement"))
