"""Absolute links for mail, always from HELPDESK_BASE_URL and never from the request.

A link built from the request's Host header points wherever the requester says: a reset
mail asked for with `Host: evil.example` carried a working token to evil.example (#18).
Without a base URL (a development machine) links point at the local web server.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app


def base_url() -> str:
    configured = str(current_app.config.get("HELPDESK_BASE_URL") or "").rstrip("/")
    if configured:
        return configured
    return f"http://127.0.0.1:{current_app.config.get('HELPDESK_WEB_PORT', 5000)}"


def absolute_url(endpoint: str, **values: Any) -> str:
    """The public URL of `endpoint`, in or outside a request (the scheduler sends mail)."""
    parts = urlsplit(base_url())
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)


def trusted_hosts(configured_base_url: str) -> list[str] | None:
    """Flask's TRUSTED_HOSTS: the base URL's host and loopback (health checks, the local
    proxy); None (any host) while no base URL is set, as on a development machine."""
    host = urlsplit(configured_base_url).hostname if configured_base_url else None
    if not host:
        return None
    return list(dict.fromkeys([host, "localhost", "127.0.0.1", "::1"]))
