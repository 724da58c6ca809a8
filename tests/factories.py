"""Factories for integration tests: make_<thing>(**overrides) with sensible defaults."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from typing import Any

from helpdesk.auth.passwords import hash_password
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import ContactPerson, Contract, Customer, MonthlyFee, Staff, Ticket
from helpdesk.tickets import commands
from helpdesk.tickets.actors import Actor

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def now() -> datetime:
    return utcnow()


def make_customer(**overrides: Any) -> Customer:
    n = next(_counter)
    customer = Customer(name=overrides.pop("name", f"Customer {n}"), created_at=now(), **overrides)
    db.session.add(customer)
    db.session.flush()
    return customer


def make_contract(customer: Customer, **overrides: Any) -> Contract:
    values: dict[str, Any] = {
        "name": f"Contract of {customer.name}",
        "sla_preset": "type4",
        "starts_on": date(2020, 1, 1),
    }
    values.update(overrides)
    contract = Contract(customer_id=customer.id, **values)
    db.session.add(contract)
    db.session.flush()
    return contract


def make_fee(contract: Contract, month: date, invoiced: int, paid: int | None = None) -> MonthlyFee:
    fee = MonthlyFee(contract_id=contract.id, month=month, invoiced_cents=invoiced,
                     paid_cents=invoiced if paid is None else paid)
    db.session.add(fee)
    db.session.flush()
    return fee


def make_contact(customer: Customer, **overrides: Any) -> ContactPerson:
    n = next(_counter)
    values: dict[str, Any] = {
        "name": f"Contact {n}",
        "email": f"contact{n}@customer{customer.id}.example",
        "portal_role": "editor",
        "password_hash": hash_password(PASSWORD),
        "email_confirmed": True,
    }
    values.update(overrides)
    contact = ContactPerson(customer_id=customer.id, created_at=now(), **values)
    db.session.add(contact)
    db.session.flush()
    return contact


def make_staff(**overrides: Any) -> Staff:
    n = next(_counter)
    values: dict[str, Any] = {
        "name": f"Staff {n}",
        "email": f"staff{n}@provider.example",
        "role": "agent",
        "password_hash": hash_password(PASSWORD),
    }
    values.update(overrides)
    staff = Staff(created_at=now(), **values)
    db.session.add(staff)
    db.session.flush()
    return staff


def make_ticket(reporter: ContactPerson, **overrides: Any) -> Ticket:
    values: dict[str, Any] = {
        "title": "Mail server down",
        "description": "Nobody can send mail.",
        "urgency": "blocking",
        "impact": "some",
        "channel": "portal",
        "at": now(),
    }
    values.update(overrides)
    if not reporter.customer.contracts:
        make_contract(reporter.customer)
        db.session.refresh(reporter.customer)
    # The derived columns are computed as of the submission unless the test says otherwise.
    as_of = values.pop("now", None) or values["at"]
    ticket = commands.submit(reporter=reporter, actor=Actor.of(reporter), now=as_of, **values)
    db.session.commit()
    return ticket


def login(client: Any, account: Staff | ContactPerson, password: str = PASSWORD) -> Any:
    path = "/staff/login" if account.is_staff else "/portal/login"
    return client.post(path, data={"email": account.email, "password": password})
