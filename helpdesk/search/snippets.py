"""Snippets: an excerpt of a ticket's text around the first matching word, HTML-escaped,
with only the matching words wrapped in <mark>. Pure: text and query in, Markup out."""

from __future__ import annotations

from markupsafe import Markup, escape

from helpdesk.search.words import WORD, Query, fold, stems

WIDTH = 200  # characters of context shown
BEFORE = 60  # of which before the first match


def _matches(word: str, forms: frozenset[str], prefixes: frozenset[str],
             beginning: str | None) -> bool:
    folded = fold(word)
    if folded in forms or beginning and folded.startswith(beginning):
        return True
    # Stemming every word of a long mail is slow; a word can only share a stem with the
    # query when it starts like one of the query's forms.
    if folded[:3] not in prefixes:
        return False
    return any(stem in forms for stem in stems(word))


def spans(text: str, query: Query) -> list[tuple[int, int]]:
    """Where the query's words (or words with the same stem) occur in the text."""
    forms = query.forms()
    prefixes = frozenset(form[:3] for form in forms)
    return [m.span() for m in WORD.finditer(text)
            if _matches(m.group(), forms, prefixes, query.prefix)]


def highlight(text: str, query: Query, found: list[tuple[int, int]] | None = None) -> Markup:
    """The whole text, escaped, with the matches marked (for a title)."""
    found = spans(text, query) if found is None else found
    out: list[str] = []
    last = 0
    for start, end in found:
        out.append(str(escape(text[last:start])))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        last = end
    out.append(str(escape(text[last:])))
    return Markup("".join(out))


def snippet(text: str, query: Query, width: int = WIDTH) -> Markup | None:
    """About `width` characters around the first match, or None when nothing matches."""
    found = spans(text, query)
    if not found:
        return None
    first = found[0][0]
    start = max(0, first - BEFORE)
    if start:  # begin at a word boundary
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and first - space < BEFORE + 20 else start
    end = min(len(text), start + width)
    inside = [(s - start, e - start) for s, e in found if s >= start and e <= end]
    excerpt = " ".join(text[start:end].split())  # mail line breaks read as spaces
    if excerpt != text[start:end]:  # the spans moved: mark again on the excerpt
        inside = None
    body = highlight(excerpt, query, inside)
    return Markup(("… " if start else "") + body + (" …" if end < len(text) else ""))
