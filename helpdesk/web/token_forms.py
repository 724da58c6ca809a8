"""The form that issues an API token, shared by the staff area and the administration."""

from __future__ import annotations

from typing import Any

from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from helpdesk.auth import api_scopes, api_tokens
from helpdesk.auth.api_tokens import MAX_DAYS
from helpdesk.clock import utcnow
from helpdesk.extensions import db
from helpdesk.i18n import lazy_gettext as _l


class TokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=200)])
    days = IntegerField(_l("Valid for (days; empty: until revoked)"),
                        validators=[Optional(), NumberRange(min=1, max=MAX_DAYS)])
    scopes = SelectMultipleField(
        _l("What it may do"), validators=[Optional()],
        choices=[(api_scopes.READ, _l("read tickets, events, clocks, files and statements")),
                 *((name, _l(text)) for name, text in api_scopes.ACTIONS.items())],
        option_widget=CheckboxInput(), widget=ListWidget(prefix_label=False))
    submit = SubmitField(_l("Create token"))


class RevokeForm(FlaskForm):
    submit = SubmitField(_l("Revoke"))


def issue_from(form: TokenForm, holder: Any) -> api_tokens.Issued | None:
    """The token a submitted form asks for, committed; None when the form is invalid or the
    token is refused (the reason then stands on the form). The page that answers shows the
    secret: rendered, never redirected, so it travels through no URL and no session."""
    if not form.validate_on_submit():
        return None
    try:
        issued = api_tokens.issue(holder, name=form.name.data, days=form.days.data,
                                  now=utcnow(), created_by=current_user,
                                  scopes=form.scopes.data or None)
    except api_tokens.TokenRefused as refusal:
        db.session.rollback()
        form.form_errors.append(str(refusal))
        return None
    db.session.commit()
    return issued
