"""Who may see what: staff pages deny contact persons (403); portal pages are customer-scoped.

Each decorator is one predicate on the logged-in account; anonymous visitors are sent to
log in first (Flask-Login), everyone else who fails the predicate gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

from helpdesk.models import MANAGER_ROLES

F = TypeVar("F", bound=Callable[..., Any])
MANAGERS = MANAGER_ROLES  # one definition (models/people.py), used by R21 and R24 too


def requires(allowed: Callable[[Any], bool]) -> Callable[[F], F]:
    def decorator(view: F) -> F:
        @wraps(view)
        @login_required
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not allowed(current_user):
                abort(403)
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorator


def is_manager(account: Any) -> bool:
    return bool(account.is_staff and account.role in MANAGERS)


staff_required = requires(lambda account: account.is_staff)
# Administration pages: staff with the administrator role only.
administrator_required = requires(lambda account: account.is_staff and account.is_administrator)
# The provider overview: escalation and senior managers and administrators.
managers_required = requires(is_manager)
contact_required = requires(lambda account: not account.is_staff)
# Portal changes (report, reply, reject): readers may look but not act (seed 000 roles).
submitter_required = requires(lambda account: not account.is_staff and account.may_submit)
