"""Preventive site visits (art. 27.2.2/27.2.3, R25): planning with its announcement mail,
cancelling, the report after each visit and the overdue reports. The rules are in
visit_rules.py; this shell records, mails (outbox, R23 confirmed addresses) and audits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from helpdesk.credits.instants import iso_z
from helpdesk.duties.mailing import mail_customer
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.models import Customer, SiteVisit, Staff
from helpdesk.privacy import audit
from helpdesk.timefmt import brussels_short

from . import visit_rules as rules

MAX_TEXT = 5000


class VisitRefused(ValueError):
    pass


@dataclass(frozen=True)
class Visit:
    visit: SiteVisit
    status: rules.VisitState

    def to_dict(self) -> dict[str, Any]:
        v, s = self.visit, self.status
        return {
            "id": v.id, "customer_id": v.customer_id, "customer": v.customer.name,
            "title": v.title, "description": v.description,
            "starts_at": iso_z(v.starts_at), "ends_at": iso_z(v.ends_at),
            "announced_at": iso_z(v.announced_at), "state": s.state,
            "late_notice": s.late_notice, "late_agreement": v.late_agreement or None,
            "outside_working_hours": s.outside_hours, "report_due": iso_z(s.report_due),
            "cancelled_at": iso_z(v.cancelled_at), "cancel_reason": v.cancel_reason or None,
            "report": None if v.reported_at is None else {
                "at": iso_z(v.reported_at), "defects": v.defects,
                "open_points": v.open_points, "follow_up": v.follow_up},
        }


def state_of(visit: SiteVisit, now: datetime) -> Visit:
    return Visit(visit, rules.visit_state(
        starts_at=visit.starts_at, ends_at=visit.ends_at, announced_at=visit.announced_at,
        reported_at=visit.reported_at, cancelled_at=visit.cancelled_at, now=now))


def listing(*, now: datetime, customer_id: int | None = None,
            since: datetime | None = None, until: datetime | None = None) -> list[Visit]:
    """Visits (announced by `now`) with their state; overdue reports first, then by start."""
    query = select(SiteVisit).where(SiteVisit.announced_at <= now)
    if customer_id is not None:
        query = query.where(SiteVisit.customer_id == customer_id)
    if since is not None:
        query = query.where(SiteVisit.starts_at >= since)
    if until is not None:
        query = query.where(SiteVisit.starts_at < until)
    found = [state_of(v, now) for v in db.session.scalars(query.order_by(SiteVisit.starts_at))]
    return sorted(found, key=lambda v: not v.status.report_overdue)


def find(visit_id: int, *, customer_id: int | None = None) -> SiteVisit | None:
    visit = db.session.get(SiteVisit, visit_id)
    if visit is None or (customer_id is not None and visit.customer_id != customer_id):
        return None
    return visit


def _text(value: str, what: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise VisitRefused(f"Give the {what}.")
    if len(value) > MAX_TEXT:
        raise VisitRefused(f"Keep the {what} under {MAX_TEXT} characters.")
    return value


def _mail(customer: Customer, write: Callable[[], tuple[str, list[str]]]) -> list[str]:
    return mail_customer(customer, "site_visit", write)


def _when(visit: SiteVisit) -> str:
    return _("%(start)s – %(end)s (Brussels time)", start=brussels_short(visit.starts_at),
             end=brussels_short(visit.ends_at))


def _when_audit(visit: SiteVisit) -> str:
    return f"{brussels_short(visit.starts_at)} – {brussels_short(visit.ends_at)} (Brussels time)"


def plan(customer: Customer, *, by: Staff, starts_at: datetime, ends_at: datetime, title: str,
         description: str = "", agreement: str = "", now: datetime) -> SiteVisit:
    """Plan a visit and announce it to the customer at once (art. 27.2.3); the caller commits."""
    title = _text(title, "title")[:200]
    description = _text(description, "description", required=False)
    agreement = _text(agreement, "agreement", required=False)
    refusal = rules.plan_refusal(starts_at=starts_at, ends_at=ends_at, now=now,
                                 agreement=agreement)
    if refusal:
        raise VisitRefused(refusal)
    late = rules.short_notice(now, starts_at)
    visit = SiteVisit(customer_id=customer.id, starts_at=starts_at, ends_at=ends_at,
                      title=title, description=description, announced_at=now,
                      announced_by_id=by.id, late=late,
                      late_agreement=agreement if late else "", cancel_reason="", defects="",
                      open_points="", follow_up="")
    db.session.add(visit)
    db.session.flush()
    outside = rules.outside_working_hours(starts_at, ends_at)

    def announcement() -> tuple[str, list[str]]:
        lines = [_("We plan a preventive maintenance visit on your site (art. 27.2 of the "
                   "general terms): %(title)s", title=title),
                 _("When: %(when)s", when=_when(visit))]
        if description:
            lines += ["", description]
        if late:
            lines += ["", _("This is less than two weeks ahead, as agreed: %(agreement)s",
                            agreement=agreement)]
        if outside:
            lines += ["", _("The visit lies (partly) outside working hours (Mon-Fri "
                            "08:45-17:00); art. 27.2.5 applies.")]
        lines += ["", _("After the visit you receive a report with the defects found, the "
                        "points still to do and a proposed planning of follow-up visits "
                        "(art. 27.2.2).")]
        return (_("Preventive maintenance visit planned: %(when)s",
                  when=brussels_short(starts_at)), lines)

    told = _mail(customer, announcement)
    audit.record("site_visit_planned", "customer", customer.id, actor=by,
                 detail=f"visit {visit.id} {_when_audit(visit)}"
                        f"{' (short notice: ' + agreement + ')' if late else ''}; mailed: "
                        f"{', '.join(told) or 'nobody: no confirmed address'}")
    return visit


def cancel(visit: SiteVisit, *, by: Staff, reason: str, now: datetime) -> None:
    reason = _text(reason, "reason")
    state = state_of(visit, now).status.state
    if state not in (rules.PLANNED,):
        raise VisitRefused("Only a visit that has not started can be cancelled.")
    visit.cancelled_at, visit.cancel_reason = now, reason
    _mail(visit.customer, lambda: (
        _("Preventive maintenance visit cancelled"),
        [_("The visit of %(when)s (%(title)s) is cancelled: %(reason)s", when=_when(visit),
           title=visit.title, reason=reason)]))
    audit.record("site_visit_cancelled", "customer", visit.customer_id, actor=by,
                 detail=f"visit {visit.id}: {reason}")


def report(visit: SiteVisit, *, by: Staff, defects: str, open_points: str, follow_up: str,
           now: datetime) -> None:
    """Art. 27.2.2: the report after the visit, shown in the portal and mailed."""
    refusal = rules.report_refusal(state_of(visit, now).status, defects=defects,
                                   open_points=open_points, follow_up=follow_up)
    if refusal:
        raise VisitRefused(refusal)
    visit.defects = _text(defects, "defects found")
    visit.open_points = _text(open_points, "points still to do")
    visit.follow_up = _text(follow_up, "proposed follow-up planning")
    visit.reported_at, visit.reported_by_id = now, by.id
    told = _mail(visit.customer, lambda: (
        _("Report of the maintenance visit of %(when)s", when=brussels_short(visit.starts_at)),
        [_("The report of the preventive maintenance visit of %(when)s (%(title)s), "
           "art. 27.2.2:", when=_when(visit), title=visit.title), "",
         _("Defects found:"), visit.defects, "",
         _("Points still to do:"), visit.open_points, "",
         _("Proposed planning of follow-up visits:"), visit.follow_up]))
    audit.record("site_visit_reported", "customer", visit.customer_id, actor=by,
                 detail=f"visit {visit.id}; mailed: "
                        f"{', '.join(told) or 'nobody: no confirmed address'}")
