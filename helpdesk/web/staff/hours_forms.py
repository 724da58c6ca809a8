"""Forms of the hours statement (art. 6.6); Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from helpdesk.i18n import lazy_gettext as _l


class ResolveDisputeForm(FlaskForm):
    outcome = RadioField(_l("Outcome"), choices=[
        ("confirmed", _l("Confirm the hours (they stand, as recorded)")),
        ("withdrawn", _l("Withdraw the hours (not billed; record a corrected entry if needed)")),
    ], validators=[DataRequired()])
    note = TextAreaField(_l("Explanation to the customer"),
                         validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Resolve the dispute"))


class DisputeHoursForm(FlaskForm):
    reason = TextAreaField(_l("Why do you dispute these hours?"),
                           validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Dispute these hours"))
