"""The form that issues an API token, shared by the staff area and the administration."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from helpdesk.auth.api_tokens import MAX_DAYS


class TokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), validators=[DataRequired(), Length(max=200)])
    days = IntegerField(_l("Valid for (days; empty: until revoked)"),
                        validators=[Optional(), NumberRange(min=1, max=MAX_DAYS)])
    submit = SubmitField(_l("Create token"))


class RevokeForm(FlaskForm):
    submit = SubmitField(_l("Revoke"))
