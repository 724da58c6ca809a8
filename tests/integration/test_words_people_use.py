"""Issue #19 item 8, words people use: the SLA by its name, no ruling numbers for the
customer, durations in days, hours and minutes, no doubled words, a demo that agrees with
itself."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import Contract, OutboxMessage, Ticket, TicketEvent
from helpdesk.tickets import commands
from helpdesk.tickets.actors import Actor
from helpdesk.timefmt import BRUSSELS, duration
from helpdesk.web.services import without_rulings
from tests.factories import login, make_ticket
from tests.integration.test_cli import invoke
from tests.integration.test_web_helpers import page, world

RULING = re.compile(r"\bR\d{1,2}\b")
WEDNESDAY = datetime(2026, 11, 18, 11, 0, tzinfo=BRUSSELS)


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(("seconds", "said"), [
    (0, "0 min"), (40, "40 s"), (45 * 60, "45 min"), (2 * 3600 + 5 * 60, "2 h 5 min"),
    (86400 + 45 * 60, "1 day 0 h 45 min"), (2 * 86400 + 6 * 3600, "2 days 6 h 0 min"),
    (10457, "2 h 54 min 17 s"), (-3600, "-1 h 0 min"), (None, ""),
])
def test_a_duration_reads_in_days_hours_and_minutes(seconds, said):
    assert duration(seconds) == said


def test_durations_follow_the_page_language(app):
    with app.test_request_context(headers={"Accept-Language": "nl"}):
        assert duration(2 * 86400 + 3600) == "2 dagen 1 u 0 min"


@pytest.fixture
def w(client):
    w = world()
    login(client, w.staff)
    return w


def test_the_sla_is_named_in_words_on_the_queue_and_the_ticket(client, w, clock):
    clock.set(WEDNESDAY)
    ticket = make_ticket(w.contact, at=WEDNESDAY)
    for html in (page(client.get("/staff/")),
                 page(client.get(f"/staff/tickets/{ticket.reference}"))):
        assert "SLA type 4 — managed services, 06:00–24:00" in html
        assert "type4" not in text_of(html)


def test_the_admin_contract_form_offers_the_slas_by_name(client, w):
    login(client, w.admin)
    contract = db.session.scalars(select(Contract)).first()
    html = page(client.get(f"/admin/contracts/{contract.id}"))
    assert re.search(r'<option[^>]*value="type4"[^>]*>SLA type 4 — managed services', html)
    assert re.search(r'<option[^>]*value="type1"[^>]*>SLA type 1 — managed services, office '
                     r'hours</option>', html)


def test_an_assignment_names_the_assignee_once(client, w, clock):
    clock.set(WEDNESDAY)
    ticket = make_ticket(w.contact, at=WEDNESDAY)
    client.post(f"/staff/tickets/{ticket.reference}/assign", data={"staff_id": w.staff.id})
    html = text_of(page(client.get(f"/staff/tickets/{ticket.reference}")))
    assert f"{w.staff.name} {w.staff.name}" not in html
    assert "took the ticket" in html or f"to {w.staff.name}" in html


def _suspended_and_delivered(w, ticket: Ticket, at: datetime) -> None:
    actor = Actor.of(w.staff)
    for minutes, kind, payload in ((10, "acknowledged", {}),
                                   (20, "supplier_suspended", {"supplier": "Telenet"}),
                                   (90, "supplier_delivered", {})):
        moment = at + timedelta(minutes=minutes)
        commands.record(ticket, kind, at=moment, actor=actor, now=moment, payload=payload,
                        channel="web")
    db.session.commit()


def test_the_customer_explanation_mail_has_no_ruling_numbers_but_the_staff_page_has(
        client, w, clock):
    clock.set(WEDNESDAY)
    ticket = make_ticket(w.contact, at=WEDNESDAY.replace(hour=9))
    _suspended_and_delivered(w, ticket, WEDNESDAY.replace(hour=9))
    staff_page = page(client.get(f"/staff/tickets/{ticket.reference}/clocks/resolution"))
    assert "R6" in staff_page  # the staff explanation keeps the ruling
    client.post(f"/staff/tickets/{ticket.reference}/clocks/resolution/send")
    mail = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "explanation")).one()
    assert "waiting for" in mail.body_text and "art. 39.1.3" in mail.body_text
    assert not RULING.search(mail.body_text), mail.body_text
    assert "SLA type 4 — managed services" in mail.body_text


def test_ruling_numbers_are_taken_out_of_customer_text():
    assert without_rulings("waiting for X (art. 39.1.3, R6)") == "waiting for X (art. 39.1.3)"
    assert without_rulings("stopped: fix delivered, later rejected (not counted, R9)") == \
        "stopped: fix delivered, later rejected (not counted)"
    assert without_rulings("service time (R3-R5) left") == "service time left"


def test_the_demo_is_consistent_and_its_customer_pages_speak_plainly(app, clock):
    clock.set(WEDNESDAY)
    assert invoke(app, "demo", "--tickets", "30").exit_code == 0
    contracts = db.session.scalars(select(Contract)).all()
    assert all(c.sla_preset not in c.name for c in contracts)  # no "SLA type1 2026"
    for event in db.session.scalars(select(TicketEvent).where(TicketEvent.type == "assigned")):
        assert (event.payload or {}).get("staff_name"), "an assignment names its assignee"
    for ticket in db.session.scalars(select(Ticket)):
        assert ticket.reporter.may_submit, f"{ticket.reference}: a reader cannot report"

    portal = app.test_client()
    for ticket in db.session.scalars(select(Ticket)):
        reporter = ticket.reporter
        portal.post("/portal/login", data={"email": reporter.email,
                                           "password": "demo-password"})
        html = text_of(page(portal.get(f"/portal/tickets/{ticket.reference}")))
        assert ticket.reference in html
        assert not RULING.search(html), f"{ticket.reference}: {RULING.search(html)}"
        assert " met met " not in html
        assert not re.search(r"\d+ d \d\d:\d\d:\d\d", html)
        portal = app.test_client()  # the next ticket's reporter logs in afresh
    for mail in db.session.scalars(select(OutboxMessage)):
        if not mail.to_addr.endswith("@provider.example"):
            assert not RULING.search(mail.body_text), (mail.kind, mail.body_text)


def test_the_staff_clock_table_says_breached_once(client, w, clock):
    clock.set(WEDNESDAY)
    ticket = make_ticket(w.contact, at=datetime(2026, 11, 16, 9, 0, tzinfo=BRUSSELS))
    html = text_of(page(client.get(f"/staff/tickets/{ticket.reference}")))
    assert "breached breached" not in html and "breached (breached" not in html
    assert "deadline passed" in html
    assert not re.search(r"\d+ d \d\d:\d\d:\d\d", html)
