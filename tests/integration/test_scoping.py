"""Every route is classified and tested: staff pages deny contact persons (403), administration
denies everyone but administrators (403), and a contact of customer A gets 404 for every URL
and attachment of customer B. A new route without an entry here fails
`test_every_route_has_a_scoping_rule`."""

from __future__ import annotations

import pytest

from helpdesk.extensions import db
from helpdesk.intake.attachments import store_attachments
from helpdesk.mail import Attachment as Upload
from tests.factories import login, make_contact, make_customer, make_staff, make_ticket

PUBLIC = {
    "static", "auth.index", "auth.portal_login", "auth.staff_login", "auth.logout",
    "auth.forgot_password", "auth.reset_password", "auth.choose_language", "health.health",
    # The API's description: no data in it, so a client can read it before holding a token.
    "api.openapi_json", "api_docs.docs_page",
    # Any logged-in account, for its own sessions only (test_account_security.py).
    "auth.logout_everywhere",
    # R23: the signed link names its contact; forged or expired ones get 400
    # (test_confirmed_addresses.py).
    "auth.confirm_address",
}
# endpoint -> (method, URL); {ref} is customer B's ticket reference.
STAFF_ONLY = {
    "staff.queue": ("GET", "/staff/"),
    # Issue #16: bulk actions and saved views are staff-only (test_queue_views.py).
    "staff.bulk": ("POST", "/staff/queue/bulk"),
    "staff.save_view": ("POST", "/staff/views"),
    "staff.delete_view": ("POST", "/staff/views/1/delete"),
    "staff.ticket": ("GET", "/staff/tickets/{ref}"),
    "staff.explain": ("GET", "/staff/tickets/{ref}/clocks/reaction"),
    "staff.send_explanation": ("POST", "/staff/tickets/{ref}/clocks/reaction/send"),
    "staff.attachment": ("GET", "/staff/tickets/{ref}/attachments/{att}"),
    "staff.acknowledge": ("POST", "/staff/tickets/{ref}/acknowledge"),
    "staff.assign": ("POST", "/staff/tickets/{ref}/assign"),
    "staff.reply": ("POST", "/staff/tickets/{ref}/reply"),
    "staff.note": ("POST", "/staff/tickets/{ref}/note"),
    "staff.priority": ("POST", "/staff/tickets/{ref}/priority"),
    "staff.suspend": ("POST", "/staff/tickets/{ref}/supplier"),
    "staff.delivered": ("POST", "/staff/tickets/{ref}/supplier-delivered"),
    "staff.onsite": ("POST", "/staff/tickets/{ref}/onsite"),
    "staff.workaround": ("POST", "/staff/tickets/{ref}/workaround"),
    "staff.resolve": ("POST", "/staff/tickets/{ref}/resolve"),
    "staff.not_an_incident": ("POST", "/staff/tickets/{ref}/not-an-incident"),
    "staff.out_of_scope": ("POST", "/staff/tickets/{ref}/out-of-scope"),
    "staff.log_time": ("POST", "/staff/tickets/{ref}/time"),
    # Issue #16: merging duplicates (same customer only, test_merge_duplicates.py), presence
    # and the live queue (test_presence_and_live_queue.py).
    "staff.merge": ("POST", "/staff/tickets/{ref}/merge"),
    "staff.presence_poll": ("POST", "/staff/tickets/{ref}/presence"),
    "staff.queue_live": ("GET", "/staff/queue/live"),
    # Canned-reply templates: managers and administrators (test_canned_replies.py).
    "staff.canned_list": ("GET", "/staff/canned-replies"),
    "staff.canned_new": ("GET", "/staff/canned-replies/new"),
    "staff.canned_edit": ("GET", "/staff/canned-replies/1"),
    "staff.canned_delete": ("POST", "/staff/canned-replies/1/delete"),
    "staff.phone_report": ("GET", "/staff/phone"),
    # Issue #16: the header's search box (tests/search/test_search_pages.py).
    "staff.search": ("GET", "/staff/search?q=outage"),
    "staff.held_list": ("GET", "/staff/held"),
    "staff.held_view": ("GET", "/staff/held/1"),
    "staff.held_raw": ("GET", "/staff/held/1/raw"),
    "staff.held_attachment": ("GET", "/staff/held/1/attachments/1"),
    "staff.held_attach": ("POST", "/staff/held/1/attach"),
    "staff.held_open": ("POST", "/staff/held/1/open"),
    "staff.held_discard": ("POST", "/staff/held/1/discard"),
    "staff.outbox": ("GET", "/staff/outbox"),
    # The staff member's own account page (issue #17: their language); names nobody.
    "staff.account": ("GET", "/staff/account"),
    "staff.tokens": ("GET", "/staff/tokens"),
    "staff.token_create": ("POST", "/staff/tokens"),
    "staff.token_revoke": ("POST", "/staff/tokens/1/revoke"),
    # R24 data-breach register: managers only (an agent gets 403, test_data_breaches.py).
    "staff.breaches": ("GET", "/staff/data-breaches"),
    "staff.breach_new": ("GET", "/staff/data-breaches/new"),
    "staff.breach": ("GET", "/staff/data-breaches/1"),
    "staff.breach_notify": ("POST", "/staff/data-breaches/1/notify"),
    # R25 complaints (art. 16.1) and conflict notices (art. 39.4.2): any staff member
    # (test_duties_web.py).
    "staff.duties_list": ("GET", "/staff/duties"),
    "staff.duty_new": ("GET", "/staff/duties/new/complaint"),
    "staff.duty": ("GET", "/staff/duties/1"),
    "staff.duty_answer": ("POST", "/staff/duties/1/answer"),
    "reports.index": ("GET", "/staff/reports/"),
    "reports.customer_report": ("GET", "/staff/reports/customers/1/2026-10"),
    "reports.customer_report_pdf": ("GET", "/staff/reports/customers/1/2026-10/pdf"),
    "reports.customer_report_csv": ("GET", "/staff/reports/customers/1/2026-10/csv"),
    "reports.overview": ("GET", "/staff/reports/overview"),
    "reports.whatif": ("GET", "/staff/reports/what-if"),
    "reports.claim_new": ("GET", "/staff/reports/customers/1/claims/new"),
    "reports.claim_scan": ("GET", "/staff/reports/claims/1/scan"),
    "reports.outage_new": ("GET", "/staff/reports/customers/1/outages/new"),
    "reports.service_add": ("POST", "/staff/reports/customers/1/services"),
    "reports.service_fee_save": ("POST", "/staff/reports/customers/1/service-fees"),
    "reports.attribution": ("POST", "/staff/reports/tickets/{ref}/attribution"),
    "reports.maintenance": ("GET", "/staff/reports/customers/1/maintenance"),
    "reports.maintenance_cancel": ("POST", "/staff/reports/maintenance/1/cancel"),
    "reports.maintenance_cancel_series": ("POST", "/staff/reports/maintenance/1/cancel-series"),
    "reports.invoice_list": ("GET", "/staff/reports/customers/1/invoices"),
    "reports.invoice_new": ("POST", "/staff/reports/customers/1/invoices"),
    "reports.invoice_import": ("POST", "/staff/reports/customers/1/invoices/import"),
    "reports.project_price": ("POST", "/staff/reports/customers/1/contracts/1/project-price"),
    # Art. 6.6 hours statement (test_hours_disputes.py): every customer's entries.
    "staff.hours_list": ("GET", "/staff/hours"),
    "staff.hours_resolve": ("POST", "/staff/hours/1/resolve"),
    # Art. 6.9 non-payment suspensions; start/stop managers only (test_payment_suspension.py).
    "staff.nonpayment_list": ("GET", "/staff/non-payment"),
    "staff.nonpayment_start": ("POST", "/staff/non-payment/start"),
    "staff.nonpayment_stop": ("POST", "/staff/non-payment/1/stop"),
    # Art. 27.2 preventive site visits (test_site_visits.py).
    "staff.visits_list": ("GET", "/staff/site-visits"),
    "staff.visit_plan": ("POST", "/staff/site-visits"),
    "staff.visit_report": ("POST", "/staff/site-visits/1/report"),
    "staff.visit_cancel": ("POST", "/staff/site-visits/1/cancel"),
}
ADMIN_ONLY = {
    "admin.index": ("GET", "/admin/"),
    "admin.customer_new": ("GET", "/admin/customers/new"),
    "admin.customer": ("GET", "/admin/customers/1"),
    "admin.contract_new": ("GET", "/admin/customers/1/contracts/new"),
    "admin.contract": ("GET", "/admin/contracts/1"),
    "admin.fee_save": ("POST", "/admin/contracts/1/fees"),
    "admin.closing_day_add": ("POST", "/admin/contracts/1/closing-days"),
    "admin.closing_day_delete": ("POST", "/admin/contracts/1/closing-days/1/delete"),
    "admin.escalation_add": ("POST", "/admin/contracts/1/escalation"),
    "admin.escalation_delete": ("POST", "/admin/contracts/1/escalation/1/delete"),
    "admin.contact_new": ("GET", "/admin/customers/1/contacts/new"),
    "admin.contact_edit": ("GET", "/admin/contacts/1"),
    "admin.staff_list": ("GET", "/admin/staff"),
    "admin.staff_new": ("GET", "/admin/staff/new"),
    "admin.staff_edit": ("GET", "/admin/staff/1"),
    "admin.contact_export": ("GET", "/admin/contacts/1/export"),
    "admin.staff_export": ("GET", "/admin/staff/1/export"),
    "admin.contact_erase": ("GET", "/admin/contacts/1/erase"),
    "admin.staff_erase": ("GET", "/admin/staff/1/erase"),
    "admin.erasure_requests": ("GET", "/admin/erasure-requests"),
    "admin.audit_log": ("GET", "/admin/audit"),
    "admin.contact_tokens": ("GET", "/admin/contacts/1/tokens"),
    "admin.contact_token_create": ("POST", "/admin/contacts/1/tokens"),
    "admin.contact_token_revoke": ("POST", "/admin/contacts/1/tokens/1/revoke"),
    # IMAP mailboxes (#17): their secrets and the provider's mail (tests/imap/test_admin.py).
    "admin.mailboxes": ("GET", "/admin/mailboxes"),
    "admin.mailbox_new": ("GET", "/admin/mailboxes/new"),
    "admin.mailbox_edit": ("GET", "/admin/mailboxes/1"),
    "admin.mailbox_delete": ("POST", "/admin/mailboxes/1/delete"),
}
PORTAL = {
    "portal.tickets": ("GET", "/portal/"),
    "portal.submit": ("GET", "/portal/new"),
    "portal.ticket": ("GET", "/portal/tickets/{ref}"),
    "portal.attachment": ("GET", "/portal/tickets/{ref}/attachments/{att}"),
    "portal.message": ("POST", "/portal/tickets/{ref}/message"),
    "portal.confirm": ("POST", "/portal/tickets/{ref}/confirm"),
    "portal.reject": ("POST", "/portal/tickets/{ref}/reject"),
    # A person's own data only (no URL names a person); readers may use them too (seed 003).
    "portal.privacy": ("GET", "/portal/privacy"),
    "portal.privacy_export": ("GET", "/portal/privacy/export"),
    "portal.privacy_request_erasure": ("POST", "/portal/privacy/erasure"),
    "portal.maintenance": ("GET", "/portal/maintenance"),
    # R25: the own customer's contract, SLA history, complaints and conflict notices; another
    # customer's complaint is 404 (test_duties_web.py).
    "portal.contract": ("GET", "/portal/contract"),
    "portal.complaint_new": ("GET", "/portal/complaints/new"),
    "portal.conflict_new": ("GET", "/portal/conflicts/new"),
    "portal.duty": ("GET", "/portal/duties/1"),
    # The contact's own account page (issue #17: their language); no URL names a person.
    "portal.account": ("GET", "/portal/account"),
    # R23: the contact's own confirmation link, mailed again (test_confirmed_addresses.py).
    "portal.resend_confirmation": ("POST", "/portal/address/confirm-again"),
    # Art. 6.6: the customer's own hours; another customer's entry is 404
    # (test_hours_disputes.py names it by its id).
    "portal.hours_statement": ("GET", "/portal/hours"),
    "portal.hours_dispute": ("POST", "/portal/hours/1/dispute"),
    # Art. 27.2: the customer's own visits and reports.
    "portal.site_visits": ("GET", "/portal/site-visits"),
}
# Portal URLs naming one of customer B's objects: customer A's contact gets 404.
PORTAL_OBJECT_URLS = {"portal.ticket", "portal.attachment", "portal.message",
                      "portal.confirm", "portal.reject"}
PORTAL_CHANGES = {"portal.submit", "portal.message", "portal.confirm", "portal.reject",
                  "portal.complaint_new", "portal.conflict_new",
                  "portal.hours_dispute"}
FORM = {"text": "hello", "reason": "still down"}
# The REST API (tests/api/) authenticates by bearer token only: a session cookie is not
# enough (401), and a contact's token gets 404 for another customer's tickets.
API = {
    "api.me": ("GET", "/api/v1/me"),
    "api.list_tickets": ("GET", "/api/v1/tickets"),
    "api.create_ticket": ("POST", "/api/v1/tickets"),
    "api.get_ticket": ("GET", "/api/v1/tickets/{ref}"),
    "api.ticket_events": ("GET", "/api/v1/tickets/{ref}/events"),
    "api.ticket_clocks": ("GET", "/api/v1/tickets/{ref}/clocks"),
    "api.post_message": ("POST", "/api/v1/tickets/{ref}/messages"),
    "api.acknowledge": ("POST", "/api/v1/tickets/{ref}/acknowledge"),
    "api.resolve": ("POST", "/api/v1/tickets/{ref}/resolve"),
    "api.assign": ("POST", "/api/v1/tickets/{ref}/assign"),
    "api.add_note": ("POST", "/api/v1/tickets/{ref}/notes"),
    "api.change_priority": ("POST", "/api/v1/tickets/{ref}/priority"),
    "api.suspend_for_supplier": ("POST", "/api/v1/tickets/{ref}/supplier-suspension"),
    "api.supplier_delivered": ("POST", "/api/v1/tickets/{ref}/supplier-delivered"),
    "api.agree_onsite": ("POST", "/api/v1/tickets/{ref}/onsite"),
    "api.apply_workaround": ("POST", "/api/v1/tickets/{ref}/workaround"),
    "api.not_an_incident": ("POST", "/api/v1/tickets/{ref}/not-an-incident"),
    "api.out_of_scope": ("POST", "/api/v1/tickets/{ref}/out-of-scope"),
    "api.log_time": ("POST", "/api/v1/tickets/{ref}/time-entries"),
    "api.merge_duplicate": ("POST", "/api/v1/tickets/{ref}/merge"),
    "api.reject_fix": ("POST", "/api/v1/tickets/{ref}/reject-fix"),
    "api.confirm_in_writing": ("POST", "/api/v1/tickets/{ref}/confirmation"),
    "api.list_attachments": ("GET", "/api/v1/tickets/{ref}/attachments"),
    "api.download_attachment": ("GET", "/api/v1/tickets/{ref}/attachments/{att}"),
    "api.customer_credits": ("GET", "/api/v1/customers/1/credits/2026-10"),
    "api.list_data_breaches": ("GET", "/api/v1/data-breaches"),
    "api.get_data_breach": ("GET", "/api/v1/data-breaches/1"),
    # R25: own customer's only for contacts (tests/api/test_duties.py)
    "api.list_complaints": ("GET", "/api/v1/complaints"),
    "api.submit_complaint": ("POST", "/api/v1/complaints"),
    "api.list_conflict_notices": ("GET", "/api/v1/conflict-notices"),
    "api.submit_conflict_notice": ("POST", "/api/v1/conflict-notices"),
    # staff register one on a customer's behalf, as on the staff pages
    "api.register_complaint": ("POST", "/api/v1/customers/1/complaints"),
    "api.register_conflict_notice": ("POST", "/api/v1/customers/1/conflict-notices"),
    "api.get_duty": ("GET", "/api/v1/duties/1"),
    "api.get_sla_history": ("GET", "/api/v1/customers/1/sla-history"),
    # Art. 6.6 hours: a contact's token sees its own customer's only (tests/api/test_hours.py).
    "api.list_hours": ("GET", "/api/v1/hours"),
    "api.get_hours": ("GET", "/api/v1/hours/1"),
    "api.dispute_hours": ("POST", "/api/v1/hours/1/dispute"),
    "api.resolve_hours_dispute": ("POST", "/api/v1/hours/1/resolve"),
    # Art. 6.9: managers act; a contact's token lists its own customer's only.
    "api.list_payment_suspensions": ("GET", "/api/v1/payment-suspensions"),
    "api.suspend_for_non_payment": ("POST", "/api/v1/customers/1/payment-suspension"),
    "api.lift_payment_suspension": ("POST", "/api/v1/payment-suspensions/1/stop"),
    # Art. 27.2 site visits: staff plan and report; a contact's token reads its own
    # customer's (test_site_visits.py).
    "api.list_site_visits": ("GET", "/api/v1/site-visits"),
    "api.get_site_visit": ("GET", "/api/v1/site-visits/1"),
    "api.plan_site_visit": ("POST", "/api/v1/customers/1/site-visits"),
    "api.report_site_visit": ("POST", "/api/v1/site-visits/1/report"),
}
API_OBJECT_URLS = {"api.get_ticket", "api.ticket_events", "api.ticket_clocks",
                   "api.post_message", "api.reject_fix", "api.confirm_in_writing",
                   "api.list_attachments", "api.download_attachment"}
# The staff page's actions: a contact's token is refused (403) even on its own ticket.
API_STAFF_ACTIONS = {"api.acknowledge", "api.resolve", "api.assign", "api.add_note",
                     "api.change_priority", "api.suspend_for_supplier",
                     "api.supplier_delivered", "api.agree_onsite", "api.apply_workaround",
                     "api.not_an_incident", "api.out_of_scope", "api.log_time",
                     "api.merge_duplicate",
                     "api.resolve_hours_dispute", "api.suspend_for_non_payment",
                     "api.lift_payment_suspension", "api.plan_site_visit",
                     "api.report_site_visit", "api.register_complaint",
                     "api.register_conflict_notice"}


@pytest.fixture
def two_customers():
    a, b = make_customer(name="Customer A"), make_customer(name="Customer B")
    contact_a, contact_b = make_contact(a), make_contact(b)
    ticket_a = make_ticket(contact_a, title="A's secret outage")
    ticket_b = make_ticket(contact_b, title="B's secret outage")
    for ticket in (ticket_a, ticket_b):
        store_attachments([Upload("log.txt", "text/plain", 5, b"hello")], now=ticket.submitted_at,
                          ticket_id=ticket.id, event_id=ticket.events[0].id)
    staff = make_staff()
    db.session.commit()
    return contact_a, contact_b, ticket_a, ticket_b, staff


def _attachment_of(ticket) -> int:
    from helpdesk.models import Attachment

    return db.session.query(Attachment.id).filter_by(ticket_id=ticket.id).scalar()


def _call(client, spec, ticket, data=None):
    method, url = spec
    url = url.format(ref=ticket.reference, att=_attachment_of(ticket))
    if method == "POST":
        return client.post(url, data=data or FORM)
    return client.get(url)


def test_every_route_has_a_scoping_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    classified = PUBLIC | set(STAFF_ONLY) | set(ADMIN_ONLY) | set(PORTAL) | set(API)
    unclassified = endpoints - classified
    assert not unclassified, f"add scoping tests for: {sorted(unclassified)}"
    assert not classified - endpoints - {"static"}, "tables name routes that no longer exist"


@pytest.mark.parametrize("endpoint", sorted(STAFF_ONLY) + sorted(ADMIN_ONLY))
def test_staff_pages_deny_contact_persons(client, two_customers, endpoint):
    contact_a, _, _, ticket_b, _ = two_customers
    login(client, contact_a)
    spec = {**STAFF_ONLY, **ADMIN_ONLY}[endpoint]
    assert _call(client, spec, ticket_b).status_code == 403


@pytest.mark.parametrize("endpoint", sorted(ADMIN_ONLY))
def test_administration_denies_staff_without_the_administrator_role(client, two_customers,
                                                                     endpoint):
    *_, ticket_b, staff = two_customers
    login(client, staff)
    assert _call(client, ADMIN_ONLY[endpoint], ticket_b).status_code == 403


@pytest.mark.parametrize("endpoint", sorted(STAFF_ONLY) + sorted(ADMIN_ONLY) + sorted(PORTAL))
def test_anonymous_visitors_are_sent_to_log_in(client, two_customers, endpoint):
    _, _, _, ticket_b, _ = two_customers
    spec = {**STAFF_ONLY, **ADMIN_ONLY, **PORTAL}[endpoint]
    response = _call(client, spec, ticket_b)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("endpoint", sorted(PORTAL_OBJECT_URLS))
def test_contact_of_customer_a_gets_404_for_objects_of_customer_b(client, two_customers, endpoint):
    contact_a, _, ticket_a, ticket_b, _ = two_customers
    login(client, contact_a)
    assert _call(client, PORTAL[endpoint], ticket_b).status_code == 404
    if PORTAL[endpoint][0] == "GET":
        assert _call(client, PORTAL[endpoint], ticket_a).status_code == 200


def test_attachment_ids_of_customer_b_are_404_even_under_a_ticket_of_customer_a(
        client, two_customers):
    contact_a, _, ticket_a, ticket_b, _ = two_customers
    login(client, contact_a)
    url = f"/portal/tickets/{ticket_a.reference}/attachments/{_attachment_of(ticket_b)}"
    assert client.get(url).status_code == 404


def test_portal_list_shows_only_the_contacts_own_customer(client, two_customers):
    contact_a, _, ticket_a, ticket_b, _ = two_customers
    login(client, contact_a)
    page = client.get("/portal/").get_data(as_text=True)
    assert ticket_a.reference in page
    assert ticket_b.reference not in page
    assert "B's secret outage" not in page


@pytest.mark.parametrize("endpoint", sorted(PORTAL))
def test_portal_pages_are_not_for_staff(client, two_customers, endpoint):
    _, _, _, ticket_b, staff = two_customers
    login(client, staff)
    assert _call(client, PORTAL[endpoint], ticket_b).status_code == 403


@pytest.mark.parametrize("endpoint", sorted(PORTAL_CHANGES))
def test_portal_readers_may_not_change_anything(client, two_customers, endpoint):
    contact_a, _, ticket_a, _, _ = two_customers
    reader = make_contact(contact_a.customer, portal_role="reader")
    db.session.commit()
    login(client, reader)
    method, url = PORTAL[endpoint]
    assert _call(client, ("POST", url), ticket_a).status_code == 403


def test_portal_readers_see_tickets_without_forms(client, two_customers):
    contact_a, _, ticket_a, _, _ = two_customers
    reader = make_contact(contact_a.customer, portal_role="reader")
    db.session.commit()
    login(client, reader)
    page = client.get(f"/portal/tickets/{ticket_a.reference}").get_data(as_text=True)
    assert "A&#39;s secret outage" in page
    assert "<form" not in page.split("</header>", 1)[1]
    assert "Report an incident" not in client.get("/portal/").get_data(as_text=True)


def test_staff_see_every_customer_in_the_queue(client, two_customers):
    _, _, ticket_a, ticket_b, staff = two_customers
    login(client, staff)
    page = client.get("/staff/").get_data(as_text=True)
    assert ticket_a.reference in page and ticket_b.reference in page
    assert client.get(f"/staff/tickets/{ticket_b.reference}").status_code == 200


def test_unknown_ticket_reference_is_404_for_staff(client, two_customers):
    *_, staff = two_customers
    login(client, staff)
    assert client.get("/staff/tickets/HD-1999-99999").status_code == 404


def _bearer(account) -> dict[str, str]:
    from helpdesk.auth.api_tokens import issue
    from tests.factories import now

    secret = issue(account, name="scoping", now=now()).secret
    db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("endpoint", sorted(API))
def test_api_routes_refuse_a_logged_in_visitor_without_a_token(client, two_customers, endpoint):
    *_, ticket_b, staff = two_customers
    login(client, staff)
    response = _call(client, API[endpoint], ticket_b)
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize("endpoint", sorted(API_OBJECT_URLS))
def test_api_token_of_customer_a_gets_404_for_objects_of_customer_b(client, two_customers,
                                                                    endpoint):
    contact_a, _, ticket_a, ticket_b, _ = two_customers
    headers = _bearer(contact_a)
    method, url = API[endpoint]
    response = client.open(url.format(ref=ticket_b.reference, att=_attachment_of(ticket_b)),
                           method=method, headers=headers, json=FORM)
    assert response.status_code == 404
    if method == "GET":
        own = url.format(ref=ticket_a.reference, att=_attachment_of(ticket_a))
        assert client.get(own, headers=headers).status_code == 200


@pytest.mark.parametrize("endpoint", sorted(API_STAFF_ACTIONS))
def test_api_staff_actions_refuse_a_contacts_token(client, two_customers, endpoint):
    contact_a, _, ticket_a, ticket_b, _ = two_customers
    headers = _bearer(contact_a)
    method, url = API[endpoint]
    for ticket in (ticket_a, ticket_b):
        response = client.open(url.format(ref=ticket.reference), method=method,
                               headers=headers, json=FORM)
        assert response.status_code == 403


def test_api_list_shows_a_contacts_token_only_its_own_customer(client, two_customers):
    contact_a, _, ticket_a, ticket_b, staff = two_customers
    listed = client.get("/api/v1/tickets", headers=_bearer(contact_a)).get_json()
    assert [t["reference"] for t in listed["items"]] == [ticket_a.reference]
    everyone = client.get("/api/v1/tickets", headers=_bearer(staff)).get_json()
    assert {t["reference"] for t in everyone["items"]} == {ticket_a.reference,
                                                           ticket_b.reference}
