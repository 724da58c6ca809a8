"""Response headers every page gets: no inline script anywhere, so injected HTML cannot run.
And input no column can hold (a NUL character) is refused with a clear 400 before any view
sees it."""

from __future__ import annotations

from itertools import chain

from flask import Flask, Response, abort, request
from flask_login import current_user

from helpdesk.i18n import gettext as _

# Mail HTML is shown only inside <iframe sandbox srcdoc>; the policy is the second fence.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'self'"
)


def register(app: Flask) -> None:
    @app.before_request
    def _refuse_nul() -> None:
        # PostgreSQL's text columns cannot store NUL: it would fail as a 500 at the insert.
        if any("\x00" in value for value in chain(request.args.values(),
                                                   request.form.values())):
            abort(400, description=_("The form contained a character that cannot be stored "
                                     "(NUL). Remove it and try again."))

    @app.after_request
    def _headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if request.authorization is not None or (
                request.endpoint != "static" and current_user.is_authenticated):
            # A page for one person is no one else's: no shared or back-button cache (#18).
            response.headers["Cache-Control"] = "no-store"
        return response
