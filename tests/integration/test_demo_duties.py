"""`helpdesk demo` shows R25's duties: hours in each art. 6.6 state and preventive site visits
(one with its report overdue, one planned three weeks ahead)."""

from __future__ import annotations

from sqlalchemy import select

from helpdesk.billing import hours
from helpdesk.clock import utcnow
from helpdesk.duties import visits
from helpdesk.extensions import db
from helpdesk.models import SiteVisit
from tests.integration.test_cli import invoke


def test_the_demo_has_disputed_open_and_accepted_hours_and_site_visits(app):
    assert invoke(app, "demo").exit_code == 0
    now = utcnow()
    states = {e.status.state for e in hours.entries(now=now)}
    assert {"accepted", "disputed", "awaiting"} <= states
    found = {visits.state_of(v, now).status.state
             for v in db.session.scalars(select(SiteVisit))}
    assert found == {"report_overdue", "planned"}
