"""Snippets: an excerpt of a ticket's text around the first matching word, HTML-escaped,
with only the matching words wrapped in <mark>. Pure: text and query in, Markup out."""

from __future__ import annotations

from markupsafe import Markup, escape

from helpdesk.search.words import Query, fold_in_place, stems

WIDTH = 200  # characters of context shown
BEFORE = 60  # of which before the first match


def _matches(folded: str, word: str, query: Query) -> bool:
    if folded in query.forms or query.prefix and folded.startswith(query.prefix):
        return True
    return any(stem in query.forms for stem in stems(word))


def spans(text: str, query: Query, start: int = 0, end: int | None = None,
          first_only: bool = False) -> list[tuple[int, int]]:
    """Where the query's words (or words with the same stem) occur in text[start:end]."""
    folded = fold_in_place(text)  # same offsets; the regex skips words that cannot match
    found = []
    for m in query.beginnings.finditer(folded, start, len(text) if end is None else end):
        if _matches(m.group(), text[m.start():m.end()], query):
            found.append(m.span())
            if first_only:
                break
    return found


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
    first_match = spans(text, query, first_only=True)  # a long mail is read only this far
    if not first_match:
        return None
    first = first_match[0][0]
    start = max(0, first - BEFORE)
    if start:  # begin at a word boundary
        space = text.rfind(" ", 0, start + 1)
        start = space + 1 if space >= 0 and first - space < BEFORE + 20 else start
    end = min(len(text), start + width)
    inside = [(s - start, e - start) for s, e in spans(text, query, start, end)]
    excerpt = " ".join(text[start:end].split())  # mail line breaks read as spaces
    if excerpt != text[start:end]:  # the spans moved: mark again on the excerpt
        inside = None
    body = highlight(excerpt, query, inside)
    return Markup(("… " if start else "") + body + (" …" if end < len(text) else ""))
