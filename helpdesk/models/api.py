"""API tokens: a bearer secret that acts as one staff member or one contact person, so the
API is scoped exactly like the pages that person sees. Only a SHA-256 of the secret is kept."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.people import ContactPerson, Staff
from helpdesk.models.types import UTCDateTime


class ApiToken(db.Model):
    __tablename__ = "api_token"
    __table_args__ = (
        CheckConstraint("(staff_id IS NULL) <> (contact_id IS NULL)", name="one_principal"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the token is for: "Monitoring integration", "Jan's script"...
    name: Mapped[str] = mapped_column(String(200))
    secret_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    # The first characters of the secret, shown so a holder can tell tokens apart.
    prefix: Mapped[str] = mapped_column(String(16))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contact_person.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Space-separated scopes (helpdesk/auth/api_scopes.py); NULL: all of the account's rights.
    scopes: Mapped[str | None] = mapped_column(String(1000))

    staff: Mapped[Staff | None] = relationship(foreign_keys=[staff_id])
    contact: Mapped[ContactPerson | None] = relationship()
    created_by: Mapped[Staff | None] = relationship(foreign_keys=[created_by_id])
