"""parse_message must give a ParsedMail for any bytes at all: the SMTP shell has already
accepted and stored the mail, so an exception here would silently lose a customer's report."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helpdesk.mail import ParsedMail, is_automatic, parse_message, referenced_message_ids
from helpdesk.mail.parse import UNPARSEABLE_SUBJECT
from tests.mail import raw_mail

# date_free: parsing and composing mail, no time in it; no clock read, no database.
pytestmark = pytest.mark.date_free

VALID_MAILS = [
    raw_mail.outlook_windows_1252(),
    raw_mail.iso_8859_15_euro(),
    raw_mail.base64_utf8_dutch(),
    raw_mail.html_with_attacks(),
    raw_mail.inline_image_and_attachments(big=300),
    raw_mail.broken_boundary(),
    raw_mail.truncated_multipart(),
    raw_mail.bounce(),
]
# Bytes that matter to MIME parsing, so mutations hit boundaries, encodings and headers.
INTERESTING = [b"\r\n", b"\n", b"--", b"=?", b"?=", b"=", b";", b":", b"<", b">", b'"', b"\x00",
               b"\xff", b"\xc3", b"boundary=", b"charset=x-bogus", b"base64", b"*=", b"'",
               b"Content-Type: multipart/mixed; boundary=", b"Content-Transfer-Encoding: ",
               b"=?utf-8?b?", b"=?bogus?q?", b"message/rfc822", b"\t"]

mutation = st.tuples(
    st.sampled_from(["insert", "delete", "replace"]),
    st.floats(min_value=0, max_value=1),
    st.one_of(st.sampled_from(INTERESTING), st.binary(max_size=8)),
    st.integers(min_value=0, max_value=40),
)


def mutate(data: bytes, mutations: list[tuple[str, float, bytes, int]]) -> bytes:
    for kind, where, chunk, length in mutations:
        at = int(where * len(data))
        if kind == "insert":
            data = data[:at] + chunk + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + length :]
        else:
            data = data[:at] + chunk + data[at + len(chunk) :]
    return data


def assert_usable(parsed: ParsedMail) -> None:
    assert isinstance(parsed, ParsedMail)
    assert isinstance(parsed.subject, str) and isinstance(parsed.text, str)
    assert all(isinstance(w, str) for w in parsed.warnings)
    # Everything textual must be storable in a PostgreSQL text column.
    for value in (parsed.subject, parsed.text, parsed.html or "", parsed.from_name):
        assert "\x00" not in value
        value.encode("utf-8")  # no lone surrogates
    for attachment in parsed.attachments:
        assert attachment.filename and "/" not in attachment.filename
        assert not attachment.filename.startswith(".")
        assert attachment.size == len(attachment.data) <= 1000
    # The layers above call these on every mail, so they must not raise either.
    is_automatic(parsed)
    referenced_message_ids(parsed)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise(data):
    assert_usable(parse_message(data, max_attachment_bytes=1000))


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(VALID_MAILS), st.lists(mutation, min_size=1, max_size=6))
def test_mutated_real_mails_never_raise(mail, mutations):
    assert_usable(parse_message(mutate(mail, mutations), max_attachment_bytes=1000))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(INTERESTING) | st.text(max_size=20).map(str.encode),
                max_size=40))
def test_header_soup_never_raises(chunks):
    assert_usable(parse_message(b"".join(chunks), max_attachment_bytes=1000))


def test_a_parser_failure_still_salvages_subject_and_text(monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("parser bug")

    monkeypatch.setattr("helpdesk.mail.parse.BytesParser.parsebytes", explode)

    parsed = parse_message(b"Subject: x\r\n\r\nbody \xff")

    assert parsed.subject == UNPARSEABLE_SUBJECT
    assert parsed.text == "Subject: x\r\n\r\nbody \ufffd"
    assert any("parser bug" in w for w in parsed.warnings)


def test_a_failure_with_the_strict_policy_falls_back_to_the_lenient_one(monkeypatch):
    from email import policy
    from email.policy import compat32

    from helpdesk.mail import parse as parse_module

    original = parse_module.BytesParser

    class StrictFails(original):
        def __init__(self, *, policy: policy.Policy) -> None:
            super().__init__(policy=policy)
            self.strict = policy is not compat32  # the standard policy, not the lenient one

        def parsebytes(self, text, headersonly=False):
            if self.strict:
                raise ValueError("strict policy bug")
            return super().parsebytes(text, headersonly)

    monkeypatch.setattr(parse_module, "BytesParser", StrictFails)

    parsed = parse_message(raw_mail.base64_utf8_dutch())

    assert parsed.text == raw_mail.DUTCH_TEXT
    assert parsed.subject == "Server geïnstalleerd"
    assert any("read leniently" in w for w in parsed.warnings)
