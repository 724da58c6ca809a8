"""#19 item 7: Dutch everywhere people read: the service-window notice with its day name,
clock names, the system actors of event lines, reasons, the outbox's statuses and kinds,
and the priority words of French and German readers."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from flask_babel import force_locale, refresh

from helpdesk.extensions import db
from helpdesk.intake.portal import start_notice
from helpdesk.tickets import actions
from helpdesk.tickets.reasons import clock_label, reason_label
from helpdesk.web.labels import actor_label, priority_label
from tests.factories import login, make_contact, make_contract, make_customer, make_staff
from tests.factories import make_ticket as factory_ticket

SATURDAY = datetime(2026, 11, 21, 10, 0, tzinfo=UTC)  # type 1: office hours, Mon–Fri


def test_the_service_window_notice_names_the_opening_in_dutch():
    customer = make_customer()
    contract = make_contract(customer, sla_preset="type1")
    with force_locale("nl"):
        notice = start_notice(contract, "P2", SATURDAY)
    assert notice is not None
    assert notice.startswith("We zijn buiten het servicevenster van uw contract")
    assert " ma 23 nov 2026 " in notice  # Monday's opening, the Dutch day name


def test_system_actors_reasons_and_clock_names_read_in_dutch():
    scheduler = SimpleNamespace(actor_kind="system", actor_name="scheduler")
    person = SimpleNamespace(actor_kind="staff", actor_name="Tom")
    with force_locale("nl"):
        assert actor_label(scheduler) == "planner"
        assert actor_label(person) == "Tom"  # names stay as recorded
        assert clock_label("Reaction time") == "Reactietijd"
        assert reason_label("provider maintenance: window 12") == (
            "onderhoud door de leverancier: window 12")  # the detail stays as written
        assert reason_label("something staff typed") == "something staff typed"
    assert actor_label(scheduler) == "scheduler"


def test_french_and_german_readers_get_the_priority_in_their_words():
    with force_locale("fr"):
        assert priority_label("P1") == "P1 – critique"
    with force_locale("de"):
        assert priority_label("P2") == "P2 – hoch"
    with force_locale("nl"):
        assert priority_label("P2") == "P2 – Belangrijk"  # art. 39.1.1's own word


def test_the_outbox_and_the_ticket_page_speak_dutch_to_a_dutch_staff_member(client, clock):
    clock.set(datetime(2026, 11, 18, 10, 0, tzinfo=UTC))
    customer = make_customer()
    make_contract(customer, sla_preset="type4")
    db.session.refresh(customer)
    contact = make_contact(customer)
    staff = make_staff(locale="nl")
    ticket = factory_ticket(contact, title="Mail down")
    actions.acknowledge(ticket, by=staff, now=clock.now())
    db.session.commit()
    login(client, staff)
    refresh()
    outbox = client.get("/staff/outbox", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "(bevestiging)" in outbox  # the acknowledgement's kind
    assert ">wachtend</span>" in outbox or ">lokaal bewaard</span>" in outbox
    refresh()
    page = client.get(f"/staff/tickets/{ticket.reference}").get_data(as_text=True)
    assert "Reactietijd" in page and "Oplostijd" in page


def test_held_mail_reasons_and_review_actions_read_in_dutch():
    from helpdesk.web.labels import held_reason_label

    with force_locale("nl"):
        assert held_reason_label("unknown sender") == "onbekende afzender"
        assert held_reason_label("not a reporter: reader role") == "geen melder: reader role"
        assert held_reason_label("automatic message (auto-submitted)") == (
            "automatisch bericht (auto-submitted)")
        assert held_reason_label("something else") == "something else"
    assert held_reason_label("unknown sender") == "unknown sender"


def test_the_explanations_reasons_read_in_dutch_with_holiday_and_day_names():
    from helpdesk.tickets.reasons import window_reason_label

    with force_locale("nl"):
        assert window_reason_label("outside service window") == "buiten het servicevenster"
        assert window_reason_label("public holiday: Christmas Day") == "feestdag: Kerstmis"
        assert window_reason_label("public holiday: Ascension Day; Labor Day") == (
            "feestdag: Onze-Lieve-Heer-Hemelvaart; Dag van de Arbeid")
        assert window_reason_label("no service window on Saturday") == (
            "geen servicevenster op zaterdag")
    with force_locale("fr"):
        assert window_reason_label("no service window on Monday").endswith("lundi")
    assert window_reason_label("public holiday: Christmas Day") == "public holiday: Christmas Day"


def test_the_explanation_page_shows_dutch_reasons(client, clock):
    clock.set(datetime(2026, 11, 21, 10, 0, tzinfo=UTC))  # a Saturday
    customer = make_customer()
    make_contract(customer, sla_preset="type1")
    db.session.refresh(customer)
    ticket = factory_ticket(make_contact(customer), title="Mail down")
    staff = make_staff(locale="nl")
    db.session.commit()
    clock.set(datetime(2026, 11, 23, 12, 0, tzinfo=UTC))
    login(client, staff)
    refresh()
    page = client.get(f"/staff/tickets/{ticket.reference}/clocks/reaction").get_data(as_text=True)
    assert "Reactietijd" in page and "weekend" in page
    assert "buiten het servicevenster" in page and "outside service window" not in page


def test_a_refused_portal_report_says_why_in_dutch(client, clock):
    clock.set(datetime(2026, 11, 18, 10, 0, tzinfo=UTC))
    customer = make_customer()
    make_contract(customer, sla_preset="type4")
    db.session.refresh(customer)
    reader = make_contact(customer, portal_role="reader", locale="nl")
    db.session.commit()
    from helpdesk.intake.portal import SubmissionRefused, submit_from_portal

    with force_locale("nl"), pytest.raises(SubmissionRefused) as refused:
        submit_from_portal(reader, title="x", description="y", urgency="light",
                           impact="some", now=clock.now())
    assert str(refused.value) == "Uw portaalrol mag tickets lezen maar geen incidenten melden."
