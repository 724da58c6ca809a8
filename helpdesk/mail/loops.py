"""When we must not answer a mail automatically (RFC 3834), and how often we may."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helpdesk.mail.parse import ParsedMail

# Local parts of senders that are machines: answering them bounces or starts a loop.
_MACHINE_LOCAL_PART = re.compile(
    r"^(mailer-daemon|postmaster|(do[-_.]?)?not?[-_.]?reply|bounces?|auto-?reply|"
    r"auto-?responder)([-+_.].*)?$"
)
_BULK_PRECEDENCE = {"bulk", "list", "junk", "auto_reply"}
# Exchange's X-Auto-Response-Suppress values that ask us not to send an automatic reply.
_SUPPRESSING = {"all", "autoreply", "oof"}


def is_automatic(parsed: ParsedMail) -> str | None:
    """Why this mail must not get an automatic answer, or None when it may.

    RFC 3834 section 2: an automatic responder must not answer automatic mail, mail from
    lists and bulk senders, or mail without a usable return path.
    """
    auto_submitted = _first_token(parsed.auto_submitted)
    if auto_submitted and auto_submitted != "no":
        return f"Auto-Submitted: {auto_submitted}"
    if parsed.return_path is not None and parsed.return_path.strip() in ("", "<>"):
        return "empty Return-Path (a bounce or notification)"
    if parsed.content_type == "multipart/report":
        return "multipart/report (a delivery or read report)"
    for address in (parsed.from_address, _address_in(parsed.return_path)):
        if address and _MACHINE_LOCAL_PART.match(address.rpartition("@")[0]):
            return f"sent by a machine address ({address})"
    precedence = _first_token(parsed.precedence)
    if precedence in _BULK_PRECEDENCE:
        return f"Precedence: {precedence}"
    if parsed.list_headers:
        return f"mailing-list mail ({', '.join(parsed.list_headers)})"
    suppress = {
        value.strip().lower() for value in (parsed.x_auto_response_suppress or "").split(",")
    }
    if suppress & _SUPPRESSING:
        return f"X-Auto-Response-Suppress: {parsed.x_auto_response_suppress}"
    if parsed.x_autoreply is not None:
        return "X-Autoreply header present"
    if parsed.x_autorespond is not None:
        return "X-Autorespond header present"
    return None


def may_auto_reply(
    previous_reply_instants: Sequence[datetime],
    now: datetime,
    *,
    max_per_window: int = 3,
    window: timedelta = timedelta(hours=1),
) -> bool:
    """Whether one more automatic reply to this sender stays within the rate limit.

    A sliding window: replies sent in the ``window`` up to ``now`` count. It is the last
    defence against two auto-responders that both ignore RFC 3834 answering each other.
    """
    since = now - window
    recent = sum(1 for instant in previous_reply_instants if instant > since)
    return recent < max_per_window


def _first_token(value: str | None) -> str | None:
    if value is None:
        return None
    token = value.split(";", 1)[0].strip().lower()
    return token or None


def _address_in(return_path: str | None) -> str | None:
    if not return_path:
        return None
    inner = return_path.strip().strip("<>").strip().lower()
    return inner if "@" in inner else None
