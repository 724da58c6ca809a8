from __future__ import annotations

import pytest

from helpdesk.mail import normalise_address

# date_free: parsing and composing mail, no time in it; no clock read, no database.
pytestmark = pytest.mark.date_free


def test_address_is_lower_cased_as_a_whole_for_case_insensitive_matching():
    assert normalise_address("Jan.Peeters@Klant.BE") == "jan.peeters@klant.be"


def test_surrounding_whitespace_and_angle_brackets_are_ignored():
    assert normalise_address("  <els@klant.be> ") == "els@klant.be"


def test_internationalised_domain_is_kept_in_unicode_lower_case():
    assert normalise_address("info@Bücher.de") == "info@bücher.de"


@pytest.mark.parametrize("value", [None, "", "   ", "<>", "jan", "jan@", "@klant.be",
                                   "jan@@klant.be", "jan peeters@klant.be", "jan@klant"])
def test_invalid_address_gives_none(value):
    assert normalise_address(value) is None
