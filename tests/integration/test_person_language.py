"""Issue #17: each person's language, stored on their account, chosen on their account page
or with the header's picker, the browser's language while they chose none."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from flask_babel import force_locale, refresh

from helpdesk import timefmt
from helpdesk.extensions import db
from helpdesk.locales import in_language_of, mail_locale, supported
from tests.factories import login, make_contact, make_customer, make_staff


def get(client, url, **headers):
    refresh()  # as a new request would: forget the locale cached in the test's app context
    response = client.get(url, headers=headers)
    return response.get_data(as_text=True)


def post(client, url, data, **headers):
    refresh()
    return client.post(url, data=data, headers=headers)


def test_an_unset_preference_follows_the_browser(client):
    contact = make_contact(make_customer())
    db.session.commit()
    login(client, contact)
    assert contact.locale is None
    assert 'lang="fr"' in get(client, "/portal/account", **{"Accept-Language": "fr-BE,fr;q=0.9"})
    assert 'lang="de"' in get(client, "/portal/account", **{"Accept-Language": "de-DE"})


def test_the_portal_account_page_stores_the_language_and_it_wins_over_the_browser(client):
    contact = make_contact(make_customer())
    db.session.commit()
    login(client, contact)
    response = post(client, "/portal/account", {"locale": "nl"})
    assert response.status_code == 302
    db.session.refresh(contact)
    assert contact.locale == "nl"
    html = get(client, "/portal/account", **{"Accept-Language": "en"})
    assert 'lang="nl"' in html and "Mijn account" in html and "Uw taal is bewaard." in html
    # Back to automatic: the browser decides again.
    post(client, "/portal/account", {"locale": ""})
    db.session.refresh(contact)
    assert contact.locale is None
    assert 'lang="en"' in get(client, "/portal/account", **{"Accept-Language": "en"})


def test_a_language_the_product_does_not_speak_is_refused(client):
    contact = make_contact(make_customer())
    db.session.commit()
    login(client, contact)
    assert post(client, "/portal/account", {"locale": "xx"}).status_code == 400
    db.session.refresh(contact)
    assert contact.locale is None


def test_the_stored_language_applies_from_log_in_and_after_log_out(client):
    staff = make_staff(locale="de")
    db.session.commit()
    login(client, staff)
    assert 'lang="de"' in get(client, "/staff/account", **{"Accept-Language": "en"})
    post(client, "/logout", {})
    # The session keeps the language of the one who logged out: the log-in page stays German.
    assert 'lang="de"' in get(client, "/staff/login", **{"Accept-Language": "en"})


def test_the_header_picker_stores_the_choice_on_the_account(client):
    staff = make_staff()
    db.session.commit()
    login(client, staff)
    post(client, "/language/fr", {"next": "/staff/account"})
    db.session.refresh(staff)
    assert staff.locale == "fr"
    # Another device: a fresh session, a German browser, the stored choice wins.
    other = client.application.test_client()
    login(other, staff)
    assert 'lang="fr"' in get(other, "/staff/account", **{"Accept-Language": "de"})


def test_supported_languages_and_the_mail_language():
    assert supported("fr-BE") == "fr" and supported("DE") == "de" and supported("nl_BE") == "nl"
    assert supported("es") is None and supported(None) is None

    class Person:
        locale: str | None = None

    person = Person()
    assert mail_locale(person) == "en"  # no browser in a mail: the default
    person.locale = "fr"
    with in_language_of(person) as code:
        assert code == "fr" and timefmt.current_locale() == "fr"
    assert timefmt.current_locale() == "en"


def test_amounts_dates_and_numbers_are_formatted_for_the_language():
    amount = Decimal("1234.56")
    instant = datetime(2026, 12, 3, 13, 5, 9, tzinfo=UTC)  # 14:05:09 CET
    expected = {
        "en": ("EUR 1,234.56", "Thu 2026-12-03 14:05:09 CET", "1,234.5"),
        "nl": ("1.234,56\xa0€", "do 3 dec 2026 14:05:09 CET", "1.234,5"),
        "fr": ("1\u202f234,56\xa0€", "jeu. 3 déc. 2026 14:05:09 CET", "1\u202f234,5"),
        "de": ("1.234,56\xa0€", "Do. 03.12.2026 14:05:09 CET", "1.234,5"),
    }
    for code, (money, when, number) in expected.items():
        with force_locale(code):
            assert timefmt.money(amount) == money
            assert timefmt.brussels(instant) == when
            assert timefmt.number(Decimal("1234.5")) == number
    with force_locale("en"):
        assert timefmt.money(Decimal("-5000")) == "EUR -5,000.00"
        assert timefmt.money(None) == "—"
        assert timefmt.brussels_short(instant) == "2026-12-03 14:05 CET"
    with force_locale("fr"):
        assert timefmt.weekday_name(0) == "lundi"
        assert timefmt.brussels_short(instant) == "3 déc. 2026 14:05 CET"


def test_an_administrator_sets_a_new_contacts_language_and_the_welcome_mails_follow(client):
    from helpdesk.models import ContactPerson, OutboxMessage

    customer = make_customer()
    admin = make_staff(role="administrator")
    db.session.commit()
    login(client, admin)
    response = post(client, f"/admin/customers/{customer.id}/contacts/new",
                    {"name": "Lies", "email": "lies@kroon.example", "portal_role": "editor",
                     "locale": "nl", "active": "y"}, **{"Accept-Language": "en"})
    assert response.status_code == 302
    person = db.session.query(ContactPerson).filter_by(name="Lies").one()
    assert person.locale == "nl"
    sent = {m.kind: m for m in db.session.query(OutboxMessage).filter_by(to_addr=person.email)}
    assert sent["password_reset"].subject == "Stel uw helpdeskwachtwoord opnieuw in"
    assert sent["address_confirmation"].subject == "Bevestig uw e-mailadres voor de helpdesk"
    # "Automatic" stores no choice.
    post(client, f"/admin/contacts/{person.id}", {"name": "Lies", "email": "lies@kroon.example",
                                                  "portal_role": "editor", "locale": "",
                                                  "active": "y"})
    db.session.refresh(person)
    assert person.locale is None
    assert post(client, f"/admin/contacts/{person.id}",
                {"name": "Lies", "email": "lies@kroon.example", "portal_role": "editor",
                 "locale": "xx"}).status_code == 400


def test_the_language_is_personal_data_exported_and_erased_with_the_person(client):
    from helpdesk.privacy.erasure import erase
    from helpdesk.privacy.export import export

    contact = make_contact(make_customer(), locale="fr")
    admin = make_staff(role="administrator")
    db.session.commit()
    assert export(contact, by=admin, now=contact.created_at)["person"]["locale"] == "fr"
    erase(contact, by=admin, reason="asked by the person", now=contact.created_at)
    assert contact.locale is None
