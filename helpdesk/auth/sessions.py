"""Flask-Login loads staff and contact persons from one id space: 'staff:7', 'contact:12'."""

from __future__ import annotations

from helpdesk.extensions import db
from helpdesk.models import ContactPerson, Staff

Account = Staff | ContactPerson


def find_account(user_id: str) -> Account | None:
    kind, _, raw = user_id.partition(":")
    if not raw.isdigit():
        return None
    model = {"staff": Staff, "contact": ContactPerson}.get(kind)
    return db.session.get(model, int(raw)) if model else None


def load_user(user_id: str) -> Account | None:
    account = find_account(user_id)
    return account if account is not None and account.active else None
