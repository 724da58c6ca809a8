"""R23: mail about tickets goes only to addresses their holders confirmed through a link;
an unconfirmed contact still reports, staff see why nobody was mailed, and disposable
addresses are refused for accounts."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from sqlalchemy import select

from helpdesk.auth import confirmation
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.models import AuditEntry, ContactPerson, OutboxMessage, Ticket
from helpdesk.outbox.delivery import deliver_due
from helpdesk.tickets import actions
from helpdesk.tickets.actions import ActionRefused
from helpdesk.web import services
from tests.factories import login, make_contact, make_ticket
from tests.integration.test_outbox import relay  # noqa: F401  (a fixture)
from tests.integration.test_web_helpers import page, world


@pytest.fixture
def w():
    return world()


def confirmation_mails(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == confirmation.KIND, OutboxMessage.to_addr == address)
        .order_by(OutboxMessage.id)))


def new_contact(client, w, email: str = "lies@kroon.example"):
    login(client, w.admin)
    return client.post(f"/admin/customers/{w.customer.id}/contacts/new", data={
        "name": "Lies", "email": email, "portal_role": "editor", "active": "y"})


def test_a_new_contact_is_unconfirmed_and_the_stored_confirmation_mail_holds_no_link(
        client, w):
    response = new_contact(client, w)
    assert response.status_code == 302
    person = db.session.scalars(select(ContactPerson).filter_by(name="Lies")).one()
    assert person.email_confirmed is False
    [mail] = confirmation_mails("lies@kroon.example")
    assert confirmation.PLACEHOLDER in mail.body_text
    assert "/confirm/" not in mail.body_text and "http" not in mail.body_text
    assert mail.secret_for == person.get_id() and mail.automatic
    # The outbox page staff can read shows the placeholder only.
    staff_view = page(client.get("/staff/outbox"))
    assert "/confirm/" not in staff_view


def test_the_delivered_link_confirms_the_address_on_a_button_press(client, w, relay):  # noqa: F811
    new_contact(client, w)
    client.post("/logout")
    person = db.session.scalars(select(ContactPerson).filter_by(name="Lies")).one()
    deliver_due(utcnow() + timedelta(seconds=1))
    [(rcpt, raw)] = [m for m in relay.messages if m[0] == ["lies@kroon.example"]
                     and b"Confirm your" in m[1]]
    text = message_from_bytes(raw, policy=policy.default).get_body(("plain",)).get_content()
    path = re.search(r"https?://[^/\s]+(/confirm/\S+)", text).group(1)
    assert confirmation.PLACEHOLDER not in text
    shown = client.get(path)  # opening the link (a mail scanner does too) confirms nothing
    assert shown.status_code == 200 and "lies@kroon.example" in page(shown)
    db.session.refresh(person)
    assert not person.email_confirmed
    assert client.post(path).status_code == 302
    db.session.refresh(person)
    assert person.email_confirmed
    entry = db.session.scalars(select(AuditEntry).filter_by(action="address_confirmed")).one()
    assert entry.subject_id == person.id and entry.actor_kind == "contact"


def test_an_expired_or_forged_link_is_refused_plainly(client, w, clock):
    w.contact.email_confirmed = False
    db.session.commit()
    token = confirmation.make_confirmation_token(w.contact)
    clock.advance(timedelta(days=7, minutes=1))
    expired = client.post(f"/confirm/{token}")
    assert expired.status_code == 400 and "expired" in page(expired)
    forged = client.get(f"/confirm/{token[:-3]}abc")
    assert forged.status_code == 400 and "not valid" in page(forged)
    db.session.refresh(w.contact)
    assert not w.contact.email_confirmed


def test_a_link_still_works_on_its_last_day(client, w, clock):
    w.contact.email_confirmed = False
    db.session.commit()
    token = confirmation.make_confirmation_token(w.contact)
    clock.advance(timedelta(days=6, hours=23))
    assert client.post(f"/confirm/{token}").status_code == 302
    db.session.refresh(w.contact)
    assert w.contact.email_confirmed


def test_an_address_change_unconfirms_and_mails_the_new_address(client, w):
    old_token = confirmation.make_confirmation_token(w.contact)
    login(client, w.admin)
    response = client.post(f"/admin/contacts/{w.contact.id}", data={
        "name": "Jan", "email": "jan.peeters@kroon.example", "portal_role": "editor",
        "active": "y"}, follow_redirects=True)
    assert "gets no mail about tickets" in page(response)
    db.session.refresh(w.contact)
    assert w.contact.email == "jan.peeters@kroon.example" and not w.contact.email_confirmed
    assert len(confirmation_mails("jan.peeters@kroon.example")) == 1
    assert confirmation_mails("jan@kroon.example") == []
    # A link made for the old address confirms nothing now.
    assert client.post(f"/confirm/{old_token}").status_code == 400
    assert db.session.scalars(select(AuditEntry).filter_by(action="address_changed")).one()
    # Saving again without changing the address sends nothing more.
    client.post(f"/admin/contacts/{w.contact.id}", data={
        "name": "Jan P.", "email": "jan.peeters@kroon.example", "portal_role": "editor",
        "active": "y"})
    assert len(confirmation_mails("jan.peeters@kroon.example")) == 1


def test_a_confirmation_queued_before_an_address_change_is_not_sent_to_the_old_one(
        client, w, relay):  # noqa: F811
    w.contact.email_confirmed = False
    confirmation.send_link(w.contact)
    w.contact.email = "other@kroon.example"
    db.session.commit()
    deliver_due(utcnow() + timedelta(seconds=1))
    [mail] = confirmation_mails("jan@kroon.example")
    assert mail.status == "failed" and "address changed" in mail.last_error
    assert relay.messages == []


def test_an_unconfirmed_reporter_gets_no_mail_but_the_ticket_exists_and_staff_see_why(
        client, w):
    w.contact.email_confirmed = False
    db.session.commit()
    login(client, w.contact)
    response = client.post("/portal/new", data={
        "title": "Mail down", "urgency": "blocking", "impact": "all",
        "description": "Nobody can send mail."}, content_type="multipart/form-data")
    assert response.status_code == 302
    ticket = db.session.scalars(select(Ticket)).one()
    actions.acknowledge(ticket, by=w.staff, now=utcnow())
    db.session.commit()
    assert db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_addr == w.contact.email)).all() == []
    client.post("/logout")
    login(client, w.staff)
    staff_page = page(client.get(f"/staff/tickets/{ticket.reference}"))
    assert "Not mailed: address unconfirmed" in staff_page
    with pytest.raises(ActionRefused, match="not confirmed"):
        services.send_explanation(ticket, actions.commands.refresh(ticket, utcnow())
                                  .clocks["reaction"], by=w.staff, now=utcnow())


def test_a_confirmed_reporter_is_mailed_and_staff_see_no_warning(client, w):
    ticket = make_ticket(w.contact)
    actions.acknowledge(ticket, by=w.staff, now=utcnow())
    db.session.commit()
    assert db.session.scalars(select(OutboxMessage.kind).where(
        OutboxMessage.to_addr == w.contact.email)).all() == ["acknowledgement"]
    login(client, w.staff)
    assert "Not mailed" not in page(client.get(f"/staff/tickets/{ticket.reference}"))


def test_mail_from_an_unconfirmed_contact_opens_a_ticket_without_a_receipt(w):
    w.contact.email_confirmed = False
    db.session.commit()
    raw = (b"From: Jan <jan@kroon.example>\r\nTo: hd@helpdesk.test\r\nSubject: Printer\r\n"
           b"Message-ID: <u1@kroon.example>\r\nContent-Type: text/plain\r\n\r\nBroken.\r\n")
    store_raw_message(raw, peer="127.0.0.1", envelope_from="", envelope_to=["hd"])
    assert process_pending(utcnow()) == 1
    assert db.session.scalars(select(Ticket)).one().reporter_id == w.contact.id
    assert db.session.scalars(select(OutboxMessage)).all() == []


def test_at_log_in_an_unconfirmed_contact_is_reminded_and_can_ask_for_the_link_again(
        client, w, clock):
    w.contact.email_confirmed = False
    db.session.commit()
    response = login(client, w.contact)
    landing = page(client.get(response.headers["Location"]))
    assert "Please confirm your e-mail address" in landing
    assert "Send the link again" in landing
    assert client.post("/portal/address/confirm-again").status_code == 302
    assert len(confirmation_mails(w.contact.email)) == 1
    again = client.post("/portal/address/confirm-again", follow_redirects=True)
    assert "a few minutes ago" in page(again)
    assert len(confirmation_mails(w.contact.email)) == 1
    clock.advance(timedelta(minutes=confirmation.RESEND_PAUSE_MINUTES + 1))
    client.post("/portal/address/confirm-again")
    assert len(confirmation_mails(w.contact.email)) == 2


def test_a_confirmed_contact_sees_no_reminder(client, w):
    response = login(client, w.contact)
    landing = page(client.get(response.headers["Location"]))
    assert "Send the link again" not in landing and "not confirmed" not in landing


def test_the_admin_contact_list_shows_who_is_unconfirmed(client, w):
    make_contact(w.customer, name="Piet", email_confirmed=False)
    db.session.commit()
    login(client, w.admin)
    html = page(client.get(f"/admin/customers/{w.customer.id}"))
    row_piet = html[html.index("Piet"):][:600]
    row_jan = html[html.index(">Jan<"):][:600]
    assert "address unconfirmed" in row_piet
    assert "address unconfirmed" not in row_jan.split("</tr>")[0]


@pytest.mark.parametrize("email", ["lies@mailinator.com", "lies@x.mailinator.com"])
def test_a_disposable_address_is_refused_for_an_account(client, w, email):
    response = new_contact(client, w, email=email)
    assert response.status_code == 400
    assert "temporary (disposable)" in page(response)
    assert db.session.scalars(select(ContactPerson).filter_by(name="Lies")).all() == []
    staff = client.post("/admin/staff/new", data={
        "name": "Eva", "email": email, "role": "agent", "active": "y"})
    assert staff.status_code == 400 and "temporary (disposable)" in page(staff)


def test_administrators_extend_the_disposable_list_by_setting(client, w, app):
    app.config["HELPDESK_EXTRA_DISPOSABLE_DOMAINS"] = "throwaway.example,burner.example"
    assert new_contact(client, w, email="lies@burner.example").status_code == 400
    assert new_contact(client, w, email="lies@kroon.example").status_code == 302


def test_the_cli_mails_a_link_to_every_unconfirmed_contact(app, w):
    from helpdesk.cli.privacy import privacy

    piet = make_contact(w.customer, name="Piet", email_confirmed=False)
    make_contact(w.customer, name="Gone", email_confirmed=False, active=False)
    db.session.commit()
    runner = app.test_cli_runner()
    dry = runner.invoke(privacy, ["confirm-addresses", "--dry-run"])
    assert dry.exit_code == 0 and f"would mail a confirmation link to {piet.email}" in dry.output
    assert confirmation_mails(piet.email) == []
    result = runner.invoke(privacy, ["confirm-addresses"])
    assert result.exit_code == 0 and result.output.count("mailed") == 1
    assert len(confirmation_mails(piet.email)) == 1
    assert confirmation_mails(w.contact.email) == []  # already confirmed
