"""Opening an IMAP session for a mailbox, with failures sorted into what an administrator
can act on (the "test connection" button and the mailbox page show them).

IMAPClient (over the stdlib's imaplib) gives IDLE, MOVE, UIDPLUS and XOAUTH2 with parsed
responses; certificates are always verified (the system's trust store), and plain text is
allowed only to the machine itself (a local Dovecot or a tunnel), never over a network.
HELPDESK_IMAP_CA_FILE adds a CA to trust (a provider's own Dovecot under its own CA).
"""

from __future__ import annotations

import contextlib
import ssl
from dataclasses import dataclass
from ipaddress import ip_address

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

CONNECT_SECONDS = 15.0
READ_SECONDS = 60.0

# What went wrong, in words an administrator can act on; the page translates them.
UNREACHABLE = "unreachable"
TLS = "tls"
AUTH = "auth"
FOLDER = "folder"
PROCESSED_FOLDER = "processed_folder"
PLAINTEXT = "plaintext"
PROTOCOL = "protocol"
SECRET = "secret"


@dataclass(frozen=True)
class Account:
    host: str
    port: int
    security: str  # tls, starttls, none
    username: str
    auth_method: str  # password, xoauth2
    secret: str
    folder: str = "INBOX"
    after_storing: str = "seen"
    processed_folder: str = ""


class ImapProblem(Exception):
    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(f"{kind}: {detail}" if detail else kind)
        self.kind = kind
        self.detail = detail


def is_loopback(host: str) -> bool:
    if host.lower() in {"localhost", "localhost.localdomain"}:
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def tls_context(cafile: str = "") -> ssl.SSLContext:
    """Certificates verified against the system's trust store, plus HELPDESK_IMAP_CA_FILE's
    (a provider's own CA for its own Dovecot)."""
    context = ssl.create_default_context()
    if cafile:
        context.load_verify_locations(cafile=cafile)
    return context


def connect(account: Account, *, timeout: float = READ_SECONDS,
            cafile: str = "") -> IMAPClient:
    """A logged-in session (not yet in a folder); raises ImapProblem."""
    if account.security == "none" and not is_loopback(account.host):
        raise ImapProblem(PLAINTEXT, account.host)
    context = tls_context(cafile)
    try:
        client = IMAPClient(account.host, port=account.port, ssl=account.security == "tls",
                            ssl_context=context, timeout=timeout)
    except ssl.SSLError as problem:
        raise ImapProblem(TLS, _reason(problem)) from problem
    except OSError as problem:  # refused, unresolvable, timed out
        raise ImapProblem(UNREACHABLE, _reason(problem)) from problem
    except IMAPClientError as problem:
        raise ImapProblem(PROTOCOL, _reason(problem)) from problem
    client.normalise_times = False  # INTERNALDATE with its zone (the content dedupe's day)
    try:
        if account.security == "starttls":
            if b"STARTTLS" not in client.capabilities():
                raise ImapProblem(TLS, "the server does not offer STARTTLS")
            client.starttls(context)
        if account.auth_method == "xoauth2":
            client.oauth2_login(account.username, account.secret)
        else:
            client.login(account.username, account.secret)
    except ImapProblem:
        _close(client)
        raise
    except LoginError as problem:
        _close(client)
        raise ImapProblem(AUTH, _reason(problem)) from problem
    except ssl.SSLError as problem:
        _close(client)
        raise ImapProblem(TLS, _reason(problem)) from problem
    except IMAPClientError as problem:
        _close(client)
        # Some servers answer a failed AUTHENTICATE with a plain NO rather than LOGIN's.
        kind = AUTH if "auth" in str(problem).lower() else PROTOCOL
        raise ImapProblem(kind, _reason(problem)) from problem
    except OSError as problem:
        _close(client)
        raise ImapProblem(UNREACHABLE, _reason(problem)) from problem
    return client


@dataclass(frozen=True)
class Selected:
    uidvalidity: int
    uidnext: int  # the UID the next message will get: every message now is below it


def select(client: IMAPClient, folder: str) -> Selected:
    """Select the folder (read-write)."""
    try:
        selected = client.select_folder(folder)
    except IMAPClientError as problem:
        raise ImapProblem(FOLDER, folder) from problem
    return Selected(int(selected[b"UIDVALIDITY"]), int(selected.get(b"UIDNEXT", 0)))


def check(account: Account, *, cafile: str = "") -> int:
    """What "test connection" does: log in, select the folder, find the processed folder.
    Returns the number of messages in the folder; raises ImapProblem."""
    client = connect(account, timeout=CONNECT_SECONDS, cafile=cafile)
    try:
        select(client, account.folder)
        count = len(client.search(["ALL"]))
        if account.after_storing == "move" and not client.folder_exists(
                account.processed_folder):
            raise ImapProblem(PROCESSED_FOLDER, account.processed_folder)
        return count
    except (IMAPClientError, OSError) as problem:
        raise ImapProblem(PROTOCOL, _reason(problem)) from problem
    finally:
        _close(client)


def _reason(problem: BaseException) -> str:
    text = str(problem)
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1]
    return text[:300]


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # already broken: nothing to say goodbye to
        with contextlib.suppress(Exception):
            client.shutdown()
