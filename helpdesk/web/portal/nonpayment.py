"""The portal's banner while the customer's interventions are suspended for non-payment
(art. 6.9, R25): on every portal page, one indexed query."""

from __future__ import annotations

from typing import Any

from flask_login import current_user

from helpdesk.duties import nonpayment
from helpdesk.web.portal import bp


@bp.context_processor
def payment_suspension_banner() -> dict[str, Any]:
    if not current_user.is_authenticated or current_user.is_staff:
        return {}
    return {"payment_suspension": nonpayment.current(current_user.customer_id)}
