"""The scope each API operation needs, written into the OpenAPI document (#18)."""

from __future__ import annotations

import re
from typing import Any

from flask import current_app

from helpdesk.auth import api_scopes

PREFIX = "/api/v1"

DESCRIPTION = (
    " A token may be limited by scopes (chosen when it is made): `read` for every GET, and "
    "one named action per changing operation (" + ", ".join(f"`{name}`"
                                                            for name in api_scopes.ACTIONS)
    + "); each operation names its scope as `x-required-scope`. A token without scopes has "
    "all of its account's rights; a call outside the token's scopes is 403.")


def endpoint_of(path: str, method: str) -> str:
    """The Flask endpoint serving a documented path ('{reference}' and the like filled)."""
    sample = re.sub(r"\{[^}]+\}", "1", PREFIX + path)
    endpoint, _ = current_app.url_map.bind("localhost").match(sample, method=method)
    return str(endpoint)


def with_scopes(paths: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """`paths` with `x-required-scope` on every operation that needs a token (the scope
    comes from the serving endpoint, as the check in api/auth.py reads it)."""
    annotated: dict[str, dict[str, Any]] = {}
    for path, operations in paths.items():
        annotated[path] = {}
        for method, found in operations.items():
            verb = method.upper()
            scope = "" if found.get("security") == [] else api_scopes.needed(
                endpoint_of(path, verb), verb)  # the public document itself needs none
            if scope:
                found = {**found, "x-required-scope": scope}
            annotated[path][method] = found
    return annotated
