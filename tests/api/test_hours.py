"""The hours statement over the API (art. 6.6, R25): a contact lists and disputes their own
customer's entries within the 7 days (409 after), another customer's entry is 404, a reader
may not dispute, staff resolve."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from helpdesk.extensions import db
from helpdesk.web import services
from tests.api.conftest import problem


def log_entry(world, at: datetime):
    event = services.log_time(world.ticket_a, by=world.agent, start=at - timedelta(hours=2),
                              end=at - timedelta(hours=1), description="Printer driver",
                              now=at)
    db.session.commit()
    return event


def test_a_contact_disputes_in_time_and_staff_confirm(client, world, clock):
    logged = datetime(2026, 11, 16, 14, 0, tzinfo=UTC)  # Monday 15:00 Brussels
    clock.set(logged)
    event = log_entry(world, logged)
    listed = client.get("/api/v1/hours", headers=world.headers("contact_a")).get_json()
    item = next(i for i in listed["items"] if i["id"] == event.id)
    # Monday 16 Nov + 7 days = Monday 23 Nov; closes Tuesday 24 Nov 00:00 Brussels.
    assert item["dispute_until"] == "2026-11-23T23:00:00Z" and item["state"] == "awaiting"
    assert item["minutes"] == 60 and not item["counted"]
    assert client.get("/api/v1/hours", headers=world.headers("contact_b")).get_json()[
        "items"] == []
    problem(client.get(f"/api/v1/hours/{event.id}", headers=world.headers("contact_b")), 404)
    problem(client.post(f"/api/v1/hours/{event.id}/dispute", json={"reason": "no"},
                        headers=world.headers("reader_a")), 403)
    clock.set(datetime(2026, 11, 23, 22, 59, tzinfo=UTC))
    disputed = client.post(f"/api/v1/hours/{event.id}/dispute",
                           json={"reason": "We did not ask for this."},
                           headers=world.headers("contact_a"))
    assert disputed.status_code == 200 and disputed.get_json()["state"] == "disputed"
    problem(client.post(f"/api/v1/hours/{event.id}/resolve",
                        json={"outcome": "confirmed", "note": "ok"},
                        headers=world.headers("contact_a")), 403)
    resolved = client.post(f"/api/v1/hours/{event.id}/resolve",
                           json={"outcome": "confirmed", "note": "You asked on the phone."},
                           headers=world.headers("agent"))
    assert resolved.status_code == 200
    assert resolved.get_json()["state"] == "confirmed" and resolved.get_json()["counted"]


def test_a_dispute_after_the_window_is_409_and_the_hours_are_accepted(client, world, clock):
    logged = datetime(2026, 11, 16, 14, 0, tzinfo=UTC)
    clock.set(logged)
    event = log_entry(world, logged)
    clock.set(datetime(2026, 11, 23, 23, 0, tzinfo=UTC))
    refused = problem(client.post(f"/api/v1/hours/{event.id}/dispute",
                                  json={"reason": "late"}, headers=world.headers("contact_a")),
                      409)
    assert "7 days" in refused["detail"] and "2026-11-23" in refused["detail"]
    got = client.get(f"/api/v1/hours/{event.id}", headers=world.headers("contact_a"))
    assert got.get_json()["state"] == "accepted" and got.get_json()["counted"]


def test_managers_suspend_and_lift_over_the_api_and_contacts_see_their_own(client, world,
                                                                          clock):
    clock.set(datetime(2026, 11, 16, 8, 0, tzinfo=UTC))
    url = f"/api/v1/customers/{world.customer_a.id}/payment-suspension"
    problem(client.post(url, json={"reason": "unpaid"}, headers=world.headers("agent")), 403)
    started = client.post(url, json={"reason": "Invoice 14 unpaid"},
                          headers=world.headers("manager"))
    assert started.status_code == 200 and started.get_json()["running"]
    problem(client.post(url, json={"reason": "again"}, headers=world.headers("manager")), 409)
    own = client.get("/api/v1/payment-suspensions", headers=world.headers("contact_a"))
    assert [s["reason"] for s in own.get_json()["items"]] == ["Invoice 14 unpaid"]
    other = client.get("/api/v1/payment-suspensions", headers=world.headers("contact_b"))
    assert other.get_json()["items"] == []
    stopped = client.post(f"/api/v1/payment-suspensions/{started.get_json()['id']}/stop",
                          json={"reason": "Paid"}, headers=world.headers("manager"))
    assert stopped.status_code == 200 and not stopped.get_json()["running"]
