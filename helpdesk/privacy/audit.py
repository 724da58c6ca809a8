"""The audit log of who saw, exported and erased personal data (seeds 003, 004 annex 2).

`record` adds an entry to the caller's transaction, so the entry lands exactly when the
action it describes does. The actor is the logged-in user unless one is named."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import AuditEntry


def record(action: str, subject_kind: str, subject_id: int | None = None, *,
           detail: str = "", actor: Any = None, actor_kind: str | None = None) -> AuditEntry:
    """Stage one audit entry; `actor` is a Staff or ContactPerson, or None for the current
    user (or the system, outside a request)."""
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    entry = AuditEntry(
        at=utcnow(),
        actor_kind=actor_kind or (getattr(actor, "kind", None) or "system"),
        actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "name", "") or "",
        action=action,
        subject_kind=subject_kind,
        subject_id=subject_id,
        detail=detail,
        remote_addr=request.remote_addr if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


def viewed(subject_kind: str, subject_id: int) -> None:
    """A page showing a person's or a ticket's data was opened: one insert, committed at
    once so the entry stands even if rendering fails. The page goes on with the objects
    it read (not expired by this commit: reloading the ticket and the user after it was a
    tenth of the ticket page's statements)."""
    record("viewed", subject_kind, subject_id)
    session = db.session()
    expiring = session.expire_on_commit
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring
