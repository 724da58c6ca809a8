"""A mailbox row to the connection settings, its secrets unsealed only here; for OAuth2
with a refresh token, a current access token (a rotated refresh token is sealed back into
the row, committed by the caller)."""

from __future__ import annotations

from helpdesk.imap import connect as imap
from helpdesk.imap import oauth
from helpdesk.imap.secrets import SecretUnreadable, seal, unseal
from helpdesk.models import Mailbox


def _open(sealed: str, secret_key: str) -> str:
    if not sealed:
        return ""
    try:
        return unseal(sealed, secret_key=secret_key)
    except SecretUnreadable:
        raise imap.ImapProblem(imap.SECRET, "saved under another SECRET_KEY") from None


def grant_of(box: Mailbox, secret_key: str, *, refresh_token: str | None = None,
             client_secret: str | None = None) -> oauth.Grant:
    return oauth.Grant(
        token_url=box.oauth_token_url, client_id=box.oauth_client_id,
        client_secret=client_secret if client_secret is not None
        else _open(box.oauth_client_secret_sealed, secret_key),
        refresh_token=refresh_token if refresh_token is not None
        else _open(box.secret_sealed, secret_key),
        scope=box.oauth_scope)


def signed_in_with(grant: oauth.Grant, *, cafile: str = "",
                   box: Mailbox | None = None, secret_key: str = "") -> str:
    """An access token for the grant; a rotated refresh token is kept on `box`."""
    token = oauth.access_token(grant, cafile=cafile)
    if token.refresh_token and box is not None:
        box.secret_sealed = seal(token.refresh_token, secret_key=secret_key)
    return token.access_token


def account_of(box: Mailbox, secret_key: str, *, cafile: str = "") -> imap.Account:
    if box.auth_method == "oauth2":
        secret = signed_in_with(grant_of(box, secret_key), cafile=cafile, box=box,
                                secret_key=secret_key)
        method = "xoauth2"
    else:
        secret, method = _open(box.secret_sealed, secret_key), box.auth_method
    return imap.Account(
        host=box.host, port=box.port, security=box.security, username=box.username,
        auth_method=method, secret=secret, folder=box.folder,
        after_storing=box.after_storing, processed_folder=box.processed_folder)
