"""Art. 27.2.2 to the managers: a site-visit report not made within the reasonable term
(REPORT_DAYS, visit_rules.py) is mailed once to the managers and to the staff member who
announced the visit, each in their own language. `report_reminded_at` is claimed by a
conditional UPDATE, as the conflict escalation claims `escalated_at` (escalation.py), so a
retry or a racing scheduler does not send it twice (STYLE.md 7); the report made later ends
it (visit_rules.reminder_due)."""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update

from helpdesk.credits.instants import brussels_date
from helpdesk.duties import visit_rules as rules
from helpdesk.duties.escalation import managers
from helpdesk.duties.visits import state_of
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.locales import in_language_of
from helpdesk.logs import event
from helpdesk.models import SiteVisit, Staff
from helpdesk.outbox import enqueue
from helpdesk.timefmt import brussels_short, day
from helpdesk.web.links import absolute_url

log = logging.getLogger(__name__)


def _addressees(visit: SiteVisit) -> list[Staff]:
    """The active managers, and whoever announced the visit (once, if not one of them)."""
    people = managers()
    announcer = db.session.get(Staff, visit.announced_by_id) if visit.announced_by_id else None
    if announcer is not None and announcer.active and all(
            p.id != announcer.id for p in people):
        people.append(announcer)
    return people


def remind_overdue_reports(now: datetime) -> int:
    """Mail every visit whose report became overdue by `now` and was not yet reminded."""
    told = 0
    candidates = db.session.scalars(select(SiteVisit).where(
        SiteVisit.report_reminded_at.is_(None), SiteVisit.reported_at.is_(None),
        SiteVisit.cancelled_at.is_(None), SiteVisit.ends_at <= now).order_by(
        SiteVisit.id)).all()
    for visit in candidates:
        status = state_of(visit, now).status
        if not rules.reminder_due(status, reminded_at=visit.report_reminded_at):
            continue
        claimed = db.session.execute(update(SiteVisit).where(
            SiteVisit.id == visit.id, SiteVisit.report_reminded_at.is_(None),
            SiteVisit.reported_at.is_(None)).values(report_reminded_at=now))
        if claimed.rowcount != 1:  # another scheduler told them, or the report came in
            db.session.rollback()
            continue
        url = absolute_url("staff.visits_list", customer=visit.customer_id)
        visit_day = brussels_date(visit.starts_at, "visit start")
        for person in _addressees(visit):
            with in_language_of(person):  # staff read their own language
                subject = _("Site-visit report overdue: %(customer)s, visit of %(when)s",
                            customer=visit.customer.name, when=day(visit_day))
                body = "\n\n".join([
                    visit.title,
                    _("The preventive maintenance visit of %(when)s (Brussels time) has no "
                      "report yet. Art. 27.2.2: a report after every visit, within a "
                      "reasonable term; we take %(days)s days after the day of the visit, "
                      "which ended at the end of %(last)s.",
                      when=brussels_short(visit.starts_at), days=rules.REPORT_DAYS,
                      last=day(rules.report_last_day(visit.ends_at))),
                    url]) + "\n"
            enqueue(kind="site_visit_report_overdue", to_addr=person.email, automatic=True,
                    subject=subject, body_text=body)
        db.session.commit()
        event(log, "site_visit.report_overdue", visit=visit.id)
        told += 1
    return told
