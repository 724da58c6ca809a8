"""Fuzzing the mail parser (issue #9): random bytes and structured hostile MIME never make
parse_message raise, always give a mail the intake can store (the never-dropped rule of
issue #5), and the intake's pure steps after parsing never raise either.

Bounded to a few seconds; bench/fuzz_mail_parser.py runs the same targets for minutes.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk.mail import parse_message
from tests.mail.mime_fuzz import (
    MAX_MESSAGE_ID,
    assert_storable,
    hostile_mail,
    intake_without_database,
)

# date_free: parsing and composing mail, no time in it; no clock read, no database.
pytestmark = pytest.mark.date_free

FUZZ_INPUTS = Path(__file__).parent / "fuzz_inputs"
LIMIT = 1000  # attachment bytes: small, so the limit's own path is fuzzed too
SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]


def check(raw: bytes) -> None:
    parsed = parse_message(raw, max_attachment_bytes=LIMIT)
    assert_storable(parsed, max_attachment_bytes=LIMIT)
    intake_without_database(parsed)


@settings(max_examples=150, deadline=None, suppress_health_check=SLOW_OK)
@given(st.binary(max_size=3000))
def test_random_bytes_give_a_storable_mail(raw):
    check(raw)


@settings(max_examples=250, deadline=None, suppress_health_check=SLOW_OK)
@given(hostile_mail())
def test_structured_hostile_mime_gives_a_storable_mail(raw):
    check(raw)


# Regressions found by the fuzzers, one per crash or unstorable result.

def test_an_overlong_message_id_is_not_kept_where_a_column_cannot_hold_it():
    """Found by the structured fuzzer: a 400-character Message-ID became the In-Reply-To of
    the held-mail answer (outbox_message.in_reply_to is 255 characters), so PostgreSQL
    refused the row and the mail was marked failed instead of held."""
    long_id = "x" * 400 + "@y"
    raw = (f"From: a@b.example\r\nMessage-ID: <{long_id}>\r\nIn-Reply-To: <{long_id}>\r\n"
           f"References: <ok@x> <{long_id}>\r\n\r\nbody").encode()
    parsed = parse_message(raw)
    assert parsed.message_id is None and parsed.in_reply_to is None
    assert parsed.references == ["ok@x"]
    assert any("Message-ID" in w and "too long" in w for w in parsed.warnings)
    assert_storable(parsed, max_attachment_bytes=10 * 1024 * 1024)


def test_an_overlong_content_id_is_dropped_with_a_warning():
    raw = (b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: image/png\r\nContent-ID: <" + b"c" * 300 + b"@x>\r\n\r\n"
           b"png\r\n--b--\r\n")
    (attachment,) = parse_message(raw).attachments
    assert attachment.content_id is None
    assert len("c" * 300 + "@x") > MAX_MESSAGE_ID


def test_warnings_quoting_a_charset_label_with_nul_bytes_are_storable():
    """Found by atheris (bench/fuzz_mail_parser.py): the warning quoted the label with its
    NUL bytes, which inbound_mail.warnings on PostgreSQL refuses."""
    raw = (b"From: a@b.example\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: text/plain; charset=I\x13\x00\x00SO-8859-15\r\n\r\n150 \xa4\r\n")
    parsed = parse_message(raw)
    assert parsed.warnings and not any("\x00" in w for w in parsed.warnings)
    assert_storable(parsed, max_attachment_bytes=LIMIT)


def test_warnings_quoting_a_lone_surrogate_are_storable():
    raw = "From: a@b.example\r\nContent-Type: text/plain; charset=\ud800x\r\n\r\nhi".encode(
        "utf-8", errors="surrogatepass")
    assert_storable(parse_message(raw), max_attachment_bytes=LIMIT)


def test_an_embedded_message_whose_refolding_looped_for_minutes_parses_at_once():
    """Found by atheris as a libFuzzer timeout: re-serialising a message/rfc822 part with
    the standard policy refolded a long Content-Disposition parameter for minutes (over
    100 s here), which would stall the intake worker. Embedded messages are now written
    out as received."""
    raw = (FUZZ_INPUTS / "hang-refolding-embedded-message.eml").read_bytes()
    signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(10)  # fail rather than hang, should it come back
    try:
        started = time.perf_counter()
        parsed = parse_message(raw, max_attachment_bytes=64 * 1024)
        assert time.perf_counter() - started < 5
    finally:
        signal.alarm(0)
    assert [a.content_type for a in parsed.attachments] == ["message/rfc822"]
    assert_storable(parsed, max_attachment_bytes=64 * 1024)


def _too_slow(*_: object) -> None:
    raise AssertionError("parsing took over 10 s")


def test_a_content_type_with_nul_bytes_is_stored_as_octet_stream():
    """Found by atheris: attachment.content_type (PostgreSQL text) refuses NUL bytes."""
    raw = (b"From: a@b.example\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
           b"Content-Type: a\x00\x00pplication/ms-tnef\r\n\r\ndata\r\n--b--\r\n")
    parsed = parse_message(raw)
    assert [a.content_type for a in parsed.attachments] == ["application/octet-stream"]
    assert_storable(parsed, max_attachment_bytes=LIMIT)
