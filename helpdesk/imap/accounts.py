"""A mailbox row to the connection settings, its secret unsealed only here."""

from __future__ import annotations

from helpdesk.imap import connect as imap
from helpdesk.imap.secrets import SecretUnreadable, unseal
from helpdesk.models import Mailbox


def account_of(box: Mailbox, secret_key: str) -> imap.Account:
    try:
        secret = unseal(box.secret_sealed, secret_key=secret_key)
    except SecretUnreadable:
        raise imap.ImapProblem(imap.SECRET, "saved under another SECRET_KEY") from None
    return imap.Account(
        host=box.host, port=box.port, security=box.security, username=box.username,
        auth_method=box.auth_method, secret=secret, folder=box.folder,
        after_storing=box.after_storing, processed_folder=box.processed_folder)
