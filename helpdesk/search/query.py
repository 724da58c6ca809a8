"""The ranked search: a reference first, then the full-text matches by relevance.

SQLite: FTS5 (`search_fts`, unicode61 with remove_diacritics 2) matched with each word as
a quoted string OR'ed with its stems, ranked by field tiers (reference and subject, then
people and file names, then anywhere), newest first within a tier. PostgreSQL: the word
under the simple, Dutch, French and English configurations against the tsvector (GIN),
the newest RANKED matches ranked by ts_rank_cd (weights A-D). Both are scoped by
customer for the portal and a contact's API token, and to open tickets for held mail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup
from sqlalchemy import select, text

from helpdesk.extensions import db
from helpdesk.models import ReferenceCounter, SearchDocument, Ticket
from helpdesk.search.index import PG_CONFIGS
from helpdesk.search.snippets import highlight, snippet
from helpdesk.search.words import Query, fold, fold_in_place, parse, stems
from helpdesk.tickets.not_incident import OPEN_STATUSES

LIMIT = 25  # a page of the best matches; narrowing the words finds the rest
# PostgreSQL: a word in most tickets matches tens of thousands, and ts_rank_cd reads each
# match's whole vector; the ranking weighs the newest RANKED matches only (older ones
# appear as the words narrow). Recent tickets are the likelier wanted.
RANKED = 200
PG_WINDOW = 5000  # tickets, newest first, searched before all of them
PUBLIC = ("reference", "title", "people", "public_text", "public_files", "public_stems")
INTERNAL = ("internal_text", "internal_files", "internal_stems")
# The ranking's tiers (helpdesk/search/__init__.py): subject, then people and files, then all.
TIERS: tuple[tuple[str, ...] | None, ...] = (
    ("reference", "title"), ("reference", "title", "people", "public_files", "internal_files"),
    None)
OPEN = "(" + ", ".join(f"'{status}'" for status in OPEN_STATUSES) + ")"


@dataclass(frozen=True)
class Hit:
    ticket: Ticket
    title: Markup
    snippet: Markup | None
    by_reference: bool


def _fts_word(word: str, prefix: str | None) -> str:
    # Words hold only letters and digits (words.WORD), so quoting makes each a plain
    # string to FTS5: no operator, column filter or NEAR can come from the user.
    # unicode61 folds case and accents one character at a time (ß stays ß): both spellings.
    forms = [f'"{form}"' for form in dict.fromkeys(
        [fold_in_place(word), fold(word), *stems(word)])]
    if prefix:
        forms.append(f'"{prefix}"*')
    return "(" + " OR ".join(forms) + ")"


def fts_expression(query: Query, *, customer_id: int | None,
                   columns: tuple[str, ...] | None = None) -> str:
    """The MATCH text: every word (or its stems) in these columns (default: all that the
    scope may see; the customer never sees the internal ones)."""
    last = len(query.words) - 1
    expression = " AND ".join(_fts_word(word, query.prefix if n == last else None)
                              for n, word in enumerate(query.words))
    visible = PUBLIC if customer_id is not None else PUBLIC + INTERNAL
    chosen = [c for c in (columns or visible) if c in visible]
    filtered = f"{{{' '.join(chosen)}}} : ({expression})"
    if customer_id is None:
        return filtered
    return f'customer_id : "{int(customer_id)}" AND {filtered}'


def _sqlite_matches(query: Query, customer_id: int | None, open_only: bool,
                    limit: int) -> list[int]:
    """Field tiers, newest first within each: matches in the reference or subject, then in
    people or file names, then anywhere. FTS5 walks its doclists newest rowid first and
    stops at the limit, so a word in most tickets costs what a rare one does; bm25 would
    first count every row holding each word (its IDF), tens of milliseconds for a word in
    most of 100,000 tickets."""
    found: list[int] = []
    sql = "SELECT search_fts.rowid FROM search_fts "
    if open_only:
        sql += f"JOIN ticket t ON t.id = search_fts.rowid AND t.status IN {OPEN} "
    sql += "WHERE search_fts MATCH :match ORDER BY search_fts.rowid DESC LIMIT :limit"
    for columns in TIERS:
        if len(found) >= limit:
            break
        match = fts_expression(query, customer_id=customer_id, columns=columns)
        for rowid in db.session.scalars(text(sql), {"match": match, "limit": limit}):
            if rowid not in found:
                found.append(rowid)
    return found[:limit]


def _pg_tsquery(query: Query, params: dict[str, Any]) -> str:
    words = []
    for n, word in enumerate(query.words):
        params[f"w{n}"], params[f"f{n}"] = word, fold(word)
        forms = [f"plainto_tsquery('simple', :w{n})", f"plainto_tsquery('simple', :f{n})"]
        forms += [f"plainto_tsquery('{config}', :w{n})" for config in PG_CONFIGS]
        if query.prefix and n == len(query.words) - 1:
            # The prefix is letters and digits only (words.WORD): no tsquery syntax.
            params["prefix"] = f"{query.prefix}:*"
            forms.append("to_tsquery('simple', :prefix)")
        words.append("(" + " || ".join(forms) + ")")
    return " && ".join(words)


def _pg_matches(query: Query, customer_id: int | None, open_only: bool,
                limit: int) -> list[int]:
    """First among the newest PG_WINDOW tickets (the GIN bitmap ANDed with a primary-key
    range: a common word costs what a rare one does), then, when that does not fill the
    page, among all of them (a rare word: a small bitmap)."""
    newest = db.session.scalar(text("SELECT max(ticket_id) FROM search_document")) or 0
    rows: list[int] = []
    for floor in (newest - PG_WINDOW, None):
        if floor is not None and floor <= 0:
            continue
        rows = _pg_ranked(query, customer_id, open_only, limit, floor)
        if len(rows) >= limit:
            break
    return rows


def _pg_ranked(query: Query, customer_id: int | None, open_only: bool, limit: int,
               floor: int | None) -> list[int]:
    params: dict[str, Any] = {"limit": limit, "ranked": RANKED}
    vector = "public_vector" if customer_id is not None else "staff_vector"
    scope = ""
    if floor is not None:
        scope += "AND d.ticket_id > :floor "
        params["floor"] = floor
    if customer_id is not None:
        scope += "AND d.customer_id = :customer "
        params["customer"] = customer_id
    if open_only:
        scope += (f"AND EXISTS (SELECT 1 FROM ticket t WHERE t.id = d.ticket_id "
                  f"AND t.status IN {OPEN}) ")
    sql = (f"WITH q AS (SELECT {_pg_tsquery(query, params)} AS q), "
           f"candidates AS (SELECT d.ticket_id FROM search_document d, q "
           f"WHERE d.{vector} @@ q.q {scope}ORDER BY d.ticket_id DESC LIMIT :ranked) "
           f"SELECT d.ticket_id FROM candidates c JOIN search_document d "
           f"ON d.ticket_id = c.ticket_id, q "
           f"ORDER BY ts_rank_cd(d.{vector}, q.q) DESC, d.ticket_id DESC LIMIT :limit")
    return list(db.session.scalars(text(sql), params))


def _by_reference(query: Query, customer_id: int | None, open_only: bool) -> list[int]:
    if query.reference is None:
        return []
    ref = query.reference
    years = [ref.year] if ref.year else list(db.session.scalars(
        select(ReferenceCounter.year).order_by(ReferenceCounter.year.desc())))
    names = [f"HD-{year}-{ref.number:05d}" for year in years]
    found = select(Ticket.id).where(Ticket.reference.in_(names))
    if customer_id is not None:
        found = found.where(Ticket.customer_id == customer_id)
    if open_only:
        found = found.where(Ticket.status.in_(OPEN_STATUSES))
    return list(db.session.scalars(found.order_by(Ticket.id.desc())))


def ticket_ids(query: Query, *, customer_id: int | None = None, open_only: bool = False,
               limit: int = LIMIT) -> list[tuple[int, bool]]:
    """The matching tickets' ids, best first, each with whether its reference matched."""
    exact = _by_reference(query, customer_id, open_only)
    if exact and query.reference and query.reference.year and len(query.words) <= 3:
        return [(tid, True) for tid in exact][:limit]  # HD-2026-00042: that ticket
    matcher = _pg_matches if db.session.get_bind().dialect.name == "postgresql" \
        else _sqlite_matches
    ranked = matcher(query, customer_id, open_only, limit)
    ordered = [(tid, True) for tid in exact]
    ordered += [(tid, False) for tid in ranked if tid not in exact]
    return ordered[:limit]


def search(text_: str, *, customer_id: int | None = None, open_only: bool = False,
           limit: int = LIMIT) -> list[Hit]:
    """Ranked hits with highlighted title and snippet; raises words.QueryRefused.

    `customer_id` set: only that customer's tickets and only what the customer sees (the
    portal, a contact's token); None: staff, every ticket, internal notes included."""
    query = parse(text_)
    found = ticket_ids(query, customer_id=customer_id, open_only=open_only, limit=limit)
    if not found:
        return []
    ids = [tid for tid, _ in found]
    tickets = {t.id: t for t in db.session.scalars(select(Ticket).where(Ticket.id.in_(ids)))}
    docs = {d.ticket_id: d for d in db.session.scalars(
        select(SearchDocument).where(SearchDocument.ticket_id.in_(ids)))}
    hits = []
    for tid, by_reference in found:
        ticket = tickets.get(tid)
        if ticket is None:
            continue
        doc = docs.get(tid)
        hits.append(Hit(ticket, highlight(ticket.title or "", query),
                        _snippet(doc, query, staff=customer_id is None), by_reference))
    return hits


def _snippet(doc: SearchDocument | None, query: Query, *, staff: bool) -> Markup | None:
    if doc is None:
        return None
    fields = [doc.public_text, doc.people, doc.public_files]
    if staff:
        fields[1:1] = [doc.internal_text]
        fields.append(doc.internal_files)
    for field in fields:
        if field and (found := snippet(field, query)) is not None:
            return found
    return None

