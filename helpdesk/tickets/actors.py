"""Who did something: a staff member, a contact person or the system itself."""

from __future__ import annotations

from dataclasses import dataclass

from helpdesk.models import ContactPerson, Staff


@dataclass(frozen=True)
class Actor:
    kind: str  # staff, contact, system
    id: int | None
    name: str

    @classmethod
    def of(cls, account: Staff | ContactPerson) -> Actor:
        return cls("staff" if account.is_staff else "contact", account.id, account.name)

    @classmethod
    def system(cls, name: str = "system") -> Actor:
        return cls("system", None, name)
