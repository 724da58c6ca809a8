"""The pure half of search: what a query means, and its snippets (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpdesk.search.snippets import highlight, snippet
from helpdesk.search.words import MAX_QUERY_CHARS, QueryRefused, Reference, parse, stem_text


@pytest.mark.parametrize("text", ["", "   ", "\x00", "*", "-", '"', "()", "(((", "- * ^ ~"])
def test_a_query_without_words_is_refused_with_a_reason(text):
    with pytest.raises(QueryRefused) as refused:
        parse(text)
    assert str(refused.value)


def test_an_enormous_query_is_refused():
    with pytest.raises(QueryRefused, match="too long"):
        parse("printer " * 100)
    parse("p" * MAX_QUERY_CHARS)  # the longest one accepted


def test_fts_syntax_is_only_separators():
    query = parse('printer NEAR(x y) "quoted -minus* col:umn AND OR NOT')
    assert query.words == ("printer", "near", "x", "y", "quoted", "minus", "col", "umn",
                           "and", "or", "not")


@pytest.mark.parametrize(("text", "reference"), [
    ("HD-2026-00042", Reference(2026, 42)), ("hd-2026-42", Reference(2026, 42)),
    ("42", Reference(None, 42)), ("2026-42", Reference(2026, 42)), ("printer 42", None)])
def test_a_reference_or_its_number(text, reference):
    assert parse(text).reference == reference


def test_stems_cover_dutch_french_and_english():
    stems = stem_text("afdrukken imprimantes printers").split()
    assert {"afdruk", "imprim", "printer"} <= set(stems)


def test_snippet_escapes_html_and_marks_only_the_matches():
    text = "Before <script>alert(1)</script> the printers & scanners stopped working."
    found = snippet(text, parse("printer"))
    assert "<script>" not in found
    assert "&lt;script&gt;" in found
    assert "<mark>printers</mark>" in found
    assert found.count("<mark>") == 1


def test_snippet_marks_diacritic_and_stem_variants():
    found = highlight("Le réseau et les imprimantes", parse("reseau imprimante"))
    assert found == "Le <mark>réseau</mark> et les <mark>imprimantes</mark>"


def test_a_snippet_starts_near_the_first_match_in_a_long_text():
    text = "filler " * 500 + "the firewall rejected it" + " more" * 100
    found = snippet(text, parse("firewall"))
    assert found.startswith("… ") and "<mark>firewall</mark>" in found and len(found) < 400


@given(st.text(max_size=300))
def test_any_text_is_a_query_or_a_clear_refusal(text):
    try:
        query = parse(text)
    except QueryRefused as refused:
        assert str(refused)
    else:
        assert query.words and all(w.strip() for w in query.words)
        # The query's own words are found in its text, and marked in escaped HTML.
        found = snippet(text, query)
        assert found is not None and "<mark>" in found
