"""One log line per web request, and a request id that follows it through every log line.

The id comes from the X-Request-ID header of a proxy in front (when it looks like an id),
else it is generated; it is echoed in the response's X-Request-ID so that a user's report
and the log can be matched. The path is logged without its query string, and path parts
that carry a secret (the password-reset token) are masked.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, g, request

from helpdesk.logs import MASK, event, is_secret, request_id

log = logging.getLogger("helpdesk.web.request")

HEADER = "X-Request-ID"
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def incoming_request_id(header: str | None) -> str:
    if header and _ACCEPTED_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def logged_path() -> str:
    """The request path with secret view arguments (e.g. <token>) masked; no query string."""
    rule, arguments = request.url_rule, request.view_args or {}
    secrets = [name for name in arguments if is_secret(name)]
    if rule is None or not secrets:
        return request.path
    parts = re.split(r"(<[^>]+>)", rule.rule)
    shown = []
    for part in parts:
        match = re.fullmatch(r"<(?:[^:>]+:)?([^>]+)>", part)
        if match is None:
            shown.append(part)
        else:
            name = match.group(1)
            shown.append(MASK if name in secrets else str(arguments.get(name, part)))
    return (request.script_root or "") + "".join(shown)


def _user() -> tuple[str, int | None]:
    """The signed-in account, only if the request loaded it already (no extra query)."""
    user = g.get("_login_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return "anonymous", None
    kind, _, number = str(user.get_id()).partition(":")
    return kind, int(number) if number.isdigit() else None


def register(app: Flask) -> None:
    @app.before_request
    def _start() -> None:
        g.request_started = time.perf_counter()
        g.request_id = incoming_request_id(request.headers.get(HEADER))
        g.request_id_token = request_id.set(g.request_id)

    @app.after_request
    def _finish(response: Response) -> Response:
        started = g.get("request_started")
        if started is None:  # a before_request hook ahead of ours answered
            return response
        response.headers[HEADER] = g.request_id
        kind, user_id = _user()
        level = logging.ERROR if response.status_code >= 500 else logging.INFO
        event(log, "http.request", level=level, method=request.method, path=logged_path(),
              status=response.status_code,
              duration_ms=round((time.perf_counter() - started) * 1000, 1),
              user_kind=kind, user_id=user_id, remote_addr=request.remote_addr)
        return response

    @app.teardown_request
    def _forget(_error: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            try:
                request_id.reset(token)
            except ValueError:  # set in another context (a streamed response)
                request_id.set(None)
