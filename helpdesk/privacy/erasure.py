"""Erasure by anonymisation (seed 003: personal information deleted within 5 working days of
a request; seed 000 art. 7: account data deleted within 30 days of contract end).

The person's row stays, so tickets keep their reporter and the history keeps its shape:
every event remains with its type, instants, order and contract payload, so the clocks and
the credits computed from them cannot change. What identifies the person is replaced by
REDACTED (see redaction.py for the narrow path the database allows)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, delete, func, or_, select, update

from helpdesk.auth import revocation
from helpdesk.extensions import db
from helpdesk.models import (
    ApiToken,
    AuditEntry,
    ContactPerson,
    ContractDuty,
    EscalationContact,
    InboundMail,
    LoginThrottle,
    OutboxMessage,
    Staff,
    Ticket,
    TicketEvent,
)
from helpdesk.privacy import audit
from helpdesk.privacy.redaction import (
    ADDRESS_KEYS,
    MAILED_TO_REPORTER,
    REDACTED,
    Redacted,
    event_rows,
    mentions,
    redact_attachments,
    redact_audit_actor,
    redact_event,
    redact_inbound,
    redact_outbox,
)
from helpdesk.sla.calendar import public_holidays
from helpdesk.timefmt import BRUSSELS

Person = ContactPerson | Staff
WORKING_DAYS_TO_ERASE = 5  # seed 003


class ErasureRefused(RuntimeError):
    """The person was already erased, or no reason was given."""


def erased_address(person: Person) -> str:
    """Unique per table and never deliverable (.invalid is reserved, RFC 2606)."""
    return f"erased-{person.id}@invalid"


def erase(person: Person, *, by: Staff | None, reason: str, now: datetime) -> Redacted:
    """Anonymise the person and their traces in one transaction (the caller commits)."""
    if person.erased_at is not None:
        raise ErasureRefused("This person's data has already been erased.")
    if not reason.strip():
        raise ErasureRefused("Say why the data is erased.")
    address = person.email.lower()
    done = _redact_traces(person, address)
    db.session.execute(update(ApiToken).where(
        (ApiToken.staff_id if person.kind == "staff" else ApiToken.contact_id) == person.id,
        ApiToken.revoked_at.is_(None)).values(revoked_at=now),
        execution_options={"synchronize_session": False})
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.email == address))
    if isinstance(person, Staff):
        # An erased colleague is no longer told about escalations (art. 39.4.1 contacts).
        db.session.execute(delete(EscalationContact).where(
            EscalationContact.staff_id == person.id))
    else:
        person.phone = None
        person.email_confirmed = False
        # R25: the complaints and notices they wrote keep their dates and verdicts (the
        # contract's windows), not their words
        db.session.execute(update(ContractDuty).where(ContractDuty.contact_id == person.id)
                           .values(title=REDACTED, text=REDACTED),
                           execution_options={"synchronize_session": False})
    person.name = REDACTED
    person.email = erased_address(person)
    person.password_hash = None
    person.locale = None  # a preference of the person, erased with them
    person.active = False
    revocation.end_all(person.get_id(), now, "erased")
    person.erased_at = now
    audit.record("erased", person.kind, person.id, actor=by,
                 actor_kind=None if by else "system", detail=f"{reason.strip()} ({done})")
    db.session.flush()
    db.session.expire_all()  # the Core updates bypassed the identity map
    return done


def _redact_traces(person: Person, address: str) -> Redacted:
    done = Redacted()
    authored_ids: list[int] = []
    reported = set(db.session.scalars(select(Ticket.id).where(
        Ticket.reporter_id == person.id))) if isinstance(person, ContactPerson) else set()
    for row in event_rows(*_events_touching(person)):
        author = row.actor_kind == person.kind and row.actor_id == person.id
        payload = row.payload or {}
        keys = [k for k in ADDRESS_KEYS if mentions(payload.get(k), address)]
        # A held mail attached by staff carries its sender's text (helpdesk/intake/held.py).
        text = (author or (row.type == "held_mail_attached" and "from" in keys)
                or (row.ticket_id in reported and row.type in MAILED_TO_REPORTER))
        if person.kind == "staff" and row.type == "assigned" and \
                payload.get("staff_id") == person.id:
            keys.append("staff_name")
        if author:
            authored_ids.append(row.id)
        if redact_event(row, author=author, text=text, keys=keys):
            done.events += 1
    done.event_ids = authored_ids
    mail_ids = redact_inbound(or_(func.lower(InboundMail.sender) == address,
                                  func.lower(InboundMail.envelope_from) == address), done)
    redact_attachments(authored_ids, mail_ids, done)
    redact_outbox(func.lower(OutboxMessage.to_addr) == address, done,
                  address=erased_address(person))
    redact_audit_actor(person.kind, person.id, done)
    return done


def _events_touching(person: Person) -> tuple:
    """Events the person wrote, plus the events that may name them in their payload: for a
    contact, those on their customer's tickets; for staff, assignments and any mail event."""
    authored = and_(TicketEvent.actor_kind == person.kind, TicketEvent.actor_id == person.id)
    if isinstance(person, ContactPerson):
        tickets = select(Ticket.id).where(Ticket.customer_id == person.customer_id)
        return (or_(authored, TicketEvent.ticket_id.in_(tickets)),)
    named = TicketEvent.type.in_(("assigned", "mail_delivered", "mail_failed",
                                  "explanation_sent", "held_mail_attached"))
    return (or_(authored, named),)


def request_erasure(contact: ContactPerson, *, now: datetime) -> AuditEntry:
    """A contact's own request (seed 003); administrators see it with its deadline."""
    return audit.record("erasure_requested", "contact", contact.id, actor=contact,
                        detail=f"deadline {erasure_deadline(now).isoformat()}")


def erasure_deadline(requested_at: datetime) -> datetime:
    """Seed 003: within 5 working days of the request. Working days are Monday to Friday
    except Belgian public holidays; the request day does not count, and the deadline is the
    end of the fifth working day in Brussels (returned in UTC)."""
    day = requested_at.astimezone(BRUSSELS).date()
    counted = 0
    while counted < WORKING_DAYS_TO_ERASE:
        day += timedelta(days=1)
        if _working_day(day):
            counted += 1
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=BRUSSELS).astimezone(UTC)


def _working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays("BE", day.year)


def open_requests() -> list[tuple[AuditEntry, ContactPerson]]:
    """Erasure requests whose contact is not erased yet, oldest first."""
    rows = db.session.execute(
        select(AuditEntry, ContactPerson)
        .join(ContactPerson, and_(AuditEntry.subject_kind == "contact",
                                  AuditEntry.subject_id == ContactPerson.id))
        .where(AuditEntry.action == "erasure_requested", ContactPerson.erased_at.is_(None))
        .order_by(AuditEntry.at))
    return [(entry, contact) for entry, contact in rows]
