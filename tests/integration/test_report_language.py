"""Issue #17: the monthly SLA report's PDF is for the customer, so it is in the customer's
language (their administrators' choice, or ?lang=), dates and amounts included; the page
for staff stays in the staff member's language."""

from __future__ import annotations

import pytest
from flask_babel import refresh

from helpdesk.extensions import db
from helpdesk.reports import export
from tests.factories import login, make_contact, make_contract, make_customer, make_staff

URL = "/staff/reports/customers/{id}/2026-10"


@pytest.fixture
def rendered(monkeypatch):
    """The PDF's HTML, as WeasyPrint would get it."""
    pages: list[str] = []

    def capture(html, base_url=None):  # type: ignore[no-untyped-def]
        pages.append(html)
        return b"%PDF-1.7 captured"

    monkeypatch.setattr(export, "report_pdf", capture)
    return pages


@pytest.fixture
def customer():
    found = make_customer(name="Kroon")
    make_contract(found, sla_preset="type4")
    db.session.refresh(found)
    return found


def get(client, url):  # type: ignore[no-untyped-def]
    refresh()
    response = client.get(url, headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response


def test_the_pdf_follows_the_customers_administrators_language(client, customer, rendered):
    make_contact(customer, portal_role="administrator", locale="nl")
    make_contact(customer, portal_role="editor", locale="fr")
    staff = make_staff(locale="en")
    db.session.commit()
    login(client, staff)
    get(client, URL.format(id=customer.id) + "/pdf")
    (html,) = rendered
    assert '<html lang="nl">' in html
    assert "SLA-rapport oktober 2026 · Kroon" in html
    assert "Creditnota's deze maand" in html and "0,00\xa0€" in html
    # The staff page itself stays English.
    page = get(client, URL.format(id=customer.id)).get_data(as_text=True)
    assert "SLA report October 2026 · Kroon" in page and "EUR 0.00" in page


def test_staff_may_ask_for_another_language_and_without_any_choice_the_page_decides(
        client, customer, rendered):
    make_contact(customer, portal_role="administrator")
    staff = make_staff(locale="nl")
    db.session.commit()
    login(client, staff)
    get(client, URL.format(id=customer.id) + "/pdf?lang=de")
    get(client, URL.format(id=customer.id) + "/pdf")
    german, dutch = rendered
    assert '<html lang="de">' in german and "Oktober 2026" in german and "0,00\xa0€" in german
    assert '<html lang="nl">' in dutch  # nobody at the customer chose: the staff member's
