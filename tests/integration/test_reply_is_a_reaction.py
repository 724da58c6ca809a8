"""Issue #19, item 4: R26, a staff member's first reply to the customer is the reaction
(art. 39.1.2: a human reacting to the customer), on the page and through the API alike; and
acknowledging offers "assign to me"."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from helpdesk.auth.api_tokens import issue
from helpdesk.extensions import db
from helpdesk.models import OutboxMessage
from helpdesk.tickets import actions, log, projection
from tests.factories import login, make_staff, make_ticket
from tests.integration.test_web_helpers import events, page, world

# Type 4, P1 (blocking × all employees): reaction 2 h, resolution 1 day = 18 h of window
# time (R4), window Mon-Fri 06:00-24:00 Brussels (art. 39.1.2, 35.3).
# Submitted Mon 2 Feb 2026 10:00 Brussels (09:00Z): the reaction is due 12:00 (11:00Z).
SUBMITTED = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)
REACTION_DUE = datetime(2026, 2, 2, 11, 0, tzinfo=UTC)
NOTE_AT = datetime(2026, 2, 2, 9, 30, tzinfo=UTC)  # 10:30 Brussels
# The reply at 10:45 Brussels (09:45Z) reacts. R2: the resolution clock runs from then:
# Monday 10:45-24:00 counts 13 h 15 min, the other 4 h 45 min Tuesday 06:00-10:45, so it
# is due Tue 3 Feb 10:45 Brussels (09:45Z), the same clock time on the next working day.
REPLY_AT = datetime(2026, 2, 2, 9, 45, tzinfo=UTC)
RESOLUTION_DUE = datetime(2026, 2, 3, 9, 45, tzinfo=UTC)


@pytest.fixture
def w(client, clock):
    clock.set(SUBMITTED)
    found = world()
    login(client, found.staff)
    return found


def critical(w):  # type: ignore[no-untyped-def]
    return make_ticket(w.contact, title="Mail down", urgency="blocking", impact="all",
                       at=SUBMITTED)


def clocks_of(ticket):  # type: ignore[no-untyped-def]
    db.session.refresh(ticket)
    return projection.fold_ticket(ticket, log.events_of(ticket), REPLY_AT)


def test_the_first_reply_on_the_page_stops_the_reaction_clock_r26(client, w, clock):
    ticket = critical(w)
    assert ticket.next_deadline == REACTION_DUE
    clock.set(NOTE_AT)
    client.post(f"/staff/tickets/{ticket.reference}/note", data={"text": "Router model X"})
    clock.set(REPLY_AT)
    done = client.post(f"/staff/tickets/{ticket.reference}/reply",
                       data={"text": "We see it too; a technician is on it."},
                       follow_redirects=True)
    assert "it acknowledged the ticket (R26)" in page(done)
    assert events(ticket) == ["submitted", "note_added", "acknowledged"]
    [reaction] = [e for e in log.events_of(ticket) if e.type == "acknowledged"]
    assert (reaction.at, reaction.body, reaction.payload) == (
        REPLY_AT, "We see it too; a technician is on it.", {"reply": True})
    state = clocks_of(ticket)
    assert state.status == "acknowledged"
    assert (state.clocks["reaction"].state, state.clocks["reaction"].stopped_at) == (
        "met", REPLY_AT)
    assert state.clocks["resolution"].deadline == RESOLUTION_DUE
    assert ticket.next_deadline == RESOLUTION_DUE
    # One mail, the reply itself: no separate "being handled" message.
    [mail] = db.session.query(OutboxMessage).filter_by(ticket_id=ticket.id).all()
    assert (mail.kind, mail.to_addr) == ("reply", w.contact.email)
    assert mail.body_text == "We see it too; a technician is on it."


def test_an_internal_note_is_no_reaction(client, w, clock):
    ticket = critical(w)
    clock.set(NOTE_AT)
    client.post(f"/staff/tickets/{ticket.reference}/note", data={"text": "Looking"})
    db.session.refresh(ticket)
    assert ticket.status == "open" and ticket.next_deadline == REACTION_DUE


def test_only_the_first_reply_acknowledges(client, w, clock):
    ticket = critical(w)
    clock.set(REPLY_AT)
    client.post(f"/staff/tickets/{ticket.reference}/reply", data={"text": "On it."})
    later = datetime(2026, 2, 2, 10, 15, tzinfo=UTC)
    clock.set(later)
    client.post(f"/staff/tickets/{ticket.reference}/reply", data={"text": "Still on it."})
    assert events(ticket) == ["submitted", "acknowledged", "staff_reply"]
    assert clocks_of(ticket).clocks["reaction"].stopped_at == REPLY_AT


def test_a_reply_through_the_api_is_the_same_reaction(client, w, clock):
    ticket = critical(w)
    secret = issue(w.staff, name="script", now=SUBMITTED).secret
    db.session.commit()
    clock.set(REPLY_AT)
    answer = client.post(f"/api/v1/tickets/{ticket.reference}/messages",
                         headers={"Authorization": f"Bearer {secret}"},
                         json={"text": "We see it too."})
    assert answer.status_code == 201
    body = answer.get_json()
    assert (body["type"], body["body"], body["details"]) == (
        "acknowledged", "We see it too.", {"reply": True})
    state = clocks_of(ticket)
    assert state.clocks["reaction"].stopped_at == REPLY_AT
    assert state.clocks["resolution"].deadline == RESOLUTION_DUE


def test_the_acknowledge_form_ticks_assign_to_me_only_for_an_unassigned_ticket(client, w):
    ticket = critical(w)
    box = re.compile(r'<input[^>]*name="assign_to_me"[^>]*>')
    unassigned = box.search(page(client.get(f"/staff/tickets/{ticket.reference}")))
    assert unassigned is not None and "checked" in unassigned.group(0)
    actions.assign(ticket, to=make_staff(name="Lea"), by=w.staff, now=SUBMITTED)
    db.session.commit()
    theirs = box.search(page(client.get(f"/staff/tickets/{ticket.reference}")))
    assert theirs is not None and "checked" not in theirs.group(0)


def test_acknowledging_with_assign_to_me_records_both_events(client, w, clock):
    ticket = critical(w)
    clock.set(REPLY_AT)
    done = client.post(f"/staff/tickets/{ticket.reference}/acknowledge",
                       data={"message": "", "assign_to_me": "y"}, follow_redirects=True)
    assert "Acknowledged and assigned to you" in page(done)
    rows = log.events_of(ticket)
    assert [(e.type, e.at) for e in rows[1:]] == [("acknowledged", REPLY_AT),
                                                 ("assigned", REPLY_AT)]
    assert rows[-1].payload == {"staff_id": w.staff.id, "staff_name": "Tom"}
    db.session.refresh(ticket)
    assert ticket.assignee_id == w.staff.id


def test_acknowledging_without_the_box_leaves_the_assignment(client, w):
    ticket = critical(w)
    client.post(f"/staff/tickets/{ticket.reference}/acknowledge", data={"message": ""})
    assert events(ticket) == ["submitted", "acknowledged"]
    db.session.refresh(ticket)
    assert ticket.assignee_id is None


def test_the_api_acknowledgement_can_assign_too(client, w):
    ticket = critical(w)
    secret = issue(w.staff, name="script", now=SUBMITTED).secret
    db.session.commit()
    url = f"/api/v1/tickets/{ticket.reference}/acknowledge"
    headers = {"Authorization": f"Bearer {secret}"}
    wrong = client.post(url, headers=headers, json={"assign_to_me": "yes"})
    assert wrong.status_code == 422 and wrong.get_json()["errors"] == {
        "assign_to_me": "boolean"}
    assert client.post(url, headers=headers, json={"assign_to_me": True}).status_code == 201
    assert events(ticket) == ["submitted", "acknowledged", "assigned"]
    db.session.refresh(ticket)
    assert ticket.assignee_id == w.staff.id
