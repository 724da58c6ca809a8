"""`GET /api/v1/me`: who a token acts as, so an integration can check its set-up."""

from __future__ import annotations

from flask import g, jsonify

from . import bp
from .auth import principal, token_required
from .serialize import iso


@bp.get("/me")
@token_required
def me():  # type: ignore[no-untyped-def]
    account, token = principal(), g.api_token
    return jsonify({
        "kind": account.kind,
        "id": account.id,
        "name": account.name,
        "role": account.role if account.is_staff else account.portal_role,
        "customer": None if account.is_staff else {"id": account.customer_id,
                                                   "name": account.customer.name},
        "token": {"id": token.id, "name": token.name, "prefix": token.prefix,
                  "expires_at": iso(token.expires_at),
                  "scopes": token.scopes.split() if token.scopes else None},
    })
