"""Storing attachments from mail and the portal, with sanitised names and size limits."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from datetime import datetime

from helpdesk.extensions import db
from helpdesk.mail import Attachment as ParsedAttachment
from helpdesk.mail.parse import safe_filename
from helpdesk.models import Attachment

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def store_attachments(
    files: Iterable[ParsedAttachment],
    *,
    now: datetime,
    ticket_id: int | None = None,
    event_id: int | None = None,
    inbound_mail_id: int | None = None,
) -> list[Attachment]:
    stored = []
    for index, file in enumerate(files, start=1):
        row = Attachment(
            ticket_id=ticket_id,
            event_id=event_id,
            inbound_mail_id=inbound_mail_id,
            filename=safe_filename(file.filename, index),
            content_type=(file.content_type or "application/octet-stream")[:127],
            size=len(file.data),
            sha256=hashlib.sha256(file.data).hexdigest(),
            content_id=file.content_id,
            inline=file.inline,
            data=file.data,
            created_at=now,
        )
        db.session.add(row)
        stored.append(row)
    db.session.flush()
    return stored
