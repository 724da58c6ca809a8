"""Flask-Login loads staff and contact persons from one id space: 'staff:7', 'contact:12',
and only while the cookie's server-side session is open (helpdesk/auth/revocation.py)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, session

from helpdesk.auth import revocation
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import ContactPerson, Staff

Account = Staff | ContactPerson
SESSION_KEY = "sid"


def find_account(user_id: str) -> Account | None:
    kind, _, raw = user_id.partition(":")
    if not raw.isdigit():
        return None
    model = {"staff": Staff, "contact": ContactPerson}.get(kind)
    return db.session.get(model, int(raw)) if model else None


def lifetimes(account: Account) -> tuple[timedelta, timedelta]:
    """(idle, absolute) for the account's kind, from the settings."""
    config = current_app.config
    idle = config["HELPDESK_STAFF_SESSION_IDLE_MINUTES" if account.is_staff
                  else "HELPDESK_PORTAL_SESSION_IDLE_MINUTES"]
    return timedelta(minutes=idle), timedelta(days=config["HELPDESK_SESSION_MAX_DAYS"])


def load_user(user_id: str) -> Account | None:
    account = find_account(user_id)
    if account is None or not account.active:
        return None
    idle, absolute = lifetimes(account)
    if not revocation.is_open(user_id, session.get(SESSION_KEY), utcnow(), idle=idle,
                              absolute=absolute):
        return None
    return account
