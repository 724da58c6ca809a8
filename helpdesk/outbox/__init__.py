"""Queue outgoing mail in the outbox table; the delivery worker sends it over SMTP."""

from __future__ import annotations

from typing import Any

from flask import current_app

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.mail.thread_refs import new_message_id
from helpdesk.models import OutboxMessage


def enqueue(**fields: Any) -> OutboxMessage:
    """Add a message (the fields of `message_values`) to the session; it is sent only once
    the caller's transaction commits."""
    message = OutboxMessage(**message_values(**fields))
    db.session.add(message)
    return message


def message_values(
    *,
    kind: str,
    to_addr: str,
    subject: str,
    body_text: str,
    body_html: str | None = None,
    ticket_id: int | None = None,
    automatic: bool = False,
    in_reply_to: str | None = None,
    references: list[str] | None = None,
    secret_for: str | None = None,
) -> dict[str, Any]:
    """The columns of one queued message (for callers that insert rows with Core)."""
    now = utcnow()
    domain = current_app.config["HELPDESK_MAIL_DOMAIN"]
    return {
        "kind": kind,
        "to_addr": to_addr,
        "subject": subject,
        "body_text": body_text,
        "body_html": body_html,
        "secret_for": secret_for,
        "message_id": new_message_id(domain),
        "in_reply_to": in_reply_to,
        "references": " ".join(references or []) or None,
        "automatic": automatic,
        "ticket_id": ticket_id,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
