"""Flask-Login loads staff and contact persons from one id space: 'staff:7', 'contact:12',
and only while the cookie's server-side session is open (helpdesk/auth/revocation.py)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, session
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from helpdesk.auth import revocation
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import ContactPerson, Staff

Account = Staff | ContactPerson
SESSION_KEY = "sid"


MODELS: dict[str, type[Account]] = {"staff": Staff, "contact": ContactPerson}


def _parsed(user_id: str) -> tuple[type[Account], int] | None:
    kind, _, raw = user_id.partition(":")
    model = MODELS.get(kind)
    return (model, int(raw)) if model is not None and raw.isdigit() else None


def find_account(user_id: str) -> Account | None:
    parsed = _parsed(user_id)
    return db.session.get(*parsed) if parsed else None


def lifetimes(account: Account) -> tuple[timedelta, timedelta]:
    """(idle, absolute) for the account's kind, from the settings."""
    config = current_app.config
    idle = config["HELPDESK_STAFF_SESSION_IDLE_MINUTES" if account.is_staff
                  else "HELPDESK_PORTAL_SESSION_IDLE_MINUTES"]
    return timedelta(minutes=idle), timedelta(days=config["HELPDESK_SESSION_MAX_DAYS"])


def load_user(user_id: str) -> Account | None:
    """The signed-in account, while it is active and the cookie's session is open: read
    with its session row in one statement (this runs on every request)."""
    parsed, key = _parsed(user_id), session.get(SESSION_KEY)
    if parsed is None or not key:
        return None
    model, id = parsed
    query = select(model).where(model.id == id)
    if model is ContactPerson:  # every portal page names the contact's customer
        query = query.options(joinedload(ContactPerson.customer))
    found = db.session.execute(revocation.with_session(query, key)).first()
    if found is None:
        return None
    account, row = found
    if not account.active:
        return None
    idle, absolute = lifetimes(account)
    if not revocation.still_open(row, user_id, utcnow(), idle=idle, absolute=absolute):
        return None
    return account
