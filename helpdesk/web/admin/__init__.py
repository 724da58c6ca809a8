"""Administration (administrator role only): customers, contracts, fees, people, closing days."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__)

from helpdesk.web.admin import contracts, mailboxes, people, privacy, tokens  # noqa: E402,F401
