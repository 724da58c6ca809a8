"""Dutch and English: the browser's language by default, the user's choice when made."""

from __future__ import annotations

from flask_babel import refresh

from helpdesk.i18n import compile_catalogues
from tests.factories import login, make_ticket
from tests.integration.test_web_helpers import page, world


def get(client, url, **headers):
    # The tests hold one app context, where Flask-Babel caches the locale; a real request
    # has its own context, so forget the cached locale as a new request would.
    refresh()
    return page(client.get(url, headers=headers))


def test_the_browser_language_is_the_default(client):
    html = get(client, "/portal/login", **{"Accept-Language": "nl-BE,nl;q=0.9"})
    assert "Klantenportaal" in html and 'lang="nl"' in html
    assert "Customer portal" in get(client, "/portal/login", **{"Accept-Language": "en"})


def test_the_chosen_language_wins_and_covers_the_dashboard(client):
    w = world()
    ticket = make_ticket(w.contact)
    login(client, w.staff)
    client.post("/language/nl", data={"next": "/staff/"})
    queue = get(client, "/staff/", **{"Accept-Language": "en"})
    assert "Wachtrijen" in queue and "ontvangen, nog niet bevestigd" in queue
    ticket_page = get(client, f"/staff/tickets/{ticket.reference}")
    assert "Waarom deze termijn?" in ticket_page and "P2 – Belangrijk" in ticket_page
    assert "+150 %;" in ticket_page  # the literal per cent sign survives formatting


def test_a_missing_compiled_catalogue_is_rebuilt_from_the_po(tmp_path):
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "Queues"\nmsgstr "Wachtrijen"\n', encoding="utf-8")
    compile_catalogues(tmp_path)
    assert (folder / "messages.mo").stat().st_size > 0
