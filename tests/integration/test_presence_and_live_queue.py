"""Issue #16: presence on the ticket page (who else views or replies; entries expire; staff
only) and the live queue (an ETag from the newest event and the deadlines passed: 304 while
nothing changed, the page's own rows as soon as something did)."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from flask_login import login_user
from sqlalchemy import event

from helpdesk.extensions import db
from helpdesk.tickets import actions
from helpdesk.web.staff import queues
from helpdesk.workflow import presence
from tests.factories import login, make_staff, make_ticket
from tests.integration.test_web_helpers import page, world

NOW = datetime(2026, 2, 2, 9, 0, tzinfo=UTC)  # Monday 10:00 Brussels


@pytest.fixture
def w(clock):
    clock.set(NOW)
    found = world()
    found.other = make_staff(name="Olga")
    db.session.commit()
    found.ticket = make_ticket(found.contact, title="Mail down", at=NOW)
    return found


def poll(client, ticket, activity="viewing"):  # type: ignore[no-untyped-def]
    return client.post(f"/staff/tickets/{ticket.reference}/presence",
                       data={"activity": activity})


def other_polls(w, ticket, activity, at):  # type: ignore[no-untyped-def]
    """Olga's page polling (the service the route calls: one test client is one user)."""
    presence.touch(ticket, w.other, activity=activity, now=at)
    db.session.commit()


def test_another_staff_member_sees_who_views_and_who_replies(client, w, clock):
    login(client, w.staff)
    assert poll(client, w.ticket).get_json()["others"] == []
    assert [(p.name, p.activity) for p in presence.others(w.ticket, me=w.other, now=NOW)] \
        == [("Tom", "viewing")]
    other_polls(w, w.ticket, "replying", NOW)
    back = poll(client, w.ticket).get_json()
    assert back["others"] == [{"name": "Olga", "activity": "replying"}]
    assert back["text"] == "Olga is replying to this ticket."
    # Shown on the page itself too, before any script runs.
    assert "Olga is replying to this ticket." in page(client.get(
        f"/staff/tickets/{w.ticket.reference}"))


def test_entries_expire_after_the_ttl_and_leaving_removes_at_once(client, w, clock):
    login(client, w.staff)
    other_polls(w, w.ticket, "viewing", NOW)
    clock.set(NOW + presence.TTL)
    assert [p["name"] for p in poll(client, w.ticket).get_json()["others"]] == ["Olga"]
    clock.set(NOW + presence.TTL + timedelta(seconds=1))
    assert poll(client, w.ticket).get_json()["others"] == []
    other_polls(w, w.ticket, "viewing", NOW + presence.TTL + timedelta(seconds=1))
    assert poll(client, w.ticket).get_json()["others"] != []
    other_polls(w, w.ticket, "left", NOW + presence.TTL + timedelta(seconds=1))
    assert poll(client, w.ticket).get_json()["others"] == []


def test_my_own_poll_records_me_and_leaving_removes_me(client, w, clock):
    login(client, w.staff)
    poll(client, w.ticket, "replying")
    assert [(p.name, p.activity) for p in presence.others(w.ticket, me=w.other, now=NOW)] \
        == [("Tom", "replying")]
    poll(client, w.ticket, "left")
    assert presence.others(w.ticket, me=w.other, now=NOW) == []


def test_presence_is_per_ticket(client, w, clock):
    elsewhere = make_ticket(w.contact, at=NOW)
    login(client, w.staff)
    other_polls(w, elsewhere, "viewing", NOW)
    assert poll(client, w.ticket).get_json()["others"] == []


def test_presence_refuses_contacts_and_unknown_activities(client, w):
    login(client, w.contact)
    assert poll(client, w.ticket).status_code == 403
    client.post("/logout")
    login(client, w.staff)
    assert poll(client, w.ticket, "dancing").status_code == 400


def live(client, tag=None, show="open"):  # type: ignore[no-untyped-def]
    headers = {"If-None-Match": tag} if tag else {}
    return client.get(f"/staff/queue/live?show={show}", headers=headers)


def test_the_live_queue_answers_304_until_something_changes(client, w, clock):
    login(client, w.staff)
    first = live(client)
    assert first.status_code == 200
    tag = first.headers["ETag"]
    assert w.ticket.reference in first.get_json()["rows"]
    assert first.get_json()["counts"]["open"] == 1
    clock.set(NOW + timedelta(seconds=30))
    again = live(client, tag)
    assert again.status_code == 304 and again.get_data() == b""
    # A new ticket is a new event: the next poll carries it.
    fresh = make_ticket(w.contact, title="Printer on fire", at=NOW + timedelta(seconds=30))
    changed = live(client, tag)
    assert changed.status_code == 200 and changed.headers["ETag"] != tag
    assert fresh.reference in changed.get_json()["rows"]
    assert changed.get_json()["counts"]["open"] == 2


@pytest.mark.parametrize("query", [
    "priority=P2&show=open",  # another order
    "show=open&priority=P1&priority=P2",  # the filter form repeats a key per value
])
def test_the_page_carries_its_tag_so_the_first_poll_is_a_304(client, w, query):
    """A page load is not followed by the same work again: the page names the tag of what
    it shows and its live URL, and that URL answers 304 to the tag and lists the same
    rows and counts when something changed."""
    login(client, w.staff)
    shown = page(client.get(f"/staff/?{query}"))
    tag = html.unescape(re.search(r'data-etag="([^"]+)"', shown).group(1))
    url = html.unescape(re.search(r'data-live="([^"]+)"', shown).group(1))
    assert client.get(url, headers={"If-None-Match": tag}).status_code == 304
    make_ticket(w.contact, title="Printer on fire", at=NOW)
    changed = client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200
    assert changed.get_json()["counts"]["open"] == 2  # both P2: the filter kept its values
    assert w.ticket.reference in changed.get_json()["rows"]


def test_the_tag_reads_indexes_only(client, w):
    """A poll runs every second for every agent: its one statement of three lookups must not
    read the open tickets' rows (on next_deadline they did, 30 ms a poll at 10,000 open
    tickets)."""
    statements: list[tuple[str, object]] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    login(client, w.staff)
    with client.application.test_request_context("/staff/queue/live?show=open"):
        login_user(w.staff)
        event.listen(db.engine, "before_cursor_execute", seen)
        try:
            queues.queue_tag(NOW)
        finally:
            event.remove(db.engine, "before_cursor_execute", seen)
        if db.engine.dialect.name != "sqlite":
            return
        tag_reads = [s for s in statements if "ticket" in s[0]]
        assert len(tag_reads) == 1
        statement, parameters = tag_reads[0]
        plan = [row[-1] for row in db.session.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {statement}", parameters)]
        reads = [step for step in plan if step.startswith(("SEARCH", "SCAN"))
                 and step != "SCAN CONSTANT ROW"]
        assert len(reads) == 3, plan
        assert all("COVERING INDEX" in step or step == "SEARCH ticket_event"
                   for step in reads), plan


def test_a_deadline_passing_changes_the_tag_without_any_event(client, w, clock):
    login(client, w.staff)
    # P2 (blocking, some): the reaction is due one day later, Tue 3 Feb 10:00 Brussels (R4).
    due = w.ticket.next_deadline
    clock.set(due - timedelta(seconds=1))
    tag = live(client).headers["ETag"]
    assert live(client, tag).status_code == 304
    clock.set(due + timedelta(seconds=1))
    breached = live(client, tag)
    assert breached.status_code == 200
    assert breached.get_json()["counts"]["breached"] == 1


def test_the_tag_is_per_user_and_per_queue(client, w):
    login(client, w.staff)
    tom = live(client).headers["ETag"]
    assert live(client, show="mine").headers["ETag"] != tom
    client.post("/logout")
    login(client, w.other)
    assert live(client, tom).status_code == 200


def test_an_assignment_shows_on_the_next_poll(client, w, clock):
    login(client, w.staff)
    tag = live(client, show="mine").headers["ETag"]
    actions.assign(w.ticket, to=w.staff, by=w.staff, now=NOW)
    db.session.commit()
    changed = live(client, tag, show="mine")
    assert changed.status_code == 200 and w.ticket.reference in changed.get_json()["rows"]


def test_the_live_queue_is_for_staff_only(client, w):
    login(client, w.contact)
    assert live(client).status_code == 403
