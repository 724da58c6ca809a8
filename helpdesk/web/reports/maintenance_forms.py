"""Forms of the maintenance pages; Flask-WTF adds the CSRF token to each."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    DateTimeLocalField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from helpdesk.i18n import lazy_gettext as _l
from helpdesk.maintenance.schedule import MAX_OCCURRENCES

LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class MaintenanceForm(FlaskForm):
    service_id = SelectField(_l("Service"), coerce=int, choices=[], validate_choice=False)
    kind = RadioField(_l("Kind"), default="planned", choices=[
        ("planned", _l("Planned (announced at least 30 minutes before it starts)")),
        ("emergency", _l("Emergency (unplanned; may have started already)"))],
        validators=[DataRequired(message=_l("Choose planned or emergency."))])
    start = DateTimeLocalField(_l("Starts (Brussels time)"), format=LOCAL_FORMAT,
                               validators=[DataRequired(message=_l("Give the start."))])
    end = DateTimeLocalField(_l("Ends (Brussels time)"), format=LOCAL_FORMAT,
                             validators=[DataRequired(message=_l("Give the end."))])
    every_weeks = SelectField(_l("Repeats"), coerce=int, default=0, choices=[
        (0, _l("does not repeat")), (1, _l("every week")), (2, _l("every other week")),
        (4, _l("every four weeks"))])
    count = IntegerField(_l("Number of windows in the series"), default=1, validators=[
        Optional(), NumberRange(min=1, max=MAX_OCCURRENCES)])
    title = StringField(_l("Title (shown to the customer)"),
                        validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("What the customer should expect (optional)"),
                                validators=[Optional(), Length(max=5000)])
    submit = SubmitField(_l("Announce maintenance"))


class CancelMaintenanceForm(FlaskForm):
    reason = StringField(_l("Reason for cancelling"),
                         validators=[DataRequired(message=_l("Say why.")), Length(max=2000)])
    submit = SubmitField(_l("Cancel window"))


class CancelSeriesForm(FlaskForm):
    reason = StringField(_l("Reason for cancelling"),
                         validators=[DataRequired(message=_l("Say why.")), Length(max=2000)])
    submit = SubmitField(_l("Cancel this and all later windows of the series"))
