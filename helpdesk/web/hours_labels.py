"""Words for the art. 6.6 states of hours (staff pages, portal, report)."""

from __future__ import annotations

from helpdesk.i18n import lazy_gettext as _l
from helpdesk.web.labels import _lookup

HOURS_STATE = {
    "awaiting": _l("open for dispute"),
    "accepted": _l("accepted (not disputed within 7 days)"),
    "disputed": _l("disputed"),
    "confirmed": _l("confirmed after dispute"),
    "withdrawn": _l("withdrawn after dispute"),
}


hours_state_label = _lookup(HOURS_STATE)  # the staff blueprint registers it for every page
