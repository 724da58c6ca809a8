"""The OpenAPI document as JSON, and the same document as a page for people (/api/docs),
rendered by our own template: no CDN, no script."""

from __future__ import annotations

import re

from flask import jsonify, render_template
from markupsafe import Markup, escape

from . import bp, docs_bp
from .openapi import document


@bp.get("/openapi.json")
def openapi_json():  # type: ignore[no-untyped-def]
    return jsonify(document())


@docs_bp.get("/docs")
def docs_page():  # type: ignore[no-untyped-def]
    doc = document()
    return render_template("api/docs.html", doc=doc, schemas=doc["components"]["schemas"],
                           base="/api/v1", md=inline_code)


def inline_code(text: str) -> Markup:
    """The document's `backticks` as <code>, everything else escaped."""
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", str(escape(text))))
