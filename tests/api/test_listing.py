"""Ticket lists: filters, stable newest-first order and cursor pagination."""

from __future__ import annotations

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.tickets import actions
from tests.api.conftest import problem
from tests.factories import make_ticket


def _pages(client, headers, **params):
    seen, cursor, pages = [], None, 0
    while True:
        query = dict(params, **({"cursor": cursor} if cursor else {}))
        body = client.get("/api/v1/tickets", headers=headers, query_string=query).get_json()
        seen += [t["reference"] for t in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            return seen, pages


def test_cursor_pages_walk_every_ticket_once_newest_first(client, world):
    made = [make_ticket(world.contact_a, title=f"t{n}") for n in range(5)]
    db.session.commit()
    seen, pages = _pages(client, world.headers("agent"), limit=2)
    assert pages == 4  # 7 tickets in pages of 2
    expected = sorted([world.ticket_a, world.ticket_b, *made], key=lambda t: -t.id)
    assert seen == [t.reference for t in expected]


def test_a_new_ticket_between_pages_neither_repeats_nor_skips_one(client, world):
    headers = world.headers("agent")
    for n in range(3):
        make_ticket(world.contact_a, title=f"t{n}")
    db.session.commit()
    first = client.get("/api/v1/tickets?limit=2", headers=headers).get_json()
    make_ticket(world.contact_b, title="arrived meanwhile")
    db.session.commit()
    rest, _ = _pages(client, headers, limit=2, cursor=first["next_cursor"])
    listed = [t["reference"] for t in first["items"]] + rest
    assert len(listed) == len(set(listed)) == 5


def test_filters_by_status_priority_and_customer(client, world):
    p1 = make_ticket(world.contact_a, urgency="blocking", impact="all", title="P1 one")
    actions.acknowledge(world.ticket_a, by=world.agent, now=utcnow())
    db.session.commit()
    headers = world.headers("agent")

    def refs(**query):
        body = client.get("/api/v1/tickets", headers=headers, query_string=query).get_json()
        return {t["reference"] for t in body["items"]}

    assert refs(priority="P1") == {p1.reference}
    assert refs(status="acknowledged") == {world.ticket_a.reference}
    assert refs(customer=world.customer_b.id) == {world.ticket_b.reference}
    assert refs(customer=world.customer_a.id, status="open") == {p1.reference}


def test_a_contact_filtering_for_another_customer_gets_nothing(client, world):
    body = client.get("/api/v1/tickets", headers=world.headers("contact_a"),
                      query_string={"customer": world.customer_b.id}).get_json()
    assert body == {"items": [], "next_cursor": None}


def test_bad_query_values_are_400_problems(client, world):
    headers = world.headers("agent")
    for query in ({"limit": "0"}, {"limit": "101"}, {"limit": "x"}, {"cursor": "abc"},
                  {"status": "closed"}, {"priority": "P5"}, {"customer": "-1"}):
        problem(client.get("/api/v1/tickets", headers=headers, query_string=query), 400)
