"""The staff search: the header's box on every staff page leads here (issue #16)."""

from __future__ import annotations

from flask import render_template, request

from helpdesk.search.query import LIMIT
from helpdesk.search.query import search as run_search
from helpdesk.search.words import QueryRefused
from helpdesk.web.access import staff_required
from helpdesk.web.search_words import refusal
from helpdesk.web.staff import bp

# Only the first characters are read: anything longer is refused as too long anyway.
READ_CHARS = 10_000


@bp.get("/search")
@staff_required
def search():  # type: ignore[no-untyped-def]
    """A GET search changes nothing (no CSRF token); an empty box shows the form only."""
    text = request.args.get("q", "")[:READ_CHARS]
    if not text.strip():
        return render_template("staff/search.html", q="", hits=None, refused=None)
    try:
        hits = run_search(text)
    except QueryRefused as refused:
        return render_template("staff/search.html", q=text, hits=None,
                               refused=refusal(refused)), 400
    return render_template("staff/search.html", q=text, hits=hits, refused=None, limit=LIMIT)
