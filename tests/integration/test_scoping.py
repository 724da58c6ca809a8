"""Every route is classified and tested: staff pages deny contact persons (403), and a contact
of customer A gets 404 for every object of customer B. A new route without an entry here
fails `test_every_route_has_a_scoping_rule`."""

from __future__ import annotations

import pytest

from helpdesk.extensions import db
from tests.factories import login, make_contact, make_customer, make_staff, make_ticket

PUBLIC = {
    "static", "auth.index", "auth.portal_login", "auth.staff_login", "auth.logout",
    "auth.forgot_password", "auth.reset_password", "auth.choose_language",
}
# endpoint -> URL for an object of the *other* customer (B); {ref} is B's ticket reference.
STAFF_ONLY = {
    "staff.queue": "/staff/",
    "staff.ticket": "/staff/tickets/{ref}",
}
PORTAL = {
    "portal.tickets": "/portal/",
    "portal.ticket": "/portal/tickets/{ref}",
}
PORTAL_OBJECT_URLS = {"portal.ticket"}


@pytest.fixture
def two_customers():
    a, b = make_customer(name="Customer A"), make_customer(name="Customer B")
    contact_a, contact_b = make_contact(a), make_contact(b)
    ticket_a = make_ticket(contact_a, title="A's secret outage")
    ticket_b = make_ticket(contact_b, title="B's secret outage")
    staff = make_staff()
    db.session.commit()
    return contact_a, contact_b, ticket_a, ticket_b, staff


def test_every_route_has_a_scoping_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    unclassified = endpoints - PUBLIC - set(STAFF_ONLY) - set(PORTAL)
    assert not unclassified, f"add scoping tests for: {sorted(unclassified)}"


@pytest.mark.parametrize("endpoint", sorted(STAFF_ONLY))
def test_staff_pages_deny_contact_persons(client, two_customers, endpoint):
    contact_a, _, _, ticket_b, _ = two_customers
    login(client, contact_a)
    assert client.get(STAFF_ONLY[endpoint].format(ref=ticket_b.reference)).status_code == 403


@pytest.mark.parametrize("endpoint", sorted(STAFF_ONLY) + sorted(PORTAL))
def test_anonymous_visitors_are_sent_to_log_in(client, two_customers, endpoint):
    _, _, _, ticket_b, _ = two_customers
    url = {**STAFF_ONLY, **PORTAL}[endpoint].format(ref=ticket_b.reference)
    response = client.get(url)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("endpoint", sorted(PORTAL_OBJECT_URLS))
def test_contact_of_customer_a_gets_404_for_objects_of_customer_b(client, two_customers, endpoint):
    contact_a, _, ticket_a, ticket_b, _ = two_customers
    login(client, contact_a)
    url = PORTAL[endpoint]
    assert client.get(url.format(ref=ticket_b.reference)).status_code == 404
    assert client.get(url.format(ref=ticket_a.reference)).status_code == 200


def test_portal_list_shows_only_the_contacts_own_customer(client, two_customers):
    contact_a, _, ticket_a, ticket_b, _ = two_customers
    login(client, contact_a)
    page = client.get("/portal/").get_data(as_text=True)
    assert ticket_a.reference in page
    assert ticket_b.reference not in page
    assert "B's secret outage" not in page


@pytest.mark.parametrize("endpoint", sorted(PORTAL))
def test_portal_pages_are_not_for_staff(client, two_customers, endpoint):
    _, _, _, ticket_b, staff = two_customers
    login(client, staff)
    assert client.get(PORTAL[endpoint].format(ref=ticket_b.reference)).status_code == 403


def test_staff_see_every_customer_in_the_queue(client, two_customers):
    _, _, ticket_a, ticket_b, staff = two_customers
    login(client, staff)
    page = client.get("/staff/").get_data(as_text=True)
    assert ticket_a.reference in page and ticket_b.reference in page
    assert client.get(f"/staff/tickets/{ticket_b.reference}").status_code == 200


def test_unknown_ticket_reference_is_404_for_staff(client, two_customers):
    *_, staff = two_customers
    login(client, staff)
    assert client.get("/staff/tickets/HD-1999-99999").status_code == 404
