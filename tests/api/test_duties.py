"""Complaints (art. 16.1), conflict notices (art. 39.4.2) and the SLA history (art. 38.1) over
the API: contacts submit and see their own customer's, staff see everyone's; another
customer's is 404; readers may not submit; the token's scope is named."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from helpdesk.duties.assign import assign_sla
from helpdesk.extensions import db
from helpdesk.models import ContractDuty, Invoice
from tests.api.conftest import issue_token, problem

NOW = datetime(2026, 5, 6, 8, 0, tzinfo=UTC)  # Wed 6 May 2026 10:00 Brussels


@pytest.fixture
def w(world, clock):
    clock.set(NOW)
    return world


def test_a_contact_submits_a_complaint_about_an_invoice_and_gets_the_verdict(client, w):
    db.session.add(Invoice(contract_id=w.customer_a.contracts[0].id, number="F-41",
                           invoiced_on=date(2026, 4, 22), amount_cents=9_900,
                           what_for="hours", recorded_at=NOW))
    db.session.commit()
    response = client.post("/api/v1/complaints", headers=w.headers("contact_a"), json={
        "subject": "invoice", "invoice": "F-41", "title": "Rate", "text": "Wrong rate."})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["verdict"] == "in_time" and body["window_ends_on"] == "2026-05-15"
    assert body["noticed_on"] == "2026-04-22" and body["channel"] == "api"
    assert response.headers["Location"].endswith(f"/api/v1/duties/{body['id']}")
    listed = client.get("/api/v1/complaints", headers=w.headers("contact_a")).get_json()
    assert [i["id"] for i in listed["items"]] == [body["id"]]


def test_another_customers_invoice_cannot_be_named(client, w):
    db.session.add(Invoice(contract_id=w.customer_b.contracts[0].id, number="B-1",
                           invoiced_on=date(2026, 4, 22), amount_cents=100, what_for="hours",
                           recorded_at=NOW))
    db.session.commit()
    response = client.post("/api/v1/complaints", headers=w.headers("contact_a"), json={
        "subject": "invoice", "invoice": "B-1", "title": "x", "text": "y"})
    assert "Choose the invoice" in problem(response, 422)["detail"]
    assert db.session.query(ContractDuty).count() == 0


def test_a_late_complaint_is_kept_and_marked_late(client, w):
    response = client.post("/api/v1/complaints", headers=w.headers("contact_a"), json={
        "subject": "service", "noticed_on": "2026-04-01", "title": "Old", "text": "Old."})
    body = response.get_json()
    assert response.status_code == 201 and body["verdict"] == "late"
    assert body["window_ends_on"] == "2026-04-23" and body["reason"].startswith("Late:")


def test_a_conflict_notice_starts_15_days_and_others_see_nothing(client, w):
    response = client.post("/api/v1/conflict-notices", headers=w.headers("contact_a"),
                           json={"title": "Dispute", "text": "We disagree."})
    body = response.get_json()
    assert response.status_code == 201 and body["verdict"] == "running"
    assert body["consultation_ends_on"] == "2026-05-21"
    assert body["consultation_ends_at"] == "2026-05-21T22:00:00Z"
    problem(client.get(f"/api/v1/duties/{body['id']}", headers=w.headers("contact_b")), 404)
    assert client.get("/api/v1/conflict-notices",
                      headers=w.headers("contact_b")).get_json()["items"] == []
    staff = client.get(f"/api/v1/conflict-notices?customer_id={w.customer_a.id}",
                       headers=w.headers("agent")).get_json()["items"]
    assert [i["id"] for i in staff] == [body["id"]]


def test_readers_and_staff_may_not_submit(client, w):
    for who in ("reader_a", "agent"):
        problem(client.post("/api/v1/complaints", headers=w.headers(who), json={
            "subject": "service", "noticed_on": "2026-05-05", "title": "x", "text": "y"}), 403)


def test_a_token_scoped_to_complaints_cannot_notify_a_conflict(client, w):
    token = issue_token(w.contact_a, scopes=["submit_complaint"])
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post("/api/v1/complaints", headers=headers, json={
        "subject": "service", "noticed_on": "2026-05-05", "title": "x",
        "text": "y"}).status_code == 201
    problem(client.post("/api/v1/conflict-notices", headers=headers,
                        json={"title": "x", "text": "y"}), 403)


def test_the_sla_history_is_the_own_customers_and_names_staff_only_to_staff(client, w):
    assign_sla(w.customer_a.contracts[0], preset="type5", definition=None, by=w.manager,
               now=NOW)
    db.session.commit()
    url = f"/api/v1/customers/{w.customer_a.id}/sla-history"
    mine = client.get(url, headers=w.headers("contact_a")).get_json()
    assert mine["sla_in_force"] == "type5"
    assert [(c["from"], c["to"], c["kind"]) for c in mine["changes"]] == [
        ("type4", "type5", "raised")]
    assert "by" not in mine["changes"][0]
    assert client.get(url, headers=w.headers("agent")).get_json()["changes"][0]["by"] == "Mia"
    problem(client.get(url, headers=w.headers("contact_b")), 404)
