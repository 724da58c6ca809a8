"""Provider staff and the customer's contact persons (the only reporters, art. 33.2/35.2)."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.extensions import db
from helpdesk.models.types import UTCDateTime


class StaffRole(enum.StrEnum):
    AGENT = "agent"
    ESCALATION_MANAGER = "escalation_manager"  # tier 2, art. 39.4.1
    SENIOR_MANAGER = "senior_manager"  # tier 3, art. 39.4.1
    ADMINISTRATOR = "administrator"


# The managers: tiers 2 and 3 (art. 39.4.1) and administrators. They read credit reports,
# classify a claimed ticket as not an incident (R21) and keep the data-breach register (R24).
MANAGER_ROLES = (StaffRole.ESCALATION_MANAGER, StaffRole.SENIOR_MANAGER,
                 StaffRole.ADMINISTRATOR)


class PortalRole(enum.StrEnum):
    """Seed 000 roles for a customer's own accounts."""

    ADMINISTRATOR = "administrator"
    EDITOR = "editor"
    READER = "reader"


class Staff(UserMixin, db.Model):
    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32), default=StaffRole.AGENT)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when the person's data was anonymised (seed 003): the row stays for the history.
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The language of the UI and of this person's mails (helpdesk/locales.py); None: the
    # browser's language on pages, the default language in mail.
    locale: Mapped[str | None] = mapped_column(String(8))

    kind = "staff"

    def get_id(self) -> str:
        return f"staff:{self.id}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_staff(self) -> bool:
        return True

    @property
    def is_administrator(self) -> bool:
        return self.role == StaffRole.ADMINISTRATOR

    def __repr__(self) -> str:
        return f"<Staff {self.email} {self.role}>"


class ContactPerson(UserMixin, db.Model):
    __tablename__ = "contact_person"
    __table_args__ = (UniqueConstraint("email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    # Stored normalised and lower-cased, so mail is matched case-insensitively.
    email: Mapped[str] = mapped_column(String(320))
    phone: Mapped[str | None] = mapped_column(String(50))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    portal_role: Mapped[str] = mapped_column(String(32), default=PortalRole.EDITOR)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Seed 003: notifications only go to contacts confirmed by their holders.
    email_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    locale: Mapped[str | None] = mapped_column(String(8))  # as Staff.locale

    customer: Mapped[Customer] = relationship(back_populates="contacts")  # noqa: F821

    kind = "contact"

    def get_id(self) -> str:
        return f"contact:{self.id}"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_staff(self) -> bool:
        return False

    @property
    def may_submit(self) -> bool:
        return self.portal_role in (PortalRole.ADMINISTRATOR, PortalRole.EDITOR)

    def __repr__(self) -> str:
        return f"<ContactPerson {self.email} of customer {self.customer_id}>"


class LoginThrottle(db.Model):
    """Failed logins per address (known or not, so the lock-out reveals nothing)."""

    __tablename__ = "login_throttle"

    email: Mapped[str] = mapped_column(String(320), primary_key=True)
    failures: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
