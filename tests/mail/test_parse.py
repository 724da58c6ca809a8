from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta, timezone

import pytest

from helpdesk.mail import parse_message
from tests.mail import raw_mail
from tests.mail.raw_mail import b64, raw

# date_free: parsing and composing mail, no time in it; no clock read, no database.
pytestmark = pytest.mark.date_free


def test_outlook_windows_1252_quoted_printable_reads_as_proper_text():
    parsed = parse_message(raw_mail.outlook_windows_1252())

    assert parsed.subject == "Printer “kantoor 2” werkt niet"
    assert parsed.text.startswith("Goedemorgen,\n\nDe printer “kantoor 2” geeft een foutmelding –")
    assert "Dit is dringend." in parsed.text  # the soft line break is joined
    assert parsed.html is not None and "“kantoor 2”" in parsed.html
    assert parsed.warnings == []


def test_sender_is_normalised_to_a_lower_case_address_and_keeps_its_display_name():
    parsed = parse_message(raw_mail.outlook_windows_1252())

    assert parsed.from_address == "jan.peeters@klant.be"
    assert parsed.from_name == "Peeters, Jan"
    assert parsed.to == ["helpdesk@provider.be"]
    assert parsed.cc == ["els.maes@klant.be"]


def test_message_id_and_date_are_read_without_brackets_and_with_their_zone():
    parsed = parse_message(raw_mail.outlook_windows_1252())

    assert parsed.message_id == "DB9PR01MB1234ABCD@DB9PR01MB1234.eurprd01.prod.exchangelabs.com"
    assert parsed.date == datetime(2026, 3, 2, 9, 14, 1, tzinfo=timezone(timedelta(hours=1)))


def test_iso_8859_15_text_keeps_its_euro_sign():
    parsed = parse_message(raw_mail.iso_8859_15_euro())

    assert parsed.subject == "Factuur € 150"
    assert parsed.text == "De factuur bedraagt 150 € per maand."


def test_base64_utf8_dutch_text_keeps_its_accents():
    parsed = parse_message(raw_mail.base64_utf8_dutch())

    assert parsed.text == raw_mail.DUTCH_TEXT
    assert parsed.subject == "Server geïnstalleerd"
    assert parsed.from_name == "Annelies Dégroote"


def test_iso_8859_1_label_on_windows_1252_bytes_still_gives_curly_quotes():
    parsed = parse_message(raw(
        "From: jan@klant.be",
        "Content-Type: text/plain; charset=iso-8859-1",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "=93Geen=94 toegang, caf=E9",
    ))

    assert parsed.text == "“Geen” toegang, café"


def test_bogus_charset_is_decoded_with_replacement_and_a_warning():
    parsed = parse_message(raw(
        "From: jan@klant.be",
        "Content-Type: text/plain; charset=x-no-such-charset",
        "",
        "Hallo wereld",
    ))

    assert parsed.text == "Hallo wereld"
    assert any("unknown charset 'x-no-such-charset'" in w for w in parsed.warnings)


def test_bytes_invalid_in_the_declared_charset_are_replaced_with_a_warning():
    parsed = parse_message(b"From: jan@klant.be\r\nContent-Type: text/plain; charset=utf-8\r\n"
                           b"Content-Transfer-Encoding: 8bit\r\n\r\nprijs \xff\xfe euro")

    assert parsed.text == "prijs \ufffd\ufffd euro"
    assert any("not valid utf-8" in w for w in parsed.warnings)


def test_raw_8bit_utf8_headers_are_read_as_utf8():
    parsed = parse_message("From: Jöhn Dœ <john@klant.be>\r\nSubject: Café  kapot\r\n\r\nx"
                           .encode())

    assert parsed.subject == "Café kapot"
    assert parsed.from_name == "Jöhn Dœ"


def test_raw_8bit_latin1_headers_fall_back_to_windows_1252():
    parsed = parse_message(b"From: jan@klant.be\r\nSubject: Caf\xe9 \x80 5\r\n\r\nx")

    assert parsed.subject == "Café € 5"


def test_folded_subject_is_collapsed_to_single_spaces():
    parsed = parse_message(raw("From: jan@klant.be", "Subject: Printer",
                               "   op   de tweede\tverdieping", "", "x"))

    assert parsed.subject == "Printer op de tweede verdieping"


def test_html_is_sanitised_of_scripts_event_handlers_frames_and_javascript_links():
    parsed = parse_message(raw_mail.html_with_attacks())

    html = parsed.html or ""
    for forbidden in ("<script", "alert", "onerror", "onclick", "javascript:", "<iframe",
                      "frame text", "<style", "display:none"):
        assert forbidden not in html.lower()
    assert 'href="https://example.com/ok"' in html
    assert "Visible text" in html


def test_text_of_an_html_only_mail_is_a_rendering_of_the_html_without_script():
    parsed = parse_message(raw_mail.html_with_attacks())

    assert parsed.text == "Click here or there\n\nVisible text"


def test_inline_image_keeps_its_content_id_and_its_cid_reference_in_the_html():
    parsed = parse_message(raw_mail.inline_image_and_attachments())

    image = parsed.attachments[0]
    assert (image.filename, image.content_type, image.inline) == ("image001.png", "image/png",
                                                                   True)
    assert image.content_id == "image001.png@01DA"
    assert image.data == raw_mail.PNG and image.size == len(raw_mail.PNG)
    assert 'src="cid:image001.png@01DA"' in (parsed.html or "")
    assert parsed.text == "Zie scherm:"


def test_path_traversal_in_an_attachment_name_is_reduced_to_the_base_name():
    parsed = parse_message(raw_mail.inline_image_and_attachments())

    passwd = parsed.attachments[1]
    assert passwd.filename == "passwd"
    assert passwd.data == b"root:x:0:0"
    assert passwd.inline is False


def test_rfc_2231_encoded_attachment_name_is_decoded():
    parsed = parse_message(raw_mail.inline_image_and_attachments())

    assert parsed.attachments[2].filename == "Offerte café €.pdf"
    assert parsed.attachments[2].content_type == "application/pdf"


def test_oversized_attachment_is_dropped_with_its_name_and_size_in_a_warning():
    parsed = parse_message(raw_mail.inline_image_and_attachments(big=5000),
                           max_attachment_bytes=4096)

    assert [a.filename for a in parsed.attachments] == ["image001.png", "passwd",
                                                        "Offerte café €.pdf"]
    assert any("'logs.zip'" in w and "5000 bytes" in w for w in parsed.warnings)


def test_attachment_exactly_at_the_limit_is_kept():
    parsed = parse_message(raw_mail.inline_image_and_attachments(big=5000),
                           max_attachment_bytes=5000)

    assert "logs.zip" in [a.filename for a in parsed.attachments]


def test_dangerous_characters_and_leading_dots_are_removed_from_attachment_names():
    names = ["..\\..\\boot.ini", ".htaccess", "factuur\u202egpj.exe", "a\x00b\x1fc.txt",
             "x" * 300 + ".pdf", "...", ""]
    parsed = parse_message(raw(
        "From: jan@klant.be",
        "Content-Type: multipart/mixed; boundary=b",
        "",
        *[line for name in names for line in (
            "--b", "Content-Type: application/octet-stream",
            f"Content-Disposition: attachment; filename=\"{name}\"", "", "data")],
        "--b--",
    ))

    got = [a.filename for a in parsed.attachments]
    assert got[:4] == ["boot.ini", "htaccess", "factuurgpj.exe", "abc.txt"]
    assert len(got[4]) == 150 and got[4].endswith(".pdf")
    assert got[5:] == ["attachment-6.bin", "attachment-7.bin"]


def test_broken_boundary_salvages_the_body_as_text_with_a_warning():
    parsed = parse_message(raw_mail.broken_boundary())

    assert "De server is stuk." in parsed.text
    assert any("boundary" in w for w in parsed.warnings)


def test_truncated_multipart_keeps_what_arrived_and_warns():
    parsed = parse_message(raw_mail.truncated_multipart())

    assert parsed.text == "Eerste deel."
    assert parsed.attachments[0].data.startswith(b"%PDF")
    assert any("truncated" in w for w in parsed.warnings)


def test_bounce_keeps_the_report_and_returned_message_as_attachments():
    parsed = parse_message(raw_mail.bounce())

    assert parsed.content_type == "multipart/report"
    assert parsed.return_path == "<>"
    assert parsed.text.startswith("I'm sorry")
    types = [a.content_type for a in parsed.attachments]
    assert types == ["message/delivery-status", "message/rfc822"]
    assert b"Uw melding is ontvangen." in parsed.attachments[1].data
    assert parsed.attachments[1].filename.endswith(".eml")


def test_missing_from_is_a_warning_not_an_error():
    parsed = parse_message(b"Subject: anoniem\r\n\r\nhallo")

    assert parsed.from_address is None
    assert "missing From header" in parsed.warnings
    assert parsed.text == "hallo"


def test_invalid_from_address_gives_none_and_a_warning():
    parsed = parse_message(b"From: Jan <jan@>\r\n\r\nhallo")

    assert parsed.from_address is None
    assert any("From address" in w for w in parsed.warnings)


def test_message_without_body_or_headers_gives_empty_fields():
    parsed = parse_message(b"")

    assert (parsed.subject, parsed.text, parsed.html, parsed.message_id) == ("", "", None, None)
    assert parsed.attachments == []
    assert parsed.content_hash == hashlib.sha256(b"").hexdigest()


def test_headers_only_message_has_empty_text():
    parsed = parse_message(b"From: jan@klant.be\r\nSubject: leeg\r\n")

    assert (parsed.subject, parsed.text) == ("leeg", "")


def test_content_hash_is_the_sha256_of_the_raw_bytes():
    data = raw_mail.plain()

    assert parse_message(data).content_hash == hashlib.sha256(data).hexdigest()


def test_reply_headers_are_normalised_and_references_de_duplicated():
    parsed = parse_message(raw_mail.plain(
        "In-Reply-To: <abc@provider.be> (message from Helpdesk)",
        "References: <root@provider.be>",
        " <abc@provider.be> <root@provider.be>",
        "Reply-To: Jan Thuis <JAN@thuis.be>",
    ))

    assert parsed.in_reply_to == "abc@provider.be"
    assert parsed.references == ["root@provider.be", "abc@provider.be"]
    assert parsed.reply_to == "jan@thuis.be"


def test_date_without_zone_is_read_as_utc_and_a_bad_date_as_none_with_warning():
    utc = parse_message(raw_mail.plain("Date: Mon, 2 Mar 2026 09:00:00 -0000"))
    bad = parse_message(raw_mail.plain("Date: gisteren"))

    assert utc.date == datetime(2026, 3, 2, 9, tzinfo=UTC)
    assert bad.date is None and any("Date" in w for w in bad.warnings)


def test_loop_detection_headers_are_exposed():
    parsed = parse_message(raw_mail.plain(
        "Auto-Submitted: auto-replied",
        "Precedence: bulk",
        "List-Id: Klanten <klanten.lists.klant.be>",
        "List-Unsubscribe: <mailto:leave@klant.be>",
        "X-Auto-Response-Suppress: All",
        "X-Autoreply: yes",
        "X-Autorespond: yes",
        "Return-Path: <bounces@klant.be>",
    ))

    assert parsed.auto_submitted == "auto-replied"
    assert parsed.precedence == "bulk"
    assert parsed.list_id == "Klanten <klanten.lists.klant.be>"
    assert parsed.list_headers == ["list-id", "list-unsubscribe"]
    assert parsed.x_auto_response_suppress == "All"
    assert (parsed.x_autoreply, parsed.x_autorespond) == ("yes", "yes")
    assert parsed.return_path == "<bounces@klant.be>"


def test_text_parts_split_around_an_inline_image_are_joined():
    parsed = parse_message(raw(
        "From: jan@klant.be",
        "Content-Type: multipart/mixed; boundary=b",
        "",
        "--b", "Content-Type: text/plain", "", "Voor de foto.",
        "--b", "Content-Type: image/png", "Content-Disposition: inline", "Content-ID: <p1>",
        "Content-Transfer-Encoding: base64", "", b64(raw_mail.PNG),
        "--b", "Content-Type: text/plain", "", "Na de foto.",
        "--b--",
    ))

    assert parsed.text == "Voor de foto.\n\nNa de foto."
    assert parsed.attachments[0].content_id == "p1"
    assert parsed.attachments[0].inline is True


def test_python_only_codecs_named_as_charset_are_treated_as_unknown():
    parsed = parse_message(raw(
        "From: jan@klant.be",
        "Content-Type: text/plain; charset=unicode-escape",
        "",
        "a\\u0041b",
    ))

    assert parsed.text == "a\\u0041b"
    assert any("unknown charset 'unicode-escape'" in w for w in parsed.warnings)


def test_nul_characters_are_dropped_so_the_text_can_be_stored():
    parsed = parse_message(b"From: jan@klant.be\r\nSubject: a\x00b\r\n\r\nc\x00d")

    assert (parsed.subject, parsed.text) == ("ab", "cd")
