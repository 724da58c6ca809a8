"""The delivery worker: hand due outbox messages to the SMTP relay, retrying with back-off.

Each message is claimed with a conditional update, so two workers never send it twice.
With no relay configured (the demo), messages go to the local sink: they are marked
`sink` and staff read them in the dashboard, so the whole flow works without a mail server.
Delivery and final failure are recorded on the message's ticket.
"""

from __future__ import annotations

import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select, update

from helpdesk.extensions import db
from helpdesk.logs import event
from helpdesk.mail import compose_message
from helpdesk.models import OutboxMessage, Ticket
from helpdesk.outbox.secrets import body_for_sending
from helpdesk.tickets import log
from helpdesk.tickets.actors import Actor

BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 240, 720)]
MAX_ATTEMPTS = len(BACKOFF) + 1
STALE_CLAIM = timedelta(minutes=10)

logger = logging.getLogger(__name__)


def to_mime(message: OutboxMessage, *, sender: str, domain: str) -> EmailMessage:
    mime = compose_message(
        from_addr=sender,
        to=message.to_addr,
        subject=message.subject,
        text=body_for_sending(message),
        html=message.body_html,
        now=message.created_at,
        message_id_domain=domain,
        references=(message.references or "").split(),
        in_reply_to=message.in_reply_to,
        automatic=message.automatic,  # RFC 3834: Auto-Submitted: auto-generated
    )
    mime.replace_header("Message-ID", f"<{message.message_id}>")  # ours, for threading
    return mime


def _relay() -> tuple[str, int] | None:
    relay = current_app.config.get("HELPDESK_SMTP_RELAY") or ""
    if not relay:
        return None
    host, _, port = relay.partition(":")
    return host, int(port or 25)


def _claim(message_id: int, now: datetime) -> bool:
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
        .values(status="sending", attempts=OutboxMessage.attempts + 1, next_attempt_at=now)
    )
    db.session.commit()
    return claimed.rowcount == 1


def _release_stale_claims(now: datetime) -> None:
    """A worker that died while sending leaves 'sending'; after a while, try again."""
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == "sending",
               OutboxMessage.next_attempt_at < now - STALE_CLAIM)
        .values(status="pending")
    )
    db.session.commit()


def deliver_due(now: datetime, *, limit: int = 50) -> int:
    """Send what is due; returns how many messages reached the relay or the sink."""
    _release_stale_claims(now)
    due = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at)
        .limit(limit)
    ).all()
    relay = _relay()
    sender = current_app.config["HELPDESK_MAIL_FROM"]
    domain = current_app.config["HELPDESK_MAIL_DOMAIN"]
    delivered = 0
    for message_id in due:
        if not _claim(message_id, now):
            continue
        message = db.session.get(OutboxMessage, message_id)
        assert message is not None
        if relay is None:
            message.status, message.sent_at = "sink", now
        else:
            try:
                with smtplib.SMTP(relay[0], relay[1], timeout=20) as smtp:
                    smtp.send_message(to_mime(message, sender=sender, domain=domain))
                message.status, message.sent_at, message.last_error = "sent", now, None
            except LookupError as problem:  # a reset mail whose account is gone: never sent
                message.status, message.last_error = "failed", str(problem)
            except (OSError, smtplib.SMTPException) as problem:
                message.last_error = f"{type(problem).__name__}: {problem}"[:1000]
                permanent = isinstance(problem, smtplib.SMTPRecipientsRefused)
                if permanent or message.attempts >= MAX_ATTEMPTS:
                    message.status = "failed"
                else:
                    message.status = "pending"
                    message.next_attempt_at = now + BACKOFF[message.attempts - 1]
        if message.status in ("sent", "sink", "failed"):
            delivered += message.status != "failed"
            _record_on_ticket(message, now)
        db.session.commit()
        _log_attempt(message)
    return delivered


def _log_attempt(message: OutboxMessage) -> None:
    """Which message, of what kind, and how it went; never its subject, text or recipient
    (a relay's refusal names the address, so only the error's class is logged; the full
    text stays on the message for staff)."""
    fields = {"outbox_id": message.id, "kind": message.kind, "ticket_id": message.ticket_id,
              "attempts": message.attempts}
    error = (message.last_error or "").partition(":")[0] or None
    if message.status in ("sent", "sink"):
        event(logger, "outbox.delivered", sink=message.status == "sink", **fields)
    elif message.status == "failed":
        event(logger, "outbox.failed", level=logging.ERROR, error=error, **fields)
    else:
        event(logger, "outbox.retry", level=logging.WARNING, error=error,
              next_attempt_at=message.next_attempt_at, **fields)


def _record_on_ticket(message: OutboxMessage, now: datetime) -> None:
    if message.ticket_id is None:
        return
    ticket = db.session.get(Ticket, message.ticket_id)
    if ticket is None:
        return
    failed = message.status == "failed"
    log.append(
        ticket, "mail_failed" if failed else "mail_delivered", at=now,
        actor=Actor.system("mail delivery"),
        payload={"to": message.to_addr, "subject": message.subject, "kind": message.kind,
                 "outbox_id": message.id, "error": message.last_error if failed else None,
                 "sink": message.status == "sink"},
        dedup_key=f"outbox:{message.id}",
    )
