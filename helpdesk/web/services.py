"""Small services the web shells need beyond tickets/actions.py and intake/*.

Time entries with their rate class, explanations sent to the customer, customer messages
with files, and attachment look-ups scoped to one ticket. Views call these; rules stay here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from helpdesk.billing import rates
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.intake.attachments import MAX_ATTACHMENT_BYTES, store_attachments
from helpdesk.locales import in_language_of
from helpdesk.mail import Attachment as Upload
from helpdesk.models import Attachment, ContactPerson, Staff, Ticket, TicketEvent
from helpdesk.privacy.notifiable import may_notify
from helpdesk.sla import ClockState
from helpdesk.tickets import actions, commands
from helpdesk.tickets.actions import ActionRefused
from helpdesk.tickets.actors import Actor
from helpdesk.tickets.reasons import clock_label, window_reason_label
from helpdesk.timefmt import brussels, current_locale, duration
from helpdesk.web.labels import priority_label, sla_name

MAX_FILES = 10
MAX_ENTRY = timedelta(hours=24)
TOO_LONG = "A single time entry covers at most 24 hours; split it."


def uploads_from(files: Iterable[FileStorage]) -> list[Upload]:
    """Multipart files as the mail layer's attachment values; empty file inputs are skipped."""
    uploads = []
    for file in files:
        if not file or not file.filename:
            continue
        data = file.read()
        uploads.append(Upload(filename=file.filename,
                              content_type=file.mimetype or "application/octet-stream",
                              size=len(data), data=data))
    return uploads


def check_uploads(uploads: Sequence[Upload]) -> None:
    if len(uploads) > MAX_FILES:
        raise ActionRefused(f"Attach at most {MAX_FILES} files.")
    for upload in uploads:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ActionRefused(f"{upload.filename} is larger than "
                                f"{MAX_ATTACHMENT_BYTES // (1024 * 1024)} MB.")


def customer_message(ticket: Ticket, *, by: ContactPerson, now: datetime, text: str,
                     uploads: Sequence[Upload] = ()) -> TicketEvent:
    """A portal message with its files; on a phone report it is the written confirmation."""
    check_uploads(uploads)
    event = actions.customer_message(ticket, by=by, now=now, text=text, channel="portal")
    store_attachments(uploads, now=now, ticket_id=ticket.id, event_id=event.id)
    return event


def log_time(ticket: Ticket, *, by: Staff, start: datetime, end: datetime, description: str,
             now: datetime) -> TicketEvent:
    """Seed 002 art. 6.4: a time entry, its minutes split by rate class from its instants."""
    if not description.strip():
        raise ActionRefused("Say what the time was spent on.")
    if end > now:
        raise ActionRefused("A time entry cannot end in the future.")
    if start.tzinfo is not None and end - start > MAX_ENTRY:
        # Before splitting: the split walks day by day, and a start typed in year 1 would
        # keep the request busy for minutes before this limit refused it.
        raise ActionRefused(TOO_LONG)
    try:
        minutes = rates.minutes_per_class(start, end)
    except rates.InvalidTimeEntry as problem:
        raise ActionRefused(str(problem)) from problem
    if sum(minutes.values()) > 24 * 60:
        raise ActionRefused(TOO_LONG)
    return commands.record(
        ticket, "time_logged", at=now, actor=Actor.of(by), now=now,
        payload={"start": start.isoformat(), "end": end.isoformat(), "minutes": minutes,
                 "description": description.strip()},
    )


# Ruling numbers (R6, R9 ...) are ours, not the contract's: the staff explanation page keeps
# them, the customer's mail does not (issue #19 item 8).
_RULING_ALONE = re.compile(r"\s*\(R\d+(?:\s*[-–]\s*R?\d+)?\)")
_RULING_IN_LIST = re.compile(r",\s*R\d+\b")


def without_rulings(text: str) -> str:
    """'waiting for X (art. 39.1.3, R6)' → 'waiting for X (art. 39.1.3)'; '(R9)' goes."""
    return _RULING_IN_LIST.sub("", _RULING_ALONE.sub("", text))


def _table_in_words(ticket: Ticket, explanation: Any) -> str:
    """The engine's explanation rows in the reader's language (#17): every span of time,
    counted or not and why, Brussels time."""
    lines = [f"{sla_name(ticket.contract)} · {priority_label(explanation.priority)} · "
             f"{clock_label(explanation.clock)}",
             "  " + _("Target: %(value)s", value=duration(explanation.target_seconds)),
             "  " + _("Start: %(value)s", value=brussels(explanation.start)),
             "  " + _("Deadline: %(value)s", value=brussels(explanation.deadline) or _("none")),
             ""]
    for row in explanation.rows:
        span = f"  {brussels(row.start)} – {brussels(row.end) if row.end else _('(open)')}: "
        if row.counted:
            lines.append(span + _("counted %(duration)s", duration=duration(row.seconds)))
        else:
            lines.append(span + _("not counted: %(why)s (%(duration)s)",
                                  why=window_reason_label(row.reason),
                                  duration=duration(row.seconds)))
    lines.append("  " + _("Total counted: %(duration)s",
                          duration=duration(explanation.counted_seconds)))
    return "\n".join(lines)


def explanation_text(ticket: Ticket, clock: ClockState) -> str:
    """The engine's explanation as a plain-text message a customer can read."""
    explanation = clock.explanation()
    if current_locale() == "en":  # the engine's own table, as the staff page shows it
        table = without_rulings(explanation.format_table())
        code = f"SLA {explanation.sla} ·"
        if table.startswith(code):  # the head names the preset's code; say it in words
            table = f"{sla_name(ticket.contract)} ·" + table[len(code):]
    else:
        table = without_rulings(_table_in_words(ticket, explanation))
    if explanation.wall_clock:  # e.g. the permanent fix "within two weeks" (seed 004)
        how = [_("How this deadline is computed: it is calendar time, the same local time "
                 "that many days or months after the start; only suspensions do not count.")]
    else:
        how = [_("How this deadline is computed: only time inside the service window of "
                 "your contract counts; nights, weekends, public holidays and suspensions "
                 "do not.")]
    lines = [
        _("Ticket %(reference)s: %(title)s", reference=ticket.reference, title=ticket.title),
        _("%(clock)s: deadline %(deadline)s", clock=clock_label(clock.label),
          deadline=brussels(clock.deadline) or _("none")),
        "",
        *how,
        "",
        table,
    ]
    return "\n".join(lines)


def send_explanation(ticket: Ticket, clock: ClockState, *, by: Staff,
                     now: datetime) -> TicketEvent:
    """Send 'why this deadline' to the reporter through the outbox and record that it went."""
    if ticket.reporter is None or not ticket.reporter.active:
        raise ActionRefused("This ticket has no active reporter to send the explanation to.")
    if not may_notify(ticket.reporter):
        raise ActionRefused("The reporter has not confirmed their e-mail address; "
                            "the explanation is not sent (R23).")
    if not clock.applicable:
        raise ActionRefused("This clock does not apply to the ticket's priority.")
    with in_language_of(ticket.reporter):  # issue #17: the reporter's language
        actions.notify_reporter(ticket, kind="explanation",
                                subject=_("Why this deadline: %(clock)s",
                                          clock=clock_label(clock.label)),
                                text=explanation_text(ticket, clock))
    return commands.record(ticket, "explanation_sent", at=now, actor=Actor.of(by), now=now,
                           payload={"clock": clock.name, "to": ticket.reporter.email})


def ticket_attachment(ticket: Ticket, attachment_id: int,
                      event_types: Iterable[str] | None = None) -> Attachment | None:
    """An attachment of this ticket (optionally only on events of the given types)."""
    query = select(Attachment).where(Attachment.id == attachment_id,
                                     Attachment.ticket_id == ticket.id)
    if event_types is not None:
        query = query.join(TicketEvent, TicketEvent.id == Attachment.event_id).where(
            TicketEvent.type.in_(list(event_types)))
    return db.session.scalar(query)


def attachments_by_event(ticket: Ticket) -> dict[int | None, list[Attachment]]:
    """Attachment metadata of a ticket grouped by event (the data column is not loaded)."""
    from sqlalchemy.orm import defer

    rows = db.session.scalars(
        select(Attachment).options(defer(Attachment.data))
        .where(Attachment.ticket_id == ticket.id).order_by(Attachment.id)
    ).all()
    grouped: dict[int | None, list[Attachment]] = {}
    for row in rows:
        grouped.setdefault(row.event_id, []).append(row)
    return grouped
