"""The delivery worker: hand due outbox messages to the SMTP relay, retrying with back-off.

With no relay configured (the demo), messages go to the local sink: they are marked
`sink` and staff read them in the dashboard, so the whole flow works without a mail server.
"""

from __future__ import annotations

import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

from flask import current_app
from sqlalchemy import select

from helpdesk.extensions import db
from helpdesk.models import OutboxMessage

BACKOFF = [timedelta(minutes=m) for m in (1, 5, 15, 60, 240, 720)]
MAX_ATTEMPTS = len(BACKOFF) + 1


def to_mime(message: OutboxMessage, *, sender: str) -> EmailMessage:
    mime = EmailMessage()
    mime["From"] = sender
    mime["To"] = message.to_addr
    mime["Subject"] = message.subject
    mime["Message-ID"] = f"<{message.message_id}>"
    mime["Date"] = format_datetime(message.created_at)
    if message.in_reply_to:
        mime["In-Reply-To"] = f"<{message.in_reply_to}>"
    if message.references:
        mime["References"] = " ".join(f"<{r}>" for r in message.references.split())
    if message.automatic:
        mime["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies to us
        mime["X-Auto-Response-Suppress"] = "All"
    mime.set_content(message.body_text)
    if message.body_html:
        mime.add_alternative(message.body_html, subtype="html")
    return mime


def _relay() -> tuple[str, int] | None:
    relay = current_app.config.get("HELPDESK_SMTP_RELAY") or ""
    if not relay:
        return None
    host, _, port = relay.partition(":")
    return host, int(port or 25)


def deliver_due(now: datetime, *, limit: int = 50) -> int:
    """Send what is due; returns how many messages reached the relay or the sink."""
    due = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at)
        .limit(limit)
    ).all()
    relay = _relay()
    sender = current_app.config["HELPDESK_MAIL_FROM"]
    delivered = 0
    for message in due:
        message.attempts += 1
        if relay is None:
            message.status, message.sent_at = "sink", now
            delivered += 1
        else:
            try:
                with smtplib.SMTP(relay[0], relay[1], timeout=20) as smtp:
                    smtp.send_message(to_mime(message, sender=sender))
                message.status, message.sent_at, message.last_error = "sent", now, None
                delivered += 1
            except (OSError, smtplib.SMTPException) as problem:
                message.last_error = f"{type(problem).__name__}: {problem}"[:1000]
                permanent = isinstance(problem, smtplib.SMTPRecipientsRefused)
                if permanent or message.attempts >= MAX_ATTEMPTS:
                    message.status = "failed"
                else:
                    message.next_attempt_at = now + BACKOFF[message.attempts - 1]
        db.session.commit()
    return delivered
