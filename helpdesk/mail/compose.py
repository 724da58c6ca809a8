"""Building the mails the helpdesk sends, threaded so that replies find their ticket."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from email import policy, utils
from email.message import EmailMessage

from helpdesk.mail.thread_refs import message_ids_in, new_message_id

# Non-ASCII subjects become RFC 2047 words and bodies quoted-printable or base64, so the
# message passes through relays that offer neither SMTPUTF8 nor 8BITMIME.
_SEND_POLICY = policy.default.clone(cte_type="7bit")
# Headers compose_message owns; extra_headers may not replace them.
_OWNED_HEADERS = {"from", "to", "subject", "date", "message-id", "references", "in-reply-to",
                  "reply-to", "auto-submitted", "x-auto-response-suppress", "mime-version",
                  "content-type", "content-transfer-encoding"}


def compose_message(
    *,
    from_addr: str,
    to: str | Sequence[str],
    subject: str,
    text: str,
    now: datetime,
    message_id_domain: str,
    html: str | None = None,
    references: Sequence[str] = (),
    in_reply_to: str | None = None,
    automatic: bool = False,
    reply_to: str | None = None,
    extra_headers: Mapping[str, str] | None = None,
) -> EmailMessage:
    """A MIME message ready to send: text, or text and HTML as multipart/alternative.

    ``now`` must be timezone-aware; the caller reads the clock. Message-IDs in
    ``references`` and ``in_reply_to`` may be given with or without angle brackets.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    msg = EmailMessage(policy=_SEND_POLICY)
    msg["From"] = from_addr
    msg["To"] = [to] if isinstance(to, str) else list(to)
    # Newlines in a subject would inject headers; the policy rejects them, we fold them.
    msg["Subject"] = " ".join(subject.split())
    msg["Date"] = utils.format_datetime(now)
    msg["Message-ID"] = f"<{new_message_id(message_id_domain)}>"
    parent = _ids(in_reply_to)[:1]
    # RFC 5322 3.6.4: References is the parent's References followed by the parent's id.
    thread = list(dict.fromkeys([*_ids(*references), *parent]))
    if parent:
        msg["In-Reply-To"] = f"<{parent[0]}>"
    if thread:
        msg["References"] = " ".join(f"<{message_id}>" for message_id in thread)
    if reply_to:
        msg["Reply-To"] = reply_to
    if automatic:
        # RFC 3834 5.1, and Exchange's equivalent, so the customer's auto-responder stays quiet.
        msg["Auto-Submitted"] = "auto-generated"
        msg["X-Auto-Response-Suppress"] = "All"
    for name, value in (extra_headers or {}).items():
        if name.lower() in _OWNED_HEADERS:
            raise ValueError(f"{name} is set by compose_message, not by extra_headers")
        msg[name] = " ".join(value.split())
    msg.set_content(text)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    return msg


def _ids(*values: str | None) -> list[str]:
    return [message_id for value in values for message_id in _ids_in_one(value)]


def _ids_in_one(value: str | None) -> list[str]:
    if not value:
        return []
    found = message_ids_in(value)
    return found or [value.strip().strip("<>")]
