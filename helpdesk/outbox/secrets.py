"""Mail that carries a secret is stored without it.

A password-reset mail is queued with a placeholder where the link goes and the account it
is for; the delivery worker makes the link as it hands the mail to the relay, so the link
exists only in the addressee's mailbox, never in the outbox table or on its page (#18: any
staff member could read the administrator's reset link there). With no relay (the local
sink of a demo) the link is never made at all. An address-confirmation mail (R23) is kept
the same way: its kind says which link the placeholder stands for.
"""

from __future__ import annotations

from collections.abc import Callable

from helpdesk.models import OutboxMessage

RESET_LINK = "[reset link: made when the mail is sent, for the addressee only]"


def _reset_link(message: OutboxMessage) -> tuple[str, str]:
    from helpdesk.auth.sessions import find_account
    from helpdesk.auth.tokens import make_reset_token
    from helpdesk.web.links import absolute_url

    account = find_account(message.secret_for or "")
    if account is None or not account.active:
        raise LookupError("the account of this reset mail is gone or inactive")
    return RESET_LINK, absolute_url("auth.reset_password", token=make_reset_token(account))


def _confirmation_link(message: OutboxMessage) -> tuple[str, str]:
    from helpdesk.auth import confirmation
    from helpdesk.auth.sessions import find_account
    from helpdesk.web.links import absolute_url

    contact = find_account(message.secret_for or "")
    if contact is None or contact.is_staff or not contact.active:
        raise LookupError("the contact of this confirmation mail is gone or inactive")
    # The link confirms the present address: it must not go to one changed since.
    if contact.email.lower() != message.to_addr.lower():
        raise LookupError("the contact's address changed after this confirmation was queued")
    token = confirmation.make_confirmation_token(contact)
    return confirmation.PLACEHOLDER, absolute_url("auth.confirm_address", token=token)


_LINKS: dict[str, Callable[[OutboxMessage], tuple[str, str]]] = {
    "password_reset": _reset_link,
    "address_confirmation": _confirmation_link,
}


def body_for_sending(message: OutboxMessage) -> str:
    """The text to send: the stored text with its secret filled in."""
    if not message.secret_for:
        return message.body_text
    make = _LINKS.get(message.kind)
    if make is None:
        raise LookupError(f"no secret is known for mail of kind {message.kind}")
    placeholder, link = make(message)
    return message.body_text.replace(placeholder, link)
