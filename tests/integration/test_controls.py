"""Issue #19 item 10, controls: unique ids on the main pages, the chosen cell of the
priority matrix, no contact chosen by default, held mail attached by searching for the
ticket, and a monthly report that leads with the share of clocks met and links its tickets."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from html.parser import HTMLParser

import pytest
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import Customer, Staff, Ticket
from helpdesk.tickets import actions
from helpdesk.tickets.search import open_tickets_matching
from helpdesk.timefmt import BRUSSELS
from tests.factories import login, make_ticket
from tests.integration.test_cli import invoke
from tests.integration.test_web_helpers import events, held_mail, page, world

WEDNESDAY = datetime(2026, 11, 18, 11, 0, tzinfo=BRUSSELS)


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        for name, value in attrs:
            if name == "id" and value:
                self.ids[value] += 1


def duplicate_ids(html: str) -> list[str]:
    parser = _Ids()
    parser.feed(html)
    return sorted(i for i, n in parser.ids.items() if n > 1)


@pytest.fixture
def w(client):
    w = world()
    login(client, w.staff)
    return w


def test_the_main_pages_have_no_duplicate_ids(app, clock):
    clock.set(WEDNESDAY)
    assert invoke(app, "demo", "--tickets", "20").exit_code == 0
    mail = held_mail(sender="stranger@elsewhere.example")
    tickets = db.session.scalars(select(Ticket).order_by(Ticket.id)).all()
    customer = db.session.scalars(select(Customer).order_by(Customer.id)).first()
    reporter = tickets[0].reporter
    staff_urls = ["/staff/", "/staff/phone", f"/staff/held/{mail.id}", "/staff/held",
                  f"/staff/held/{mail.id}?q=e",
                  f"/staff/reports/customers/{customer.id}/{WEDNESDAY:%Y-%m}",
                  *(f"/staff/tickets/{t.reference}" for t in tickets)]
    portal_urls = ["/portal/", "/portal/new",
                   *(f"/portal/tickets/{t.reference}" for t in tickets
                     if t.customer_id == reporter.customer_id)]
    for email, urls in (("tom@provider.example", staff_urls), (reporter.email, portal_urls)):
        app.config["WTF_CSRF_ENABLED"] = False
        client = app.test_client()
        audience = "staff" if email.endswith("@provider.example") else "portal"
        client.post(f"/{audience}/login", data={"email": email, "password": "demo-password"})
        app.config["WTF_CSRF_ENABLED"] = True  # every form on a page carries a csrf_token
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert duplicate_ids(page(response)) == [], url


def test_the_phone_form_chooses_no_caller_and_refuses_nobody(client, w, clock):
    clock.set(WEDNESDAY)
    html = page(client.get("/staff/phone"))
    select_html = re.search(r'<select[^>]*name="contact_id".*?</select>', html, re.S)[0]
    assert "selected" not in select_html
    assert re.search(r'<option value="0">— choose the contact person —</option>', select_html)
    refused = client.post("/staff/phone", data={
        "contact_id": "0", "called_at": "2026-11-18T10:55", "title": "Down",
        "description": "All down", "urgency": "blocking", "impact": "all"})
    assert refused.status_code == 400
    assert "Choose the contact person." in page(refused)
    assert db.session.scalars(select(Ticket)).first() is None


def test_held_mail_chooses_no_contact_by_default(client, w):
    mail = held_mail(sender=w.contact.email.replace("jan", "colleague"))
    html = page(client.get(f"/staff/held/{mail.id}"))
    select_html = re.search(r'<select[^>]*name="contact_id".*?</select>', html, re.S)[0]
    assert "selected" not in select_html
    refused = client.post(f"/staff/held/{mail.id}/open", data={
        "contact_id": "0", "urgency": "light", "impact": "all"})
    assert refused.status_code == 400 and "Choose the contact person." in page(refused)


def test_held_mail_is_attached_to_a_ticket_found_by_searching(client, w, clock):
    clock.set(WEDNESDAY)
    printer = make_ticket(w.contact, title="Printer on floor 2 offline", at=WEDNESDAY)
    make_ticket(w.contact, title="VPN drops", at=WEDNESDAY)
    closed = make_ticket(w.contact, title="Printer toner empty", at=WEDNESDAY)
    actions.acknowledge(closed, by=w.staff, now=WEDNESDAY)
    actions.resolve(closed, by=w.staff, now=WEDNESDAY, note="New toner.")
    db.session.commit()
    mail = held_mail()

    found = page(client.get(f"/staff/held/{mail.id}?q=printer"))
    assert f'value="{printer.reference}"' in found
    assert "<mark>Printer</mark> on floor 2 offline" in found  # issue #16: words marked
    assert closed.reference not in found and "VPN drops" not in found  # open tickets only
    by_reference = page(client.get(f"/staff/held/{mail.id}?q={printer.reference.lower()}"))
    assert f'value="{printer.reference}"' in by_reference
    assert "No open ticket matches." in page(client.get(f"/staff/held/{mail.id}?q=zzz"))

    done = client.post(f"/staff/held/{mail.id}/attach", data={"reference": printer.reference})
    assert done.status_code == 302
    assert events(printer)[-1] == "held_mail_attached"


def test_the_ticket_search_takes_percent_and_underscore_literally(w, clock):
    clock.set(WEDNESDAY)
    make_ticket(w.contact, title="Disk 100% full", at=WEDNESDAY)
    make_ticket(w.contact, title="Disk 1000 errors", at=WEDNESDAY)
    assert [t.title for t in open_tickets_matching("100%")] == ["Disk 100% full"]
    assert open_tickets_matching("   ") == []


def test_the_chosen_matrix_cell_is_marked_on_the_priority_form_and_the_portal(client, w,
                                                                             clock):
    clock.set(WEDNESDAY)
    ticket = make_ticket(w.contact, urgency="blocking", impact="all", at=WEDNESDAY)
    html = page(client.get(f"/staff/tickets/{ticket.reference}"))
    priority = html[html.index('id="action-priority"'):]
    priority = priority[:priority.index("</details>")]
    chosen = re.findall(r'<td data-urgency="(\w+)" data-impact="(\w+)" class="chosen" '
                        r'aria-current="true">', priority)
    assert chosen == [("blocking", "all")]

    portal = client.application.test_client()
    login(portal, w.contact)
    retyped = page(portal.post("/portal/new", data={
        "title": "", "description": "x", "urgency": "light", "impact": "all"}))
    assert re.findall(r'data-urgency="(\w+)" data-impact="(\w+)" class="chosen"', retyped) \
        == [("light", "all")]
    fresh = page(portal.get("/portal/new"))
    assert 'class="chosen"' not in fresh  # nothing chosen yet, nothing marked


def test_the_monthly_report_leads_with_clocks_met_and_links_its_tickets(client, w, clock):
    clock.set(WEDNESDAY)
    login(client, db.session.scalars(select(Staff).where(Staff.role == "administrator")).one())
    met = make_ticket(w.contact, title="Quick", at=datetime(2026, 11, 16, 9, 0, tzinfo=BRUSSELS))
    actions.acknowledge(met, by=w.staff, now=datetime(2026, 11, 16, 9, 30, tzinfo=BRUSSELS))
    make_ticket(w.contact, title="Forgotten", at=datetime(2026, 11, 2, 9, 0, tzinfo=BRUSSELS))
    db.session.commit()
    html = page(client.get(f"/staff/reports/customers/{w.customer.id}/2026-11"))
    head = html[html.index('class="report-head"'):]
    lead = re.search(r'<p class="report-lead"[^>]*>(.*?)</p>', head, re.S)[1]
    lead = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", lead))
    # "Quick" met its reaction; "Forgotten" breached reaction and resolution (type 4)
    assert lead.startswith("33 % of clocks met this month")
    assert "1 met, 2 breached of 3 finished clocks" in lead
    assert head.index("report-lead") < head.index('<table class="figures">')
    assert f'<a href="/staff/tickets/{met.reference}">{met.reference}</a>' in html
    assert '<span class="clock met">' in html and '<span class="clock breached">' in html
