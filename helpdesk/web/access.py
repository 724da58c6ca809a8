"""Who may see what: staff pages deny contact persons (403); portal pages are customer-scoped."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import abort
from flask_login import current_user, login_required

F = TypeVar("F", bound=Callable[..., Any])


def staff_required(view: F) -> F:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def administrator_required(view: F) -> F:
    """Administration pages: staff with the administrator role only (others 403)."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_staff or not current_user.is_administrator:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def contact_required(view: F) -> F:
    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def submitter_required(view: F) -> F:
    """Portal changes (report, reply, reject): readers may look but not act (seed 000 roles)."""

    @wraps(view)
    @login_required
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        if current_user.is_staff or not current_user.may_submit:
            abort(403)
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]
