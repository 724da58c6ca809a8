"""Canned replies, the pure part (issue #16): placeholders are checked, filled in, and the
contact's language is chosen with a visible fallback. No database, no clock."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from helpdesk.workflow import canned
from helpdesk.workflow.canned import TemplateRefused

VALUES = {"contact_name": "Jan Peeters", "reference": "HD-2026-00042",
          "title": "Mail down", "deadline": "maandag 2 februari 2026, 12:00 CET",
          "agent_name": "Tom"}


def test_every_placeholder_is_filled_in() -> None:
    text = "Beste {contact_name}, uw melding {reference} ({title}) is in behandeling; " \
           "termijn {deadline}. {agent_name}"
    assert canned.render(text, VALUES) == (
        "Beste Jan Peeters, uw melding HD-2026-00042 (Mail down) is in behandeling; "
        "termijn maandag 2 februari 2026, 12:00 CET. Tom")


def test_doubled_braces_are_literal_braces() -> None:
    assert canned.problems("Use {{curly}} braces") == []
    assert canned.render("Use {{curly}} for {reference}", VALUES) == \
        "Use {curly} for HD-2026-00042"


@pytest.mark.parametrize("text, unknown", [
    ("Dear {name}", ["name"]),
    ("{reference} {contract_nr} {Reference}", ["Reference", "contract_nr"]),
    ("Empty {} braces", ["{}"]),
])
def test_unknown_placeholders_are_named(text: str, unknown: list[str]) -> None:
    assert canned.unknown_placeholders(text) == unknown
    with pytest.raises(TemplateRefused):
        canned.render(text, VALUES)


@pytest.mark.parametrize("text", ["A lone { brace", "A lone } brace", "{deadline:%H}",
                                  "{reference!r}"])
def test_broken_braces_and_formats_are_refused(text: str) -> None:
    problems = canned.problems(text)
    assert problems and all(p.kind == "syntax" for p in problems)


def test_a_text_without_placeholders_is_fine() -> None:
    assert canned.problems("Thank you, we are on it.") == []


def test_the_contacts_language_is_chosen_when_there_is_a_variant() -> None:
    assert canned.choose({"nl", "en", "fr"}, "fr", "en") == canned.Choice("fr", "fr", False)


def test_without_a_variant_in_the_contacts_language_the_default_is_used_and_marked() -> None:
    assert canned.choose({"nl", "en"}, "de", "en") == canned.Choice("en", "de", True)


def test_without_the_default_either_some_variant_is_used_and_marked() -> None:
    assert canned.choose({"nl"}, "de", "en") == canned.Choice("nl", "de", True)
    assert canned.choose(set(), "de", "en") is None


def test_language_of_follows_the_persons_locale_else_the_default(app) -> None:
    from helpdesk.people.language import language_of

    with app.app_context():
        default = app.config["BABEL_DEFAULT_LOCALE"]
        assert language_of(SimpleNamespace(locale="fr")) == "fr"
        assert language_of(SimpleNamespace(locale="de_BE")) == "de"
        assert language_of(SimpleNamespace(locale="es")) == default  # not a written language
        assert language_of(SimpleNamespace()) == default  # no preference column yet
        assert language_of(None) == default


def test_the_web_labels_every_placeholder() -> None:
    from helpdesk.web.staff.workflow_forms import PLACEHOLDER_LABELS

    assert set(PLACEHOLDER_LABELS) == set(canned.PLACEHOLDERS)
