"""Limits on the public form that sends e-mail: the password-reset request.

Anyone can post it, and each accepted post mails a link, so it is limited per client
address (someone flooding many mailboxes) and per e-mail address (someone flooding one).
Only accepted posts count, not a typo the form sends back. Over the limit the form comes
back with what was typed and when to try again, as a page, not a bare 429. The log-in form
needs none of this: its lock-out after repeated failures (seed 000, auth/throttle.py)
already slows guessing, and it sends no mail.
"""

from __future__ import annotations

import hashlib
import math
import time
from datetime import UTC, datetime

from flask import Response, make_response, render_template, request
from flask_limiter import RequestLimit

from helpdesk.extensions import limiter
from helpdesk.i18n import gettext as _
from helpdesk.ratelimits import setting
from helpdesk.timefmt import brussels
from helpdesk.web.forms import ForgotPasswordForm


def _mailbox_key() -> str:
    # Hashed: the counters (in memory or a shared store) and Flask-Limiter's log line then
    # hold no e-mail address.
    email = (request.form.get("email") or "").strip().lower()
    return "mailbox:" + hashlib.sha256(email.encode()).hexdigest()[:32]


def _accepted(response: Response) -> bool:
    return response.status_code in (302, 303)


def _too_many_resets(limit: RequestLimit) -> Response:
    seconds = max(1, int(limit.reset_at - time.time()))  # as Flask-Limiter's Retry-After
    again = brussels(datetime.fromtimestamp(limit.reset_at, UTC), "%H:%M %Z")
    message = _("Too many reset requests from here or for this address. You can ask again "
                "in %(minutes)s minute(s), at %(time)s.",
                minutes=math.ceil(seconds / 60), time=again)
    form = ForgotPasswordForm()  # bound to the post: the address stays in the field
    response = make_response(render_template("auth/forgot.html", form=form,
                                             limited=message), 429)
    response.headers["Retry-After"] = str(seconds)
    return response


per_client = limiter.limit(
    setting("PASSWORD_RESET_RATE_LIMIT"), methods=["POST"], scope="password-reset",
    deduct_when=_accepted, on_breach=_too_many_resets)
per_mailbox = limiter.limit(
    setting("PASSWORD_RESET_EMAIL_RATE_LIMIT"), methods=["POST"], key_func=_mailbox_key,
    scope="password-reset-mailbox", deduct_when=_accepted, on_breach=_too_many_resets)
