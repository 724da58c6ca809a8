"""Preventive site visits in the portal (art. 27.2.2/27.2.3, R25): the customer's own planned
visits and each visit's report."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from helpdesk.clock import utcnow
from helpdesk.duties import visits
from helpdesk.web.access import contact_required
from helpdesk.web.portal import bp


@bp.get("/site-visits")
@contact_required
def site_visits():  # type: ignore[no-untyped-def]
    now = utcnow()
    return render_template("portal/visits.html",
                           visits=visits.listing(now=now, customer_id=current_user.customer_id))
