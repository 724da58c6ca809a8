"""Seed 004 art. 9.3/9.4 (SPEC section 3): "Only the customer's administrators may log
tickets" under the platform objectives, on every channel; other contracts keep their rules.
"""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake import held
from helpdesk.intake.mail import process_pending
from helpdesk.intake.phone import PhoneReportRefused, log_phone_report
from helpdesk.intake.portal import SubmissionRefused, submit_from_portal
from helpdesk.intake.store import store_raw_message
from helpdesk.models import InboundMail, OutboxMessage, Ticket
from helpdesk.tickets import reporters
from helpdesk.tickets.reporters import ReporterNotAllowed
from tests.api.conftest import issue_token, problem
from tests.factories import login, make_contact, make_contract, make_customer, make_staff
from tests.integration.test_web_helpers import page

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def platform():
    """A customer that moved from managed services (ended) to the platform objectives."""
    customer = make_customer(name="Club")
    make_contract(customer, name="Old managed", sla_preset="type4",
                  starts_on=date(2020, 1, 1), ends_on=date(2021, 12, 31))
    make_contract(customer, name="Platform", sla_preset="platform", starts_on=date(2022, 1, 1))
    db.session.refresh(customer)
    admin = make_contact(customer, name="Ann Admin", email="ann@club.example",
                         portal_role="administrator")
    editor = make_contact(customer, name="Ed Editor", email="ed@club.example")
    db.session.commit()
    return admin, editor


def mail(sender: str) -> bytes:
    return (f"From: {sender}\r\nTo: helpdesk@helpdesk.test\r\nSubject: Login fails\r\n"
            "Message-ID: <p1@club.example>\r\nContent-Type: text/plain\r\n\r\n"
            "Members cannot log in.\r\n").encode()


def test_the_rule_follows_the_contract_in_force_not_the_customer(platform):
    admin, editor = platform
    current = editor.customer.contract_on(date(2026, 2, 2))
    assert current.name == "Platform" and reporters.administrators_only(current)
    assert reporters.refusal(admin, current) is None
    assert "only your organisation's administrators" in reporters.refusal(editor, current)
    old = editor.customer.contract_on(date(2021, 6, 1))
    assert reporters.refusal(editor, old) is None  # seed 002: editors report


def test_the_portal_refuses_an_editor_and_accepts_an_administrator(platform):
    admin, editor = platform
    now = utcnow()
    with pytest.raises(SubmissionRefused, match="administrators may log tickets"):
        submit_from_portal(editor, title="Login", description="fails", urgency="light",
                           impact="some", now=now)
    db.session.rollback()
    ticket = submit_from_portal(admin, title="Login", description="fails", urgency="light",
                                impact="some", now=now)
    assert ticket.reporter_id == admin.id and ticket.contract.name == "Platform"


def test_editors_under_other_contracts_still_report():
    customer = make_customer()
    make_contract(customer, sla_preset="type4")
    db.session.refresh(customer)
    editor = make_contact(customer)
    ticket = submit_from_portal(editor, title="x", description="y", urgency="light",
                                impact="some", now=utcnow())
    assert ticket.reporter_id == editor.id


def test_the_portal_form_explains_instead_of_refusing_later(client, platform):
    admin, editor = platform
    login(client, editor)
    html = page(client.get("/portal/new"))
    assert "only its administrators may log tickets" in html and "Ann Admin" in html
    assert 'name="title"' not in html  # no form that could only be refused
    data = {"title": "Login fails", "urgency": "light", "impact": "some",
            "description": "Members cannot log in since 9:00."}
    refused = client.post("/portal/new", data=data, content_type="multipart/form-data")
    assert refused.status_code == 400  # a stale form: refused, the input kept
    assert "administrators may log tickets" in page(refused)
    assert "Members cannot log in since 9:00." in page(refused)
    assert db.session.scalars(select(Ticket)).first() is None


def test_mail_from_an_editor_is_held_with_a_clear_answer(platform):
    admin, editor = platform
    store_raw_message(mail("ed@club.example"), peer="127.0.0.1", envelope_from="",
                      envelope_to=["hd"])
    process_pending(utcnow())
    held = db.session.scalars(select(InboundMail)).one()
    assert held.state == "held" and held.held_reason.startswith("not a reporter")
    assert db.session.scalars(select(Ticket)).first() is None
    answer = db.session.scalars(select(OutboxMessage)).one()
    assert answer.to_addr == "ed@club.example" and answer.automatic
    assert "only your organisation's administrators may log tickets" in answer.body_text
    assert "passed to our staff for review" in answer.body_text


def test_an_editor_reads_the_answer_in_their_language(platform):
    """Issue #17 leftover: the answer to a known contact is in their language."""
    _admin, editor = platform
    editor.locale = "fr"
    db.session.commit()
    store_raw_message(mail("ed@club.example"), peer="127.0.0.1", envelope_from="",
                      envelope_to=["hd"])
    process_pending(utcnow())
    answer = db.session.scalars(select(OutboxMessage)).one()
    assert answer.body_text.startswith("Merci pour votre message.")
    assert ("Dans le cadre du contrat Platform, seuls les administrateurs de votre "
            "organisation peuvent enregistrer des tickets") in answer.body_text
    assert "n'a pas été enregistré comme ticket" in answer.body_text
    assert "only your organisation" not in answer.body_text
    # What staff see stays the stored reason, translated on their pages.
    held = db.session.scalars(select(InboundMail)).one()
    assert held.held_reason.startswith("not a reporter: Under the contract Platform")


def test_an_unknown_sender_reads_the_answer_in_every_language(platform):
    """Nobody knows an unknown sender's language: the answer says it in each, English (the
    default) first, and reveals nothing about customers."""
    store_raw_message(mail("someone@elsewhere.example"), peer="127.0.0.1", envelope_from="",
                      envelope_to=["hd"])
    process_pending(utcnow())
    answer = db.session.scalars(select(OutboxMessage)).one()
    assert answer.to_addr == "someone@elsewhere.example" and answer.automatic
    blocks = answer.body_text.split("\n\n* * *\n\n")
    assert [block.split("\n")[0] for block in blocks] == [
        "Thank you for your message.", "Bedankt voor uw bericht.",
        "Merci pour votre message.", "Vielen Dank für Ihre Nachricht."]
    assert "could not match it to a registered contact person" in blocks[0]
    assert "niet koppelen aan een geregistreerde contactpersoon" in blocks[1]
    assert "Club" not in answer.body_text


def test_mail_from_an_administrator_opens_a_ticket(platform):
    admin, _ = platform
    store_raw_message(mail("ann@club.example"), peer="127.0.0.1", envelope_from="",
                      envelope_to=["hd"])
    process_pending(utcnow())
    ticket = db.session.scalars(select(Ticket)).one()
    assert ticket.reporter_id == admin.id and ticket.channel == "email"


def test_staff_cannot_log_a_phone_report_for_an_editor(client, platform):
    admin, editor = platform
    staff = make_staff(name="Tom")
    db.session.commit()
    now = utcnow()
    with pytest.raises(PhoneReportRefused, match="not an administrator"):
        log_phone_report(editor, title="Down", description="", urgency="blocking",
                         impact="all", called_at=now - timedelta(minutes=2), by=staff, now=now)
    db.session.rollback()
    login(client, staff)
    called = utcnow().astimezone(BRUSSELS).strftime("%Y-%m-%dT%H:%M")
    data = {"contact_id": editor.id, "called_at": called, "title": "Platform down",
            "description": "Nobody can log in", "urgency": "blocking", "impact": "all"}
    refused = client.post("/staff/phone", data=data)
    assert refused.status_code == 422
    assert "Ed Editor is not an administrator of Club" in page(refused)
    assert client.post("/staff/phone", data={**data, "contact_id": admin.id}).status_code == 302
    assert db.session.scalars(select(Ticket.reporter_id)).one() == admin.id


def test_the_api_refuses_an_editor_with_a_problem(client, platform):
    admin, editor = platform
    editor_token, admin_token = issue_token(editor), issue_token(admin)
    db.session.commit()
    report = {"title": "t", "description": "d", "urgency": "light", "impact": "some"}
    body = problem(client.post("/api/v1/tickets", json=report,
                               headers={"Authorization": f"Bearer {editor_token}"}), 409)
    assert "administrators may log tickets" in body["detail"]
    created = client.post("/api/v1/tickets", json=report,
                          headers={"Authorization": f"Bearer {admin_token}"})
    assert created.status_code == 201


def test_staff_open_a_held_mail_only_for_an_administrator(platform):
    admin, editor = platform
    store_raw_message(mail("ed@club.example"), peer="127.0.0.1", envelope_from="",
                      envelope_to=["hd"])
    process_pending(utcnow())
    kept = db.session.scalars(select(InboundMail)).one()
    staff = make_staff(name="Tom")
    db.session.commit()
    with pytest.raises(ReporterNotAllowed):
        held.open_ticket(kept, editor, urgency="light", impact="some", by=staff,
                         now=utcnow())
    db.session.rollback()
    ticket = held.open_ticket(kept, admin, urgency="light", impact="some", by=staff,
                              now=utcnow(), reason="reported for Ed by Ann")
    assert ticket.reporter_id == admin.id
