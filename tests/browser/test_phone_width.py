"""Issue #19 items 9 and 10 in a real browser at a phone's width (390 px) and a desktop's
(1280 px): no page scrolls sideways, the menu folds behind an accessible button, the clock
cards show remaining, state and "why" whole, the matrix marks the chosen cell and danger
buttons are red. Each page is also saved as a screenshot (in the test's tmp_path)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpdesk import clock as project_clock
from helpdesk.extensions import db
from helpdesk.tickets import actions
from helpdesk.web import services
from tests.browser.steps import log_in
from tests.factories import make_ticket

pytestmark = pytest.mark.browser
LOOKED_AT = datetime(2026, 11, 18, 10, 0, tzinfo=ZoneInfo("Europe/Brussels"))
WIDTHS = (390, 1280)
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


@pytest.fixture
def wednesday():  # type: ignore[no-untyped-def]
    previous = project_clock.install(project_clock.ShiftedClock.starting_at(LOOKED_AT))
    yield
    project_clock.install(previous)


@pytest.fixture
def tickets(people, wednesday):  # type: ignore[no-untyped-def]
    """A late one (both clocks breached, so the report has a breach), a running one."""
    contact, staff = people
    late = make_ticket(contact, title="Storage array failed: every database is unreachable",
                       urgency="blocking", impact="all", at=LOOKED_AT - timedelta(days=2))
    running = make_ticket(contact, title="VPN drops every few minutes",
                          at=project_clock.utcnow() - timedelta(minutes=30))
    actions.acknowledge(late, by=staff, now=LOOKED_AT - timedelta(days=1))
    db.session.commit()
    return late, running


def fits(page, name: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("html.js")  # the menu folded as a phone shows it
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    assert page.evaluate(OVERFLOW) <= 0, f"{name} scrolls sideways"


@pytest.mark.parametrize("width", WIDTHS)
def test_no_main_page_scrolls_sideways(live_server, new_page, people, tickets, width,
                                       tmp_path):
    contact, staff = people
    late, _ = tickets
    desk = new_page(width=width)
    log_in(desk, live_server, "staff", staff.email)
    fits(desk, f"queue-{width}", tmp_path)
    desk.goto(f"{live_server}/staff/tickets/{late.reference}")
    fits(desk, f"ticket-{width}", tmp_path)
    desk.goto(f"{live_server}/staff/reports/customers/{contact.customer_id}/"
              f"{LOOKED_AT:%Y-%m}")
    assert "of clocks met this month" in desk.locator(".report-lead").inner_text()
    fits(desk, f"report-{width}", tmp_path)
    # R25's contract duties (hours statement, non-payment, site visits), with an entry
    services.log_time(late, by=staff, start=LOOKED_AT - timedelta(hours=3),
                      end=LOOKED_AT - timedelta(hours=1), description="Replaced the disks",
                      now=LOOKED_AT)
    db.session.commit()
    for path in ("hours", "non-payment", "site-visits"):
        desk.goto(f"{live_server}/staff/{path}")
        fits(desk, f"staff-{path}-{width}", tmp_path)

    customer = new_page(width=width)
    log_in(customer, live_server, "portal", contact.email)
    customer.goto(f"{live_server}/portal/tickets/{late.reference}")
    fits(customer, f"portal-ticket-{width}", tmp_path)
    customer.goto(f"{live_server}/portal/new")
    fits(customer, f"portal-new-{width}", tmp_path)
    for path in ("hours", "site-visits"):
        customer.goto(f"{live_server}/portal/{path}")
        fits(customer, f"portal-{path}-{width}", tmp_path)


def test_on_a_phone_the_menu_folds_behind_a_button(live_server, new_page, people):
    _, staff = people
    phone = new_page(width=390)
    log_in(phone, live_server, "staff", staff.email)
    phone.wait_for_selector("html.js")  # static/app.js has run
    button = phone.locator(".nav-toggle")
    nav = phone.locator("#site-nav")
    assert button.is_visible() and not nav.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    assert button.get_attribute("aria-controls") == "site-nav"
    button.click()
    assert nav.is_visible() and button.get_attribute("aria-expanded") == "true"
    assert phone.locator("#site-nav >> text=Held mail").is_visible()
    phone.keyboard.press("Escape")
    assert not nav.is_visible() and button.get_attribute("aria-expanded") == "false"

    desk = new_page(width=1280)
    log_in(desk, live_server, "staff", staff.email)
    desk.wait_for_selector("html.js")
    assert not desk.locator(".nav-toggle").is_visible()
    assert desk.locator("#site-nav").is_visible()


def test_on_a_phone_each_clock_shows_remaining_state_and_why_whole(live_server, new_page,
                                                                  people, tickets):
    _, staff = people
    _, running = tickets
    phone = new_page(width=390)
    log_in(phone, live_server, "staff", staff.email)
    phone.goto(f"{live_server}/staff/tickets/{running.reference}")
    row = phone.locator("table.clocks tr.state-running").first
    for cell in ("td[data-label=Remaining]", "td[data-label=State]", "td.why"):
        box = row.locator(cell).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, cell
        assert row.locator(cell).inner_text().strip(), cell
    assert "Why this deadline?" in row.locator("td.why").inner_text()


def test_the_matrix_marks_the_chosen_cell_as_the_radios_change(live_server, new_page,
                                                               people):
    contact, _ = people
    customer = new_page()
    log_in(customer, live_server, "portal", contact.email)
    customer.goto(f"{live_server}/portal/new")
    assert customer.locator("table.matrix td.chosen").count() == 0
    customer.check("input[name=urgency][value=blocking]")
    customer.check("input[name=impact][value=all]")
    chosen = customer.locator("table.matrix td.chosen")
    assert chosen.count() == 1 and chosen.get_attribute("aria-current") == "true"
    assert chosen.inner_text().startswith("P1")
    customer.check("input[name=urgency][value=light]")
    assert customer.locator("table.matrix td.chosen").inner_text().startswith("P3")


def test_danger_buttons_are_red(live_server, new_page, people):
    contact, _ = people
    customer = new_page()
    log_in(customer, live_server, "portal", contact.email)
    customer.goto(f"{live_server}/portal/privacy")
    button = customer.locator("input.danger, button.danger").first
    colours = button.evaluate(
        "b => [getComputedStyle(b).backgroundColor, getComputedStyle(b).color]")
    assert colours == ["rgb(179, 38, 30)", "rgb(255, 255, 255)"]
