"""Signed, expiring links by which a contact person confirms their address (R23, seed 003).

The token names the contact and the address it was sent to: after an address change the
old link confirms nothing. Its age is read on the project's clock (helpdesk/clock.py), so
expiry is the same in production and in tests that move time. The mail is stored with a
placeholder where the link goes; delivery makes the link (helpdesk/outbox/secrets.py), so
a staff member reading the outbox cannot confirm someone else's address.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import func, select

from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import gettext as _
from helpdesk.locales import in_language_of
from helpdesk.models import ContactPerson, OutboxMessage
from helpdesk.outbox import enqueue
from helpdesk.privacy import audit

SALT = "email-confirmation"
KIND = "address_confirmation"  # the outbox kind, which tells delivery which link to make
PLACEHOLDER = "[confirmation link: made when the mail is sent, for the addressee only]"


class ConfirmationLinkInvalid(ValueError):
    pass


class ConfirmationLinkExpired(ValueError):
    pass


class _ProjectClockSigner(TimestampSigner):
    def get_timestamp(self) -> int:
        return int(utcnow().timestamp())


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT,
                                  signer=_ProjectClockSigner)


def max_age_days() -> int:
    return int(current_app.config["HELPDESK_EMAIL_CONFIRMATION_MAX_DAYS"])


def make_confirmation_token(contact: ContactPerson) -> str:
    return _serializer().dumps({"id": contact.id, "email": contact.email.lower()})


def contact_for_confirmation_token(token: str) -> ContactPerson:
    try:
        data = _serializer().loads(token, max_age=max_age_days() * 86400)
    except SignatureExpired:
        raise ConfirmationLinkExpired(
            "This confirmation link has expired; log in to the portal to get a new one."
        ) from None
    except BadSignature:
        raise ConfirmationLinkInvalid("This confirmation link is not valid.") from None
    contact = db.session.get(ContactPerson, data.get("id")) if isinstance(data, dict) else None
    if (contact is None or not contact.active or contact.erased_at is not None
            or contact.email.lower() != data.get("email")):
        raise ConfirmationLinkInvalid(
            "This confirmation link is for an address that is no longer registered.")
    return contact


def send_link(contact: ContactPerson) -> OutboxMessage:
    """Queue the confirmation mail to the contact's present address, in their language."""
    with in_language_of(contact):
        return enqueue(
            kind=KIND,
            to_addr=contact.email,
            subject=_("Confirm your e-mail address for the helpdesk"),
            body_text=(
                _("Hello %(name)s,", name=contact.name) + "\n\n"
                + _("This address was registered for %(customer)s at our helpdesk. We send "
                    "mail about tickets, deadlines and credits only to confirmed addresses. "
                    "Open this link within %(days)s days to confirm it:",
                    customer=contact.customer.name, days=max_age_days())
                + f"\n\n{PLACEHOLDER}\n\n"
                + _("If this is not your address or you did not expect this, ignore this "
                    "mail.")
            ),
            automatic=True,
            secret_for=contact.get_id(),
        )


def address_set(contact: ContactPerson, *, previous: str | None) -> None:
    """A new account, or a changed address: unconfirmed until the new link is used."""
    contact.email_confirmed = False
    db.session.flush()  # a new contact needs its id for the link
    if previous is not None:
        audit.record("address_changed", "contact", contact.id,
                     detail=f"{previous} -> {contact.email}; confirmation link sent")
    send_link(contact)


def confirm(contact: ContactPerson) -> bool:
    """Mark the address confirmed by its holder; False when it already was."""
    if contact.email_confirmed:
        return False
    contact.email_confirmed = True
    audit.record("address_confirmed", "contact", contact.id, detail=contact.email,
                 actor=contact)
    return True


RESEND_PAUSE_MINUTES = 5  # one button press a mail: a held-down button floods nobody


def resend(contact: ContactPerson, now: datetime) -> bool:
    """Queue the link again unless one went to this address in the last few minutes."""
    recent = db.session.scalar(
        select(OutboxMessage.id).where(
            OutboxMessage.kind == KIND,
            func.lower(OutboxMessage.to_addr) == contact.email.lower(),
            OutboxMessage.created_at > now - timedelta(minutes=RESEND_PAUSE_MINUTES),
        ).limit(1))
    if recent is not None:
        return False
    send_link(contact)
    return True
