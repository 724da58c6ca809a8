"""Plain error pages: 403, 404, 413, 429 and CSRF failures say what happened, never a traceback."""

from __future__ import annotations

from flask import Flask, Response, render_template
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from helpdesk.api.problems import from_http_exception, is_api_request, problem_response
from helpdesk.i18n import lazy_gettext as _l


def has_url_adapter() -> bool:
    return request_ctx.url_adapter is not None


def register_error_handlers(app: Flask) -> None:
    def page(code: int, title: str, message: str):  # type: ignore[no-untyped-def]
        if not has_url_adapter():  # an untrusted Host: the page's links cannot be built
            return Response(f"{code} {title}: {message}\n", code, mimetype="text/plain")
        if is_api_request():  # the API answers problem+json, never a page
            return problem_response(code, HTTP_STATUS_CODES[code], str(message))
        return render_template("error.html", code=code, title=title, message=message), code

    app.register_error_handler(
        400, lambda e: page(400, _l("Bad request"), e.description)
    )
    app.register_error_handler(
        403, lambda e: page(403, _l("Not allowed"),
                            _l("This page is not available to your account."))
    )
    app.register_error_handler(
        404, lambda e: page(404, _l("Not found"), _l("There is nothing at this address."))
    )
    app.register_error_handler(
        413, lambda e: page(413, _l("Too large"), _l("The upload is larger than allowed."))
    )
    def too_many(error: HTTPException):  # type: ignore[no-untyped-def]
        if error.response is not None:  # a page of its own, e.g. the reset form's
            return error.response
        if is_api_request():  # keeps the limit's own detail
            return from_http_exception(error)
        return page(429, _l("Too many requests"),
                    _l("Too many requests from your address; wait a minute and try again."))

    app.register_error_handler(429, too_many)
    app.register_error_handler(
        CSRFError,
        lambda e: page(400, _l("Form expired"), _l("The form was missing its security token; "
                                          "reload the page and try again.")),
    )
