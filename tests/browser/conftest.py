"""A real browser (Debian's Chromium through Playwright) against the app served from a thread.

Without /usr/bin/chromium the browser tests skip, unless HELPDESK_REQUIRE_BROWSER=1 (CI),
which turns the skip into a failure. `playwright install` is never needed or run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from werkzeug.serving import make_server

from helpdesk.extensions import db
from tests.factories import make_contact, make_contract, make_customer, make_staff

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def chromium():  # type: ignore[no-untyped-def]
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing"
        if os.environ.get("HELPDESK_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
    yield browser
    browser.close()
    playwright.stop()


class _Answering:
    """The app, counting the requests it is answering, and closed at the test's end.

    A page closed at the end of a test may still have a poll on its way (the presence poll
    posts every few seconds), answered in a thread of its own after the server stopped
    accepting: its database work reached the next test's fresh copy of the database and
    broke it ("disk I/O error"). Once closed, a request gets 503 without reaching the app,
    and `close` returns when those already inside have been answered."""

    def __init__(self, app: Any) -> None:
        self.app, self.active, self.closed = app, 0, False
        self.changed = threading.Condition()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        with self.changed:
            if self.closed:
                start_response("503 Service Unavailable", [("Content-Length", "0")])
                return [b""]
            self.active += 1
        try:
            return list(self.app(environ, start_response))  # the body made here, counted
        finally:
            with self.changed:
                self.active -= 1
                self.changed.notify_all()

    def close(self, timeout: float = 5) -> None:
        with self.changed:
            self.closed = True
            self.changed.wait_for(lambda: self.active == 0, timeout)


@pytest.fixture
def live_server(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The test's app (migrated database) on 127.0.0.1, any free port, CSRF on."""
    app.config.update(SERVER_NAME=None, WTF_CSRF_ENABLED=True)
    answering = _Answering(app)
    server = make_server("127.0.0.1", 0, answering, threaded=True)
    # Polled every 50 ms (not 0.5 s), so that shutdown() at the end returns at once.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    answering.close()
    server.shutdown()
    thread.join(5)
    server.server_close()


@pytest.fixture
def new_page(chromium):  # type: ignore[no-untyped-def]
    contexts = []

    def make(width: int = 1280, height: int = 900):  # type: ignore[no-untyped-def]
        context = chromium.new_context(viewport={"width": width, "height": height},
                                       locale="en-GB")
        context.set_default_timeout(5000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def people():  # type: ignore[no-untyped-def]
    """A type 5 customer's contact person and a staff member, as the scenarios use them."""
    customer = make_customer(name="Brouwerij De Kroon")
    make_contract(customer, sla_preset="type5")
    db.session.refresh(customer)
    contact = make_contact(customer, name="Jan Peeters", email="jan@dekroon.example")
    staff = make_staff(name="Tom Support", email="tom@provider.example")
    db.session.commit()
    return contact, staff
