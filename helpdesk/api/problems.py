"""RFC 7807 problem details: every API error is `application/problem+json`, never a page.

Views raise `Problem`; HTTP errors raised anywhere under /api/ (an unknown path, a method
the route does not allow, a body too large) are turned into problems too.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException

API_PREFIX = "/api/v1"
PROBLEM_TYPE = "application/problem+json"


class Problem(Exception):
    """An API error with its HTTP status; `detail` is for the person reading the response."""

    def __init__(self, status: int, title: str, detail: str = "", **extra: Any) -> None:
        super().__init__(detail or title)
        self.status, self.title, self.detail, self.extra = status, title, detail, extra


def problem_response(status: int, title: str, detail: str = "", **extra: Any) -> Response:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_TYPE
    if status == 401:
        # RFC 6750: say which scheme is expected, and that the token given did not do.
        response.headers["WWW-Authenticate"] = 'Bearer realm="helpdesk"'
    return response


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def from_http_exception(error: HTTPException) -> Response:
    status = error.code or 500
    response = problem_response(status, error.name, error.description or "")
    if status == 405 and error.response is None:
        allowed = getattr(error, "valid_methods", None)
        if allowed:
            response.headers["Allow"] = ", ".join(sorted(allowed))
    return response


def register(app: Flask) -> None:
    """Problems for the API; every other path keeps the HTML pages of web/errors.py."""

    @app.errorhandler(Problem)
    def _problem(error: Problem) -> Response:
        return problem_response(error.status, error.title, error.detail, **error.extra)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException) -> Any:
        if is_api_request():
            return from_http_exception(error)
        return error  # the default response, as without this handler
