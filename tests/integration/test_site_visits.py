"""Preventive maintenance visits on the customer's site (seed 002 art. 27.2.2/27.2.3, R25):
planned at least 14 Brussels calendar days ahead and announced by mail at once (sooner only
with the customer's agreement noted, flagged contract-late); a report after each visit with
the three points of art. 27.2.2, shown in the portal and mailed; overdue reports shown to
staff; the monthly report lists the visits; the API."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import OutboxMessage, SiteVisit
from tests.api.conftest import issue_token
from tests.factories import login, make_contact, make_customer, make_staff
from tests.integration.test_web_helpers import page, world
from tests.scheduler_jobs import run_minutely_job


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


NOW = utc(2026, 11, 18, 10, 0)  # Wednesday 18 Nov 2026 11:00 Brussels; earliest day 2 Dec


@pytest.fixture
def w(client, clock):
    clock.set(NOW)
    w = world()
    login(client, w.staff)
    return w


def plan(client, w, start="2026-12-02T09:00", end="2026-12-02T12:00", **extra):
    return client.post("/staff/site-visits", data={
        "customer": w.customer.id, "title": "Quarterly check of the server room",
        "start": start, "end": end, **extra})


def mails():
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "site_visit").order_by(OutboxMessage.id)).all()


def test_a_visit_two_weeks_ahead_is_planned_and_announced(client, clock, w):
    assert plan(client, w).status_code == 302
    visit = db.session.scalars(select(SiteVisit)).one()
    assert visit.starts_at == utc(2026, 12, 2, 8, 0) and not visit.late
    [mail] = mails()
    assert mail.to_addr == "jan@kroon.example"
    assert "2026-12-02" in mail.subject and "art. 27.2.2" in mail.body_text


def test_a_visit_less_than_two_weeks_ahead_needs_the_customers_agreement(client, clock, w):
    refused = plan(client, w, start="2026-12-01T09:00", end="2026-12-01T12:00")
    assert refused.status_code == 409
    assert "27.2.3" in page(refused) and "2026-12-02" in page(refused)
    assert db.session.scalars(select(SiteVisit)).all() == [] and mails() == []
    agreed = plan(client, w, start="2026-12-01T09:00", end="2026-12-01T12:00",
                  agreement="Jan agreed by phone on 18 November")
    assert agreed.status_code == 302
    visit = db.session.scalars(select(SiteVisit)).one()
    assert visit.late and visit.late_agreement == "Jan agreed by phone on 18 November"
    assert "less than two weeks ahead (art. 27.2.3)" in page(client.get("/staff/site-visits"))
    assert "as agreed: Jan agreed by phone" in mails()[0].body_text


def test_the_report_comes_after_the_visit_and_is_overdue_after_ten_days(client, clock, w):
    plan(client, w)
    visit = db.session.scalars(select(SiteVisit)).one()
    report = {"defects": "UPS battery weak", "open_points": "Replace the UPS battery",
              "follow_up": "Next visit in March 2027"}
    early = client.post(f"/staff/site-visits/{visit.id}/report", data=report)
    assert early.status_code == 409  # art. 27.2.2: after the visit
    clock.set(utc(2026, 12, 12, 23, 0))  # Sunday 13 Dec 00:00 Brussels: overdue
    html = page(client.get("/staff/site-visits"))
    assert 'id="reports-overdue"' in html and "report overdue" in html
    assert client.post(f"/staff/site-visits/{visit.id}/report",
                       data=report).status_code == 302
    db.session.refresh(visit)
    assert visit.reported_at == utc(2026, 12, 12, 23, 0)
    assert "UPS battery weak" in mails()[-1].body_text
    assert 'id="reports-overdue"' not in page(client.get("/staff/site-visits"))
    client.post("/logout")
    login(client, w.contact)
    portal = page(client.get("/portal/site-visits"))
    assert "Replace the UPS battery" in portal and "Next visit in March 2027" in portal


def test_the_portal_shows_only_the_customers_own_visits(client, clock, w):
    plan(client, w)
    other = make_contact(make_customer(name="Other"), email="eve@other.example")
    db.session.commit()
    client.post("/logout")
    login(client, other)
    assert "Quarterly check" not in page(client.get("/portal/site-visits"))


def test_a_planned_visit_can_be_cancelled_with_a_reason(client, clock, w):
    plan(client, w)
    visit = db.session.scalars(select(SiteVisit)).one()
    assert client.post(f"/staff/site-visits/{visit.id}/cancel",
                       data={"reason": "Customer's office closed"}).status_code == 302
    db.session.refresh(visit)
    assert visit.cancelled_at == NOW and "Customer's office closed" in mails()[-1].body_text


def test_the_monthly_report_lists_the_visits(client, clock, w):
    plan(client, w, start="2026-11-20T09:00", end="2026-11-20T11:00", agreement="Jan agreed")
    html = page(client.get(f"/staff/reports/customers/{w.customer.id}/2026-11"))
    section = html.split("Preventive maintenance visits (art. 27.2.2/27.2.3)")[1]
    assert "Quarterly check of the server room" in section
    assert "less than two weeks ahead" in section


def test_the_api_plans_reports_and_scopes_visits(client, clock, w):
    staff_token = {"Authorization": f"Bearer {issue_token(w.staff)}"}
    contact_token = {"Authorization": f"Bearer {issue_token(w.contact)}"}
    other = make_contact(make_customer(name="Other"), email="eve@other.example")
    other_token = {"Authorization": f"Bearer {issue_token(other)}"}
    db.session.commit()
    url = f"/api/v1/customers/{w.customer.id}/site-visits"
    body = {"starts_at": "2026-12-01T09:00:00+01:00", "ends_at": "2026-12-01T12:00:00+01:00",
            "title": "Check"}
    assert client.post(url, json=body, headers=staff_token).status_code == 409
    assert client.post(url, json=body, headers=contact_token).status_code == 403
    made = client.post(url, json={**body, "agreement": "Jan, 18 Nov"}, headers=staff_token)
    assert made.status_code == 201 and made.get_json()["late_notice"]
    visit_id = made.get_json()["id"]
    assert made.headers["Location"].endswith(f"/api/v1/site-visits/{visit_id}")
    listed = client.get("/api/v1/site-visits", headers=contact_token).get_json()["items"]
    assert [v["id"] for v in listed] == [visit_id]
    assert client.get(f"/api/v1/site-visits/{visit_id}", headers=other_token).status_code == 404
    clock.set(utc(2026, 12, 1, 12, 0))
    done = client.post(f"/api/v1/site-visits/{visit_id}/report", headers=staff_token, json={
        "defects": "none", "open_points": "none", "follow_up": "March"})
    assert done.status_code == 200 and done.get_json()["state"] == "reported"


def overdue_mails():
    return db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "site_visit_report_overdue").order_by(OutboxMessage.id)).all()


def test_an_overdue_report_is_mailed_once_to_the_managers_and_the_announcer(client, clock, w):
    from helpdesk.duties.visit_reminders import remind_overdue_reports

    manager = make_staff(name="Mia", role="escalation_manager", locale="fr")
    make_staff(name="Gone", role="senior_manager", active=False)
    db.session.commit()
    plan(client, w)  # Tom announces the visit of Wed 2 Dec
    visit = db.session.scalars(select(SiteVisit)).one()
    # art. 27.2.2: the 10 days end with Sat 12 Dec; 23:59 Brussels is still in time
    assert remind_overdue_reports(utc(2026, 12, 12, 22, 59)) == 0
    assert overdue_mails() == []
    assert remind_overdue_reports(utc(2026, 12, 12, 23, 0)) == 1
    assert remind_overdue_reports(utc(2026, 12, 13, 9, 0)) == 0  # once per visit
    told = {m.to_addr: m for m in overdue_mails()}
    assert sorted(told) == sorted([w.staff.email, w.admin.email, manager.email])
    english = told[w.staff.email]  # Tom announced it: he is told though no manager
    assert english.subject == "Site-visit report overdue: Kroon, visit of 2026-12-02"
    assert "Quarterly check of the server room" in english.body_text
    assert "at the end of 2026-12-12" in english.body_text and "27.2.2" in english.body_text
    assert f"/staff/site-visits?customer={w.customer.id}" in english.body_text
    french = told[manager.email]  # each in their own language
    assert french.subject == ("Rapport de visite en retard : Kroon, visite du 2 déc. 2026")
    assert "2 déc. 2026" in french.subject and "12 déc. 2026" in french.body_text
    db.session.refresh(visit)
    assert visit.report_reminded_at == utc(2026, 12, 12, 23, 0)
    clock.set(utc(2026, 12, 13, 9, 0))
    assert "Managers mailed that the report is overdue: 2026-12-13 00:00" in page(
        client.get("/staff/site-visits"))
    # the report made later ends it: it goes out as usual, and no reminder comes again
    clock.set(utc(2026, 12, 14, 9, 0))
    assert client.post(f"/staff/site-visits/{visit.id}/report", data={
        "defects": "none", "open_points": "none", "follow_up": "March"}).status_code == 302
    assert remind_overdue_reports(utc(2026, 12, 20)) == 0 and len(overdue_mails()) == 3


def test_a_report_made_in_time_or_a_cancelled_visit_is_never_reminded(client, clock, w):
    from helpdesk.duties.visit_reminders import remind_overdue_reports

    plan(client, w)
    plan(client, w, start="2026-12-03T09:00", end="2026-12-03T12:00")
    plan(client, w, start="2026-12-04T09:00", end="2026-12-04T12:00")
    reported, cancelled, forgotten = db.session.scalars(
        select(SiteVisit).order_by(SiteVisit.starts_at)).all()
    assert client.post(f"/staff/site-visits/{cancelled.id}/cancel",
                       data={"reason": "Office closed"}).status_code == 302
    clock.set(utc(2026, 12, 10, 9, 0))
    assert client.post(f"/staff/site-visits/{reported.id}/report", data={
        "defects": "none", "open_points": "none", "follow_up": "March"}).status_code == 302
    assert remind_overdue_reports(utc(2027, 1, 5)) == 1  # after downtime: only the forgotten
    assert {m.subject for m in overdue_mails()} == {
        "Site-visit report overdue: Kroon, visit of 2026-12-04"}
    db.session.refresh(forgotten)
    assert forgotten.report_reminded_at == utc(2027, 1, 5)
    assert reported.report_reminded_at is None and cancelled.report_reminded_at is None


def test_the_scheduler_runs_the_overdue_report_reminder_by_itself(app, client, clock, w):
    plan(client, w)
    clock.set(utc(2026, 12, 13, 8, 0))  # Sunday 13 Dec: the report is overdue
    run_minutely_job(app, "visit_reports")
    assert len(overdue_mails()) == 2  # Tom, who announced it, and Ada; once each
