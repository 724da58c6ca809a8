"""Series of maintenance windows (seed 000 part 7: fixed recurring windows, e.g. every other
Thursday 21:00-22:00): windows announced together remember their series, and staff can cancel
"this and all later" windows of it. Windows that started or are over happened and stay as
they were, for the portal and for the availability credit (seed 001)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.maintenance import listing, records
from helpdesk.maintenance.schedule import MaintenanceRefused, Occurrence
from helpdesk.models import MaintenanceWindow
from helpdesk.reports import records as credit_records
from tests.factories import login, make_contact, make_customer, make_staff
from tests.integration import test_maintenance_web
from tests.integration.test_maintenance_web import NOW, form, utc
from tests.integration.test_web_helpers import page
from tests.reports.helpers import managed_customer, statement_json

WEEK = timedelta(weeks=1)
at_now = test_maintenance_web.at_now  # the same clock for the pages as the window tests


@pytest.fixture
def hosted():
    a = make_customer(name="Brouwerij A")
    web = credit_records.add_service(a, name="Webshop", monthly_fee_cents=8000, now=NOW)
    contact = make_contact(a)
    staff = make_staff(name="Tom")
    db.session.commit()
    return a, web, contact, staff


def weekly(service, first, count: int, *, title: str = "Weekly patching",
           announced=NOW - timedelta(days=30)) -> list[MaintenanceWindow]:
    made = records.record_windows(
        service, kind="planned", title=title, description="", by=None, now=announced,
        occurrences=[Occurrence(first + n * WEEK, first + n * WEEK + timedelta(hours=1))
                     for n in range(count)])
    db.session.commit()
    return made


def all_windows() -> list[MaintenanceWindow]:
    return list(db.session.scalars(select(MaintenanceWindow).order_by(
        MaintenanceWindow.starts_at, MaintenanceWindow.id)))


def test_windows_announced_together_share_a_series_and_a_single_window_has_none(
        client, hosted, at_now):
    a, web, _, staff = hosted
    login(client, staff)
    url = f"/staff/reports/customers/{a.id}/maintenance"
    client.post(url, data=form(web, start="2026-10-15T21:00", end="2026-10-15T22:00",
                               every_weeks="2", count="3"))
    client.post(url, data=form(web, start="2026-10-16T21:00", end="2026-10-16T22:00",
                               every_weeks="2", count="2", title="Other series"))
    client.post(url, data=form(web, start="2026-10-17T21:00", end="2026-10-17T22:00",
                               title="One-off"))
    made = all_windows()
    first = {w.series_id for w in made if w.title == "Database upgrade"}
    second = {w.series_id for w in made if w.title == "Other series"}
    assert len(first) == len(second) == 1 and first != second and None not in first | second
    assert [w.series_id for w in made if w.title == "One-off"] == [None]


def test_cancel_from_here_cancels_exactly_the_later_windows_that_have_not_started(hosted):
    """Weekly 1-hour windows from Wed 2026-09-23 09:30Z: two over, the third in progress at
    NOW (10:00Z 7 Oct), three to come. Cancelling from the second one cancels the three to
    come; what happened stays as it was."""
    _, web, _, staff = hosted
    series = weekly(web, utc(2026, 9, 23, 9, 30), 6)
    other = weekly(web, utc(2026, 10, 9, 19), 2, title="Other series")
    cancelled = records.cancel_series_from(series[1], reason="contract ends", by=staff, now=NOW)
    db.session.commit()
    assert [w.id for w in cancelled] == [w.id for w in series[3:]]
    for window in series[:3]:  # over, over, in progress
        db.session.refresh(window)
        assert window.cancelled_at is None and window.cancel_reason == ""
    for window in series[3:]:
        db.session.refresh(window)
        assert (window.cancelled_at, window.cancel_reason, window.cancelled_by_id) == (
            NOW, "contract ends", staff.id)
    assert all(w.cancelled_at is None for w in other)


def test_cancel_from_a_later_window_keeps_the_earlier_ones_and_earlier_reasons(hosted):
    _, web, _, staff = hosted
    series = weekly(web, utc(2026, 10, 8, 19), 4)
    records.cancel_window(series[3], reason="holiday", by=None, now=NOW)
    records.cancel_series_from(series[1], reason="moved to Tuesdays", by=staff, now=NOW)
    db.session.commit()
    assert [(w.cancelled_at is not None, w.cancel_reason) for w in all_windows()] == [
        (False, ""), (True, "moved to Tuesdays"), (True, "moved to Tuesdays"),
        (True, "holiday")]
    with pytest.raises(MaintenanceRefused) as refused:
        records.cancel_series_from(series[2], reason="again", by=staff, now=NOW)
    assert refused.value.code == "series_nothing_left"


def test_a_window_alone_or_without_a_reason_is_refused(hosted):
    _, web, _, staff = hosted
    alone, = weekly(web, utc(2026, 10, 8, 19), 1)
    series = weekly(web, utc(2026, 10, 9, 19), 2)
    for window, reason, code in ((alone, "x", "no_series"), (series[0], "  ", "cancel_reason")):
        with pytest.raises(MaintenanceRefused) as refused:
            records.cancel_series_from(window, reason=reason, by=staff, now=NOW)
        assert refused.value.code == code
    assert all(w.cancelled_at is None for w in all_windows())


def test_staff_see_the_series_grouped_and_cancel_from_a_window_on(client, hosted, at_now):
    a, web, _, staff = hosted
    series = weekly(web, utc(2026, 9, 30, 19), 4)  # 30 Sep is over; 8, 15, 22 Oct to come
    weekly(web, utc(2026, 10, 9, 19), 1, title="One-off upgrade")
    login(client, staff)
    url = f"/staff/reports/customers/{a.id}/maintenance"
    upcoming = page(client.get(url)).split("Announce maintenance", 1)[0]
    assert ("Series “Weekly patching” · Webshop · 3 window(s) listed here, 0 of them"
            in upcoming)
    assert upcoming.count("Cancel this and all later windows of the series") == 3
    assert "Series “One-off upgrade”" not in upcoming
    response = client.post(f"/staff/reports/maintenance/{series[2].id}/cancel-series",
                           data={"reason": "Moved to Tuesdays"}, follow_redirects=True)
    text = page(response)
    assert "2 maintenance window(s) of the series cancelled" in text
    assert "3 window(s) listed here, 2 of them cancelled" in text
    assert [w.cancelled_at is not None for w in all_windows() if w.series_id] == [
        False, False, True, True]
    again = client.post(f"/staff/reports/maintenance/{series[0].id}/cancel-series",
                        data={"reason": "late"}, follow_redirects=True)
    assert "1 maintenance window(s) of the series cancelled" in page(again)
    assert all_windows()[0].cancelled_at is None  # 30 Sep: over, stays as it was
    empty = client.post(f"/staff/reports/maintenance/{series[1].id}/cancel-series",
                        data={"reason": " "}, follow_redirects=True)
    assert "Say why" in page(empty)


def test_the_portal_drops_cancelled_series_windows_from_the_notice_and_marks_them(
        client, hosted, at_now):
    _, web, contact, staff = hosted
    series = weekly(web, utc(2026, 10, 8, 19), 3, title="Weekly patching")
    records.cancel_series_from(series[0], reason="No longer needed", by=staff, now=NOW)
    weekly(web, utc(2026, 10, 9, 19), 2, title="Kept series")
    db.session.commit()
    login(client, contact)
    banner = page(client.get("/portal/")).split("</aside>", 1)[0]
    assert "Kept series" in banner and "Weekly patching" not in banner
    listing_page = page(client.get("/portal/maintenance")).split("</aside>", 1)[1]
    assert listing_page.count("No longer needed") == 3


def test_another_customers_contact_and_staff_rules_apply_to_the_series_cancel(
        app, client, hosted, at_now):
    _, web, contact, _ = hosted
    series = weekly(web, utc(2026, 10, 8, 19), 2)
    login(client, contact)
    assert client.post(f"/staff/reports/maintenance/{series[0].id}/cancel-series",
                       data={"reason": "x"}).status_code == 403
    app.config["WTF_CSRF_ENABLED"] = True
    staff_client = app.test_client()
    response = staff_client.post(f"/staff/reports/maintenance/{series[0].id}/cancel-series",
                                 data={"reason": "x"})
    assert response.status_code == 400 and "security token" in page(response)
    assert all(w.cancelled_at is None for w in all_windows())


def test_grouping_keeps_the_order_and_gathers_each_series():
    def w(n, series_id):
        return MaintenanceWindow(id=n, series_id=series_id)
    groups = listing.grouped([w(1, "s"), w(2, None), w(3, "t"), w(4, "s"), w(5, None)])
    assert [(g.series_id, [x.id for x in g.windows]) for g in groups] == [
        ("s", [1, 4]), (None, [2]), ("t", [3]), (None, [5])]


def test_the_credit_excludes_kept_series_windows_and_not_the_cancelled_ones(app):
    """Seed 001, fee EUR 80.00, November 2026. Weekly windows Tue 10:00-12:00Z from 10 Nov;
    an outage of 105 minutes inside the first and inside the second. The series is cancelled
    from the second on, on 12 Nov: the first window happened and still excludes its 105
    minutes, the cancelled second excludes nothing → 105 min → 20 × floor(60/60) = 20 %."""
    customer, _, _, staff = managed_customer()
    service = credit_records.add_service(customer, name="Webshop", monthly_fee_cents=8000,
                                         now=utc(2026, 1, 1))
    first = utc(2026, 11, 10, 10)
    series = records.record_windows(
        service, kind="planned", title="Weekly patching", description="", by=None,
        now=utc(2026, 11, 1), occurrences=[
            Occurrence(first + n * WEEK, first + n * WEEK + timedelta(hours=2))
            for n in range(3)])
    as_of = utc(2026, 12, 1, 12)
    for n in range(2):
        credit_records.record_outage(service, start=first + n * WEEK,
                                     end=first + n * WEEK + timedelta(minutes=105),
                                     cause="unavailable", note="", by=staff, now=as_of)
    db.session.commit()
    (before,) = statement_json(app, customer, "2026-11", as_of)["availability"]
    assert (before["downtime_seconds"], before["amount"]) == (0, "0.00")
    records.cancel_series_from(series[1], reason="postponed", by=staff,
                               now=utc(2026, 11, 12))
    db.session.commit()
    (month,) = statement_json(app, customer, "2026-11", as_of)["availability"]
    assert month["maintenance_excluded_seconds"] == 105 * 60
    assert (month["downtime_seconds"], month["percent"], month["amount"]) == (
        105 * 60, 20, "16.00")
    assert [w["not_excluded_because"] for w in month["maintenance_windows"]] == [
        None, "cancelled", "cancelled"]
