"""A form's fields, rendered once per language and state.

The staff ticket page shows up to thirteen action forms, and WTForms' widgets (labels,
attributes, escaping, lazy texts) were a third of the page's time (issue #16,
bench/profile_pages.py). An unsubmitted form renders the same for every ticket in the same
state: the same fields, labels, choices and defaults, in the same language. So the page
wraps the part of a form that depends only on those in

    {% call form_html_once(form, key) %} ...fields... {% endcall %}

and the HTML is built once per state and kept. What a state is, is read off the form
itself (every field's name, id, type, label, description, flags, attributes, choices and
data), so a form built differently renders afresh. Only forms without errors and whose
data are defaults (nothing typed, no text prefilled) are kept: a submitted form or a
reply filled from a canned reply renders every time, and no one's words stay in memory.
The CSRF token is outside the wrapped part.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask
from markupsafe import Markup

from helpdesk.i18n import locale

# Past this many states (staff lists change, languages), start over rather than grow.
MAX_KEPT = 512
_KEPT: dict[tuple[Any, ...], Markup] = {}


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return tuple((str(key), _frozen(item)) for key, item in value.items())
    return type(value).__name__, str(value)


def _default_data(field: Any) -> bool:
    """Data nobody typed: none, a tick, a number, an empty text, or one of the choices."""
    data = field.data
    if data is None or data == "" or isinstance(data, bool | int):
        return True
    choices = getattr(field, "choices", None)
    if isinstance(choices, list | tuple):
        return any(str(choice[0]) == str(data) for choice in choices
                   if isinstance(choice, list | tuple))
    return False


def state(form: Any) -> tuple[Any, ...] | None:
    """What the form's fields render from, or None when it is not to be kept."""
    if form.errors:
        return None
    fields = []
    for field in form:
        if not _default_data(field):
            return None
        fields.append((field.name, field.id, field.type, str(field.label.text),
                       str(field.description or ""), _frozen(vars(field.flags)),
                       _frozen(field.render_kw or {}), _frozen(getattr(field, "choices", None)),
                       _frozen(field.data)))
    return type(form), tuple(fields)


def form_html_once(form: Any, *key: Any, caller: Callable[[], str]) -> Markup:
    """The call block's HTML for this form, built once per language, `key` and state."""
    found = state(form)
    if found is None:
        return Markup(caller())
    kept_as = (str(locale() or ""), key, found)
    html = _KEPT.get(kept_as)
    if html is None:
        if len(_KEPT) >= MAX_KEPT:
            _KEPT.clear()
        html = _KEPT[kept_as] = Markup(caller())
    return html


def register(app: Flask) -> None:
    app.jinja_env.globals["form_html_once"] = form_html_once
