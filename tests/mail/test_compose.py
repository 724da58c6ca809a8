from __future__ import annotations

from datetime import UTC, datetime

import pytest

from helpdesk.mail import compose_message, is_automatic, parse_message

# date_free: parsing and composing mail, no time in it; no clock read, no database.
pytestmark = pytest.mark.date_free

NOW = datetime(2026, 3, 2, 10, 15, tzinfo=UTC)


def compose(**overrides):
    arguments = {
        "from_addr": "Helpdesk Provider <helpdesk@provider.be>",
        "to": "Jan Peeters <jan.peeters@klant.be>",
        "subject": "[HD-2026-00042] Printer kantoor 2",
        "text": "Beste Jan,\n\nWe hebben uw melding ontvangen.",
        "now": NOW,
        "message_id_domain": "provider.be",
    } | overrides
    return compose_message(**arguments)


def test_plain_message_has_a_fresh_message_id_in_our_domain_and_a_date():
    msg = compose()

    assert msg["Message-ID"].startswith("<") and msg["Message-ID"].endswith("@provider.be>")
    assert msg["Message-ID"] != compose()["Message-ID"]
    assert msg["Date"] == "Mon, 02 Mar 2026 10:15:00 +0000"
    assert msg.get_content_type() == "text/plain"


def test_message_with_html_is_multipart_alternative_with_text_first():
    msg = compose(html="<p>Beste Jan</p>")

    assert msg.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]


def test_reply_threads_with_in_reply_to_and_references_ending_in_the_parent():
    msg = compose(references=["<root@klant.be>", "mid@klant.be"], in_reply_to="parent@klant.be")

    assert msg["In-Reply-To"] == "<parent@klant.be>"
    assert msg["References"] == "<root@klant.be> <mid@klant.be> <parent@klant.be>"


def test_automatic_message_says_so_and_is_recognised_as_automatic_when_read_back():
    msg = compose(automatic=True)

    assert msg["Auto-Submitted"] == "auto-generated"
    assert msg["X-Auto-Response-Suppress"] == "All"
    assert msg["Precedence"] is None
    assert is_automatic(parse_message(msg.as_bytes())) == "Auto-Submitted: auto-generated"


def test_personal_message_has_no_auto_submitted_header():
    assert compose()["Auto-Submitted"] is None


def test_utf8_subject_and_body_survive_a_round_trip_through_seven_bit_transport():
    msg = compose(subject="Café “kapot” — € 150", text="Geïnstalleerd — ça va.\n",
                  html="<p>Geïnstalleerd €</p>", from_addr="Hélpdesk <helpdesk@provider.be>")

    data = msg.as_bytes()
    parsed = parse_message(data)

    assert max(data) < 128
    assert parsed.subject == "Café “kapot” — € 150"
    assert parsed.text == "Geïnstalleerd — ça va."
    assert (parsed.html or "").strip() == "<p>Geïnstalleerd €</p>"
    assert parsed.from_name == "Hélpdesk"


def test_a_newline_in_the_subject_cannot_inject_a_header():
    msg = compose(subject="Printer\r\nBcc: everyone@klant.be")

    assert msg["Bcc"] is None
    assert msg["Subject"] == "Printer Bcc: everyone@klant.be"


def test_reply_to_several_recipients_and_extra_headers_are_set():
    msg = compose(to=["a@klant.be", "b@klant.be"], reply_to="support@provider.be",
                  extra_headers={"X-Helpdesk-Ticket": "HD-2026-00042"})

    assert msg["To"] == "a@klant.be, b@klant.be"
    assert msg["Reply-To"] == "support@provider.be"
    assert msg["X-Helpdesk-Ticket"] == "HD-2026-00042"


def test_extra_headers_cannot_replace_the_threading_headers():
    with pytest.raises(ValueError, match="Message-ID"):
        compose(extra_headers={"Message-ID": "<forged@x>"})


def test_naive_now_is_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        compose(now=datetime(2026, 3, 2, 10, 15))
