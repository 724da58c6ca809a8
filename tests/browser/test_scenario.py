"""The whole contract flow in a real browser: portal report → staff queue with a running
countdown → acknowledge → supplier suspension and delivery → workaround → resolved → the
customer rejects the fix → reopened at tier 2. Plus hostile mail HTML and bad form input."""

from __future__ import annotations

import pytest

from tests.browser.steps import log_in, staff_action
from tests.factories import make_ticket as factory_ticket

pytestmark = pytest.mark.browser
SHOTS = "/tmp/helpdesk-screens"


def test_report_to_rejected_fix_in_the_browser(live_server, new_page, people):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    contact, staff = people
    customer = new_page()
    log_in(customer, live_server, "portal", contact.email)
    customer.click("text=Report an incident")
    customer.fill("input[name=title]", "Mail server down")
    customer.check("input[name=urgency][value=blocking]")
    customer.check("input[name=impact][value=all]")
    customer.fill("textarea[name=description]", "Nobody can send mail since 9:00.")
    customer.click("input[type=submit][value='Report incident']")
    customer.wait_for_selector("text=is registered")
    reference = customer.locator("h1").inner_text().split(" · ")[0]

    desk = new_page()
    log_in(desk, live_server, "staff", staff.email)
    first_row = desk.locator("table.queue tbody tr").first
    assert reference in first_row.inner_text()
    countdown = first_row.locator(".countdown")  # the live clock badge (issue #19)
    assert countdown.get_attribute("data-badge") in ("due", "overdue")
    before = countdown.get_attribute("data-live-seconds")
    desk.wait_for_function(
        "before => document.querySelector('.countdown').getAttribute('data-live-seconds')"
        " !== before", arg=before, timeout=2500)
    desk.screenshot(path=f"{SHOTS}/queue-desktop.png", full_page=True)

    desk.click(f"text={reference}")
    staff_action(desk, "acknowledge")
    customer.reload()
    assert "being handled" in customer.locator(".facts").inner_text()

    staff_action(desk, "supplier", supplier="Proximus")
    assert "waiting for an external supplier" in desk.locator(".meta").inner_text()
    staff_action(desk, "delivered")
    staff_action(desk, "workaround", note="Mail goes through the backup relay.", confirm=True)
    staff_action(desk, "resolve", note="Replaced the relay.", confirm=True)
    desk.screenshot(path=f"{SHOTS}/ticket-desktop.png", full_page=True)

    customer.reload()
    assert "resolved" in customer.locator(".facts").inner_text()
    customer.click("text=Not resolved? Tell us")
    customer.fill("textarea[name=reason]", "Mail still bounces.")
    customer.click("input[type=submit][value='Not resolved']")
    customer.wait_for_selector("text=reopened")
    assert "tier 2 (escalated)" in customer.locator(".facts").inner_text()

    desk.reload()
    meta = desk.locator(".meta").inner_text()
    assert "tier 2" in meta and "being handled" in meta

    phone = new_page(390, 844)
    log_in(phone, live_server, "staff", staff.email)
    phone.screenshot(path=f"{SHOTS}/queue-phone.png", full_page=True)
    phone.goto(f"{live_server}/staff/tickets/{reference}")
    phone.screenshot(path=f"{SHOTS}/ticket-phone.png", full_page=True)


def test_mail_html_never_executes(live_server, new_page, people):
    contact, staff = people
    hostile = ('<p>Hello</p><img src=x onerror="window.top.pwned=1;alert(1)">'
               "<script>window.top.pwned=2;alert(2)</script>")
    ticket = factory_ticket(contact, title="<img src=x onerror=alert(3)>",
                            description="<script>alert(4)</script>", channel="email",
                            extra={"html": hostile})
    page = new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(page, live_server, "staff", staff.email)
    page.goto(f"{live_server}/staff/tickets/{ticket.reference}")
    page.wait_for_selector("iframe.mail-html")
    page.wait_for_timeout(300)
    assert dialogs == []
    assert page.evaluate("window.pwned === undefined")
    assert "<script>alert(4)</script>" in page.locator("pre.body").first.text_content()
    assert page.locator("iframe.mail-html").get_attribute("sandbox") == ""


def test_a_form_with_bad_input_keeps_what_was_typed(live_server, new_page, people):
    contact, _ = people
    page = new_page()
    log_in(page, live_server, "portal", contact.email)
    page.goto(f"{live_server}/portal/new")
    page.fill("input[name=title]", "Printer jammed")
    page.check("input[name=impact][value=some]")
    page.click("input[type=submit][value='Report incident']")
    assert page.locator("text=Choose the urgency.").is_visible()
    assert page.input_value("input[name=title]") == "Printer jammed"
    assert page.is_checked("input[name=impact][value=some]")
