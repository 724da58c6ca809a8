"""Forms of preventive site visits (art. 27.2); Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from helpdesk.i18n import lazy_gettext as _l

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class PlanVisitForm(FlaskForm):
    customer = SelectField(_l("Customer"), coerce=int, validators=[DataRequired()])
    title = StringField(_l("What (e.g. quarterly check of the server room)"),
                        validators=[DataRequired(), Length(max=200)])
    start = DateTimeLocalField(_l("Starts (Brussels time)"), format=LOCAL_FORMAT,
                               validators=[DataRequired(message=_l("Give the start."))])
    end = DateTimeLocalField(_l("Ends (Brussels time)"), format=LOCAL_FORMAT,
                             validators=[DataRequired(message=_l("Give the end."))])
    description = TextAreaField(_l("Details for the customer"),
                                validators=[Optional(), Length(max=5000)])
    agreement = TextAreaField(
        _l("Less than two weeks ahead? Who at the customer agreed, and when (art. 27.2.3)"),
        validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Plan and announce the visit"))


class VisitReportForm(FlaskForm):
    defects = TextAreaField(_l("Defects found"), validators=[DataRequired(), Length(max=5000)])
    open_points = TextAreaField(_l("Points still to do"),
                                validators=[DataRequired(), Length(max=5000)])
    follow_up = TextAreaField(_l("Proposed planning of follow-up visits"),
                              validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Send the report"))


class CancelVisitForm(FlaskForm):
    reason = TextAreaField(_l("Why is it cancelled?"),
                           validators=[DataRequired(), Length(max=5000)])
    submit = SubmitField(_l("Cancel the visit"))
