"""Durable storage of raw inbound mail, committed before the listener acknowledges it."""

from __future__ import annotations

import hashlib
from email.parser import BytesHeaderParser
from email.policy import compat32

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import InboundMail


def dedup_key_for(raw: bytes, *, day: str) -> str:
    """Message-ID when there is one; otherwise the content hash within one (UTC) day."""
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(raw, headersonly=True)
        message_id = (headers.get("Message-ID") or "").strip().strip("<>").strip()
    except Exception:  # any header the parser chokes on: fall back to the content hash
        message_id = ""
    if message_id:
        return f"mid:{message_id[:280]}"
    return f"sha:{day}:{hashlib.sha256(raw).hexdigest()}"


def store_raw_message(
    raw: bytes, *, peer: str, envelope_from: str, envelope_to: list[str]
) -> int:
    now = utcnow()
    row = InboundMail(
        received_at=now,
        peer=peer[:100],
        envelope_from=envelope_from[:320],
        envelope_to=", ".join(envelope_to),
        raw=raw,
        size=len(raw),
        dedup_key=dedup_key_for(raw, day=now.date().isoformat()),
        state="received",
    )
    db.session.add(row)
    db.session.commit()
    return row.id
