"""/portal/account: a contact person's own account page (their language, issue #17); no URL
names a person, so nobody reaches another's."""

from __future__ import annotations

from helpdesk.web.access import contact_required
from helpdesk.web.account import account_page
from helpdesk.web.portal import bp


@bp.route("/account", methods=["GET", "POST"])
@contact_required
def account():  # type: ignore[no-untyped-def]
    return account_page("portal.account")
