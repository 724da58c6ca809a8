"""Where one stored mail goes: a new ticket, a message on its ticket, or held for review.

The intake's rules, in this one place for every path: only registered contact persons
report (art. 33.2, 35.2), anyone else's mail is held and gets a polite answer that reveals
nothing; replies thread only onto tickets of the contact's own customer; automatic mail is
never answered and our own automatic answers are rate-limited (RFC 3834); a new ticket's
receipt is automatic and stops no clock (R1).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import insert, select

from helpdesk.extensions import db
from helpdesk.i18n import lazy_gettext as _l
from helpdesk.intake.attachments import store_attachments
from helpdesk.intake.lookups import Lookups
from helpdesk.intake.opening import OpenedTicket, PlannedTicket, plan_ticket, write_tickets
from helpdesk.locales import DEFAULT, LANGUAGES, in_language_of, supported
from helpdesk.mail import (
    ParsedMail,
    is_automatic,
    referenced_message_ids,
    strip_quoted_reply,
    ticket_reference_in,
)
from helpdesk.mail.authresults import dmarc_passed
from helpdesk.models import ContactPerson, Contract, OutboxMessage, Ticket
from helpdesk.outbox import message_values
from helpdesk.privacy.notifiable import may_notify
from helpdesk.tickets import actions, commands, reporters
from helpdesk.tickets.commands import NoContract
from helpdesk.tickets.reporters import ReporterNotAllowed
from helpdesk.timefmt import number
from helpdesk.workflow import merging

_INFORMED = _l("Thank you for your message.")
_AUTOMATIC = _l("This is an automatic message.")
_NOT_MATCHED = _l("We could not match it to a registered contact person, so it has been passed "
                  "to our staff for review. If you report incidents on behalf of a customer, "
                  "please write from the address registered with us, or use the customer "
                  "portal.")
_NOT_REGISTERED = _l("Your message has not been registered as a ticket; it has been passed to "
                     "our staff for review.")


def held_answer() -> str:
    """The answer to a sender we do not know: nor do we know their language, so it says the
    same in each of the product's languages, the configured default first (issue #17)."""
    default = supported(current_app.config.get("BABEL_DEFAULT_LOCALE")) or DEFAULT
    blocks = []
    for code in (default, *(other for other in LANGUAGES if other != default)):
        with force_locale(code):
            blocks.append("\n\n".join(str(text) for text in (_INFORMED, _NOT_MATCHED,
                                                               _AUTOMATIC)))
    return "\n\n* * *\n\n".join(blocks)


def not_a_reporter_answer(contact: ContactPerson, contract: Contract) -> str:
    """A registered contact whose contract does not let them log tickets (seed 004 art.
    9.3): they are known, so the answer says why, in their language."""
    with in_language_of(contact):
        return "\n\n".join((str(_INFORMED), reporters.explained(contract),
                             str(_NOT_REGISTERED), str(_AUTOMATIC)))


_INSERT_OUTBOX = insert(OutboxMessage)


@dataclass(frozen=True)
class Incoming:
    """A stored message and what parsing found in it."""

    id: int
    received_at: datetime
    dedup_key: str
    sender: str | None  # the From address, else the envelope sender
    parsed: ParsedMail
    # What the provider's MX found (SPF, DKIM, DMARC: helpdesk/mail/authresults.py).
    authentication: dict[str, str] | None = None


@dataclass(frozen=True)
class Outcome:
    state: str  # processed, held, duplicate, failed
    ticket_id: int | None = None
    note: str = ""
    held_reason: str | None = None
    reference: str | None = None  # the ticket's, for the log


def plan(mail: Incoming, lookups: Lookups, now: datetime) -> PlannedTicket | None:
    """The new ticket this mail opens, worked out without writing; None when it opens
    none (then `route` finds where it goes). Only reads, so it may run before the turn."""
    if is_automatic(mail.parsed) or mail.parsed.from_problem:
        return None  # `route` holds it
    contact = lookups.contact(mail.sender)
    if contact is None or _threaded_ticket(mail.parsed, contact) is not None:
        return None
    try:
        return plan_ticket(mail.parsed, contact, lookups, mail_id=mail.id,
                           received_at=mail.received_at, now=now,
                           authentication=mail.authentication)
    except (NoContract, ReporterNotAllowed):
        return None


def open_planned(planned: list[tuple[Incoming, PlannedTicket]], lookups: Lookups,
                 now: datetime) -> dict[int, Outcome]:
    """Write planned tickets, a batch at once, each with its receipt (R1: the receipt is
    automatic and stops no clock)."""
    opened = write_tickets([p for _, p in planned], now)
    receipts = []
    for (mail, _), ticket in zip(planned, opened, strict=True):
        contact = lookups.contact(mail.sender)
        if not may_notify(contact):  # R23: the ticket stands; staff see it was not mailed
            continue
        address = contact.email  # type: ignore[union-attr]
        if lookups.may_answer(address):  # RFC 3834: automatic answers are rate-limited
            with in_language_of(contact):  # issue #17: in the reporter's language
                receipts.append(_receipt(address, ticket, mail.parsed.dropped))
            lookups.answered(address, receipts[-1]["created_at"])
    if receipts:
        db.session.connection().execute(_INSERT_OUTBOX, receipts)
    return {mail.id: Outcome("processed", ticket.id, "new ticket", reference=ticket.reference)
            for (mail, _), ticket in zip(planned, opened, strict=True)}


def route(mail: Incoming, lookups: Lookups, now: datetime) -> Outcome:
    if mail.parsed.from_problem:
        # Who sent it is unclear (#18: a spoofed display name threaded mail into another
        # customer's ticket): staff decide; nobody is answered.
        return _hold(mail, lookups, now, reason=f"ambiguous sender: {mail.parsed.from_problem}",
                     automatic="ambiguous sender")
    planned = plan(mail, lookups, now)
    if planned is not None:
        return open_planned([(mail, planned)], lookups, now)[mail.id]
    automatic = is_automatic(mail.parsed)
    contact = lookups.contact(mail.sender)
    if contact is None:
        # Art. 33.2/35.2: only registered contact persons report; others are reviewed.
        return _hold(mail, lookups, now, reason="unknown sender", automatic=automatic)
    ticket = _threaded_ticket(mail.parsed, contact)
    if ticket is not None:
        if current_app.config["HELPDESK_THREADING_REQUIRES_DMARC"] and not dmarc_passed(
                mail.authentication):
            found = (mail.authentication or {}).get("dmarc", "no trusted result")
            return _hold(mail, lookups, now, automatic="unauthenticated reply",
                         reason=f"DMARC did not pass ({found}) for a reply to "
                                f"{ticket.reference}")
        return _add_to_ticket(mail, ticket, contact, lookups, now)
    if automatic:
        return _hold(mail, lookups, now, reason=f"automatic message ({automatic})",
                     automatic=automatic)
    # Not automatic, not threaded, from a contact, and yet no plan: no contract in force,
    # or one under which this contact may not log tickets (seed 004 art. 9.3).
    try:
        contract = commands.contract_for(contact, commands.submission_day(mail.received_at))
    except NoContract as problem:
        return _hold(mail, lookups, now, reason=str(problem), automatic="no answer needed")
    refused = reporters.refusal(contact, contract)
    if refused is not None:
        return _hold(mail, lookups, now, reason=f"not a reporter: {refused}", automatic=None,
                     answer=not_a_reporter_answer(contact, contract))
    raise AssertionError(f"mail {mail.id} from a contact under contract was not planned")


def _dropped_lines(reference: str, dropped: list[dict[str, object]]) -> str:
    lines = [f"- {item['filename']} ({number(int(item['size']) / (1024 * 1024), 1)} MB): "
             f"{item['why']}" for item in dropped]
    return (gettext("These attachments of your mail about %(reference)s were not kept:",
              reference=reference)
            + "\n" + "\n".join(lines) + "\n\n"
            + gettext("Send them smaller or fewer at a time, or add them in the customer portal."))


def dropped_notice(reference: str, dropped: list[dict[str, object]]) -> str:
    """What the sender is told of attachments not kept (#18: they were dropped silently)."""
    return _dropped_lines(reference, dropped) + " " + gettext("This is an automatic message.")


def _receipt(address: str, ticket: OpenedTicket,
             dropped: list[dict[str, object]] | None = None) -> dict[str, object]:
    """Built in the addressee's language (the caller forces it)."""
    root = actions.thread_root_for(ticket.reference)
    return message_values(
        kind="receipt", to_addr=address,
        subject=f"[{ticket.reference}] " + gettext("Received: %(title)s", title=ticket.title),
        body_text="\n".join((
            gettext("We received your report and registered it as %(reference)s.",
                    reference=ticket.reference),
            gettext("A member of our support team will confirm when it is being handled."),
            "",
            gettext("Reply to this message to add information; keep the reference in the "
                    "subject."),
            *((_dropped_lines(ticket.reference, dropped), "") if dropped else ()),
            gettext("This is an automatic message."),
        )),
        ticket_id=ticket.id, automatic=True, in_reply_to=root, references=[root],
    )


def _threaded_ticket(parsed: ParsedMail, contact: ContactPerson) -> Ticket | None:
    """A reply to our mail (References) or a subject with the reference, of this customer."""
    domain = current_app.config["HELPDESK_MAIL_DOMAIN"].lower()
    referenced = referenced_message_ids(parsed)
    references: list[str] = []
    for message_id in referenced:
        local, _, host = message_id.lower().partition("@")
        if host == domain and local.startswith("hd-"):
            references.append(local.upper())
    subject_reference = ticket_reference_in(parsed.subject)
    if subject_reference:
        references.append(subject_reference)
    if not references and not referenced:
        return None  # most new reports: nothing to look up
    query = select(Ticket).where(Ticket.customer_id == contact.customer_id)
    for reference in references:
        ticket = db.session.scalar(query.where(Ticket.reference == reference))
        if ticket is not None:
            return merging.follow(ticket)  # issue #16: a merged duplicate's mail goes on
    sent = db.session.scalars(
        select(OutboxMessage.ticket_id).where(
            OutboxMessage.message_id.in_(referenced), OutboxMessage.ticket_id.is_not(None))
    ).first() if referenced else None
    found = db.session.scalar(query.where(Ticket.id == sent)) if sent is not None else None
    return merging.follow(found) if found is not None else None


def _add_to_ticket(mail: Incoming, ticket: Ticket, contact: ContactPerson, lookups: Lookups,
                   now: datetime) -> Outcome:
    parsed = mail.parsed
    text = strip_quoted_reply(parsed.text).strip() or parsed.text.strip() or "(empty)"
    event = actions.customer_message(
        ticket, by=contact, now=now, at=mail.received_at, text=text, channel="email",
        dedup_key=f"mail:{mail.dedup_key}"[:200],
        payload={key: value for key, value in (("authentication", mail.authentication),
                                                ("dropped_attachments", parsed.dropped))
                 if value} or None,
    )
    store_attachments(parsed.attachments, now=now, ticket_id=ticket.id, event_id=event.id,
                      inbound_mail_id=mail.id)
    if parsed.dropped and not is_automatic(parsed) and may_notify(contact):
        with in_language_of(contact):
            _answer(lookups, contact.email, kind="attachments_dropped",
                    subject=(f"[{ticket.reference}] "
                             + gettext("Attachments not kept: %(title)s",
                                       title=ticket.title))[:300],
                    text=dropped_notice(ticket.reference, parsed.dropped),
                    in_reply_to=parsed.message_id)
    return Outcome("processed", ticket.id, "added to the ticket as a customer message",
                   reference=ticket.reference)


def _hold(mail: Incoming, lookups: Lookups, now: datetime, *, reason: str,
          automatic: str | None, answer: str | None = None) -> Outcome:
    parsed = mail.parsed
    if parsed.attachments:
        store_attachments(parsed.attachments, now=now, inbound_mail_id=mail.id)
    if automatic is None and mail.sender:
        _answer(lookups, mail.sender, kind="held_answer",
                subject=f"Re: {parsed.subject}"[:300] if parsed.subject else "Your message",
                text=answer or held_answer(), in_reply_to=parsed.message_id)
    return Outcome("held", note=f"held for review: {reason}", held_reason=reason[:200])


def _answer(lookups: Lookups, to_addr: str, *, kind: str, subject: str, text: str,
            in_reply_to: str | None = None) -> None:
    """RFC 3834: automatic answers are marked and rate-limited per address."""
    if not lookups.may_answer(to_addr):
        return
    message = message_values(
        kind=kind, to_addr=to_addr, subject=subject, body_text=text, automatic=True,
        in_reply_to=in_reply_to, references=[in_reply_to] if in_reply_to else [],
    )
    db.session.connection().execute(_INSERT_OUTBOX, message)
    lookups.answered(to_addr, message["created_at"])
