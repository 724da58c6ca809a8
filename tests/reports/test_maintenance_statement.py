"""Maintenance windows in the statement, page, PDF and CSV (seed 001: no compensation for
announced or emergency maintenance). Service fee EUR 80.00, November 2026 (CET)."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from unittest import mock

from helpdesk.extensions import db
from helpdesk.maintenance import records
from helpdesk.maintenance.schedule import Occurrence
from helpdesk.models import MaintenanceWindow
from helpdesk.reports import records as credit_records
from tests.factories import login
from tests.reports.helpers import managed_customer, statement_json, utc

START = utc(2026, 11, 10, 9)  # Tue 2026-11-10 10:00 CET
AS_OF = utc(2026, 12, 1, 12)


def hosted_with_outage(minutes: int):
    customer, _, _, staff = managed_customer()
    service = credit_records.add_service(customer, name="Webshop", monthly_fee_cents=8000,
                                         now=utc(2026, 1, 1))
    credit_records.record_outage(service, start=START, end=START + timedelta(minutes=minutes),
                                 cause="unavailable", note="", by=staff, now=AS_OF)
    db.session.commit()
    return customer, service, staff


def announce(service, start, hours, *, kind="planned", announced=START - timedelta(days=1),
             title="Database upgrade"):
    made, = records.record_windows(service, kind=kind, title=title, description="", by=None,
                                   now=announced, occurrences=[
                                       Occurrence(start, start + timedelta(hours=hours))])
    db.session.commit()
    return made


def test_the_statement_counts_downtime_outside_the_window_only(app):
    """Outage 10:00-12:30 (150 min), announced window 11:00-12:00: 90 min counted →
    20 × floor((90 − 45) / 60) = 0 %; 3,600 s of maintenance shown as not counted."""
    customer, service, _ = hosted_with_outage(150)
    announce(service, START + timedelta(hours=1), 1)
    (month,) = statement_json(app, customer, "2026-11", AS_OF)["availability"]
    assert month["downtime_seconds"] == 5400
    assert month["maintenance_excluded_seconds"] == 3600
    assert (month["percent"], month["amount"]) == (0, "0.00")
    (window,) = month["maintenance_windows"]
    assert window["start"] == "2026-11-10T10:00:00Z" and window["excluded_seconds"] == 3600
    assert window["excluded_because"] == "announced maintenance"


def test_a_cancelled_window_is_listed_but_the_downtime_counts(app):
    """Outage 1 h 45 inside a window cancelled before it started: 105 min → 20 % = 16.00."""
    customer, service, staff = hosted_with_outage(105)
    made = announce(service, START, 2)
    records.cancel_window(made, reason="postponed", by=staff, now=START - timedelta(hours=2))
    db.session.commit()
    (month,) = statement_json(app, customer, "2026-11", AS_OF)["availability"]
    assert (month["downtime_seconds"], month["amount"]) == (6300, "16.00")
    assert month["maintenance_windows"][0]["not_excluded_because"] == "cancelled"


def test_a_planned_window_stored_with_a_late_announcement_excludes_nothing(app):
    """The UI refuses it, but a row announced 10 minutes before its start (an import, a
    restore) is still not announced maintenance (seed 000: at least 30 minutes)."""
    customer, service, _ = hosted_with_outage(105)
    db.session.add(MaintenanceWindow(
        service_id=service.id, kind="planned", starts_at=START, ends_at=START + timedelta(hours=2),
        title="Late", description="", announced_at=START - timedelta(minutes=10),
        recorded_at=START - timedelta(minutes=10), cancel_reason=""))
    db.session.commit()
    (month,) = statement_json(app, customer, "2026-11", AS_OF)["availability"]
    assert (month["downtime_seconds"], month["amount"]) == (6300, "16.00")
    assert "less than 30 minutes" in month["maintenance_windows"][0]["not_excluded_because"]


def test_the_report_page_pdf_and_csv_show_the_excluded_maintenance(app, client):
    """Outage 3 h 45 with a 2 h emergency window inside: 1 h 45 counted → 20 % = 16.00."""
    customer, service, staff = hosted_with_outage(225)
    announce(service, START + timedelta(minutes=30), 2, kind="emergency",
             announced=START + timedelta(minutes=40), title="Disk swap")
    login(client, staff)
    url = f"/staff/reports/customers/{customer.id}/2026-11"
    with mock.patch("helpdesk.web.reports.views.utcnow", return_value=AS_OF):
        page = client.get(url).get_data(as_text=True)
        rows = list(csv.DictReader(io.StringIO(client.get(url + "/csv").get_data(as_text=True))))
        pdf = client.get(url + "/pdf")
    assert 'data-figure="maintenance_excluded">2 h 0 min<' in page
    assert "Disk swap" in page and "emergency maintenance" in page
    (availability,) = [r for r in rows if r["kind"] == "availability"]
    assert (availability["overdue_seconds"], availability["excluded_seconds"]) == ("6300", "7200")
    # 20 % of 80.00; not payable any more: the 15-day claim window closed on 25 November
    assert (availability["percent"], availability["amount_after_cap"]) == ("20", "16.00")
    (window,) = [r for r in rows if r["kind"] == "maintenance window"]
    assert (window["reference"], window["clock"], window["excluded_seconds"]) == (
        "Webshop", "emergency", "7200")
    assert window["window_start"] == "2026-11-10T09:30:00Z"
    assert window["reason"] == "Disk swap: not counted, emergency maintenance"
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
