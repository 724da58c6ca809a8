"""What ties an incoming mail to an existing ticket: subject references and Message-IDs."""

from __future__ import annotations

import re
import secrets
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from helpdesk.mail.parse import ParsedMail

_TICKET_REFERENCE = re.compile(r"(?<![A-Za-z0-9])HD-\d{4}-\d{5,}(?!\d)", re.IGNORECASE)
_BRACKETED_ID = re.compile(r"<([^<>\s]+)>")


def new_message_id(domain: str) -> str:
    """A fresh Message-ID without <>: 128 random bits from the OS.

    Not email.utils.make_msgid: it draws from the ``random`` module, whose state a seeded
    caller (hypothesis, a replay) repeats, so two mails in the same 10 ms got the same id.
    """
    return f"{secrets.token_hex(16)}@{domain}"


def ticket_reference_in(subject: str | None) -> str | None:
    """The first ticket reference such as ``HD-2026-00042`` in a subject, upper-cased."""
    if not subject:
        return None
    match = _TICKET_REFERENCE.search(subject)
    return match.group(0).upper() if match else None


def message_ids_in(value: str | None) -> list[str]:
    """The Message-IDs in a Message-ID, In-Reply-To or References header, without <>.

    Some mailers add comments or prose ("Your message of ... <id>") or drop the brackets
    altogether; bracketed ids win, otherwise each whitespace-separated word counts.
    """
    if not value:
        return []
    bracketed = _BRACKETED_ID.findall(value)
    if bracketed:
        return bracketed
    return [word.strip("<>") for word in value.split() if "@" in word.strip("<>")]


def normalise_message_id(value: str | None) -> str | None:
    """The first Message-ID in a header value, without <>; None if there is none."""
    ids = message_ids_in(value)
    return ids[0] if ids else None


def referenced_message_ids(parsed: ParsedMail) -> list[str]:
    """In-Reply-To then References, de-duplicated, in the order they were given."""
    candidates = ([parsed.in_reply_to] if parsed.in_reply_to else []) + parsed.references
    return list(dict.fromkeys(candidates))


# A reply's quoted part starts at an attribution line written by the replying mail client.
_ATTRIBUTION_LINES = (
    re.compile(r"^\s*On\b.{0,300}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Op\b.{0,300}\bschreef\b.{0,200}:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Le\b.{0,300}\ba écrit\s*:\s*$", re.IGNORECASE),
    re.compile(r"^\s*Am\b.{0,300}\bschrieb\b.{0,200}:\s*$", re.IGNORECASE),
    re.compile(r"^\s*-{2,}\s*(Original Message|Oorspronkelijk bericht|Origineel bericht)"
               r"\s*-{2,}\s*$", re.IGNORECASE),
)
# Outlook puts no attribution line, only a header block: "Van: ..." / "From: ..." followed
# by "Verzonden:"/"Sent:" or "Aan:"/"To:" within the next lines.
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|Van|De|Von)\s*:\*?\s+\S", re.IGNORECASE)
_OUTLOOK_NEXT = re.compile(
    r"^\s*\*?(Sent|Verzonden|Date|Datum|Envoyé|Gesendet|To|Aan|À|An|Subject|Onderwerp)\s*:",
    re.IGNORECASE,
)


def strip_quoted_reply(text: str) -> str:
    """The new text of a reply, without the quoted message below it.

    Only quoting *below* the new text is removed (the usual top-posted reply); inline
    answers between quoted lines are kept whole, because cutting them would lose words.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    cut = _attribution_index(lines)
    if cut is not None:
        lines = lines[:cut]
    lines = _without_trailing_quote(lines)
    kept = "\n".join(lines).strip()
    # A mail that is nothing but quoting is better shown whole than as an empty message.
    return kept if kept else text.strip()


def _attribution_index(lines: list[str]) -> int | None:
    for index, line in enumerate(lines):
        if index == 0:
            continue  # an attribution line on top would mean there is no new text at all
        if any(pattern.match(line) for pattern in _ATTRIBUTION_LINES):
            return index
        if _OUTLOOK_FROM.match(line) and any(
            _OUTLOOK_NEXT.match(following) for following in lines[index + 1 : index + 4]
        ):
            return index
        # Gmail wraps long attribution lines: "On Mon, ... Support Team\n<x@y> wrote:"
        joined = f"{lines[index - 1]} {line}"
        if any(pattern.match(joined) for pattern in _ATTRIBUTION_LINES):
            return index - 1
    return None


def _without_trailing_quote(lines: list[str]) -> list[str]:
    end = len(lines)
    while end > 0 and _is_quote_or_filler(lines[end - 1]):
        end -= 1
    return lines[:end]


def _is_quote_or_filler(line: str) -> bool:
    # Outlook draws a rule of underscores above its "From:" block; it belongs to the quote.
    stripped = line.strip()
    return not stripped.strip("_") or stripped.startswith(">")
