"""Erasure by anonymisation (seed 003): the person and their traces are redacted, while the
ticket history keeps its events (types, instants, order) and the clocks and the credit
statement come out exactly as before."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from helpdesk.credits import Month
from helpdesk.extensions import db
from helpdesk.models import (
    ApiToken,
    Attachment,
    AuditEntry,
    ContactPerson,
    InboundMail,
    OutboxMessage,
    Staff,
    Ticket,
    TicketEvent,
)
from helpdesk.privacy.erasure import ErasureRefused, erase
from helpdesk.privacy.redaction import REDACTED
from helpdesk.reports import statement_for
from helpdesk.tickets import log
from helpdesk.tickets.projection import fold_ticket
from tests.privacy.helpers import AS_OF, JAN, PIA, history

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def _clocks(tickets):
    return [fold_ticket(t, log.events_of(t), AS_OF) for t in tickets]


def _shape():
    return list(db.session.execute(select(
        TicketEvent.ticket_id, TicketEvent.seq, TicketEvent.type, TicketEvent.at,
        TicketEvent.recorded_at, TicketEvent.actor_kind, TicketEvent.actor_id,
        TicketEvent.channel, TicketEvent.dedup_key).order_by(TicketEvent.id)))


ALL = (TicketEvent, InboundMail, OutboxMessage, Attachment, ContactPerson, Staff, AuditEntry)


def _dump(models=ALL) -> str:
    """Every stored text of the personal tables, to search for what must be gone."""
    parts = []
    for model in models:
        for row in db.session.scalars(select(model)):
            for column in model.__table__.columns:
                value = getattr(row, column.key)
                parts.append(value.decode("utf-8", "replace") if isinstance(value, bytes)
                             else str(value))
    return "\n".join(parts)


def test_erasure_keeps_the_history_clocks_and_money_exactly():
    h = history()
    statement = statement_for(h.customer.id, Month(2026, 11), AS_OF).to_dict()
    assert any(line["payable"] != "0.00" for part in statement["contracts"]
               if part["statement"] for line in part["statement"]["lines"])
    clocks, shape = _clocks(h.tickets), _shape()

    done = erase(h.jan, by=h.staff, reason="request of 2026-11-18", now=NOW)
    db.session.commit()

    assert done.events > 0 and done.inbound_mails == 1 and done.attachments >= 2
    db.session.expire_all()
    assert _shape() == shape
    assert _clocks(db.session.scalars(select(Ticket).order_by(Ticket.id)).all()) == clocks
    assert statement_for(h.customer.id, Month(2026, 11), AS_OF).to_dict() == statement


def test_the_persons_data_is_gone_and_a_colleagues_is_untouched():
    h = history()
    erase(h.jan, by=h.staff, reason="request", now=NOW)
    db.session.commit()
    everything = _dump()
    for trace in ("Janssens", JAN, "+32 470", "Jan here", "Jan writes", "jan's log",
                  "jan-screenshot", "Dear Jan"):
        assert trace not in everything, trace
    assert "Pia adds: the printer too" in everything and "Pia Peeters" in everything
    assert PIA in everything


def test_the_account_is_anonymised_deactivated_and_its_tokens_revoked():
    h = history()
    erase(h.jan, by=h.staff, reason="request", now=NOW)
    db.session.commit()
    jan = db.session.get(ContactPerson, h.jan.id)
    assert (jan.name, jan.email, jan.phone, jan.password_hash) == (
        REDACTED, f"erased-{jan.id}@invalid", None, None)
    assert not jan.active and jan.erased_at == NOW
    assert db.session.scalar(select(ApiToken.revoked_at)) == NOW
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "erased")).one()
    assert (entry.subject_kind, entry.subject_id, entry.actor_id) == ("contact", jan.id,
                                                                       h.staff.id)
    assert "request" in entry.detail


def test_unsent_mail_to_an_erased_person_is_not_sent():
    h = history()
    pending = db.session.scalars(select(OutboxMessage).where(
        func.lower(OutboxMessage.to_addr) == JAN, OutboxMessage.status == "pending")).all()
    assert pending  # the receipt of the mailed report
    erase(h.jan, by=h.staff, reason="request", now=NOW)
    db.session.commit()
    statuses = db.session.scalars(select(OutboxMessage.status).where(
        OutboxMessage.id.in_([m.id for m in pending]))).all()
    assert set(statuses) == {"failed"}


def test_erasing_twice_or_without_a_reason_is_refused():
    h = history()
    with pytest.raises(ErasureRefused):
        erase(h.jan, by=h.staff, reason="  ", now=NOW)
    erase(h.jan, by=h.staff, reason="request", now=NOW)
    db.session.commit()
    with pytest.raises(ErasureRefused):
        erase(h.jan, by=h.staff, reason="again", now=NOW)


def test_erasing_a_staff_member_redacts_their_name_in_the_history():
    h = history()
    shape = _shape()
    erase(h.staff, by=None, reason="left the company", now=NOW)
    db.session.commit()
    assert _shape() == shape
    names = db.session.scalars(select(TicketEvent.actor_name).where(
        TicketEvent.actor_kind == "staff")).all()
    assert names and set(names) == {REDACTED}
    # Mail already sent to customers keeps its signature: it is the customer's copy.
    assert "Sam Support" not in _dump((TicketEvent, Staff, AuditEntry))
