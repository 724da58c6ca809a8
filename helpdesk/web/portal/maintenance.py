"""Maintenance in the portal (seed 000 part 7: announced "via een in-app aankondiging"): a
notice on every portal page of maintenance in progress or starting within a week, and a page
of upcoming and recent windows. Only the contact's own customer's services, and never a
window before it was announced."""

from __future__ import annotations

from typing import Any

from flask import render_template
from flask_login import current_user

from helpdesk.clock import utcnow
from helpdesk.maintenance import listing
from helpdesk.web.access import contact_required
from helpdesk.web.portal import bp


@bp.context_processor
def maintenance_notice() -> dict[str, Any]:
    """The notice base.html shows on portal pages; one small indexed query per page."""
    if not current_user.is_authenticated or current_user.is_staff:
        return {}
    now = utcnow()
    return {"maintenance_notice": listing.portal_notice(current_user.customer_id, now),
            "maintenance_now": now}


@bp.get("/maintenance")
@contact_required
def maintenance():  # type: ignore[no-untyped-def]
    now = utcnow()
    return render_template("portal/maintenance.html", now=now,
                           windows=listing.portal_windows(current_user.customer_id, now))
