"""The OpenAPI document as JSON, and the same document as a page for people (/api/docs),
rendered by our own template: no CDN, no script."""

from __future__ import annotations

from flask import jsonify, render_template

from . import bp, docs_bp
from .openapi import document


@bp.get("/openapi.json")
def openapi_json():  # type: ignore[no-untyped-def]
    return jsonify(document())


@docs_bp.get("/docs")
def docs_page():  # type: ignore[no-untyped-def]
    doc = document()
    return render_template("api/docs.html", doc=doc, schemas=doc["components"]["schemas"],
                           base="/api/v1")
