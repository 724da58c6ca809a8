"""Issue #16: the staff queue's filters, saved views and bulk actions; and the #19 leftover
(overdue tickets sort first, the most overdue at the top).

Type 4 (Mon-Fri 06:00-24:00 Brussels): a P2 reaction is "1 day" = 18 h of window time (R4),
a P1 reaction 2 h (art. 39.1.2).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from helpdesk.extensions import db
from helpdesk.models import SavedView, Ticket, TicketEvent
from helpdesk.tickets import actions
from helpdesk.tickets.rebuild import rebuild_range
from helpdesk.web.staff import filters
from tests.factories import login, make_staff, make_ticket
from tests.integration.test_web_helpers import page, world

# Wed 2026-02-04 11:00 Brussels (10:00Z), inside the type 4 window.
NOW = datetime(2026, 2, 4, 10, 0, tzinfo=UTC)
MONDAY = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)  # P2 reaction due Tue 11:00: overdue by NOW
MONDAY_EARLY = datetime(2026, 2, 2, 7, 0, tzinfo=UTC)  # due Tue 08:00: the most overdue
REFERENCE = re.compile(r'href="/staff/tickets/(HD-[0-9-]+)"')


def references(html: str) -> list[str]:
    return REFERENCE.findall(html)


@pytest.fixture
def desk(client, clock):
    clock.set(NOW)
    w = world()
    fresh = make_ticket(w.contact, title="Fresh P2")  # due Thu 11:00 Brussels
    critical = make_ticket(w.contact, title="Critical", urgency="blocking", impact="all")
    late = make_ticket(w.contact, title="Late", at=MONDAY, now=NOW)
    later = make_ticket(w.contact, title="Latest", at=MONDAY_EARLY, now=NOW)
    phoned = make_ticket(w.contact, title="Phoned", channel="phone")
    db.session.commit()
    login(client, w.staff)
    return w, {"fresh": fresh, "critical": critical, "late": late, "later": later,
               "phoned": phoned}


# --- #19: overdue first -------------------------------------------------------------

def test_overdue_tickets_sort_first_the_most_overdue_at_the_top(client, desk):
    _, t = desk
    order = references(page(client.get("/staff/?show=open")))
    assert order[:4] == [t["later"].reference, t["late"].reference,
                         t["critical"].reference, t["fresh"].reference]


def test_the_earliest_deadline_keeps_a_passed_deadline_the_next_deadline_does_not(desk):
    _, t = desk
    late = t["late"]
    # Reaction due Tue 2026-02-03 11:00 Brussels = 10:00Z; type 4 P2 has a resolution clock
    # only after the acknowledgement, so nothing lies ahead (the plan wakes for nothing).
    assert late.earliest_deadline == datetime(2026, 2, 3, 10, 0, tzinfo=UTC)
    assert late.next_deadline is None


def test_the_earliest_deadline_is_recomputed_from_the_events(desk):
    _, t = desk
    db.session.execute(Ticket.__table__.update().values(earliest_deadline=None))
    db.session.commit()
    rebuild_range(NOW, 0, 10**9)
    db.session.expire_all()
    assert db.session.get(Ticket, t["late"].id).earliest_deadline == datetime(
        2026, 2, 3, 10, 0, tzinfo=UTC)


def test_a_stopped_clock_leaves_the_earliest_deadline(desk):
    w, t = desk
    actions.acknowledge(t["late"], by=w.staff, now=NOW)  # reaction stops (breached)
    db.session.commit()
    # The resolution clock now runs from NOW: its deadline is ahead, the breach is history.
    assert t["late"].earliest_deadline is not None and t["late"].earliest_deadline > NOW


# --- filters ---------------------------------------------------------------------------

def test_filters_combine_priority_and_channel(client, desk):
    _, t = desk
    html = page(client.get("/staff/?show=open&priority=P2&channel=phone"))
    assert references(html) == [t["phoned"].reference]
    assert '<small class="muted" data-count>(1)</small>' in html


def test_a_filter_narrows_every_tab_count(client, desk):
    html = page(client.get("/staff/?show=open&priority=P1"))
    assert re.search(r'data-queue="open"[^>]*>[^<]+<span class="count">\(1\)', html)
    assert re.search(r'data-queue="breached"[^>]*>[^<]+<span class="count">\(0\)', html)
    # and the tab links keep the filter
    assert 'href="/staff/?show=breached&amp;priority=P1"' in html


def test_a_filtered_history_tab_is_counted_on_its_own_page_only_and_to_a_cap(
        client, desk, monkeypatch):
    """Issue #16: a filter over the whole history cannot be counted on an index; the tabs
    leave it out, the tab itself counts up to the cap and says "3+" past it (here the cap
    is 3 of the 5 P2 and P1 tickets). Unfiltered, the history is counted to the cap too."""
    from helpdesk.web.staff import queues

    monkeypatch.setattr(queues, "COUNT_CAP", 3)
    monkeypatch.setattr(queues, "PAGE_SIZE", 2)
    html = page(client.get("/staff/?show=open&priority=P1,P2"))
    assert "Page 1 of 3" in html  # an open queue's count is exact: its last page is known
    assert re.search(r'data-queue="open"[^>]*>[^<]+<span class="count">\(5\)', html)
    assert re.search(r'data-queue="all"[^>]*>[^<]+</a>', html)  # no count
    assert re.search(r'data-queue="out_of_scope"[^>]*>[^<]+</a>', html)
    shown = page(client.get("/staff/?show=all&priority=P1,P2"))
    assert re.search(r'data-queue="all"[^>]*>[^<]+<span class="count">\(3\+\)', shown)
    assert '<small class="muted" data-count>(3+)</small>' in shown
    assert "Page 1" in shown and "Page 1 of" not in shown  # past the cap: "next" only
    one = page(client.get("/staff/?show=all&priority=P1"))
    assert '<small class="muted" data-count>(1)</small>' in one
    # Unfiltered, the history tab is counted on every page, to the same cap; the open
    # tabs stay exact; a saved view over the history is capped like its tab.
    client.post("/staff/views", data={"name": "Urgent ever", "query": "show=all&priority=P1,P2",
                                      "shared": ""})
    plain = page(client.get("/staff/?show=open"))
    assert re.search(r'data-queue="all"[^>]*>[^<]+<span class="count">\(3\+\)', plain)
    assert re.search(r'data-queue="open"[^>]*>[^<]+<span class="count">\(5\)', plain)
    assert re.search(r'Urgent ever</a> <span class="count">\(3\+\)</span>', plain)


def test_clock_state_breached_finds_overdue_tickets_not_yet_recorded(client, desk):
    _, t = desk
    html = page(client.get("/staff/?show=all&clock=breached"))
    assert sorted(references(html)) == sorted([t["late"].reference, t["later"].reference])


def test_due_within_hours(client, desk):
    _, t = desk
    # The P1's reaction is due 13:00 Brussels (2 h); the P2s' Thu 11:00 (48 h away).
    html = page(client.get("/staff/?show=open&clock=due&due_within=3"))
    assert references(html) == [t["critical"].reference]


def test_a_filtered_views_counts_follow_the_clock_with_their_statement_kept(client, desk,
                                                                          clock):
    """The filtered counts' statement is built once per filter and person on bound instants
    (queues._filtered_numbers): asked again later, the same filter counts at the later
    instant, "due within" included."""
    _, t = desk

    def open_count() -> str:
        html = page(client.get("/staff/?show=open&clock=due&due_within=3"))
        return re.search(r'data-queue="open"[^>]*>[^<]+<span class="count">\((\d+)\)',
                         html).group(1)

    assert open_count() == "1"  # the P1, due at 11:00 UTC
    clock.set(NOW + timedelta(hours=1, minutes=30))
    assert open_count() == "1"
    clock.set(NOW + timedelta(hours=2, minutes=30))  # the P1 is overdue, not due any more
    assert open_count() == "0"
    clock.set(datetime(2026, 2, 5, 8, 30, tzinfo=UTC))  # the P2s due Thu 10:00 UTC
    assert open_count() == "2"


def test_created_range_is_in_brussels_days(client, desk):
    _, t = desk
    html = page(client.get("/staff/?show=open&created_from=2026-02-02&created_to=2026-02-02"))
    assert sorted(references(html)) == sorted([t["late"].reference, t["later"].reference])


def test_resolved_range_reads_the_resolution_events(client, desk):
    w, t = desk
    actions.acknowledge(t["fresh"], by=w.staff, now=NOW)
    actions.resolve(t["fresh"], by=w.staff, now=NOW, note="Rebooted")
    db.session.commit()
    html = page(client.get("/staff/?show=all&resolved_from=2026-02-04&resolved_to=2026-02-04"))
    assert references(html) == [t["fresh"].reference]
    html = page(client.get("/staff/?show=all&resolved_to=2026-02-03"))
    assert references(html) == []


def test_assignee_me_and_nobody(client, desk):
    w, t = desk
    actions.assign(t["fresh"], to=w.staff, by=w.staff, now=NOW)
    db.session.commit()
    assert references(page(client.get("/staff/?show=open&assignee=me"))) == [
        t["fresh"].reference]
    assert t["fresh"].reference not in references(
        page(client.get("/staff/?show=open&assignee=none")))


def test_sla_type_customer_and_tier_filters(client, desk):
    w, t = desk
    query = f"/staff/?show=open&sla=type4&customer={w.customer.id}"
    assert len(references(page(client.get(query)))) == 5
    assert references(page(client.get("/staff/?show=open&sla=type1"))) == []
    # art. 39.4.1 (R9): the first breach brings the two overdue tickets to tier 2
    assert sorted(references(page(client.get("/staff/?show=open&tier=2")))) == sorted(
        [t["late"].reference, t["later"].reference])
    assert references(page(client.get("/staff/?show=open&tier=3"))) == []


@pytest.mark.parametrize("query, message", [
    ("status=lost", "Unknown status “lost”"),
    ("priority=P9", "Unknown priority “P9”"),
    ("created_from=yesterday", "“yesterday” is not a date"),
    ("clock=due&due_within=abc", "“Due within” needs a number of hours"),
    ("clock=frozen", "Unknown clock state “frozen”"),
    ("customer=x1", "Unknown customer “x1”"),
    ("created_from=2026-02-05&created_to=2026-02-01", "ends before it starts"),
])
def test_invalid_filter_values_get_a_message_not_an_error(client, desk, query, message):
    response = client.get(f"/staff/?show=open&{query}")
    assert response.status_code == 200
    assert message in page(response)


def test_the_filter_parses_repeated_and_comma_separated_values():
    flt, errors = filters.parse(MultiDict([("status", "open,acknowledged"),
                                           ("status", "resolved"), ("tier", "2")]))
    assert flt.status == ("open", "acknowledged", "resolved") and flt.tier == (2,)
    assert not errors
    assert flt.query_string() == "status=open%2Cacknowledged%2Cresolved&tier=2"


# --- saved views -----------------------------------------------------------------------

def test_a_saved_view_is_listed_with_its_count_and_opens_its_link(client, desk):
    client.post("/staff/views", data={"name": "Phoned P2", "query": "show=open&priority=P2"
                                      "&channel=phone", "shared": ""})
    view = db.session.scalar(select(SavedView))
    assert view.query == "show=open&priority=P2&channel=phone" and not view.shared
    html = page(client.get("/staff/"))
    assert re.search(r'<a href="/staff/\?show=open&amp;priority=P2&amp;channel=phone">'
                     r'Phoned P2</a> <span class="count">\(1\)</span>', html)
    opened = page(client.get("/staff/?show=open&priority=P2&channel=phone"))
    assert "<h1>Phoned P2" in opened


def test_a_private_view_is_not_seen_by_others_a_shared_one_is(client, desk):
    w, _ = desk
    client.post("/staff/views", data={"name": "Mine only", "query": "show=open&priority=P1"})
    client.post("/staff/views", data={"name": "For the team", "query": "show=open&tier=2",
                                      "shared": "y"})
    other = make_staff(name="Eva")
    db.session.commit()
    client.post("/logout")
    login(client, other)
    html = page(client.get("/staff/"))
    assert "For the team" in html and "Mine only" not in html
    assert "shared by Tom" in html
    # and only the owner deletes it
    shared = db.session.scalar(select(SavedView).where(SavedView.name == "For the team"))
    assert client.post(f"/staff/views/{shared.id}/delete").status_code == 404
    assert db.session.get(SavedView, shared.id) is not None


def test_a_saved_view_keeps_only_the_valid_part_of_its_filter(client, desk):
    client.post("/staff/views", data={"name": "Odd", "query": "show=open&priority=P9&tier=1"})
    assert db.session.scalar(select(SavedView.query)) == "show=open&tier=1"


def test_a_view_needs_a_name(client, desk):
    client.post("/staff/views", data={"name": "", "query": "show=open"})
    assert db.session.scalar(select(func.count(SavedView.id))) == 0


# --- bulk actions ----------------------------------------------------------------------

def _selection(client, *tickets):  # type: ignore[no-untyped-def]
    """The checkbox values the queue page shows for these tickets."""
    html = page(client.get("/staff/?show=all"))
    found = dict(re.findall(r'name="selected" form="bulk-form" value="((HD-[0-9-]+):\d+)"',
                            html))
    values = {ref: value for value, ref in found.items()}
    return [values[t.reference] for t in tickets]


def _events(ticket: Ticket, kind: str) -> int:
    return db.session.scalar(select(func.count(TicketEvent.id)).where(
        TicketEvent.ticket_id == ticket.id, TicketEvent.type == kind)) or 0


def test_bulk_acknowledge_with_one_stale_ticket_applies_the_others(client, desk):
    w, t = desk
    chosen = [t["fresh"], t["critical"], t["late"]]
    selected = _selection(client, *chosen)
    # Meanwhile a colleague acknowledges one of them.
    colleague = make_staff(name="Eva")
    actions.acknowledge(t["critical"], by=colleague, now=NOW)
    db.session.commit()
    response = client.post("/staff/queue/bulk", data={
        "action": "acknowledge", "selected": selected, "back": "show=open"})
    html = page(response)
    assert response.status_code == 200
    assert "Applied to 2 of 3 tickets; refused: 1." in html
    assert re.search(rf'data-refused="{t["critical"].reference}".*Changed since you selected '
                     r'it \(acknowledged by Eva\)', html)
    for ticket in (t["fresh"], t["late"]):
        assert _events(ticket, "acknowledged") == 1  # one event per ticket
    assert _events(t["critical"], "acknowledged") == 1  # the colleague's, not a second


def test_bulk_refusals_come_from_the_single_ticket_rules(client, desk):
    w, t = desk
    actions.acknowledge(t["fresh"], by=w.staff, now=NOW)
    db.session.commit()
    selected = _selection(client, t["fresh"], t["late"])  # fresh already acknowledged
    html = page(client.post("/staff/queue/bulk", data={
        "action": "acknowledge", "selected": selected}))
    assert "This ticket has already been acknowledged." in html
    assert "Applied to 1 of 2 tickets" in html


def test_bulk_assign_note_and_resolve(client, desk):
    w, t = desk
    selected = _selection(client, t["fresh"], t["phoned"])
    client.post("/staff/queue/bulk", data={"action": "assign", "staff_id": w.staff.id,
                                           "selected": selected})
    assert all(_events(x, "assigned") == 1 for x in (t["fresh"], t["phoned"]))
    assert all(x.assignee_id == w.staff.id for x in (t["fresh"], t["phoned"]))
    selected = _selection(client, t["fresh"], t["phoned"])
    client.post("/staff/queue/bulk", data={"action": "note", "text": "Checked the line",
                                           "selected": selected})
    assert all(_events(x, "note_added") == 1 for x in (t["fresh"], t["phoned"]))
    # Resolving needs the note and the confirmation, as on the ticket page (art. 39.3.1).
    selected = _selection(client, t["fresh"], t["phoned"])
    refused = client.post("/staff/queue/bulk", data={"action": "resolve", "text": "Fixed",
                                                     "selected": selected})
    assert refused.status_code == 400 and _events(t["fresh"], "resolved") == 0
    client.post("/staff/queue/bulk", data={"action": "acknowledge", "selected": selected})
    selected = _selection(client, t["fresh"], t["phoned"])
    html = page(client.post("/staff/queue/bulk", data={
        "action": "resolve", "text": "Fixed", "confirm": "y", "selected": selected}))
    assert "Applied to 2 of 2 tickets" in html
    assert all(x.status == "resolved" for x in (t["fresh"], t["phoned"]))


def test_bulk_with_nothing_selected_says_so(client, desk):
    response = client.post("/staff/queue/bulk", data={"action": "acknowledge"})
    assert response.status_code == 400 and "Select at least one ticket." in page(response)


def test_the_back_link_stays_on_the_queue(client, desk):
    w, t = desk
    selected = _selection(client, t["fresh"])
    html = page(client.post("/staff/queue/bulk", data={
        "action": "note", "text": "x", "selected": selected,
        "back": "show=open&priority=P2"}))
    assert 'href="/staff/?show=open&amp;priority=P2"' in html
    html = page(client.post("/staff/queue/bulk", data={
        "action": "note", "text": "x", "selected": _selection(client, t["fresh"]),
        "back": "//evil.example/"}))
    assert "evil.example" not in html
