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


# Staff register a complaint or conflict notice on a customer's behalf (the staff pages'
# register functions and checks), with the instant and channel of receipt.

def test_a_staff_token_registers_a_complaint_received_by_letter(client, w):
    db.session.add(Invoice(contract_id=w.customer_a.contracts[0].id, number="F-41",
                           invoiced_on=date(2026, 4, 22), amount_cents=9_900,
                           what_for="hours", recorded_at=NOW))
    db.session.commit()
    token = issue_token(w.agent, scopes=["register_complaint"])
    db.session.commit()
    response = client.post(
        f"/api/v1/customers/{w.customer_a.id}/complaints",
        headers={"Authorization": f"Bearer {token}"}, json={
            "subject": "invoice", "invoice": "F-41", "title": "Rate", "text": "Wrong rate.",
            "received_at": "2026-05-05T16:30:00+02:00", "channel": "letter"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["channel"] == "letter" and body["received_at"] == "2026-05-05T14:30:00Z"
    # art. 16.1: from the invoice's date, 22 April, 15 working days end on Fri 15 May
    assert body["verdict"] == "in_time" and body["window_ends_on"] == "2026-05-15"
    assert response.headers["Location"].endswith(f"/api/v1/duties/{body['id']}")
    duty = db.session.get(ContractDuty, body["id"])
    assert duty.customer_id == w.customer_a.id and duty.registered_by_id == w.agent.id
    assert duty.contact_id is None
    listed = client.get("/api/v1/complaints", headers=w.headers("contact_a")).get_json()
    assert [i["id"] for i in listed["items"]] == [body["id"]]  # the customer sees it


def test_received_at_defaults_to_now_and_the_channel_to_the_staff_forms(client, w):
    complaint = client.post(f"/api/v1/customers/{w.customer_b.id}/complaints",
                            headers=w.headers("agent"), json={
                                "subject": "service", "noticed_on": "2026-04-01",
                                "title": "Old", "text": "Old."}).get_json()
    assert complaint["received_at"] == "2026-05-06T08:00:00Z" and complaint["channel"] == "email"
    assert complaint["verdict"] == "late"  # registered all the same, marked late
    notice = client.post(f"/api/v1/customers/{w.customer_b.id}/conflict-notices",
                         headers=w.headers("agent"),
                         json={"title": "Dispute", "text": "We disagree."})
    assert notice.status_code == 201
    assert notice.get_json()["channel"] == "registered_letter"
    assert notice.get_json()["received_at"] == "2026-05-06T08:00:00Z"


def test_a_staff_token_registers_a_conflict_notice_and_the_managers_are_told(client, w):
    from helpdesk.models import OutboxMessage

    token = issue_token(w.agent, scopes=["register_conflict_notice"])
    db.session.commit()
    response = client.post(
        f"/api/v1/customers/{w.customer_a.id}/conflict-notices",
        headers={"Authorization": f"Bearer {token}"}, json={
            "title": "Dispute", "text": "We disagree.",
            "received_at": "2026-05-04T23:30:00+02:00", "channel": "email"})
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    # art. 39.4.2: received Mon 4 May (Brussels); the 15th day after is Tue 19 May
    assert body["consultation_ends_on"] == "2026-05-19" and body["verdict"] == "running"
    assert body["notes"] and "registered letter" in body["notes"][0]
    told = db.session.query(OutboxMessage).filter_by(kind="conflict_notice").all()
    assert [m.to_addr for m in told] == [w.manager.email]
    assert "consult by 2026-05-19" in told[0].subject


def test_a_contact_token_may_not_register_on_a_customers_behalf(client, w):
    for customer in (w.customer_a, w.customer_b):  # not even for its own customer
        for path, body in (("complaints", {"subject": "service", "noticed_on": "2026-05-05",
                                           "title": "x", "text": "y"}),
                           ("conflict-notices", {"title": "x", "text": "y"})):
            refused = client.post(f"/api/v1/customers/{customer.id}/{path}",
                                  headers=w.headers("contact_a"), json=body)
            assert problem(refused, 403)["detail"] == "Only staff tokens may do this."
    assert db.session.query(ContractDuty).count() == 0


def test_a_contact_submits_only_for_its_own_customer_received_now(client, w):
    for extra in ({"customer_id": w.customer_b.id},
                  {"received_at": "2026-05-01T09:00:00+02:00"}, {"channel": "letter"}):
        refused = client.post("/api/v1/complaints", headers=w.headers("contact_a"), json={
            "subject": "service", "noticed_on": "2026-05-05", "title": "x", "text": "y",
            **extra})
        detail = problem(refused, 422)
        assert "submits for their own customer, received now" in detail["detail"]
        assert list(detail["errors"]) == list(extra)
    refused = client.post("/api/v1/conflict-notices", headers=w.headers("contact_a"),
                          json={"title": "x", "text": "y", "customer_id": w.customer_b.id})
    problem(refused, 422)
    assert db.session.query(ContractDuty).count() == 0
    made = client.post("/api/v1/complaints", headers=w.headers("contact_a"), json={
        "subject": "service", "noticed_on": "2026-05-05", "title": "x", "text": "y"})
    assert made.status_code == 201
    assert db.session.get(ContractDuty, made.get_json()["id"]).customer_id == w.customer_a.id


def test_a_staff_token_without_the_scope_is_refused(client, w):
    token = issue_token(w.agent, scopes=["read", "register_conflict_notice"])
    db.session.commit()
    refused = client.post(f"/api/v1/customers/{w.customer_a.id}/complaints",
                          headers={"Authorization": f"Bearer {token}"}, json={
                              "subject": "service", "noticed_on": "2026-05-05",
                              "title": "x", "text": "y"})
    assert "do not include 'register_complaint'" in problem(refused, 403)["detail"]
    other = issue_token(w.agent, scopes=["register_complaint"])
    db.session.commit()
    refused = client.post(f"/api/v1/customers/{w.customer_a.id}/conflict-notices",
                          headers={"Authorization": f"Bearer {other}"},
                          json={"title": "x", "text": "y"})
    assert "do not include 'register_conflict_notice'" in problem(refused, 403)["detail"]
    assert db.session.query(ContractDuty).count() == 0


@pytest.mark.parametrize(("body", "status", "says"), [
    ({"received_at": "2026-05-06T09:30:00"}, 422, "received_at has no UTC offset"),
    ({"received_at": "yesterday"}, 422, "received_at must be an ISO 8601 date and time"),
    ({"received_at": "2026-05-07T09:30:00+02:00"}, 422,
     "The date of receipt cannot be in the future."),
    ({"channel": "portal"}, 422, "channel must be one of: registered_letter, email, letter."),
    ({"title": " "}, 422, "title is required text."),
    ({"subject": "weather"}, 422, "subject is invoice or service."),
    ({"noticed_on": "2026-05-07"}, 422,
     "The problem cannot have been noticed after the complaint arrived."),
    ({"subject": "invoice", "invoice": "NOPE"}, 422, "Choose the invoice"),
])
def test_bad_input_is_refused_with_what_is_wrong(client, w, body, status, says):
    good = {"subject": "service", "noticed_on": "2026-05-05", "title": "x", "text": "y"}
    refused = client.post(f"/api/v1/customers/{w.customer_a.id}/complaints",
                          headers=w.headers("agent"), json={**good, **body})
    assert says in problem(refused, status)["detail"]
    assert db.session.query(ContractDuty).count() == 0


def test_an_unknown_customer_or_a_body_that_is_no_object_is_refused(client, w):
    problem(client.post("/api/v1/customers/999999/conflict-notices",
                        headers=w.headers("agent"), json={"title": "x", "text": "y"}), 404)
    url = f"/api/v1/customers/{w.customer_a.id}/conflict-notices"
    assert "JSON object" in problem(client.post(url, headers=w.headers("agent"),
                                                json=["x"]), 400)["detail"]
    assert "not valid JSON" in problem(client.post(
        url, headers={**w.headers("agent"), "Content-Type": "application/json"},
        data="{"), 400)["detail"]
    refused = client.post(url, headers=w.headers("agent"), json={
        "title": "x", "text": "y", "received_at": "2026-05-07T09:30:00+02:00"})
    assert problem(refused, 422)["detail"] == "The date of receipt cannot be in the future."
    assert db.session.query(ContractDuty).count() == 0
