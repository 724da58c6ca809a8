"""Absolute links to a ticket's pages, for mails: staff mails link the staff page, mails to
the customer the portal page.

Mails are written in web requests and in the scheduler alike; the links come from the
public base URL (helpdesk/web/links.py), never from a request's Host header (#18).
"""

from __future__ import annotations

from helpdesk.web.links import absolute_url


def staff_ticket_url(reference: str) -> str:
    return absolute_url("staff.ticket", reference=reference)


def portal_ticket_url(reference: str) -> str:
    return absolute_url("portal.ticket", reference=reference)
