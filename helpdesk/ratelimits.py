"""Rate limiting (Flask-Limiter): the settings turned into the extension's configuration.

The limits themselves sit beside what they protect: the API's per token and per address in
api/limits.py, the password-reset form's in web/auth.py. Counters live in
HELPDESK_RATE_LIMIT_STORAGE: memory:// counts per process, so several gunicorn workers or
machines need a shared store (redis://, memcached://) to enforce one limit between them.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, current_app
from werkzeug.middleware.proxy_fix import ProxyFix

from helpdesk.extensions import limiter


def setting(name: str) -> Callable[[], str]:
    """A limit read per request from the app's settings, so each app (and test) has its own."""
    return lambda: str(current_app.config[f"HELPDESK_{name}"])


def init_app(app: Flask) -> None:
    proxies = int(app.config["HELPDESK_PROXY_COUNT"])
    if proxies:
        # Behind nginx or Caddy every request comes from the proxy's address: the client's
        # is the last one the trusted proxies appended to X-Forwarded-For. Trusting more
        # hops than there are proxies would let a client choose its own address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)  # type: ignore[method-assign]
    app.config.update(
        RATELIMIT_ENABLED=bool(app.config["HELPDESK_RATE_LIMIT_ENABLED"]),
        RATELIMIT_STORAGE_URI=app.config["HELPDESK_RATE_LIMIT_STORAGE"],
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_KEY_PREFIX="helpdesk",
    )
    from helpdesk.api import limits  # noqa: F401  puts the API's limits on its blueprints

    limiter.init_app(app)
