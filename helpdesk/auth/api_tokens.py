"""API tokens: issue, authenticate and revoke bearer secrets (issue #9, REST API).

A token acts as exactly one staff member or one contact person. Only the SHA-256 of the
secret is stored; the secret itself is returned once, by `issue`, and never again. Issuing
and revoking are audited (seed 003: who did what with access to personal data).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from helpdesk.auth import api_scopes
from helpdesk.extensions import db
from helpdesk.models import ApiToken, ContactPerson, Staff
from helpdesk.privacy import audit

SECRET_PREFIX = "hd_"
PREFIX_LENGTH = 11  # "hd_" and 8 characters: enough to tell tokens apart, too few to guess
MAX_DAYS = 3650
# Writing last_used_at on every call would turn each GET into a write; a minute is exact
# enough for "last used" and keeps concurrent calls of one integration from contending.
LAST_USED_GRANULARITY = timedelta(minutes=1)

Principal = Staff | ContactPerson


class TokenRefused(ValueError):
    """The token cannot be issued as asked; the message says why."""


@dataclass(frozen=True)
class Issued:
    token: ApiToken
    secret: str  # shown once to the holder, never stored


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue(principal: Principal, *, name: str, now: datetime, days: int | None = None,
          created_by: Staff | None = None, scopes: list[str] | None = None) -> Issued:
    """A new token for `principal`, valid for `days` (or until revoked when None), limited
    to `scopes` (helpdesk/auth/api_scopes.py; none: all of the account's rights)."""
    try:
        stored_scopes = api_scopes.parse(scopes)
    except api_scopes.UnknownScope as problem:
        raise TokenRefused(str(problem)) from None
    name = name.strip()
    if not name:
        raise TokenRefused("Name the token, e.g. after the script or integration using it.")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise TokenRefused(f"A token is valid for 1 to {MAX_DAYS} days.")
    if not principal.active or principal.erased_at is not None:
        raise TokenRefused("Tokens are only issued to active accounts.")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name[:200], secret_sha256=digest(secret), prefix=secret[:PREFIX_LENGTH],
        staff_id=principal.id if principal.is_staff else None,
        contact_id=None if principal.is_staff else principal.id,
        created_at=now, created_by_id=created_by.id if created_by else None,
        expires_at=now + timedelta(days=days) if days else None, scopes=stored_scopes,
    )
    db.session.add(token)
    db.session.flush()
    audit.record("token_created", principal.kind, principal.id, actor=created_by,
                 detail=f"API token {token.id} ({token.prefix}…) '{token.name}'"
                        + (f", expires {token.expires_at:%Y-%m-%d}" if days else "")
                        + f", {api_scopes.described(stored_scopes)}")
    return Issued(token, secret)


def revoke(token: ApiToken, *, now: datetime, by: Staff | None = None) -> None:
    """Revoked tokens stay listed (with when), so an audit can tell which one was used."""
    if token.revoked_at is not None:
        return
    token.revoked_at = now
    holder = holder_of(token)
    audit.record("token_revoked", holder.kind, holder.id, actor=by,
                 detail=f"API token {token.id} ({token.prefix}…) '{token.name}'")


def holder_of(token: ApiToken) -> Principal:
    holder = token.staff if token.staff_id is not None else token.contact
    assert holder is not None  # the one_principal constraint guarantees exactly one
    return holder


def is_usable(token: ApiToken, now: datetime) -> bool:
    return token.revoked_at is None and (token.expires_at is None or token.expires_at > now)


def authenticate(secret: str, now: datetime) -> tuple[ApiToken, Principal] | None:
    """The token and the account it acts as, or None for an unknown, revoked or expired
    token and for a deactivated or erased account."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = db.session.scalar(select(ApiToken).where(ApiToken.secret_sha256 == digest(secret)))
    if token is None or not is_usable(token, now):
        return None
    holder = holder_of(token)
    if not holder.active or holder.erased_at is not None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_GRANULARITY:
        token.last_used_at = now
    return token, holder


def tokens_of(principal: Principal) -> list[ApiToken]:
    column = ApiToken.staff_id if principal.is_staff else ApiToken.contact_id
    return list(db.session.scalars(
        select(ApiToken).where(column == principal.id).order_by(ApiToken.id.desc())))
