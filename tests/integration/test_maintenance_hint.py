"""Art. 38.3: provider maintenance is not an incident. A ticket submitted inside (or shortly
after) a maintenance window of one of its customer's services gets a notice on the staff
ticket page and a prefilled "not an incident" action; staff still decide and submit it, and
the clocks stop only then. Only the ticket's own customer's windows count, never cancelled
ones."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest

from helpdesk.extensions import db
from helpdesk.maintenance import hints, records
from helpdesk.maintenance.schedule import Occurrence
from helpdesk.models import TicketEvent
from helpdesk.reports import records as credit_records
from tests.factories import login, make_contact, make_contract, make_customer, make_staff
from tests.factories import make_ticket as factory_ticket
from tests.integration.test_web_helpers import events, page

START = datetime(2026, 10, 8, 19, 0, tzinfo=UTC)  # Thu 21:00 CEST
NOW = START + timedelta(hours=3)


@pytest.fixture
def at_now():
    with mock.patch("helpdesk.web.staff.tickets.utcnow", return_value=NOW), \
         mock.patch("helpdesk.web.staff.actions.utcnow", return_value=NOW), \
         mock.patch("helpdesk.web.staff.queues.utcnow", return_value=NOW):
        yield NOW


@pytest.fixture
def two_customers():
    """Customers A and B, each with a hosted service, a type 4 contract and a contact."""
    made = []
    for name in ("Brouwerij A", "Gemeente B"):
        customer = make_customer(name=name)
        make_contract(customer, sla_preset="type4")
        service = credit_records.add_service(customer, name=f"{name} webshop",
                                             monthly_fee_cents=8000, now=START - timedelta(days=9))
        made.append((customer, service, make_contact(customer)))
    staff = make_staff(name="Tom")
    db.session.commit()
    return made, staff


def window(service, *, title: str, kind: str = "planned", start=START, hours: float = 1):
    made, = records.record_windows(
        service, kind=kind, title=title, description="", by=None,
        now=start - timedelta(days=2), occurrences=[
            Occurrence(start, start + timedelta(hours=hours))])
    db.session.commit()
    return made


def ticket(contact, at: datetime, title: str = "Webshop down"):
    return factory_ticket(contact, at=at, title=title)


def test_the_lookup_finds_the_customers_window_during_and_shortly_after_it(two_customers):
    ((a, web_a, contact_a), _), _ = two_customers
    made = window(web_a, title="Database upgrade")
    margin = timedelta(minutes=30)
    assert hints.windows_at(a.id, START - timedelta(seconds=1), margin=margin) == []
    assert hints.windows_at(a.id, START, margin=margin) == [made]
    assert hints.windows_at(a.id, START + timedelta(minutes=89), margin=margin) == [made]
    assert hints.windows_at(a.id, START + timedelta(minutes=90), margin=margin) == []
    assert hints.windows_at(a.id, START + timedelta(minutes=61),
                            margin=timedelta(0)) == []


def test_the_lookup_ignores_other_customers_and_cancelled_windows(two_customers):
    ((a, web_a, _), (b, web_b, _)), staff = two_customers
    window(web_b, title="B's upgrade")
    called_off = window(web_a, title="Called off")
    records.cancel_window(called_off, reason="postponed", by=staff,
                          now=START - timedelta(hours=1))
    db.session.commit()
    assert hints.windows_at(a.id, START + timedelta(minutes=10)) == []
    assert [w.title for w in hints.windows_at(b.id, START + timedelta(minutes=10))] == [
        "B's upgrade"]


def test_the_ticket_page_names_the_window_and_prefills_not_an_incident(
        client, two_customers, at_now):
    ((_, web_a, contact_a), _), staff = two_customers
    window(web_a, title="Database upgrade", kind="emergency")
    made = ticket(contact_a, START + timedelta(minutes=20))
    login(client, staff)
    text = page(client.get(f"/staff/tickets/{made.reference}"))
    notice = text.split('class="maintenance-notice maintenance-hint"', 1)[1].split("</aside>")[0]
    assert "Database upgrade" in notice and "emergency maintenance" in notice
    assert "2026-10-08 21:00 CEST – 2026-10-08 22:00 CEST" in notice  # Brussels time
    assert "submit the prefilled" in notice
    detail = "Database upgrade (2026-10-08 21:00 CEST – 22:00 CEST)"
    assert f'value="{detail}"' in text
    assert '<option selected value="provider maintenance">' in text
    assert events(made) == ["submitted"]  # never automatic: nothing is recorded by looking
    response = client.post(f"/staff/tickets/{made.reference}/not-an-incident",
                           data={"reason": "provider maintenance", "detail": detail})
    assert response.status_code == 302
    event = db.session.scalars(db.select(TicketEvent).where(
        TicketEvent.ticket_id == made.id, TicketEvent.type == "not_an_incident")).one()
    assert event.payload["reason"] == f"provider maintenance: {detail}"
    db.session.refresh(made)
    assert made.status == "not_an_incident"
    after = page(client.get(f"/staff/tickets/{made.reference}"))
    assert "submit the prefilled" not in after  # closed: the notice no longer offers it


def test_no_notice_for_another_customers_window_a_cancelled_one_or_outside_the_margin(
        app, client, two_customers, at_now):
    ((_, web_a, contact_a), (_, web_b, contact_b)), staff = two_customers
    window(web_b, title="B's upgrade")
    called_off = window(web_a, title="Called off", start=START + timedelta(hours=1))
    records.cancel_window(called_off, reason="postponed", by=staff, now=START)
    db.session.commit()
    during_b = ticket(contact_a, START + timedelta(minutes=10))
    during_cancelled = ticket(contact_a, START + timedelta(minutes=70))
    own = ticket(contact_b, START + timedelta(minutes=75))  # B: 15 min after its window
    login(client, staff)
    for quiet in (during_b, during_cancelled):
        text = page(client.get(f"/staff/tickets/{quiet.reference}"))
        assert "maintenance-hint" not in text and "B&#39;s upgrade" not in text
        assert "Called off" not in text
    assert "B&#39;s upgrade" in page(client.get(f"/staff/tickets/{own.reference}"))
    app.config["HELPDESK_MAINTENANCE_HINT_MINUTES"] = 10
    assert "maintenance-hint" not in page(client.get(f"/staff/tickets/{own.reference}"))


def test_the_queue_marks_open_tickets_submitted_during_their_customers_maintenance(
        client, two_customers, at_now):
    ((_, web_a, contact_a), (_, _, contact_b)), staff = two_customers
    window(web_a, title="Database upgrade")
    ticket(contact_a, START + timedelta(minutes=5), title="A during maintenance")
    ticket(contact_b, START + timedelta(minutes=5), title="B at the same time")
    ticket(contact_a, START - timedelta(hours=1), title="A before it")
    login(client, staff)
    rows = page(client.get("/staff/?show=open")).split("<tbody>", 1)[1].split("</tr>")
    marked = [r for r in rows if "maintenance-mark" in r]
    assert len(marked) == 1 and "A during maintenance" in marked[0]


def test_the_not_an_incident_detail_is_optional_and_bounded(client, two_customers, at_now):
    ((_, _, contact_a), _), staff = two_customers
    made = ticket(contact_a, START)
    login(client, staff)
    long = client.post(f"/staff/tickets/{made.reference}/not-an-incident",
                       data={"reason": "force majeure", "detail": "x" * 501})
    assert long.status_code == 400 and events(made) == ["submitted"]
    client.post(f"/staff/tickets/{made.reference}/not-an-incident",
                data={"reason": "force majeure"})
    event = db.session.scalars(db.select(TicketEvent).where(
        TicketEvent.ticket_id == made.id, TicketEvent.type == "not_an_incident")).one()
    assert event.payload["reason"] == "force majeure"


def test_the_margin_is_a_checked_setting():
    from helpdesk.config import DEFAULTS
    from helpdesk.config_kinds import SettingsError
    from helpdesk.config_spec import parse_environment

    assert parse_environment({"HELPDESK_MAINTENANCE_HINT_MINUTES": "15"}, DEFAULTS) == {
        "MAINTENANCE_HINT_MINUTES": 15}
    for bad in ("-1", "soon", "1441"):
        with pytest.raises(SettingsError):
            parse_environment({"HELPDESK_MAINTENANCE_HINT_MINUTES": bad}, DEFAULTS)
