"""The monthly report's contract duties (R25, seed 002) as CSV rows, one per duty, beside the
credit rows of export.py: complaints (art. 16.1), conflict notices (art. 39.4.2), hours and
their disputes (art. 6.6), suspensions for non-payment (art. 6.9) and preventive site visits
(art. 27.2.2/27.2.3). `section` says "duties" and `kind` which duty, so a spreadsheet user
filters on either; times are Brussels wall-clock ("YYYY-MM-DD HH:MM"), days "YYYY-MM-DD"
(a day counts whole). No database, no clock: the shell hands in what it loaded and `now`."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from helpdesk.billing.hours import HoursEntry
from helpdesk.duties.register import DutyStatus
from helpdesk.duties.visits import Visit
from helpdesk.models import PaymentSuspension, Ticket
from helpdesk.reports.duties import Duties
from helpdesk.timefmt import local

DUTY_COLUMNS = ("section", "title", "state", "verdict", "start_brussels", "end_brussels",
                "due_brussels", "minutes")

Row = dict[str, object]


def brussels(instant: datetime | None) -> str:
    shown = local(instant)
    return "" if shown is None else f"{shown:%Y-%m-%d %H:%M}"


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _complaint_or_notice(found: DutyStatus) -> Row:
    duty = found.duty
    row: Row = {"kind": "complaint" if duty.kind == "complaint" else "conflict notice",
                "reference": str(duty.id), "title": duty.title, "state": duty.state,
                "verdict": found.verdict, "start_brussels": brussels(duty.received_at),
                "end_brussels": brussels(duty.answered_at if duty.state == "answered"
                                         else None),
                "reason": found.reason}
    if found.window is not None:  # art. 16.1: received within 15 working days of noticing
        row["due_brussels"] = _day(found.window.last_day)
    if found.period is not None:  # art. 39.4.2: 15 days of consultation
        row["due_brussels"] = _day(found.period.last_day)
    if found.notes:
        row["reason"] = " ".join([found.reason, *found.notes])
    return row


def _hours(entry: HoursEntry) -> Row:
    s = entry.status
    ended = s.resolution.at if s.resolution else (s.dispute.at if s.dispute else None)
    return {"kind": "hours dispute" if s.dispute is not None else "hours",
            "reference": entry.ticket.reference, "title": entry.description,
            "state": s.state, "verdict": "counted" if s.counted else "not counted",
            "start_brussels": brussels(s.made_known_at), "end_brussels": brussels(ended),
            "due_brussels": brussels(s.deadline), "minutes": entry.minutes,
            "reason": s.dispute.reason if s.dispute else ""}


def _suspension(suspension: PaymentSuspension, held: list[Ticket], now: datetime) -> Row:
    stopped = suspension.stopped_at is not None and suspension.stopped_at <= now
    return {"kind": "non-payment suspension", "reference": str(suspension.id),
            "title": suspension.reason, "state": "stopped" if stopped else "running",
            "verdict": f"{len(held)} tickets held",
            "start_brussels": brussels(suspension.started_at),
            "end_brussels": brussels(suspension.stopped_at if stopped else None),
            "reason": ", ".join(t.reference for t in held)}


def _visit(found: Visit) -> Row:
    v, s = found.visit, found.status
    flags = (["short notice, agreed: " + v.late_agreement] if s.late_notice else []) + (
        ["outside working hours (art. 27.2.5)"] if s.outside_hours else [])
    return {"kind": "site visit", "reference": str(v.id), "title": v.title, "state": s.state,
            "verdict": "short notice" if s.late_notice else "on notice",
            "start_brussels": brussels(v.starts_at), "end_brussels": brussels(v.ends_at),
            "due_brussels": brussels(s.report_due),
            "reason": "; ".join([f"announced {brussels(v.announced_at)}", *flags])}


def duty_rows(statuses: Iterable[DutyStatus], site: Duties, now: datetime) -> list[Row]:
    """The rows in the page's order: complaints and notices, hours, suspensions, visits."""
    rows = [_complaint_or_notice(found) for found in statuses]
    rows += [_hours(entry) for entry in site.hours]
    rows += [_suspension(s, held, now) for s, held in site.suspensions]
    rows += [_visit(found) for found in site.visits]
    return [{"section": "duties", **row} for row in rows]
