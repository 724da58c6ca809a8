"""Understanding and writing mail: pure functions, no Flask, database, network or clock.

The SMTP shell stores each raw message and hands its bytes to ``parse_message``; the
processing layer decides with ``is_automatic``, ``may_auto_reply`` and the thread
references what to do with it.
"""

from __future__ import annotations

from helpdesk.mail.addresses import normalise_address
from helpdesk.mail.compose import compose_message
from helpdesk.mail.loops import is_automatic, may_auto_reply
from helpdesk.mail.parse import Attachment, ParsedMail, parse_message
from helpdesk.mail.thread_refs import (
    referenced_message_ids,
    strip_quoted_reply,
    ticket_reference_in,
)

__all__ = [
    "Attachment",
    "ParsedMail",
    "compose_message",
    "is_automatic",
    "may_auto_reply",
    "normalise_address",
    "parse_message",
    "referenced_message_ids",
    "strip_quoted_reply",
    "ticket_reference_in",
]
