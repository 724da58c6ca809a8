"""Bearer-token authentication: `Authorization: Bearer <secret>` and nothing else.

The API never looks at the session cookie, so a logged-in browser (or a page that tricks
one into calling the API) gets 401 like anybody without a token; that is also why the API
needs no CSRF token. Each view runs as the token's account, with the same rules as the
pages that account sees: staff see every customer, a contact person only their own.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import g, request

from helpdesk.auth import api_scopes, api_tokens
from helpdesk.auth.api_tokens import Principal
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.models import ApiToken
from helpdesk.web.access import is_manager

from .problems import Problem

F = TypeVar("F", bound=Callable[..., Any])
UNAUTHORIZED = "Unauthorized"
CACHE_KEY = "helpdesk.api_authenticated"


def bearer_secret() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def authenticated() -> tuple[ApiToken, Principal] | None:
    """The request's valid token and its account, or None; looked up once per request,
    because the rate limits (api/limits.py) ask before the view does. Kept in the WSGI
    environ, which is the request's own (`g` outlives a request when tests hold a context)."""
    if CACHE_KEY not in request.environ:
        secret = bearer_secret()
        found = None if secret is None else api_tokens.authenticate(secret, utcnow())
        if db.session.dirty:
            db.session.commit()  # last_used_at, before the view's own transaction begins
        request.environ[CACHE_KEY] = found
    return request.environ[CACHE_KEY]  # type: ignore[no-any-return]


def authenticate() -> tuple[ApiToken, Principal]:
    if bearer_secret() is None:
        raise Problem(401, UNAUTHORIZED, "Send an API token: 'Authorization: Bearer <token>'.")
    found = authenticated()
    if found is None:
        raise Problem(401, UNAUTHORIZED,
                      "The token is unknown, revoked or expired, or its account is inactive.")
    return found


def principal() -> Principal:
    return g.api_principal  # type: ignore[no-any-return]


def requires(allowed: Callable[[Principal], bool], refusal: str) -> Callable[[F], F]:
    """Authenticate by token, then allow the account or answer 403 with `refusal`."""
    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            g.api_token, g.api_principal = authenticate()
            if not allowed(g.api_principal):
                raise Problem(403, "Forbidden", refusal)
            if not api_scopes.allows(g.api_token.scopes, request.endpoint, request.method):
                scope = api_scopes.needed(request.endpoint, request.method)
                raise Problem(403, "Forbidden", f"This token's scopes "
                              f"({api_scopes.described(g.api_token.scopes)}) do not include "
                              f"'{scope}'.")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


token_required = requires(lambda account: True, "")
staff_only = requires(lambda account: account.is_staff, "Only staff tokens may do this.")
contact_only = requires(lambda account: not account.is_staff,
                        "Only a customer's contact person may do this.")
# Seed 000 roles: a reader may look but not act, as in the portal.
submitter_only = requires(lambda account: not account.is_staff and account.may_submit,
                          "Your portal role may read tickets but not report or reply.")
# The credit statements are the reports pages' data: managers only (web/access.py).
managers_only = requires(is_manager, "Only managers may read credit statements.")
