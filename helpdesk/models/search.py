"""The search index's documents: one row per ticket, rebuilt from its events.

The text columns are what a search matches and what snippets are cut from; `public_*`
holds what the customer sees (the portal's events), `internal_*` the rest (notes, staff
bookkeeping, held mail attached by staff). On SQLite the FTS5 table `search_fts` indexes
these columns as external content (migration 0014, kept in step by triggers); on
PostgreSQL the two tsvector columns carry the index, with GIN indexes.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.extensions import db

Vector = TSVECTOR().with_variant(Text(), "sqlite")


class SearchDocument(db.Model):
    __tablename__ = "search_document"
    __table_args__ = (
        Index("ix_search_document_public_vector", "public_vector", postgresql_using="gin"),
        Index("ix_search_document_staff_vector", "staff_vector", postgresql_using="gin"),
    )

    ticket_id: Mapped[int] = mapped_column(
        ForeignKey("ticket.id"), primary_key=True, autoincrement=False)
    customer_id: Mapped[int] = mapped_column(Integer, index=True)
    reference: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(Text, default="")
    people: Mapped[str] = mapped_column(Text, default="")
    public_text: Mapped[str] = mapped_column(Text, default="")
    public_files: Mapped[str] = mapped_column(Text, default="")
    public_stems: Mapped[str] = mapped_column(Text, default="")
    internal_text: Mapped[str] = mapped_column(Text, default="")
    internal_files: Mapped[str] = mapped_column(Text, default="")
    internal_stems: Mapped[str] = mapped_column(Text, default="")
    # PostgreSQL only (NULL on SQLite): the customer's view and the staff's view.
    public_vector: Mapped[str | None] = mapped_column(Vector)
    staff_vector: Mapped[str | None] = mapped_column(Vector)
