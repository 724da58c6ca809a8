"""Words for the states of preventive site visits (art. 27.2)."""

from __future__ import annotations

from helpdesk.i18n import lazy_gettext as _l
from helpdesk.web.labels import _lookup

VISIT_STATE = {
    "planned": _l("planned"),
    "in_progress": _l("in progress"),
    "report_due": _l("report due"),
    "report_overdue": _l("report overdue"),
    "reported": _l("reported"),
    "cancelled": _l("cancelled"),
}

visit_state_label = _lookup(VISIT_STATE)
