"""Mail that carries a secret is stored without it.

A password-reset mail is queued with a placeholder where the link goes and the account it
is for; the delivery worker makes the link as it hands the mail to the relay, so the link
exists only in the addressee's mailbox, never in the outbox table or on its page (#18: any
staff member could read the administrator's reset link there). With no relay (the local
sink of a demo) the link is never made at all.
"""

from __future__ import annotations

from helpdesk.models import OutboxMessage

RESET_LINK = "[reset link: made when the mail is sent, for the addressee only]"


def body_for_sending(message: OutboxMessage) -> str:
    """The text to send: the stored text with its secret filled in."""
    if not message.secret_for:
        return message.body_text
    from helpdesk.auth.sessions import find_account
    from helpdesk.auth.tokens import make_reset_token
    from helpdesk.web.links import absolute_url

    account = find_account(message.secret_for)
    if account is None or not account.active:
        raise LookupError("the account of this reset mail is gone or inactive")
    link = absolute_url("auth.reset_password", token=make_reset_token(account))
    return message.body_text.replace(RESET_LINK, link)
