"""Two processes appending to one ticket at once both succeed, one after the other.

On PostgreSQL, append locks the ticket row before it numbers the event; without that, the
deadline sweep on one machine and outbox delivery or a web action on another read the same
last seq and the second commit fails (seen in bench/load_run.py with two schedulers)."""

from __future__ import annotations

import threading
import time

import pytest
from sqlalchemy import select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import Ticket, TicketEvent
from helpdesk.tickets import log
from helpdesk.tickets.actors import Actor
from tests.factories import make_contact, make_customer, make_ticket


def test_concurrent_appends_to_one_ticket_take_turns(app):
    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("postgresql"):
        pytest.skip("SQLite lets one writer in at a time; the row lock is PostgreSQL's")
    ticket = make_ticket(make_contact(make_customer()))
    ticket_id = ticket.id
    outcome: dict[str, object] = {}

    def other_process() -> None:
        with app.app_context():
            try:
                mine = db.session.get(Ticket, ticket_id)
                log.append(mine, "note_added", at=utcnow(),
                           actor=Actor.system("mail delivery"), body="second")
                db.session.commit()
                outcome["ok"] = True
            except Exception as problem:  # the assertion below names it
                outcome["error"] = problem
                db.session.rollback()

    log.append(ticket, "note_added", at=utcnow(), actor=Actor.system("sweep"),
               body="first")  # uncommitted: this transaction holds the ticket
    other = threading.Thread(target=other_process)
    other.start()
    time.sleep(0.5)
    assert other.is_alive()  # waiting for the ticket, not numbering past us
    db.session.commit()
    other.join(10)
    assert outcome == {"ok": True}
    db.session.expire_all()
    notes = db.session.execute(select(TicketEvent.seq, TicketEvent.body).where(
        TicketEvent.ticket_id == ticket_id, TicketEvent.type == "note_added")
        .order_by(TicketEvent.seq)).all()
    assert [body for _, body in notes] == ["first", "second"]
    assert notes[1].seq == notes[0].seq + 1
