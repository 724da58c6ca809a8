"""Maintenance windows (seed 000 part 7; seed 001 exclusions): staff announce, refuse and cancel
windows; the portal shows a customer only its own announced windows, in Brussels time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.maintenance import records
from helpdesk.maintenance.schedule import Occurrence
from helpdesk.models import MaintenanceWindow
from helpdesk.reports import records as credit_records
from tests.factories import login, make_contact, make_customer, make_staff
from tests.integration.test_web_helpers import page

NOW = datetime(2026, 10, 7, 10, 0, tzinfo=UTC)  # Wed 12:00 CEST


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def at_now():
    with mock.patch("helpdesk.web.reports.maintenance.utcnow", return_value=NOW), \
         mock.patch("helpdesk.web.portal.maintenance.utcnow", return_value=NOW):
        yield NOW


@pytest.fixture
def hosted():
    """Customer A with two services and a contact; customer B with one service and a contact."""
    a, b = make_customer(name="Brouwerij A"), make_customer(name="Gemeente B")
    web = credit_records.add_service(a, name="Webshop", monthly_fee_cents=8000, now=NOW)
    mail = credit_records.add_service(a, name="Mail", monthly_fee_cents=4000, now=NOW)
    other = credit_records.add_service(b, name="B's portal", monthly_fee_cents=8000, now=NOW)
    contact_a, contact_b = make_contact(a), make_contact(b)
    staff = make_staff(name="Tom")
    db.session.commit()
    return a, b, web, mail, other, contact_a, contact_b, staff


def form(service, **overrides) -> dict[str, str]:
    values = {"service_id": str(service.id), "kind": "planned", "start": "2026-10-08T21:00",
              "end": "2026-10-08T22:00", "every_weeks": "0", "count": "1",
              "title": "Database upgrade", "description": "The webshop is read-only."}
    values.update(overrides)
    return values


def windows() -> list[MaintenanceWindow]:
    return list(db.session.scalars(select(MaintenanceWindow).order_by(
        MaintenanceWindow.starts_at)))


def window(service, start: datetime, hours: float = 1, *, kind: str = "planned",
           announced: datetime = NOW - timedelta(days=1), title: str = "Upgrade"):
    made, = records.record_windows(service, kind=kind, title=title, description="", by=None,
                                   now=announced, occurrences=[
                                       Occurrence(start, start + timedelta(hours=hours))])
    db.session.commit()
    return made


def test_staff_announce_a_planned_window_which_is_announced_at_the_instant_recorded(
        client, hosted, at_now):
    a, _, web, *_, staff = hosted
    login(client, staff)
    response = client.post(f"/staff/reports/customers/{a.id}/maintenance", data=form(web))
    assert response.status_code == 302
    (made,) = windows()
    assert (made.kind, made.title, made.service_id) == ("planned", "Database upgrade", web.id)
    assert made.starts_at == utc(2026, 10, 8, 19)  # 21:00 CEST
    assert made.announced_at == made.recorded_at == NOW
    assert made.recorded_by_id == staff.id
    listing = page(client.get(f"/staff/reports/customers/{a.id}/maintenance"))
    assert "Database upgrade" in listing and "2026-10-08 21:00 CEST" in listing


def test_a_planned_window_less_than_30_minutes_ahead_is_refused_and_emergency_suggested(
        client, hosted, at_now):
    """NOW is 12:00 Brussels: a planned start at 12:29 is refused, 12:30 is accepted."""
    a, _, web, *_, staff = hosted
    login(client, staff)
    url = f"/staff/reports/customers/{a.id}/maintenance"
    refused = client.post(url, data=form(web, start="2026-10-07T12:29", end="2026-10-07T13:00"))
    assert refused.status_code == 400
    text = page(refused)
    assert "at least 30 minutes" in text and "emergency maintenance" in text
    assert "2026-10-07 12:30 CEST" in text  # the earliest start announced now
    assert windows() == []
    accepted = client.post(url, data=form(web, start="2026-10-07T12:30", end="2026-10-07T13:00"))
    assert accepted.status_code == 302 and len(windows()) == 1


def test_emergency_maintenance_may_have_started_but_not_ended(client, hosted, at_now):
    a, _, web, *_, staff = hosted
    login(client, staff)
    url = f"/staff/reports/customers/{a.id}/maintenance"
    started = client.post(url, data=form(web, kind="emergency", start="2026-10-07T11:40",
                                         end="2026-10-07T13:00", title="Disk replacement"))
    assert started.status_code == 302
    over = client.post(url, data=form(web, kind="emergency", start="2026-10-07T10:00",
                                      end="2026-10-07T11:00"))
    assert over.status_code == 400 and "as an outage" in page(over)
    backwards = client.post(url, data=form(web, start="2026-10-09T22:00",
                                           end="2026-10-09T21:00"))
    assert backwards.status_code == 400 and "must end after it starts" in page(backwards)
    assert [w.title for w in windows()] == ["Disk replacement"]


def test_a_fortnightly_series_keeps_brussels_wall_time_across_the_dst_change(
        client, hosted, at_now):
    """Seed 000: Thursday 21:00-22:00, every other week. 2026-10-25 the clocks go back, so
    21:00 is 19:00Z on 15 Oct (CEST) and 20:00Z on 29 Oct, 12 and 26 Nov (CET)."""
    a, _, web, *_, staff = hosted
    login(client, staff)
    response = client.post(f"/staff/reports/customers/{a.id}/maintenance", data=form(
        web, start="2026-10-15T21:00", end="2026-10-15T22:00", every_weeks="2", count="4"))
    assert response.status_code == 302
    assert [(w.starts_at, w.ends_at - w.starts_at) for w in windows()] == [
        (utc(2026, 10, 15, 19), timedelta(hours=1)), (utc(2026, 10, 29, 20), timedelta(hours=1)),
        (utc(2026, 11, 12, 20), timedelta(hours=1)), (utc(2026, 11, 26, 20), timedelta(hours=1))]


def test_several_windows_need_an_interval(client, hosted, at_now):
    a, _, web, *_, staff = hosted
    login(client, staff)
    response = client.post(f"/staff/reports/customers/{a.id}/maintenance",
                           data=form(web, every_weeks="0", count="3"))
    assert response.status_code == 400 and "every how many weeks" in page(response)
    assert windows() == []


def test_a_time_that_does_not_exist_in_brussels_is_refused(client, hosted, at_now):
    """Sun 2027-03-28 02:30 falls in the spring-forward gap."""
    a, _, web, *_, staff = hosted
    login(client, staff)
    response = client.post(f"/staff/reports/customers/{a.id}/maintenance", data=form(
        web, start="2027-03-28T02:30", end="2027-03-28T04:00"))
    assert response.status_code == 400 and "does not exist in Brussels" in page(response)
    assert windows() == []


def test_a_service_of_another_customer_cannot_be_chosen(client, hosted, at_now):
    a, _, _, _, other, *_, staff = hosted
    login(client, staff)
    response = client.post(f"/staff/reports/customers/{a.id}/maintenance", data=form(other))
    assert response.status_code == 400 and windows() == []
    assert client.get(f"/staff/reports/customers/{a.id}/maintenance?service={other.id}"
                      ).status_code == 404


def test_cancel_keeps_the_window_with_its_reason(client, hosted, at_now):
    a, _, web, *_, staff = hosted
    made = window(web, utc(2026, 10, 8, 19))
    login(client, staff)
    url = f"/staff/reports/maintenance/{made.id}/cancel"
    refused = client.post(url, data={"reason": " "}, follow_redirects=True)
    assert "Say why" in page(refused) and windows()[0].cancelled_at is None
    client.post(url, data={"reason": "Supplier postponed the upgrade"})
    (kept,) = windows()
    assert kept.cancelled_at == NOW and kept.cancelled_by_id == staff.id
    assert kept.cancel_reason == "Supplier postponed the upgrade"
    again = client.post(url, data={"reason": "twice"}, follow_redirects=True)
    assert "already cancelled" in page(again)
    assert "Supplier postponed the upgrade" in page(client.get(
        f"/staff/reports/customers/{a.id}/maintenance"))


def test_a_window_that_is_over_cannot_be_cancelled(client, hosted, at_now):
    _, _, web, *_, staff = hosted
    past = window(web, NOW - timedelta(hours=5), announced=NOW - timedelta(days=2))
    login(client, staff)
    response = client.post(f"/staff/reports/maintenance/{past.id}/cancel",
                           data={"reason": "oops"}, follow_redirects=True)
    assert "is over" in page(response) and windows()[0].cancelled_at is None


def test_staff_list_upcoming_and_past_windows_per_service(client, hosted, at_now):
    a, _, web, mail, *_, staff = hosted
    window(web, NOW + timedelta(days=2), title="Webshop upgrade")
    window(mail, NOW + timedelta(days=3), title="Mail migration")
    window(web, NOW - timedelta(days=10), announced=NOW - timedelta(days=11), title="Old one")
    login(client, staff)
    text = page(client.get(f"/staff/reports/customers/{a.id}/maintenance"))
    upcoming, past = text.split("Announce maintenance", 1)
    assert "Webshop upgrade" in upcoming and "Mail migration" in upcoming
    assert "Old one" in past and "Old one" not in upcoming
    only_web = page(client.get(f"/staff/reports/customers/{a.id}/maintenance?service={web.id}"))
    assert "Webshop upgrade" in only_web and "Mail migration" not in only_web


def test_the_portal_notice_shows_only_the_customers_own_windows_on_every_page(
        client, hosted, at_now):
    a, _, web, _, other, contact_a, _, _ = hosted
    window(web, NOW + timedelta(days=2), title="A's database upgrade")
    window(other, NOW + timedelta(days=2), title="B's secret upgrade")
    login(client, contact_a)
    for url in ("/portal/", "/portal/new", "/portal/maintenance"):
        text = page(client.get(url))
        assert "Maintenance planned" in text and "A&#39;s database upgrade" in text, url
        assert "B&#39;s secret upgrade" not in text, url
    # times in Brussels: NOW + 2 days = Fri 2026-10-09 12:00 CEST
    assert "2026-10-09 12:00 CEST" in page(client.get("/portal/"))


def test_the_notice_shows_maintenance_in_progress_and_within_seven_days_only(
        client, hosted, at_now):
    _, _, web, _, _, contact_a, _, _ = hosted
    window(web, NOW - timedelta(minutes=30), kind="emergency", title="Disk swap",
           announced=NOW - timedelta(minutes=20))
    window(web, NOW + timedelta(days=8), title="Next month's upgrade")
    cancelled = window(web, NOW + timedelta(days=1), title="Called off")
    records.cancel_window(cancelled, reason="not needed", by=None, now=NOW)
    db.session.commit()
    login(client, contact_a)
    banner = page(client.get("/portal/")).split("</aside>", 1)[0]
    assert "Maintenance in progress" in banner and "Disk swap" in banner
    assert "Next month" not in banner and "Called off" not in banner
    listing = page(client.get("/portal/maintenance")).split("</aside>", 1)[1]
    assert "Next month&#39;s upgrade" in listing
    assert "Called off" in listing and "not needed" in listing


def test_the_portal_never_shows_a_window_before_its_announcement(client, hosted, at_now):
    """A window recorded with a later announcement instant (e.g. through a backup restore or a
    clock skew) stays invisible until then."""
    _, _, web, _, _, contact_a, _, _ = hosted
    db.session.add(MaintenanceWindow(
        service_id=web.id, kind="planned", starts_at=NOW + timedelta(days=3),
        ends_at=NOW + timedelta(days=3, hours=1), title="Not yet public", description="",
        announced_at=NOW + timedelta(hours=1), recorded_at=NOW, cancel_reason=""))
    db.session.commit()
    login(client, contact_a)
    assert "Not yet public" not in page(client.get("/portal/"))
    assert "Not yet public" not in page(client.get("/portal/maintenance"))
    with mock.patch("helpdesk.web.portal.maintenance.utcnow",
                    return_value=NOW + timedelta(hours=1)):
        assert "Not yet public" in page(client.get("/portal/maintenance"))


def test_staff_see_no_portal_notice_and_contacts_cannot_reach_staff_pages(
        app, client, hosted, at_now):
    a, _, web, _, _, contact_a, _, staff = hosted
    made = window(web, NOW + timedelta(days=1), title="Tonight's upgrade")
    staff_client = app.test_client()
    login(staff_client, staff)
    queue = page(staff_client.get("/staff/"))
    assert "maintenance-notice" not in queue and "Tonight" not in queue
    login(client, contact_a)
    assert "maintenance-notice" in page(client.get("/portal/"))
    assert client.get(f"/staff/reports/customers/{a.id}/maintenance").status_code == 403
    assert client.post(f"/staff/reports/maintenance/{made.id}/cancel",
                       data={"reason": "x"}).status_code == 403
    assert windows()[0].cancelled_at is None


def test_maintenance_forms_refuse_a_post_without_csrf_token(app, hosted):
    a, _, web, *_, staff = hosted
    made = window(web, NOW + timedelta(days=1))
    app.config["WTF_CSRF_ENABLED"] = True
    client = app.test_client()
    for url in (f"/staff/reports/customers/{a.id}/maintenance",
                f"/staff/reports/maintenance/{made.id}/cancel"):
        response = client.post(url, data=form(web, reason="x"))
        assert response.status_code == 400 and "security token" in page(response), url
    assert len(windows()) == 1 and windows()[0].cancelled_at is None


def test_the_demo_shows_a_past_window_with_excluded_downtime_and_announced_ones(app, client):
    from helpdesk.cli.demo import DEMO_PASSWORD
    from helpdesk.credits import Month
    from helpdesk.models import ContactPerson
    from helpdesk.reports import statement_for
    from tests.integration.test_cli import invoke

    assert invoke(app, "demo", "--tickets", "1").exit_code == 0
    now = utcnow()
    made = windows()
    past = [w for w in made if w.ends_at <= now]
    assert len(past) == 1 and len(made) == 4
    customer_id = past[0].service.customer_id
    statement = statement_for(customer_id, Month.of(past[0].starts_at), now)
    (month,) = statement.availability
    assert month.maintenance_excluded_seconds == 55 * 60  # 21:05-22:00 of 21:05-22:30
    assert month.downtime_seconds == 30 * 60
    contact = db.session.scalar(select(ContactPerson).where(
        ContactPerson.customer_id == customer_id).order_by(ContactPerson.id))
    login(client, contact, DEMO_PASSWORD)
    assert "Fortnightly maintenance" in page(client.get("/portal/"))  # next Thursday
