"""Full-text search of tickets (issue #16): reference, subjects, messages, mail bodies,
attachment names, customer and contact names and addresses.

- `words` (pure): what a query means — its words, their Dutch/French/English stems, a
  ticket reference — and the clear refusal of a query that means nothing.
- `snippets` (pure): the escaped excerpt with only the matching words marked.
- `documents`: one searchable document per ticket, built from its events (the truth).
- `index`: keeps the documents current in the one place tickets are written (the session's
  commit), and rebuilds them all (the migration's backfill, `helpdesk search reindex`).
- `query`: the ranked search itself, SQLite FTS5 or PostgreSQL tsvector/GIN, scoped to a
  customer for the portal and the API's contact tokens.
"""
