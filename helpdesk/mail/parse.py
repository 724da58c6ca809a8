"""Reading one raw mail into a ParsedMail, whatever bytes arrive.

The SMTP shell has already stored the raw bytes; this module only understands them. It never
raises: a helpdesk that drops a customer's mail because of a broken MIME boundary is worse
than one that shows the mail a little garbled with a warning beside it.
"""

from __future__ import annotations

import codecs
import functools
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import errors, headerregistry, policy, utils
from email.header import decode_header
from email.message import Message
from email.parser import BytesParser
from html.parser import HTMLParser

import nh3

from helpdesk.mail.addresses import normalise_address
from helpdesk.mail.thread_refs import message_ids_in, normalise_message_id

UNPARSEABLE_SUBJECT = "(unparseable message)"
# Longer identifiers are dropped: the columns that hold them (outbox_message.in_reply_to,
# attachment.content_id) have 255 characters, and real Message-IDs are far shorter.
MAX_MESSAGE_ID_LENGTH = 255
_MAX_FILENAME_LENGTH = 150
_FILENAME_HAZARDS = re.compile(r'[<>:"|?*]')
_LIST_HEADERS = ("list-id", "list-unsubscribe", "list-post", "list-help", "list-subscribe",
                 "list-owner", "list-archive")


@functools.lru_cache(maxsize=4096)
def _parsed_header(name: str, value: str) -> headerregistry.BaseHeader:
    return headerregistry.HeaderRegistry()(name, value)


class _HeadersParsedOnce(headerregistry.HeaderRegistry):
    """Header objects are immutable, and the same header is read again and again (a part's
    Content-Type up to nine times per message; To and Content-Type across messages): parsing
    each once takes parse_message from about 0.8 to 0.25 ms for a plain mail."""

    def __call__(self, name: str, value: str) -> headerregistry.BaseHeader:
        if len(value) > 2000:  # rare, and not worth keeping
            return super().__call__(name, value)
        return _parsed_header(name, value)


_POLICY = policy.default.clone(header_factory=_HeadersParsedOnce())


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    size: int
    data: bytes
    content_id: str | None = None
    inline: bool = False


@dataclass(frozen=True)
class ParsedMail:
    content_hash: str
    subject: str = ""
    message_id: str | None = None
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    from_address: str | None = None
    from_name: str = ""
    # Why the From header cannot be trusted to name one sender (several addresses, control
    # characters or an address in the display name): such mail is held, never threaded.
    from_problem: str | None = None
    # The Authentication-Results headers, top (added last) first; helpdesk/mail/authresults.py
    # decides which one to believe.
    authentication_results: list[str] = field(default_factory=list)
    # Attachments not kept: {"filename", "size", "why"} (too large, or past the per-mail cap).
    dropped: list[dict[str, object]] = field(default_factory=list)
    reply_to: str | None = None
    to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    date: datetime | None = None
    text: str = ""
    html: str | None = None
    attachments: list[Attachment] = field(default_factory=list)
    # The headers RFC 3834 loop detection looks at (see loops.is_automatic).
    content_type: str = "text/plain"
    auto_submitted: str | None = None
    precedence: str | None = None
    list_id: str | None = None
    list_headers: list[str] = field(default_factory=list)
    return_path: str | None = None
    x_auto_response_suppress: str | None = None
    x_autoreply: str | None = None
    x_autorespond: str | None = None
    warnings: list[str] = field(default_factory=list)


def parse_message(raw: bytes, *, max_attachment_bytes: int = 10 * 1024 * 1024) -> ParsedMail:
    """Everything the helpdesk needs to know about one raw mail. Never raises."""
    content_hash = hashlib.sha256(raw).hexdigest()
    try:
        return _parse(raw, content_hash, max_attachment_bytes, _POLICY, [])
    except Exception as exc:  # any input bytes must give a ParsedMail
        # The standard policy is strict in places compat32 is not; try the lenient one once.
        warnings = [f"message could not be read with the standard parser ({exc!r}); "
                    "read leniently instead"]
    try:
        return _parse(raw, content_hash, max_attachment_bytes, policy.compat32, warnings)
    except Exception as exc:
        return ParsedMail(
            content_hash=content_hash,
            subject=UNPARSEABLE_SUBJECT,
            text=raw.decode("utf-8", errors="replace").replace("\x00", ""),
            warnings=_storable([*warnings, f"message could not be parsed at all ({exc!r})"]),
        )


def _parse(raw: bytes, content_hash: str, max_attachment_bytes: int,
           parse_policy: policy.Policy, warnings: list[str]) -> ParsedMail:
    msg = BytesParser(policy=parse_policy).parsebytes(raw)
    headers = _Headers(msg, warnings)
    from_address, from_name, from_problem = headers.sender()
    body = _Body(max_attachment_bytes, warnings)
    body.read(msg)
    list_headers = [name for name in _LIST_HEADERS if headers.raw(name) is not None]
    return ParsedMail(
        content_hash=content_hash,
        subject=" ".join((headers.text("subject") or "").split()),
        message_id=_fitting_id(normalise_message_id(headers.raw("message-id")), "Message-ID",
                               warnings),
        in_reply_to=_fitting_id(normalise_message_id(headers.raw("in-reply-to")),
                                "In-Reply-To", warnings),
        references=[ref for ref in dict.fromkeys(message_ids_in(headers.raw("references")))
                    if _fitting_id(ref, "References", warnings)],
        from_address=from_address,
        from_name=from_name,
        from_problem=from_problem,
        authentication_results=[" ".join(str(value).split()) for name, value in msg.raw_items()
                                if name.lower() == "authentication-results"][:20],
        reply_to=next(iter(headers.addresses("reply-to")), None),
        to=headers.addresses("to"),
        cc=headers.addresses("cc"),
        date=headers.date(),
        text=body.text(),
        html=body.html(),
        attachments=body.attachments,
        dropped=body.dropped,
        content_type=_content_type(msg),
        auto_submitted=headers.text("auto-submitted"),
        precedence=headers.text("precedence"),
        list_id=headers.text("list-id"),
        list_headers=list_headers,
        return_path=headers.raw("return-path"),
        x_auto_response_suppress=headers.text("x-auto-response-suppress"),
        x_autoreply=headers.text("x-autoreply"),
        x_autorespond=headers.text("x-autorespond"),
        warnings=_storable(warnings),
    )


# An address inside a display name; a name that is the sender's own address is common.
_ADDRESS_IN_NAME = re.compile(r"[^\s<>\"',;]+@[^\s<>\"',;]+")


class _Headers:
    """Header values read from the raw pairs, so that one bad header spoils only itself."""

    def __init__(self, msg: Message, warnings: list[str]) -> None:
        self._raw: dict[str, str] = {}
        for name, value in msg.raw_items():
            # The first occurrence wins, as for Message.__getitem__.
            self._raw.setdefault(name.lower(), str(value))
        self._warnings = warnings

    def raw(self, name: str) -> str | None:
        value = self._raw.get(name)
        return None if value is None else _repair_8bit(" ".join(value.splitlines()).strip())

    def text(self, name: str) -> str | None:
        """The value with RFC 2047 encoded words decoded."""
        value = self._raw.get(name)
        if value is None:
            return None
        try:
            unfolded = _repair_8bit("".join(value.splitlines()))
            decoded = str(_POLICY.header_factory(name, unfolded))
        except Exception:  # fall back to compat32's decoder
            decoded = _decode_words_leniently(value)
        return _repair_8bit(decoded).strip()

    def addresses(self, name: str) -> list[str]:
        found: list[str] = []
        for _display_name, spec in self._pairs(name):
            address = normalise_address(spec)
            if address is None:
                if spec:
                    self._warnings.append(f"{name.title()} address {spec!r} is not valid")
                continue
            if address not in found:
                found.append(address)
        return found

    def sender(self) -> tuple[str | None, str, str | None]:
        """(address, display name, problem): the address comes only from the addr-spec,
        never from decoded text (#18: an encoded display name decoding to
        'an@zonnedorp.example>\r\n' was read as the sender)."""
        pairs = self._pairs("from")
        if not pairs:
            self._warnings.append("missing From header")
            return None, "", None
        display_name, spec = pairs[0]
        problem = None
        if len({spec.lower() for _, spec in pairs}) > 1:
            problem = "the From header names several addresses"
        elif any(ord(c) < 0x20 or ord(c) == 0x7F for c in display_name + spec):
            problem = "the From header holds control characters"
        elif "<" in display_name or ">" in display_name or any(
                found.lower() != spec.lower() for found in _ADDRESS_IN_NAME.findall(display_name)):
            problem = "the From display name holds another address"
        if problem:
            self._warnings.append(problem)
        address = normalise_address(spec)
        if address is None:
            self._warnings.append(f"From address {spec!r} is not valid")
        return address, " ".join(display_name.split()), problem

    def date(self) -> datetime | None:
        value = self.raw("date")
        if value is None:
            return None
        try:
            instant = utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            self._warnings.append(f"Date header {value!r} could not be read")
            return None
        # RFC 5322 3.3: "-0000" is UTC with no statement about the sender's local zone.
        return instant if instant.tzinfo else instant.replace(tzinfo=UTC)

    def _pairs(self, name: str) -> list[tuple[str, str]]:
        value = self._raw.get(name)
        if value is None:
            return []
        try:
            unfolded = _repair_8bit("".join(value.splitlines()))
            header = _POLICY.header_factory(name, unfolded)
            pairs = [(a.display_name, a.addr_spec) for a in header.addresses]
        except Exception:  # fall back to the lenient address splitter, on the raw text:
            # decoded words may hold '<', '>' or ',' and must not make an address.
            pairs = [(_decode_words_leniently(n), a)
                     for n, a in utils.getaddresses([" ".join(value.splitlines())])]
        return [(_repair_8bit(n), _repair_8bit(a)) for n, a in pairs if a and a != "<>"]


# At most this many attachments of one mail are kept; the rest are named on the ticket and
# the sender is told (#18).
MAX_ATTACHMENTS = 20


class _Body:
    """Walks the MIME tree once, collecting body text, HTML and attachments."""

    def __init__(self, max_attachment_bytes: int, warnings: list[str]) -> None:
        self._max = max_attachment_bytes
        self._warnings = warnings
        self._plain: list[str] = []
        self._html: list[str] = []
        self.attachments: list[Attachment] = []
        self.dropped: list[dict[str, object]] = []
        self._attachment_count = 0

    def read(self, msg: Message) -> None:
        stack: list[Message] = [msg]
        while stack:
            part = stack.pop()
            self._note_defects(part)
            maintype = _content_type(part).partition("/")[0]
            if maintype != "message" and part.is_multipart():
                payload = part.get_payload()
                stack.extend(reversed(payload if isinstance(payload, list) else []))
                continue
            try:
                self._read_leaf(part)
            except Exception as exc:  # one bad part must not lose the rest
                self._warnings.append(f"a {_content_type(part)} part could not be read "
                                      f"({exc!r})")

    def text(self) -> str:
        if self._plain:
            return "\n\n".join(part.strip("\n") for part in self._plain).strip("\n")
        return html_to_text("\n".join(self._html)) if self._html else ""

    def html(self) -> str | None:
        return sanitise_html("\n".join(self._html)) if self._html else None

    def _read_leaf(self, part: Message) -> None:
        content_type = _content_type(part)
        disposition = part.get_content_disposition()
        filename = part.get_filename()
        if content_type.startswith("multipart/"):
            # A multipart whose boundary never appears: its body is all we have.
            self._warnings.append(f"{content_type} part has no usable boundary; "
                                  "its body was read as plain text")
            self._plain.append(self._decoded_text(part))
        elif content_type in ("text/plain", "text/html") and disposition != "attachment" \
                and not filename:
            target = self._plain if content_type == "text/plain" else self._html
            target.append(self._decoded_text(part))
        else:
            self._add_attachment(part, content_type, disposition, filename)

    def _decoded_text(self, part: Message) -> str:
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes):
            return ""
        text, problem = decode_text(data, part.get_content_charset())
        if problem:
            self._warnings.append(problem)
        # NUL is dropped: PostgreSQL text columns refuse it.
        return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")

    def _add_attachment(self, part: Message, content_type: str, disposition: str | None,
                        filename: str | None) -> None:
        self._attachment_count += 1
        fallback_extension = ".eml" if content_type == "message/rfc822" else ".bin"
        name = safe_filename(filename, self._attachment_count, fallback_extension)
        data = _part_bytes(part)
        why = None
        if len(data) > self._max:
            why = f"larger than the limit of {self._max // (1024 * 1024)} MB"
        elif len(self.attachments) >= MAX_ATTACHMENTS:
            why = f"more than {MAX_ATTACHMENTS} attachments in one mail"
        if why:
            self._warnings.append(f"attachment {name!r} ({len(data)} bytes) was dropped: {why}")
            self.dropped.append({"filename": name, "size": len(data), "why": why})
            return
        content_id = _fitting_id(normalise_message_id(str(part.get("Content-ID") or "")),
                                 "Content-ID", self._warnings)
        inline = disposition == "inline" or (disposition is None and content_id is not None)
        self.attachments.append(Attachment(name, content_type, len(data), data,
                                           content_id, inline))

    def _note_defects(self, part: Message) -> None:
        for defect in getattr(part, "defects", []):
            message = _DEFECT_MESSAGES.get(type(defect))
            if message and message not in self._warnings:
                self._warnings.append(message)


_DEFECT_MESSAGES: dict[type, str] = {
    errors.CloseBoundaryNotFoundDefect: "MIME structure is truncated: a closing boundary "
                                        "is missing",
    errors.StartBoundaryNotFoundDefect: "MIME boundary not found in a multipart body",
    errors.NoBoundaryInMultipartDefect: "multipart part declares no boundary",
    errors.MultipartInvariantViolationDefect: "MIME structure is inconsistent",
    errors.MissingHeaderBodySeparatorDefect: "a header line is malformed; the rest was read "
                                             "as body",
    errors.InvalidBase64PaddingDefect: "base64 content is damaged (bad padding)",
    errors.InvalidBase64CharactersDefect: "base64 content is damaged (invalid characters)",
    errors.InvalidBase64LengthDefect: "base64 content is damaged (truncated)",
}


# Mailers label Windows-1252 text as ISO-8859-1 so often that browsers decode every
# ISO-8859-1 label as Windows-1252 (WHATWG Encoding); it is a superset for printable text.
_CHARSET_ALIASES = {"iso-8859-1": "windows-1252", "latin1": "windows-1252",
                    "latin-1": "windows-1252", "us-ascii": "utf-8", "ascii": "utf-8"}


# Python text codecs that are no mail charset: escape codecs turn "\\u0000" in a body into
# characters, and could yield lone surrogates no database can store.
_NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "idna", "punycode", "undefined"}


def decode_text(data: bytes, charset: str | None) -> tuple[str, str | None]:
    """The text in ``data`` and, if decoding was not clean, a warning saying so."""
    label = (charset or "").strip().lower()
    if not label:
        # No charset: RFC 2045 says US-ASCII, but 8-bit bodies without one are in practice
        # UTF-8 or else Windows-1252.
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            return data.decode("windows-1252", errors="replace"), None
    codec = _CHARSET_ALIASES.get(label, label)
    try:
        if codecs.lookup(codec).name in _NOT_CHARSETS:
            raise LookupError(codec)
        return _without_surrogates(data.decode(codec)), None
    except (LookupError, TypeError):
        return (data.decode("utf-8", errors="replace"),
                f"unknown charset {charset!r}; text decoded as UTF-8 with replacement")
    except (UnicodeError, ValueError):
        try:
            return (_without_surrogates(data.decode(codec, errors="replace")),
                    f"text is not valid {charset}; undecodable bytes were replaced")
        except Exception:  # some codecs reject errors="replace"
            return (data.decode("utf-8", errors="replace"),
                    f"text could not be decoded as {charset}; decoded as UTF-8 instead")


def _without_surrogates(text: str) -> str:
    # UTF-7 and UTF-16 can carry an unpaired surrogate, which cannot be stored or encoded.
    return text.encode("utf-8", errors="surrogatepass").decode("utf-8", errors="replace")


def safe_filename(name: str | None, index: int, fallback_extension: str = ".bin") -> str:
    """A file name safe to store and offer for download: a base name, no control characters,
    no leading dots, at most 150 characters; ``attachment-N.bin`` when nothing is left."""
    cleaned = _repair_8bit(name or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Category C: control, format (such as the right-to-left override that disguises
    # "exe.pdf"), surrogate, private-use and unassigned characters.
    cleaned = "".join(ch for ch in cleaned if unicodedata.category(ch)[0] != "C")
    cleaned = _FILENAME_HAZARDS.sub("_", cleaned).strip().lstrip(".").strip()
    if len(cleaned) > _MAX_FILENAME_LENGTH:
        stem, dot, extension = cleaned.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            cleaned = stem[: _MAX_FILENAME_LENGTH - len(extension) - 1] + "." + extension
        else:
            cleaned = cleaned[:_MAX_FILENAME_LENGTH]
    return cleaned or f"attachment-{index}{fallback_extension}"


_AS_RECEIVED = policy.compat32.clone(max_line_length=None)


def _part_bytes(part: Message) -> bytes:
    payload = part.get_payload(decode=True)
    if isinstance(payload, bytes):
        return payload
    # message/rfc822 and message/delivery-status hold parsed messages; keep them as bytes.
    inner = part.get_payload()
    messages = inner if isinstance(inner, list) else [inner]
    chunks: list[bytes] = []
    for item in messages:
        if isinstance(item, Message):
            # Written out as received: the standard policy refolds long headers, and its
            # folding of a long MIME parameter can loop for minutes (found by atheris).
            chunks.append(item.as_bytes(policy=_AS_RECEIVED))
        elif isinstance(item, str):
            chunks.append(item.encode("utf-8", errors="surrogateescape"))
    return b"\n".join(chunks)


def _storable(warnings: list[str]) -> list[str]:
    """Warnings quote what they complain about (a charset label, an address), which may
    hold NUL bytes or lone surrogates; PostgreSQL text columns take neither."""
    return [w.replace("\x00", "").encode("utf-8", errors="replace").decode("utf-8")
            for w in warnings]


def _fitting_id(value: str | None, header: str, warnings: list[str]) -> str | None:
    """The identifier, or None (with a warning) when it is too long to store."""
    if value and len(value) > MAX_MESSAGE_ID_LENGTH:
        warnings.append(f"{header} of {len(value)} characters is too long and was ignored")
        return None
    return value or None


def _content_type(part: Message) -> str:
    try:
        found = part.get_content_type()
    except Exception:  # a garbled Content-Type reads as the RFC 2045 default
        return "text/plain"
    # It is stored (attachment.content_type): no NUL, no lone surrogate (found by atheris).
    if "\x00" in found or not found.isprintable():
        return "application/octet-stream"
    return found


def _decode_words_leniently(value: str) -> str:
    """RFC 2047 decoding the compat32 way, tolerant of unknown charsets."""
    try:
        chunks = decode_header(_repair_8bit("".join(value.splitlines())))
    except Exception:
        return value
    parts: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            parts.append(chunk)
        elif charset is None:
            parts.append(chunk.decode("raw-unicode-escape", errors="replace"))
        else:
            parts.append(decode_text(chunk, charset)[0])
    return "".join(parts)


def _repair_8bit(value: str) -> str:
    """Raw 8-bit header bytes, which the parser keeps as surrogates, decoded as UTF-8
    (RFC 6532) or else Windows-1252; NUL characters dropped, since PostgreSQL text
    columns refuse them."""
    value = value.replace("\x00", "")
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    data = value.encode("utf-8", errors="surrogateescape")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("windows-1252", errors="replace")


# Tags whose content is dropped along with the tag, not just unwrapped.
_DROPPED_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "head", "title",
                         "template", "noscript", "frameset", "frame", "applet"}
# cid: lets inline images keep pointing at their attachment; no data:, no javascript:.
_URL_SCHEMES = set(nh3.ALLOWED_URL_SCHEMES) | {"cid"}


def sanitise_html(html: str) -> str:
    """HTML safe to show staff: no scripts, frames, styles, event handlers or script URLs."""
    return nh3.clean(html, clean_content_tags=_DROPPED_WITH_CONTENT, url_schemes=_URL_SCHEMES)


def html_to_text(html: str) -> str:
    """A plain-text rendering of an HTML body, for mails that have no text/plain part."""
    renderer = _TextRenderer()
    try:
        renderer.feed(html)
        renderer.close()
        text = "".join(renderer.chunks)
    except Exception:  # HTMLParser is lenient, but this must never raise
        text = re.sub(r"<[^>]*>", " ", html)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


class _TextRenderer(HTMLParser):
    _BLOCKS = {"p", "div", "tr", "table", "ul", "ol", "li", "h1", "h2", "h3", "h4", "h5",
               "h6", "blockquote", "pre", "hr", "section", "article", "header", "footer"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.chunks: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self._skipping += 1
        elif tag == "br":
            self.chunks.append("\n")
        elif tag in self._BLOCKS:
            self.chunks.append("\n- " if tag == "li" else "\n")
        elif tag in ("td", "th"):
            self.chunks.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED_WITH_CONTENT:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self._BLOCKS:
            self.chunks.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.chunks.append(data)
