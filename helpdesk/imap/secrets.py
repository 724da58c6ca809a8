"""Mailbox secrets sealed at rest: Fernet (AES-128-CBC + HMAC-SHA256, `cryptography`) under
a key derived from the application's SECRET_KEY with HKDF.

The project keeps one secret per installation, SECRET_KEY (helpdesk/config.py: from the
environment, or generated once into the instance folder); every machine of one
installation shares it already (sessions, signed links), so every machine can open what
another sealed, and a database dump or backup alone reveals no mailbox password. Changing
SECRET_KEY makes the sealed secrets unreadable: the mailbox then reports it and an
administrator enters the password again.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

_PURPOSE = b"helpdesk imap mailbox secret v1"


class SecretUnreadable(Exception):
    """The sealed secret does not open under this SECRET_KEY (changed since it was saved)."""


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_PURPOSE).derive(
        secret_key.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(key))


def seal(plain: str, *, secret_key: str) -> str:
    return _fernet(secret_key).encrypt(plain.encode("utf-8")).decode("ascii")


def unseal(sealed: str, *, secret_key: str) -> str:
    try:
        return _fernet(secret_key).decrypt(sealed.encode("ascii")).decode("utf-8")
    except (InvalidToken, ValueError):
        raise SecretUnreadable from None
