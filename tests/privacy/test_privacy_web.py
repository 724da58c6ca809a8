"""The pages: administrators export and erase from the people pages and read the audit log
and the erasure requests; a contact exports their own data and asks for its erasure."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import AuditEntry, ContactPerson
from helpdesk.privacy import audit
from tests.factories import login, make_staff
from tests.privacy.helpers import JAN, history


def _actions(kind: str | None = None) -> list[tuple[str, str, int]]:
    query = select(AuditEntry.action, AuditEntry.subject_kind, AuditEntry.subject_id)
    if kind:
        query = query.where(AuditEntry.actor_kind == kind)
    return [tuple(r) for r in db.session.execute(query.order_by(AuditEntry.id))]


def test_an_administrator_downloads_a_contacts_export_and_it_is_audited(client):
    h = history()
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    response = client.get(f"/admin/contacts/{h.jan.id}/export")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert json.loads(response.get_data())["person"]["email"] == JAN
    assert ("exported", "contact", h.jan.id) in _actions()


def test_opening_a_person_or_a_ticket_page_is_audited(client):
    h = history()
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    assert client.get(f"/admin/contacts/{h.jan.id}").status_code == 200
    assert client.get(f"/admin/staff/{h.staff.id}").status_code == 200
    assert client.get(f"/staff/tickets/{h.tickets[0].reference}").status_code == 200
    seen = [a for a in _actions("staff") if a[0] == "viewed"]
    assert seen[-3:] == [("viewed", "contact", h.jan.id), ("viewed", "staff", h.staff.id),
                         ("viewed", "ticket", h.tickets[0].id)]


def test_erasure_needs_a_reason_and_a_confirmation(client):
    h = history()
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    url = f"/admin/contacts/{h.jan.id}/erase"
    assert "Jan Janssens" in client.get(url).get_data(as_text=True)
    assert client.post(url, data={"reason": "asked"}).status_code == 400
    assert client.post(url, data={"confirm": "y"}).status_code == 400
    assert db.session.get(ContactPerson, h.jan.id).erased_at is None
    response = client.post(url, data={"reason": "asked by mail", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    jan = db.session.get(ContactPerson, h.jan.id)
    assert jan.erased_at is not None and jan.email == f"erased-{jan.id}@invalid"
    assert ("erased", "contact", jan.id) in _actions()


def test_an_administrator_cannot_erase_themselves(client):
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    response = client.post(f"/admin/staff/{admin.id}/erase",
                           data={"reason": "x", "confirm": "y"})
    assert response.status_code == 403


def test_a_contact_downloads_only_their_own_data(client):
    h = history()
    login(client, h.pia)
    response = client.get("/portal/privacy/export")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "Pia adds: the printer too" in text
    assert "Jan" not in text and JAN not in text
    assert ("exported", "contact", h.pia.id) in _actions("contact")


def test_a_contact_cannot_export_or_erase_another_person(client):
    h = history()
    login(client, h.pia)
    assert client.get(f"/admin/contacts/{h.jan.id}/export").status_code == 403
    response = client.post(f"/admin/contacts/{h.jan.id}/erase",
                           data={"reason": "x", "confirm": "y"})
    assert response.status_code == 403
    # The request form names no one: it is always about the one logged in.
    client.post("/portal/privacy/erasure", data={"confirm": "y", "contact_id": h.jan.id})
    assert _actions("contact") == [("erasure_requested", "contact", h.pia.id)]
    assert db.session.get(ContactPerson, h.jan.id).erased_at is None


def test_an_erasure_request_is_shown_to_administrators_with_its_deadline(client):
    h = history()
    login(client, h.jan)
    assert client.post("/portal/privacy/erasure", data={}).status_code == 400
    assert client.post("/portal/privacy/erasure", data={"confirm": "y"}).status_code == 302
    client.post("/portal/privacy/erasure", data={"confirm": "y"})  # once is enough
    assert _actions("contact") == [("erasure_requested", "contact", h.jan.id)]
    assert "will be done by" in client.get("/portal/privacy").get_data(as_text=True)
    client.post("/logout")
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    page = client.get("/admin/erasure-requests").get_data(as_text=True)
    assert "Jan Janssens" in page and "Erase" in page
    client.post(f"/admin/contacts/{h.jan.id}/erase", data={"reason": "request", "confirm": "y"})
    assert "Jan Janssens" not in client.get("/admin/erasure-requests").get_data(as_text=True)


def test_the_audit_log_page_filters_and_pages(client):
    h = history()
    admin = make_staff(role="administrator", name="Ada Admin")
    for n in range(55):
        audit.record("viewed", "ticket", 1000 + n, actor=h.staff)
    old = audit.record("exported", "contact", h.jan.id, actor=admin)
    old.at = old.at - timedelta(days=40)
    db.session.commit()
    login(client, admin)
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "Page 1" in first and "ticket 1054" in first
    assert "ticket 1000" in client.get("/admin/audit?page=2").get_data(as_text=True)
    exported = client.get("/admin/audit?action=exported").get_data(as_text=True)
    assert f"contact {h.jan.id}" in exported and "ticket 1054" not in exported
    by_actor = client.get("/admin/audit?actor=ada").get_data(as_text=True)
    assert "exported" in by_actor and "ticket 1054" not in by_actor
    since = (old.at + timedelta(days=1)).date().isoformat()
    later = client.get(f"/admin/audit?action=exported&since={since}").get_data(as_text=True)
    assert "No entries." in later
    subject = client.get("/admin/audit?subject_kind=ticket&subject_id=1007").get_data(
        as_text=True)
    assert "ticket 1007" in subject and "ticket 1008" not in subject


def test_the_audit_log_is_for_administrators_only(client):
    h = history()
    login(client, h.staff)
    assert client.get("/admin/audit").status_code == 403


def test_an_administrator_erases_a_staff_member_from_the_staff_page(client):
    h = history()
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    page = client.get(f"/admin/staff/{h.staff.id}").get_data(as_text=True)
    base = f"/admin/staff/{h.staff.id}"
    assert f"{base}/export" in page and f"{base}/erase" in page
    response = client.post(f"/admin/staff/{h.staff.id}/erase",
                           data={"reason": "left the company", "confirm": "y"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(type(h.staff), h.staff.id).erased_at is not None
    assert "Sam Support" not in client.get(
        f"/staff/tickets/{h.tickets[0].reference}").get_data(as_text=True)


def test_an_erased_person_cannot_be_edited_back(client):
    h = history()
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    client.post(f"/admin/contacts/{h.jan.id}/erase", data={"reason": "asked", "confirm": "y"})
    response = client.post(f"/admin/contacts/{h.jan.id}",
                           data={"name": "Jan Janssens", "email": JAN, "portal_role": "editor"})
    assert response.status_code == 409
    db.session.expire_all()
    assert db.session.get(ContactPerson, h.jan.id).email != JAN


def test_an_erased_persons_page_shows_no_edit_form(client):
    h = history()
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    client.post(f"/admin/contacts/{h.jan.id}/erase", data={"reason": "asked", "confirm": "y"})
    page = client.get(f"/admin/contacts/{h.jan.id}").get_data(as_text=True)
    assert "was anonymised" in page and 'name="email"' not in page
