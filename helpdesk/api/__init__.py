"""The REST API (/api/v1): JSON, bearer-token authentication, scoped like the pages.

One blueprint for the API, one for its human documentation page (/api/docs). The API is
exempt from CSRF because it never authenticates by cookie (see auth.py).
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint("api", __name__)
docs_bp = Blueprint("api_docs", __name__)

from helpdesk.api import (  # noqa: E402,F401
    account,
    attachments,
    breaches,
    contact_actions,
    credits,
    docs,
    duties,
    hours,
    nonpayment,
    problems,
    staff_actions,
    tickets,
    visits,
)


def register(app: Flask) -> None:
    from helpdesk.extensions import csrf

    csrf.exempt(bp)
    app.register_blueprint(bp, url_prefix="/api/v1")
    app.register_blueprint(docs_bp, url_prefix="/api")
    problems.register(app)
