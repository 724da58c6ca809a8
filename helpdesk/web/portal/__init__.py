"""Customer portal: a contact person sees only their own customer's tickets."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("portal", __name__)

# Events a customer sees; internal notes and staff bookkeeping stay inside.
PUBLIC_EVENTS = {
    "submitted", "acknowledged", "priority_changed", "supplier_suspended",
    "supplier_delivered", "onsite_agreed", "workaround_applied", "resolved", "fix_rejected",
    "not_an_incident", "out_of_scope", "customer_message", "staff_reply",
    "written_confirmation", "merged", "duplicate_merged",
}

from helpdesk.web.portal import (  # noqa: E402,F401
    account,
    duties,
    hours,
    maintenance,
    nonpayment,
    privacy,
    views,
    visits,
)
from helpdesk.web.portal.views import customer_ticket  # noqa: E402,F401
