"""Staff actions through the API: the same services as the staff page, the same clocks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import Ticket
from helpdesk.tickets import actions, log, projection
from tests.api.conftest import problem
from tests.factories import make_staff, make_ticket
from tests.factories import now as real_now

API_MODULES = ("helpdesk.api.tickets", "helpdesk.api.staff_actions")


class Clock:
    """The API's one clock read, set by the test (STYLE 4: the shell reads it, once)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.at = real_now()
        for module in API_MODULES:
            monkeypatch.setattr(f"{module}.utcnow", lambda: self.at)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def act(client, world, who: str, ticket: Ticket, action: str, body=None):  # type: ignore[no-untyped-def]
    return client.post(f"/api/v1/tickets/{ticket.reference}/{action}",
                       headers=world.headers(who), json=body)


def created(response, event_type: str) -> dict:  # type: ignore[type-arg]
    assert response.status_code == 201, response.get_data(as_text=True)
    body = response.get_json()
    assert body["type"] == event_type
    return body


def fold(ticket: Ticket, at: datetime):  # type: ignore[no-untyped-def]
    db.session.refresh(ticket)
    return projection.fold_ticket(ticket, log.events_of(ticket), at)


def test_assign_to_a_staff_member_and_back_to_nobody(client, world):
    ticket = world.ticket_a
    event = created(act(client, world, "agent", ticket, "assign",
                        {"staff_id": world.manager.id}), "assigned")
    assert event["details"] == {"staff_id": world.manager.id, "staff_name": "Mia"}
    assert event["actor"] == {"kind": "staff", "name": "Tom"}
    detail = client.get(f"/api/v1/tickets/{ticket.reference}", headers=world.headers("agent"))
    assert detail.get_json()["assignee"] == "Mia"
    created(act(client, world, "agent", ticket, "assign", {"staff_id": None}), "assigned")
    db.session.refresh(ticket)
    assert ticket.assignee_id is None


def test_assign_refuses_what_the_page_does_not_offer(client, world):
    gone = make_staff(name="Left", active=False)
    db.session.commit()
    for body, error in (({}, "required"), ({"staff_id": "Mia"}, "integer or null"),
                        ({"staff_id": True}, "integer or null"),
                        ({"staff_id": 2**31}, "integer or null"),
                        ({"staff_id": 999999}, "no such active staff member"),
                        ({"staff_id": gone.id}, "no such active staff member")):
        found = problem(act(client, world, "agent", world.ticket_a, "assign", body), 422)
        assert found["errors"] == {"staff_id": error}, body
    assert [e.type for e in log.events_of(world.ticket_a)] == ["submitted"]


def test_an_internal_note_is_kept_from_the_customer(client, world):
    ticket = world.ticket_a
    created(act(client, world, "agent", ticket, "notes", {"text": "Caller was rude"}),
            "note_added")
    staff = client.get(f"/api/v1/tickets/{ticket.reference}/events",
                       headers=world.headers("agent")).get_json()["items"]
    assert staff[-1]["body"] == "Caller was rude"
    contact = client.get(f"/api/v1/tickets/{ticket.reference}/events",
                         headers=world.headers("contact_a")).get_json()["items"]
    assert "note_added" not in [e["type"] for e in contact]
    assert problem(act(client, world, "agent", ticket, "notes", {"text": " "}), 422)[
        "errors"] == {"text": "required"}


def test_a_priority_change_moves_the_running_deadline_as_r12_says(client, world, clock):
    # Type 4 (06:00-24:00 Brussels). Reported Mon 2026-02-02 10:00 as P3 (light × all):
    # reaction target 2 days = 36 h of window time.
    ticket = make_ticket(world.contact_a, urgency="light", impact="all",
                         at=utc(2026, 2, 2, 9, 0))
    assert ticket.priority == "P3"
    clock.at = utc(2026, 2, 2, 10, 0)
    event = created(act(client, world, "agent", ticket, "priority", {
        "urgency": "blocking", "impact": "all", "reason": "Whole office down, agreed by phone"}),
        "priority_changed")
    assert event["details"]["priority"] == "P1"
    assert event["details"]["reason"] == "Whole office down, agreed by phone"
    # P1: 2 h counted from the original start (10:00 Brussels) -> 12:00 Brussels.
    db.session.refresh(ticket)
    assert (ticket.priority, ticket.next_deadline) == ("P1", utc(2026, 2, 2, 11, 0))
    assert fold(ticket, clock.at).clocks["reaction"].deadline == utc(2026, 2, 2, 11, 0)


def test_a_priority_change_never_puts_the_deadline_before_the_change(client, world, clock):
    ticket = make_ticket(world.contact_a, urgency="light", impact="all",
                         at=utc(2026, 2, 2, 9, 0))
    clock.at = utc(2026, 2, 2, 12, 30)  # 2 h from the start would be 11:00Z, already past
    created(act(client, world, "agent", ticket, "priority", {
        "urgency": "blocking", "impact": "all", "reason": "escalated by the customer"}),
        "priority_changed")
    reaction = fold(ticket, clock.at).clocks["reaction"]
    assert reaction.deadline == utc(2026, 2, 2, 12, 30)  # R12: not earlier than the change


def test_a_priority_change_needs_urgency_impact_and_a_reason(client, world):
    good = {"urgency": "blocking", "impact": "some", "reason": "agreed"}
    for field, value in (("urgency", "urgent"), ("impact", None), ("reason", "")):
        found = problem(act(client, world, "agent", world.ticket_a, "priority",
                            {**good, field: value}), 422)
        assert set(found["errors"]) == {field}
    problem(act(client, world, "agent", world.ticket_a, "priority",
                {**good, "reason": "x" * 2001}), 422)


def test_example_e_supplier_suspension_and_delivery_through_the_api(client, world, clock):
    # EXAMPLES.md E (type 4 and 5 share windows and targets): P1 resolution, 1 day = 18 h.
    ticket = make_ticket(world.contact_a, urgency="blocking", impact="all",
                         at=utc(2026, 3, 10, 7, 30))
    clock.at = utc(2026, 3, 10, 8, 0)  # Tue 09:00 Brussels
    created(act(client, world, "agent", ticket, "acknowledge"), "acknowledged")
    clock.at = utc(2026, 3, 10, 10, 0)  # Tue 11:00
    event = created(act(client, world, "agent", ticket, "supplier-suspension",
                        {"supplier": "  Telenet "}), "supplier_suspended")
    assert event["details"] == {"supplier": "Telenet"}
    db.session.refresh(ticket)
    assert ticket.status == "suspended"
    assert fold(ticket, clock.at).clocks["resolution"].state == "paused"
    problem(act(client, world, "agent", ticket, "supplier-suspension", {"supplier": "X"}), 409)
    clock.at = utc(2026, 3, 13, 9, 0)  # Fri 10:00: suspended through Friday 24:00 (R6)
    created(act(client, world, "agent", ticket, "supplier-delivered"), "supplier_delivered")
    resolution = fold(ticket, utc(2026, 3, 16, 12, 0)).clocks["resolution"]
    assert resolution.deadline == utc(2026, 3, 16, 21, 0)  # Mon 22:00 Brussels
    problem(act(client, world, "agent", ticket, "supplier-delivered"), 409)


def test_a_supplier_suspension_needs_an_acknowledged_ticket_and_a_name(client, world):
    refusal = problem(act(client, world, "agent", world.ticket_a, "supplier-suspension",
                          {"supplier": "Proximus"}), 409)
    assert refusal["detail"] == "Only an acknowledged, open ticket can wait for a supplier."
    problem(act(client, world, "agent", world.ticket_a, "supplier-suspension", {}), 422)


def test_onsite_moves_the_resolution_deadline_one_working_day_r7(client, world, clock):
    # Type 4, P2: resolution 2 days = 36 h from the acknowledgement, Mon 10:00 -> Wed 10:00.
    ticket = make_ticket(world.contact_a, urgency="blocking", impact="some",
                         at=utc(2026, 2, 2, 8, 30))
    problem(act(client, world, "agent", ticket, "onsite"), 409)  # not acknowledged yet
    clock.at = utc(2026, 2, 2, 9, 0)
    created(act(client, world, "agent", ticket, "acknowledge"), "acknowledged")
    assert fold(ticket, clock.at).clocks["resolution"].deadline == utc(2026, 2, 4, 9, 0)
    clock.at = utc(2026, 2, 2, 10, 0)
    created(act(client, world, "agent", ticket, "onsite"), "onsite_agreed")
    assert fold(ticket, clock.at).clocks["resolution"].deadline == utc(2026, 2, 5, 9, 0)
    db.session.refresh(ticket)
    assert ticket.next_deadline == utc(2026, 2, 5, 9, 0)


def test_a_workaround_stops_the_resolution_clock_and_makes_the_ticket_p3_r8(client, world):
    ticket = world.ticket_a  # blocking × some: P2
    note = {"note": "Mail goes through the backup relay."}
    problem(act(client, world, "agent", ticket, "workaround", note), 409)
    created(act(client, world, "agent", ticket, "acknowledge"), "acknowledged")
    event = created(act(client, world, "agent", ticket, "workaround", note),
                    "workaround_applied")
    assert event["body"] == "Mail goes through the backup relay."
    body = client.get(f"/api/v1/tickets/{ticket.reference}",
                      headers=world.headers("contact_a")).get_json()
    assert (body["status"], body["priority"]) == ("workaround_applied", "P3")
    resolution = fold(ticket, real_now()).clocks["resolution"]
    assert resolution.state == "met"
    assert resolution.stopped_at.isoformat().replace("+00:00", "Z") == event["at"]


def test_not_an_incident_voids_the_clocks_art_38_3(client, world):
    ticket = world.ticket_a
    event = created(act(client, world, "agent", ticket, "not-an-incident",
                        {"reason": "caused by the customer"}), "not_an_incident")
    assert event["details"] == {"reason": "caused by the customer"}
    db.session.refresh(ticket)
    assert ticket.status == "not_an_incident" and ticket.next_deadline is None
    states = {c.state for c in fold(ticket, real_now()).clocks.values() if c.applicable}
    assert states == {"void"}
    again = problem(act(client, world, "agent", ticket, "not-an-incident",
                        {"reason": "force majeure"}), 409)
    assert again["detail"] == "The ticket is already closed."
    found = problem(act(client, world, "agent", world.ticket_b, "not-an-incident",
                        {"reason": "it was Tuesday"}), 422)
    assert set(found["errors"]) == {"reason"}
    problem(act(client, world, "agent", world.ticket_b, "not-an-incident",
                {"reason": "force majeure", "detail": "x" * 501}), 422)
    detailed = created(act(client, world, "agent", world.ticket_b, "not-an-incident", {
        "reason": "provider maintenance", "detail": "Thursday  window\n21:00"}),
        "not_an_incident")
    assert detailed["details"] == {"reason": "provider maintenance: Thursday window 21:00"}


def test_time_entries_are_split_into_rate_classes_art_6_4(client, world, clock):
    clock.at = utc(2026, 2, 10, 12, 0)
    weekend = created(act(client, world, "agent", world.ticket_a, "time-entries", {
        "start": "2026-02-07T10:00:00+01:00", "end": "2026-02-07T11:30:00+01:00",
        "description": "Saturday call-out"}), "time_logged")
    assert weekend["details"]["minutes"] == {"normal": 0, "outside_hours": 0,
                                             "weekend_holiday": 90}
    # In UTC with Z: Mon 16:30-17:30 Brussels straddles the end of working hours (17:00).
    evening = created(act(client, world, "agent", world.ticket_a, "time-entries", {
        "start": "2026-02-09T15:30:00Z", "end": "2026-02-09T16:30:00Z",
        "description": "Restore"}), "time_logged")
    assert evening["details"]["minutes"] == {"normal": 30, "outside_hours": 30,
                                             "weekend_holiday": 0}
    assert evening["details"]["start"] == "2026-02-09T15:30:00+00:00"  # stored in UTC


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"start": "2026-02-09T10:00:00"}, "start", "no UTC offset"),
    ({"end": "2026-02-09"}, "end", "no UTC offset"),
    ({"start": "yesterday"}, "start", "ISO 8601"),
    ({"start": 1770000000}, "start", "ISO 8601"),
    ({"start": "0001-01-01T00:00:00+01:00"}, "start", "between"),
    ({"description": ""}, "description", "required"),
])
def test_time_entries_refuse_malformed_input_with_422(client, world, clock, body, field,
                                                      words):
    clock.at = utc(2026, 2, 10, 12, 0)
    good = {"start": "2026-02-09T10:00:00+01:00", "end": "2026-02-09T11:00:00+01:00",
            "description": "Remote fix"}
    found = problem(act(client, world, "agent", world.ticket_a, "time-entries",
                        {**good, **body}), 422)
    assert set(found["errors"]) == {field} and words in found["detail"]


@pytest.mark.parametrize(("start", "end", "words"), [
    ("2026-02-09T11:00:00+01:00", "2026-02-09T10:00:00+01:00", "after its start"),
    ("2026-02-10T12:00:00Z", "2026-02-10T12:30:00Z", "future"),
    ("2026-02-08T10:00:00Z", "2026-02-09T10:00:01Z", "24 hours"),
    ("1970-01-01T00:00:00Z", "2026-02-09T10:00:00Z", "24 hours"),
])
def test_time_entries_the_service_refuses_are_422_too(client, world, clock, start, end, words):
    clock.at = utc(2026, 2, 10, 12, 0)
    found = problem(act(client, world, "agent", world.ticket_a, "time-entries", {
        "start": start, "end": end, "description": "x"}), 422)
    assert words in found["detail"]
    assert [e.type for e in log.events_of(world.ticket_a)] == ["submitted"]


STAFF_ACTIONS = {
    "assign": {"staff_id": None}, "notes": {"text": "x"},
    "priority": {"urgency": "light", "impact": "some", "reason": "x"},
    "supplier-suspension": {"supplier": "x"}, "supplier-delivered": None, "onsite": None,
    "workaround": {"note": "x"}, "not-an-incident": {"reason": "force majeure"},
    "time-entries": {"start": "2026-02-09T10:00:00Z", "end": "2026-02-09T11:00:00Z",
                     "description": "x"},
}


@pytest.mark.parametrize("action", sorted(STAFF_ACTIONS))
def test_contact_persons_may_not_take_staff_actions(client, world, action):
    for who in ("contact_a", "reader_a"):
        found = problem(act(client, world, who, world.ticket_a, action,
                            STAFF_ACTIONS[action]), 403)
        assert found["detail"] == "Only staff tokens may do this."
    assert [e.type for e in log.events_of(world.ticket_a)] == ["submitted"]


@pytest.mark.parametrize("action", sorted(STAFF_ACTIONS))
def test_staff_actions_on_an_unknown_ticket_are_404(client, world, action):
    response = client.post(f"/api/v1/tickets/HD-1999-00000/{action}",
                           headers=world.headers("agent"), json=STAFF_ACTIONS[action])
    problem(response, 404)


def test_actions_call_the_services_the_pages_call(client, world):
    # The same refusal text as the staff page shows (tickets/actions.py), not a copy.
    actions.acknowledge(world.ticket_b, by=world.agent, now=real_now())
    actions.resolve(world.ticket_b, by=world.agent, now=real_now())
    db.session.commit()
    found = problem(act(client, world, "agent", world.ticket_b, "workaround",
                        {"note": "x"}), 409)
    assert found["detail"] == "A workaround applies to an acknowledged, open ticket."
    assert db.session.scalar(select(Ticket.status).where(Ticket.id == world.ticket_b.id)) \
        == "resolved"
