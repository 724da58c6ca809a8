"""Tickets and their append-only event log.

The events are the truth; the ticket row's derived columns (status, priority, tier, next
deadline, ...) only index queries and are rebuilt from events by `helpdesk rebuild`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    event,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.customers import Contract, Customer
from helpdesk.models.people import ContactPerson, Staff
from helpdesk.models.types import UTCDateTime


class AppendOnlyViolation(RuntimeError):
    """Raised on any attempt to change or remove a recorded ticket event."""


class Ticket(db.Model):
    __tablename__ = "ticket"
    __table_args__ = (
        Index("ix_ticket_customer_status", "customer_id", "status"),
        # The portal's list: a customer's tickets newest first, read in index order (no
        # sort of all the customer's tickets for a page of 50).
        Index("ix_ticket_customer_newest", "customer_id", "id"),
        # The staff queues: open tickets by their earliest open deadline (overdue ones
        # included, issue #19), all of them or one assignee's.
        Index("ix_ticket_status_earliest_deadline", "status", "earliest_deadline"),
        Index("ix_ticket_assignee_status_earliest_deadline", "assignee_id", "status",
              "earliest_deadline"),
        # The filtered tab counts: every column their conditions and the queue's filters
        # read, so one pass over the filtered open tickets reads this index alone, not
        # their rows (at 10,000 open tickets the row reads were three quarters of the
        # queue's time; migration 0019 added the filters' columns). The resolved-date
        # filter asks the events, by ticket id: SQLite's indexes hold the row id,
        # PostgreSQL's do not, so there the id is included (migration 0022: a filtered
        # queue picks its page's ids on this index). The deadline follows the status
        # (migration 0021): a filter on it is a range. (The unfiltered counts are ranges
        # of the narrower indexes.)
        Index("ix_ticket_queue_counts", "status", "earliest_deadline", "assignee_id",
              "breach_count", "confirmation_outstanding", "priority", "tier", "channel",
              "customer_id", "contract_id", "submitted_at", postgresql_include=["id"]),
        # The "breached or overdue" filter over all tickets: the few with a breach recorded,
        # found on this index beside the overdue ones on the deadline index (an OR of two
        # index searches instead of reading every ticket).
        Index("ix_ticket_breach_count", "breach_count", "status"),
        # The unfiltered tab counts are each a range of one index (migration 0021): "phone"
        # (art. 39.2.2), and the breached tickets whose deadline is still ahead.
        Index("ix_ticket_status_confirmation", "status", "confirmation_outstanding"),
        Index("ix_ticket_status_breach", "status", "breach_count", "earliest_deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"))
    contract_id: Mapped[int] = mapped_column(ForeignKey("contract.id"), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("contact_person.id"), index=True)
    channel: Mapped[str] = mapped_column(String(16))  # email, portal, phone (art. 35.2)
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())

    # Derived from events (a cache of the fold); never the source of truth.
    title: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[str] = mapped_column(String(32), default="open")
    priority: Mapped[str | None] = mapped_column(String(2))
    tier: Mapped[int] = mapped_column(Integer, default=1)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    next_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The earliest deadline of a clock still counting or already overdue (next_deadline
    # keeps only those ahead, for the escalation plan): the queues' sort key (#19).
    earliest_deadline: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # When the scheduler must look at the ticket next: a deadline, a warning or a reminder.
    next_wake_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    breach_count: Mapped[int] = mapped_column(Integer, default=0)
    confirmation_outstanding: Mapped[bool] = mapped_column(Boolean, default=False)
    last_event_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    customer: Mapped[Customer] = relationship()
    contract: Mapped[Contract] = relationship()
    reporter: Mapped[ContactPerson | None] = relationship()
    assignee: Mapped[Staff | None] = relationship()
    events: Mapped[list[TicketEvent]] = relationship(
        back_populates="ticket", order_by="TicketEvent.seq", lazy="select"
    )

    def __repr__(self) -> str:
        return f"<Ticket {self.reference} {self.status} {self.priority}>"


class TicketEvent(db.Model):
    __tablename__ = "ticket_event"
    __table_args__ = (
        UniqueConstraint("ticket_id", "seq"),
        # One event per key and ticket: a retried mail or a second scheduler cannot double it.
        UniqueConstraint("ticket_id", "dedup_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"))
    seq: Mapped[int] = mapped_column(Integer)
    type: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(UTCDateTime())  # when it happened (contract time)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())  # when we stored it
    actor_kind: Mapped[str] = mapped_column(String(16))  # staff, contact, system
    actor_id: Mapped[int | None] = mapped_column(Integer)
    actor_name: Mapped[str] = mapped_column(String(200), default="")
    channel: Mapped[str | None] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    dedup_key: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)  # message text, when the event carries one

    ticket: Mapped[Ticket] = relationship(back_populates="events")

    def __repr__(self) -> str:
        return f"<TicketEvent {self.ticket_id}#{self.seq} {self.type} {self.at.isoformat()}>"


@event.listens_for(TicketEvent, "before_update")
def _refuse_update(mapper: object, connection: object, target: TicketEvent) -> None:
    raise AppendOnlyViolation(f"ticket event {target.id} is append-only and cannot be changed")


@event.listens_for(TicketEvent, "before_delete")
def _refuse_delete(mapper: object, connection: object, target: TicketEvent) -> None:
    raise AppendOnlyViolation(f"ticket event {target.id} is append-only and cannot be deleted")


class ReferenceCounter(db.Model):
    """Per-year counter behind human references such as HD-2026-00042."""

    __tablename__ = "reference_counter"

    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)
