"""OAuth2 access tokens for XOAUTH2 from a refresh token (RFC 6749 section 6).

Microsoft 365 and Google Workspace issue access tokens that last about an hour; a mailbox
set up with "OAuth2 with a refresh token" keeps the refresh token (sealed) and the helpdesk
asks the provider's token endpoint for a fresh access token whenever the one it has is
within a minute of expiring. A provider that rotates refresh tokens returns a new one with
the access token; the caller stores it (accounts.py).
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from helpdesk.imap.connect import ImapProblem, is_loopback, tls_context

TOKEN = "token"  # the token endpoint refused or failed: ImapProblem's kind
MARGIN_SECONDS = 60.0
TIMEOUT_SECONDS = 15.0


@dataclass(frozen=True)
class Grant:
    token_url: str
    client_id: str
    client_secret: str
    refresh_token: str
    scope: str = ""


@dataclass(frozen=True)
class Token:
    access_token: str
    expires_at: float  # time.monotonic()
    refresh_token: str | None  # a rotated refresh token, when the provider sent one


_cache: dict[Grant, Token] = {}
_lock = threading.Lock()


def is_allowed_url(url: str) -> bool:
    parts = urlsplit(url)
    return bool(parts.hostname) and (parts.scheme == "https" or (
        parts.scheme == "http" and is_loopback(parts.hostname or "")))


def access_token(grant: Grant, *, cafile: str = "") -> Token:
    """A valid access token for the grant: the cached one, or a fresh one."""
    with _lock:
        cached = _cache.get(grant)
        if cached is not None and cached.expires_at - MARGIN_SECONDS > time.monotonic():
            return cached
    token = refresh(grant, cafile=cafile)
    with _lock:
        _cache[grant] = token
    return token


def refresh(grant: Grant, *, cafile: str = "") -> Token:
    if not is_allowed_url(grant.token_url):
        raise ImapProblem(TOKEN, f"the token endpoint must use https: {grant.token_url}")
    fields = {"grant_type": "refresh_token", "refresh_token": grant.refresh_token,
              "client_id": grant.client_id}
    if grant.client_secret:
        fields["client_secret"] = grant.client_secret
    if grant.scope:
        fields["scope"] = grant.scope
    request = urllib.request.Request(
        grant.token_url, data=urllib.parse.urlencode(fields).encode(), method="POST",
        headers={"Content-Type": "application/x-www-form-urlencoded",
                 "Accept": "application/json"})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS,  # noqa: S310 - checked
                                    context=tls_context(cafile)) as response:
            body = json.loads(response.read(1_000_000) or b"{}")
    except urllib.error.HTTPError as problem:
        raise ImapProblem(TOKEN, _described(problem)) from problem
    except (urllib.error.URLError, OSError, ValueError) as problem:
        raise ImapProblem(TOKEN, str(getattr(problem, "reason", problem))[:300]) from problem
    access = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(access, str) or not access:
        raise ImapProblem(TOKEN, "the token endpoint answered without an access token")
    lifetime = body.get("expires_in", 3600)
    rotated = body.get("refresh_token")
    return Token(access, started + float(lifetime if isinstance(lifetime, int | float)
                                         else 3600),
                 rotated if isinstance(rotated, str) and rotated != grant.refresh_token
                 else None)


def _described(problem: urllib.error.HTTPError) -> str:
    """The endpoint's own words (RFC 6749 5.2: error, error_description), else the status."""
    try:
        body = json.loads(problem.read(100_000) or b"{}")
    except ValueError:
        body = {}
    if isinstance(body, dict) and body.get("error"):
        words = str(body.get("error_description") or "")
        return f"{body['error']}: {words}"[:300] if words else str(body["error"])[:300]
    return f"HTTP {problem.code}"


def forget_all() -> None:
    """The server refused a token: ask for fresh ones rather than trust the expiry."""
    with _lock:
        _cache.clear()
