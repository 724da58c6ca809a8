from __future__ import annotations

import pytest

from helpdesk.mail import (
    parse_message,
    referenced_message_ids,
    strip_quoted_reply,
    ticket_reference_in,
)
from tests.mail import raw_mail

# date_free: parsing and composing mail, no time in it; no clock read, no database.
pytestmark = pytest.mark.date_free


@pytest.mark.parametrize(("subject", "reference"), [
    ("Re: [HD-2026-00042] Printer down", "HD-2026-00042"),
    ("AW: RE: hd-2026-00042 printer", "HD-2026-00042"),
    ("Antw: Printer (HD-2027-1234567)", "HD-2027-1234567"),
    ("[HD-2026-00042] en [HD-2026-00043]", "HD-2026-00042"),
])
def test_ticket_reference_is_found_in_the_subject_and_upper_cased(subject, reference):
    assert ticket_reference_in(subject) == reference


@pytest.mark.parametrize("subject", [None, "", "Printer down", "HD-2026-0042 too short",
                                     "XHD-2026-00042", "HD-26-00042"])
def test_subject_without_a_ticket_reference_gives_none(subject):
    assert ticket_reference_in(subject) is None


def test_referenced_ids_are_in_reply_to_then_references_without_duplicates():
    parsed = parse_message(raw_mail.plain(
        "In-Reply-To: <parent@provider.be>",
        "References: <root@provider.be> <parent@provider.be>",
    ))

    assert referenced_message_ids(parsed) == ["parent@provider.be", "root@provider.be"]


def test_references_without_angle_brackets_are_still_understood():
    parsed = parse_message(raw_mail.plain("References: root@provider.be parent@provider.be"))

    assert referenced_message_ids(parsed) == ["root@provider.be", "parent@provider.be"]


def test_mail_that_references_nothing_gives_no_ids():
    assert referenced_message_ids(parse_message(raw_mail.plain())) == []


def test_english_gmail_reply_keeps_only_the_new_text():
    text = (
        "The printer works again, thanks!\n"
        "\n"
        "On Mon, 2 Mar 2026 at 10:14, Helpdesk <helpdesk@provider.be> wrote:\n"
        "> Dear Jan,\n"
        ">\n"
        "> We restarted the print server.\n"
    )

    assert strip_quoted_reply(text) == "The printer works again, thanks!"


def test_gmail_attribution_wrapped_over_two_lines_is_recognised():
    text = ("Thanks.\n\nOn Mon, 2 Mar 2026 at 10:14, Helpdesk Provider Support Team\n"
            "<helpdesk@provider.be> wrote:\n\n> Quoted\n")

    assert strip_quoted_reply(text) == "Thanks."


def test_dutch_reply_keeps_only_the_new_text():
    text = (
        "Het werkt weer, bedankt.\n"
        "\n"
        "Groeten,\nJan\n"
        "\n"
        "Op ma 2 mrt 2026 om 10:14 schreef Helpdesk <helpdesk@provider.be>:\n"
        "> Beste Jan,\n"
        "> We hebben de printserver herstart.\n"
    )

    assert strip_quoted_reply(text) == "Het werkt weer, bedankt.\n\nGroeten,\nJan"


def test_dutch_outlook_reply_with_van_header_block_keeps_only_the_new_text():
    text = (
        "Het probleem is er opnieuw.\n"
        "\n"
        "________________________________\n"
        "Van: Helpdesk <helpdesk@provider.be>\n"
        "Verzonden: maandag 2 maart 2026 10:14\n"
        "Aan: Peeters, Jan <jan.peeters@klant.be>\n"
        "Onderwerp: [HD-2026-00042] Printer\n"
        "\n"
        "Beste Jan, we hebben de printserver herstart.\n"
    )

    assert strip_quoted_reply(text) == "Het probleem is er opnieuw."


def test_english_outlook_original_message_separator_keeps_only_the_new_text():
    text = (
        "Still broken.\n"
        "\n"
        "-----Original Message-----\n"
        "From: Helpdesk <helpdesk@provider.be>\n"
        "Sent: Monday, March 2, 2026 10:14 AM\n"
        "\n"
        "We restarted the print server.\n"
    )

    assert strip_quoted_reply(text) == "Still broken."


def test_trailing_quote_without_attribution_is_removed():
    assert strip_quoted_reply("Ja, graag.\n\n> Mogen we langskomen?\n> Groeten\n") == "Ja, graag."


def test_inline_answers_between_quoted_lines_are_kept():
    text = "> Werkt de printer?\nNee.\n> En de scanner?\nWel.\n"

    assert strip_quoted_reply(text) == "> Werkt de printer?\nNee.\n> En de scanner?\nWel."


def test_a_from_line_in_the_new_text_itself_is_not_mistaken_for_a_quote_header():
    text = "From: the top floor printer we get errors.\nPlease check."

    assert strip_quoted_reply(text) == text


def test_a_mail_that_is_only_a_quote_is_kept_whole_rather_than_emptied():
    assert strip_quoted_reply("> alleen citaat\n") == "> alleen citaat"
