from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from helpdesk.mail import is_automatic, may_auto_reply, parse_message
from tests.mail import raw_mail

# date_free: parsing and composing mail, no time in it; no clock read, no database.
pytestmark = pytest.mark.date_free


def test_a_customer_mail_may_be_answered_automatically():
    assert is_automatic(parse_message(raw_mail.outlook_windows_1252())) is None


def test_auto_submitted_no_may_be_answered():
    assert is_automatic(parse_message(raw_mail.plain("Auto-Submitted: no"))) is None


def test_auto_replied_mail_is_automatic():
    reason = is_automatic(parse_message(raw_mail.plain("Auto-Submitted: auto-replied")))

    assert reason == "Auto-Submitted: auto-replied"


def test_auto_submitted_with_parameters_is_automatic():
    parsed = parse_message(raw_mail.plain("Auto-Submitted: Auto-Generated; owner=x@y.be"))

    assert is_automatic(parsed) == "Auto-Submitted: auto-generated"


def test_bounce_with_empty_return_path_and_multipart_report_is_automatic():
    parsed = parse_message(raw_mail.bounce())

    assert is_automatic(parsed) is not None


def test_empty_return_path_alone_is_automatic():
    reason = is_automatic(parse_message(raw_mail.plain("Return-Path: <>")))

    assert reason is not None and "Return-Path" in reason


def test_multipart_report_alone_is_automatic():
    parsed = parse_message(raw_mail.plain("Content-Type: multipart/report; boundary=x"))

    assert "multipart/report" in (is_automatic(parsed) or "")


@pytest.mark.parametrize("sender", [
    "MAILER-DAEMON@mx.klant.be", "postmaster@klant.be", "noreply@saas.example",
    "no-reply@saas.example", "do-not-reply@klant.be", "donotreply@klant.be",
    "no_reply@klant.be", "bounces+123@lists.example", "noreply-facturen@klant.be",
])
def test_mail_from_a_machine_address_is_automatic(sender):
    parsed = parse_message(raw_mail.plain(sender=sender))

    assert "machine address" in (is_automatic(parsed) or "")


@pytest.mark.parametrize("sender", ["nora@klant.be", "replyteam@klant.be", "postmasters.be@x.be",
                                    "bouncer@klant.be"])
def test_people_whose_names_resemble_machine_addresses_may_be_answered(sender):
    assert is_automatic(parse_message(raw_mail.plain(sender=sender))) is None


def test_machine_return_path_is_automatic():
    parsed = parse_message(raw_mail.plain("Return-Path: <bounces@lists.klant.be>"))

    assert is_automatic(parsed) is not None


@pytest.mark.parametrize("precedence", ["bulk", "list", "junk", "Bulk"])
def test_bulk_precedence_is_automatic(precedence):
    parsed = parse_message(raw_mail.plain(f"Precedence: {precedence}"))

    assert is_automatic(parsed) == f"Precedence: {precedence.lower()}"


def test_mailing_list_mail_is_automatic():
    parsed = parse_message(raw_mail.plain(
        "List-Id: IT nieuws <it-nieuws.klant.be>",
        "List-Post: <mailto:it-nieuws@klant.be>",
    ))

    assert is_automatic(parsed) == "mailing-list mail (list-id, list-post)"


def test_list_unsubscribe_alone_marks_a_newsletter_as_automatic():
    parsed = parse_message(raw_mail.plain("List-Unsubscribe: <https://x.example/u>"))

    assert is_automatic(parsed) is not None


@pytest.mark.parametrize("value", ["All", "OOF, AutoReply", "DR, AutoReply", "oof"])
def test_exchange_suppressing_auto_replies_is_respected(value):
    parsed = parse_message(raw_mail.plain(f"X-Auto-Response-Suppress: {value}"))

    assert "X-Auto-Response-Suppress" in (is_automatic(parsed) or "")


def test_exchange_suppressing_only_receipts_may_be_answered():
    parsed = parse_message(raw_mail.plain("X-Auto-Response-Suppress: DR, RN, NRN"))

    assert is_automatic(parsed) is None


@pytest.mark.parametrize("header", ["X-Autoreply: yes", "X-Autorespond: Out of office"])
def test_autoreply_headers_are_automatic(header):
    assert is_automatic(parse_message(raw_mail.plain(header))) is not None


NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def test_auto_reply_is_allowed_below_the_limit():
    previous = [NOW - timedelta(minutes=50), NOW - timedelta(minutes=10)]

    assert may_auto_reply(previous, NOW) is True


def test_auto_reply_is_refused_once_the_window_holds_the_maximum():
    previous = [NOW - timedelta(minutes=m) for m in (59, 30, 1)]

    assert may_auto_reply(previous, NOW) is False


def test_replies_older_than_the_window_no_longer_count():
    previous = [NOW - timedelta(hours=1), NOW - timedelta(minutes=61), NOW - timedelta(days=1)]

    assert may_auto_reply(previous, NOW) is True


def test_window_and_maximum_can_be_configured():
    previous = [NOW - timedelta(hours=20)]

    assert may_auto_reply(previous, NOW, max_per_window=1, window=timedelta(days=1)) is False
    assert may_auto_reply([], NOW, max_per_window=1, window=timedelta(days=1)) is True
