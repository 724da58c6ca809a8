"""`q=` on the ticket list (issue #16): ranked full-text search, scoped like the list."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.tickets import actions
from tests.api.conftest import problem
from tests.factories import make_ticket


def refs(client, headers, **query):
    response = client.get("/api/v1/tickets", headers=headers, query_string=query)
    assert response.status_code == 200, response.get_data(as_text=True)
    body = response.get_json()
    assert body["next_cursor"] is None
    return [t["reference"] for t in body["items"]]


def test_staff_search_every_customer_best_match_first(client, world):
    mention = make_ticket(world.contact_b, title="Scanner", description="and the printer")
    db.session.commit()
    assert refs(client, world.headers("agent"), q="printer") == [
        world.ticket_a.reference, mention.reference]
    assert refs(client, world.headers("agent"), q=world.ticket_b.reference) == [
        world.ticket_b.reference]


def test_a_contacts_token_searches_only_its_customer_and_no_internal_notes(client, world):
    actions.note(world.ticket_b, by=world.agent, now=utcnow(), text="printer vendor")
    actions.note(world.ticket_a, by=world.agent, now=utcnow(), text="toner supplier")
    db.session.commit()
    headers = world.headers("contact_a")
    assert refs(client, headers, q="printer") == [world.ticket_a.reference]
    assert refs(client, headers, q="secret outage") == []
    assert refs(client, headers, q=world.ticket_b.reference) == []
    assert refs(client, headers, q="toner") == []
    assert refs(client, world.headers("contact_b"), q="secret") == [world.ticket_b.reference]


def test_search_combines_with_the_filters(client, world):
    actions.acknowledge(world.ticket_a, by=world.agent, now=utcnow())
    db.session.commit()
    headers = world.headers("agent")
    assert refs(client, headers, q="printer", status="open") == []
    assert refs(client, headers, q="printer", status="acknowledged") == [
        world.ticket_a.reference]


@pytest.mark.parametrize("q", ["", "*", '"(', "x" * 201, " ".join(f"w{n}" for n in range(13))])
def test_a_query_that_cannot_be_searched_is_a_400_with_the_reason(client, world, q):
    body = problem(client.get("/api/v1/tickets", headers=world.headers("agent"),
                              query_string={"q": q}), 400)
    assert body["detail"]


def test_a_cursor_with_a_search_is_refused(client, world):
    problem(client.get("/api/v1/tickets?q=printer&cursor=5",
                       headers=world.headers("agent")), 400)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=220))
def test_any_query_is_a_page_or_a_problem(client, world, text):
    response = client.get("/api/v1/tickets", headers=world.headers("contact_a"),
                          query_string={"q": text})
    assert response.status_code in (200, 400)
