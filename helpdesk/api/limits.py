"""The API's rate limits: one budget per token, and a smaller one per address for requests
without a valid token, so that guessing tokens is slow.

Both are checked before the view. The per-address budget is only spent by requests that end
without a valid token, but once it is spent the address gets 429 whatever it sends: were a
valid token let through, the answer (200 rather than 429) would tell a guesser it had
guessed right. Exceeding either answers 429 problem+json (api/problems.py) with Retry-After
and the X-RateLimit-* headers, which every limited response carries.
"""

from __future__ import annotations

from flask import Response
from flask_limiter.util import get_remote_address

from helpdesk.extensions import limiter
from helpdesk.ratelimits import setting

from . import bp, docs_bp
from .auth import authenticated


def _token_key() -> str:
    found = authenticated()
    return f"token:{found[0].id}" if found else ""


def _without_valid_token() -> bool:
    return authenticated() is None


def _spent_without_token(response: Response) -> bool:
    return _without_valid_token()


per_token = limiter.shared_limit(
    setting("API_RATE_LIMIT"), scope="api-token", key_func=_token_key,
    exempt_when=_without_valid_token,
    error_message="This token has made too many requests; retry after the seconds in "
                  "Retry-After.")
per_address = limiter.shared_limit(
    setting("API_ANONYMOUS_RATE_LIMIT"), scope="api-anonymous", key_func=get_remote_address,
    deduct_when=_spent_without_token,
    error_message="Too many requests without a valid token from this address; retry after "
                  "the seconds in Retry-After.")

# The headers describe the limit with the shortest window (Flask-Limiter's choice) and,
# of equal windows, the first: the token's, with the defaults (both per minute).
per_token(bp)
per_address(bp)
per_address(docs_bp)
