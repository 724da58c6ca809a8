"""The staff search page, the header box, the portal's ticket list and bad input over HTTP."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk.extensions import db
from helpdesk.tickets import actions
from tests.factories import login, make_contact, make_customer, make_staff, make_ticket, now


@pytest.fixture
def world():
    kroon, acme = make_customer(name="De Kroon"), make_customer(name="Acme")
    jan, eve = make_contact(kroon, name="Jan"), make_contact(acme, name="Eve")
    staff = make_staff()
    mine = make_ticket(jan, title="Oven <b>offline</b>", description="The oven thermostat fails.")
    theirs = make_ticket(eve, title="Oven at Acme", description="Their oven thermostat too.")
    actions.note(mine, by=staff, now=now(), text="internal: oven vendor is Rational")
    db.session.commit()
    return {"jan": jan, "eve": eve, "staff": staff, "mine": mine, "theirs": theirs}


def test_every_staff_page_has_the_search_box(client, world):
    login(client, world["staff"])
    for path in ("/staff/", "/staff/held", f"/staff/tickets/{world['mine'].reference}"):
        page = client.get(path).get_data(as_text=True)
        assert 'id="header-search-q"' in page and 'action="/staff/search"' in page, path


def test_staff_search_lists_ranked_hits_with_escaped_highlights(client, world):
    login(client, world["staff"])
    page = client.get("/staff/search?q=thermostat").get_data(as_text=True)
    assert world["mine"].reference in page and world["theirs"].reference in page
    assert "<mark>thermostat</mark>" in page
    page = client.get("/staff/search?q=offline").get_data(as_text=True)
    assert "Oven &lt;b&gt;<mark>offline</mark>&lt;/b&gt;" in page  # the title, escaped
    page = client.get("/staff/search?q=Rational").get_data(as_text=True)
    assert world["mine"].reference in page  # staff find internal notes


@pytest.mark.parametrize("q", ["*", '"', "(", "-", "a" * 5000, ")(*-^", "\x01\x02"])
def test_queries_without_words_get_a_message_not_an_error(client, world, q):
    login(client, world["staff"])
    response = client.get("/staff/search", query_string={"q": q})
    assert response.status_code == 400
    assert 'class="error" role="alert"' in response.get_data(as_text=True)


def test_a_nul_character_is_refused_with_the_sites_message(client, world):
    login(client, world["staff"])
    response = client.get("/staff/search", query_string={"q": "oven\x00"})
    assert response.status_code == 400 and "NUL" in response.get_data(as_text=True)


@pytest.mark.parametrize("q", ['oven"', "oven*", "-oven", "(oven", '"oven")', "oven:", "^oven"])
def test_fts_syntax_around_a_word_searches_the_word(client, world, q):
    login(client, world["staff"])
    response = client.get("/staff/search", query_string={"q": q})
    assert response.status_code == 200
    assert world["mine"].reference in response.get_data(as_text=True)


@pytest.mark.parametrize("q", ["NEAR(oven", "oven OR", "oven AND NOT", "oven NEAR/2 x"])
def test_fts_operators_are_words_to_find(client, world, q):
    login(client, world["staff"])
    response = client.get("/staff/search", query_string={"q": q})
    assert response.status_code == 200  # every word must match: "near", "or" do not
    assert "No ticket matches" in response.get_data(as_text=True)


def test_a_contact_cannot_use_the_staff_search(client, world):
    login(client, world["jan"])
    assert client.get("/staff/search?q=oven").status_code == 403


def test_the_portal_searches_only_its_own_customers_tickets(client, world):
    login(client, world["jan"])
    page = client.get("/portal/?q=thermostat").get_data(as_text=True)
    assert world["mine"].reference in page
    assert world["theirs"].reference not in page
    assert "<mark>thermostat</mark>" in page
    assert world["mine"].reference not in client.get("/portal/?q=Rational").get_data(
        as_text=True)  # no internal notes
    assert client.get("/portal/?q=%22").status_code == 400
    login(client, world["eve"])
    page = client.get("/portal/?q=thermostat").get_data(as_text=True)
    assert world["theirs"].reference in page and world["mine"].reference not in page


@pytest.fixture
def staff_client(client, world):
    login(client, world["staff"])
    return client


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=250))
def test_any_text_in_the_box_is_never_a_server_error(staff_client, text):
    assert staff_client.get("/staff/search", query_string={"q": text}).status_code in (200, 400)


def test_a_full_page_of_matches_says_to_narrow_the_search(client, world):
    from helpdesk.search.query import LIMIT

    for n in range(LIMIT):
        make_ticket(world["jan"], title=f"Freezer {n}")
    login(client, world["staff"])
    page = client.get("/staff/search?q=freezer").get_data(as_text=True)
    assert f"The {LIMIT} best matches are shown" in page
    assert page.count('class="search-hit"') == LIMIT
