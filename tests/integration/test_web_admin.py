"""Administration: customers, contracts (preset or custom JSON), fees, people, closing days."""

from __future__ import annotations

import json
from datetime import date

import pytest

from helpdesk.extensions import db
from helpdesk.models import (
    ClosingDay,
    ContactPerson,
    Contract,
    Customer,
    EscalationContact,
    MonthlyFee,
    OutboxMessage,
    SlaChange,
    Staff,
)
from helpdesk.sla.presets import DEFINITIONS
from tests.factories import login, make_customer
from tests.integration.test_web_helpers import page, world


@pytest.fixture
def w(client):
    w = world()
    login(client, w.admin)
    return w


def contract_data(**overrides):
    data = {"name": "Managed services", "sla_preset": "type3", "starts_on": "2026-01-01",
            "ends_on": "", "annual_cap_enabled": "y", "annual_cap_percent": "20",
            "annual_cap_euro": "5000.00", "sla_definition": ""}
    data.update(overrides)
    return data


def test_create_a_customer_and_refuse_a_duplicate_name(client, w):
    response = client.post("/admin/customers/new", data={"name": "Brouwerij"})
    assert response.status_code == 302
    assert db.session.query(Customer).filter_by(name="Brouwerij").one()
    again = client.post("/admin/customers/new", data={"name": "Brouwerij"})
    assert again.status_code == 400 and "exists" in page(again)
    assert "Brouwerij" in page(client.get("/admin/"))


def test_create_a_contract_from_a_preset(client, w):
    fresh = make_customer(name="Nieuwe klant")  # w.customer's type4 is in force (art. 38.1)
    response = client.post(f"/admin/customers/{fresh.id}/contracts/new",
                           data=contract_data())
    assert response.status_code == 302
    contract = db.session.query(Contract).filter_by(name="Managed services").one()
    assert contract.sla_preset == "type3" and contract.annual_cap_cents == 500_000


def test_a_custom_sla_with_bad_json_is_refused_keeping_the_text(client, w):
    response = client.post(f"/admin/customers/{w.customer.id}/contracts/new",
                           data=contract_data(sla_preset="custom", sla_definition="{oops"))
    assert response.status_code == 400
    html = page(response)
    assert "JSON" in html and "{oops" in html
    invalid = json.dumps({"name": "x", "windows": {"funday": ["08:00-17:00"]}, "clocks": []})
    response = client.post(f"/admin/customers/{w.customer.id}/contracts/new",
                           data=contract_data(sla_preset="custom", sla_definition=invalid))
    assert response.status_code == 400 and "funday" in page(response)


def test_a_valid_custom_sla_is_stored_and_used(client, w):
    definition = dict(DEFINITIONS["type2"], name="our-own")
    fresh = make_customer(name="Nieuwe klant")  # w.customer's type4 is in force (art. 38.1)
    response = client.post(f"/admin/customers/{fresh.id}/contracts/new",
                           data=contract_data(sla_preset="custom", name="Own",
                                              sla_definition=json.dumps(definition)))
    assert response.status_code == 302
    contract = db.session.query(Contract).filter_by(name="Own").one()
    assert contract.sla_preset is None and contract.sla().name == "our-own"
    assert "our-own" in page(client.get(f"/admin/contracts/{contract.id}"))


def test_contract_end_before_start_is_refused(client, w):
    contract = w.customer.contracts[0]
    response = client.post(f"/admin/contracts/{contract.id}",
                           data=contract_data(ends_on="2025-01-01"))
    assert response.status_code == 400 and "cannot end before it starts" in page(response)


def test_fees_are_entered_in_euro_and_stored_in_cents(client, w):
    contract = w.customer.contracts[0]
    url = f"/admin/contracts/{contract.id}/fees"
    assert client.post(url, data={"month": "2026-01", "invoiced": "1234.56",
                                  "paid": "1000"}).status_code == 302
    fee = db.session.query(MonthlyFee).one()
    assert (fee.invoiced_cents, fee.paid_cents) == (123456, 100000)
    assert client.post(url, data={"month": "2026-01", "invoiced": "1300",
                                  "paid": "1300"}).status_code == 302
    db.session.refresh(fee)
    assert fee.invoiced_cents == 130000 and db.session.query(MonthlyFee).count() == 1
    bad = client.post(url, data={"month": "2026-02", "invoiced": "-5", "paid": "abc"})
    assert bad.status_code == 400 and 'value="-5"' in page(bad)


def test_contact_persons_get_a_normalised_address_and_a_password_link(client, w):
    url = f"/admin/customers/{w.customer.id}/contacts/new"
    response = client.post(url, data={"name": "Lies", "email": " Lies@Kroon.EXAMPLE ",
                                      "portal_role": "reader", "active": "y"})
    assert response.status_code == 302
    person = db.session.query(ContactPerson).filter_by(name="Lies").one()
    assert person.email == "lies@kroon.example" and person.portal_role == "reader"
    assert db.session.query(OutboxMessage).filter_by(to_addr=person.email,
                                                     kind="password_reset").one()
    duplicate = client.post(url, data={"name": "Lies 2", "email": "LIES@kroon.example",
                                       "portal_role": "editor"})
    assert duplicate.status_code == 400 and "Another account" in page(duplicate)
    invalid = client.post(url, data={"name": "X", "email": "not an address",
                                     "portal_role": "editor"})
    assert invalid.status_code == 400 and 'value="not an address"' in page(invalid)


def test_edit_a_contact_person(client, w):
    response = client.post(f"/admin/contacts/{w.contact.id}", data={
        "name": "Jan Peeters", "email": w.contact.email, "portal_role": "administrator"})
    assert response.status_code == 302
    db.session.refresh(w.contact)
    assert w.contact.name == "Jan Peeters" and not w.contact.active


def test_staff_members_with_roles(client, w):
    response = client.post("/admin/staff/new", data={
        "name": "Eva", "email": "eva@provider.example", "role": "escalation_manager",
        "active": "y"})
    assert response.status_code == 302
    eva = db.session.query(Staff).filter_by(email="eva@provider.example").one()
    assert eva.role == "escalation_manager"
    assert client.post(f"/admin/staff/{eva.id}", data={
        "name": "Eva", "email": "eva@provider.example", "role": "senior_manager",
        "active": "y"}).status_code == 302
    db.session.refresh(eva)
    assert eva.role == "senior_manager"
    assert "Eva" in page(client.get("/admin/staff"))


def test_closing_days_and_escalation_contacts(client, w):
    contract = w.customer.contracts[0]
    base = f"/admin/contracts/{contract.id}"
    assert client.post(f"{base}/closing-days", data={"day": "2026-07-21",
                                                     "reason": "Company day"}).status_code == 302
    again = client.post(f"{base}/closing-days", data={"day": "2026-07-21"})
    assert again.status_code == 400 and "already" in page(again)
    day = db.session.query(ClosingDay).one()
    assert client.post(f"{base}/escalation", data={"tier": "2",
                                                   "staff_id": w.staff.id}).status_code == 302
    entry = db.session.query(EscalationContact).one()
    assert entry.tier == 2 and contract.escalation_staff(2) == [w.staff]
    assert client.post(f"{base}/escalation", data={"tier": "4",
                                                   "staff_id": w.staff.id}).status_code == 400
    assert client.post(f"{base}/closing-days/{day.id}/delete").status_code == 302
    assert client.post(f"{base}/escalation/{entry.id}/delete").status_code == 302
    assert db.session.query(ClosingDay).count() == 0
    assert db.session.query(EscalationContact).count() == 0
    assert client.post(f"/admin/contracts/{contract.id}/closing-days/999/delete").status_code \
        == 404


def test_raising_the_sla_is_recorded_with_who_and_when_and_shown(client, w):
    # art. 38.1: the level may be raised during the term; the history says who, when, from→to
    contract = w.customer.contracts[0]  # type4, open-ended
    response = client.post(f"/admin/contracts/{contract.id}",
                           data=contract_data(sla_preset="type5", starts_on="2020-01-01"))
    assert response.status_code == 302
    db.session.refresh(contract)
    assert contract.sla_preset == "type5"
    change = db.session.query(SlaChange).filter_by(contract_id=contract.id).one()
    assert (change.from_sla, change.to_sla, change.kind) == ("type4", "type5", "raised")
    assert change.by_id == w.admin.id and change.at is not None
    html = page(client.get(f"/admin/contracts/{contract.id}"))
    assert "Service level history (art. 38.1)" in html and "raised" in html
    assert w.admin.name in html


def test_lowering_the_sla_during_the_term_is_refused_and_nothing_changes(client, w):
    contract = w.customer.contracts[0]
    response = client.post(f"/admin/contracts/{contract.id}",
                           data=contract_data(sla_preset="type2", name="Renamed",
                                              starts_on="2020-01-01"))
    assert response.status_code == 422
    assert "art. 38.1" in page(response) and "lower service level" in page(response)
    db.session.refresh(contract)
    assert contract.sla_preset == "type4" and contract.name != "Renamed"
    assert db.session.query(SlaChange).count() == 0


def test_moving_the_end_date_into_the_past_in_the_same_save_does_not_allow_lowering(client, w):
    contract = w.customer.contracts[0]
    response = client.post(f"/admin/contracts/{contract.id}",
                           data=contract_data(sla_preset="type1", starts_on="2020-01-01",
                                              ends_on="2020-12-31"))
    assert response.status_code == 422


def test_lowering_with_the_providers_written_agreement_is_recorded_with_it(client, w):
    contract = w.customer.contracts[0]
    response = client.post(f"/admin/contracts/{contract.id}",
                           data=contract_data(sla_preset="type3", starts_on="2020-01-01",
                                              sla_agreement="letter of 2 Nov 2026"))
    assert response.status_code == 302
    change = db.session.query(SlaChange).one()
    assert change.kind == "agreed" and change.agreement == "letter of 2 Nov 2026"


def test_a_new_contract_may_not_lower_the_level_of_the_one_in_force(client, w):
    response = client.post(f"/admin/customers/{w.customer.id}/contracts/new",
                           data=contract_data(sla_preset="type1", starts_on="2026-01-01"))
    assert response.status_code == 422 and "art. 38.1" in page(response)
    assert len(db.session.query(Contract).filter_by(customer_id=w.customer.id).all()) == 1


def test_a_renewal_after_the_term_may_lower_the_level(client, w):
    contract = w.customer.contracts[0]
    contract.ends_on = date(2025, 12, 31)
    db.session.commit()
    response = client.post(f"/admin/customers/{w.customer.id}/contracts/new",
                           data=contract_data(sla_preset="type1", starts_on="2026-01-01",
                                              name="Renewal"))
    assert response.status_code == 302
    renewal = db.session.query(Contract).filter_by(name="Renewal").one()
    change = db.session.query(SlaChange).filter_by(contract_id=renewal.id).one()
    assert (change.from_sla, change.to_sla, change.kind) == (None, "type1", "assigned")
