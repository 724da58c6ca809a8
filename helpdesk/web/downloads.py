"""File downloads that can never render as a page: always an attachment, a safe type."""

from __future__ import annotations

from flask import Response

from helpdesk.models import Attachment

# Types a browser shows passively; anything else (HTML, SVG, XML, scripts) is a byte stream.
SAFE_TYPES = {
    "image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf", "text/plain",
    "text/csv", "application/zip", "application/msword", "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_content_type(declared: str | None) -> str:
    base = (declared or "").split(";")[0].strip().lower()
    if base not in SAFE_TYPES:
        return "application/octet-stream"
    return f"{base}; charset=utf-8" if base.startswith("text/") else base


def attachment_response(filename: str, content_type: str | None, data: bytes) -> Response:
    # content_type, not mimetype: werkzeug would append a second charset to text types.
    response = Response(data, content_type=safe_content_type(content_type))
    response.headers.set("Content-Disposition", "attachment", filename=filename or "file")
    response.headers["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def send_attachment(attachment: Attachment) -> Response:
    return attachment_response(attachment.filename, attachment.content_type, attachment.data)
