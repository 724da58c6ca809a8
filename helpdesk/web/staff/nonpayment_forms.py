"""Forms of the non-payment suspension (art. 6.9); Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from helpdesk.i18n import lazy_gettext as _l


class StartSuspensionForm(FlaskForm):
    customer = SelectField(_l("Customer"), coerce=int, validators=[DataRequired()])
    reason = TextAreaField(_l("Reason (the unpaid invoices, the registered notice and its date)"),
                           validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Suspend interventions for non-payment"))


class StopSuspensionForm(FlaskForm):
    reason = TextAreaField(_l("Why it is lifted (e.g. payment received on …)"),
                           validators=[DataRequired(), Length(max=2000)])
    submit = SubmitField(_l("Lift the suspension"))
