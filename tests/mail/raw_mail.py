"""Raw mails as real mail clients send them, built in code so no binary fixtures are needed."""

from __future__ import annotations

import base64


def raw(*lines: str) -> bytes:
    """Header and body lines joined with CRLF, as they arrive over SMTP."""
    return "\r\n".join(lines).encode("utf-8", errors="surrogateescape")


def b64(data: bytes | str) -> str:
    if isinstance(data, str):
        data = data.encode("utf-8")
    encoded = base64.b64encode(data).decode("ascii")
    return "\r\n".join(encoded[i : i + 76] for i in range(0, len(encoded), 76))


def outlook_windows_1252() -> bytes:
    """Outlook: multipart/alternative, Windows-1252 quoted-printable with curly quotes."""
    return raw(
        "Received: from mail.klant.be by mx.provider.be; Mon, 2 Mar 2026 09:14:03 +0100",
        "From: \"Peeters, Jan\" <Jan.Peeters@Klant.BE>",
        "To: \"Helpdesk\" <helpdesk@provider.be>",
        "CC: Els Maes <els.maes@klant.be>, bad@@address",
        "Subject: =?windows-1252?Q?Printer_=93kantoor_2=94_werkt_niet?=",
        "Date: Mon, 2 Mar 2026 09:14:01 +0100",
        "Message-ID: <DB9PR01MB1234ABCD@DB9PR01MB1234.eurprd01.prod.exchangelabs.com>",
        "Thread-Topic: Printer kantoor 2",
        "X-Auto-Response-Suppress: DR, RN, NRN",
        "MIME-Version: 1.0",
        "Content-Type: multipart/alternative;",
        "\tboundary=\"_000_DB9PR01MB1234_\"",
        "",
        "--_000_DB9PR01MB1234_",
        "Content-Type: text/plain; charset=\"Windows-1252\"",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "Goedemorgen,",
        "",
        "De printer =93kantoor 2=94 geeft een foutmelding =96 kunnen jullie kijken? Dit =",
        "is dringend.",
        "",
        "--_000_DB9PR01MB1234_",
        "Content-Type: text/html; charset=\"Windows-1252\"",
        "Content-Transfer-Encoding: quoted-printable",
        "",
        "<html><head><style>p{color:red}</style></head><body><p>Goedemorgen,</p>",
        "<p>De printer =93kantoor 2=94 geeft een foutmelding.</p></body></html>",
        "",
        "--_000_DB9PR01MB1234_--",
        "",
    )


def iso_8859_15_euro() -> bytes:
    body = "De factuur bedraagt 150 € per maand.\n".encode("iso-8859-15")
    head = raw(
        "From: boekhouding@klant.be",
        "To: helpdesk@provider.be",
        "Subject: =?ISO-8859-15?Q?Factuur_=A4_150?=",
        "Message-ID: <factuur-1@klant.be>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=ISO-8859-15",
        "Content-Transfer-Encoding: 8bit",
        "",
        "",
    )
    return head + body


DUTCH_TEXT = "Geachte, de één café-server is geïnstalleerd; ça marche à merveille. Groetjes"


def base64_utf8_dutch() -> bytes:
    return raw(
        "From: =?UTF-8?B?QW5uZWxpZXMgRMOpZ3Jvb3Rl?= <annelies@klant.be>",
        "To: helpdesk@provider.be",
        "Subject: =?UTF-8?B?U2VydmVyIGdlw69uc3RhbGxlZXJk?=",
        "Message-ID: <dutch@klant.be>",
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: base64",
        "",
        b64(DUTCH_TEXT),
        "",
    )


def html_with_attacks() -> bytes:
    return raw(
        "From: aanvaller@example.com",
        "To: helpdesk@provider.be",
        "Subject: Hello",
        "MIME-Version: 1.0",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<p onclick=\"steal()\">Click <a href=\"javascript:alert(1)\">here</a>"
        " or <a href=\"https://example.com/ok\">there</a></p>",
        "<script>alert('xss')</script>",
        "<img src=\"x\" onerror=\"alert(2)\">",
        "<iframe src=\"https://evil.example\">frame text</iframe>",
        "<style>body{display:none}</style><p>Visible text</p>",
        "",
    )


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def inline_image_and_attachments(*, big: int = 0) -> bytes:
    """multipart/mixed with multipart/related (HTML + cid image) and two attachments."""
    lines = [
        "From: Jan <jan@klant.be>",
        "To: helpdesk@provider.be",
        "Subject: Screenshot",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"outer\"",
        "",
        "--outer",
        "Content-Type: multipart/related; boundary=\"rel\"",
        "",
        "--rel",
        "Content-Type: text/html; charset=utf-8",
        "",
        "<p>Zie scherm:</p><img src=\"cid:image001.png@01DA\">",
        "--rel",
        "Content-Type: image/png; name=\"image001.png\"",
        "Content-Transfer-Encoding: base64",
        "Content-ID: <image001.png@01DA>",
        "Content-Disposition: inline; filename=\"image001.png\"",
        "",
        b64(PNG),
        "--rel--",
        "--outer",
        "Content-Type: application/octet-stream",
        "Content-Disposition: attachment; filename=\"../../etc/passwd\"",
        "Content-Transfer-Encoding: base64",
        "",
        b64(b"root:x:0:0"),
        "--outer",
        "Content-Type: application/pdf",
        "Content-Disposition: attachment;",
        " filename*=UTF-8''Offerte%20caf%C3%A9%20%E2%82%AC.pdf",
        "Content-Transfer-Encoding: base64",
        "",
        b64(b"%PDF-1.4 offerte"),
    ]
    if big:
        lines += [
            "--outer",
            "Content-Type: application/zip",
            "Content-Disposition: attachment; filename=\"logs.zip\"",
            "Content-Transfer-Encoding: base64",
            "",
            b64(b"\0" * big),
        ]
    lines += ["--outer--", ""]
    return raw(*lines)


def broken_boundary() -> bytes:
    """The declared boundary never appears and the message ends mid-part."""
    return raw(
        "From: jan@klant.be",
        "Subject: Kapot",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"declared\"",
        "",
        "--other",
        "Content-Type: text/plain",
        "",
        "De server is stuk.",
    )


def truncated_multipart() -> bytes:
    return raw(
        "From: jan@klant.be",
        "Subject: Afgebroken",
        "MIME-Version: 1.0",
        "Content-Type: multipart/mixed; boundary=\"b1\"",
        "",
        "--b1",
        "Content-Type: text/plain; charset=utf-8",
        "",
        "Eerste deel.",
        "--b1",
        "Content-Type: application/pdf",
        "Content-Transfer-Encoding: base64",
        "",
        "JVBERi0xLjQK",
    )


def bounce() -> bytes:
    return raw(
        "Return-Path: <>",
        "From: Mail Delivery System <MAILER-DAEMON@mx.klant.be>",
        "To: helpdesk@provider.be",
        "Subject: Undelivered Mail Returned to Sender",
        "Auto-Submitted: auto-replied",
        "MIME-Version: 1.0",
        "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"",
        "",
        "--r",
        "Content-Type: text/plain",
        "",
        "I'm sorry to have to inform you that your message could not be delivered.",
        "--r",
        "Content-Type: message/delivery-status",
        "",
        "Reporting-MTA: dns; mx.klant.be",
        "",
        "Final-Recipient: rfc822; weg@klant.be",
        "Action: failed",
        "Status: 5.1.1",
        "--r",
        "Content-Type: message/rfc822",
        "",
        "From: helpdesk@provider.be",
        "To: weg@klant.be",
        "Subject: [HD-2026-00042] Ontvangen",
        "",
        "Uw melding is ontvangen.",
        "--r--",
        "",
    )


def plain(*extra_headers: str, sender: str = "jan@klant.be", body: str = "Hallo") -> bytes:
    return raw(
        f"From: {sender}",
        "To: helpdesk@provider.be",
        "Subject: Vraag",
        "Message-ID: <vraag@klant.be>",
        *extra_headers,
        "",
        body,
        "",
    )
