"""A staff member's saved queue views: a name and the filter's query string (issue #16).

The query string is the same one the queue's URL carries, so a saved view opens exactly the
link one would share; it is parsed again (and checked) every time the view is shown.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.people import Staff
from helpdesk.models.types import UTCDateTime


class SavedView(db.Model):
    __tablename__ = "saved_view"
    __table_args__ = (Index("ix_saved_view_owner", "owner_id"),
                      Index("ix_saved_view_shared", "shared"))

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    name: Mapped[str] = mapped_column(String(100))
    query: Mapped[str] = mapped_column(String(2000))  # the queue URL's query string
    shared: Mapped[bool] = mapped_column(Boolean, default=False)  # seen by the whole team
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    owner: Mapped[Staff] = relationship()
