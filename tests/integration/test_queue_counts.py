"""Issue #19, item 1: every queue shows all its tickets, page after page, and every tab says
how many it holds ("Breached (2)"), counted in one statement on the queue indexes."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import event

from helpdesk.extensions import db
from helpdesk.tickets import actions
from helpdesk.web.staff import queues
from tests.factories import login, make_ticket
from tests.integration.test_web_helpers import page, world

# Wed 2026-02-04 11:00 Brussels (10:00Z), inside the type 4 window (Mon-Fri 06:00-24:00).
NOW = datetime(2026, 2, 4, 10, 0, tzinfo=UTC)
# Mon 2026-02-02 11:00 Brussels: a P2 reaction (1 day = 18 h of window time, R4) is due
# Tue 11:00 Brussels, so by NOW it is breached (art. 39.1.2).
MONDAY = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)
REFERENCE = re.compile(r'href="/staff/tickets/(HD-[0-9-]+)"')


@pytest.fixture
def desk(client, clock):
    """31 open tickets and 19 closed ones (50 in all), of which, by hand:
    mine 3 (two fresh, one waiting for a supplier), unassigned 28, breaching soon 2 (P1:
    2 h reaction from 11:00 → 13:00 Brussels, within 4 h), breached 2 (submitted Monday),
    supplier 1, phone 2, out of scope 0 (type 4 has no such clause)."""
    clock.set(NOW)
    w = world()
    fresh = [make_ticket(w.contact, title=f"Fresh {i}") for i in range(24)]  # P2
    soon = [make_ticket(w.contact, title=f"Critical {i}", urgency="blocking", impact="all")
            for i in range(2)]
    late = [make_ticket(w.contact, title=f"Late {i}", at=MONDAY, now=NOW) for i in range(2)]
    phoned = [make_ticket(w.contact, title=f"Phoned {i}", channel="phone") for i in range(2)]
    waiting = make_ticket(w.contact, title="Waiting")
    actions.acknowledge(waiting, by=w.staff, now=NOW)
    actions.suspend_for_supplier(waiting, supplier="Proximus", by=w.staff, now=NOW)
    for ticket in (waiting, fresh[0], fresh[1]):
        actions.assign(ticket, to=w.staff, by=w.staff, now=NOW)
    closed = [make_ticket(w.contact, title=f"Closed {i}") for i in range(19)]
    for ticket in closed:
        actions.classify_not_an_incident(ticket, reason=actions.NOT_AN_INCIDENT_REASONS[0],
                                         by=w.staff, now=NOW)
    db.session.commit()
    login(client, w.staff)
    return w, fresh + soon + late + phoned + [waiting], closed


def references(html: str) -> list[str]:
    return REFERENCE.findall(html)


def test_all_open_shows_the_31st_ticket_on_a_second_page(client, desk):
    _, open_tickets, _ = desk
    first = page(client.get("/staff/?show=open"))
    assert len(references(first)) == 25
    assert "show=open&amp;page=2" in first and "Page 1 of 2" in first
    second = page(client.get("/staff/?show=open&page=2"))
    assert len(references(second)) == 6 and "page=3" not in second
    assert sorted(references(first) + references(second)) == \
        sorted(t.reference for t in open_tickets)


def test_all_tickets_pages_through_all_fifty(client, desk):
    _, open_tickets, closed = desk
    first = page(client.get("/staff/?show=all"))
    second = page(client.get("/staff/?show=all&page=2"))
    assert len(references(first)) == 25 and "page=2" in first
    assert len(references(second)) == 25 and "page=3" not in second
    assert "Page 2 of 2" in second
    assert sorted(references(first) + references(second)) == \
        sorted(t.reference for t in open_tickets + closed)


def test_every_tab_shows_its_count(client, desk):
    html = page(client.get("/staff/?show=breached"))
    expected = {"mine": 3, "unassigned": 28, "soon": 2, "breached": 2, "supplier": 1,
                "phone": 2, "open": 31, "out_of_scope": 0, "all": 50}
    for key, count in expected.items():
        tab = re.search(rf'data-queue="{key}"[^>]*>([^<]+)<span class="count">\((\d+)\)', html)
        assert tab is not None, key
        assert int(tab.group(2)) == count, key
    assert re.search(r"Breached\s*<span class=\"count\">\(2\)</span>", html)
    assert '<h1>Breached <small class="muted" data-count>(2)</small></h1>' in html


def test_every_tab_count_is_what_its_pages_list(client, desk, monkeypatch):
    """The counts and the listings share their conditions: walk each queue's pages."""
    monkeypatch.setattr(queues, "PAGE_SIZE", 4)
    w, _, _ = desk
    counts = queues.queue_counts(w.staff.id, NOW)
    for name in queues.QUEUES:
        listed: list[str] = []
        for number in range(1, 20):
            html = page(client.get(f"/staff/?show={name}&page={number}"))
            listed += references(html)
            if f"page={number + 1}" not in html:
                break
        assert len(listed) == len(set(listed)) == counts[name], name


def test_the_counts_are_one_statement_on_the_indexes(desk):
    """At 100,000 tickets a count must not read the closed history, nor the open tickets'
    rows, nor evaluate every queue's condition on each open ticket: on SQLite each open
    queue's count is a search of an index that covers it (a range of the open statuses),
    and the history is counted index-only and to a bound."""
    w, _, _ = desk
    statements: list[tuple[str, object]] = []

    def seen(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        statements.append((statement, parameters))

    engine = db.engine
    event.listen(engine, "before_cursor_execute", seen)
    try:
        queues.queue_counts(w.staff.id, NOW)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert len(statements) == 1
    if engine.dialect.name != "sqlite":
        return
    statement, parameters = statements[0]
    plan = [row[-1] for row in db.session.connection().exec_driver_sql(
        f"EXPLAIN QUERY PLAN {statement}", parameters)]
    searches = [step for step in plan if step.startswith("SEARCH ticket ")]
    # mine, unassigned, soon, supplier, phone, open, overdue, breached ahead
    assert len(searches) == 8, plan
    assert all("COVERING INDEX" in step and "status=?" in step for step in searches), plan
    # The history tabs read at most COUNT_CAP + 1 index entries each (a bounded subquery).
    assert all("COVERING INDEX" in step for step in plan if step.startswith("SCAN ticket")), plan
    assert statement.count("LIMIT") == 2, statement
