"""Issue #16: merging a duplicate ticket into the one kept (rule: helpdesk/workflow/merging.py).

Both keep their events and link to each other; the duplicate's clocks stop at the merge, so
it breaches, escalates and earns nothing afterwards, while a breach before the merge stays
with its credit (R12, R21); the reporter is told through the outbox at a confirmed address
only (R23); never across customers; the API offers it with its own token scope.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from helpdesk.auth.api_tokens import issue
from helpdesk.credits import Month
from helpdesk.escalation.service import settle
from helpdesk.extensions import db
from helpdesk.intake.mail import process_pending
from helpdesk.intake.store import store_raw_message
from helpdesk.models import OutboxMessage, TicketEvent
from helpdesk.reports import statement_for
from helpdesk.tickets.actions import ActionRefused
from helpdesk.workflow import merging
from tests.factories import login, make_contact, make_customer, make_staff, make_ticket
from tests.integration.test_web_helpers import events, page


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# November 2026 is CET (UTC+1). Type 4 (the default contract), window Mon-Fri 06:00-24:00,
# P1 (blocking, all employees): the reaction is due 2 h of window time after submission.
SUBMITTED = utc(2026, 11, 2, 8, 0)  # Monday 2 Nov 09:00 Brussels
REACTION_DUE = utc(2026, 11, 2, 10, 0)  # 11:00 Brussels
BEFORE_DUE = utc(2026, 11, 2, 9, 0)  # 10:00 Brussels
AFTER_DUE = utc(2026, 11, 2, 12, 0)  # 13:00 Brussels: two hours late
AS_OF = utc(2026, 11, 20, 9, 0)


@pytest.fixture
def w(clock):
    clock.set(SUBMITTED)
    customer = make_customer(name="Bakery")
    rita = make_contact(customer, name="Rita", email="rita@bakery.example")
    bert = make_contact(customer, name="Bert", email="bert@bakery.example")
    agent = make_staff(name="Alex")
    db.session.commit()
    kept = make_ticket(rita, title="Till offline", urgency="blocking", impact="all",
                       at=SUBMITTED)
    duplicate = make_ticket(bert, title="Cash register down", urgency="blocking",
                            impact="all", at=SUBMITTED)
    return customer, rita, bert, agent, kept, duplicate


def lines(customer) -> list[tuple[str, str]]:
    statement = statement_for(customer.id, Month(2026, 11), AS_OF).to_dict()
    return sorted((line["reference"], line["clock"]) for part in statement["contracts"]
                  for line in part["statement"]["lines"])


def test_merging_on_the_page_records_both_events_and_links_both_pages(client, w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    login(client, agent)
    clock.set(BEFORE_DUE)
    done = client.post(f"/staff/tickets/{duplicate.reference}/merge",
                       data={"into": kept.reference.lower(), "reason": "same till"},
                       follow_redirects=True)
    assert f"Merged into {kept.reference} as a duplicate" in page(done)
    assert events(duplicate) == ["submitted", "merged"]
    assert events(kept) == ["submitted", "duplicate_merged"]
    merged = db.session.scalars(select(TicketEvent).where(
        TicketEvent.ticket_id == duplicate.id, TicketEvent.type == "merged")).one()
    assert merged.payload == {"into": kept.reference, "into_id": kept.id,
                              "reason": "same till"}
    assert merged.at == BEFORE_DUE and merged.actor_name == "Alex"
    db.session.refresh(duplicate)
    assert duplicate.status == "merged" and duplicate.next_deadline is None
    dup_page = page(client.get(f"/staff/tickets/{duplicate.reference}"))
    assert f"Merged as a duplicate into {kept.reference}." in dup_page
    assert f'href="/staff/tickets/{kept.reference}"' in dup_page
    assert 'id="action-merge"' not in dup_page  # merged once, not again
    assert 'id="action-priority"' not in dup_page  # no clock left to reprioritise
    kept_page = page(client.get(f"/staff/tickets/{kept.reference}"))
    assert "Duplicates merged into this ticket:" in kept_page
    assert f'href="/staff/tickets/{duplicate.reference}"' in kept_page
    # The merged duplicate leaves the open queues.
    queue = page(client.get("/staff/?show=open"))
    assert kept.reference in queue and duplicate.reference not in queue


def test_the_duplicates_reporter_is_told_through_the_outbox(w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    merging.merge(duplicate, into=kept.reference, by=agent, now=BEFORE_DUE, reason="same")
    db.session.commit()
    mail = db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == "merged")).one()
    assert mail.to_addr == "bert@bakery.example"
    assert mail.subject == f"[{duplicate.reference}] Merged into {kept.reference}: " \
                           "Cash register down"
    assert kept.reference in mail.body_text and "Why: same" in mail.body_text
    assert mail.ticket_id == duplicate.id


def test_an_unconfirmed_reporter_gets_no_mail_r23(w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    bert.email_confirmed = False
    db.session.commit()
    merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    db.session.commit()
    assert db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.kind == "merged")).all() == []
    assert events(duplicate) == ["submitted", "merged"]  # merged all the same


def test_merged_before_its_deadline_the_duplicate_earns_no_breach_nor_credit(w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    db.session.commit()
    clock.set(AS_OF)
    for ticket in (kept, duplicate):
        settle(ticket, AS_OF)  # the scheduler's sweep, long after both deadlines
    db.session.commit()
    assert events(duplicate) == ["submitted", "merged"]  # no breach, no escalation
    # The incident's deadline is the kept ticket's: it was never acknowledged.
    assert lines(customer) == [(kept.reference, "reaction")]


def test_a_breach_before_the_merge_stays_with_its_credit(w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    clock.set(AFTER_DUE)
    settle(duplicate, AFTER_DUE)  # the reaction breach is recorded at 11:00 Brussels
    merging.merge(duplicate, into=kept, by=agent, now=AFTER_DUE)
    db.session.commit()
    assert lines(customer) == sorted([(kept.reference, "reaction"),
                                      (duplicate.reference, "reaction")])
    statement = statement_for(customer.id, Month(2026, 11), AS_OF).to_dict()
    [line] = [line for part in statement["contracts"] for line in part["statement"]["lines"]
              if line["reference"] == duplicate.reference]
    # Measured until the clock stopped, the merge (R10): 2 h late, one started day.
    assert line["still_running"] is False
    assert line["measured_until"] == "2026-11-02T12:00:00Z"
    assert line["overdue_seconds"] == 2 * 3600


def test_refused_across_customers_into_itself_twice_and_into_a_closed_ticket(w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    other = make_ticket(make_contact(make_customer(name="Other")), at=SUBMITTED)
    with pytest.raises(ActionRefused, match="same customer"):
        merging.merge(duplicate, into=other.reference, by=agent, now=BEFORE_DUE)
    with pytest.raises(ActionRefused, match="into itself"):
        merging.merge(duplicate, into=duplicate.reference, by=agent, now=BEFORE_DUE)
    with pytest.raises(ActionRefused, match="no ticket HD-0000"):
        merging.merge(duplicate, into="HD-0000", by=agent, now=BEFORE_DUE)
    merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    with pytest.raises(ActionRefused, match="already merged"):
        merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    third = make_ticket(rita, at=SUBMITTED)
    with pytest.raises(ActionRefused, match="closed or merged"):
        merging.merge(third, into=duplicate, by=agent, now=BEFORE_DUE)
    assert events(other) == ["submitted"]


def test_a_refused_merge_on_the_page_says_why_and_records_nothing(client, w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    other = make_ticket(make_contact(make_customer(name="Other")), at=SUBMITTED)
    login(client, agent)
    refused = client.post(f"/staff/tickets/{duplicate.reference}/merge",
                          data={"into": other.reference})
    assert refused.status_code == 409
    assert "Only tickets of the same customer can be merged." in page(refused)
    assert events(duplicate) == ["submitted"] and events(other) == ["submitted"]


def test_mail_quoting_the_duplicate_goes_to_the_kept_ticket(w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    db.session.commit()
    raw = (f"From: Bert <bert@bakery.example>\r\nTo: support@helpdesk.test\r\n"
           f"Subject: Re: [{duplicate.reference}] Cash register down\r\n"
           "Message-ID: <bert-2@bakery.example>\r\n\r\nStill down here.\r\n").encode()
    store_raw_message(raw, peer="127.0.0.1", envelope_from="bert@bakery.example",
                      envelope_to=["support@helpdesk.test"])
    process_pending(BEFORE_DUE)
    db.session.commit()
    assert events(duplicate) == ["submitted", "merged"]
    assert events(kept) == ["submitted", "duplicate_merged", "customer_message"]


def test_the_portal_shows_the_link(client, w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    db.session.commit()
    login(client, bert)
    shown = page(client.get(f"/portal/tickets/{duplicate.reference}"))
    assert f'href="/portal/tickets/{kept.reference}"' in shown


def test_the_api_merges_with_its_scope_and_refuses_across_customers(client, w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    other = make_ticket(make_contact(make_customer(name="Other")), at=SUBMITTED)
    narrow = issue(agent, name="notes only", now=SUBMITTED, scopes=["add_note"]).secret
    wide = issue(agent, name="merger", now=SUBMITTED, scopes=["merge_duplicate"]).secret
    contact = issue(bert, name="bert", now=SUBMITTED).secret
    db.session.commit()
    url = f"/api/v1/tickets/{duplicate.reference}/merge"

    def post(secret, body):  # type: ignore[no-untyped-def]
        return client.post(url, json=body, headers={"Authorization": f"Bearer {secret}"})

    assert post(narrow, {"into": kept.reference}).status_code == 403
    assert post(contact, {"into": kept.reference}).status_code == 403
    assert post(wide, {"into": other.reference}).status_code == 409
    assert post(wide, {}).status_code == 422
    done = post(wide, {"into": kept.reference, "reason": "same till"})
    assert done.status_code == 201
    body = done.get_json()
    assert body["type"] == "merged" and body["details"]["into"] == kept.reference
    assert events(kept) == ["submitted", "duplicate_merged"]


def test_the_rebuild_derives_the_merged_status_from_the_events(w, clock):
    from sqlalchemy import update

    from helpdesk.models import Ticket
    from helpdesk.tickets import rebuild

    customer, rita, bert, agent, kept, duplicate = w
    merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    db.session.commit()
    # Spoil the cache; `helpdesk rebuild` folds it back from the events.
    db.session.execute(update(Ticket).where(Ticket.id == duplicate.id)
                       .values(status="open", next_deadline=REACTION_DUE))
    db.session.commit()
    rebuild.rebuild_all(AS_OF)
    db.session.expire_all()
    assert (duplicate.status, duplicate.next_deadline) == ("merged", None)


def test_follow_walks_later_merges_of_the_kept_ticket(w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    third = make_ticket(rita, title="Till offline again", at=SUBMITTED)
    merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    merging.merge(kept, into=third, by=agent, now=BEFORE_DUE)
    db.session.commit()
    assert merging.follow(duplicate).id == third.id
    assert merging.follow(third).id == third.id


def test_a_portal_message_on_the_duplicate_goes_to_the_kept_ticket(client, w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    db.session.commit()
    login(client, bert)
    done = client.post(f"/portal/tickets/{duplicate.reference}/message",
                       data={"text": "Still down"}, follow_redirects=True)
    assert f"Your message was added to {kept.reference}." in page(done)
    assert events(duplicate) == ["submitted", "merged"]
    assert events(kept) == ["submitted", "duplicate_merged", "customer_message"]


def test_an_api_message_on_the_duplicate_goes_to_the_kept_ticket(client, w, clock):
    customer, rita, bert, agent, kept, duplicate = w
    merging.merge(duplicate, into=kept, by=agent, now=BEFORE_DUE)
    secret = issue(bert, name="bert", now=SUBMITTED).secret
    db.session.commit()
    answer = client.post(f"/api/v1/tickets/{duplicate.reference}/messages",
                         json={"text": "Still down"},
                         headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 201
    assert events(kept) == ["submitted", "duplicate_merged", "customer_message"]
    assert events(duplicate) == ["submitted", "merged"]
