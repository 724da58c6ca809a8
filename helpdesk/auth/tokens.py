"""Signed, expiring, one-time password-reset links.

The token carries a fingerprint of the current password hash: once the password changes,
the same link no longer verifies, which makes it single-use without a token table.
"""

from __future__ import annotations

import hashlib

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from helpdesk.auth.sessions import Account, find_account

SALT = "password-reset"


class ResetLinkInvalid(ValueError):
    pass


class ResetLinkExpired(ValueError):
    pass


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def _fingerprint(account: Account) -> str:
    return hashlib.sha256((account.password_hash or "no-password").encode()).hexdigest()[:16]


def make_reset_token(account: Account) -> str:
    return _serializer().dumps({"id": account.get_id(), "fp": _fingerprint(account)})


def account_for_reset_token(token: str) -> Account:
    max_age = current_app.config["HELPDESK_PASSWORD_RESET_MAX_AGE"]
    try:
        data = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        raise ResetLinkExpired("This reset link has expired; ask for a new one.") from None
    except BadSignature:
        raise ResetLinkInvalid("This reset link is not valid.") from None
    account = find_account(data.get("id", ""))
    if account is None or data.get("fp") != _fingerprint(account):
        raise ResetLinkInvalid("This reset link has already been used or is no longer valid.")
    return account
