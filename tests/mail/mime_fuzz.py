"""Hostile mail for fuzzing the parser, and what the intake does with a parsed mail short of
the database. Shared by tests/mail/test_parse_fuzz.py and bench/fuzz_mail_parser.py.

The structured generator builds MIME the way broken and malicious mailers do: nested
multiparts with missing or wrong boundaries, charsets that are bogus or dangerous
(escape codecs, UTF-7), damaged base64 and quoted-printable, RFC 2047 and RFC 2231 words
that do not decode, folded and overlong headers, NUL bytes, 8-bit bytes and huge lines.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime

from hypothesis import strategies as st
from jinja2 import Environment

from helpdesk.intake.triage import guess_urgency_and_impact
from helpdesk.mail import (
    ParsedMail,
    compose_message,
    is_automatic,
    referenced_message_ids,
    strip_quoted_reply,
    ticket_reference_in,
)
from helpdesk.mail.parse import safe_filename, sanitise_html

# The database columns the intake writes parsed values into (models/*.py).
MAX_MESSAGE_ID = 255  # outbox_message.in_reply_to, attachment.content_id
MAX_FILENAME = 255  # attachment.filename
MAX_ADDRESS = 320  # inbound_mail.sender, outbox_message.to_addr

CHARSETS = ["utf-8", "UTF-8", "iso-8859-1", "windows-1252", "iso-8859-15", "utf-16",
            "utf-16-le", "utf-7", "utf-32", "koi8-r", "shift_jis", "gb2312", "big5",
            "us-ascii", "x-bogus", "unicode-escape", "raw-unicode-escape", "idna", "punycode",
            "undefined", "rot13", "hex", "base64", "zlib", "", "utf-8'", "\"utf-8\"",
            "utf-8; format=flowed", "csUnicode", "x-mac-roman", "ISO-2022-JP", "cp65001",
            "latin1\x00", "ut\xe9f-8"]
ENCODINGS = ["7bit", "8bit", "binary", "base64", "BASE64", "quoted-printable", "x-uuencode",
             "uuencode", "x-bogus", "", "base64 base64"]
CONTENT_TYPES = ["text/plain", "text/html", "TEXT/HTML", "application/octet-stream",
                 "image/png", "application/pdf", "message/rfc822", "message/delivery-status",
                 "message/partial", "text/rfc822-headers", "multipart/mixed",
                 "multipart/alternative", "x/y/z", "text", "/", "application/ms-tnef",
                 "text/calendar", "application/" + "x" * 300]
HEADER_NAMES = ["Subject", "From", "To", "Cc", "Reply-To", "Message-ID", "In-Reply-To",
                "References", "Date", "Auto-Submitted", "Precedence", "List-Id",
                "Return-Path", "X-Autoreply", "X-Auto-Response-Suppress", "Content-ID",
                "Sender", "Received", "X-Weird\x00", "Resent-From"]
NASTY_TEXT = ["\x00", "\r", "\n", "\r\n ", "\t", "=?", "?=", "\udc80", "\u202e", "\ufeff",
              "<", ">", "\"", "\\", "@", ",", ";", ":", "(", ")", "=", "%", "'", "*0*=",
              "=?utf-8?b?", "=?x-bogus?q?", "=?unicode-escape?q?\\u0000?=", "=?utf-7?q?+2D8-?=",
              "<script>alert(1)</script>", "<iframe src=javascript:x>", "HD-2026-00042",
              "\ud800", "-- \n", "> quoted"]


# Strategies are built once: building them on every draw costs more than the parsing.
_PIECE = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=12))
_SHORT_TEXT = st.lists(_PIECE, max_size=6).map("".join)
_LONG_TEXT = st.lists(_PIECE, max_size=30).map("".join)
_WORD_PAYLOAD = st.one_of(
    st.binary(max_size=30).map(lambda b: base64.b64encode(b).decode()),
    st.text(alphabet="=_?ABCabc0123456789+/-", max_size=30),  # broken base64 / QP
)
_CHARSET = st.sampled_from(CHARSETS)
_WORD_KIND = st.sampled_from(["b", "q", "B", "Q", "x"])
_ADDRESSISH = st.sampled_from(["jan@kroon.example", "<a@b>", "\"Jan\" <jan@kroon.example>",
                               "<" + "x" * 400 + "@y>", "undisclosed:;",
                               "Mon, 2 Feb 2026 10:00:00 +0100", "32 Foo 99999 99:99:99 +9999"])


def _bytes_of(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")  # lone surrogates: invalid UTF-8


@st.composite
def encoded_word(draw: st.DrawFn) -> str:
    return f"=?{draw(_CHARSET)}?{draw(_WORD_KIND)}?{draw(_WORD_PAYLOAD)}?="


@st.composite
def header_value(draw: st.DrawFn) -> str:
    chunks = draw(_HEADER_CHUNKS)
    value = " ".join(chunks)
    if draw(st.booleans()):  # folded, or overlong without a fold
        value = value.replace(" ", "\r\n\t")
    if draw(st.integers(0, 9)) == 0:
        value += "x" * draw(st.integers(900, 5000))
    return value


_HEADER_CHUNKS = st.lists(st.one_of(_SHORT_TEXT, encoded_word(), _ADDRESSISH), max_size=6)
_HEADERS = st.lists(st.tuples(st.sampled_from(HEADER_NAMES), header_value()), max_size=8)


@st.composite
def headers(draw: st.DrawFn) -> bytes:
    pairs = draw(_HEADERS)
    return b"".join(_bytes_of(f"{name}: {value}\r\n") for name, value in pairs)


_BODY = st.one_of(st.binary(max_size=200), _LONG_TEXT.map(lambda t: _bytes_of(t)))


@st.composite
def body(draw: st.DrawFn, encoding: str) -> bytes:
    raw = draw(_BODY)
    if "base64" in encoding.lower() and draw(st.booleans()):
        raw = base64.encodebytes(raw)
        if draw(st.booleans()):  # damaged: truncated, bad padding or stray characters
            cut = draw(st.integers(0, max(0, len(raw) - 1)))
            raw = raw[:cut] + draw(st.sampled_from([b"", b"=", b"==x", b"!!", b"\x00"]))
    elif "quoted" in encoding.lower() and draw(st.booleans()):
        raw += draw(st.sampled_from([b"=", b"=Z", b"=0", b"=\r\n", b"=3D=C3=", b"=FF=00"]))
    if draw(st.integers(0, 14)) == 0:  # one huge line
        raw += b"y" * draw(st.integers(10_000, 200_000))
    return raw


def _params(draw: st.DrawFn) -> str:
    options = draw(st.lists(st.sampled_from([
        "; charset={charset}", "; name=\"{name}\"", "; filename*=UTF-8''%E2%80%AE{name}",
        "; filename*0*={charset}''%FF%FE; filename*1={name}", "; format=flowed",
        "; charset", "; name*=''", "; filename=\"../../etc/{name}\"",
    ]), max_size=3))
    name = draw(st.sampled_from(["report.pdf", ".bashrc", "a" * 300 + ".exe", "", "x\x00y",
                                 "\u202egpj.exe", "CON", "file\r\nX: y"]))
    charset = draw(st.sampled_from(CHARSETS))
    return "".join(o.format(charset=charset, name=name) for o in options)


@st.composite
def mime_part(draw: st.DrawFn, depth: int = 0) -> bytes:
    content_type = draw(st.sampled_from(CONTENT_TYPES))
    encoding = draw(st.sampled_from(ENCODINGS))
    head = draw(headers())
    disposition = draw(st.sampled_from(["", "Content-Disposition: attachment\r\n",
                                        "Content-Disposition: inline; filename=x.png\r\n",
                                        "Content-Disposition: attachment; filename*=bogus\r\n",
                                        "Content-ID: <" + "c" * 300 + "@x>\r\n",
                                        "Content-ID: <img1@x>\r\n"]))
    if content_type.startswith("multipart/") and depth < 3 and draw(st.booleans()):
        boundary = draw(st.sampled_from(["b1", "=_b", "", "a b", "x" * 80, "--", "b\x00"]))
        children = draw(st.lists(mime_part(depth + 1), max_size=4))
        closing = draw(st.sampled_from(["close", "none", "wrong"]))
        declared = draw(st.sampled_from([boundary, "other", ""]))
        parts = b"".join(_bytes_of(f"\r\n--{boundary}\r\n") + child for child in children)
        end = {"close": f"\r\n--{boundary}--\r\n", "none": "", "wrong": "\r\n--zz--\r\n"}
        return (head + _bytes_of(f"Content-Type: {content_type}; boundary=\"{declared}\"\r\n"
                                 f"{disposition}\r\npreamble") + parts
                + _bytes_of(end[closing] + "epilogue"))
    if content_type == "message/rfc822" and depth < 3 and draw(st.booleans()):
        inner = draw(mime_part(depth + 1))
        return head + _bytes_of(f"Content-Type: message/rfc822\r\n{disposition}\r\n") + inner
    params = _params(draw)
    return (head + _bytes_of(f"Content-Type: {content_type}{params}\r\n"
                             f"Content-Transfer-Encoding: {encoding}\r\n{disposition}\r\n")
            + draw(body(encoding)))


@st.composite
def hostile_mail(draw: st.DrawFn) -> bytes:
    mail = b"MIME-Version: 1.0\r\n" + draw(mime_part())
    if draw(st.integers(0, 4)) == 0:  # bare LF or CR line ends, or none at all
        mail = mail.replace(b"\r\n", draw(st.sampled_from([b"\n", b"\r", b""])))
    return mail


def assert_storable(parsed: ParsedMail, *, max_attachment_bytes: int) -> None:
    """The never-dropped rule (issue #5): whatever arrived gives a mail the intake can store.

    Text columns refuse NUL and lone surrogates (PostgreSQL); identifiers fit the columns
    they are written to; attachment names are safe base names."""
    assert isinstance(parsed, ParsedMail) and len(parsed.content_hash) == 64
    texts = [parsed.subject, parsed.text, parsed.html or "", parsed.from_name,
             parsed.content_type, *parsed.warnings, *parsed.to, *parsed.cc,
             *(value or "" for value in (
                 parsed.message_id, parsed.in_reply_to, parsed.from_address, parsed.reply_to,
                 parsed.auto_submitted, parsed.precedence, parsed.list_id, parsed.return_path,
                 parsed.x_auto_response_suppress, parsed.x_autoreply, parsed.x_autorespond)),
             *parsed.references, *parsed.list_headers]
    for value in texts:
        assert isinstance(value, str) and "\x00" not in value, repr(value)[:200]
        value.encode("utf-8")  # no lone surrogates
    for message_id in (parsed.message_id, parsed.in_reply_to, *parsed.references):
        assert message_id is None or len(message_id) <= MAX_MESSAGE_ID
    for address in (parsed.from_address, parsed.reply_to, *parsed.to, *parsed.cc):
        assert address is None or len(address) <= MAX_ADDRESS
    assert parsed.date is None or parsed.date.tzinfo is not None
    for attachment in parsed.attachments:
        name = attachment.filename
        assert name and "/" not in name and "\\" not in name and not name.startswith(".")
        assert len(name) <= MAX_FILENAME and "\x00" not in name
        name.encode("utf-8")
        assert attachment.size == len(attachment.data) <= max_attachment_bytes
        assert attachment.content_id is None or len(attachment.content_id) <= MAX_MESSAGE_ID


_PAGE = Environment(autoescape=True).from_string(
    "<h1>{{ subject }}</h1><p>{{ sender }}</p><pre>{{ text }}</pre>"
    "{% if html %}<iframe sandbox srcdoc=\"{{ html }}\"></iframe>{% endif %}"
    "{% for a in attachments %}<a download=\"{{ a.filename }}\">{{ a.filename }}</a>"
    "{% endfor %}")
_NOW = datetime(2026, 2, 2, 12, 0, tzinfo=UTC)


def intake_without_database(parsed: ParsedMail) -> None:
    """Every pure step the intake takes with a parsed mail (routing's decisions, triage,
    the held-mail answer it composes, the page that shows it), none of which may raise."""
    automatic = is_automatic(parsed)
    referenced = referenced_message_ids(parsed)
    ticket_reference_in(parsed.subject)
    strip_quoted_reply(parsed.text)
    guess_urgency_and_impact(parsed.subject, parsed.text)
    for index, attachment in enumerate(parsed.attachments, start=1):
        safe_filename(attachment.filename, index)
    if parsed.html is not None:
        sanitise_html(parsed.html)
    if automatic is None and parsed.from_address:
        # routing._hold answers an unknown sender, threaded on their Message-ID.
        answer = compose_message(
            from_addr="helpdesk@helpdesk.test", to=parsed.from_address,
            subject=f"Re: {parsed.subject}"[:300] if parsed.subject else "Your message",
            text="Thank you for your message.", now=_NOW, message_id_domain="helpdesk.test",
            in_reply_to=parsed.message_id, references=referenced[:20], automatic=True)
        answer.as_bytes()
    _PAGE.render(subject=parsed.subject, sender=parsed.from_name, text=parsed.text,
                 html=parsed.html, attachments=parsed.attachments)
