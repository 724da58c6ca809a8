"""Argon2id password hashes (memory-hard); passwords are never stored or mailed in clear."""

from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

MIN_LENGTH = 8  # seed 000: passwords of at least 8 characters

_hasher = PasswordHasher()
# Tests hash hundreds of passwords; a cheap but still Argon2id hash keeps them fast.
_test_hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class WeakPassword(ValueError):
    pass


def _active() -> PasswordHasher:
    try:
        return _test_hasher if current_app.config.get("TESTING") else _hasher
    except RuntimeError:  # outside an app context (CLI scripts)
        return _hasher


def check_strength(password: str) -> None:
    if len(password) < MIN_LENGTH:
        raise WeakPassword(f"A password needs at least {MIN_LENGTH} characters.")


def hash_password(password: str) -> str:
    check_strength(password)
    return _active().hash(password)


def dummy_hash() -> str:
    """A hash of a random password with the active parameters, made once per hasher."""
    hasher = _active()
    if hasher not in _DUMMIES:
        _DUMMIES[hasher] = hasher.hash(secrets.token_urlsafe(16))
    return _DUMMIES[hasher]


_DUMMIES: dict[PasswordHasher, str] = {}


def verify_password(stored_hash: str | None, password: str) -> bool:
    if not stored_hash:
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
