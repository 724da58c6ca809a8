"""A message with files: `multipart/form-data` with `text` and `files`, as the portal's
message form posts it, checked by the same limits (web/services.py: at most MAX_FILES files
of at most MAX_ATTACHMENT_BYTES each; the app's MAX_CONTENT_LENGTH bounds the request)."""

from __future__ import annotations

from flask import request

from helpdesk.auth.api_tokens import Principal
from helpdesk.mail import Attachment as Upload
from helpdesk.tickets.actions import ActionRefused
from helpdesk.web import services

from .body import invalid, json_body, text_field

MULTIPART = "multipart/form-data"


def message_input(account: Principal) -> tuple[str, list[Upload]]:
    """The message text and its files; a JSON body carries no files."""
    if request.mimetype != MULTIPART:
        return text_field(json_body(), "text", 20000), []
    text = text_field(request.form.to_dict(), "text", 20000)
    uploads = services.uploads_from(request.files.getlist("files"))
    if uploads and account.is_staff:  # the staff page's reply form takes no files either
        raise invalid("files", "A staff reply carries no files.", "not for staff replies")
    try:
        services.check_uploads(uploads)
    except ActionRefused as refusal:
        raise invalid("files", str(refusal), str(refusal)) from None
    return text, uploads
