"""/staff/account: a staff member's own account page (their language, issue #17)."""

from __future__ import annotations

from helpdesk.web.access import staff_required
from helpdesk.web.account import account_page
from helpdesk.web.staff import bp


@bp.route("/account", methods=["GET", "POST"])
@staff_required
def account():  # type: ignore[no-untyped-def]
    return account_page("staff.account")
