"""API tests: a migrated database with two customers, their people and one token each."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from helpdesk.auth import api_tokens
from helpdesk.extensions import db
from helpdesk.models import ContactPerson, Customer, Staff, Ticket
from tests.factories import make_contact, make_contract, make_customer, make_staff, make_ticket
from tests.factories import now as utc_now


@pytest.fixture(autouse=True)
def _app_context(app):  # every API test runs inside a migrated, empty database
    yield app


@dataclass
class ApiWorld:
    customer_a: Customer
    customer_b: Customer
    contact_a: ContactPerson
    reader_a: ContactPerson
    contact_b: ContactPerson
    agent: Staff
    manager: Staff
    ticket_a: Ticket
    ticket_b: Ticket
    tokens: dict[str, str]  # who -> secret

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


def issue_token(account: Any, name: str = "test script", **kwargs: Any) -> str:
    return api_tokens.issue(account, name=name, now=utc_now(), **kwargs).secret


def build_world() -> ApiWorld:
    a, b = make_customer(name="Customer A"), make_customer(name="Customer B")
    make_contract(a, sla_preset="type4")
    make_contract(b, sla_preset="type1")
    db.session.refresh(a)
    db.session.refresh(b)
    contact_a = make_contact(a, name="Anna")
    reader_a = make_contact(a, name="Rita", portal_role="reader")
    contact_b = make_contact(b, name="Bert")
    agent = make_staff(name="Tom")
    manager = make_staff(name="Mia", role="escalation_manager")
    ticket_a = make_ticket(contact_a, title="A's printer")
    ticket_b = make_ticket(contact_b, title="B's secret outage")
    people = {"contact_a": contact_a, "reader_a": reader_a, "contact_b": contact_b,
              "agent": agent, "manager": manager}
    tokens = {who: issue_token(person) for who, person in people.items()}
    db.session.commit()
    return ApiWorld(a, b, contact_a, reader_a, contact_b, agent, manager, ticket_a, ticket_b,
                    tokens)


@pytest.fixture
def world() -> ApiWorld:
    return build_world()


def problem(response: Any, status: int) -> dict[str, Any]:
    """The RFC 7807 body of an error response, after checking its status and media type."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["type"] == "about:blank"
    return body
